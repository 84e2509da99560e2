#include "service/checkins/alert_evaluation.h"

#include <spdlog/spdlog.h>

#include <map>

#include "core/id.h"
#include "core/time_format.h"
#include "domain/checkins/alert_rules.h"
#include "domain/checkins/checkin_policy.h"
#include "service/checkins/checkin_loading.h"
#include "storage/jobs/job_lease_repository.h"

namespace trellis {
namespace {

// Every page of a paged listing.
template <typename T, typename F>
Result<std::vector<T>> all_pages(F&& list_page) {
  std::vector<T> out;
  PageRequest page;
  page.limit = kMaxPageLimit;
  for (;;) {
    Page<T> p = TRY(list_page(page));
    for (T& item : p.items) out.push_back(std::move(item));
    if (p.next_cursor.empty()) break;
    page.after = p.next_cursor;
  }
  return out;
}

}  // namespace

CheckinAlertJob::CheckinAlertJob(Store& store, const Clock& clock, std::string holder)
    : store_(store), clock_(clock), holder_(holder.empty() ? new_id() : std::move(holder)) {}

Result<AlertRunReport> CheckinAlertJob::run_now(const Actor& actor) {
  TRY(policy::can_run_alert_evaluation(actor));
  AlertRunReport report = TRY(run());
  if (!report.ran) {
    return Error::conflict(
        "The alert evaluation is running on another server; try again in a moment.");
  }
  return report;
}

Result<AlertRunReport> CheckinAlertJob::run() {
  MutexLock one_at_a_time(running_);
  AlertRunReport report;
  report.started_at = clock_.now();
  bool acquired = false;
  TRY(store_.write([&](Repositories& r) -> Status {
    acquired = TRY(r.job_leases().acquire(kLeaseName, holder_, report.started_at,
                                          report.started_at + kLeaseMillis));
    if (!acquired) report.holder = TRY(r.job_leases().find(kLeaseName)).holder;
    return ok_status();
  }));
  if (!acquired) return report;
  Result<AlertRunReport> done = evaluate(report);
  // Give the lease back whatever happened, so the next run need not wait for it to expire.
  Status released = store_.write([&](Repositories& r) -> Status {
    TRY(r.job_leases().release(kLeaseName, holder_, clock_.now()));
    return ok_status();
  });
  if (!released.ok())
    spdlog::warn("check-in alerts: lease not released: {}", released.error().message);
  return done;
}

Result<AlertRunReport> CheckinAlertJob::evaluate(AlertRunReport report) {
  report.ran = true;
  report.holder = holder_;
  const std::string today = date_of(report.started_at);
  std::vector<Program> programs;
  TRY(store_.read([&](Repositories& r) -> Status {
    programs = TRY(all_pages<Program>([&](const PageRequest& p) { return r.programs().list(p); }));
    return ok_status();
  }));
  for (const Program& program : programs) {
    std::vector<Cohort> running;
    TRY(store_.read([&](Repositories& r) -> Status {
      for (Cohort& c : TRY(all_pages<Cohort>(
               [&](const PageRequest& p) { return r.cohorts().list_by_program(program.id, p); }))) {
        if (c.starts_on <= today && today <= c.ends_on) running.push_back(std::move(c));
      }
      return ok_status();
    }));
    // One transaction per cohort: a large program does not hold the writer for long, and a
    // failure leaves the other cohorts' alerts in place (a later run retries the rest).
    for (const Cohort& cohort : running) {
      long long scholars = 0, raised = 0;
      TRY(store_.write([&](Repositories& r) -> Status {
        const CheckinSettings settings = TRY(checkins::settings_of(r, program.id));
        const CheckinSchedule schedule = TRY(checkins::schedule_of(r, cohort.id));
        std::map<std::string, Consent> consents;
        for (Consent& c : TRY(r.checkins().consents().list_by_program(program.id)))
          consents.emplace(c.scholar_id, std::move(c));
        for (const Membership& m : TRY(checkins::members_of(r, cohort.id, Role::kScholar))) {
          auto consent = consents.find(m.user_id);
          if (consent == consents.end() || !policy::may_raise_alerts(consent->second)) continue;
          ++scholars;
          const auto mine = TRY(r.checkins().checkins().list_by_scholar(m.user_id, cohort.id));
          const checkins::HelpSigns help = TRY(checkins::help_signs_of(r, m.user_id, cohort.id));
          const checkins::AlertFacts facts{settings, schedule, cohort, mine, help, today};
          for (const checkins::AlertFiring& firing : checkins::evaluate_alert_rules(facts)) {
            CheckinAlert alert;
            alert.raised_at = alert.updated_at = clock_.now();
            alert.id = new_id_at(alert.raised_at);
            alert.scholar_id = m.user_id;
            alert.cohort_id = cohort.id;
            alert.program_id = program.id;
            alert.reason = firing.reason;
            alert.period_start = firing.period_start;
            if (!TRY(r.checkins().alerts().insert_once(alert))) continue;
            ++raised;
            Disclosure d;
            d.disclosed_at = alert.raised_at;
            d.id = new_id_at(d.disclosed_at);
            d.scholar_id = m.user_id;
            d.program_id = program.id;
            d.recipient = std::string(kRecipientSupportTeam);
            d.what = DisclosureKind::kAlert;
            d.reference_id = alert.id;
            TRY(r.checkins().disclosures().insert_once(d));
          }
        }
        return ok_status();
      }));
      ++report.cohorts;
      report.scholars += scholars;
      report.raised += raised;
    }
  }
  report.finished_at = clock_.now();
  return report;
}

}  // namespace trellis
