// Signing in and out, the signed-in account, its sessions and API tokens, and password resets.
#include "core/time_format.h"
#include "http/api/authentication.h"
#include "http/api/mapping.h"
#include "http/api/routes.h"
#include "http/json.h"

namespace trellis::http {
namespace {

// 201 with the session cookie and what the web UI needs: the account and the CSRF token.
Response signed_in(const ApiContext& ctx, const SignIn& s) {
  boost::json::object body{{"session", session_json(s.session, true)},
                           {"user", to_json(s.user)},
                           {"csrf_token", s.session.csrf_token}};
  Response r = json_response(201, body);
  r.headers.emplace_back("Set-Cookie", session_cookie(ctx.cookies, s.session_token));
  r.headers.emplace_back("Location", "/api/v1/sessions/current");
  return r;
}

}  // namespace

// Longer than ~80 lines on purpose: the route table of this family, one short handler each;
// splitting it would scatter the table.
void add_account_routes(Router& router, ApiContext& ctx) {
  router.add({"POST", "/api/v1/sessions", [&ctx](const Request& req) -> Result<Response> {
                TRY(check_same_origin(ctx, req));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(body, {"email", "password"}));
                std::string email = TRY(required_string(body, "email"));
                std::string password = TRY(required_string(body, "password"));
                SignIn s = TRY(ctx.auth.sign_in(email, password, client_info(req)));
                return signed_in(ctx, s);
              }});

  router.add({"GET", "/api/v1/sessions/current", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                if (!actor.signed_in()) return Error::unauthenticated();
                User u = TRY(ctx.users.get_user(actor, actor.user_id));
                boost::json::object body{{"user", account_json(u, actor)}};
                if (!actor.session_id.empty()) {
                  for (const Session& s : TRY(ctx.auth.list_sessions(actor)))
                    if (s.id == actor.session_id) {
                      body["session"] = session_json(s, true);
                      body["csrf_token"] = s.csrf_token;
                    }
                }
                return json_response(200, body);
              }});

  router.add({"DELETE", "/api/v1/sessions/current", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(ctx.auth.sign_out(actor));
                Response r = no_content();
                r.headers.emplace_back("Set-Cookie", expired_session_cookie(ctx.cookies));
                return r;
              }});

  router.add({"GET", "/api/v1/sessions", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                boost::json::array items;
                for (const Session& s : TRY(ctx.auth.list_sessions(actor)))
                  items.push_back(session_json(s, s.id == actor.session_id));
                return json_response(200, boost::json::object{{"items", std::move(items)}});
              }});

  router.add({"DELETE", "/api/v1/sessions/{id}", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "session"));
                TRY(ctx.auth.end_session(actor, req.param("id")));
                return no_content();
              }});

  router.add({"PUT", "/api/v1/me/password", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(body, {"current_password", "new_password"}));
                std::string current = TRY(required_string(body, "current_password"));
                std::string next = TRY(required_string(body, "new_password"));
                TRY(ctx.auth.change_password(actor, current, next));
                return no_content();
              }});

  router.add({"GET", "/api/v1/me/tokens", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                boost::json::array items;
                for (const ApiToken& t : TRY(ctx.auth.list_api_tokens(actor)))
                  items.push_back(to_json(t));
                return json_response(200, boost::json::object{{"items", std::move(items)}});
              }});

  router.add({"POST", "/api/v1/me/tokens", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(body, {"name", "expires_in_days"}));
                std::string name = TRY(required_string(body, "name"));
                auto days = TRY(optional_int(body, "expires_in_days"));
                NewApiToken t = TRY(ctx.auth.create_api_token(actor, name, days));
                boost::json::object o = to_json(t.token);
                o["secret"] = t.secret;  // shown this once
                return created(o, "/api/v1/me/tokens/" + t.token.id);
              }});

  router.add({"DELETE", "/api/v1/me/tokens/{id}", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "token"));
                TRY(ctx.auth.revoke_api_token(actor, req.param("id")));
                return no_content();
              }});

  // The secret travels in the body, never in the URL, so it stays out of access logs.
  router.add({"POST", "/api/v1/password-resets/redemption",
              [&ctx](const Request& req) -> Result<Response> {
                TRY(check_same_origin(ctx, req));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(body, {"token", "new_password"}));
                std::string token = TRY(required_string(body, "token"));
                std::string password = TRY(required_string(body, "new_password"));
                TRY(ctx.auth.reset_password(token, password, client_info(req)));
                return no_content();
              }});
}

}  // namespace trellis::http
