// REFI-QDA interchange: a study's codebook (.qdc) and whole project (.qdpx) as downloads, and a
// .qdpx imported as a new study. The .qdc import shares POST /studies/{id}/codebook-imports
// with the CSV import (coding_routes.cpp). The work happens in InterchangeService.
#include "http/api/authentication.h"
#include "http/api/mapping.h"
#include "http/api/routes.h"
#include "http/api/studies/study_mapping.h"
#include "http/json.h"

namespace trellis::http {
namespace {

Response download(Download d, const char* content_type) {
  Response r;
  r.status = 200;
  r.content_type = content_type;
  r.body = std::move(d.bytes);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + d.file_name + "\"");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace

void add_interchange_routes(Router& router, ApiContext& ctx) {
  InterchangeService& interchange = ctx.studies.interchange;

  router.add({"GET", "/api/v1/studies/{id}/codebook.qdc",
              [&ctx, &interchange](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                Download d = TRY(interchange.export_codebook(actor, req.param("id")));
                return download(std::move(d), "application/xml; charset=utf-8");
              }});

  router.add({"GET", "/api/v1/studies/{id}/project.qdpx",
              [&ctx, &interchange](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "study"));
                Download d = TRY(interchange.export_project(actor, req.param("id")));
                return download(std::move(d), "application/zip");
              }});

  router.add({"POST", "/api/v1/programs/{id}/study-imports",
              [&ctx, &interchange](const Request& req) -> Result<Response> {
                Actor actor = TRY(authenticate(ctx, req));
                TRY(check_id(req, "id", "program"));
                if (!has_media_type(req, "application/zip") &&
                    !has_media_type(req, "application/octet-stream") &&
                    !has_media_type(req, "application/x-zip-compressed"))
                  return Error::unsupported_media_type(
                      "Send the REFI-QDA project (.qdpx) as application/zip or "
                      "application/octet-stream.");
                ProjectImportOptions options;
                options.cohort_id = TRY(id_param(req, "cohort_id"));
                if (auto title = req.query_param("title")) options.title = std::string(*title);
                if (req.body.empty())
                  return Error::invalid("The request body is empty; send the .qdpx file.", "body");
                StudyImport imported =
                    TRY(interchange.import_project(actor, req.param("id"), options, req.body));
                boost::json::array warnings;
                for (const std::string& w : imported.warnings)
                  warnings.push_back(boost::json::string(w));
                boost::json::object body{
                    {"study", to_json(imported.study)}, {"codes", imported.codes},
                    {"sources", imported.sources},      {"segments", imported.segments},
                    {"memos", imported.memos},          {"warnings", std::move(warnings)}};
                return created(std::move(body), "/api/v1/studies/" + imported.study.id);
              },
              Execution::kBlocking});
}

}  // namespace trellis::http
