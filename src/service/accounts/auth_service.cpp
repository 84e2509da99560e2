#include "service/accounts/auth_service.h"

#include <spdlog/spdlog.h>

#include "core/id.h"
#include "core/secret.h"
#include "domain/accounts/auth_rules.h"
#include "domain/accounts/throttle.h"
#include "domain/policy.h"
#include "service/accounts/passwords.h"
#include "service/audit_event.h"
#include "service/lookup.h"
#include "storage/accounts/auth_repositories.h"

namespace trellis {
namespace {

constexpr char kWrongCredentials[] = "Email or password is wrong.";
constexpr char kTokenPrefix[] = "trl_";
constexpr Timestamp kTouchEveryMs = 60 * 1000;

std::string account_key(const std::string& email) {
  return "account:" + email;
}
std::string address_key(const std::string& address) {
  return "address:" + address;
}

ClientInfo client_of(const Actor& actor) {
  ClientInfo c;
  c.address = actor.client_address;
  c.request_id = actor.request_id;
  return c;
}

Actor client_actor(const ClientInfo& client) {
  Actor a = Actor::anonymous();
  a.client_address = client.address;
  a.request_id = client.request_id;
  return a;
}

int seconds_until(Timestamp until, Timestamp now) {
  return static_cast<int>((until - now + 999) / 1000);
}

}  // namespace

Result<std::vector<Grant>> AuthService::grants_of(Repositories& r, const std::string& user_id) {
  return r.memberships().list_grants(user_id);
}

Result<Actor> AuthService::actor_for_user(Repositories& r, const std::string& user_id,
                                          const ClientInfo& client) {
  User u = TRY(r.users().find(user_id));
  if (u.disabled) return Error::unauthenticated("This account is disabled.");
  Actor a;
  a.kind = Actor::Kind::kUser;
  a.user_id = u.id;
  a.display_name = u.display_name;
  a.is_admin = u.is_admin;
  a.grants = TRY(grants_of(r, u.id));
  a.client_address = client.address;
  a.request_id = client.request_id;
  return a;
}

Status AuthService::count_attempt(const std::string& email) {
  const std::string key = account_key(email);
  Timestamp now = clock_.now();
  Timestamp locked_until = 0;
  // Counted before the password is checked, in one transaction with the check (the counting
  // statement locks the row), so that parallel guesses cannot all pass one look at the count.
  Status counted = store_.write([&](Repositories& r) -> Status {
    ThrottleState s = TRY(r.throttle().record_failure(
        key, now, now - Timestamp{kAccountThrottle.forget_after_seconds} * 1000));
    if (s.locked_until > now) {
      locked_until = s.locked_until;
      return Error::rate_limited("", 0);  // rolls back: a refused attempt is not counted
    }
    Timestamp until = throttle_until(s, kAccountThrottle);
    if (until > now) TRY(r.throttle().set_locked_until(key, until));
    return ok_status();
  });
  if (locked_until > now)
    return Error::rate_limited("Too many failed sign-in attempts. Try again later.",
                               seconds_until(locked_until, now));
  return counted;
}

Status AuthService::record_failure(const std::string& email, const ClientInfo& client,
                                   std::string_view action, Timestamp* address_throttled_until) {
  Timestamp now = clock_.now();
  return store_.write([&](Repositories& r) -> Status {
    // The address key only slows down wrong passwords: it never refuses a right one, since
    // everyone behind one proxy or NAT shares it.
    const std::string key = address_key(client.address);
    ThrottleState s = TRY(r.throttle().record_failure(
        key, now, now - Timestamp{kAddressThrottle.forget_after_seconds} * 1000));
    Timestamp until = throttle_until(s, kAddressThrottle);
    if (until > now) TRY(r.throttle().set_locked_until(key, until));
    if (address_throttled_until) *address_throttled_until = s.locked_until;
    Actor anonymous = client_actor(client);
    return r.audit().append(audit_event(anonymous, clock_, std::string(action), {"account", "", ""},
                                        "throttle key " + account_key(email)));
  });
}

Status AuthService::check_password(const std::string& email, const std::string& stored_hash,
                                   const std::string& password, const ClientInfo& client,
                                   std::string_view failure_action) {
  // Always run the hash check, so an unknown email takes as long as a known one.
  if (verify_password(hash_to_verify(stored_hash), password)) return ok_status();
  Timestamp address_until = 0;
  TRY(record_failure(email, client, failure_action, &address_until));
  Timestamp now = clock_.now();
  if (address_until > now)
    return Error::rate_limited(
        "Too many failed sign-in attempts from your network. Try again "
        "later.",
        seconds_until(address_until, now));
  return Error::unauthenticated(kWrongCredentials);
}

Result<SignIn> AuthService::sign_in(const std::string& raw_email, const std::string& password,
                                    const ClientInfo& client) {
  auto normalized = normalize_email(raw_email);
  if (!normalized) return Error::unauthenticated(kWrongCredentials);
  const std::string email = *normalized;
  Timestamp now = clock_.now();
  TRY(count_attempt(email));

  std::optional<User> user;
  std::string hash = unusable_password_hash();
  TRY(store_.read([&](Repositories& r) -> Status {
    auto found = r.users().find_by_email(email);
    if (found) {
      user = *found;
      hash = TRY(r.users().password_hash(found->id));
    } else if (found.error().code != ErrorCode::kNotFound) {
      return found.error();
    }
    return ok_status();
  }));
  if (!user || user->disabled) hash = unusable_password_hash();  // never matches
  TRY(check_password(email, hash, password, client, "session.sign_in_failed"));

  SignIn out;
  out.session_token = new_secret();
  out.user = *user;
  Session& s = out.session;
  s.id = new_id_at(now);
  s.user_id = user->id;
  s.token_hash = secret_hash(out.session_token);
  s.csrf_token = new_secret();
  s.created_at = now;
  s.last_seen_at = now;
  s.expires_at = now + Timestamp{settings_.session_lifetime_hours} * 3600 * 1000;
  s.client_address = client.address;
  s.user_agent = client.user_agent.substr(0, 300);
  TRY(store_.write([&](Repositories& r) -> Status {
    TRY(r.throttle().clear(account_key(email)));
    // Sweeping ended sessions here keeps the table small without a background job.
    TRY(r.sessions().remove_expired(now,
                                    now - Timestamp{settings_.session_idle_minutes} * 60 * 1000));
    TRY(r.sessions().insert(s));
    TRY(r.users().record_sign_in(user->id, now));
    Actor actor = client_actor(client);
    actor.user_id = user->id;
    return r.audit().append(audit_event(actor, clock_, "session.sign_in", {"session", s.id, ""}));
  }));
  return out;
}

Result<Actor> AuthService::actor_for_session(const std::string& session_token,
                                             const ClientInfo& client, Session* session_out) {
  Timestamp now = clock_.now();
  std::optional<Actor> actor;
  Session session;
  bool needs_touch = false;
  TRY(store_.read([&](Repositories& r) -> Status {
    auto found = r.sessions().find_by_token_hash(secret_hash(session_token));
    if (!found) {
      if (found.error().code == ErrorCode::kNotFound)
        return Error::unauthenticated("Your session has ended. Sign in again.");
      return found.error();
    }
    session = *found;
    Timestamp idle_cutoff = now - Timestamp{settings_.session_idle_minutes} * 60 * 1000;
    if (session.expires_at <= now || session.last_seen_at < idle_cutoff)
      return Error::unauthenticated("Your session has ended. Sign in again.");
    actor = TRY(actor_for_user(r, session.user_id, client));
    needs_touch = now - session.last_seen_at >= kTouchEveryMs;
    return ok_status();
  }));
  if (needs_touch)
    TRY(store_.write([&](Repositories& r) { return r.sessions().touch(session.id, now); }));
  actor->session_id = session.id;
  if (session_out) *session_out = session;
  return *actor;
}

Result<Actor> AuthService::actor_for_token(const std::string& secret, const ClientInfo& client) {
  if (secret.rfind(kTokenPrefix, 0) != 0)
    return Error::unauthenticated("The API token is not valid.");
  Timestamp now = clock_.now();
  std::optional<Actor> actor;
  ApiToken token;
  TRY(store_.read([&](Repositories& r) -> Status {
    auto found = r.api_tokens().find_by_token_hash(secret_hash(secret));
    if (!found) {
      if (found.error().code == ErrorCode::kNotFound)
        return Error::unauthenticated("The API token is not valid.");
      return found.error();
    }
    token = *found;
    if (token.expires_at && *token.expires_at <= now)
      return Error::unauthenticated("The API token has expired.");
    actor = TRY(actor_for_user(r, token.user_id, client));
    return ok_status();
  }));
  if (!token.last_used_at || now - *token.last_used_at >= kTouchEveryMs)
    TRY(store_.write([&](Repositories& r) { return r.api_tokens().touch(token.id, now); }));
  actor->token_id = token.id;
  return *actor;
}

Status AuthService::sign_out(const Actor& actor) {
  if (!actor.signed_in()) return Error::unauthenticated();
  if (actor.session_id.empty())
    return Error::invalid("Only a browser session can sign out; revoke the API token instead.");
  return store_.write([&](Repositories& r) -> Status {
    TRY(r.sessions().remove(actor.session_id));
    return r.audit().append(
        audit_event(actor, clock_, "session.sign_out", {"session", actor.session_id, ""}));
  });
}

Result<std::vector<Session>> AuthService::list_sessions(const Actor& actor) {
  if (!actor.signed_in()) return Error::unauthenticated();
  std::vector<Session> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    out = TRY(r.sessions().list_by_user(actor.user_id));
    return ok_status();
  }));
  return out;
}

