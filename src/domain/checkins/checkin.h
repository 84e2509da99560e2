// Check-ins: a scholar's short weekly (or daily, or fortnightly) answer about energy, mood,
// progress and being stuck; the cohort's cadence; the scholar's consent to share; and the log of
// what was shared. Plain types and pure rules, no I/O. Dates are YYYY-MM-DD strings on the
// types and day numbers (days since 1970-01-01) inside the rules.
//
// A period is the stretch of days one check-in covers: one day (daily), the ISO week from Monday
// (weekly) or two ISO weeks counted from the Monday of the cohort's first week (fortnightly). It
// is named by its first day. A period that starts inside a week off expects no check-in.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/people.h"

namespace trellis {

enum class Cadence { kDaily, kWeekly, kFortnightly };
std::string_view cadence_name(Cadence cadence);  // "daily", "weekly", "fortnightly"
std::optional<Cadence> parse_cadence(std::string_view s);

// Inclusive range of dates, YYYY-MM-DD.
struct DateRange {
  std::string starts_on;
  std::string ends_on;
};

struct CheckinSchedule {
  std::string cohort_id;
  Cadence cadence = Cadence::kWeekly;
  int due_weekday = 5;  // ISO weekday the check-in is due: 1 Monday … 7 Sunday
  std::vector<DateRange> weeks_off;
  Timestamp updated_at = 0;
  std::string updated_by;  // empty for the default (never saved)
};

// The schedule a cohort has before an organizer saves one.
CheckinSchedule default_schedule(const std::string& cohort_id);

struct Checkin {
  std::string id;
  std::string scholar_id;
  std::string cohort_id;
  std::string period_start;  // first day of the period, YYYY-MM-DD
  int energy = 3;            // 1..5
  int mood = 3;              // 1..5
  int progress = 3;          // 1..5
  bool stuck = false;
  std::optional<std::string> stuck_since;  // YYYY-MM-DD, only when stuck
  std::string stuck_on;                    // only when stuck
  std::string wins;
  std::string blockers;
  std::string support_note;  // meant for the support team only
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

enum class ConsentLevel { kNone, kAlerts, kAlertsAndAnswers };
std::string_view consent_level_name(ConsentLevel level);  // "none", "alerts", "alerts_and_answers"
std::optional<ConsentLevel> parse_consent_level(std::string_view s);

// A scholar's consent in one program. The default (never given) shares nothing.
struct Consent {
  std::string scholar_id;
  std::string program_id;
  ConsentLevel level = ConsentLevel::kNone;
  bool mentor_flag = false;  // the mentor may see a plain "could use support" flag
  Timestamp changed_at = 0;  // 0 for the default
};

// One entry of the append-only consent history.
struct ConsentChange {
  std::string id;
  std::string scholar_id;
  std::string program_id;
  ConsentLevel level = ConsentLevel::kNone;
  bool mentor_flag = false;
  Timestamp changed_at = 0;
};

enum class DisclosureKind { kAlert, kAnswers, kSupportFlag, kConversationRequest };
// "alert", "answers", "support_flag", "conversation_request"
std::string_view disclosure_kind_name(DisclosureKind kind);
std::optional<DisclosureKind> parse_disclosure_kind(std::string_view s);

// Recipients that are a group rather than one person.
inline constexpr std::string_view kRecipientSupportTeam = "support_team";
inline constexpr std::string_view kRecipientMentor = "mentor";

// Something of a scholar's wellbeing that reached someone.
struct Disclosure {
  std::string id;
  std::string scholar_id;
  std::string program_id;
  std::string recipient;  // a user id, kRecipientSupportTeam or kRecipientMentor
  DisclosureKind what = DisclosureKind::kAlert;
  std::string reference_id;  // the alert or check-in shared; may be empty
  Timestamp disclosed_at = 0;
};

// Program-level settings of check-ins: the time box of the nudge, the thresholds of the alert
// rules (domain/checkins/alert_rules.h) and the people and channels the nudge points to.
struct CheckinSettings {
  std::string program_id;
  int stuck_time_box_days = 2;     // a scholar stuck longer is nudged to ask for help
  int low_mood_at_most = 2;        // alert: mood at or below this ...
  int low_mood_checkins = 2;       // ... in this many check-ins in a row
  int falling_trend_checkins = 3;  // alert: mood falling over this many check-ins in a row
  int stuck_alert_days = 5;        // alert: stuck longer than this without asking for help
  int missed_checkins = 2;         // alert: this many check-ins missed in a row
  std::string help_channels;       // who and where to ask, shown with the nudge (free text)
  Timestamp updated_at = 0;
};

// Limits of the settings (validate(CheckinSettings) in checkin_rules.h names the field).
inline constexpr int kMinStuckTimeBoxDays = 1;
inline constexpr int kMaxStuckTimeBoxDays = 60;
inline constexpr int kMinLowMoodAtMost = 1;
inline constexpr int kMaxLowMoodAtMost = 4;
inline constexpr int kMinRuleCheckins = 1;  // low_mood_checkins and missed_checkins
inline constexpr int kMaxRuleCheckins = 8;
inline constexpr int kMinFallingTrendCheckins = 3;
inline constexpr int kMaxFallingTrendCheckins = 8;
inline constexpr int kMinStuckAlertDays = 1;
inline constexpr int kMaxStuckAlertDays = 60;
inline constexpr std::size_t kMaxHelpChannelsLength = 2000;  // code points

// Why an item is in the support queue: an alert rule fired for a consenting scholar, or the
// scholar asked the support team for a conversation.
enum class AlertReason { kLowMood, kFallingTrend, kStuck, kMissedCheckins, kConversationRequest };
// "low_mood", "falling_trend", "stuck", "missed_checkins", "conversation_request"
std::string_view alert_reason_name(AlertReason reason);
std::optional<AlertReason> parse_alert_reason(std::string_view s);

// An item moves open -> claimed (by one support member) -> resolved, and may be reopened.
enum class AlertStatus { kOpen, kClaimed, kResolved };
std::string_view alert_status_name(AlertStatus status);  // "open", "claimed", "resolved"
std::optional<AlertStatus> parse_alert_status(std::string_view s);

// One item of the support queue. A rule's alert carries the firing key (reason and the period
// that completed the firing), unique per scholar and cohort, so each firing is raised once; a
// conversation request has no key and carries the scholar's message instead.
struct CheckinAlert {
  std::string id;
  std::string scholar_id;
  std::string cohort_id;
  std::string program_id;
  AlertReason reason = AlertReason::kLowMood;
  std::string period_start;  // the period that completed the firing; empty for a request
  std::string message;       // the scholar's words; conversation requests only
  AlertStatus status = AlertStatus::kOpen;
  std::string claimed_by;  // while claimed, and kept once resolved
  Timestamp claimed_at = 0;
  std::string resolved_by;
  Timestamp resolved_at = 0;
  Timestamp raised_at = 0;
  Timestamp updated_at = 0;
};

// The firing key of a rule's alert: "<reason>:<period_start>". Empty for a conversation request.
std::string firing_key(AlertReason reason, const std::string& period_start);

// A support member's note on an item; read by the cohort's support team only.
struct CoachingNote {
  std::string id;
  std::string alert_id;
  std::string author_id;
  std::string text;
  Timestamp created_at = 0;
};

inline constexpr std::size_t kMaxCoachingNoteLength = 4000;         // code points
inline constexpr std::size_t kMaxConversationMessageLength = 2000;  // code points
inline constexpr int kMinScale = 1;
inline constexpr int kMaxScale = 5;
// Each free-text field (wins, blockers, support note, stuck on), in Unicode code points.
inline constexpr std::size_t kMaxCheckinTextLength = 2000;
// Weeks off a cohort's schedule may list.
inline constexpr std::size_t kMaxWeeksOff = 60;

}  // namespace trellis
