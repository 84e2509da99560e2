#include "storage/sql/accounts/auth_repositories.h"
#include "storage/sql/query.h"

namespace trellis {
namespace {

constexpr const char* kColumns =
    "id, user_id, token_hash, csrf_token, created_at, last_seen_at, expires_at, client_address, "
    "user_agent";

struct SessionRow {
  Session s;
  long long created_at = 0, last_seen_at = 0, expires_at = 0;

  void read_into(Query& q) {
    q.into(s.id).into(s.user_id).into(s.token_hash).into(s.csrf_token).into(created_at);
    q.into(last_seen_at).into(expires_at).into(s.client_address).into(s.user_agent);
  }
  Session get() const {
    Session out = s;
    out.created_at = created_at;
    out.last_seen_at = last_seen_at;
    out.expires_at = expires_at;
    return out;
  }
};

Error session_not_found() {
  return Error::not_found("This session does not exist.");
}

}  // namespace

Status SqlSessionRepository::insert(const Session& s) {
  try {
    Query(ctx_.session,
          "INSERT INTO sessions (id, user_id, token_hash, csrf_token, created_at, last_seen_at, "
          "expires_at, client_address, user_agent) VALUES (:id, :user_id, :token_hash, :csrf, "
          ":created_at, :last_seen_at, :expires_at, :client_address, :user_agent)")
        .bind("id", s.id)
        .bind("user_id", s.user_id)
        .bind("token_hash", s.token_hash)
        .bind("csrf", s.csrf_token)
        .bind("created_at", static_cast<long long>(s.created_at))
        .bind("last_seen_at", static_cast<long long>(s.last_seen_at))
        .bind("expires_at", static_cast<long long>(s.expires_at))
        .bind("client_address", s.client_address)
        .bind("user_agent", s.user_agent)
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "sessions");
  }
  return ok_status();
}

Result<Session> SqlSessionRepository::find_by_token_hash(const std::string& token_hash) {
  SessionRow row;
  try {
    Query q(ctx_.session,
            std::string("SELECT ") + kColumns + " FROM sessions WHERE token_hash = :h");
    row.read_into(q);
    if (!q.bind("h", token_hash).fetch_one()) return session_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "sessions");
  }
  return row.get();
}

Result<std::vector<Session>> SqlSessionRepository::list_by_user(const std::string& user_id) {
  std::vector<Session> out;
  try {
    SessionRow row;
    Query q(ctx_.session,
            std::string("SELECT ") + kColumns + " FROM sessions WHERE user_id = :u ORDER BY id");
    row.read_into(q);
    q.bind("u", user_id).for_each_row([&] { out.push_back(row.get()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "sessions");
  }
  return out;
}

Status SqlSessionRepository::touch(const std::string& id, Timestamp last_seen_at) {
  try {
    Query(ctx_.session, "UPDATE sessions SET last_seen_at = :t WHERE id = :id")
        .bind("t", static_cast<long long>(last_seen_at))
        .bind("id", id)
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "sessions");
  }
  return ok_status();
}

Status SqlSessionRepository::remove(const std::string& id) {
  std::string removed;
  try {
    Query q(ctx_.session, "DELETE FROM sessions WHERE id = :id RETURNING id");
    if (!q.into(removed).bind("id", id).fetch_one()) return session_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "sessions");
  }
  return ok_status();
}

Status SqlSessionRepository::remove_all_for_user(const std::string& user_id) {
  try {
    Query(ctx_.session, "DELETE FROM sessions WHERE user_id = :u").bind("u", user_id).execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "sessions");
  }
  return ok_status();
}

Result<long long> SqlSessionRepository::remove_expired(Timestamp now, Timestamp idle_cutoff) {
  long long n = 0;
  try {
    std::string id;
    Query q(ctx_.session,
            "DELETE FROM sessions WHERE expires_at <= :now OR last_seen_at < :idle RETURNING id");
    q.into(id)
        .bind("now", static_cast<long long>(now))
        .bind("idle", static_cast<long long>(idle_cutoff));
    q.for_each_row([&] { ++n; });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "sessions");
  }
  return n;
}

}  // namespace trellis