Status AuthService::end_session(const Actor& actor, const std::string& session_id) {
  if (!actor.signed_in()) return Error::unauthenticated();
  return store_.write([&](Repositories& r) -> Status {
    auto sessions = TRY(r.sessions().list_by_user(actor.user_id));
    bool mine = std::any_of(sessions.begin(), sessions.end(),
                            [&](const Session& s) { return s.id == session_id; });
    if (!mine) return Error::not_found("This session does not exist.");
    TRY(r.sessions().remove(session_id));
    return r.audit().append(audit_event(actor, clock_, "session.end", {"session", session_id, ""}));
  });
}

Status AuthService::change_password(const Actor& actor, const std::string& current_password,
                                    const std::string& new_password) {
  if (!actor.signed_in()) return Error::unauthenticated();
  // A leaked script token must not be enough to take over the account.
  if (actor.session_id.empty())
    return Error::forbidden("Change your password from a signed-in browser session.");
  User user;
  std::string hash;
  TRY(store_.read([&](Repositories& r) -> Status {
    user = TRY(r.users().find(actor.user_id));
    hash = TRY(r.users().password_hash(actor.user_id));
    return ok_status();
  }));
  // The same throttle as sign-in: an unattended session must not become a password oracle.
  TRY(count_attempt(user.email));
  Status checked = check_password(user.email, hash, current_password, client_of(actor),
                                  "user.password_change_failed");
  if (!checked) {
    if (checked.error().code == ErrorCode::kRateLimited) return checked.error();
    return Error::invalid("The current password is wrong.", "current_password");
  }
  TRY(store_.write([&](Repositories& r) { return r.throttle().clear(account_key(user.email)); }));
  TRY(check_password_rules(new_password));
  if (current_password == new_password)
    return Error::invalid("The new password must differ from the current one.", "password");
  std::string new_hash = hash_password(new_password);
  return store_.write([&](Repositories& r) -> Status {
    TRY(r.users().set_password_hash(actor.user_id, new_hash));
    // Every other session ends: whoever else knew the old password is signed out.
    for (const Session& s : TRY(r.sessions().list_by_user(actor.user_id)))
      if (s.id != actor.session_id) TRY(r.sessions().remove(s.id));
    return r.audit().append(
        audit_event(actor, clock_, "user.password_change", {"user", actor.user_id, ""}));
  });
}

