#include "cli/common.h"

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>

namespace trellis::cli {

Result<Config> load(const GlobalOptions& options) {
  ConfigSources sources;
  sources.file_path = options.config_file;
  sources.environment = trellis_environment();
  for (const std::string& kv : options.settings) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0)
      return Error::invalid("--set takes key=value (got '" + kv + "').", "--set");
    sources.flags.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return load_config(sources);
}

void setup_logging(const Config& config) {
  // Asynchronous: the access log writes a line per request, and a synchronous sink would make
  // every request wait for a write and flush to stderr.
  spdlog::init_thread_pool(8192, 1);
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  auto logger = std::make_shared<spdlog::async_logger>("trellis", sink, spdlog::thread_pool(),
                                                       spdlog::async_overflow_policy::block);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::from_str(config.log_level));
  spdlog::set_default_logger(logger);
}

Result<std::unique_ptr<Store>> open_configured_store(const Config& config) {
  StoreOptions options;
  options.url = config.database_url;
  options.pool_size = config.db_pool_size;
  options.busy_timeout_ms = config.db_busy_timeout_ms;
  return open_store(options);
}

Result<std::unique_ptr<Store>> open_for_command(const GlobalOptions& global, Migrate migrate) {
  Config config = TRY(load(global));
  setup_logging(config);
  std::unique_ptr<Store> store = TRY(open_configured_store(config));
  if (migrate == Migrate::kYes) TRY(store->migrate());
  return store;
}

int report(const Error& error) {
  std::cerr << "trellis: " << error.message << "\n";
  for (const ErrorDetail& d : error.details) {
    std::cerr << "  ";
    if (d.line) std::cerr << "line " << *d.line << ": ";
    if (!d.field.empty()) std::cerr << d.field << ": ";
    std::cerr << d.message << "\n";
  }
  return error.code == ErrorCode::kInvalid || error.code == ErrorCode::kConflict ||
                 error.code == ErrorCode::kNotFound
             ? kExitUsage
             : kExitFailure;
}

std::string read_secret_line(const std::string& prompt) {
  bool tty = isatty(STDIN_FILENO);
  termios old_settings{};
  if (tty) {
    std::cerr << prompt << std::flush;
    tcgetattr(STDIN_FILENO, &old_settings);
    termios quiet = old_settings;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old_settings);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace trellis::cli
