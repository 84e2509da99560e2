#include <iostream>
#include <memory>

#include "cli/common.h"
#include "service/demo/demo_loader.h"

namespace trellis::cli {
namespace {

void print_logins() {
  std::cout << "Demo logins (password for all: " << demo_logins().front().password << "):\n";
  for (const DemoLogin& login : demo_logins())
    std::cout << "  " << login.role << std::string(15 - login.role.size(), ' ') << login.email
              << "\n";
}

}  // namespace

void add_demo_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "demo", "Load the demo program (a cohort with mentors, streams, scholars and every role)");
  auto if_empty = std::make_shared<bool>(false);  // lives as long as the callback
  cmd->add_flag("--if-empty", *if_empty,
                "Load only into a database without programs; print the logins when the demo "
                "is already there");
  cmd->callback([&global, &exit_code, if_empty] {
    exit_code = [&]() -> int {
      auto store = open_for_command(global, Migrate::kYes);
      if (!store) return report(store.error());
      auto loaded = demo_loaded(**store);
      if (!loaded) return report(loaded.error());
      if (*loaded) {
        std::cout << "The demo program is already loaded.\n";
        print_logins();
        return kExitOk;
      }
      if (*if_empty) {
        bool has_programs = false;
        auto read = (*store)->read([&](Repositories& r) -> Status {
          auto page = TRY(r.programs().list(PageRequest{1, {}}));
          has_programs = !page.items.empty();
          return ok_status();
        });
        if (!read) return report(read.error());
        if (has_programs) {
          std::cout << "The database already has programs; the demo was not loaded.\n";
          return kExitOk;
        }
      }
      SystemClock clock;
      if (auto s = load_demo(**store, clock); !s) return report(s.error());
      std::cout << "Loaded the demo program \"" << kDemoProgramName << "\".\n";
      print_logins();
      return kExitOk;
    }();
  });
}

}  // namespace trellis::cli
