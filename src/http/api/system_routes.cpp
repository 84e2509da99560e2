// Liveness, readiness, metrics and the API description: the routes operators and tools use.
#include <boost/json.hpp>

#include "core/secret.h"
#include "http/api/routes.h"
#include "http/json.h"

namespace trellis::http {

void add_system_routes(Router& router, ApiContext& ctx) {
  router.add({"GET", "/healthz",
              [](const Request&) -> Result<Response> {
                Response r;
                r.content_type = "application/json";
                r.body = R"({"status":"ok"})";
                return r;
              },
              Execution::kInline});

  router.add({"GET", "/readyz", [&ctx](const Request&) -> Result<Response> {
                TRY(ctx.store.ready());
                Response r;
                r.body = R"({"status":"ready"})";
                return r;
              }});

  router.add({"GET", "/metrics",
              [&ctx](const Request& req) -> Result<Response> {
                if (!ctx.metrics_token.empty()) {
                  std::string expected = "Bearer " + ctx.metrics_token;
                  auto given = req.header("authorization");
                  if (!given || !constant_time_equals(*given, expected))
                    return Error::unauthenticated(
                        "Send the metrics token: Authorization: Bearer <metrics_token>.");
                }
                Response r;
                r.content_type = "text/plain; version=0.0.4; charset=utf-8";
                r.body = ctx.metrics.render();
                return r;
              },
              Execution::kInline});

  router.add({"GET", "/api/v1/openapi.json",
              [](const Request&) -> Result<Response> {
                Response r;
                r.body = std::string(openapi_document());
                r.headers.emplace_back("Cache-Control", "no-cache");
                return r;
              },
              Execution::kInline});
}

}  // namespace trellis::http
