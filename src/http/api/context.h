// ApiContext: what the API handlers share: the services, and how credentials are read.
// Built once by the composition root (cli/serve).
#pragma once

#include <string>

#include "core/clock.h"
#include "http/metrics.h"
#include "service/accounts/auth_service.h"
#include "service/accounts/invitation_service.h"
#include "service/accounts/user_service.h"
#include "service/assessments/assessment_service.h"
#include "service/assessments/framework_service.h"
#include "service/assessments/report_service.h"
#include "service/audit_service.h"
#include "service/programs/member_service.h"
#include "service/programs/program_service.h"
#include "service/programs/roster_service.h"
#include "service/studies/study_services.h"
#include "storage/store.h"

namespace trellis::http {

struct CookieSettings {
  bool secure = false;  // Secure attribute and the __Host- prefix (HTTPS deployments)
  int max_age_seconds = 14 * 24 * 3600;
  std::string public_origin;  // "https://trellis.example.org"; empty: trust the Host header
};

struct ApiContext {
  Store& store;
  const Clock& clock;
  Metrics& metrics;
  ProgramService& programs;
  MemberService& members;
  UserService& users;
  AuthService& auth;
  InvitationService& invitations;
  RosterService& rosters;
  AuditService& audit;
  CookieSettings cookies;
  FrameworkService& frameworks;
  AssessmentService& assessments;
  ReportService& reports;
  StudyServices& studies;
};

}  // namespace trellis::http
