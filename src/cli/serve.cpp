// `trellis serve`: the composition root. Picks the concrete store, builds the services and the
// route table, and runs the HTTP server until SIGTERM or SIGINT.
#include <spdlog/spdlog.h>

#include <iostream>

#include "cli/common.h"
#include "core/periodic_task.h"
#include "http/api/routes.h"
#include "http/server.h"
#include "service/services.h"

namespace trellis::cli {
namespace {

// "https://example.org/trellis" -> "https://example.org": what browsers send as Origin.
std::string origin_of(const std::string& url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  return url.substr(0, url.find('/', scheme_end + 3));
}

int serve(const GlobalOptions& global) {
  auto config = load(global);
  if (!config) return report(config.error());
  setup_logging(*config);
  auto opened = open_configured_store(*config);
  if (!opened) return report(opened.error());
  Store& store = **opened;
  if (config->migrate_on_start) {
    auto migrated = store.migrate();
    if (!migrated) return report(migrated.error());
  } else if (auto s = store.ready(); !s) {
    spdlog::warn("database is not ready: {} (run `trellis migrate`)", s.error().message);
  }

  SystemClock clock;
  AuthSettings auth_settings;
  auth_settings.session_idle_minutes = config->session_idle_minutes;
  auth_settings.session_lifetime_hours = config->session_lifetime_hours;
  Services services(store, clock, auth_settings);
  http::Metrics metrics;
  metrics.add_gauge("trellis_db_pool_connections", "Open database connections",
                    [&store] { return double(store.pool_stats().connections); });
  metrics.add_gauge("trellis_db_pool_in_use", "Database connections lent out",
                    [&store] { return double(store.pool_stats().in_use); });
  metrics.add_gauge("trellis_db_pool_waiting", "Callers waiting for a database connection",
                    [&store] { return double(store.pool_stats().waiting); });
  metrics.add_gauge("trellis_db_pool_wait_seconds_total",
                    "Time spent waiting for database connections",
                    [&store] { return store.pool_stats().wait_seconds_total; });

  http::CookieSettings cookies;
  cookies.secure = uses_secure_cookies(*config);
  cookies.max_age_seconds = config->session_lifetime_hours * 3600;
  cookies.public_origin = origin_of(config->public_url);
  http::ApiContext ctx(services, metrics, cookies, config->metrics_token);
  http::Router router = http::build_router(ctx);

  http::ServerOptions options;
  options.host = config->listen_host;
  options.port = config->port;
  options.io_threads = config->io_threads;
  options.worker_threads = config->worker_threads;
  options.max_body_bytes = config->max_body_bytes;
  options.max_header_bytes = config->max_header_bytes;
  options.request_timeout_seconds = config->request_timeout_seconds;
  options.keepalive_timeout_seconds = config->keepalive_timeout_seconds;
  options.shutdown_grace_seconds = config->shutdown_grace_seconds;
  options.static_dir = config->static_dir;
  if (auto proxies = parse_ip_networks(config->trusted_proxies)) {
    options.trusted_proxies = std::move(*proxies);
  } else {
    return report(proxies.error());
  }
  options.handle_signals = true;
  options.common_headers = {
      {"Content-Security-Policy",
       "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
  };
  if (cookies.secure)
    options.common_headers.emplace_back("Strict-Transport-Security",
                                        "max-age=31536000; includeSubDomains");
  http::Server server(options, router, metrics);
  if (auto s = server.listen(); !s) return report(s.error());
  std::cout << "Trellis is listening on http://" << config->listen_host << ":" << server.port()
            << std::endl;
  // The check-in alert rules, evaluated in the background; the lease in the database lets one
  // server at a time run them (ADR 17). Destroyed (and joined) before the services it uses.
  std::unique_ptr<PeriodicTask> checkin_alerts;
  if (config->checkin_alerts_interval_seconds > 0) {
    checkin_alerts = std::make_unique<PeriodicTask>(
        std::chrono::seconds(config->checkin_alerts_interval_seconds), [&services] {
          auto run = services.checkin_alerts.run();
          if (!run.ok()) {
            spdlog::error("check-in alerts: evaluation failed: {}", run.error().message);
          } else if (run->ran) {
            spdlog::info("check-in alerts: {} raised ({} scholars in {} cohorts)", run->raised,
                         run->scholars, run->cohorts);
          } else {
            spdlog::debug("check-in alerts: skipped, {} holds the lease", run->holder);
          }
        });
  }
  server.run();
  checkin_alerts.reset();
  spdlog::info("stopped cleanly");
  return kExitOk;
}

}  // namespace

void add_serve_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand("serve", "Run the web server (migrates the database first)");
  cmd->callback([&global, &exit_code] { exit_code = serve(global); });
}

}  // namespace trellis::cli
