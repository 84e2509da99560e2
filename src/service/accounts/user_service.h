// UserService: accounts. Creating administrators and resetting passwords from the CLI, reading
// one's own account. Password hashing happens here, so call it from worker threads. Thread-safe.
#pragma once

#include <string>

#include "core/clock.h"
#include "domain/actor.h"
#include "domain/people.h"
#include "storage/store.h"

namespace trellis {

struct NewUser {
  std::string email;
  std::string display_name;
  std::string password;
  bool is_admin = false;
};

class UserService {
 public:
  UserService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  Result<User> create_user(const Actor& actor, const NewUser& input);
  Result<User> get_user(const Actor& actor, const std::string& id);
  Result<Page<User>> list_users(const Actor& actor, const PageRequest& page);
  Result<User> find_by_email(const Actor& actor, const std::string& email);
  // Sets a new password without knowing the old one: administrators and the CLI only.
  Status reset_password(const Actor& actor, const std::string& user_id,
                        const std::string& new_password);

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace trellis
