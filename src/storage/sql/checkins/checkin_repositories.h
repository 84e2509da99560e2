// The check-in repositories of storage/checkins/checkin_repositories.h in SQL both databases
// accept, over the SOCI session of the transaction the Store opened. Not thread-safe: one
// transaction, one thread.
#pragma once

#include "storage/checkins/checkin_repositories.h"
#include "storage/sql/sql_repositories.h"

namespace trellis {

class SqlCheckinScheduleRepository final : public CheckinScheduleRepository {
 public:
  explicit SqlCheckinScheduleRepository(SqlContext& ctx) : ctx_(ctx) {}
  Result<CheckinSchedule> find(const std::string& cohort_id) override;
  Status save(const CheckinSchedule& schedule) override;

 private:
  SqlContext& ctx_;
};

class SqlCheckinRepository final : public CheckinRepository {
 public:
  explicit SqlCheckinRepository(SqlContext& ctx) : ctx_(ctx) {}
  Status insert(const Checkin& checkin) override;
  Result<Checkin> find(const std::string& id) override;
  Status update(const Checkin& checkin) override;
  Result<std::vector<Checkin>> list_by_scholar(const std::string& scholar_id,
                                               const std::string& cohort_id) override;
  Result<std::vector<Checkin>> list_by_cohort(const std::string& cohort_id, const std::string& from,
                                              const std::string& to) override;
  Result<std::vector<CheckinPeriodCounts>> period_counts(
      const std::string& cohort_id, const std::string& from, const std::string& to,
      const std::optional<std::vector<std::string>>& only_scholars) override;

 private:
  SqlContext& ctx_;
};

class SqlConsentRepository final : public ConsentRepository {
 public:
  explicit SqlConsentRepository(SqlContext& ctx) : ctx_(ctx) {}
  Result<Consent> find(const std::string& scholar_id, const std::string& program_id) override;
  Status save(const Consent& consent, const ConsentChange& change) override;
  Result<std::vector<ConsentChange>> history(const std::string& scholar_id,
                                             const std::string& program_id) override;
  Result<std::vector<Consent>> list_by_program(const std::string& program_id) override;

 private:
  SqlContext& ctx_;
};

class SqlDisclosureRepository final : public DisclosureRepository {
 public:
  explicit SqlDisclosureRepository(SqlContext& ctx) : ctx_(ctx) {}
  Result<bool> insert_once(const Disclosure& disclosure) override;
  Result<std::vector<Disclosure>> list_by_scholar(const std::string& scholar_id,
                                                  const std::string& program_id) override;

 private:
  SqlContext& ctx_;
};

class SqlCheckinSettingsRepository final : public CheckinSettingsRepository {
 public:
  explicit SqlCheckinSettingsRepository(SqlContext& ctx) : ctx_(ctx) {}
  Result<CheckinSettings> find(const std::string& program_id) override;
  Status save(const CheckinSettings& settings) override;

 private:
  SqlContext& ctx_;
};

class SqlCheckinAlertRepository final : public CheckinAlertRepository {
 public:
  explicit SqlCheckinAlertRepository(SqlContext& ctx) : ctx_(ctx) {}
  Result<bool> insert_once(const CheckinAlert& alert) override;
  Status insert_request(const CheckinAlert& request) override;
  Result<CheckinAlert> find(const std::string& id) override;
  Result<bool> update_status(const CheckinAlert& alert, AlertStatus expected) override;
  Result<std::vector<CheckinAlert>> list_by_cohorts(
      const std::vector<std::string>& cohort_ids,
      const std::vector<AlertStatus>& statuses) override;
  Result<std::vector<CheckinAlert>> list_by_scholar(
      const std::string& scholar_id, const std::string& cohort_id,
      const std::optional<AlertReason>& reason) override;
  Result<long long> count_alerted_scholars(const std::string& cohort_id) override;
  Status insert_note(const CoachingNote& note) override;
  Result<std::vector<CoachingNote>> notes(const std::string& alert_id) override;

 private:
  SqlContext& ctx_;
};

class SqlCheckinRepositories final : public CheckinRepositories {
 public:
  explicit SqlCheckinRepositories(SqlContext& ctx)
      : schedules_(ctx),
        checkins_(ctx),
        consents_(ctx),
        disclosures_(ctx),
        settings_(ctx),
        alerts_(ctx) {}
  CheckinScheduleRepository& schedules() override { return schedules_; }
  CheckinRepository& checkins() override { return checkins_; }
  ConsentRepository& consents() override { return consents_; }
  DisclosureRepository& disclosures() override { return disclosures_; }
  CheckinSettingsRepository& settings() override { return settings_; }
  CheckinAlertRepository& alerts() override { return alerts_; }

 private:
  SqlCheckinScheduleRepository schedules_;
  SqlCheckinRepository checkins_;
  SqlConsentRepository consents_;
  SqlDisclosureRepository disclosures_;
  SqlCheckinSettingsRepository settings_;
  SqlCheckinAlertRepository alerts_;
};

}  // namespace trellis
