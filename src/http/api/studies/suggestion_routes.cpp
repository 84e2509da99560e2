// Suggested codes for an answer, and accepting or rejecting one.
#include <cmath>

#include "http/api/authentication.h"
#include "http/api/mapping.h"
#include "http/api/routes.h"
#include "http/api/studies/study_mapping.h"
#include "http/json.h"

namespace trellis::http {
namespace {

boost::json::object to_json(const AnswerSuggestions& a) {
  boost::json::array spans;
  for (const SuggestedSpan& s : a.spans) {
    boost::json::array suggestions;
    for (const CodeSuggestion& c : s.suggestions)
      suggestions.push_back({{"code_id", c.code_id},
                             {"path", c.path},
                             {"confidence", std::round(c.confidence * 1000) / 1000}});
    spans.push_back({{"start", s.start},
                     {"end", s.end},
                     {"text", s.text},
                     {"suggestions", std::move(suggestions)}});
  }
  return {{"answer_id", a.answer_id},         {"study_id", a.study_id},
          {"model_version", a.model_version}, {"examples", a.examples},
          {"calibrated", a.calibrated},       {"items", std::move(spans)}};
}

boost::json::object to_json(const SuggestionQueue& q) {
  boost::json::array items;
  for (const QueuedAnswer& a : q.items)
    items.push_back({{"answer_id", a.answer_id},
                     {"response_id", a.response_id},
                     {"question_id", a.question_id},
                     {"start", 0},
                     {"end", a.length},
                     {"text", a.text},
                     {"suggestion",
                      {{"code_id", a.suggestion.code_id},
                       {"path", a.suggestion.path},
                       {"confidence", std::round(a.suggestion.confidence * 1000) / 1000}}}});
  return {{"study_id", q.study_id},    {"model_version", q.model_version},
          {"examples", q.examples},    {"calibrated", q.calibrated},
          {"items", std::move(items)}, {"more", q.more}};
}

}  // namespace

void add_suggestion_routes(Router& router, ApiContext& ctx) {
  SuggestionService& suggestions = ctx.studies.suggestions;

  router.add({"GET", "/api/v1/answers/{id}/suggestions",
              [&ctx, &suggestions](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "answer"));
                SuggestionUnit unit = SuggestionUnit::kSentence;
                if (auto u = req.query_param("unit")) {
                  auto parsed = parse_suggestion_unit(*u);
                  if (!parsed) return Error::invalid("unit must be sentence or answer.", "unit");
                  unit = *parsed;
                }
                auto max = static_cast<std::size_t>(
                    TRY(int_param_or(req, "max", {1, kMaxSuggestionsPerSpan}, 3)));
                AnswerSuggestions a =
                    TRY(suggestions.for_answer(actor, req.param("id"), unit, max));
                boost::json::object o = to_json(a);
                o["unit"] = unit == SuggestionUnit::kSentence ? "sentence" : "answer";
                return json_response(200, o);
              }});

  router.add({"GET", "/api/v1/studies/{id}/suggestions",
              [&ctx, &suggestions](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                auto question_id = TRY(id_param(req, "question_id"));
                auto limit = static_cast<std::size_t>(
                    TRY(int_param_or(req, "limit", {1, kMaxSuggestionQueue}, 50)));
                SuggestionQueue q =
                    TRY(suggestions.for_study(actor, req.param("id"), question_id, limit));
                return json_response(200, to_json(q));
              }});

  router.add(
      {"POST", "/api/v1/answers/{id}/suggestion-decisions",
       [&ctx, &suggestions](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "answer"));
         auto body = TRY(parse_json_object(req));
         TRY(reject_unknown_fields(body, {"start", "end", "code_id", "model_version", "decision"}));
         SuggestionDecision input;
         input.start = TRY(required_int(body, "start"));
         input.end = TRY(required_int(body, "end"));
         input.code_id = TRY(required_string(body, "code_id"));
         input.model_version = TRY(required_string(body, "model_version"));
         input.decision = TRY(required_string(body, "decision"));
         SuggestionOutcome out = TRY(suggestions.decide(actor, req.param("id"), input));
         boost::json::object o{{"decision", suggestion_decision_name(out.decision)},
                               {"answer_id", req.param("id")},
                               {"start", input.start},
                               {"end", input.end},
                               {"code_id", input.code_id},
                               {"model_version", input.model_version}};
         if (out.segment) {
           o["segment"] = to_json(*out.segment);
           return created(o, "/api/v1/segments/" + out.segment->id);
         }
         return json_response(201, o);
       }});
}

}  // namespace trellis::http
