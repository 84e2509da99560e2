// Invitations (organizers invite; the invited person previews and accepts), roster import,
// and the audit log.
#include "core/time_format.h"
#include "http/api/authentication.h"
#include "http/api/mapping.h"
#include "http/api/routes.h"
#include "http/json.h"

namespace trellis::http {

// Longer than ~80 lines on purpose: the route table of this family, one short handler each;
// splitting it would scatter the table.
void add_invitation_routes(Router& router, ApiContext& ctx) {
  router.add(
      {"POST", "/api/v1/cohorts/{id}/invitations", [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "cohort"));
         auto body = TRY(parse_json_object(req));
         TRY(reject_unknown_fields(body, {"email", "display_name", "role", "stream_id"}));
         NewInvitation input;
         input.email = TRY(required_string(body, "email"));
         input.display_name = TRY(required_string(body, "display_name"));
         std::string role = TRY(required_string(body, "role"));
         auto parsed = parse_role(role);
         if (!parsed) return Error::invalid("role is not a known role.", "role");
         input.role = *parsed;
         input.stream_id = TRY(optional_string(body, "stream_id"));
         CreatedInvitation inv = TRY(ctx.invitations.invite(actor, req.param("id"), input));
         boost::json::object o{{"id", inv.link.id},
                               {"email", inv.link.email},
                               {"role", role_name(input.role)},
                               {"expires_at", format_rfc3339(inv.link.expires_at)},
                               {"path", "/invitation#token=" + inv.secret},
                               {"token", inv.secret}};
         Response r = json_response(201, o);
         return r;
       }});

  // Invitations for every member who never signed in, to copy (no e-mail is sent yet).
  router.add(
      {"POST", "/api/v1/cohorts/{id}/invitation-batches",
       [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "cohort"));
         if (!req.body.empty()) {
           auto body = TRY(parse_json_object(req));
           TRY(reject_unknown_fields(body, {}));
         }
         auto made = TRY(ctx.invitations.invite_members_never_signed_in(actor, req.param("id")));
         boost::json::array invited, not_invited;
         for (const MemberInvitation& m : made) {
           boost::json::object o{{"membership_id", m.membership.id},
                                 {"user_id", m.user.id},
                                 {"display_name", m.user.display_name},
                                 {"email", m.user.email},
                                 {"role", role_name(m.membership.role)}};
           if (m.invitation) {
             o["id"] = m.invitation->link.id;
             o["expires_at"] = format_rfc3339(m.invitation->link.expires_at);
             o["path"] = "/invitation#token=" + m.invitation->secret;
             invited.push_back(std::move(o));
           } else {
             o["reason"] = m.reason;
             not_invited.push_back(std::move(o));
           }
         }
         return json_response(201, boost::json::object{{"invitations", std::move(invited)},
                                                       {"not_invited", std::move(not_invited)}});
       }});

  router.add(
      {"POST", "/api/v1/invitations/preview", [&ctx](const Request& req) -> Result<Response> {
         auto body = TRY(parse_json_object(req));
         TRY(reject_unknown_fields(body, {"token"}));
         std::string token = TRY(required_string(body, "token"));
         InvitationPreview p = TRY(ctx.invitations.preview(token));
         return json_response(200,
                              boost::json::object{{"program_name", p.program_name},
                                                  {"cohort_name", p.cohort_name},
                                                  {"email", p.email},
                                                  {"display_name", p.display_name},
                                                  {"role", role_name(p.role)},
                                                  {"account_exists", p.account_exists},
                                                  {"sign_in_required", p.sign_in_required},
                                                  {"expires_at", format_rfc3339(p.expires_at)}});
       }});

  router.add(
      {"POST", "/api/v1/invitations/acceptance", [&ctx](const Request& req) -> Result<Response> {
         TRY(check_same_origin(ctx, req));
         // Signed in or not: an existing account accepts only from its own session.
         Actor actor = TRY(authenticate(ctx, req));
         auto body = TRY(parse_json_object(req));
         TRY(reject_unknown_fields(body, {"token", "display_name", "password"}));
         std::string token = TRY(required_string(body, "token"));
         std::string name = TRY(optional_string(body, "display_name")).value_or("");
         std::string password = TRY(optional_string(body, "password")).value_or("");
         AcceptedInvitation a =
             TRY(ctx.invitations.accept(token, name, password, actor, client_info(req)));
         boost::json::object o{{"user", to_json(a.user)}};
         if (a.sign_in) {
           o["csrf_token"] = a.sign_in->session.csrf_token;
           Response r = json_response(201, o);
           r.headers.emplace_back("Set-Cookie",
                                  session_cookie(ctx.cookies, a.sign_in->session_token));
           return r;
         }
         // The session the request came with stays; its CSRF token was just checked.
         o["csrf_token"] = std::string(req.header("x-csrf-token").value_or(""));
         return json_response(201, o);
       }});

  router.add(
      {"POST", "/api/v1/cohorts/{id}/roster-imports",
       [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "cohort"));
         if (!has_media_type(req, "text/csv"))
           return Error::unsupported_media_type("Send the roster as text/csv.");
         bool dry_run = TRY(bool_param(req, "dry_run")).value_or(false);
         ImportMode mode = dry_run ? ImportMode::kDryRun : ImportMode::kApply;
         RosterReport rep = TRY(ctx.rosters.import_csv(actor, req.param("id"), req.body, mode));
         return json_response(rep.applied ? 201 : 200,
                              boost::json::object{{"rows", rep.rows},
                                                  {"accounts_created", rep.accounts_created},
                                                  {"memberships_added", rep.memberships_added},
                                                  {"unchanged", rep.unchanged},
                                                  {"applied", rep.applied}});
       }});

  router.add(
      {"GET", "/api/v1/programs/{id}/audit-events", [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "program"));
         PageRequest page = TRY(page_request(req));
         std::string action(req.query_param("action").value_or(""));
         auto events = TRY(ctx.audit.list(actor, req.param("id"), action, page));
         return json_response(200, page_json(events, to_json));
       }});
}

}  // namespace trellis::http
