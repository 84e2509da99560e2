// CheckinService: the cohort's aggregate view. The database counts each period's answers
// (CheckinRepository::period_counts); this file decides what the viewer may be shown, with the
// complement suppression every report over people obeys (domain/suppression.h): a period's
// answers cover its respondents, and what the viewer already sees of them row by row (their own
// check-ins, or support's consented answers) is subtracted, as ReportService does for
// assessments.
#include <algorithm>
#include <map>

#include "domain/checkins/checkin_policy.h"
#include "domain/checkins/checkin_rules.h"
#include "domain/policy.h"
#include "domain/suppression.h"
#include "service/checkins/checkin_loading.h"
#include "service/checkins/checkin_service.h"

namespace trellis {
namespace {

ScaleFigures scale_figures(const std::array<long long, 5>& distribution) {
  ScaleFigures f;
  f.distribution = distribution;
  long long n = 0, sum = 0;
  for (int v = 0; v < 5; ++v) {
    n += distribution[v];
    sum += distribution[v] * (v + 1);
  }
  f.mean = n == 0 ? 0 : static_cast<double>(sum) / static_cast<double>(n);
  return f;
}

// Least-squares slope of y over x.
double slope(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  return sxx == 0 ? 0 : sxy / sxx;
}

// The trend over the last periods whose answers are shown, counted in periods of the cadence
// (a period without shown answers still counts as one step).
std::optional<CohortTrend> trend_of(const std::vector<CohortCheckinPeriod>& periods) {
  std::vector<std::size_t> shown;
  for (std::size_t i = periods.size(); i-- > 0 && shown.size() < kTrendPeriods;)
    if (periods[i].answers) shown.push_back(i);
  if (shown.size() < 2) return std::nullopt;
  std::reverse(shown.begin(), shown.end());
  std::vector<double> x, mood, energy, progress;
  for (std::size_t i : shown) {
    x.push_back(static_cast<double>(i));
    mood.push_back(periods[i].answers->mood.mean);
    energy.push_back(periods[i].answers->energy.mean);
    progress.push_back(periods[i].answers->progress.mean);
  }
  CohortTrend t;
  t.periods = static_cast<long long>(shown.size());
  t.from = periods[shown.front()].period.starts_on;
  t.to = periods[shown.back()].period.starts_on;
  t.mood = slope(x, mood);
  t.energy = slope(x, energy);
  t.progress = slope(x, progress);
  return t;
}

}  // namespace

Result<CohortCheckinReport> CheckinService::cohort_report(const Actor& actor,
                                                          const std::string& cohort_id) {
  TRY(policy::require_signed_in(actor));
  const std::string day = today();
  CohortCheckinReport report;
  TRY(store_.read([&](Repositories& r) -> Status {
    report.cohort = TRY(r.cohorts().find(cohort_id));
    const policy::CheckinScope scope = checkins::scope_of(report.cohort);
    TRY(policy::can_read_cohort_checkins(actor, scope));
    const Program program = TRY(r.programs().find(report.cohort.program_id));
    report.min_group_size = std::max(program.min_group_size, kMinGroupSizeFloor);
    const long long threshold = report.min_group_size;
    const CheckinSchedule schedule = TRY(checkins::schedule_of(r, cohort_id));
    report.cadence = schedule.cadence;

    const std::vector<Membership> scholars =
        TRY(checkins::members_of(r, cohort_id, Role::kScholar));
    report.scholars = static_cast<long long>(scholars.size());
    // The scholars whose answers the viewer sees one by one elsewhere (their own, or support's
    // with consent): an aggregate minus them must not single out a small group.
    std::map<std::string, Consent> consents;
    if (policy::holds(actor, cohort_id, Role::kSupport)) {
      for (Consent& c : TRY(r.checkins().consents().list_by_program(program.id)))
        consents.emplace(c.scholar_id, std::move(c));
    }
    std::vector<std::string> seen;
    for (const Membership& m : scholars) {
      auto given = consents.find(m.user_id);
      Consent c = given == consents.end() ? Consent{m.user_id, program.id} : given->second;
      if (policy::sees_answers_of(actor, scope, m.user_id, c)) seen.push_back(m.user_id);
    }

    const auto periods = checkins::periods_through(schedule, report.cohort, day);
    if (periods.empty()) return ok_status();
    const std::string& from = periods.front().starts_on;
    const std::string& to = periods.back().starts_on;
    std::map<std::string, CheckinPeriodCounts> counts, seen_counts;
    for (auto& c : TRY(r.checkins().checkins().period_counts(cohort_id, from, to, std::nullopt)))
      counts.emplace(c.period_start, std::move(c));
    if (!seen.empty()) {
      for (auto& c : TRY(r.checkins().checkins().period_counts(cohort_id, from, to, seen)))
        seen_counts.emplace(c.period_start, std::move(c));
    }

    const auto response_withheld =
        privacy::withheld({report.scholars, static_cast<long long>(seen.size())}, threshold);
    for (const checkins::Period& p : periods) {
      CheckinPeriodCounts none;
      auto found = counts.find(p.starts_on);
      const CheckinPeriodCounts& c = found == counts.end() ? none : found->second;
      auto seen_found = seen_counts.find(p.starts_on);
      const long long seen_respondents =
          seen_found == seen_counts.end() ? 0 : seen_found->second.respondents;
      if (response_withheld) {
        // The respondents' number is hidden too, so the answers give the cohort's reason.
        report.periods.push_back({p, *response_withheld, std::nullopt, *response_withheld});
        continue;
      }
      const double rate = report.scholars == 0
                              ? 0.0
                              : std::min(1.0, static_cast<double>(c.respondents) /
                                                  static_cast<double>(report.scholars));
      if (auto why = privacy::withheld({c.respondents, seen_respondents}, threshold)) {
        report.periods.push_back({p, c.respondents, rate, *why});
        continue;
      }
      PeriodAnswers a;
      a.stuck_share = static_cast<double>(c.stuck) / static_cast<double>(c.respondents);
      a.mood = scale_figures(c.mood);
      a.energy = scale_figures(c.energy);
      a.progress = scale_figures(c.progress);
      report.periods.push_back({p, c.respondents, rate, a});
    }
    report.trend = trend_of(report.periods);
    const long long alerted = TRY(r.checkins().alerts().count_alerted_scholars(cohort_id));
    if (policy::may_show_alert_count(alerted, threshold)) report.alerted_scholars = alerted;
    return ok_status();
  }));
  return report;
}

}  // namespace trellis
