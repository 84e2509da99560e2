// Accounts, for site administrators: list, create, disable, and issue password-reset links.
#include "core/time_format.h"
#include "http/api/authentication.h"
#include "http/api/mapping.h"
#include "http/api/routes.h"
#include "http/json.h"

namespace trellis::http {

void add_user_routes(Router& router, ApiContext& ctx) {
  router.add({"GET", "/api/v1/users", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                PageRequest page = TRY(page_request(req));
                auto users = TRY(ctx.users.list_users(actor, page));
                return json_response(200, page_json(users, to_json));
              }});

  router.add({"POST", "/api/v1/users", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(body, {"email", "display_name", "password", "is_admin"}));
                NewUser input;
                input.email = TRY(required_string(body, "email"));
                input.display_name = TRY(required_string(body, "display_name"));
                input.password = TRY(required_string(body, "password"));
                input.is_admin = TRY(optional_bool(body, "is_admin")).value_or(false);
                User u = TRY(ctx.users.create_user(actor, input));
                return created(to_json(u), "/api/v1/users/" + u.id);
              }});

  router.add({"GET", "/api/v1/users/{id}", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "user"));
                User u = TRY(ctx.users.get_user(actor, req.param("id")));
                return json_response(200, to_json(u));
              }});

  router.add({"PATCH", "/api/v1/users/{id}", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "user"));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(body, {"disabled"}));
                auto disabled = TRY(optional_bool(body, "disabled"));
                if (!disabled) return Error::invalid("disabled is required.", "disabled");
                User u = TRY(ctx.auth.set_disabled(actor, req.param("id"), *disabled));
                return json_response(200, to_json(u));
              }});

  router.add(
      {"POST", "/api/v1/users/{id}/password-resets",
       [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "user"));
         std::string secret = TRY(ctx.auth.create_password_reset(actor, req.param("id")));
         // The link's secret sits in the fragment, which browsers never send to servers.
         boost::json::object o{{"path", "/reset-password#token=" + secret}, {"token", secret}};
         Response r = json_response(201, o);
         return r;
       }});
}

}  // namespace trellis::http
