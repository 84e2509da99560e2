#include "service/demo/demo_assessments.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <tuple>

#include "service/assessments/assessment_service.h"
#include "service/demo/demo_random.h"

namespace trellis {
namespace {

constexpr std::int64_t kDay = 24LL * 3600 * 1000;

// How scholars see themselves against how mentors see them: more help-seeking and clearer
// communication than mentors observe, less ML expertise and fewer models of the field.
double self_bias(const std::string& quality) {
  static const std::map<std::string, double> bias = {{"help_seeking", 1.1},
                                                     {"communication", 0.9},
                                                     {"ml_expertise", -1.0},
                                                     {"domain_models", -0.9}};
  auto it = bias.find(quality);
  return it == bias.end() ? 0.1 : it->second;
}

const char* evidence_for(const std::string& quality, RaterKind kind, std::uint64_t pick) {
  if (pick % 3 != 0) return "";
  if (kind == RaterKind::kSelf) {
    if (quality == "help_seeking") return "I ask on the cohort channel when I am stuck for a day.";
    if (quality == "ml_expertise") return "I still copy training loops from examples.";
    if (quality == "communication") return "My weekly updates are short and list blockers.";
    return "";
  }
  if (kind == RaterKind::kMentor) {
    if (quality == "help_seeking") return "Came to me after a week of being stuck, twice.";
    if (quality == "ml_expertise") return "Set up the evaluation harness without help.";
    if (quality == "perseverance") return "Kept going after the first approach failed.";
    return "";
  }
  if (quality == "peer_mentorship") return "Reviewed my draft carefully and quickly.";
  if (quality == "reading") return "Shares a paper summary in the channel most weeks.";
  return "";
}

int clamp_score(double x) {
  return static_cast<int>(std::clamp(std::lround(x), 1L, 5L));
}

struct Plan {
  const char* name;
  std::int64_t opens, closes, rated;  // days from now
  double growth;                      // how far scholars have come
  int completion;                     // percent of assignments submitted
};

}  // namespace

// Long on purpose: one demo script, step after step, read top to bottom.
Status load_demo_assessments(Store& store, const Clock& clock, const std::string& cohort_id) {
  const Timestamp now = clock.now();
  const Actor system = Actor::system();
  DemoRandom random(20270111);
  const Plan plans[] = {
      {"Baseline (week 2)", -84, -70, -75, 0.0, 100},
      {"Midpoint (week 8)", -42, -28, -33, 0.6, 100},
      {"Final (week 16)", -2, 12, -1, 1.1, 45},
  };

  // Each scholar's underlying level per quality, and whether they grow (most do).
  std::map<std::string, double> level;
  std::map<std::string, bool> grows;
  for (const Plan& plan : plans) {
    ManualClock at(now + plan.opens * kDay);
    AssessmentService service(store, at);
    NewRound round_input;
    round_input.name = plan.name;
    round_input.opens_at = now + plan.opens * kDay;
    round_input.closes_at = now + plan.closes * kDay;
    round_input.rater_kinds = {RaterKind::kSelf, RaterKind::kMentor, RaterKind::kPeer};
    round_input.peers_per_scholar = 3;
    round_input.peer_selection = PeerSelection::kRandom;
    RoundView round = TRY(service.create_round(system, cohort_id, round_input));
    std::vector<Quality> qualities;
    std::map<std::string, std::vector<Grant>> grants;
    TRY(store.read([&](Repositories& r) -> Status {
      for (const Quality& q :
           TRY(r.frameworks().find_version(round.round.framework_version_id)).qualities)
        if (!q.retired) qualities.push_back(q);
      return ok_status();
    }));

    std::vector<Assignment> assignments;
    PageRequest page;
    page.limit = kMaxPageLimit;
    for (;;) {
      Page<AssignmentView> p = TRY(service.list_assignments(system, round.round.id, page));
      for (AssignmentView& v : p.items) assignments.push_back(std::move(v.assignment));
      if (p.next_cursor.empty()) break;
      page.after = p.next_cursor;
    }
    std::sort(assignments.begin(), assignments.end(), [](const auto& a, const auto& b) {
      return std::tie(a.subject_id, a.kind, a.rater_id) <
             std::tie(b.subject_id, b.kind, b.rater_id);
    });

    at.set(now + plan.rated * kDay);
    for (const Assignment& a : assignments) {
      if (random.next() % 100 >= static_cast<std::uint64_t>(plan.completion)) continue;
      if (!grants.contains(a.rater_id)) {
        TRY(store.read([&](Repositories& r) -> Status {
          grants[a.rater_id] = TRY(r.memberships().list_grants(a.rater_id));
          return ok_status();
        }));
      }
      Actor rater;
      rater.kind = Actor::Kind::kUser;
      rater.user_id = a.rater_id;
      rater.grants = grants[a.rater_id];
      if (!grows.contains(a.subject_id)) grows[a.subject_id] = random.next() % 6 != 0;
      SubmissionInput input;
      input.status = SubmissionStatus::kSubmitted;
      for (const Quality& q : qualities) {
        double& base = level[a.subject_id + "/" + q.key];
        if (base == 0) base = 2.4 + 0.8 * random.spread();
        double truth = base + (grows[a.subject_id] ? plan.growth : 0.1 * plan.growth);
        double score = truth;
        if (a.kind == RaterKind::kSelf) score += self_bias(q.key) + 0.4 * random.spread();
        if (a.kind == RaterKind::kMentor) score += 0.35 * random.spread();
        if (a.kind == RaterKind::kPeer) score += 0.3 + 0.6 * random.spread();
        Rating rating{q.key, clamp_score(score), evidence_for(q.key, a.kind, random.next())};
        if (a.kind == RaterKind::kPeer && q.key == "wellbeing" && random.next() % 4 == 0)
          rating.score.reset();  // peers often cannot judge wellbeing
        input.ratings.push_back(std::move(rating));
      }
      // A few raters of the open round only saved a draft.
      if (plan.completion < 100 && random.next() % 4 == 0) input.status = SubmissionStatus::kDraft;
      TRY(service.save_submission(rater, a.id, input));
    }
  }
  return ok_status();
}

}  // namespace trellis
