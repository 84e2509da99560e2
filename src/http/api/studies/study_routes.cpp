// Studies, their instruments, responses, one-time respondent links, transcript imports and jobs.
// Each handler: authenticate → decode → one service call → respond. Access lives in the services.
#include "core/secret.h"
#include "core/time_format.h"
#include "http/api/authentication.h"
#include "http/api/mapping.h"
#include "http/api/routes.h"
#include "http/api/studies/study_mapping.h"
#include "http/json.h"

namespace trellis::http {
namespace {

Result<NewStudy> new_study_from(const boost::json::object& body) {
  TRY(reject_unknown_fields(
      body, {"title", "description", "cohort_id", "mode", "audience", "external_respondents",
             "opens_at", "closes_at", "blind_coding", "template", "questions", "seed_codebook"}));
  NewStudy s;
  s.title = TRY(optional_string(body, "title")).value_or("");
  s.description = TRY(optional_string(body, "description")).value_or("");
  s.cohort_id = TRY(optional_string(body, "cohort_id"));
  auto mode = parse_study_mode(TRY(optional_string(body, "mode")).value_or("named"));
  if (!mode) return Error::invalid("mode must be named or anonymous.", "mode");
  s.mode = *mode;
  s.audience = TRY(role_array(body, "audience"));
  s.external_respondents = TRY(optional_bool(body, "external_respondents")).value_or(false);
  s.opens_at = TRY(optional_time(body, "opens_at")).value_or(0);
  s.closes_at = TRY(optional_time(body, "closes_at")).value_or(0);
  s.blind_coding = TRY(optional_bool(body, "blind_coding")).value_or(false);
  s.template_key = TRY(optional_string(body, "template")).value_or("");
  s.questions = TRY(questions_from(body, "questions"));
  s.seed_codebook = TRY(optional_bool(body, "seed_codebook")).value_or(true);
  if (s.template_key.empty() && s.title.empty())
    return Error::invalid("title is required (or name a template).", "title");
  return s;
}

Result<StudyPatch> study_patch_from(const boost::json::object& body) {
  TRY(reject_unknown_fields(
      body, {"version", "title", "description", "status", "opens_at", "closes_at", "blind_coding",
             "audience", "external_respondents"}));
  StudyPatch p;
  p.version = TRY(optional_int(body, "version"));
  p.title = TRY(optional_string(body, "title"));
  p.description = TRY(optional_string(body, "description"));
  if (auto status = TRY(optional_string(body, "status"))) {
    p.status = parse_study_status(*status);
    if (!p.status) return Error::invalid("status must be draft, open or closed.", "status");
  }
  p.opens_at = TRY(optional_time(body, "opens_at"));
  p.closes_at = TRY(optional_time(body, "closes_at"));
  p.blind_coding = TRY(optional_bool(body, "blind_coding"));
  if (body.contains("audience")) p.audience = TRY(role_array(body, "audience"));
  p.external_respondents = TRY(optional_bool(body, "external_respondents"));
  return p;
}

boost::json::object submission_json(const Submission& s) {
  boost::json::object o{{"anonymous", s.anonymous}, {"submitted_on", s.submitted_on}};
  if (s.response) o["response"] = to_json(*s.response);
  return o;
}

Response submission_response(const Submission& s) {
  // An anonymous response has no address of its own: there is nothing to GET.
  if (s.anonymous) return json_response(201, submission_json(s));
  return created(submission_json(s), "/api/v1/responses/" + s.response->id);
}

Result<TranscriptFormat> transcript_format(std::string_view name) {
  if (name == "text" || name == "plain") return TranscriptFormat::kText;
  if (name == "markdown") return TranscriptFormat::kMarkdown;
  return Error::invalid("format must be text or markdown.", "format");
}

Result<TranscriptImportRequest> transcript_request(const Request& req) {
  TranscriptImportRequest out;
  if (auto key = req.header("idempotency-key")) {
    if (key->empty() || key->size() > 200)
      return Error::invalid("Idempotency-Key must be 1-200 characters.", "Idempotency-Key");
    out.idempotency_key = std::string(*key);
    out.request_hash = secret_hash(req.body);
  }
  if (has_media_type(req, "text/csv")) {
    out.csv = req.body;
    return out;
  }
  if (has_media_type(req, "text/plain") || has_media_type(req, "text/markdown")) {
    TranscriptInput t;
    t.format = has_media_type(req, "text/markdown") ? TranscriptFormat::kMarkdown
                                                    : TranscriptFormat::kText;
    t.respondent = std::string(req.query_param("respondent").value_or(""));
    t.group = std::string(req.query_param("group").value_or(""));
    t.email = std::string(req.query_param("email").value_or(""));
    t.user_id = std::string(req.query_param("user_id").value_or(""));
    t.text = req.body;
    out.transcripts.push_back(std::move(t));
    return out;
  }
  auto body = TRY(parse_json_object(req));
  TRY(reject_unknown_fields(body, {"transcripts"}));
  const boost::json::value* items = body.if_contains("transcripts");
  if (items == nullptr || !items->is_array())
    return Error::invalid("transcripts must be an array.", "transcripts");
  if (items->as_array().size() > kMaxTranscripts)
    return Error::too_large("At most 10,000 transcripts per import; split the upload.");
  for (std::size_t i = 0; i < items->as_array().size(); ++i) {
    const std::string at = "transcripts[" + std::to_string(i) + "]";
    const boost::json::value& item = items->as_array()[i];
    if (!item.is_object()) return Error::invalid(at + " must be an object.", at);
    const auto& o = item.as_object();
    for (const auto& [key, value] : o)
      if (key != "respondent" && key != "group" && key != "email" && key != "user_id" &&
          key != "format" && key != "text")
        return Error::invalid(at + " has the unknown field " + std::string(key) + ".", at);
    TranscriptInput t;
    auto field = [&](const char* name) -> Result<std::string> {
      auto v = optional_string(o, name);
      if (!v) return Error::invalid(at + "." + name + " must be a string.", at + "." + name);
      return v->value_or("");
    };
    t.respondent = TRY(field("respondent"));
    t.group = TRY(field("group"));
    t.email = TRY(field("email"));
    t.user_id = TRY(field("user_id"));
    std::string format = TRY(field("format"));
    t.format = TRY(transcript_format(format.empty() ? "text" : format));
    t.text = TRY(field("text"));
    out.transcripts.push_back(std::move(t));
  }
  return out;
}

}  // namespace

// Longer than ~80 lines on purpose: the route table of this family, one short handler each;
// splitting it would scatter the table.
void add_study_routes(Router& router, ApiContext& ctx) {
  StudyService& studies = ctx.studies.studies;

  router.add({"GET", "/api/v1/study-templates", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                if (!actor.signed_in()) return Error::unauthenticated();
                boost::json::array items;
                for (const StudyTemplate& t : study_templates()) items.push_back(to_json(t));
                return json_response(200, boost::json::object{{"items", std::move(items)}});
              }});

