#include <iostream>

#include "cli/common.h"
#include "service/user_service.h"

namespace trellis::cli {
namespace {

struct UserOptions {
  std::string email;
  std::string name;
  bool admin = false;
};

UserOptions& options() {
  static UserOptions o;
  return o;
}

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

  auto* create =
      cmd->add_subcommand("create", "Create an account; the password is read from standard input");
  create->add_option("--email", options().email, "Email address (sign-in name)")->required();
  create->add_option("--name", options().name, "Display name")->required();
  create->add_flag("--admin", options().admin, "Make the account a site administrator");
  create->callback([&global, &exit_code] {
    exit_code = with_users(global, [](UserService& users) {
      std::string password = read_secret_line("Password (at least 12 characters): ");
      auto user = users.create_user(Actor::system(),
                                    {options().email, options().name, password, options().admin});
      if (!user) return report(user.error());
      std::cout << "Created " << (user->is_admin ? "administrator " : "account ") << user->email
                << " (id " << user->id << ").\n";
      return kExitOk;
    });
  });

  auto* reset = cmd->add_subcommand("reset-password",
                                    "Set a new password for an account; read from standard input");
  reset->add_option("--email", options().email, "Email address of the account")->required();
  reset->callback([&global, &exit_code] {
    exit_code = with_users(global, [](UserService& users) {
      auto user = users.find_by_email(Actor::system(), options().email);
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
