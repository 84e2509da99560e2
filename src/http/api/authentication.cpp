#include "http/api/authentication.h"

#include "core/secret.h"

namespace trellis::http {
namespace {

bool is_safe_method(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

// The value of one cookie from the Cookie header.
std::optional<std::string> cookie_value(const Request& request, std::string_view name) {
  auto header = request.header("cookie");
  if (!header) return std::nullopt;
  std::string_view rest = *header;
  while (!rest.empty()) {
    auto end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name)
      return std::string(pair.substr(eq + 1));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return std::nullopt;
}

Error cross_site() {
  return Error::forbidden(
      "This request did not come from a Trellis page (missing or wrong CSRF token or origin). "
      "Reload the page and try again.");
}

}  // namespace

ClientInfo client_info(const Request& request) {
  ClientInfo c;
  c.address = request.client_address;
  c.user_agent = std::string(request.header("user-agent").value_or(""));
  c.request_id = request.request_id;
  return c;
}

Status check_same_origin(const ApiContext& ctx, const Request& request) {
  if (auto origin = request.header("origin")) {
    std::string expected = ctx.cookies.public_origin;
    if (expected.empty()) {
      auto host = request.header("host").value_or("");
      expected = std::string(ctx.cookies.secure ? "https://" : "http://") + std::string(host);
    }
    if (*origin != expected) return cross_site();
    return ok_status();
  }
  // No Origin: browsers send Sec-Fetch-Site on every request they make.
  if (auto site = request.header("sec-fetch-site"); site && *site == "cross-site")
    return cross_site();
  return ok_status();
}

Result<Actor> authenticate(ApiContext& ctx, const Request& request) {
  ClientInfo client = client_info(request);
  if (auto authorization = request.header("authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization->substr(0, kBearer.size()) != kBearer)
      return Error::unauthenticated("Send API tokens as: Authorization: Bearer trl_…");
    return ctx.auth.actor_for_token(std::string(authorization->substr(kBearer.size())), client);
  }
  Actor anonymous = Actor::anonymous();
  anonymous.client_address = client.address;
  anonymous.request_id = client.request_id;
  auto token = cookie_value(request, session_cookie_name(ctx.cookies));
  if (!token || token->empty()) return anonymous;
  Session session;
  auto actor = ctx.auth.actor_for_session(*token, client, &session);
  if (!actor) {
    if (actor.error().code == ErrorCode::kUnauthenticated) return anonymous;
    return actor.error();
  }
  if (!is_safe_method(request.method)) {
    auto csrf = request.header("x-csrf-token");
    if (!csrf || !constant_time_equals(*csrf, session.csrf_token)) return cross_site();
    TRY(check_same_origin(ctx, request));
  }
  return actor;
}

std::string session_cookie_name(const CookieSettings& settings) {
  return settings.secure ? "__Host-trellis_session" : "trellis_session";
}

std::string session_cookie(const CookieSettings& settings, const std::string& token) {
  std::string c =
      session_cookie_name(settings) + "=" + token +
      "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(settings.max_age_seconds);
  if (settings.secure) c += "; Secure";
  return c;
}

std::string expired_session_cookie(const CookieSettings& settings) {
  std::string c = session_cookie_name(settings) + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0";
  if (settings.secure) c += "; Secure";
  return c;
}

}  // namespace trellis::http
