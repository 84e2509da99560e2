#include <iostream>

#include "cli/common.h"

namespace trellis::cli {

void add_version_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("version", "Print the version of Trellis");
  cmd->callback([&exit_code] {
    std::cout << "trellis 0.1.0\n";
    exit_code = kExitOk;
  });
}

}  // namespace trellis::cli
