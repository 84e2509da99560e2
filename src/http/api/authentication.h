// Reading credentials from a request: an API token (Authorization: Bearer trl_…) or the session
// cookie. Cookie-authenticated requests that change state must carry the session's CSRF token
// in X-CSRF-Token and, when the browser sends one, an Origin equal to Trellis's own.
// Every handler starts with authenticate(); what the Actor may do is the services' business.
#pragma once

#include <string>

#include "domain/actor.h"
#include "http/api/context.h"
#include "http/request.h"
#include "service/accounts/auth_service.h"

namespace trellis::http {

// The caller's Actor: anonymous when no credentials came; unauthenticated when a bearer token
// is bad; forbidden when a cookie request lacks its CSRF token or comes from another origin.
// A stale cookie counts as no cookie.
Result<Actor> authenticate(ApiContext& ctx, const Request& request);

// Origin check for requests that carry no session yet (sign-in, invitation acceptance), against
// login CSRF.
Status check_same_origin(const ApiContext& ctx, const Request& request);

ClientInfo client_info(const Request& request);

std::string session_cookie_name(const CookieSettings& settings);
std::string session_cookie(const CookieSettings& settings, const std::string& token);
std::string expired_session_cookie(const CookieSettings& settings);

}  // namespace trellis::http
