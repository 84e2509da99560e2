// Frameworks, assessment rounds, assessments (drafts and submissions) and what is due. Each
// handler: authenticate → decode → call one service method → respond.
#include "core/time_format.h"
#include "http/api/assessments/assessment_mapping.h"
#include "http/api/authentication.h"
#include "http/api/mapping.h"
#include "http/api/routes.h"
#include "http/json.h"

namespace trellis::http {
namespace {

Result<Timestamp> time_field(const boost::json::object& body, std::string_view field) {
  std::string text = TRY(required_string(body, field));
  auto t = parse_rfc3339(text);
  if (!t)
    return Error::invalid(std::string(field) + " must be a time such as 2027-03-01T09:00:00Z.",
                          std::string(field));
  return *t;
}

Result<std::optional<Timestamp>> optional_time_field(const boost::json::object& body,
                                                     std::string_view field) {
  if (!body.contains(field)) return std::optional<Timestamp>();
  return std::optional<Timestamp>(TRY(time_field(body, field)));
}

Result<std::vector<RaterKind>> rater_kinds_field(const boost::json::object& body) {
  const auto* v = body.if_contains("rater_kinds");
  if (!v || !v->is_array())
    return Error::invalid("rater_kinds must be a list such as [\"self\", \"mentor\"].",
                          "rater_kinds");
  std::vector<RaterKind> out;
  for (const auto& item : v->as_array()) {
    auto kind = item.is_string() ? parse_rater_kind(item.as_string()) : std::nullopt;
    if (!kind)
      return Error::invalid("rater_kinds may hold self, mentor, peer and support.", "rater_kinds");
    out.push_back(*kind);
  }
  return out;
}

Result<RoundView> round_for(ApiContext& ctx, const Request& req, const Actor& actor) {
  TRY(check_id(req, "id", "assessment round"));
  return ctx.assessments.get_round(actor, req.param("id"));
}

}  // namespace

// Longer than ~80 lines on purpose: the route table of this family, one short handler each;
// splitting it would scatter the table.
void add_assessment_routes(Router& router, ApiContext& ctx) {
  router.add(
      {"GET", "/api/v1/programs/{id}/framework", [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "program"));
         FrameworkVersion v = TRY(ctx.frameworks.current(actor, req.param("id")));
         return json_response(200, to_json(v));
       }});

  router.add(
      {"PUT", "/api/v1/programs/{id}/framework", [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "program"));
         auto body = TRY(parse_json_object(req));
         TRY(reject_unknown_fields(body, {"based_on", "name", "qualities"}));
         FrameworkEdit edit;
         auto based_on = TRY(optional_int(body, "based_on"));
         if (!based_on || *based_on < 1 || *based_on > 1000000)
           return Error::invalid("based_on (the version you edited) is required.", "based_on");
         edit.based_on = static_cast<int>(*based_on);
         edit.name = TRY(optional_string(body, "name"));
         const auto* qualities = body.if_contains("qualities");
         if (!qualities) return Error::invalid("qualities is required.", "qualities");
         edit.qualities = TRY(qualities_from_json(*qualities));
         FrameworkVersion v = TRY(ctx.frameworks.edit(actor, req.param("id"), edit));
         return json_response(200, to_json(v));
       }});

  router.add({"GET", "/api/v1/programs/{id}/framework/versions",
              [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "program"));
                auto versions = TRY(ctx.frameworks.versions(actor, req.param("id")));
                boost::json::array items;
                for (const auto& v : versions) items.push_back(version_summary_json(v));
                return json_response(200, boost::json::object{{"items", std::move(items)}});
              }});

  router.add(
      {"GET", "/api/v1/framework-versions/{id}", [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "framework version"));
         FrameworkVersion v = TRY(ctx.frameworks.version(actor, req.param("id")));
         return json_response(200, to_json(v));
       }});

  router.add({"POST", "/api/v1/cohorts/{id}/assessment-rounds",
              [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "cohort"));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(
                    body, {"name", "opens_at", "closes_at", "rater_kinds", "peers_per_scholar",
                           "peer_selection", "framework_version_id"}));
                NewRound input;
                input.name = TRY(required_string(body, "name"));
                input.opens_at = TRY(time_field(body, "opens_at"));
                input.closes_at = TRY(time_field(body, "closes_at"));
                input.rater_kinds = TRY(rater_kinds_field(body));
                auto peers = TRY(optional_int(body, "peers_per_scholar"));
                if (peers && (*peers < 0 || *peers > kMaxPeersPerScholar))
                  return Error::invalid("peers_per_scholar must be between 0 and 10.",
                                        "peers_per_scholar");
                input.peers_per_scholar = static_cast<int>(peers.value_or(0));
                if (auto s = TRY(optional_string(body, "peer_selection"))) {
                  auto parsed = parse_peer_selection(*s);
                  if (!parsed)
                    return Error::invalid("peer_selection is none, scholar, organizer or random.",
                                          "peer_selection");
                  input.peer_selection = *parsed;
                }
                input.framework_version_id = TRY(optional_string(body, "framework_version_id"));
                RoundView v = TRY(ctx.assessments.create_round(actor, req.param("id"), input));
                return created(to_json(v), "/api/v1/assessment-rounds/" + v.round.id);
              }});

  router.add({"GET", "/api/v1/cohorts/{id}/assessment-rounds",
              [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "cohort"));
                auto rounds = TRY(ctx.assessments.list_rounds(actor, req.param("id")));
                boost::json::array items;
                for (const auto& r : rounds) items.push_back(to_json(r));
                return json_response(200, boost::json::object{{"items", std::move(items)}});
              }});

  router.add(
      {"GET", "/api/v1/assessment-rounds/{id}", [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         RoundView v = TRY(round_for(ctx, req, actor));
         return json_response(200, to_json(v));
       }});

  router.add(
      {"PATCH", "/api/v1/assessment-rounds/{id}", [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "assessment round"));
         auto body = TRY(parse_json_object(req));
         TRY(reject_unknown_fields(body, {"name", "opens_at", "closes_at"}));
         RoundPatch patch;
         patch.name = TRY(optional_string(body, "name"));
         patch.opens_at = TRY(optional_time_field(body, "opens_at"));
         patch.closes_at = TRY(optional_time_field(body, "closes_at"));
         RoundView v = TRY(ctx.assessments.update_round(actor, req.param("id"), patch));
         return json_response(200, to_json(v));
       }});

  router.add({"POST", "/api/v1/assessment-rounds/{id}/closure",
              [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "assessment round"));
                RoundView v = TRY(ctx.assessments.close_round(actor, req.param("id")));
                return json_response(200, to_json(v));
              }});

  router.add({"POST", "/api/v1/assessment-rounds/{id}/peer-nominations",
              [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "assessment round"));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(body, {"subject_id", "rater_id"}));
                std::string subject = TRY(required_string(body, "subject_id"));
                std::string rater = TRY(required_string(body, "rater_id"));
                Assignment a =
                    TRY(ctx.assessments.nominate_peer(actor, req.param("id"), subject, rater));
                return created(to_json(a), "/api/v1/assessments/" + a.id);
              }});

  router.add({"GET", "/api/v1/assessment-rounds/{id}/assignments",
              [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "assessment round"));
                PageRequest page = TRY(page_request(req));
                auto list = TRY(ctx.assessments.list_assignments(actor, req.param("id"), page));
                return json_response(200, page_json(list, to_json));
              }});

  // Who has not submitted (organizers): one row per non-peer assignment, peers as counts.
  router.add({"GET", "/api/v1/assessment-rounds/{id}/progress",
              [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "assessment round"));
                PageRequest page = TRY(page_request(req));
                ProgressFilter filter;
                if (auto kind = req.query_param("kind")) {
                  filter.kind = parse_rater_kind(*kind);
                  if (!filter.kind)
                    return Error::invalid("kind must be self, mentor or support.", "kind");
                }
                filter.pending_only = TRY(bool_param(req, "pending")).value_or(false);
                RoundProgress p =
                    TRY(ctx.assessments.progress(actor, req.param("id"), filter, page));
                boost::json::object o = page_json(p.rows, to_json);
                o["peer_assignments"] = p.peer_assignments;
                o["peer_submitted"] = p.peer_submitted;
                return json_response(200, o);
              }});

  router.add({"GET", "/api/v1/assessments/{id}", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "assessment"));
                SubmissionView s = TRY(ctx.assessments.get_submission(actor, req.param("id")));
                return json_response(200, to_json(s));
              }});

  router.add({"PUT", "/api/v1/assessments/{id}", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "assessment"));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(body, {"version", "status", "ratings"}));
                SubmissionInput input;
                auto version = TRY(optional_int(body, "version"));
                if (!version)
                  return Error::invalid("version (the version you loaded) is required.", "version");
                input.version = *version;
                std::string status = TRY(required_string(body, "status"));
                auto parsed = parse_submission_status(status);
                if (!parsed || *parsed == SubmissionStatus::kPending)
                  return Error::invalid("status must be draft or submitted.", "status");
                input.status = *parsed;
                const auto* ratings = body.if_contains("ratings");
                if (!ratings) return Error::invalid("ratings is required.", "ratings");
                input.ratings = TRY(ratings_from_json(*ratings));
                SubmissionView s =
                    TRY(ctx.assessments.save_submission(actor, req.param("id"), input));
                return json_response(200, to_json(s));
              }});

  router.add({"GET", "/api/v1/me/assessments", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                auto due = TRY(ctx.assessments.due(actor));
                boost::json::array items;
                for (const auto& d : due) items.push_back(to_json(d));
                return json_response(200, boost::json::object{{"items", std::move(items)}});
              }});
}

}  // namespace trellis::http
