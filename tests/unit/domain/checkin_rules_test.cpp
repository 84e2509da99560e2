// Periods, due and missed check-ins, editing, validation, streaks and stuck stretches
// (domain/checkins/checkin_rules.h). 2027-01-11 is a Monday.
#include "domain/checkins/checkin_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace trellis::checkins {
namespace {

Cohort cohort(const std::string& starts_on, const std::string& ends_on) {
  Cohort c;
  c.id = "c1";
  c.program_id = "p1";
  c.name = "Winter";
  c.starts_on = starts_on;
  c.ends_on = ends_on;
  return c;
}

CheckinSchedule schedule(Cadence cadence, std::vector<DateRange> weeks_off = {}) {
  CheckinSchedule s = default_schedule("c1");
  s.cadence = cadence;
  s.weeks_off = std::move(weeks_off);
  return s;
}

Checkin checkin(const std::string& period, bool stuck = false,
                std::optional<std::string> since = std::nullopt, std::string on = {}) {
  Checkin c;
  c.id = "k-" + period;
  c.scholar_id = "s1";
  c.cohort_id = "c1";
  c.period_start = period;
  c.stuck = stuck;
  c.stuck_since = std::move(since);
  c.stuck_on = std::move(on);
  return c;
}

std::vector<std::string> starts(const std::vector<Period>& periods) {
  std::vector<std::string> out;
  for (const Period& p : periods) out.push_back(p.starts_on);
  return out;
}

TEST(CheckinRules, DayNumbersAndWeekdaysRoundTrip) {
  struct Case {
    const char* date;
    int weekday;
  } cases[] = {{"1970-01-01", 4}, {"1969-12-31", 3}, {"2027-01-11", 1},
               {"2027-01-17", 7}, {"2028-02-29", 2}, {"2026-12-28", 1}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.date);
    auto d = day_number(c.date);
    ASSERT_TRUE(d);
    EXPECT_EQ(iso_weekday(*d), c.weekday);
    EXPECT_EQ(date_of_day(*d), c.date);
  }
  EXPECT_FALSE(day_number("2027-02-30"));
  EXPECT_FALSE(day_number("2027-1-5"));
  EXPECT_FALSE(day_number(""));
}

TEST(CheckinRules, ThePeriodOfADateFollowsTheCadence) {
  const Cohort c = cohort("2027-01-13", "2027-05-07");  // starts on a Wednesday
  struct Case {
    Cadence cadence;
    const char* date;
    Period period;
  } cases[] = {
      {Cadence::kWeekly, "2027-01-13", {"2027-01-11", "2027-01-17", "2027-01-15"}},
      {Cadence::kWeekly, "2027-01-17", {"2027-01-11", "2027-01-17", "2027-01-15"}},
      {Cadence::kWeekly, "2027-01-18", {"2027-01-18", "2027-01-24", "2027-01-22"}},
      {Cadence::kDaily, "2027-01-13", {"2027-01-13", "2027-01-13", "2027-01-13"}},
      // Fortnights count from the Monday of the cohort's first week; due in the second week.
      {Cadence::kFortnightly, "2027-01-20", {"2027-01-11", "2027-01-24", "2027-01-22"}},
      {Cadence::kFortnightly, "2027-01-25", {"2027-01-25", "2027-02-07", "2027-02-05"}},
      {Cadence::kFortnightly, "2027-01-05", {"2026-12-28", "2027-01-10", "2027-01-08"}},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(std::string(cadence_name(k.cadence)) + " " + k.date);
    auto p = period_containing(schedule(k.cadence), c, k.date);
    ASSERT_TRUE(p);
    EXPECT_EQ(*p, k.period);
  }
  CheckinSchedule monday = schedule(Cadence::kWeekly);
  monday.due_weekday = 1;
  EXPECT_EQ(period_containing(monday, c, "2027-01-14")->due_on, "2027-01-11");
  EXPECT_FALSE(period_containing(schedule(Cadence::kWeekly), c, "not a date"));
}

