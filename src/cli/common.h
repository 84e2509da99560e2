// What every command shares: the global options (--config, --set), loading the configuration,
// setting up logging, opening the store, and turning Errors into exit statuses.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/result.h"
#include "storage/store.h"

namespace trellis::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct GlobalOptions {
  std::string config_file;
  std::vector<std::string> settings;  // key=value
};

// Effective configuration from defaults, the file, TRELLIS_* variables and --set flags.
Result<Config> load(const GlobalOptions& options);

// Logging to stderr at the configured level.
void setup_logging(const Config& config);

// Opens the configured store (does not migrate).
Result<std::unique_ptr<Store>> open_configured_store(const Config& config);

// What most commands start with: load the configuration, set up logging, open the store and,
// unless told otherwise, migrate it.
enum class Migrate { kYes, kNo };
Result<std::unique_ptr<Store>> open_for_command(const GlobalOptions& global, Migrate migrate);

// Prints "trellis: <message>" (and details) to stderr; returns the exit status for the error.
int report(const Error& error);

// Reads one line from standard input (for passwords, so they never appear in argv).
std::string read_secret_line(const std::string& prompt);

// Registration of each command: one file each.
void add_serve_command(CLI::App& app, GlobalOptions& global, int& exit_code);
void add_migrate_command(CLI::App& app, GlobalOptions& global, int& exit_code);
void add_demo_command(CLI::App& app, GlobalOptions& global, int& exit_code);
void add_user_command(CLI::App& app, GlobalOptions& global, int& exit_code);
void add_config_command(CLI::App& app, GlobalOptions& global, int& exit_code);
void add_stats_command(CLI::App& app, int& exit_code);
void add_version_command(CLI::App& app, int& exit_code);

}  // namespace trellis::cli
