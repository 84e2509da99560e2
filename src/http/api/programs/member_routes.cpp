// Cohort memberships: who holds which role, listed with the filters the roster page needs.
#include "http/api/authentication.h"
#include "http/api/mapping.h"
#include "http/api/routes.h"
#include "http/json.h"

namespace trellis::http {

void add_member_routes(Router& router, ApiContext& ctx) {
  router.add(
      {"POST", "/api/v1/cohorts/{id}/members", [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "cohort"));
         auto body = TRY(parse_json_object(req));
         TRY(reject_unknown_fields(body, {"email", "display_name", "role", "stream_id"}));
         NewMember input;
         input.email = TRY(required_string(body, "email"));
         input.display_name = TRY(optional_string(body, "display_name")).value_or("");
         std::string role = TRY(required_string(body, "role"));
         auto parsed = parse_role(role);
         if (!parsed)
           return Error::invalid(
               "role must be one of scholar, mentor, support, organizer, alumnus, "
               "analyst.",
               "role");
         input.role = *parsed;
         input.stream_id = TRY(optional_string(body, "stream_id"));
         MemberView m = TRY(ctx.members.add_member(actor, req.param("id"), input));
         return created(to_json(m), "/api/v1/memberships/" + m.membership.id);
       }});

  router.add(
      {"GET", "/api/v1/cohorts/{id}/members", [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "cohort"));
         PageRequest page = TRY(page_request(req));
         MembershipFilter filter;
         if (auto role = req.query_param("role")) {
           filter.role = parse_role(*role);
           if (!filter.role) return Error::invalid("role is not a known role.", "role");
         }
         if (auto stream = req.query_param("stream_id")) filter.stream_id = std::string(*stream);
         auto members = TRY(ctx.members.list_members(actor, req.param("id"), filter, page));
         return json_response(200, page_json(members, to_json));
       }});

  router.add({"PATCH", "/api/v1/memberships/{id}", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "membership"));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(body, {"role", "stream_id"}));
                MemberPatch patch;
                if (auto role = TRY(optional_string(body, "role"))) {
                  patch.role = parse_role(*role);
                  if (!patch.role)
                    return Error::invalid(
                        "role must be one of scholar, mentor, support, organizer, alumnus, "
                        "analyst.",
                        "role");
                }
                if (const auto* stream = body.if_contains("stream_id")) {
                  if (stream->is_null())
                    patch.stream_id = std::optional<std::string>();
                  else if (stream->is_string())
                    patch.stream_id = std::optional<std::string>(std::string(stream->as_string()));
                  else
                    return Error::invalid("stream_id must be a stream's id, or null for none.",
                                          "stream_id");
                }
                if (!patch.role && !patch.stream_id)
                  return Error::invalid("Send role, stream_id or both.", "role");
                MemberView m = TRY(ctx.members.update_member(actor, req.param("id"), patch));
                return json_response(200, to_json(m));
              }});

  router.add({"DELETE", "/api/v1/memberships/{id}", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "membership"));
                TRY(ctx.members.remove_member(actor, req.param("id")));
                return no_content();
              }});
}

}  // namespace trellis::http