TEST(CheckinRules, PeriodsRunFromTheCohortsFirstWeekToTodaySkippingWeeksOff) {
  const Cohort c = cohort("2027-01-13", "2027-02-10");
  const CheckinSchedule off = schedule(Cadence::kWeekly, {{"2027-01-18", "2027-01-24"}});
  EXPECT_EQ(starts(periods_through(off, c, "2027-02-03")),
            (std::vector<std::string>{"2027-01-11", "2027-01-25", "2027-02-01"}));
  // Not past the cohort's end, nothing before its start.
  EXPECT_EQ(starts(periods_through(off, c, "2027-12-31")),
            (std::vector<std::string>{"2027-01-11", "2027-01-25", "2027-02-01", "2027-02-08"}));
  EXPECT_TRUE(periods_through(off, c, "2027-01-10").empty());
  EXPECT_EQ(next_period(off, c, *period_containing(off, c, "2027-01-11")).starts_on, "2027-01-25");
  EXPECT_EQ(starts(periods_through(schedule(Cadence::kDaily, {{"2027-01-14", "2027-01-15"}}), c,
                                   "2027-01-16")),
            (std::vector<std::string>{"2027-01-13", "2027-01-16"}));
}

TEST(CheckinRules, PeriodStatesAndTheStreak) {
  const Cohort c = cohort("2027-01-11", "2027-05-07");
  const CheckinSchedule s = schedule(Cadence::kWeekly, {{"2027-01-18", "2027-01-24"}});
  // Wednesday 2027-02-03: this week's check-in is due on Friday.
  auto statuses = period_statuses(s, c, {checkin("2027-01-11")}, "2027-02-03");
  ASSERT_EQ(statuses.size(), 3u);
  EXPECT_EQ(statuses[0].state, PeriodState::kSubmitted);
  EXPECT_EQ(statuses[0].checkin_id, "k-2027-01-11");
  EXPECT_EQ(statuses[1].state, PeriodState::kMissed);
  EXPECT_EQ(statuses[2].state, PeriodState::kOpen);
  EXPECT_EQ(streak(statuses), 0);

  // The week off does not break the streak; an open period does not either.
  auto two = period_statuses(s, c, {checkin("2027-01-25"), checkin("2027-01-11")}, "2027-02-03");
  EXPECT_EQ(streak(two), 2);
  auto three = period_statuses(
      s, c, {checkin("2027-01-25"), checkin("2027-01-11"), checkin("2027-02-01")}, "2027-02-03");
  EXPECT_EQ(streak(three), 3);
  // On the due day the period is still open; the day after it is missed.
  EXPECT_EQ(period_statuses(s, c, {}, "2027-02-05").back().state, PeriodState::kOpen);
  EXPECT_EQ(period_statuses(s, c, {}, "2027-02-06").back().state, PeriodState::kMissed);
  EXPECT_EQ(streak({}), 0);
}

TEST(CheckinRules, ACheckinIsEditableUntilTheNextOneIsDue) {
  const Cohort c = cohort("2027-01-11", "2027-05-07");
  struct Case {
    std::vector<DateRange> weeks_off;
    const char* today;
    bool editable;
  } cases[] = {
      {{}, "2027-01-11", true},
      {{}, "2027-01-22", true},  // the next one's due day
      {{}, "2027-01-23", false},
      {{{"2027-01-18", "2027-01-24"}}, "2027-01-28", true},  // the next one is after the break
      {{{"2027-01-18", "2027-01-24"}}, "2027-01-30", false},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(k.today);
    EXPECT_EQ(editable(schedule(Cadence::kWeekly, k.weeks_off), c, "2027-01-11", k.today),
              k.editable);
  }
}

TEST(CheckinRules, APeriodMustStartAPeriodHaveStartedAndLieInTheCohort) {
  const Cohort c = cohort("2027-01-13", "2027-03-03");
  const CheckinSchedule s = schedule(Cadence::kWeekly, {{"2027-02-15", "2027-02-21"}});
  struct Case {
    const char* period;
    const char* today;
    bool valid;
    const char* message_part;
  } cases[] = {
      {"2027-01-11", "2027-01-13", true, ""},  // the week the cohort starts in
      {"2027-01-18", "2027-03-20", true, ""},  // filled in late
      {"2027-03-01", "2027-03-01", true, ""},  // the week the cohort ends in
      {"2027-01-12", "2027-02-01", false, "starts on 2027-01-11"},
      {"2027-01-25", "2027-01-24", false, "not started"},
      {"2027-01-04", "2027-02-01", false, "outside the cohort's dates"},
      {"2027-03-08", "2027-04-01", false, "outside the cohort's dates"},
      {"2027-02-15", "2027-03-01", false, "week off"},
      {"2027-02-30", "2027-03-01", false, "YYYY-MM-DD"},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(k.period);
    auto p = validate_period(s, c, k.period, k.today);
    EXPECT_EQ(p.ok(), k.valid);
    if (p.ok()) {
      EXPECT_EQ(p->starts_on, k.period);
    } else {
      EXPECT_EQ(p.error().code, ErrorCode::kInvalid);
      EXPECT_EQ(p.error().field, "period_start");
      EXPECT_NE(p.error().message.find(k.message_part), std::string::npos) << p.error().message;
    }
  }
}

