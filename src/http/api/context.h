// ApiContext: what the API handlers share: the services, and how credentials are read.
// Built once by the composition root (cli/serve).
#pragma once

#include <string>

#include "core/clock.h"
#include "http/metrics.h"
#include "service/assessment_service.h"
#include "service/audit_service.h"
#include "service/auth_service.h"
#include "service/framework_service.h"
#include "service/invitation_service.h"
#include "service/member_service.h"
#include "service/program_service.h"
#include "service/report_service.h"
#include "service/roster_service.h"
#include "service/study_services.h"
#include "service/user_service.h"
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
  std::string metrics_token;  // when set, GET /metrics needs it as a bearer token
};

}  // namespace trellis::http
