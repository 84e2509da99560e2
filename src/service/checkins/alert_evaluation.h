// CheckinAlertJob: evaluates every alert rule (domain/checkins/alert_rules.h) for every
// consenting scholar of every cohort running today, and raises each firing once as an item of
// the support queue, logging a disclosure (alert -> support team) for each alert raised.
//
// Safe with several servers on one database (ADR 17): a run first takes the "checkin-alerts"
// job lease (one conditional statement) and gives it back when done, so one server evaluates
// at a time; and each alert is inserted once by its firing key, so even two evaluations that
// overlap (a holder that outlived its lease) raise every firing exactly once. A server that
// dies holding the lease blocks the job only until the lease expires (kLeaseMillis).
//
// The serve command runs it every `checkin_alerts_interval_seconds` on a PeriodicTask; site
// administrators run it on demand (POST /api/v1/checkin-alert-runs); the demo loader runs it
// once at the end. Thread-safe: runs in one process are serialised.
#pragma once

#include <string>

#include "core/clock.h"
#include "core/mutex.h"
#include "domain/actor.h"
#include "storage/store.h"

namespace trellis {

struct AlertRunReport {
  bool ran = false;        // false: another server held the lease
  std::string holder;      // who holds the lease when it did not run
  long long cohorts = 0;   // cohorts running today that were evaluated
  long long scholars = 0;  // consenting scholars evaluated
  long long raised = 0;    // alerts raised by this run (firings raised before are not counted)
  Timestamp started_at = 0;
  Timestamp finished_at = 0;
};

class CheckinAlertJob {
 public:
  static constexpr const char* kLeaseName = "checkin-alerts";
  // How long a run may hold the lease before another server may take it over. A run of the
  // largest measured cohort takes well under a second; this only bounds how long a dead
  // server blocks the job.
  static constexpr Timestamp kLeaseMillis = 10 * 60 * 1000;

  // `holder` names this server in the lease (a fresh id per process by default).
  CheckinAlertJob(Store& store, const Clock& clock, std::string holder = {});

  // One evaluation now, as the background thread and the demo loader run it.
  Result<AlertRunReport> run();
  // One evaluation on demand: site administrators only. conflict when another server holds
  // the lease (its run is under way; try again shortly).
  Result<AlertRunReport> run_now(const Actor& actor);

  const std::string& holder() const { return holder_; }

 private:
  Result<AlertRunReport> evaluate(AlertRunReport report);

  Store& store_;
  const Clock& clock_;
  const std::string holder_;
  Mutex running_;  // one run at a time in this process (the lease is re-entrant per holder)
};

}  // namespace trellis
