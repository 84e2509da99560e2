#include "cli/cli.h"

#include <spdlog/spdlog.h>

#include <iostream>

#include "cli/common.h"

namespace trellis::cli {

int run(int argc, char** argv) {
  CLI::App app{"Trellis: a self-hosted platform for research mentorship programs."};
  app.name("trellis");
  app.require_subcommand(1);
  app.fallthrough();
  GlobalOptions global;
  app.add_option("--config", global.config_file, "Read settings from this file (key = value)");
  app.add_option("--set", global.settings, "Override a setting: --set key=value (repeatable)")
      ->take_all()
      ->allow_extra_args(false);
  int exit_code = kExitOk;
  add_serve_command(app, global, exit_code);
  add_migrate_command(app, global, exit_code);
  add_demo_command(app, global, exit_code);
  add_user_command(app, global, exit_code);
  add_config_command(app, global, exit_code);
  add_stats_command(app, exit_code);
  add_version_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int status = app.exit(e);
    return status == 0 ? kExitOk : kExitUsage;
  }
  spdlog::shutdown();  // flushes the asynchronous log
  return exit_code;
}

}  // namespace trellis::cli
