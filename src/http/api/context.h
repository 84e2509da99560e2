// ApiContext: what the API handlers share: the services, and the step that turns a request's
// credentials into an Actor. Built once by the composition root (cli/serve).
#pragma once

#include <functional>

#include "core/clock.h"
#include "domain/actor.h"
#include "http/metrics.h"
#include "http/request.h"
#include "service/member_service.h"
#include "service/program_service.h"
#include "service/user_service.h"
#include "storage/store.h"

namespace trellis::http {

struct ApiContext {
  Store& store;
  const Clock& clock;
  Metrics& metrics;
  ProgramService& programs;
  MemberService& members;
  UserService& users;
  // Resolves the request's session cookie or API token into an Actor (anonymous when none).
  // Fails only for credentials that are present but unusable in a way worth reporting.
  std::function<Result<Actor>(const Request&)> authenticate;
};

}  // namespace trellis::http
