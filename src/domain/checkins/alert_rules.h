// The alert rules of check-ins and the nudge: pure functions of one scholar's check-ins in one
// cohort, the program's thresholds (CheckinSettings) and today. Thread-safe (no state).
//
// Each rule looks at the scholar's situation now, not at their whole past: it fires while its
// condition holds at the latest check-in (or period, or day), and the firing is named by the
// period that completed it. The run of check-ins (or missed periods, or days stuck) that keeps
// the condition true keeps the same name, so an evaluation that runs every few minutes raises
// one alert per episode, not one per run; a new episode (after the run was broken) is a new
// firing. The firing key (checkin.h, firing_key) is what storage keeps unique.
//
//  - low_mood: the last `low_mood_checkins` check-ins in a row (missed periods do not break a
//    row; check-ins are taken in period order) have mood <= `low_mood_at_most`. Named by the
//    check-in that made the run long enough.
//  - falling_trend: over the last `falling_trend_checkins` check-ins the mood never rises and
//    ends lower than it started. Named by the first check-in at which that held, of the
//    episode it still holds in.
//  - stuck: the latest check-in says stuck, since more than `stuck_alert_days` days (counted
//    from stuck_since of the first check-in of the stuck run, else its period start), and the
//    scholar has shown no sign of asking for help since then. Named by the first check-in of
//    the run.
//  - missed_checkins: the last `missed_checkins` periods that expected a check-in (a period not
//    yet due does not count either way) were missed. Named by the period that completed the run.
//
// "A sign of asking for help" is a HelpSigns date on or after the day the scholar became stuck.
// Today the only sign is a request to the support team for a conversation; help requests
// (capability 5) will add theirs through the same struct.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/checkins/checkin.h"
#include "domain/people.h"

namespace trellis::checkins {

struct AlertFiring {
  AlertReason reason = AlertReason::kLowMood;
  std::string period_start;  // the period that completed the firing
  std::string key() const { return firing_key(reason, period_start); }
  bool operator==(const AlertFiring&) const = default;
};

// Days (YYYY-MM-DD) on which the scholar asked someone for help.
struct HelpSigns {
  std::vector<std::string> asked_on;  // conversation requests to the support team
  // True when one of the signs is on or after `since`.
  bool asked_since(std::string_view since) const;
};

// Everything the rules read about one scholar in one cohort.
struct AlertFacts {
  const CheckinSettings& settings;
  const CheckinSchedule& schedule;
  const Cohort& cohort;
  const std::vector<Checkin>& checkins;  // the scholar's, any order
  const HelpSigns& help;
  std::string_view today;
};

std::optional<AlertFiring> low_mood_firing(const AlertFacts& facts);
std::optional<AlertFiring> falling_trend_firing(const AlertFacts& facts);
std::optional<AlertFiring> stuck_firing(const AlertFacts& facts);
std::optional<AlertFiring> missed_checkins_firing(const AlertFacts& facts);

// Every rule's firing now, in the order above.
std::vector<AlertFiring> evaluate_alert_rules(const AlertFacts& facts);

// The nudge on the scholar's home page: their latest check-in says stuck, since longer than the
// program's time box (days since, strictly more than stuck_time_box_days), and they have not
// asked for help since. Carries what the program lists as the people and channels to ask.
struct StuckNudge {
  std::string since;  // YYYY-MM-DD
  long days = 0;      // today - since
  std::string on;     // what the latest check-in said it is stuck on
  std::string help_channels;
};
std::optional<StuckNudge> stuck_nudge(const CheckinSettings& settings,
                                      const std::vector<Checkin>& checkins, const HelpSigns& help,
                                      std::string_view today);

}  // namespace trellis::checkins
