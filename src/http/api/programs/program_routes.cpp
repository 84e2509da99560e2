// Programs, cohorts and streams. Each handler: authenticate → decode → call one service
// method → respond. Access and validation live in the services.
#include "http/api/authentication.h"
#include "http/api/mapping.h"
#include "http/api/routes.h"
#include "http/json.h"

namespace trellis::http {
namespace {

Result<std::optional<int>> optional_small_int(const boost::json::object& o,
                                              std::string_view field) {
  auto v = TRY(optional_int(o, field));
  if (!v) return std::optional<int>();
  if (*v < -1000000 || *v > 1000000)
    return Error::invalid(std::string(field) + " is out of range.", std::string(field));
  return std::optional<int>(static_cast<int>(*v));
}

}  // namespace

// Longer than ~80 lines on purpose: the route table of this family, one short handler each;
// splitting it would scatter the table.
void add_program_routes(Router& router, ApiContext& ctx) {
  router.add({"POST", "/api/v1/programs", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(
                    body, {"name", "description", "min_group_size",
                           "show_mentor_ratings_to_scholars", "mentors_rate_first"}));
                NewProgram input;
                input.name = TRY(required_string(body, "name"));
                input.description = TRY(optional_string(body, "description")).value_or("");
                input.min_group_size = TRY(optional_small_int(body, "min_group_size"));
                input.show_mentor_ratings_to_scholars =
                    TRY(optional_bool(body, "show_mentor_ratings_to_scholars"));
                input.mentors_rate_first = TRY(optional_bool(body, "mentors_rate_first"));
                Program p = TRY(ctx.programs.create_program(actor, input));
                return created(to_json(p), "/api/v1/programs/" + p.id);
              }});

  router.add({"GET", "/api/v1/programs", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                PageRequest page = TRY(page_request(req));
                auto programs = TRY(ctx.programs.list_programs(actor, page));
                return json_response(200, page_json(programs, to_json));
              }});

  router.add({"GET", "/api/v1/programs/{id}", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "program"));
                Program p = TRY(ctx.programs.get_program(actor, req.param("id")));
                return json_response(200, to_json(p));
              }});

  router.add({"PATCH", "/api/v1/programs/{id}", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "program"));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(
                    body, {"name", "description", "min_group_size",
                           "show_mentor_ratings_to_scholars", "mentors_rate_first"}));
                ProgramPatch patch;
                patch.name = TRY(optional_string(body, "name"));
                patch.description = TRY(optional_string(body, "description"));
                patch.min_group_size = TRY(optional_small_int(body, "min_group_size"));
                patch.show_mentor_ratings_to_scholars =
                    TRY(optional_bool(body, "show_mentor_ratings_to_scholars"));
                patch.mentors_rate_first = TRY(optional_bool(body, "mentors_rate_first"));
                Program p = TRY(ctx.programs.update_program(actor, req.param("id"), patch));
                return json_response(200, to_json(p));
              }});

  router.add(
      {"POST", "/api/v1/programs/{id}/cohorts", [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "program"));
         auto body = TRY(parse_json_object(req));
         TRY(reject_unknown_fields(body, {"name", "starts_on", "ends_on", "timezone"}));
         NewCohort input;
         input.name = TRY(required_string(body, "name"));
         input.starts_on = TRY(required_string(body, "starts_on"));
         input.ends_on = TRY(required_string(body, "ends_on"));
         input.timezone = TRY(optional_string(body, "timezone"));
         Cohort c = TRY(ctx.programs.create_cohort(actor, req.param("id"), input));
         return created(to_json(c), "/api/v1/cohorts/" + c.id);
       }});

  router.add(
      {"GET", "/api/v1/programs/{id}/cohorts", [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "program"));
         PageRequest page = TRY(page_request(req));
         auto cohorts = TRY(ctx.programs.list_cohorts(actor, req.param("id"), page));
         return json_response(200, page_json(cohorts, to_json));
       }});

  router.add({"GET", "/api/v1/cohorts/{id}", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "cohort"));
                Cohort c = TRY(ctx.programs.get_cohort(actor, req.param("id")));
                return json_response(200, to_json(c));
              }});

  router.add({"PATCH", "/api/v1/cohorts/{id}", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "cohort"));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(body, {"name", "starts_on", "ends_on", "timezone"}));
                CohortPatch patch;
                patch.name = TRY(optional_string(body, "name"));
                patch.starts_on = TRY(optional_string(body, "starts_on"));
                patch.ends_on = TRY(optional_string(body, "ends_on"));
                patch.timezone = TRY(optional_string(body, "timezone"));
                Cohort c = TRY(ctx.programs.update_cohort(actor, req.param("id"), patch));
                return json_response(200, to_json(c));
              }});

  router.add(
      {"POST", "/api/v1/cohorts/{id}/streams", [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "cohort"));
         auto body = TRY(parse_json_object(req));
         TRY(reject_unknown_fields(body, {"name"}));
         std::string name = TRY(required_string(body, "name"));
         Stream s = TRY(ctx.programs.create_stream(actor, req.param("id"), name));
         return created(to_json(s), "/api/v1/streams/" + s.id);
       }});

  router.add(
      {"GET", "/api/v1/cohorts/{id}/streams", [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "cohort"));
         auto streams = TRY(ctx.programs.list_streams(actor, req.param("id")));
         boost::json::array items;
         for (const Stream& s : streams) items.push_back(to_json(s));
         return json_response(200, boost::json::object{{"items", std::move(items)}});
       }});

  router.add({"GET", "/api/v1/streams/{id}", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "stream"));
                Stream s = TRY(ctx.programs.get_stream(actor, req.param("id")));
                return json_response(200, to_json(s));
              }});

  router.add({"PATCH", "/api/v1/streams/{id}", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "stream"));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(body, {"name"}));
                std::string name = TRY(required_string(body, "name"));
                Stream s = TRY(ctx.programs.rename_stream(actor, req.param("id"), name));
                return json_response(200, to_json(s));
              }});
}

}  // namespace trellis::http
