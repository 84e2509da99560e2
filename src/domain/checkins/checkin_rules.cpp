#include "domain/checkins/checkin_rules.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "core/time_format.h"
#include "core/utf8.h"

namespace trellis::checkins {
namespace {

using std::chrono::day;
using std::chrono::days;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

long floor_div(long a, long b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

long monday_of(long d) {
  return d - (iso_weekday(d) - 1);
}

long day_or_zero(std::string_view date) {
  return day_number(date).value_or(0);
}

Period make_period(long first, long last, long due) {
  return {date_of_day(first), date_of_day(last), date_of_day(due)};
}

Period period_of_day(const CheckinSchedule& schedule, const Cohort& cohort, long d) {
  switch (schedule.cadence) {
    case Cadence::kDaily:
      return make_period(d, d, d);
    case Cadence::kWeekly: {
      const long monday = monday_of(d);
      return make_period(monday, monday + 6, monday + schedule.due_weekday - 1);
    }
    case Cadence::kFortnightly: {
      const long anchor = monday_of(day_or_zero(cohort.starts_on));
      const long first = anchor + 14 * floor_div(monday_of(d) - anchor, 14);
      return make_period(first, first + 13, first + 7 + schedule.due_weekday - 1);
    }
  }
  return make_period(d, d, d);
}

Status text_ok(const std::string& text, const char* field) {
  if (!is_valid_utf8(text)) return Error::invalid("This text is not valid UTF-8.", field);
  if (count_code_points(text) > kMaxCheckinTextLength) {
    return Error::invalid(
        "This text is longer than " + std::to_string(kMaxCheckinTextLength) + " characters.",
        field);
  }
  return ok_status();
}

Status scale_ok(int value, const char* field) {
  if (value < kMinScale || value > kMaxScale) {
    return Error::invalid("This answer must be a whole number from 1 to 5.", field);
  }
  return ok_status();
}

}  // namespace

std::optional<long> day_number(std::string_view date) {
  if (date.size() != 10 || !is_valid_date(date)) return std::nullopt;
  const int y = std::stoi(std::string(date.substr(0, 4)));
  const unsigned m = static_cast<unsigned>(std::stoi(std::string(date.substr(5, 2))));
  const unsigned d = static_cast<unsigned>(std::stoi(std::string(date.substr(8, 2))));
  return static_cast<long>(
      sys_days{year_month_day{year{y}, month{m}, day{d}}}.time_since_epoch().count());
}

std::string date_of_day(long d) {
  return date_of(static_cast<Timestamp>(d) * 86400000);
}

int iso_weekday(long d) {
  return static_cast<int>(((d + 3) % 7 + 7) % 7) + 1;  // 1970-01-01 was a Thursday
}

std::optional<Period> period_containing(const CheckinSchedule& schedule, const Cohort& cohort,
                                        std::string_view date) {
  auto d = day_number(date);
  if (!d) return std::nullopt;
  return period_of_day(schedule, cohort, *d);
}

bool is_week_off(const CheckinSchedule& schedule, const Period& period) {
  return std::any_of(schedule.weeks_off.begin(), schedule.weeks_off.end(), [&](const DateRange& r) {
    return r.starts_on <= period.starts_on && period.starts_on <= r.ends_on;
  });
}

Period next_period(const CheckinSchedule& schedule, const Cohort& cohort, const Period& period) {
  Period next = period;
  // Weeks off are at most kMaxWeeksOff ranges of a year each, so this ends.
  do {
    next = period_of_day(schedule, cohort, day_or_zero(next.ends_on) + 1);
  } while (is_week_off(schedule, next));
  return next;
}

std::vector<Period> periods_through(const CheckinSchedule& schedule, const Cohort& cohort,
                                    std::string_view today) {
  std::vector<Period> out;
  auto start = day_number(cohort.starts_on);
  auto end = day_number(cohort.ends_on);
  auto now = day_number(today);
  if (!start || !end || !now) return out;
  const long last = std::min(*end, *now);
  for (Period p = period_of_day(schedule, cohort, *start); day_or_zero(p.starts_on) <= last;
       p = period_of_day(schedule, cohort, day_or_zero(p.ends_on) + 1)) {
    if (!is_week_off(schedule, p)) out.push_back(p);
  }
  return out;
}

std::string_view period_state_name(PeriodState state) {
  switch (state) {
    case PeriodState::kSubmitted:
      return "submitted";
    case PeriodState::kOpen:
      return "open";
    case PeriodState::kMissed:
      return "missed";
  }
  return "open";
}

std::vector<PeriodStatus> period_statuses(const CheckinSchedule& schedule, const Cohort& cohort,
                                          const std::vector<Checkin>& checkins,
                                          std::string_view today) {
  std::vector<PeriodStatus> out;
  for (const Period& p : periods_through(schedule, cohort, today)) {
    PeriodStatus s{p, PeriodState::kOpen, ""};
    auto found = std::find_if(checkins.begin(), checkins.end(),
                              [&](const Checkin& c) { return c.period_start == p.starts_on; });
    if (found != checkins.end()) {
      s.state = PeriodState::kSubmitted;
      s.checkin_id = found->id;
    } else if (p.due_on < today) {
      s.state = PeriodState::kMissed;
    }
    out.push_back(std::move(s));
  }
  return out;
}

int streak(const std::vector<PeriodStatus>& statuses) {
  auto it = statuses.rbegin();
  if (it != statuses.rend() && it->state == PeriodState::kOpen) ++it;
  int count = 0;
  for (; it != statuses.rend() && it->state == PeriodState::kSubmitted; ++it) ++count;
  return count;
}

bool editable(const CheckinSchedule& schedule, const Cohort& cohort, std::string_view period_start,
              std::string_view today) {
  auto period = period_containing(schedule, cohort, period_start);
  if (!period) return false;
  return today <= next_period(schedule, cohort, *period).due_on;
}

Result<Period> validate_period(const CheckinSchedule& schedule, const Cohort& cohort,
                               std::string_view period_start, std::string_view today) {
  const char* field = "period_start";
  auto period = period_containing(schedule, cohort, period_start);
  if (!period) return Error::invalid("This is not a date of the form YYYY-MM-DD.", field);
  if (period->starts_on != period_start) {
    return Error::invalid("A " + std::string(cadence_name(schedule.cadence)) +
                              " check-in period starts on " + period->starts_on + ", not on " +
                              std::string(period_start) + ".",
                          field);
  }
  if (period->starts_on > today) {
    return Error::invalid("This period has not started yet; check in once it has.", field);
  }
  if (period->ends_on < cohort.starts_on || period->starts_on > cohort.ends_on) {
    return Error::invalid("This period is outside the cohort's dates (" + cohort.starts_on +
                              " to " + cohort.ends_on + ").",
                          field);
  }
  if (is_week_off(schedule, *period)) {
    return Error::invalid("This period is a week off; no check-in is expected.", field);
  }
  return *period;
}

Status validate_answers(const Checkin& c, std::string_view today) {
  TRY(scale_ok(c.energy, "energy"));
  TRY(scale_ok(c.mood, "mood"));
  TRY(scale_ok(c.progress, "progress"));
  if (c.stuck_since) {
    if (!c.stuck) return Error::invalid("Give a date only when you are stuck.", "stuck_since");
    if (!day_number(*c.stuck_since)) {
      return Error::invalid("This is not a date of the form YYYY-MM-DD.", "stuck_since");
    }
    if (*c.stuck_since > today) {
      return Error::invalid("This date is in the future.", "stuck_since");
    }
  }
  if (!c.stuck && !c.stuck_on.empty()) {
    return Error::invalid("Say what you are stuck on only when you are stuck.", "stuck_on");
  }
  TRY(text_ok(c.stuck_on, "stuck_on"));
  TRY(text_ok(c.wins, "wins"));
  TRY(text_ok(c.blockers, "blockers"));
  TRY(text_ok(c.support_note, "support_note"));
  return ok_status();
}

Status validate(const CheckinSchedule& s) {
  if (s.due_weekday < 1 || s.due_weekday > 7) {
    return Error::invalid("The due weekday must be 1 (Monday) to 7 (Sunday).", "due_weekday");
  }
  if (s.weeks_off.size() > kMaxWeeksOff) {
    return Error::invalid("At most " + std::to_string(kMaxWeeksOff) + " weeks off may be listed.",
                          "weeks_off");
  }
  std::set<std::string> starts;
  for (const DateRange& r : s.weeks_off) {
    auto from = day_number(r.starts_on);
    auto to = day_number(r.ends_on);
    if (!from || !to) {
      return Error::invalid("Each week off needs dates of the form YYYY-MM-DD.", "weeks_off");
    }
    if (*to < *from) {
      return Error::invalid("A week off ends before it starts (" + r.starts_on + ").", "weeks_off");
    }
    if (*to - *from > 366) {
      return Error::invalid("A week off may last at most a year (" + r.starts_on + ").",
                            "weeks_off");
    }
    if (!starts.insert(r.starts_on).second) {
      return Error::invalid("Two weeks off start on " + r.starts_on + ".", "weeks_off");
    }
  }
  return ok_status();
}

Status validate(const CheckinSettings& settings) {
  auto in_range = [](int value, int low, int high, const char* what, const char* field) -> Status {
    if (value >= low && value <= high) return ok_status();
    return Error::invalid(std::string(what) + " must be a whole number from " +
                              std::to_string(low) + " to " + std::to_string(high) + ".",
                          field);
  };
  TRY(in_range(settings.stuck_time_box_days, kMinStuckTimeBoxDays, kMaxStuckTimeBoxDays,
               "The stuck time box (days)", "stuck_time_box_days"));
  TRY(in_range(settings.low_mood_at_most, kMinLowMoodAtMost, kMaxLowMoodAtMost,
               "The low mood threshold", "low_mood_at_most"));
  TRY(in_range(settings.low_mood_checkins, kMinRuleCheckins, kMaxRuleCheckins,
               "The number of low-mood check-ins in a row", "low_mood_checkins"));
  TRY(in_range(settings.falling_trend_checkins, kMinFallingTrendCheckins, kMaxFallingTrendCheckins,
               "The number of check-ins of a falling trend", "falling_trend_checkins"));
  TRY(in_range(settings.stuck_alert_days, kMinStuckAlertDays, kMaxStuckAlertDays,
               "The days stuck before an alert", "stuck_alert_days"));
  TRY(in_range(settings.missed_checkins, kMinRuleCheckins, kMaxRuleCheckins,
               "The number of missed check-ins in a row", "missed_checkins"));
  if (!is_valid_utf8(settings.help_channels))
    return Error::invalid("This text is not valid UTF-8.", "help_channels");
  if (count_code_points(settings.help_channels) > kMaxHelpChannelsLength) {
    return Error::invalid("The help channels may be at most " +
                              std::to_string(kMaxHelpChannelsLength) + " characters long.",
                          "help_channels");
  }
  return ok_status();
}

std::vector<StuckStretch> stuck_stretches(const CheckinSchedule& schedule, const Cohort& cohort,
                                          std::vector<Checkin> checkins, std::string_view today) {
  std::sort(checkins.begin(), checkins.end(),
            [](const Checkin& a, const Checkin& b) { return a.period_start < b.period_start; });
  std::vector<StuckStretch> out;
  bool in_run = false;
  for (const Checkin& c : checkins) {
    if (!c.stuck) {
      in_run = false;
      continue;
    }
    if (!in_run) {
      StuckStretch s;
      s.since = c.stuck_since.value_or(c.period_start);
      out.push_back(std::move(s));
      in_run = true;
    }
    StuckStretch& s = out.back();
    auto period = period_containing(schedule, cohort, c.period_start);
    s.through = period ? std::min(period->ends_on, std::string(today)) : c.period_start;
    s.on = c.stuck_on;
    ++s.checkins;
  }
  if (!out.empty() && !checkins.empty() && checkins.back().stuck) {
    out.back().ongoing = true;
    out.back().through = std::string(today);
  }
  for (StuckStretch& s : out) {
    s.days = std::max(0L, day_or_zero(s.through) - day_or_zero(s.since)) + 1;
  }
  return out;
}

bool could_use_support(const std::vector<Checkin>& checkins, const CheckinSettings& settings,
                       std::string_view today) {
  auto latest = std::max_element(
      checkins.begin(), checkins.end(),
      [](const Checkin& a, const Checkin& b) { return a.period_start < b.period_start; });
  auto now = day_number(today);
  if (latest == checkins.end() || !now) return false;
  if (*now - day_or_zero(latest->period_start) > kSupportFlagWindowDays) return false;
  if (latest->mood <= kLowScore || latest->energy <= kLowScore) return true;
  if (!latest->stuck) return false;
  const long since = day_or_zero(latest->stuck_since.value_or(latest->period_start));
  return *now - since > settings.stuck_time_box_days;
}

}  // namespace trellis::checkins
