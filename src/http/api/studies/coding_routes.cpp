// The codebook, coded segments, coders' state and memos of a study.
#include <limits>

#include "http/api/authentication.h"
#include "http/api/mapping.h"
#include "http/api/routes.h"
#include "http/api/studies/study_mapping.h"
#include "http/json.h"

namespace trellis::http {
namespace {

// A stale codebook_version answers 409 with the current codebook beside the error.
Result<Response> or_current_codebook(Error error, CodingService& coding, const Actor& actor,
                                     const std::string& study_id, const Request& req) {
  if (error.code == ErrorCode::kConflict && error.field == "codebook_version" &&
      !study_id.empty()) {
    if (auto current = coding.codebook(actor, study_id))
      return conflict_with_current(error, req, to_json(*current));
  }
  return error;
}

// The same for routes that name a code rather than its study.
Result<Response> or_current_codebook_of_code(Error error, CodingService& coding, const Actor& actor,
                                             const std::string& code_id, const Request& req) {
  auto study = coding.study_of_code(actor, code_id);
  return or_current_codebook(std::move(error), coding, actor, study ? *study : std::string(), req);
}

// A version the client last saw: a whole number, 0 or more.
constexpr IntRange kVersions{0, std::numeric_limits<long long>::max()};

}  // namespace

// Longer than ~80 lines on purpose: the route table of this family, one short handler each;
// splitting it would scatter the table.
void add_coding_routes(Router& router, ApiContext& ctx) {
  CodingService& coding = ctx.studies.coding;

  router.add({"GET", "/api/v1/studies/{id}/codes",
              [&ctx, &coding](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                Codebook book = TRY(coding.codebook(actor, req.param("id")));
                return json_response(200, to_json(book));
              }});

  router.add({"POST", "/api/v1/studies/{id}/codes",
              [&ctx, &coding](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(body, {"name", "description", "colour", "parent_id",
                                                 "category", "codebook_version"}));
                NewCode input;
                input.name = TRY(required_string(body, "name"));
                input.description = TRY(optional_string(body, "description")).value_or("");
                input.colour = TRY(optional_string(body, "colour")).value_or("");
                input.parent_id = TRY(optional_string(body, "parent_id"));
                input.category = TRY(optional_bool(body, "category")).value_or(false);
                long long version = TRY(required_int(body, "codebook_version"));
                auto code = coding.create_code(actor, req.param("id"), input, version);
                if (!code)
                  return or_current_codebook(code.error(), coding, actor, req.param("id"), req);
                CodeView v{*code, code->name, 0};
                return created(to_json(v), "/api/v1/codes/" + code->id);
              }});

