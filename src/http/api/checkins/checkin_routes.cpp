// Check-ins: the cohort's cadence, what is due, checking in and editing, the scholar's history,
// consent and what was shared, mentors' flags and the cohort view. Each handler: authenticate →
// decode → call one service method → respond.
#include "http/api/authentication.h"
#include "http/api/checkins/checkin_mapping.h"
#include "http/api/mapping.h"
#include "http/api/routes.h"
#include "http/json.h"

namespace trellis::http {
namespace {

// A required id in the query string (?program_id=, ?cohort_id=).
Result<std::string> required_id_param(const Request& req, std::string_view name) {
  auto id = TRY(id_param(req, name));
  if (!id) return Error::invalid(std::string(name) + " is required.", std::string(name));
  return *id;
}

template <typename T>
boost::json::object items_json(const std::vector<T>& list) {
  boost::json::array items;
  for (const auto& item : list) items.push_back(to_json(item));
  return {{"items", std::move(items)}};
}

}  // namespace

// Longer than ~80 lines on purpose: the route table of this family, one short handler each.
void add_checkin_routes(Router& router, ApiContext& ctx) {
  router.add({"GET", "/api/v1/cohorts/{id}/checkin-schedule",
              [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "cohort"));
                CheckinSchedule s = TRY(ctx.checkins.schedule(actor, req.param("id")));
                return json_response(200, to_json(s));
              }});

  router.add({"PUT", "/api/v1/cohorts/{id}/checkin-schedule",
              [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "cohort"));
                auto body = TRY(parse_json_object(req));
                ScheduleInput input = TRY(schedule_from_json(body));
                CheckinSchedule s = TRY(ctx.checkins.save_schedule(actor, req.param("id"), input));
                return json_response(200, to_json(s));
              }});

  router.add({"GET", "/api/v1/programs/{id}/checkin-settings",
              [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "program"));
                CheckinSettings s = TRY(ctx.checkins.settings(actor, req.param("id")));
                return json_response(200, to_json(s));
              }});

  router.add({"PUT", "/api/v1/programs/{id}/checkin-settings",
              [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "program"));
                auto body = TRY(parse_json_object(req));
                CheckinSettings input = TRY(settings_from_json(body));
                CheckinSettings s =
                    TRY(ctx.checkins.save_settings(actor, req.param("id"), std::move(input)));
                return json_response(200, to_json(s));
              }});

  router.add({"GET", "/api/v1/me/checkins/due", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                auto due = TRY(ctx.checkins.due(actor));
                return json_response(200, items_json(due));
              }});

  router.add({"GET", "/api/v1/me/checkins", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                std::string cohort_id = TRY(required_id_param(req, "cohort_id"));
                CheckinHistory h = TRY(ctx.checkins.history(actor, cohort_id));
                return json_response(200, to_json(h));
              }});

  router.add({"POST", "/api/v1/me/checkins", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                auto body = TRY(parse_json_object(req));
                NewCheckin input = TRY(new_checkin_from_json(body));
                CheckinView v = TRY(ctx.checkins.submit(actor, input));
                return created(to_json(v), "/api/v1/checkins/" + v.checkin.id);
              }});

  router.add({"GET", "/api/v1/checkins/{id}", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "check-in"));
                CheckinView v = TRY(ctx.checkins.get(actor, req.param("id")));
                return json_response(200, to_json(v));
              }});

  router.add({"PATCH", "/api/v1/checkins/{id}", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "check-in"));
                auto body = TRY(parse_json_object(req));
                CheckinPatch patch = TRY(checkin_patch_from_json(body));
                CheckinView v = TRY(ctx.checkins.edit(actor, req.param("id"), patch));
                return json_response(200, to_json(v));
              }});

  router.add({"GET", "/api/v1/me/checkin-consent", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                std::string program_id = TRY(required_id_param(req, "program_id"));
                Consent c = TRY(ctx.checkins.consent(actor, program_id));
                return json_response(200, to_json(c));
              }});

  router.add({"PUT", "/api/v1/me/checkin-consent", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                std::string program_id = TRY(required_id_param(req, "program_id"));
                auto body = TRY(parse_json_object(req));
                ConsentInput input = TRY(consent_from_json(body));
                Consent c = TRY(ctx.checkins.set_consent(actor, program_id, input));
                return json_response(200, to_json(c));
              }});

  router.add(
      {"GET", "/api/v1/me/checkin-consent/history", [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         std::string program_id = TRY(required_id_param(req, "program_id"));
         auto history = TRY(ctx.checkins.consent_history(actor, program_id));
         return json_response(200, items_json(history));
       }});

  router.add({"GET", "/api/v1/me/disclosures", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                std::string program_id = TRY(required_id_param(req, "program_id"));
                auto shared = TRY(ctx.checkins.disclosures(actor, program_id));
                return json_response(200, items_json(shared));
              }});

  router.add(
      {"GET", "/api/v1/streams/{id}/checkin-flags", [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "stream"));
         auto flags = TRY(ctx.checkins.support_flags(actor, req.param("id")));
         return json_response(200, items_json(flags));
       }});

  router.add({"GET", "/api/v1/cohorts/{id}/checkin-report",
              [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "cohort"));
                CohortCheckinReport r = TRY(ctx.checkins.cohort_report(actor, req.param("id")));
                return json_response(200, to_json(r));
              }});
}

}  // namespace trellis::http
