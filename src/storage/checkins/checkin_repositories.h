// Repository interfaces for check-ins: the cohort's schedule, the check-ins, the scholar's
// consent and its history, the log of what was shared, the program's settings, and the support
// queue (alerts, conversation requests, coaching notes). Same conventions as repositories.h
// (find* answers not_found when there is no row).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/checkins/checkin.h"
#include "storage/repositories.h"

namespace trellis {

class CheckinScheduleRepository {
 public:
  virtual ~CheckinScheduleRepository() = default;
  // not_found when the cohort has never saved one (use default_schedule then).
  virtual Result<CheckinSchedule> find(const std::string& cohort_id) = 0;
  // Inserts or replaces the schedule and its weeks off.
  virtual Status save(const CheckinSchedule& schedule) = 0;
};

// Counts of one period's check-ins in a cohort, for the cohort view. Index v-1 of a
// distribution holds the check-ins answering v.
struct CheckinPeriodCounts {
  std::string period_start;
  long long respondents = 0;
  long long stuck = 0;
  std::array<long long, 5> mood{};
  std::array<long long, 5> energy{};
  std::array<long long, 5> progress{};
};

class CheckinRepository {
 public:
  virtual ~CheckinRepository() = default;
  // Conflict on field "period_start" when the scholar already checked in for that period.
  virtual Status insert(const Checkin& checkin) = 0;
  virtual Result<Checkin> find(const std::string& id) = 0;
  // Replaces the answers and updated_at; not_found when it is gone.
  virtual Status update(const Checkin& checkin) = 0;
  // The scholar's check-ins in the cohort, oldest period first.
  virtual Result<std::vector<Checkin>> list_by_scholar(const std::string& scholar_id,
                                                       const std::string& cohort_id) = 0;
  // Every check-in of the cohort with from <= period_start <= to, by period then scholar.
  virtual Result<std::vector<Checkin>> list_by_cohort(const std::string& cohort_id,
                                                      const std::string& from,
                                                      const std::string& to) = 0;
  // Per-period counts of the cohort's check-ins with from <= period_start <= to, oldest first;
  // periods nobody answered are left out. When `only_scholars` is given, only their check-ins.
  virtual Result<std::vector<CheckinPeriodCounts>> period_counts(
      const std::string& cohort_id, const std::string& from, const std::string& to,
      const std::optional<std::vector<std::string>>& only_scholars) = 0;
};

class ConsentRepository {
 public:
  virtual ~ConsentRepository() = default;
  // not_found when the scholar never gave consent in the program (the default shares nothing).
  virtual Result<Consent> find(const std::string& scholar_id, const std::string& program_id) = 0;
  // Sets the current consent and appends `change` to the history, in the caller's transaction.
  virtual Status save(const Consent& consent, const ConsentChange& change) = 0;
  // The scholar's history in the program, newest first.
  virtual Result<std::vector<ConsentChange>> history(const std::string& scholar_id,
                                                     const std::string& program_id) = 0;
  // Every consent given in the program (scholars without a row share nothing).
  virtual Result<std::vector<Consent>> list_by_program(const std::string& program_id) = 0;
};

class DisclosureRepository {
 public:
  virtual ~DisclosureRepository() = default;
  // Logs a disclosure once: the same scholar, recipient, kind and reference again is a no-op
  // (returns false), so readers may log on every read.
  virtual Result<bool> insert_once(const Disclosure& disclosure) = 0;
  // The scholar's disclosures in the program, newest first.
  virtual Result<std::vector<Disclosure>> list_by_scholar(const std::string& scholar_id,
                                                          const std::string& program_id) = 0;
};

class CheckinSettingsRepository {
 public:
  virtual ~CheckinSettingsRepository() = default;
  // not_found when the program never saved settings (the defaults apply).
  virtual Result<CheckinSettings> find(const std::string& program_id) = 0;
  virtual Status save(const CheckinSettings& settings) = 0;
};

class CheckinAlertRepository {
 public:
  virtual ~CheckinAlertRepository() = default;
  // Raises a rule's alert once: true when inserted, false (nothing written) when the scholar
  // already has an alert with the same firing key in the cohort. Safe against a concurrent
  // insert of the same firing (the UNIQUE key decides, in one statement).
  virtual Result<bool> insert_once(const CheckinAlert& alert) = 0;
  // Inserts a conversation request; conflict on field "cohort_id" while the scholar has an
  // unresolved request in the cohort.
  virtual Status insert_request(const CheckinAlert& request) = 0;
  virtual Result<CheckinAlert> find(const std::string& id) = 0;
  // Writes status, claim, resolution and updated_at, but only while the stored status is still
  // `expected` (compare and set): false when someone changed it first. A reopened request that
  // meets another unresolved one of the scholar is a conflict on "cohort_id".
  virtual Result<bool> update_status(const CheckinAlert& alert, AlertStatus expected) = 0;
  // The items of the given cohorts with one of `statuses` (all when empty), newest first.
  virtual Result<std::vector<CheckinAlert>> list_by_cohorts(
      const std::vector<std::string>& cohort_ids, const std::vector<AlertStatus>& statuses) = 0;
  // The scholar's items in the cohort, of one reason when given, newest first.
  virtual Result<std::vector<CheckinAlert>> list_by_scholar(
      const std::string& scholar_id, const std::string& cohort_id,
      const std::optional<AlertReason>& reason) = 0;
  // How many scholars of the cohort have an unresolved alert raised by a rule.
  virtual Result<long long> count_alerted_scholars(const std::string& cohort_id) = 0;

  virtual Status insert_note(const CoachingNote& note) = 0;
  // The item's notes, oldest first.
  virtual Result<std::vector<CoachingNote>> notes(const std::string& alert_id) = 0;
};

class CheckinRepositories {
 public:
  virtual ~CheckinRepositories() = default;
  virtual CheckinScheduleRepository& schedules() = 0;
  virtual CheckinRepository& checkins() = 0;
  virtual ConsentRepository& consents() = 0;
  virtual DisclosureRepository& disclosures() = 0;
  virtual CheckinSettingsRepository& settings() = 0;
  virtual CheckinAlertRepository& alerts() = 0;
};

}  // namespace trellis
