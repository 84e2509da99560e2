#include <iostream>

#include "cli/common.h"

namespace trellis::cli {

void add_config_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "config",
      "Print the effective configuration (secrets masked) and where each option comes "
      "from: defaults, --config file, TRELLIS_* variables, --set flags");
  cmd->callback([&global, &exit_code] {
    auto config = load(global);
    if (!config) {
      exit_code = report(config.error());
      return;
    }
    for (const auto& [key, value] : describe_config(*config))
      std::cout << key << " = " << value << "\n";
    exit_code = kExitOk;
  });
}

}  // namespace trellis::cli
