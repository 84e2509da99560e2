#include "service/demo/demo_checkins.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>

#include "core/time_format.h"
#include "domain/checkins/checkin_rules.h"
#include "service/checkins/alert_evaluation.h"
#include "service/checkins/checkin_service.h"
#include "service/demo/demo_random.h"

namespace trellis {
namespace {

constexpr std::int64_t kDay = 24LL * 3600 * 1000;
constexpr int kWeeks = 8;

// One week's answers of a scholar whose story the demo tells; mood 0 means "did not check in".
struct Week {
  int mood, energy, progress;
  bool stuck = false;
  const char* stuck_on = "";
  const char* wins = "";
  const char* blockers = "";
  const char* note = "";
};

// The last eight weeks, oldest first: eight weeks ago … last week.
using Story = std::array<Week, kWeeks>;

// Shares answers and lets his mentor see the flag; his mood falls over the last weeks (the
// alert rules of a later release fire for him; his mentor sees "could use support").
const Story kLukas = {{
    {4, 4, 3, false, "", "Reproduced the sparse-probe baseline.", "", ""},
    {4, 4, 4, false, "", "First clean result on layer 6.", "", ""},
    {4, 3, 3, false, "", "Wrote up the layer-6 result for Helen.", "Result does not transfer.", ""},
    {3, 3, 3, false, "", "", "Second model gives the opposite sign.", ""},
    {3, 3, 2, false, "", "", "Not sure what the next experiment is.", ""},
    {2, 2, 2, false, "", "", "Two dead ends in a row.", "Sleeping badly; I dread the 1:1."},
    {2, 2, 2, false, "", "Read the circuits thread again.", "Motivation is low.", ""},
    {1, 2, 1, false, "", "", "Nothing worked this week.",
     "I am not sure I am cut out for this. Could someone talk to me?"},
}};

// The same fall as Lukas, but she shares nothing: no alert, no flag, though the rules would fire.
const Story kSofia = {{
    {4, 4, 3, false, "", "Set up the eval harness.", "", ""},
    {4, 3, 3, false, "", "Ran the first sweep.", "", ""},
    {3, 3, 3, false, "", "", "Sweep results are noisy.", ""},
    {3, 3, 2, false, "", "", "Cluster queue.", ""},
    {0, 0, 0},
    {2, 3, 2, false, "", "", "Still noisy; I may have a bug.", ""},
    {2, 2, 2, false, "", "", "Feeling behind everyone else.", ""},
    {2, 2, 1, false, "", "", "Lost a week to the bug.", ""},
}};

// Steady, then stuck since last Monday on one problem (the time box nudges him to ask).
const Story kRavi = {{
    {4, 4, 4, false, "", "Literature review done.", "", ""},
    {4, 4, 3, false, "", "Picked the dataset.", "", ""},
    {3, 4, 4, false, "", "Training runs work.", "", ""},
    {4, 4, 3, false, "", "Presented at the stream meeting.", "", ""},
    {4, 3, 4, false, "", "Ablation plan agreed.", "", ""},
    {3, 3, 3, false, "", "First ablations in.", "", ""},
    {4, 4, 3, false, "", "Ablations finished.", "", ""},
    {3, 3, 2, true, "The attribution method gives NaNs on the larger model.", "", "NaNs.", ""},
}};

// The demo scholar's own page: growing, one stretch stuck and resolved, one week missed (to
// fill in late).
const Story kAmara = {{
    {3, 4, 3, false, "", "Read five probing papers.", "", ""},
    {3, 3, 2, true, "Cannot get the probe to train.", "", "Probe loss flat.", ""},
    {3, 3, 2, true, "Probe still flat; tried three learning rates.", "", "Probe loss flat.", ""},
    {4, 4, 4, false, "", "Asked in the cohort channel: a normalisation bug. Fixed.", "", ""},
    {4, 4, 4, false, "", "New plan agreed with Helen.", "", ""},
    {0, 0, 0},
    {4, 5, 4, false, "", "Probe works on two models.", "", ""},
    {5, 4, 4, false, "", "Draft of the write-up.", "", ""},
}};

const char* const kWins[] = {"Read two papers.",       "Ran the baseline.",
                             "Helped a peer debug.",   "Wrote a short update.",
                             "Finished the ablation.", ""};
const char* const kBlockers[] = {"", "Compute queue.", "", "Unclear next step.", "", ""};

int clamp_scale(double x) {
  return static_cast<int>(std::clamp(std::lround(x), 1L, 5L));
}

// The scholars without a story: a steady level with some noise, one week in eight skipped.
Story ordinary_story(DemoRandom& random) {
  Story s{};
  const double level = 3.4 + 0.5 * random.spread();
  for (Week& w : s) {
    if (random.next() % 8 == 0) {
      w = {0, 0, 0};
      continue;
    }
    w.mood = clamp_scale(level + 0.8 * random.spread());
    w.energy = clamp_scale(level + 0.8 * random.spread());
    w.progress = clamp_scale(level - 0.2 + 0.9 * random.spread());
    w.wins = kWins[random.next() % std::size(kWins)];
    w.blockers = kBlockers[random.next() % std::size(kBlockers)];
  }
  return s;
}

// A week before the story: near where the story starts, without words, one in ten skipped.
Week steady(const Story& story, DemoRandom& random) {
  if (random.next() % 10 == 0) return {0, 0, 0};
  const Week& first = story.front().mood != 0 ? story.front() : story[1];
  return {clamp_scale(first.mood + 0.6 * random.spread()),
          clamp_scale(first.energy + 0.6 * random.spread()),
          clamp_scale(first.progress + 0.6 * random.spread())};
}

Result<Actor> actor_of(Store& store, const std::string& email) {
  Actor a;
  a.kind = Actor::Kind::kUser;
  TRY(store.read([&](Repositories& r) -> Status {
    User u = TRY(r.users().find_by_email(email));
    a.user_id = u.id;
    a.display_name = u.display_name;
    a.grants = TRY(r.memberships().list_grants(u.id));
    return ok_status();
  }));
  return a;
}

Result<std::vector<std::string>> scholar_emails(Store& store, const std::string& cohort_id) {
  std::vector<std::string> out;
  TRY(store.read([&](Repositories& r) -> Status {
    PageRequest page;
    page.limit = kMaxPageLimit;
    MembershipFilter filter;
    filter.role = Role::kScholar;
    for (;;) {
      Page<Membership> p = TRY(r.memberships().list_by_cohort(cohort_id, filter, page));
      for (const Membership& m : p.items) out.push_back(TRY(r.users().find(m.user_id)).email);
      if (p.next_cursor.empty()) break;
      page.after = p.next_cursor;
    }
    return ok_status();
  }));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

// Long on purpose: one demo script, step after step, read top to bottom.
Status load_demo_checkins(Store& store, const Clock& clock, const std::string& cohort_id) {
  const Timestamp now = clock.now();
  const long today = checkins::day_number(date_of(now)).value_or(0);
  const long this_monday = today - (checkins::iso_weekday(today) - 1);
  auto at_day = [](long day, int hour) {
    return static_cast<Timestamp>(day) * kDay + hour * 3600000LL;
  };
  ManualClock at(now);
  CheckinService service(store, at);
  DemoRandom random(20270305);

  Cohort cohort;
  TRY(store.read([&](Repositories& r) -> Status {
    cohort = TRY(r.cohorts().find(cohort_id));
    return ok_status();
  }));
  const long first_monday = checkins::day_number(cohort.starts_on).value_or(this_monday);
  const int weeks = static_cast<int>((this_monday - first_monday) / 7);

  // The organizer keeps the default cadence and adds the spring break, two weeks ahead.
  Actor organizer = TRY(actor_of(store, "priya.raman@example.org"));
  at.set(at_day(first_monday - 3, 10));
  ScheduleInput schedule;
  schedule.weeks_off.push_back(
      {checkins::date_of_day(this_monday + 14), checkins::date_of_day(this_monday + 20)});
  TRY(service.save_schedule(organizer, cohort_id, schedule));

  const std::map<std::string, const Story*> stories = {{"lukas.brandt@example.org", &kLukas},
                                                       {"sofia.marin@example.org", &kSofia},
                                                       {"ravi.iyer@example.org", &kRavi},
                                                       {"amara.okafor@example.org", &kAmara}};
  // Every week since the cohort began: a steady start, then the last eight weeks as told.
  std::map<std::string, Actor> scholars;
  for (const std::string& email : TRY(scholar_emails(store, cohort_id))) {
    Actor scholar = TRY(actor_of(store, email));
    auto told = stories.find(email);
    const Story story = told == stories.end() ? ordinary_story(random) : *told->second;
    for (int i = 0; i < weeks; ++i) {
      const int told_week = i - (weeks - kWeeks);
      Week w = told_week >= 0 ? story[static_cast<std::size_t>(told_week)] : steady(story, random);
      if (w.mood == 0) continue;
      const long monday = first_monday + i * 7;
      // On the due Friday, or (one in five) over the weekend after it.
      at.set(at_day(monday + 4 + (random.next() % 5 == 0 ? 2 : 0),
                    15 + static_cast<int>(random.next() % 5)));
      NewCheckin input;
      input.cohort_id = cohort_id;
      input.period_start = checkins::date_of_day(monday);
      input.answers.mood = w.mood;
      input.answers.energy = w.energy;
      input.answers.progress = w.progress;
      input.answers.stuck = w.stuck;
      if (w.stuck) {
        input.answers.stuck_on = w.stuck_on;
        input.answers.stuck_since = checkins::date_of_day(monday);
      }
      input.answers.wins = w.wins;
      input.answers.blockers = w.blockers;
      input.answers.support_note = w.note;
      TRY(service.submit(scholar, input));
    }
    scholars.emplace(email, std::move(scholar));
  }

  // Consent, each given at its own time: Lukas first shares alerts, then answers and the flag;
  // Sofia chooses to share nothing; Amara and Ravi share alerts; the others say nothing.
  auto consent = [&](const std::string& who, long day, ConsentLevel level, bool flag) -> Status {
    auto s = scholars.find(who);
    if (s == scholars.end()) return Error::internal("demo scholar missing: " + who);
    at.set(at_day(day, 11));
    const std::string program_id = s->second.grants.front().program_id;
    TRY(service.set_consent(s->second, program_id, {level, flag}));
    return ok_status();
  };
  TRY(consent("lukas.brandt@example.org", this_monday - 54, ConsentLevel::kAlerts, false));
  TRY(consent("lukas.brandt@example.org", this_monday - 19, ConsentLevel::kAlertsAndAnswers, true));
  TRY(consent("sofia.marin@example.org", this_monday - 54, ConsentLevel::kNone, false));
  TRY(consent("amara.okafor@example.org", this_monday - 53, ConsentLevel::kAlerts, false));
  TRY(consent("ravi.iyer@example.org", this_monday - 40, ConsentLevel::kAlerts, false));

  // What reached whom: the support member read Lukas's latest check-in, and his mentor was
  // shown his flag. Lukas sees both on his consent page.
  at.set(now - 3600000);
  Actor support = TRY(actor_of(store, "jonas.weber@example.org"));
  Actor lukas = scholars.at("lukas.brandt@example.org");
  CheckinHistory history = TRY(service.history(lukas, cohort_id));
  if (!history.checkins.empty()) TRY(service.get(support, history.checkins.back().checkin.id));
  Actor mentor = TRY(actor_of(store, "helen.park@example.org"));
  for (const Grant& g : mentor.grants)
    if (g.cohort_id == cohort_id && g.role == Role::kMentor && !g.stream_id.empty())
      TRY(service.support_flags(mentor, g.stream_id));

  // The program lists where to ask for help (the stuck nudge shows it), and the alert rules
  // run once over what the demo wrote: Lukas's falling mood reaches the support queue (and
  // Ravi's week stuck, as he shares alerts); Sofia's does not, as she shares nothing. Ravi has
  // not asked anyone yet, so his home page nudges him.
  at.set(at_day(first_monday - 3, 11));
  CheckinSettings settings = TRY(service.settings(organizer, cohort.program_id));
  settings.help_channels =
      "Ask in #stuck on the cohort chat, book office hours with Jonas Weber (support), or write "
      "to your mentor.";
  TRY(service.save_settings(organizer, cohort.program_id, settings));
  at.set(now);
  CheckinAlertJob alerts(store, at);
  TRY(alerts.run());
  return ok_status();
}

}  // namespace trellis
