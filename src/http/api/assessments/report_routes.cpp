// Assessment reports and the export. Reports are JSON; the export is CSV (long format) or JSON
// with Content-Disposition, limited to what the caller may see.
#include <cmath>
#include <cstdio>

#include "core/csv.h"
#include "core/id.h"
#include "http/api/assessments/assessment_mapping.h"
#include "http/api/authentication.h"
#include "http/api/mapping.h"
#include "http/api/routes.h"
#include "http/json.h"

namespace trellis::http {
namespace {

// "4", "3.667": whole numbers without decimals, means with three.
std::string score_text(double v) {
  if (v == std::floor(v)) return std::to_string(static_cast<long long>(v));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

Response export_response(const std::vector<ExportRow>& rows, bool csv) {
  Response r;
  if (csv) {
    r.content_type = "text/csv; charset=utf-8";
    r.body = "round_id,round,scholar_id,scholar,rater_kind,quality,score\r\n";
    for (const ExportRow& row : rows) {
      r.body += csv_field(row.round_id) + "," + csv_field(row.round_name) + "," +
                csv_field(row.scholar_id) + "," + csv_field(row.scholar_name) + "," +
                std::string(rater_kind_name(row.kind)) + "," + csv_field(row.quality) + "," +
                (row.score ? score_text(*row.score) : "") + "\r\n";
    }
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"assessments.csv\"");
    return r;
  }
  boost::json::array items;
  for (const ExportRow& row : rows) {
    boost::json::object o{{"round_id", row.round_id},
                          {"round", row.round_name},
                          {"scholar_id", row.scholar_id},
                          {"scholar", row.scholar_name},
                          {"rater_kind", rater_kind_name(row.kind)},
                          {"quality", row.quality}};
    if (row.score)
      o["score"] = std::round(*row.score * 1000.0) / 1000.0;
    else
      o["score"] = nullptr;
    items.push_back(std::move(o));
  }
  r = json_response(200, boost::json::object{{"items", std::move(items)}});
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"assessments.json\"");
  return r;
}

}  // namespace

void add_report_routes(Router& router, ApiContext& ctx) {
  router.add({"GET", "/api/v1/assessment-rounds/{id}/cohort-report",
              [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "assessment round"));
                auto report = TRY(ctx.reports.cohort_report(actor, req.param("id")));
                return json_response(200, to_json(*report));
              }});

  router.add({"GET", "/api/v1/assessment-rounds/{id}/heatmap",
              [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "assessment round"));
                PageRequest page = TRY(page_request(req));
                Heatmap h = TRY(ctx.reports.heatmap(actor, req.param("id"), page));
                return json_response(200, to_json(h));
              }});

  router.add({"GET", "/api/v1/cohorts/{id}/scholars/{user_id}/assessment-report",
              [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "cohort"));
                TRY(check_id(req, "user_id", "scholar"));
                std::string round_id = TRY(id_param(req, "round_id")).value_or("");
                ScholarReport report = TRY(ctx.reports.scholar_report(
                    actor, req.param("id"), req.param("user_id"), round_id));
                return json_response(200, to_json(report));
              }});

  router.add({"GET", "/api/v1/cohorts/{id}/assessment-export",
              [&ctx](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "cohort"));
                std::string format = std::string(req.query_param("format").value_or("csv"));
                if (format != "csv" && format != "json")
                  return Error::invalid("format is csv or json.", "format");
                auto rows = TRY(ctx.reports.export_rows(actor, req.param("id")));
                return export_response(rows, format == "csv");
              }});
}

}  // namespace trellis::http
