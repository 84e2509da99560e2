// The alert rules and the nudge (domain/checkins/alert_rules.h), table-driven. Weekly
// check-ins due on Fridays in a cohort from Monday 2027-01-11; the weeks start 01-11, 01-18,
// 01-25, 02-01, 02-08, 02-15.
#include "domain/checkins/alert_rules.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace trellis::checkins {
namespace {

const char* const kWeeks[] = {"2027-01-11", "2027-01-18", "2027-01-25",
                              "2027-02-01", "2027-02-08", "2027-02-15"};

Cohort winter() {
  Cohort c;
  c.id = "c1";
  c.program_id = "p1";
  c.starts_on = "2027-01-11";
  c.ends_on = "2027-05-07";
  return c;
}

CheckinSettings defaults() {
  CheckinSettings s;
  s.program_id = "p1";
  s.help_channels = "Ask in #help or write to Maya.";
  return s;
}

// One check-in per given mood, week after week from the first; 0 skips the week.
std::vector<Checkin> moods(const std::vector<int>& values) {
  std::vector<Checkin> out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i] == 0) continue;
    Checkin c;
    c.id = std::string("k") + kWeeks[i];
    c.scholar_id = "s1";
    c.cohort_id = "c1";
    c.period_start = kWeeks[i];
    c.mood = values[i];
    c.energy = c.progress = 3;
    out.push_back(c);
  }
  return out;
}

Checkin stuck(const char* week, std::optional<std::string> since = std::nullopt,
              const char* on = "The proof") {
  Checkin c = moods({3})[0];
  c.id = std::string("k") + week;
  c.period_start = week;
  c.stuck = true;
  c.stuck_since = std::move(since);
  c.stuck_on = on;
  return c;
}

struct World {
  CheckinSettings settings = defaults();
  CheckinSchedule schedule = default_schedule("c1");
  Cohort cohort = winter();
  HelpSigns help;
  std::vector<Checkin> checkins;
  std::string today = "2027-02-19";  // Friday of the sixth week

  AlertFacts facts() const { return {settings, schedule, cohort, checkins, help, today}; }
};

std::string key_of(const std::optional<AlertFiring>& f) {
  return f ? f->key() : "none";
}

