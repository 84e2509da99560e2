// Services: every use case of Trellis over one store and clock, built in one place for the
// server (cli/serve, the composition root) and for the tests that build the route table
// in-process. Members are declared in dependency order (invitations use auth; the study
// services' suggestions subscribe to coding). Thread-safe as its parts are.
#pragma once

#include "core/clock.h"
#include "service/accounts/auth_service.h"
#include "service/accounts/invitation_service.h"
#include "service/accounts/user_service.h"
#include "service/assessments/assessment_service.h"
#include "service/assessments/framework_service.h"
#include "service/assessments/report_service.h"
#include "service/audit_service.h"
#include "service/checkins/alert_evaluation.h"
#include "service/checkins/checkin_service.h"
#include "service/checkins/support_queue.h"
#include "service/programs/member_service.h"
#include "service/programs/program_service.h"
#include "service/programs/roster_service.h"
#include "service/studies/study_services.h"
#include "storage/store.h"

namespace trellis {

struct Services {
  Services(Store& store_in, const Clock& clock_in, AuthSettings auth_settings = {})
      : store(store_in),
        clock(clock_in),
        programs(store, clock),
        members(store, clock),
        users(store, clock),
        auth(store, clock, auth_settings),
        invitations(store, clock, auth),
        rosters(store, clock),
        audit(store),
        frameworks(store, clock),
        assessments(store, clock),
        reports(store, clock),
        studies(store, clock),
        checkins(store, clock),
        support(store, clock),
        checkin_alerts(store, clock) {
    // People who join a cohort (or change role or stream) get its open rounds' assignments.
    members.set_membership_listener(&assessments);
    rosters.set_membership_listener(&assessments);
    invitations.set_membership_listener(&assessments);
  }
  Services(const Services&) = delete;
  Services& operator=(const Services&) = delete;

  Store& store;
  const Clock& clock;
  ProgramService programs;
  MemberService members;
  UserService users;
  AuthService auth;
  InvitationService invitations;
  RosterService rosters;
  AuditService audit;
  FrameworkService frameworks;
  AssessmentService assessments;
  ReportService reports;
  StudyServices studies;
  CheckinService checkins;
  SupportQueueService support;
  CheckinAlertJob checkin_alerts;
};

}  // namespace trellis
