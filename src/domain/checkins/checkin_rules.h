// The pure rules of check-ins: which period a date falls in for a cohort's cadence, which
// periods are due or missed, until when a check-in may be edited, what a valid check-in and
// schedule are, the streak and the stretches of being stuck. Thread-safe (no state).
//
// Dates are YYYY-MM-DD; `today` is the scholar's calendar date (the cohort's, in practice UTC).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/checkins/checkin.h"
#include "domain/people.h"

namespace trellis::checkins {

// Days since 1970-01-01 of a YYYY-MM-DD date; nullopt when it is no real date.
std::optional<long> day_number(std::string_view date);
std::string date_of_day(long day);
// ISO weekday of a day number: 1 Monday … 7 Sunday.
int iso_weekday(long day);

struct Period {
  std::string starts_on;  // names the period
  std::string ends_on;    // inclusive
  std::string due_on;     // the day the check-in is due
  bool operator==(const Period&) const = default;
};

// The period containing `date`, whether or not it is a week off; nullopt for an invalid date.
// Weekly: the ISO week, due on the due weekday. Fortnightly: two ISO weeks counted from the
// Monday of the cohort's first week, due on the due weekday of the second week. Daily: the day.
std::optional<Period> period_containing(const CheckinSchedule& schedule, const Cohort& cohort,
                                        std::string_view date);
// True when the period starts inside one of the schedule's weeks off.
bool is_week_off(const CheckinSchedule& schedule, const Period& period);
// The period after `period` that is not a week off (it may lie beyond the cohort's end).
Period next_period(const CheckinSchedule& schedule, const Cohort& cohort, const Period& period);

// The periods that expect a check-in, oldest first: those overlapping the cohort's dates that
// have started by `today`, weeks off left out.
std::vector<Period> periods_through(const CheckinSchedule& schedule, const Cohort& cohort,
                                    std::string_view today);

enum class PeriodState {
  kSubmitted,  // a check-in exists
  kOpen,       // none yet, and the due day has not passed
  kMissed,     // none, and the due day has passed (it may still be filled in late)
};
std::string_view period_state_name(PeriodState state);  // "submitted", "open", "missed"

struct PeriodStatus {
  Period period;
  PeriodState state = PeriodState::kOpen;
  std::string checkin_id;  // when submitted
};

// Each period of periods_through with its state, given the scholar's check-ins (any order).
std::vector<PeriodStatus> period_statuses(const CheckinSchedule& schedule, const Cohort& cohort,
                                          const std::vector<Checkin>& checkins,
                                          std::string_view today);

// Check-ins in a row up to the latest period, counting back from the newest; an open period
// (not yet due) neither counts nor breaks the streak.
int streak(const std::vector<PeriodStatus>& statuses);

// A check-in may be edited until the next one is due (the due day of the next period).
bool editable(const CheckinSchedule& schedule, const Cohort& cohort, std::string_view period_start,
              std::string_view today);

// Validates the period a scholar checks in for and returns it: a real date that starts a
// period of the cadence, not a week off, not in the future (started by today) and overlapping
// the cohort's dates. Errors name the field "period_start".
Result<Period> validate_period(const CheckinSchedule& schedule, const Cohort& cohort,
                               std::string_view period_start, std::string_view today);

// Validates the answers: energy, mood and progress 1..5; stuck_since a real date not after
// today, only when stuck (and stuck_on only then); each text at most kMaxCheckinTextLength
// code points of valid UTF-8. Errors name the field.
Status validate_answers(const Checkin& checkin, std::string_view today);

// A schedule an organizer saves: due weekday 1..7, at most kMaxWeeksOff weeks off, each a
// range of real dates (ends_on not before starts_on, at most a year long) with distinct starts.
Status validate(const CheckinSchedule& schedule);

// Program settings: each threshold within its limits (checkin.h), help_channels valid UTF-8 of at
// most kMaxHelpChannelsLength code points. Errors name the field.
Status validate(const CheckinSettings& settings);

// A run of check-ins in a row that said "stuck".
struct StuckStretch {
  std::string since;     // stuck_since of its first check-in, else that check-in's period start
  std::string through;   // end of the last stuck check-in's period, or today when ongoing
  std::string on;        // what the latest check-in of the run said it was stuck on
  bool ongoing = false;  // the scholar's latest check-in is stuck
  int checkins = 0;
  long days = 0;  // from since through `through`, inclusive
};

// The stretches of the scholar's check-ins (any order), oldest first.
std::vector<StuckStretch> stuck_stretches(const CheckinSchedule& schedule, const Cohort& cohort,
                                          std::vector<Checkin> checkins, std::string_view today);

// The plain "could use support" flag a consenting scholar's mentor may see: the scholar's
// latest check-in, from a period that started at most kSupportFlagWindowDays ago, reports mood
// or energy at or below kLowScore, or being stuck for longer than the program's time box.
inline constexpr int kLowScore = 2;
inline constexpr long kSupportFlagWindowDays = 14;
bool could_use_support(const std::vector<Checkin>& checkins, const CheckinSettings& settings,
                       std::string_view today);

}  // namespace trellis::checkins
