// Config: every setting of Trellis in one table (config.cpp): key, environment variable,
// default, check, and whether it is secret. Values come from, in rising precedence: defaults,
// a config file (`key = value` lines, # comments), TRELLIS_* environment variables, and
// command-line flags (--set key=value, or a command's own flags). An unknown key or an invalid
// value is an error that names the key and where it came from.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace trellis {

struct Config {
  // Storage
  std::string database_url = "sqlite:data/trellis.db";  // TRELLIS_DATABASE_URL
  int db_pool_size = 8;           // readers on SQLite, connections on PostgreSQL (1..256)
  int db_busy_timeout_ms = 5000;  // SQLite writer lock wait (0..600000)
  bool migrate_on_start = true;   // `serve` applies pending migrations at start

  // HTTP
  std::string listen_host = "127.0.0.1";
  int port = 8080;         // 0 picks a free port (tests)
  int io_threads = 2;      // threads doing network I/O (1..64)
  int worker_threads = 8;  // threads running handlers that touch the database (1..256)
  std::size_t max_body_bytes = 1 << 20;     // larger bodies get 413 (1 KiB .. 1 GiB)
  std::size_t max_header_bytes = 16 << 10;  // larger headers get 431/400 (1 KiB .. 1 MiB)
  int request_timeout_seconds = 30;         // whole request read + handle + write (1..3600)
  int keepalive_timeout_seconds = 75;       // idle keep-alive connection lifetime (1..3600)
  int shutdown_grace_seconds = 10;          // in-flight requests get this long on SIGTERM (0..600)
  std::string static_dir = "web/dist";      // the web UI's built files; empty disables
  std::string public_url;  // how users reach Trellis, e.g. https://trellis.example.org;
                           // empty means http://listen_host:port
  // Reverse proxies (addresses or CIDR networks, comma-separated) whose X-Forwarded-For is
  // believed; empty: the TCP peer is always the client.
  std::string trusted_proxies;
  // When set, GET /metrics needs "Authorization: Bearer <metrics_token>"; empty: open.
  std::string metrics_token;

  // Accounts
  int session_idle_minutes = 24 * 60;    // a session unused this long ends (5..43200)
  int session_lifetime_hours = 14 * 24;  // a session ends this long after sign-in (1..2160)
  // Secure cookies (__Host- prefix) and HSTS. Unset means: on when public_url is https.
  std::optional<bool> secure_cookies;

  // Background jobs
  // How often `serve` evaluates the check-in alert rules, in seconds; 0 turns it off (0..86400).
  int checkin_alerts_interval_seconds = 300;

  // Logging
  std::string log_level = "info";  // trace, debug, info, warn, error, off
};

// One row of the options table, for `trellis config` and --help texts.
struct ConfigOptionInfo {
  std::string key;
  std::string env;
  std::string description;
  bool secret = false;
};

const std::vector<ConfigOptionInfo>& config_options();

struct ConfigSources {
  std::string file_path;                                   // empty: no file
  std::map<std::string, std::string> environment;          // usually the process environment
  std::vector<std::pair<std::string, std::string>> flags;  // key=value from the command line
};

// Builds the effective configuration. Errors name the key and the source
// ("TRELLIS_PORT: port must be a whole number from 0 to 65535", "trellis.conf:3: unknown key
// 'prot'"). Unknown TRELLIS_* environment variables are errors too.
Result<Config> load_config(const ConfigSources& sources);

// Whether cookies are marked Secure: the explicit setting, else whether public_url is https.
bool uses_secure_cookies(const Config& config);

// The process environment as a map (only TRELLIS_* variables).
std::map<std::string, std::string> trellis_environment();

// key = value lines of the effective configuration, secrets masked (passwords inside
// database URLs become ***).
std::vector<std::pair<std::string, std::string>> describe_config(const Config& config);

}  // namespace trellis