  router.add(
      {"PATCH", "/api/v1/codes/{id}", [&ctx, &coding](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "code"));
         auto body = TRY(parse_json_object(req));
         TRY(reject_unknown_fields(
             body, {"name", "description", "colour", "parent_id", "category", "codebook_version"}));
         CodePatch patch;
         patch.name = TRY(optional_string(body, "name"));
         patch.description = TRY(optional_string(body, "description"));
         patch.colour = TRY(optional_string(body, "colour"));
         patch.category = TRY(optional_bool(body, "category"));
         if (const auto* parent = body.if_contains("parent_id")) {
           if (parent->is_null())
             patch.parent_id = std::optional<std::string>();
           else
             patch.parent_id = TRY(optional_string(body, "parent_id"));
         }
         long long version = TRY(required_int(body, "codebook_version"));
         auto code = coding.update_code(actor, req.param("id"), patch, version);
         if (!code)
           return or_current_codebook_of_code(code.error(), coding, actor, req.param("id"), req);
         CodeView v{*code, code->name, 0};
         return json_response(200, to_json(v));
       }});

  router.add(
      {"DELETE", "/api/v1/codes/{id}", [&ctx, &coding](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "code"));
         auto version = TRY(int_param(req, "codebook_version", kVersions));
         if (!version) return Error::invalid("codebook_version is required.", "codebook_version");
         bool confirm = TRY(bool_param(req, "confirm")).value_or(false);
         auto deleted = coding.delete_code(actor, req.param("id"), *version, confirm);
         if (!deleted)
           return or_current_codebook_of_code(deleted.error(), coding, actor, req.param("id"), req);
         return no_content();
       }});

  router.add({"POST", "/api/v1/codes/{id}/merger",
              [&ctx, &coding](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "code"));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(body, {"into_code_id", "codebook_version"}));
                std::string into = TRY(required_string(body, "into_code_id"));
                long long version = TRY(required_int(body, "codebook_version"));
                auto moved = coding.merge_code(actor, req.param("id"), into, version);
                if (!moved)
                  return or_current_codebook_of_code(moved.error(), coding, actor, req.param("id"),
                                                     req);
                return json_response(
                    200, boost::json::object{{"into_code_id", into}, {"segments_moved", *moved}});
              }});

  router.add({"GET", "/api/v1/studies/{id}/codebook.csv",
              [&ctx, &coding](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                std::string csv = TRY(coding.export_codebook_csv(actor, req.param("id")));
                return csv_download(std::move(csv), "codebook.csv");
              }});

  router.add(
      {"POST", "/api/v1/studies/{id}/codebook-imports",
       [&ctx, &coding](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "study"));
         const bool xml = has_media_type(req, "application/xml") || has_media_type(req, "text/xml");
         if (!xml && !has_media_type(req, "text/csv"))
           return Error::unsupported_media_type(
               "Send the codebook as text/csv, or as a REFI-QDA codebook (.qdc) as "
               "application/xml.");
         CodebookImport r =
             xml ? TRY(ctx.studies.interchange.import_codebook(actor, req.param("id"), req.body))
                 : TRY(coding.import_codebook_csv(actor, req.param("id"), req.body));
         return json_response(200, boost::json::object{{"created", r.created},
                                                       {"unchanged", r.unchanged},
                                                       {"codebook_version", r.version}});
       }});

  router.add(
      {"GET", "/api/v1/answers/{id}", [&ctx, &coding](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "answer"));
         Answer a = TRY(coding.get_answer(actor, req.param("id")));
         boost::json::object o = to_json(a);
         o["response_id"] = a.response_id;
         o["study_id"] = a.study_id;
         return json_response(200, o);
       }});

  router.add(
      {"PATCH", "/api/v1/answers/{id}", [&ctx, &coding](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "answer"));
         auto body = TRY(parse_json_object(req));
         TRY(reject_unknown_fields(body, {"version", "text"}));
         const long long version = TRY(required_int(body, "version"));
         const std::string text = TRY(required_string(body, "text"));
         auto fixed = coding.correct_answer(actor, req.param("id"), text, version);
         if (!fixed && fixed.error().code == ErrorCode::kConflict &&
             fixed.error().field == "version") {
           if (auto current = coding.get_answer(actor, req.param("id")))
             return conflict_with_current(fixed.error(), req, to_json(*current));
         }
         if (!fixed) return std::move(fixed).error();
         boost::json::object o = to_json(fixed->answer);
         o["response_id"] = fixed->answer.response_id;
         o["study_id"] = fixed->answer.study_id;
         o["segments_moved"] = fixed->segments_moved;
         return json_response(200, o);
       }});

  router.add(
      {"DELETE", "/api/v1/responses/{id}", [&ctx, &coding](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "response"));
         TRY(coding.delete_transcript(actor, req.param("id")));
         return no_content();
       }});

  router.add({"GET", "/api/v1/answers/{id}/segments",
              [&ctx, &coding](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "answer"));
                auto segments = TRY(coding.answer_segments(actor, req.param("id")));
                boost::json::array items;
                for (const Segment& s : segments) items.push_back(to_json(s));
                return json_response(200, boost::json::object{{"items", std::move(items)}});
              }});

  router.add({"POST", "/api/v1/answers/{id}/segments",
              [&ctx, &coding](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "answer"));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(body, {"start", "end", "code_ids", "memo"}));
                NewSegments input;
                input.start = TRY(required_int(body, "start"));
                input.end = TRY(required_int(body, "end"));
                input.code_ids = TRY(string_array(body, "code_ids", true));
                input.memo = TRY(optional_string(body, "memo")).value_or("");
                auto segments = TRY(coding.create_segments(actor, req.param("id"), input));
                boost::json::array items;
                for (const Segment& s : segments) items.push_back(to_json(s));
                return created(boost::json::object{{"items", std::move(items)}},
                               "/api/v1/segments/" + segments.front().id);
              }});

  router.add(
      {"GET", "/api/v1/segments/{id}", [&ctx, &coding](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "segment"));
         Segment s = TRY(coding.get_segment(actor, req.param("id")));
         return json_response(200, to_json(s));
       }});

  router.add(
      {"PATCH", "/api/v1/segments/{id}", [&ctx, &coding](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "segment"));
         auto body = TRY(parse_json_object(req));
         TRY(reject_unknown_fields(body, {"version", "start", "end", "code_id", "memo"}));
         SegmentPatch patch;
         patch.version = TRY(required_int(body, "version"));
         patch.start = TRY(optional_int(body, "start"));
         patch.end = TRY(optional_int(body, "end"));
         patch.code_id = TRY(optional_string(body, "code_id"));
         patch.memo = TRY(optional_string(body, "memo"));
         auto s = coding.update_segment(actor, req.param("id"), patch);
         if (!s && s.error().code == ErrorCode::kConflict && s.error().field == "version") {
           if (auto current = coding.get_segment(actor, req.param("id")))
             return conflict_with_current(s.error(), req, to_json(*current));
         }
         if (!s) return std::move(s).error();
         return json_response(200, to_json(*s));
       }});

  router.add(
      {"DELETE", "/api/v1/segments/{id}", [&ctx, &coding](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "segment"));
         auto version = TRY(int_param(req, "version", kVersions));
         TRY(coding.delete_segment(actor, req.param("id"), version));
         return no_content();
       }});

  router.add({"GET", "/api/v1/studies/{id}/segments",
              [&ctx, &coding](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                PageRequest page = TRY(page_request(req));
                SegmentFilter filter;
                filter.code_id = TRY(id_param(req, "code_id"));
                filter.coder_id = TRY(id_param(req, "coder_id"));
                filter.answer_id = TRY(id_param(req, "answer_id"));
                auto segments = TRY(coding.list_segments(actor, req.param("id"), filter, page));
                return json_response(200, page_json(segments, to_json));
              }});

  router.add({"GET", "/api/v1/studies/{id}/coding-progress",
              [&ctx, &coding](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                CodingProgress p = TRY(coding.progress(actor, req.param("id")));
                boost::json::array ids;
                for (const std::string& id : p.coded_answer_ids)
                  ids.push_back(boost::json::value(id));
                return json_response(200,
                                     boost::json::object{{"answers", p.answers},
                                                         {"coded", p.coded},
                                                         {"own_only", p.own_only},
                                                         {"coded_answer_ids", std::move(ids)}});
              }});

  router.add({"GET", "/api/v1/studies/{id}/coders",
              [&ctx, &coding](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                auto coders = TRY(coding.coders(actor, req.param("id")));
                boost::json::array items;
                for (const CoderState& c : coders) items.push_back(to_json(c));
                return json_response(200, boost::json::object{{"items", std::move(items)}});
              }});

  router.add({"PUT", "/api/v1/studies/{id}/coders/me",
              [&ctx, &coding](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(body, {"finished"}));
                auto finished = TRY(optional_bool(body, "finished"));
                if (!finished) return Error::invalid("finished is required.", "finished");
                CoderState c = TRY(coding.set_finished(actor, req.param("id"), *finished));
                return json_response(200, to_json(c));
              }});

  router.add({"GET", "/api/v1/studies/{id}/memos",
              [&ctx, &coding](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                auto code_id = TRY(id_param(req, "code_id"));
                auto memos = TRY(coding.memos(actor, req.param("id"), code_id));
                boost::json::array items;
                for (const Memo& m : memos) items.push_back(to_json(m));
                return json_response(200, boost::json::object{{"items", std::move(items)}});
              }});

  router.add({"POST", "/api/v1/studies/{id}/memos",
              [&ctx, &coding](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(body, {"text", "code_id"}));
                std::string text = TRY(required_string(body, "text"));
                auto code_id = TRY(optional_string(body, "code_id"));
                Memo m = TRY(coding.create_memo(actor, req.param("id"), code_id, text));
                return created(to_json(m), "/api/v1/memos/" + m.id);
              }});

  router.add(
      {"PATCH", "/api/v1/memos/{id}", [&ctx, &coding](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "memo"));
         auto body = TRY(parse_json_object(req));
         TRY(reject_unknown_fields(body, {"text", "version"}));
         std::string text = TRY(required_string(body, "text"));
         long long version = TRY(required_int(body, "version"));
         Memo m = TRY(coding.update_memo(actor, req.param("id"), text, version));
         return json_response(200, to_json(m));
       }});

  router.add(
      {"DELETE", "/api/v1/memos/{id}", [&ctx, &coding](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "memo"));
         TRY(coding.delete_memo(actor, req.param("id")));
         return no_content();
       }});
}

}  // namespace trellis::http
