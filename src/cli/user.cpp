#include <iostream>
#include <memory>

#include "cli/common.h"
#include "service/accounts/user_service.h"

namespace trellis::cli {
namespace {

struct UserOptions {
  std::string email;
  std::string name;
  bool admin = false;
};

// Opens the migrated store and runs fn with a UserService acting as the system.
int with_users(GlobalOptions& global, const std::function<int(UserService&)>& fn) {
  auto store = open_for_command(global, Migrate::kYes);
  if (!store) return report(store.error());
  SystemClock clock;
  UserService users(**store, clock);
  return fn(users);
}

}  // namespace

void add_user_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand("user", "Manage accounts from the command line");
  cmd->require_subcommand(1);
  auto opts = std::make_shared<UserOptions>();  // CLI11 writes here; the callbacks read it

  auto* create =
      cmd->add_subcommand("create", "Create an account; the password is read from standard input");
  create->add_option("--email", opts->email, "Email address (sign-in name)")->required();
  create->add_option("--name", opts->name, "Display name")->required();
  create->add_flag("--admin", opts->admin, "Make the account a site administrator");
  create->callback([&global, &exit_code, opts] {
    exit_code = with_users(global, [&opts](UserService& users) {
      std::string password = read_secret_line("Password (at least 12 characters): ");
      auto user =
          users.create_user(Actor::system(), {opts->email, opts->name, password, opts->admin});
      if (!user) return report(user.error());
      std::cout << "Created " << (user->is_admin ? "administrator " : "account ") << user->email
                << " (id " << user->id << ").\n";
      return kExitOk;
    });
  });

  auto* reset = cmd->add_subcommand("reset-password",
                                    "Set a new password for an account; read from standard input");
  reset->add_option("--email", opts->email, "Email address of the account")->required();
  reset->callback([&global, &exit_code, opts] {
    exit_code = with_users(global, [&opts](UserService& users) {
      auto user = users.find_by_email(Actor::system(), opts->email);
      if (!user) return report(user.error());
      std::string password = read_secret_line("New password (at least 12 characters): ");
      if (auto s = users.reset_password(Actor::system(), user->id, password); !s)
        return report(s.error());
      std::cout << "Password changed for " << user->email << ".\n";
      return kExitOk;
    });
  });
}

}  // namespace trellis::cli