  router.add({"POST", "/api/v1/programs/{id}/studies",
              [&ctx, &studies](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "program"));
                auto body = TRY(parse_json_object(req));
                NewStudy input = TRY(new_study_from(body));
                Study s = TRY(studies.create_study(actor, req.param("id"), std::move(input)));
                return created(to_json(s), "/api/v1/studies/" + s.id);
              }});

  router.add({"GET", "/api/v1/programs/{id}/studies",
              [&ctx, &studies](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "program"));
                PageRequest page = TRY(page_request(req));
                auto list = TRY(studies.list_studies(actor, req.param("id"), page));
                return json_response(200, page_json(list, to_json));
              }});

  router.add(
      {"GET", "/api/v1/studies/{id}", [&ctx, &studies](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "study"));
         StudyView v = TRY(studies.get_study(actor, req.param("id")));
         return json_response(200, to_json(v));
       }});

  router.add(
      {"PATCH", "/api/v1/studies/{id}", [&ctx, &studies](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "study"));
         auto body = TRY(parse_json_object(req));
         StudyPatch patch = TRY(study_patch_from(body));
         auto updated = studies.update_study(actor, req.param("id"), patch);
         if (!updated && updated.error().code == ErrorCode::kConflict &&
             updated.error().field == "version") {
           if (auto current = studies.get_study(actor, req.param("id")))
             return conflict_with_current(updated.error(), req, to_json(*current));
         }
         if (!updated) return std::move(updated).error();
         return json_response(200, to_json(*updated));
       }});

  router.add(
      {"DELETE", "/api/v1/studies/{id}", [&ctx, &studies](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "study"));
         TRY(studies.delete_study(actor, req.param("id")));
         return no_content();
       }});

  router.add({"PUT", "/api/v1/studies/{id}/instrument",
              [&ctx, &studies](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(body, {"version", "questions"}));
                auto version = TRY(optional_int(body, "version"));
                auto questions = TRY(questions_from(body, "questions"));
                Study s = TRY(studies.replace_instrument(actor, req.param("id"),
                                                         std::move(questions), version));
                return json_response(200, to_json(s));
              }});

  router.add({"POST", "/api/v1/studies/{id}/responses",
              [&ctx, &studies](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(body, {"answers"}));
                auto answers = TRY(answers_from(body));
                Submission s = TRY(studies.submit(actor, req.param("id"), answers));
                return submission_response(s);
              },
              Execution::kBlocking, AccessLogging::kWithoutClient});

  router.add({"GET", "/api/v1/studies/{id}/responses",
              [&ctx, &studies](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                PageRequest page = TRY(page_request(req));
                auto list = TRY(studies.list_responses(actor, req.param("id"), page));
                return json_response(200, page_json(list, to_json));
              }});

  router.add(
      {"GET", "/api/v1/responses/{id}", [&ctx, &studies](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "response"));
         ResponseView v = TRY(studies.get_response(actor, req.param("id")));
         return json_response(200, to_json(v));
       }});

  router.add({"GET", "/api/v1/studies/{id}/participation",
              [&ctx, &studies](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                Participation p = TRY(studies.participation(actor, req.param("id")));
                return json_response(200, to_json(p));
              }});

  router.add({"POST", "/api/v1/studies/{id}/respondent-links",
              [&ctx, &studies](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(body, {"label", "email"}));
                std::string label = TRY(optional_string(body, "label")).value_or("");
                std::string email = TRY(optional_string(body, "email")).value_or("");
                CreatedLink link = TRY(studies.create_link(actor, req.param("id"), label, email));
                boost::json::object o{{"id", link.link.id},
                                      {"study_id", link.link.study_id},
                                      {"token", link.secret},
                                      {"path", "/respond#token=" + link.secret},
                                      {"created_at", format_rfc3339(link.link.created_at)}};
                if (!link.link.label.empty()) o["label"] = link.link.label;
                if (!link.link.email.empty()) o["email"] = link.link.email;
                return json_response(201, o);
              }});

  router.add(
      {"POST", "/api/v1/study-links/preview", [&studies](const Request& req) -> Result<Response> {
         auto body = TRY(parse_json_object(req));
         TRY(reject_unknown_fields(body, {"token"}));
         std::string token = TRY(required_string(body, "token"));
         Study s = TRY(studies.preview_link(token));
         boost::json::object o = to_json(s);
         // A respondent outside the program learns the questions, nothing of the program.
         for (const char* internal : {"program_id", "cohort_id", "audience", "version",
                                      "codebook_version", "blind_coding", "template"})
           o.erase(internal);
         return json_response(200, o);
       }});

  router.add({"POST", "/api/v1/study-links/responses",
              [&studies](const Request& req) -> Result<Response> {
                auto body = TRY(parse_json_object(req));
                TRY(reject_unknown_fields(body, {"token", "answers"}));
                std::string token = TRY(required_string(body, "token"));
                auto answers = TRY(answers_from(body));
                Submission s = TRY(studies.submit_via_link(token, answers));
                boost::json::object o = submission_json(s);
                if (o.contains("response")) {
                  // The respondent has no account: the receipt carries no ids.
                  o.erase("response");
                }
                return json_response(201, o);
              },
              Execution::kBlocking, AccessLogging::kWithoutClient});

  router.add({"POST", "/api/v1/studies/{id}/transcript-imports",
              [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                TranscriptImportRequest request = TRY(transcript_request(req));
                Job job = TRY(ctx.studies.transcripts.start_import(actor, req.param("id"),
                                                                   std::move(request)));
                Response r = json_response(202, to_json(job));
                r.headers.emplace_back("Location", "/api/v1/jobs/" + job.id);
                return r;
              }});

  router.add({"GET", "/api/v1/jobs/{id}", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "job"));
                Job job = TRY(ctx.studies.transcripts.get_job(actor, req.param("id")));
                return json_response(200, to_json(job));
              }});
}

}  // namespace trellis::http
