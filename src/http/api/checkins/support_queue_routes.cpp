// The support queue (support staff: list, read, claim, resolve, reopen, coaching notes), the
// scholar's requests for a conversation, and running the alert evaluation on demand
// (administrators). Each handler: authenticate → decode → call one service method → respond.
#include "core/time_format.h"
#include "http/api/authentication.h"
#include "http/api/checkins/checkin_mapping.h"
#include "http/api/mapping.h"
#include "http/api/query_params.h"
#include "http/api/routes.h"
#include "http/json.h"

namespace trellis::http {
namespace {

boost::json::object alert_json(const CheckinAlert& a) {
  boost::json::object o{{"id", a.id},
                        {"cohort_id", a.cohort_id},
                        {"program_id", a.program_id},
                        {"reason", alert_reason_name(a.reason)},
                        {"status", alert_status_name(a.status)},
                        {"raised_at", format_rfc3339(a.raised_at)},
                        {"updated_at", format_rfc3339(a.updated_at)}};
  if (!a.period_start.empty()) o["period_start"] = a.period_start;
  if (a.reason == AlertReason::kConversationRequest) o["message"] = a.message;
  if (!a.claimed_by.empty()) o["claimed_by"] = a.claimed_by;
  if (a.claimed_at != 0) o["claimed_at"] = format_rfc3339(a.claimed_at);
  if (!a.resolved_by.empty()) o["resolved_by"] = a.resolved_by;
  if (a.resolved_at != 0) o["resolved_at"] = format_rfc3339(a.resolved_at);
  return o;
}

boost::json::object item_json(const SupportQueueItem& item) {
  boost::json::object o = alert_json(item.alert);
  o["scholar_id"] = item.alert.scholar_id;
  o["scholar_name"] = item.scholar_name;
  o["cohort_name"] = item.cohort_name;
  if (!item.claimed_by_name.empty()) o["claimed_by_name"] = item.claimed_by_name;
  if (!item.resolved_by_name.empty()) o["resolved_by_name"] = item.resolved_by_name;
  o["answers_shared"] = item.answers_shared;
  o["notes"] = item.notes;
  return o;
}

boost::json::object note_json(const CoachingNoteView& v) {
  boost::json::object o{
      {"id", v.note.id}, {"text", v.note.text}, {"created_at", format_rfc3339(v.note.created_at)}};
  if (!v.note.author_id.empty()) o["author_id"] = v.note.author_id;
  if (!v.author_name.empty()) o["author_name"] = v.author_name;
  return o;
}

boost::json::object detail_json(const SupportQueueItemDetail& d) {
  boost::json::object o = item_json(d.item);
  boost::json::array notes, recent;
  for (const auto& n : d.notes) notes.push_back(note_json(n));
  for (const auto& c : d.recent_checkins) recent.push_back(to_json(c));
  o["coaching_notes"] = std::move(notes);
  if (d.item.answers_shared) o["recent_checkins"] = std::move(recent);
  return o;
}

boost::json::object run_json(const AlertRunReport& r) {
  return {{"cohorts", r.cohorts},
          {"scholars", r.scholars},
          {"raised", r.raised},
          {"started_at", format_rfc3339(r.started_at)},
          {"finished_at", format_rfc3339(r.finished_at)}};
}

// ?status=open,claimed (any of open, claimed, resolved); absent: open and claimed.
Result<std::vector<AlertStatus>> statuses_param(const Request& req) {
  std::vector<AlertStatus> out;
  auto text = req.query_param("status");
  if (!text) return out;
  std::string_view rest = *text;
  for (;;) {
    const auto comma = rest.find(',');
    auto status = parse_alert_status(rest.substr(0, comma));
    if (!status) {
      return Error::invalid("status must be open, claimed or resolved, separated by commas.",
                            "status");
    }
    out.push_back(*status);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

Result<std::string> required_cohort_param(const Request& req) {
  auto id = TRY(id_param(req, "cohort_id"));
  if (!id) return Error::invalid("cohort_id is required.", "cohort_id");
  return *id;
}

}  // namespace

void add_support_queue_routes(Router& router, ApiContext& ctx) {
  router.add({"GET", "/api/v1/support-queue", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                SupportQueueFilter filter;
                filter.cohort_id = TRY(id_param(req, "cohort_id"));
                filter.statuses = TRY(statuses_param(req));
                auto items = TRY(ctx.support.list(actor, filter));
                boost::json::array out;
                for (const auto& item : items) out.push_back(item_json(item));
                return json_response(200, boost::json::object{{"items", std::move(out)}});
              }});

  router.add({"GET", "/api/v1/support-queue/{id}", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "support-queue item"));
                auto detail = TRY(ctx.support.get(actor, req.param("id")));
                return json_response(200, detail_json(detail));
              }});

  router.add(
      {"PATCH", "/api/v1/support-queue/{id}", [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "support-queue item"));
         auto body = TRY(parse_json_object(req));
         TRY(reject_unknown_fields(body, {"status"}));
         auto status = parse_alert_status(TRY(required_string(body, "status")));
         if (!status) {
           return Error::invalid(
               "status must be claimed (claim it), resolved (resolve it) or open (reopen it or "
               "release your claim).",
               "status");
         }
         auto item = TRY(ctx.support.change_status(actor, req.param("id"), *status));
         return json_response(200, item_json(item));
       }});

  router.add(
      {"POST", "/api/v1/support-queue/{id}/notes", [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         TRY(check_id(req, "id", "support-queue item"));
         auto body = TRY(parse_json_object(req));
         TRY(reject_unknown_fields(body, {"text"}));
         std::string text = TRY(required_string(body, "text"));
         auto note = TRY(ctx.support.add_note(actor, req.param("id"), text));
         return created(note_json(note), "/api/v1/support-queue/" + req.param("id"));
       }});

  router.add(
      {"POST", "/api/v1/me/conversation-requests", [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         auto body = TRY(parse_json_object(req));
         TRY(reject_unknown_fields(body, {"cohort_id", "message"}));
         ConversationRequestInput input;
         input.cohort_id = TRY(required_string(body, "cohort_id"));
         input.message = TRY(optional_string(body, "message")).value_or("");
         auto request = TRY(ctx.support.ask_for_conversation(actor, input));
         return created(alert_json(request),
                        "/api/v1/me/conversation-requests?cohort_id=" + request.cohort_id);
       }});

  router.add(
      {"GET", "/api/v1/me/conversation-requests", [&ctx](const Request& req) -> Result<Response> {
         Actor actor = TRY(authenticate(ctx, req));
         std::string cohort_id = TRY(required_cohort_param(req));
         auto requests = TRY(ctx.support.my_conversation_requests(actor, cohort_id));
         boost::json::array out;
         for (const auto& r : requests) out.push_back(alert_json(r));
         return json_response(200, boost::json::object{{"items", std::move(out)}});
       }});

  router.add({"POST", "/api/v1/checkin-alert-runs", [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                auto run = TRY(ctx.checkin_alerts.run_now(actor));
                return json_response(200, run_json(run));
              }});
}

}  // namespace trellis::http