TEST(CheckinRules, AnswersAreValidatedFieldByField) {
  const std::string today = "2027-02-01";
  auto with = [](auto change) {
    Checkin c = checkin("2027-01-25");
    change(c);
    return c;
  };
  struct Case {
    const char* name;
    Checkin checkin;
    const char* field;  // empty when valid
  } cases[] = {
      {"plain", with([](Checkin&) {}), ""},
      {"mood 0", with([](Checkin& c) { c.mood = 0; }), "mood"},
      {"energy 6", with([](Checkin& c) { c.energy = 6; }), "energy"},
      {"progress -1", with([](Checkin& c) { c.progress = -1; }), "progress"},
      {"stuck", with([](Checkin& c) {
         c.stuck = true;
         c.stuck_since = "2027-01-20";
         c.stuck_on = "The proof";
       }),
       ""},
      {"since without stuck", with([](Checkin& c) { c.stuck_since = "2027-01-20"; }),
       "stuck_since"},
      {"on without stuck", with([](Checkin& c) { c.stuck_on = "x"; }), "stuck_on"},
      {"since in future", with([](Checkin& c) {
         c.stuck = true;
         c.stuck_since = "2027-02-02";
       }),
       "stuck_since"},
      {"since not a date", with([](Checkin& c) {
         c.stuck = true;
         c.stuck_since = "yesterday";
       }),
       "stuck_since"},
      {"2000 characters", with([](Checkin& c) {
         for (int i = 0; i < 2000; ++i) c.wins += "\xC3\xA9";  // é: two bytes, one character
       }),
       ""},
      {"2001 characters", with([](Checkin& c) { c.blockers = std::string(2001, 'x'); }),
       "blockers"},
      {"long note", with([](Checkin& c) { c.support_note = std::string(2001, 'x'); }),
       "support_note"},
      {"bad utf-8", with([](Checkin& c) { c.wins = "\xC3"; }), "wins"},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(k.name);
    Status s = validate_answers(k.checkin, today);
    if (std::string(k.field).empty()) {
      EXPECT_TRUE(s.ok()) << s.error().message;
    } else {
      ASSERT_FALSE(s.ok());
      EXPECT_EQ(s.error().code, ErrorCode::kInvalid);
      EXPECT_EQ(s.error().field, k.field);
    }
  }
}

TEST(CheckinRules, SchedulesAndSettingsAreValidated) {
  CheckinSchedule ok = schedule(Cadence::kWeekly, {{"2027-02-15", "2027-02-21"}});
  EXPECT_TRUE(validate(ok).ok());
  auto field_of = [](const CheckinSchedule& s) {
    Status st = validate(s);
    return st.ok() ? std::string() : st.error().field;
  };
  CheckinSchedule bad = ok;
  bad.due_weekday = 0;
  EXPECT_EQ(field_of(bad), "due_weekday");
  bad.due_weekday = 8;
  EXPECT_EQ(field_of(bad), "due_weekday");
  EXPECT_EQ(field_of(schedule(Cadence::kWeekly, {{"2027-02-21", "2027-02-15"}})), "weeks_off");
  EXPECT_EQ(field_of(schedule(Cadence::kWeekly, {{"2027-02-15", "soon"}})), "weeks_off");
  EXPECT_EQ(field_of(schedule(Cadence::kWeekly,
                              {{"2027-02-15", "2027-02-21"}, {"2027-02-15", "2027-02-16"}})),
            "weeks_off");
  EXPECT_EQ(field_of(schedule(Cadence::kWeekly, {{"2027-01-01", "2028-06-01"}})), "weeks_off");
  CheckinSchedule many = ok;
  many.weeks_off.clear();
  for (long d = 0; d <= static_cast<long>(kMaxWeeksOff); ++d) {
    many.weeks_off.push_back({date_of_day(20000 + 7 * d), date_of_day(20000 + 7 * d)});
  }
  EXPECT_EQ(field_of(many), "weeks_off");
}

