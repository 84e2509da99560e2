// The repositories of repositories.h, written once in SQL that SQLite 3.40 and PostgreSQL 15
// both accept, over one SOCI session inside a transaction the Store opened.
//
// A database error inside a transaction dooms it: PostgreSQL refuses every later statement and
// silently turns COMMIT into ROLLBACK. So SqlContext remembers the first failure and the Store
// refuses to commit after one, on both backends alike, even when fn returns ok.
// Not thread-safe: one transaction belongs to one thread.
#pragma once

#include <soci/session.h>

#include <exception>
#include <optional>
#include <string_view>

#include "storage/repositories.h"

namespace trellis {

struct SqlContext {
  soci::session& session;
  std::optional<Error> first_failure;

  // Translates a database exception (see errors.h) and remembers the first one.
  Error fail(const std::exception& e, std::string_view table);
};

class SqlUserRepository final : public UserRepository {
 public:
  explicit SqlUserRepository(SqlContext& ctx) : ctx_(ctx) {}
  Status insert(const User& user, const std::string& password_hash) override;
  Result<User> find(const std::string& id) override;
  Result<User> find_by_email(const std::string& email) override;
  Result<std::string> password_hash(const std::string& user_id) override;
  Status set_password_hash(const std::string& user_id, const std::string& hash) override;
  Status update(const User& user) override;
  Status record_sign_in(const std::string& user_id, Timestamp at) override;
  Result<Page<User>> list(const PageRequest& page) override;
  Result<long long> count() override;

 private:
  Result<User> find_where(const std::string& column, const std::string& value);
  SqlContext& ctx_;
};

class SqlProgramRepository final : public ProgramRepository {
 public:
  explicit SqlProgramRepository(SqlContext& ctx) : ctx_(ctx) {}
  Status insert(const Program& program) override;
  Result<Program> find(const std::string& id) override;
  Result<Program> find_by_name(const std::string& name) override;
  Status update(const Program& program) override;
  Result<Page<Program>> list(const PageRequest& page) override;

 private:
  Result<Program> find_where(const std::string& column, const std::string& value);
  SqlContext& ctx_;
};

class SqlCohortRepository final : public CohortRepository {
 public:
  explicit SqlCohortRepository(SqlContext& ctx) : ctx_(ctx) {}
  Status insert(const Cohort& cohort) override;
  Result<Cohort> find(const std::string& id) override;
  Status update(const Cohort& cohort) override;
  Result<Page<Cohort>> list_by_program(const std::string& program_id,
                                       const PageRequest& page) override;

 private:
  SqlContext& ctx_;
};

class SqlStreamRepository final : public StreamRepository {
 public:
  explicit SqlStreamRepository(SqlContext& ctx) : ctx_(ctx) {}
  Status insert(const Stream& stream) override;
  Result<Stream> find(const std::string& id) override;
  Status update(const Stream& stream) override;
  Result<std::vector<Stream>> list_by_cohort(const std::string& cohort_id) override;

 private:
  SqlContext& ctx_;
};

class SqlMembershipRepository final : public MembershipRepository {
 public:
  explicit SqlMembershipRepository(SqlContext& ctx) : ctx_(ctx) {}
  Status insert(const Membership& membership) override;
  Result<Membership> find(const std::string& id) override;
  Status remove(const std::string& id) override;
  Status update(const Membership& membership) override;
  Result<Page<Membership>> list_by_cohort(const std::string& cohort_id,
                                          const MembershipFilter& filter,
                                          const PageRequest& page) override;
  Result<std::vector<Membership>> list_by_user(const std::string& user_id) override;
  Result<std::vector<Grant>> list_grants(const std::string& user_id) override;

 private:
  Error name_missing_reference(const Membership& membership, Error error);
  SqlContext& ctx_;
};

}  // namespace trellis
