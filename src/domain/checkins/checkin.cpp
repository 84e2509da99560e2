#include "domain/checkins/checkin.h"

namespace trellis {
namespace {

template <typename E, std::size_t N>
std::optional<E> parse_name(std::string_view s, const std::pair<E, std::string_view> (&names)[N]) {
  for (const auto& [value, name] : names) {
    if (name == s) return value;
  }
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view name_of(E value, const std::pair<E, std::string_view> (&names)[N]) {
  for (const auto& [v, name] : names) {
    if (v == value) return name;
  }
  return names[0].second;
}

constexpr std::pair<Cadence, std::string_view> kCadences[] = {
    {Cadence::kWeekly, "weekly"},
    {Cadence::kDaily, "daily"},
    {Cadence::kFortnightly, "fortnightly"}};
constexpr std::pair<ConsentLevel, std::string_view> kLevels[] = {
    {ConsentLevel::kNone, "none"},
    {ConsentLevel::kAlerts, "alerts"},
    {ConsentLevel::kAlertsAndAnswers, "alerts_and_answers"}};
constexpr std::pair<DisclosureKind, std::string_view> kDisclosureKinds[] = {
    {DisclosureKind::kAlert, "alert"},
    {DisclosureKind::kAnswers, "answers"},
    {DisclosureKind::kSupportFlag, "support_flag"},
    {DisclosureKind::kConversationRequest, "conversation_request"}};
constexpr std::pair<AlertReason, std::string_view> kReasons[] = {
    {AlertReason::kLowMood, "low_mood"},
    {AlertReason::kFallingTrend, "falling_trend"},
    {AlertReason::kStuck, "stuck"},
    {AlertReason::kMissedCheckins, "missed_checkins"},
    {AlertReason::kConversationRequest, "conversation_request"}};
constexpr std::pair<AlertStatus, std::string_view> kStatuses[] = {
    {AlertStatus::kOpen, "open"},
    {AlertStatus::kClaimed, "claimed"},
    {AlertStatus::kResolved, "resolved"}};

}  // namespace

std::string_view cadence_name(Cadence cadence) {
  return name_of(cadence, kCadences);
}
std::optional<Cadence> parse_cadence(std::string_view s) {
  return parse_name(s, kCadences);
}
std::string_view consent_level_name(ConsentLevel level) {
  return name_of(level, kLevels);
}
std::optional<ConsentLevel> parse_consent_level(std::string_view s) {
  return parse_name(s, kLevels);
}
std::string_view disclosure_kind_name(DisclosureKind kind) {
  return name_of(kind, kDisclosureKinds);
}
std::optional<DisclosureKind> parse_disclosure_kind(std::string_view s) {
  return parse_name(s, kDisclosureKinds);
}

std::string_view alert_reason_name(AlertReason reason) {
  return name_of(reason, kReasons);
}
std::optional<AlertReason> parse_alert_reason(std::string_view s) {
  return parse_name(s, kReasons);
}
std::string_view alert_status_name(AlertStatus status) {
  return name_of(status, kStatuses);
}
std::optional<AlertStatus> parse_alert_status(std::string_view s) {
  return parse_name(s, kStatuses);
}

std::string firing_key(AlertReason reason, const std::string& period_start) {
  if (reason == AlertReason::kConversationRequest) return {};
  return std::string(alert_reason_name(reason)) + ":" + period_start;
}

CheckinSchedule default_schedule(const std::string& cohort_id) {
  CheckinSchedule s;
  s.cohort_id = cohort_id;
  return s;
}

}  // namespace trellis