TEST(AlertRules, LowMoodFiresOnTheCheckinThatMadeTheRunLongEnough) {
  struct Case {
    const char* name;
    std::vector<int> moods;
    int at_most, in_a_row;
    const char* key;
  } cases[] = {
      {"two low in a row", {4, 4, 2, 2}, 2, 2, "low_mood:2027-02-01"},
      // The run keeps its name while it lasts: the same firing, not a new one each week.
      {"the run goes on", {4, 4, 2, 2, 1}, 2, 2, "low_mood:2027-02-01"},
      {"one low only", {4, 4, 4, 2}, 2, 2, "none"},
      {"broken by a better week", {2, 2, 3, 2}, 2, 2, "none"},
      {"a new run is a new firing", {2, 2, 4, 2, 2}, 2, 2, "low_mood:2027-02-08"},
      {"a missed week does not break the row", {4, 2, 0, 2}, 2, 2, "low_mood:2027-02-01"},
      {"threshold 3", {4, 3, 3}, 3, 2, "low_mood:2027-01-25"},
      {"three in a row needed", {4, 2, 2}, 2, 3, "none"},
      {"three in a row", {2, 2, 2, 1}, 2, 3, "low_mood:2027-01-25"},
      {"no check-ins", {}, 2, 2, "none"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    World w;
    w.settings.low_mood_at_most = c.at_most;
    w.settings.low_mood_checkins = c.in_a_row;
    w.checkins = moods(c.moods);
    EXPECT_EQ(key_of(low_mood_firing(w.facts())), c.key);
  }
}

TEST(AlertRules, AFallingTrendNeverRisesAndEndsLower) {
  struct Case {
    const char* name;
    std::vector<int> moods;
    int over;
    const char* key;
  } cases[] = {
      {"strictly falling", {5, 4, 3}, 3, "falling_trend:2027-01-25"},
      {"flat then down", {4, 4, 3}, 3, "falling_trend:2027-01-25"},
      {"flat", {3, 3, 3}, 3, "none"},
      {"down then up", {5, 3, 4}, 3, "none"},
      {"too few check-ins", {5, 4}, 3, "none"},
      // The episode keeps the name of its first falling window.
      {"still falling", {4, 4, 4, 3, 3, 2}, 3, "falling_trend:2027-02-01"},
      {"fell, recovered, fell again", {5, 4, 3, 5, 4, 3}, 3, "falling_trend:2027-02-15"},
      {"over four", {5, 4, 4, 3}, 4, "falling_trend:2027-02-01"},
      {"over four, rising once", {4, 5, 4, 3}, 4, "none"},
      {"a missed week is skipped", {4, 0, 3, 2}, 3, "falling_trend:2027-02-01"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    World w;
    w.settings.falling_trend_checkins = c.over;
    w.checkins = moods(c.moods);
    EXPECT_EQ(key_of(falling_trend_firing(w.facts())), c.key);
  }
}

TEST(AlertRules, StuckFiresAfterTheThresholdUnlessTheScholarAskedForHelp) {
  struct Case {
    const char* name;
    std::vector<Checkin> checkins;
    const char* today;
    std::vector<std::string> asked_on;
    const char* key;
  } cases[] = {
      // Stuck since Monday 02-08 (the period start): 02-13 is five days later, 02-14 six.
      {"five days is not more than five", {stuck("2027-02-08")}, "2027-02-13", {}, "none"},
      {"six days", {stuck("2027-02-08")}, "2027-02-14", {}, "stuck:2027-02-08"},
      {"since a given date",
       {stuck("2027-02-08", "2027-02-04")},
       "2027-02-10",
       {},
       "stuck:2027-02-08"},
      // The run is named by its first check-in, whatever later check-ins say.
      {"a run of two",
       {stuck("2027-02-01", "2027-01-30"), stuck("2027-02-08", "2027-02-08", "Another thing")},
       "2027-02-10",
       {},
       "stuck:2027-02-01"},
      {"no longer stuck",
       {stuck("2027-02-01"), moods({0, 0, 0, 0, 3})[0]},
       "2027-02-19",
       {},
       "none"},
      {"asked for a conversation since",
       {stuck("2027-02-01")},
       "2027-02-19",
       {"2027-02-03"},
       "none"},
      {"asked on the day it began", {stuck("2027-02-01")}, "2027-02-19", {"2027-02-01"}, "none"},
      {"asked before it began",
       {stuck("2027-02-01")},
       "2027-02-19",
       {"2027-01-20"},
       "stuck:2027-02-01"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    World w;
    w.checkins = c.checkins;
    w.today = c.today;
    w.help.asked_on = c.asked_on;
    EXPECT_EQ(key_of(stuck_firing(w.facts())), c.key);
  }
  World w;
  w.checkins = {stuck("2027-02-08")};
  w.today = "2027-02-11";
  w.settings.stuck_alert_days = 2;
  EXPECT_EQ(key_of(stuck_firing(w.facts())), "stuck:2027-02-08");
}

TEST(AlertRules, MissedCheckinsCountPeriodsThatWereDue) {
  struct Case {
    const char* name;
    std::vector<int> moods;
    const char* today;
    int in_a_row;
    const char* key;
  } cases[] = {
      // Today is Friday 02-19: week 02-15 is due today, so still open and left out.
      {"two missed", {3, 3, 3, 3, 0, 0}, "2027-02-19", 2, "none"},
      {"two missed, both due", {3, 3, 3, 0, 0, 0}, "2027-02-19", 2, "missed_checkins:2027-02-08"},
      {"the third week due passes",
       {3, 3, 3, 0, 0, 0},
       "2027-02-20",
       2,
       "missed_checkins:2027-02-08"},
      {"one missed", {3, 3, 3, 3, 0}, "2027-02-16", 2, "none"},
      {"one is enough", {3, 3, 3, 3, 0}, "2027-02-16", 1, "missed_checkins:2027-02-08"},
      {"filled in late", {3, 3, 3, 0, 3}, "2027-02-16", 2, "none"},
      {"never checked in", {}, "2027-01-30", 2, "missed_checkins:2027-01-18"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    World w;
    w.checkins = moods(c.moods);
    w.today = c.today;
    w.settings.missed_checkins = c.in_a_row;
    EXPECT_EQ(key_of(missed_checkins_firing(w.facts())), c.key);
  }
  // A week off expects nothing, so it neither counts nor breaks the run.
  World off;
  off.schedule.weeks_off = {{"2027-02-01", "2027-02-07"}};
  off.checkins = moods({3, 3, 0, 0, 0});
  off.today = "2027-02-13";
  EXPECT_EQ(key_of(missed_checkins_firing(off.facts())), "missed_checkins:2027-02-08");
}

TEST(AlertRules, EveryRuleFiresAtOnceForAScholarInTrouble) {
  World w;
  w.checkins = moods({5, 4, 2, 0, 0});
  w.checkins.push_back(stuck("2027-01-25"));
  w.checkins.erase(w.checkins.begin() + 2);  // the stuck check-in replaces week three
  w.checkins.back().mood = 2;
  w.today = "2027-02-13";
  const std::vector<AlertFiring> expected = {
      {AlertReason::kFallingTrend, "2027-01-25"},
      {AlertReason::kStuck, "2027-01-25"},
      {AlertReason::kMissedCheckins, "2027-02-08"},
  };
  EXPECT_EQ(evaluate_alert_rules(w.facts()), expected);
  // Evaluating again, later the same week, names the same firings.
  w.today = "2027-02-14";
  EXPECT_EQ(evaluate_alert_rules(w.facts()), expected);
}

TEST(AlertRules, FiringKeysNameTheReasonAndPeriod) {
  EXPECT_EQ(AlertFiring({AlertReason::kLowMood, "2027-01-25"}).key(), "low_mood:2027-01-25");
  EXPECT_EQ(firing_key(AlertReason::kMissedCheckins, "2027-02-08"), "missed_checkins:2027-02-08");
  EXPECT_EQ(firing_key(AlertReason::kConversationRequest, "2027-02-08"), "");
  for (auto reason : {AlertReason::kLowMood, AlertReason::kFallingTrend, AlertReason::kStuck,
                      AlertReason::kMissedCheckins, AlertReason::kConversationRequest}) {
    EXPECT_EQ(parse_alert_reason(alert_reason_name(reason)), reason);
  }
  for (auto status : {AlertStatus::kOpen, AlertStatus::kClaimed, AlertStatus::kResolved}) {
    EXPECT_EQ(parse_alert_status(alert_status_name(status)), status);
  }
  EXPECT_FALSE(parse_alert_reason("sad"));
  EXPECT_FALSE(parse_alert_status("closed"));
}

TEST(AlertRules, TheNudgeComesAfterTheTimeBoxWithTheProgramsHelpChannels) {
  struct Case {
    const char* name;
    std::vector<Checkin> checkins;
    const char* today;
    int time_box;
    std::vector<std::string> asked_on;
    std::optional<long> days;  // nullopt: no nudge
  } cases[] = {
      {"two days is not more than two", {stuck("2027-02-08")}, "2027-02-10", 2, {}, std::nullopt},
      {"three days", {stuck("2027-02-08")}, "2027-02-11", 2, {}, 3},
      {"a week", {stuck("2027-02-08", "2027-02-04")}, "2027-02-11", 2, {}, 7},
      {"a longer time box", {stuck("2027-02-08")}, "2027-02-11", 5, {}, std::nullopt},
      {"not stuck", moods({3, 3}), "2027-02-11", 2, {}, std::nullopt},
      {"asked already", {stuck("2027-02-08")}, "2027-02-11", 2, {"2027-02-09"}, std::nullopt},
      {"nothing yet", {}, "2027-02-11", 2, {}, std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    CheckinSettings s = defaults();
    s.stuck_time_box_days = c.time_box;
    HelpSigns help{c.asked_on};
    auto nudge = stuck_nudge(s, c.checkins, help, c.today);
    ASSERT_EQ(nudge.has_value(), c.days.has_value());
    if (!nudge) continue;
    EXPECT_EQ(nudge->days, *c.days);
    EXPECT_EQ(nudge->on, "The proof");
    EXPECT_EQ(nudge->help_channels, "Ask in #help or write to Maya.");
  }
}

}  // namespace
}  // namespace trellis::checkins