Result<NewApiToken> AuthService::create_api_token(const Actor& actor, const std::string& name,
                                                  std::optional<long long> expires_in_days) {
  TRY(can_create_api_token(actor));
  NewApiToken out;
  out.secret = new_secret(kTokenPrefix);
  ApiToken& t = out.token;
  t.created_at = clock_.now();
  t.id = new_id_at(t.created_at);
  t.user_id = actor.user_id;
  t.name = TRY(clean_name(name, "name"));
  t.expires_at = TRY(api_token_expiry(expires_in_days, t.created_at));
  t.token_hash = secret_hash(out.secret);
  TRY(store_.write([&](Repositories& r) -> Status {
    TRY(r.api_tokens().insert(t));
    return r.audit().append(
        audit_event(actor, clock_, "api_token.create", {"api_token", t.id, ""}));
  }));
  return out;
}

Result<std::vector<ApiToken>> AuthService::list_api_tokens(const Actor& actor) {
  if (!actor.signed_in()) return Error::unauthenticated();
  std::vector<ApiToken> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    out = TRY(r.api_tokens().list_by_user(actor.user_id));
    return ok_status();
  }));
  return out;
}

Status AuthService::revoke_api_token(const Actor& actor, const std::string& token_id) {
  if (!actor.signed_in()) return Error::unauthenticated();
  return store_.write([&](Repositories& r) -> Status {
    TRY(r.api_tokens().remove(actor.user_id, token_id));
    return r.audit().append(
        audit_event(actor, clock_, "api_token.revoke", {"api_token", token_id, ""}));
  });
}

