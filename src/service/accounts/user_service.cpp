#include "service/accounts/user_service.h"

#include "core/id.h"
#include "domain/policy.h"
#include "service/accounts/passwords.h"
#include "service/audit_event.h"
#include "storage/accounts/auth_repositories.h"

namespace trellis {

Result<User> UserService::create_user(const Actor& actor, const NewUser& input) {
  TRY(policy::can_manage_users(actor));
  User u;
  u.id = new_id();
  u.email = TRY(normalize_email(input.email));
  u.display_name = TRY(clean_name(input.display_name, "display_name"));
  u.is_admin = input.is_admin;
  u.created_at = clock_.now();
  TRY(check_password_rules(input.password));
  std::string hash = hash_password(input.password);
  TRY(store_.write([&](Repositories& r) -> Status {
    TRY(r.users().insert(u, hash));
    return r.audit().append(audit_event(actor, clock_, "user.create", {"user", u.id, ""}));
  }));
  return u;
}

Result<User> UserService::get_user(const Actor& actor, const std::string& id) {
  TRY(policy::can_read_user(actor, id));
  std::optional<User> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    out = TRY(r.users().find(id));
    return ok_status();
  }));
  return *out;
}

Result<Page<User>> UserService::list_users(const Actor& actor, const PageRequest& page) {
  TRY(policy::can_manage_users(actor));
  Page<User> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    out = TRY(r.users().list(page));
    return ok_status();
  }));
  return out;
}

Result<User> UserService::find_by_email(const Actor& actor, const std::string& email) {
  TRY(policy::can_manage_users(actor));
  std::string normalized = TRY(normalize_email(email));
  std::optional<User> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    out = TRY(r.users().find_by_email(normalized));
    return ok_status();
  }));
  return *out;
}

Status UserService::reset_password(const Actor& actor, const std::string& user_id,
                                   const std::string& new_password) {
  TRY(policy::can_manage_users(actor));
  TRY(check_password_rules(new_password));
  std::string hash = hash_password(new_password);
  return store_.write([&](Repositories& r) -> Status {
    TRY(r.users().find(user_id));
    TRY(r.users().set_password_hash(user_id, hash));
    return r.audit().append(audit_event(actor, clock_, "user.password_set", {"user", user_id, ""}));
  });
}

}  // namespace trellis
