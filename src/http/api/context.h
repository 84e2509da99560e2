// ApiContext: what the API handlers share: the services, the metrics, and how credentials are
// read. Built once from the one Services by the composition root (cli/serve) and by tests.
#pragma once

#include <string>
#include <utility>

#include "core/clock.h"
#include "http/metrics.h"
#include "service/services.h"
#include "storage/store.h"

namespace trellis::http {

struct CookieSettings {
  bool secure = false;  // Secure attribute and the __Host- prefix (HTTPS deployments)
  int max_age_seconds = 14 * 24 * 3600;
  std::string public_origin;  // "https://trellis.example.org"; empty: trust the Host header
};

struct ApiContext {
  ApiContext(Services& services, Metrics& metrics_in, CookieSettings cookie_settings,
             std::string metrics_token_in = {})
      : store(services.store),
        clock(services.clock),
        metrics(metrics_in),
        programs(services.programs),
        members(services.members),
        users(services.users),
        auth(services.auth),
        invitations(services.invitations),
        rosters(services.rosters),
        audit(services.audit),
        cookies(std::move(cookie_settings)),
        frameworks(services.frameworks),
        assessments(services.assessments),
        reports(services.reports),
        studies(services.studies),
        checkins(services.checkins),
        support(services.support),
        checkin_alerts(services.checkin_alerts),
        metrics_token(std::move(metrics_token_in)) {}

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
  CheckinService& checkins;
  SupportQueueService& support;
  CheckinAlertJob& checkin_alerts;
  std::string metrics_token;  // when set, GET /metrics needs it as a bearer token
};

}  // namespace trellis::http