Result<User> AuthService::set_disabled(const Actor& actor, const std::string& user_id,
                                       bool disabled) {
  TRY(policy::can_manage_users(actor));
  if (disabled && user_id == actor.user_id)
    return Error::invalid("You cannot disable your own account.", "disabled");
  std::optional<User> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    User u = TRY(r.users().find(user_id));
    u.disabled = disabled;
    TRY(r.users().update(u));
    if (disabled) TRY(r.sessions().remove_all_for_user(user_id));
    TRY(r.audit().append(audit_event(actor, clock_, disabled ? "user.disable" : "user.enable",
                                     {"user", user_id, ""})));
    out = std::move(u);
    return ok_status();
  }));
  return *out;
}

Result<std::string> AuthService::create_password_reset(const Actor& actor,
                                                       const std::string& user_id) {
  TRY(policy::can_manage_users(actor));
  TRY(can_issue_password_reset(actor, user_id));
  std::string secret = new_secret();
  OneTimeLink link;
  link.kind = OneTimeLinkKind::kPasswordReset;
  link.created_at = clock_.now();
  link.id = new_id_at(link.created_at);
  link.token_hash = secret_hash(secret);
  link.user_id = user_id;
  link.created_by = actor.user_id;
  link.expires_at = link.created_at + Timestamp{settings_.reset_link_hours} * 3600 * 1000;
  TRY(store_.write([&](Repositories& r) -> Status {
    TRY(r.users().find(user_id));
    TRY(r.links().insert(link));
    return r.audit().append(
        audit_event(actor, clock_, "user.password_reset_issued", {"user", user_id, ""}));
  }));
  return secret;
}

Status AuthService::reset_password(const std::string& link_secret, const std::string& new_password,
                                   const ClientInfo& client) {
  TRY(check_password_rules(new_password));
  Timestamp now = clock_.now();
  OneTimeLink link;
  TRY(store_.read([&](Repositories& r) -> Status {
    auto stored = r.links().find_by_token_hash(secret_hash(link_secret));
    if (!TRY(found(stored)) || stored->kind != OneTimeLinkKind::kPasswordReset || stored->used_at ||
        stored->expires_at <= now)
      return Error::not_found("This reset link is not valid any more. Ask for a new one.");
    link = *stored;
    return ok_status();
  }));
  std::string hash = hash_password(new_password);
  return store_.write([&](Repositories& r) -> Status {
    TRY(r.links().mark_used(link.id, now));  // conflict when a racing request used it first
    User u = TRY(r.users().find(link.user_id));
    TRY(r.users().set_password_hash(u.id, hash));
    TRY(r.sessions().remove_all_for_user(u.id));
    TRY(r.throttle().clear(account_key(u.email)));
    Actor actor = client_actor(client);
    actor.user_id = u.id;
    return r.audit().append(audit_event(actor, clock_, "user.password_reset", {"user", u.id, ""}));
  });
}

}  // namespace trellis
