#include <iostream>
#include <memory>

#include "cli/common.h"

namespace trellis::cli {

void add_migrate_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand("migrate", "Apply pending database migrations");
  auto status_only = std::make_shared<bool>(false);  // lives as long as the callback
  cmd->add_flag("--status", *status_only, "Only print the current and latest schema versions");
  cmd->callback([&global, &exit_code, status_only] {
    exit_code = [&]() -> int {
      auto store = open_for_command(global, Migrate::kNo);
      if (!store) return report(store.error());
      auto status = *status_only ? (*store)->migration_status() : (*store)->migrate();
      if (!status) return report(status.error());
      std::cout << "schema version " << status->current_version << " (latest "
                << status->latest_version << ")\n";
      return kExitOk;
    }();
  });
}

}  // namespace trellis::cli
