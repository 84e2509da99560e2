#include "storage/sql/paging.h"
#include "storage/sql/query.h"
#include "storage/sql/sql_repositories.h"

namespace trellis {
namespace {

constexpr const char* kColumns =
    "id, email, display_name, is_admin, disabled, created_at, created_in_program_id, "
    "COALESCE(last_sign_in_at, -1)";

// One row of users, in the shape SOCI reads it.
struct UserRow {
  std::string id, email, display_name, created_in_program_id;
  long long is_admin = 0, disabled = 0, created_at = 0, last_sign_in_at = -1;  // -1: never

  void read_into(Query& q) {
    q.into(id)
        .into(email)
        .into(display_name)
        .into(is_admin)
        .into(disabled)
        .into(created_at)
        .into(created_in_program_id)
        .into(last_sign_in_at);
  }
  User to_user() const {
    User u;
    u.id = id;
    u.email = email;
    u.display_name = display_name;
    u.is_admin = is_admin != 0;
    u.disabled = disabled != 0;
    u.created_at = created_at;
    u.created_in_program_id = created_in_program_id;
    if (last_sign_in_at >= 0) u.last_sign_in_at = last_sign_in_at;
    return u;
  }
};

Error user_not_found() {
  return Error::not_found("This user does not exist.");
}

}  // namespace

Status SqlUserRepository::insert(const User& user, const std::string& password_hash) {
  try {
    Query(ctx_.session,
          "INSERT INTO users (id, email, display_name, password_hash, is_admin, disabled, "
          "created_at, created_in_program_id) VALUES (:id, :email, :display_name, :password_hash, "
          ":is_admin, :disabled, :created_at, :created_in_program_id)")
        .bind("id", user.id)
        .bind("email", user.email)
        .bind("display_name", user.display_name)
        .bind("password_hash", password_hash)
        .bind("is_admin", static_cast<long long>(user.is_admin))
        .bind("disabled", static_cast<long long>(user.disabled))
        .bind("created_at", static_cast<long long>(user.created_at))
        .bind("created_in_program_id", user.created_in_program_id)
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "users");
  }
  return ok_status();
}

Result<User> SqlUserRepository::find_where(const std::string& column, const std::string& value) {
  UserRow row;
  try {
    // `column` is one of two literals chosen by this file, never input.
    Query q(ctx_.session,
            std::string("SELECT ") + kColumns + " FROM users WHERE " + column + " = :value");
    row.read_into(q);
    if (!q.bind("value", value).fetch_one()) return user_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "users");
  }
  return row.to_user();
}

Result<User> SqlUserRepository::find(const std::string& id) {
  return find_where("id", id);
}

Result<User> SqlUserRepository::find_by_email(const std::string& email) {
  return find_where("email", email);
}

Result<std::string> SqlUserRepository::password_hash(const std::string& user_id) {
  std::string hash;
  try {
    Query q(ctx_.session, "SELECT password_hash FROM users WHERE id = :id");
    if (!q.into(hash).bind("id", user_id).fetch_one()) return user_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "users");
  }
  return hash;
}

Status SqlUserRepository::set_password_hash(const std::string& user_id, const std::string& hash) {
  std::string updated;
  try {
    Query q(ctx_.session, "UPDATE users SET password_hash = :hash WHERE id = :id RETURNING id");
    if (!q.into(updated).bind("hash", hash).bind("id", user_id).fetch_one()) {
      return user_not_found();
    }
  } catch (const std::exception& e) {
    return ctx_.fail(e, "users");
  }
  return ok_status();
}

Status SqlUserRepository::update(const User& user) {
  std::string updated;
  try {
    Query q(ctx_.session,
            "UPDATE users SET display_name = :display_name, is_admin = :is_admin, "
            "disabled = :disabled WHERE id = :id RETURNING id");
    q.into(updated)
        .bind("display_name", user.display_name)
        .bind("is_admin", static_cast<long long>(user.is_admin))
        .bind("disabled", static_cast<long long>(user.disabled))
        .bind("id", user.id);
    if (!q.fetch_one()) return user_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "users");
  }
  return ok_status();
}

Status SqlUserRepository::record_sign_in(const std::string& user_id, Timestamp at) {
  std::string updated;
  try {
    Query q(ctx_.session, "UPDATE users SET last_sign_in_at = :at WHERE id = :id RETURNING id");
    q.into(updated).bind("at", static_cast<long long>(at)).bind("id", user_id);
    if (!q.fetch_one()) return user_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "users");
  }
  return ok_status();
}

Result<Page<User>> SqlUserRepository::list(const PageRequest& page) {
  std::vector<User> users;
  try {
    UserRow row;
    Query q(ctx_.session, std::string("SELECT ") + kColumns +
                              " FROM users WHERE id > :after ORDER BY id LIMIT :limit");
    row.read_into(q);
    q.bind("after", page.after).bind("limit", fetch_limit(page));
    q.for_each_row([&] { users.push_back(row.to_user()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "users");
  }
  return make_page(std::move(users), page);
}

Result<long long> SqlUserRepository::count() {
  long long n = 0;
  try {
    Query(ctx_.session, "SELECT count(*) FROM users").into(n).fetch_one();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "users");
  }
  return n;
}

}  // namespace trellis
