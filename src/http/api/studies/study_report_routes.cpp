// Study reports (JSON; the web UI draws the charts) and the CSV export of coded segments.
#include "core/id.h"
#include "http/api/authentication.h"
#include "http/api/mapping.h"
#include "http/api/routes.h"
#include "http/api/studies/study_mapping.h"
#include "http/json.h"

namespace trellis::http {
namespace {

Result<std::optional<std::string>> group_param(const Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v) return std::optional<std::string>();
  if (v->empty() || v->size() > 40)
    return Error::invalid(std::string(name) + " must be 1-40 characters.", name);
  return std::optional<std::string>(std::string(*v));
}

Result<ReportScope> scope_from(const Request& req) {
  ReportScope scope;
  scope.group = TRY(group_param(req, "group"));
  scope.question_id = TRY(id_param(req, "question_id"));
  scope.coder_id = TRY(id_param(req, "coder_id"));
  return scope;
}

}  // namespace

// Longer than ~80 lines on purpose: the route table of this family, one short handler each;
// splitting it would scatter the table.
void add_study_report_routes(Router& router, ApiContext& ctx) {
  StudyReportService& reports = ctx.studies.reports;

  router.add({"GET", "/api/v1/studies/{id}/reports/themes",
              [&ctx, &reports](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                ReportScope scope = TRY(scope_from(req));
                ThemeReport r = TRY(reports.themes(actor, req.param("id"), scope));
                return json_response(200, to_json(r));
              }});

  router.add({"GET", "/api/v1/studies/{id}/reports/co-occurrence",
              [&ctx, &reports](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                ReportScope scope = TRY(scope_from(req));
                CoOccurrenceReport r = TRY(reports.co_occurrence(actor, req.param("id"), scope));
                return json_response(200, to_json(r));
              }});

  router.add({"GET", "/api/v1/studies/{id}/reports/groups",
              [&ctx, &reports](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                GroupReport r = TRY(reports.groups(actor, req.param("id")));
                return json_response(200, to_json(r));
              }});

  router.add({"GET", "/api/v1/studies/{id}/reports/comparison",
              [&ctx, &reports](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                auto other = TRY(id_param(req, "other_study_id"));
                Population left{req.param("id"), TRY(group_param(req, "left_group")),
                                TRY(id_param(req, "left_question_id"))};
                Population right{other.value_or(req.param("id")),
                                 TRY(group_param(req, "right_group")),
                                 TRY(id_param(req, "right_question_id"))};
                if (!other) {
                  // Within one study: scholars beside mentors unless other groups are named.
                  if (!left.group) left.group = "scholar";
                  if (!right.group) right.group = "mentor";
                }
                ComparisonReport r = TRY(reports.compare(actor, left, right));
                return json_response(200, to_json(r));
              }});

  router.add({"GET", "/api/v1/studies/{id}/reports/quotes",
              [&ctx, &reports](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                auto code_id = TRY(id_param(req, "code_id"));
                if (!code_id) return Error::invalid("code_id is required.", "code_id");
                auto coder_id = TRY(id_param(req, "coder_id"));
                PageRequest page = TRY(page_request(req));
                auto quotes = TRY(reports.quotes(actor, req.param("id"), *code_id, page, coder_id));
                return json_response(200, page_json(quotes, to_json));
              }});

  router.add({"GET", "/api/v1/studies/{id}/reports/agreement",
              [&ctx, &reports](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                std::vector<std::string> coders;
                if (auto list = req.query_param("coder_ids")) {
                  std::string_view rest = *list;
                  while (!rest.empty()) {
                    auto comma = rest.find(',');
                    std::string_view one = rest.substr(0, comma);
                    if (!is_valid_id(one))
                      return Error::invalid("coder_ids must be ids separated by commas.",
                                            "coder_ids");
                    coders.emplace_back(one);
                    rest = comma == std::string_view::npos ? "" : rest.substr(comma + 1);
                  }
                }
                AgreementReport r = TRY(reports.agreement(actor, req.param("id"), coders));
                return json_response(200, to_json(r));
              }});

  router.add({"GET", "/api/v1/studies/{id}/segments.csv",
              [&ctx, &reports](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                std::string csv = TRY(reports.export_segments_csv(actor, req.param("id")));
                return csv_download(std::move(csv), "coded-segments.csv");
              }});
}

}  // namespace trellis::http
