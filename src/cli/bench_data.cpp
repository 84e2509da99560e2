// `trellis bench-data` (hidden): a synthetic program for `make bench`, written through the
// storage layer in one transaction: N scholars in streams of 25 (each with a mentor), R closed
// assessment rounds with self, mentor and one random peer rating all nine default qualities
// (5,000 scholars × 4 rounds × 9 qualities × 3 kinds = 540,000 ratings), and W weekly check-ins
// per scholar before the current week (5,000 × 52 = 260,000), four in five scholars sharing
// alerts and answers. The cohort runs from the Monday 53 weeks ago to eight weeks ahead, so the
// current week is always open. Deterministic (seeded).
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>

#include "cli/common.h"
#include "core/id.h"
#include "core/time_format.h"
#include "domain/assessments/assessment.h"
#include "domain/checkins/checkin.h"
#include "service/accounts/user_service.h"
#include "service/programs/member_service.h"
#include "service/programs/program_service.h"
#include "storage/assessments/assessment_repositories.h"
#include "storage/checkins/checkin_repositories.h"

namespace trellis::cli {
namespace {

struct BenchDataOptions {
  int scholars = 5000;
  int rounds = 4;
  int checkin_weeks = 0;
  std::string organizer_email = "bench.organizer@example.org";
  std::string password = "bench-organizer-password";
};

constexpr int kStreamSize = 25;
constexpr std::int64_t kDay = 24LL * 3600 * 1000;

// Long on purpose: a script that writes the benchmark's program step by step, read top to bottom.
int bench_data(const GlobalOptions& global, const BenchDataOptions& o) {
  auto store = open_for_command(global, Migrate::kYes);
  if (!store) return report(store.error());
  SystemClock clock;
  const Actor system = Actor::system();
  const auto started = std::chrono::steady_clock::now();

  // The organizer signs in for the benchmark, so goes through the services (password hash).
  ProgramService programs(**store, clock);
  UserService users(**store, clock);
  MemberService members(**store, clock);
  auto program = programs.create_program(system, {"Benchmark program", "", 5, true, true});
  if (!program) return report(program.error());
  // Monday of the week 53 weeks ago: day 0, 1970-01-01, was a Thursday.
  const std::int64_t first_day = [&] {
    std::int64_t day = clock.now() / kDay - 53 * 7;
    return day - (day + 3) % 7;
  }();
  auto cohort = programs.create_cohort(
      system, program->id,
      {"Cohort", date_of(first_day * kDay), date_of((first_day + 61 * 7 - 3) * kDay), {}});
  if (!cohort) return report(cohort.error());
  // An administrator too, so that the benchmark may run the check-in alert rules on demand.
  if (auto u = users.create_user(system, {o.organizer_email, "Bench Organizer", o.password, true});
      !u)
    return report(u.error());
  if (auto m = members.add_member(system, cohort->id,
                                  {o.organizer_email, "Bench Organizer", Role::kOrganizer, {}});
      !m)
    return report(m.error());

  const Timestamp now = clock.now();
  std::uint64_t seed = 5000;
  auto next = [&seed]() {
    std::uint64_t z = (seed += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  long long ratings = 0, checkins = 0;
  std::vector<std::string> round_ids;
  Status written = (*store)->write([&](Repositories& r) -> Status {
    FrameworkVersion framework;
    framework.id = new_id_at(now);
    framework.program_id = program->id;
    framework.name = std::string(kDefaultFrameworkName);
    framework.qualities = default_qualities();
    framework.created_at = now;
    TRY(r.frameworks().insert_version(framework));

    struct Person {
      std::string id, stream;
    };
    std::vector<Person> scholars, mentors;
    const int streams = (o.scholars + kStreamSize - 1) / kStreamSize;
    for (int s = 0; s < streams; ++s) {
      Stream stream{new_id_at(now), cohort->id, "Stream " + std::to_string(s + 1), now};
      TRY(r.streams().insert(stream));
      for (int i = 0; i < kStreamSize + 1 && s * kStreamSize + i - 1 < o.scholars; ++i) {
        const bool mentor = i == 0;
        const int n = mentor ? s : s * kStreamSize + i - 1;
        User u;
        u.id = new_id_at(now);
        u.email = (mentor ? "mentor" : "scholar") + std::to_string(n) + "@bench.example.org";
        u.display_name = (mentor ? "Mentor " : "Scholar ") + std::to_string(n);
        u.created_at = now;
        TRY(r.users().insert(u, "!"));  // cannot sign in
        Membership m{new_id_at(now), u.id, cohort->id, mentor ? Role::kMentor : Role::kScholar,
                     stream.id,      now};
        TRY(r.memberships().insert(m));
        (mentor ? mentors : scholars).push_back({u.id, stream.id});
      }
    }

    for (int k = 0; k < o.rounds; ++k) {
      AssessmentRound round;
      round.created_at = now - (o.rounds - k) * 30 * kDay;
      round.id = new_id_at(round.created_at);
      round.cohort_id = cohort->id;
      round.name = "Round " + std::to_string(k + 1);
      round.opens_at = round.created_at;
      round.closes_at = round.created_at + 14 * kDay;
      round.framework_version_id = framework.id;
      round.rater_kinds = {RaterKind::kSelf, RaterKind::kMentor, RaterKind::kPeer};
      round.peers_per_scholar = 1;
      round.peer_selection = PeerSelection::kRandom;
      TRY(r.assessments().insert_round(round));
      round_ids.push_back(round.id);
      for (std::size_t i = 0; i < scholars.size(); ++i) {
        const Person& s = scholars[i];
        const std::size_t stream_index = i / kStreamSize;
        // The next scholar of the same stream rates this one as a peer.
        const std::size_t first = stream_index * kStreamSize;
        const std::size_t size = std::min<std::size_t>(kStreamSize, scholars.size() - first);
        const Person& peer = scholars[first + (i - first + 1) % size];
        const std::pair<const std::string*, RaterKind> raters[] = {
            {&s.id, RaterKind::kSelf},
            {&mentors[stream_index].id, RaterKind::kMentor},
            {&peer.id, RaterKind::kPeer}};
        for (const auto& [rater, kind] : raters) {
          Assignment a;
          a.id = new_id_at(round.created_at);
          a.round_id = round.id;
          a.rater_id = *rater;
          a.subject_id = s.id;
          a.subject_stream_id = s.stream;
          a.kind = kind;
          a.created_at = a.updated_at = round.created_at;
          if (a.rater_id == a.subject_id && kind == RaterKind::kPeer) continue;
          TRY(r.assessments().insert_assignment(a));
          std::vector<Rating> scores;
          for (const Quality& q : framework.qualities) {
            int base = 2 + static_cast<int>(next() % 3) + (k >= 2 ? 1 : 0);
            scores.push_back({q.key, std::min(5, base), ""});
          }
          a.status = SubmissionStatus::kSubmitted;
          a.submitted_at = round.created_at;
          TRY(r.assessments().save_submission(a, 0, scores));
          ratings += static_cast<long long>(scores.size());
        }
      }
    }

    // Weekly check-ins before the current week (period 53 is the current one). Moods wander
    // with a little drift, so that the alert rules have some firings to find.
    const std::int64_t current_week = first_day + 53 * 7;
    for (std::size_t i = 0; i < scholars.size() && o.checkin_weeks > 0; ++i) {
      const Person& s = scholars[i];
      const bool shares = next() % 5 != 0;
      if (shares) {
        const Consent consent{s.id, program->id, ConsentLevel::kAlertsAndAnswers, false, now};
        TRY(r.checkins().consents().save(
            consent, {new_id_at(now), s.id, program->id, consent.level, false, now}));
      }
      int mood = 3 + static_cast<int>(next() % 2);
      for (int w = o.checkin_weeks; w >= 1; --w) {
        mood = std::clamp(mood + static_cast<int>(next() % 3) - 1, 1, 5);
        Checkin c;
        const std::int64_t week = current_week - w * 7;
        c.created_at = c.updated_at = (week + 4) * kDay;
        c.id = new_id_at(c.created_at);
        c.scholar_id = s.id;
        c.cohort_id = cohort->id;
        c.period_start = date_of(week * kDay);
        c.mood = mood;
        c.energy = std::clamp(mood + static_cast<int>(next() % 3) - 1, 1, 5);
        c.progress = 1 + static_cast<int>(next() % 5);
        c.stuck = next() % 10 == 0;
        if (c.stuck) {
          c.stuck_since = date_of((week - 3) * kDay);
          c.stuck_on = "A training run that diverges";
        }
        c.wins = "Read two papers on the topic";
        TRY(r.checkins().checkins().insert(c));
        ++checkins;
      }
    }
    return ok_status();
  });
  if (!written) return report(written.error());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "program " << program->id << "\ncohort " << cohort->id << "\n";
  for (const auto& id : round_ids) std::cout << "round " << id << "\n";
  std::cout << "ratings " << ratings << "\ncheckins " << checkins << "\nseconds " << seconds
            << "\n";
  return kExitOk;
}

}  // namespace

void add_bench_data_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto opts = std::make_shared<BenchDataOptions>();  // CLI11 writes here; the callback reads it
  auto* cmd = app.add_subcommand("bench-data", "Write a synthetic program for make bench");
  cmd->group("");  // hidden from --help: a developer tool
  cmd->add_option("--scholars", opts->scholars, "Scholars (streams of 25, one mentor each)")
      ->check(CLI::Range(2, 1000000));
  cmd->add_option("--rounds", opts->rounds, "Closed assessment rounds")->check(CLI::Range(1, 50));
  cmd->add_option("--checkin-weeks", opts->checkin_weeks,
                  "Weekly check-ins per scholar before the current week")
      ->check(CLI::Range(0, 52));
  cmd->add_option("--organizer-email", opts->organizer_email, "The organizer who signs in");
  cmd->add_option("--organizer-password", opts->password, "The organizer's password");
  cmd->callback([&global, &exit_code, opts] { exit_code = bench_data(global, *opts); });
}

}  // namespace trellis::cli
