#include "storage/sql/accounts/auth_repositories.h"
#include "storage/sql/query.h"

namespace trellis {
namespace {

// last_used_at is NULL until first use and expires_at NULL for tokens that never expire; both
// are read as -1 so SOCI needs no nullable integer.
constexpr const char* kColumns =
    "id, user_id, name, token_hash, created_at, COALESCE(last_used_at, -1), "
    "COALESCE(expires_at, -1)";

struct TokenRow {
  ApiToken t;
  long long created_at = 0, last_used_at = -1, expires_at = -1;

  void read_into(Query& q) {
    q.into(t.id)
        .into(t.user_id)
        .into(t.name)
        .into(t.token_hash)
        .into(created_at)
        .into(last_used_at)
        .into(expires_at);
  }
  ApiToken get() const {
    ApiToken out = t;
    out.created_at = created_at;
    if (last_used_at >= 0) out.last_used_at = last_used_at;
    if (expires_at >= 0) out.expires_at = expires_at;
    return out;
  }
};

Error token_not_found() {
  return Error::not_found("This API token does not exist.");
}

}  // namespace

Status SqlApiTokenRepository::insert(const ApiToken& t) {
  try {
    Query(ctx_.session,
          "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, expires_at) "
          "VALUES (:id, :user_id, :name, :token_hash, :created_at, :expires_at)")
        .bind("id", t.id)
        .bind("user_id", t.user_id)
        .bind("name", t.name)
        .bind("token_hash", t.token_hash)
        .bind("created_at", static_cast<long long>(t.created_at))
        .bind("expires_at",
              t.expires_at ? std::optional<long long>(*t.expires_at) : std::optional<long long>())
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "api_tokens");
  }
  return ok_status();
}

Result<ApiToken> SqlApiTokenRepository::find_by_token_hash(const std::string& token_hash) {
  TokenRow row;
  try {
    Query q(ctx_.session,
            std::string("SELECT ") + kColumns + " FROM api_tokens WHERE token_hash = :h");
    row.read_into(q);
    if (!q.bind("h", token_hash).fetch_one()) return token_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "api_tokens");
  }
  return row.get();
}

Result<std::vector<ApiToken>> SqlApiTokenRepository::list_by_user(const std::string& user_id) {
  std::vector<ApiToken> out;
  try {
    TokenRow row;
    Query q(ctx_.session,
            std::string("SELECT ") + kColumns + " FROM api_tokens WHERE user_id = :u ORDER BY id");
    row.read_into(q);
    q.bind("u", user_id).for_each_row([&] { out.push_back(row.get()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "api_tokens");
  }
  return out;
}

Status SqlApiTokenRepository::touch(const std::string& id, Timestamp last_used_at) {
  try {
    Query(ctx_.session, "UPDATE api_tokens SET last_used_at = :t WHERE id = :id")
        .bind("t", static_cast<long long>(last_used_at))
        .bind("id", id)
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "api_tokens");
  }
  return ok_status();
}

Status SqlApiTokenRepository::remove(const std::string& user_id, const std::string& id) {
  std::string removed;
  try {
    Query q(ctx_.session, "DELETE FROM api_tokens WHERE id = :id AND user_id = :u RETURNING id");
    if (!q.into(removed).bind("id", id).bind("u", user_id).fetch_one()) return token_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "api_tokens");
  }
  return ok_status();
}

}  // namespace trellis
