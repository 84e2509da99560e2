// SqlRepositories: every repository of one transaction, over one SOCI session. The Store
// (sqlite/ or postgres/) opens the transaction and hands this to the service's function.
// Not thread-safe: one transaction belongs to one thread.
#pragma once

#include "storage/sql/auth_repositories.h"
#include "storage/sql/sql_repositories.h"
#include "storage/sql/study_repositories.h"

namespace trellis {

class SqlRepositories final : public Repositories {
 public:
  explicit SqlRepositories(soci::session& session)
      : ctx_{session, std::nullopt},
        users_(ctx_),
        programs_(ctx_),
        cohorts_(ctx_),
        streams_(ctx_),
        memberships_(ctx_),
        sessions_(ctx_),
        api_tokens_(ctx_),
        links_(ctx_),
        throttle_(ctx_),
        audit_(ctx_),
        studies_(ctx_) {}

  UserRepository& users() override { return users_; }
  ProgramRepository& programs() override { return programs_; }
  CohortRepository& cohorts() override { return cohorts_; }
  StreamRepository& streams() override { return streams_; }
  MembershipRepository& memberships() override { return memberships_; }
  SessionRepository& sessions() override { return sessions_; }
  ApiTokenRepository& api_tokens() override { return api_tokens_; }
  OneTimeLinkRepository& links() override { return links_; }
  ThrottleRepository& throttle() override { return throttle_; }
  AuditRepository& audit() override { return audit_; }
  StudyRepositories& studies() override { return studies_; }

  // The first database error of this transaction, if any.
  const std::optional<Error>& first_failure() const { return ctx_.first_failure; }

 private:
  SqlContext ctx_;
  SqlUserRepository users_;
  SqlProgramRepository programs_;
  SqlCohortRepository cohorts_;
  SqlStreamRepository streams_;
  SqlMembershipRepository memberships_;
  SqlSessionRepository sessions_;
  SqlApiTokenRepository api_tokens_;
  SqlOneTimeLinkRepository links_;
  SqlThrottleRepository throttle_;
  SqlAuditRepository audit_;
  SqlStudyRepositories studies_;
};

}  // namespace trellis
