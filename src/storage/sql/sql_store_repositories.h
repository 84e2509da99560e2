// SqlRepositories: every repository of one transaction, over one SOCI session. The Store
// (sqlite/ or postgres/) opens the transaction and hands this to the service's function.
// Not thread-safe: one transaction belongs to one thread.
#pragma once

#include "storage/sql/accounts/auth_repositories.h"
#include "storage/sql/assessments/assessment_repositories.h"
#include "storage/sql/checkins/checkin_repositories.h"
#include "storage/sql/jobs/job_lease_repository.h"
#include "storage/sql/sql_repositories.h"
#include "storage/sql/studies/study_repositories.h"

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
        frameworks_(ctx_),
        assessments_(ctx_),
        assessment_reports_(ctx_),
        studies_(ctx_),
        checkins_(ctx_),
        job_leases_(ctx_) {}

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
  FrameworkRepository& frameworks() override { return frameworks_; }
  AssessmentRepository& assessments() override { return assessments_; }
  AssessmentReportRepository& assessment_reports() override { return assessment_reports_; }
  StudyRepositories& studies() override { return studies_; }
  CheckinRepositories& checkins() override { return checkins_; }
  JobLeaseRepository& job_leases() override { return job_leases_; }

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
  SqlFrameworkRepository frameworks_;
  SqlAssessmentRepository assessments_;
  SqlAssessmentReportRepository assessment_reports_;
  SqlStudyRepositories studies_;
  SqlCheckinRepositories checkins_;
  SqlJobLeaseRepository job_leases_;
};

}  // namespace trellis