TEST(CheckinRules, SettingsStayWithinTheirLimitsAndNameTheField) {
  CheckinSettings ok;
  ok.program_id = "p1";
  EXPECT_TRUE(validate(ok).ok());
  struct Case {
    const char* field;
    int CheckinSettings::*member;
    int lowest, highest;
  } cases[] = {
      {"stuck_time_box_days", &CheckinSettings::stuck_time_box_days, 1, 60},
      {"low_mood_at_most", &CheckinSettings::low_mood_at_most, 1, 4},
      {"low_mood_checkins", &CheckinSettings::low_mood_checkins, 1, 8},
      {"falling_trend_checkins", &CheckinSettings::falling_trend_checkins, 3, 8},
      {"stuck_alert_days", &CheckinSettings::stuck_alert_days, 1, 60},
      {"missed_checkins", &CheckinSettings::missed_checkins, 1, 8},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    for (int value : {c.lowest, c.highest}) {
      CheckinSettings s = ok;
      s.*c.member = value;
      EXPECT_TRUE(validate(s).ok()) << value;
    }
    for (int value : {c.lowest - 1, c.highest + 1}) {
      CheckinSettings s = ok;
      s.*c.member = value;
      Status bad = validate(s);
      ASSERT_FALSE(bad.ok()) << value;
      EXPECT_EQ(bad.error().field, c.field);
    }
  }
  CheckinSettings channels = ok;
  channels.help_channels = std::string(kMaxHelpChannelsLength, 'x');
  EXPECT_TRUE(validate(channels).ok());
  channels.help_channels = std::string(kMaxHelpChannelsLength - 1, 'x') + "\xc3\xa9";  // é
  EXPECT_TRUE(validate(channels).ok());
  channels.help_channels += "x";
  EXPECT_EQ(validate(channels).error().field, "help_channels");
  channels.help_channels = "\xff";
  EXPECT_EQ(validate(channels).error().field, "help_channels");
}

TEST(CheckinRules, StuckStretchesRunOverStuckCheckinsInARow) {
  const Cohort c = cohort("2027-01-11", "2027-05-07");
  const CheckinSchedule s = schedule(Cadence::kWeekly);
  auto stretches = stuck_stretches(
      s, c,
      {checkin("2027-02-01", true, std::nullopt, "Data access"), checkin("2027-01-25"),
       checkin("2027-01-18", true, std::nullopt, "The proof, still"),
       checkin("2027-01-11", true, "2027-01-08", "The proof")},
      "2027-02-03");
  ASSERT_EQ(stretches.size(), 2u);
  EXPECT_EQ(stretches[0].since, "2027-01-08");
  EXPECT_EQ(stretches[0].through, "2027-01-24");
  EXPECT_EQ(stretches[0].on, "The proof, still");
  EXPECT_EQ(stretches[0].checkins, 2);
  EXPECT_EQ(stretches[0].days, 17);
  EXPECT_FALSE(stretches[0].ongoing);
  EXPECT_EQ(stretches[1].since, "2027-02-01");
  EXPECT_EQ(stretches[1].through, "2027-02-03");
  EXPECT_TRUE(stretches[1].ongoing);
  EXPECT_EQ(stretches[1].days, 3);
  EXPECT_TRUE(stuck_stretches(s, c, {checkin("2027-01-11")}, "2027-02-03").empty());
}

TEST(CheckinRules, TheSupportFlagRisesOnLowMoodOrEnergyOrALongStuckStretch) {
  CheckinSettings settings;
  settings.program_id = "p1";
  auto with = [](int mood, int energy, bool stuck, std::optional<std::string> since) {
    Checkin c = checkin("2027-01-25", stuck, std::move(since));
    c.mood = mood;
    c.energy = energy;
    return c;
  };
  struct Case {
    const char* name;
    std::vector<Checkin> checkins;
    const char* today;
    bool flag;
  } cases[] = {
      {"no check-ins", {}, "2027-01-27", false},
      {"fine", {with(4, 4, false, std::nullopt)}, "2027-01-27", false},
      {"low mood", {with(2, 4, false, std::nullopt)}, "2027-01-27", true},
      {"low energy", {with(4, 1, false, std::nullopt)}, "2027-01-27", true},
      {"low mood long ago", {with(1, 1, false, std::nullopt)}, "2027-02-09", false},
      {"stuck within the time box", {with(4, 4, true, "2027-01-25")}, "2027-01-27", false},
      {"stuck past the time box", {with(4, 4, true, "2027-01-24")}, "2027-01-27", true},
      {"only the latest counts",
       {with(1, 1, false, std::nullopt),
        [&] {
          Checkin later = with(4, 4, false, std::nullopt);
          later.period_start = "2027-02-01";
          return later;
        }()},
       "2027-02-02",
       false},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(k.name);
    EXPECT_EQ(could_use_support(k.checkins, settings, k.today), k.flag);
  }
}

}  // namespace
}  // namespace trellis::checkins
