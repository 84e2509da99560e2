// SQL implementations of the repositories in storage/accounts/auth_repositories.h, over the same
// SqlContext as the people repositories (see sql_repositories.h). Not thread-safe.
#pragma once

#include "storage/accounts/auth_repositories.h"
#include "storage/sql/sql_repositories.h"

namespace trellis {

class SqlSessionRepository final : public SessionRepository {
 public:
  explicit SqlSessionRepository(SqlContext& ctx) : ctx_(ctx) {}
  Status insert(const Session& session) override;
  Result<Session> find_by_token_hash(const std::string& token_hash) override;
  Result<std::vector<Session>> list_by_user(const std::string& user_id) override;
  Status touch(const std::string& id, Timestamp last_seen_at) override;
  Status remove(const std::string& id) override;
  Status remove_all_for_user(const std::string& user_id) override;
  Result<long long> remove_expired(Timestamp now, Timestamp idle_cutoff) override;

 private:
  SqlContext& ctx_;
};

class SqlApiTokenRepository final : public ApiTokenRepository {
 public:
  explicit SqlApiTokenRepository(SqlContext& ctx) : ctx_(ctx) {}
  Status insert(const ApiToken& token) override;
  Result<ApiToken> find_by_token_hash(const std::string& token_hash) override;
  Result<std::vector<ApiToken>> list_by_user(const std::string& user_id) override;
  Status touch(const std::string& id, Timestamp last_used_at) override;
  Status remove(const std::string& user_id, const std::string& id) override;

 private:
  SqlContext& ctx_;
};

class SqlOneTimeLinkRepository final : public OneTimeLinkRepository {
 public:
  explicit SqlOneTimeLinkRepository(SqlContext& ctx) : ctx_(ctx) {}
  Status insert(const OneTimeLink& link) override;
  Result<OneTimeLink> find_by_token_hash(const std::string& token_hash) override;
  Status mark_used(const std::string& id, Timestamp at) override;
  Result<std::vector<OneTimeLink>> list_invitations(const std::string& cohort_id) override;

 private:
  SqlContext& ctx_;
};

class SqlThrottleRepository final : public ThrottleRepository {
 public:
  explicit SqlThrottleRepository(SqlContext& ctx) : ctx_(ctx) {}
  Result<ThrottleState> get(const std::string& key) override;
  Result<ThrottleState> record_failure(const std::string& key, Timestamp now,
                                       Timestamp forget_before) override;
  Status set_locked_until(const std::string& key, Timestamp until) override;
  Status clear(const std::string& key) override;

 private:
  SqlContext& ctx_;
};

class SqlAuditRepository final : public AuditRepository {
 public:
  explicit SqlAuditRepository(SqlContext& ctx) : ctx_(ctx) {}
  Status append(const AuditEvent& event) override;
  Result<Page<AuditEvent>> list(const AuditQuery& query) override;

 private:
  SqlContext& ctx_;
};

}  // namespace trellis
