#include "domain/checkins/alert_rules.h"

#include <algorithm>

#include "domain/checkins/checkin_rules.h"

namespace trellis::checkins {
namespace {

std::vector<const Checkin*> in_period_order(const std::vector<Checkin>& checkins) {
  std::vector<const Checkin*> out;
  out.reserve(checkins.size());
  for (const Checkin& c : checkins) out.push_back(&c);
  std::sort(out.begin(), out.end(),
            [](const Checkin* a, const Checkin* b) { return a->period_start < b->period_start; });
  return out;
}

// The first check-in of the run of stuck check-ins that ends with the latest; nullptr when the
// latest check-in is not stuck.
const Checkin* start_of_stuck_run(const std::vector<const Checkin*>& ordered) {
  const Checkin* first = nullptr;
  for (auto it = ordered.rbegin(); it != ordered.rend() && (*it)->stuck; ++it) first = *it;
  return first;
}

std::string stuck_since(const Checkin& first) {
  return first.stuck_since.value_or(first.period_start);
}

// Days from `since` to `today`; nullopt when either is no date.
std::optional<long> days_between(std::string_view since, std::string_view today) {
  auto from = day_number(since);
  auto to = day_number(today);
  if (!from || !to) return std::nullopt;
  return *to - *from;
}

}  // namespace

bool HelpSigns::asked_since(std::string_view since) const {
  return std::any_of(asked_on.begin(), asked_on.end(),
                     [&](const std::string& day) { return day >= since; });
}

std::optional<AlertFiring> low_mood_firing(const AlertFacts& f) {
  const auto ordered = in_period_order(f.checkins);
  const std::size_t needed = static_cast<std::size_t>(std::max(1, f.settings.low_mood_checkins));
  std::size_t run = 0;
  for (auto it = ordered.rbegin();
       it != ordered.rend() && (*it)->mood <= f.settings.low_mood_at_most; ++it)
    ++run;
  if (run < needed) return std::nullopt;
  // The run began at ordered.size() - run; it became long enough `needed` check-ins later.
  return AlertFiring{AlertReason::kLowMood,
                     ordered[ordered.size() - run + needed - 1]->period_start};
}

std::optional<AlertFiring> falling_trend_firing(const AlertFacts& f) {
  const auto ordered = in_period_order(f.checkins);
  const std::size_t n = static_cast<std::size_t>(std::max(2, f.settings.falling_trend_checkins));
  // Whether the window of n check-ins ending at index `last` falls.
  auto falls = [&](std::size_t last) {
    if (last + 1 < n) return false;
    const std::size_t first = last + 1 - n;
    for (std::size_t i = first + 1; i <= last; ++i)
      if (ordered[i]->mood > ordered[i - 1]->mood) return false;
    return ordered[last]->mood < ordered[first]->mood;
  };
  if (ordered.empty() || !falls(ordered.size() - 1)) return std::nullopt;
  std::size_t start = ordered.size() - 1;
  while (start > 0 && falls(start - 1)) --start;
  return AlertFiring{AlertReason::kFallingTrend, ordered[start]->period_start};
}

std::optional<AlertFiring> stuck_firing(const AlertFacts& f) {
  const auto ordered = in_period_order(f.checkins);
  const Checkin* first = start_of_stuck_run(ordered);
  if (first == nullptr) return std::nullopt;
  const std::string since = stuck_since(*first);
  auto days = days_between(since, f.today);
  if (!days || *days <= f.settings.stuck_alert_days) return std::nullopt;
  if (f.help.asked_since(since)) return std::nullopt;
  return AlertFiring{AlertReason::kStuck, first->period_start};
}

std::optional<AlertFiring> missed_checkins_firing(const AlertFacts& f) {
  auto statuses = period_statuses(f.schedule, f.cohort, f.checkins, f.today);
  if (!statuses.empty() && statuses.back().state == PeriodState::kOpen) statuses.pop_back();
  const std::size_t needed = static_cast<std::size_t>(std::max(1, f.settings.missed_checkins));
  std::size_t run = 0;
  for (auto it = statuses.rbegin(); it != statuses.rend() && it->state == PeriodState::kMissed;
       ++it)
    ++run;
  if (run < needed) return std::nullopt;
  return AlertFiring{AlertReason::kMissedCheckins,
                     statuses[statuses.size() - run + needed - 1].period.starts_on};
}

std::vector<AlertFiring> evaluate_alert_rules(const AlertFacts& facts) {
  std::vector<AlertFiring> out;
  for (auto rule : {low_mood_firing, falling_trend_firing, stuck_firing, missed_checkins_firing}) {
    if (auto firing = rule(facts)) out.push_back(std::move(*firing));
  }
  return out;
}

std::optional<StuckNudge> stuck_nudge(const CheckinSettings& settings,
                                      const std::vector<Checkin>& checkins, const HelpSigns& help,
                                      std::string_view today) {
  const auto ordered = in_period_order(checkins);
  const Checkin* first = start_of_stuck_run(ordered);
  if (first == nullptr) return std::nullopt;
  const std::string since = stuck_since(*first);
  auto days = days_between(since, today);
  if (!days || *days <= settings.stuck_time_box_days) return std::nullopt;
  if (help.asked_since(since)) return std::nullopt;
  return StuckNudge{since, *days, ordered.back()->stuck_on, settings.help_channels};
}

}  // namespace trellis::checkins
