// AuthService: signing in and out, sessions, API tokens, password changes and resets, and
// disabling accounts. Turns a session cookie or a bearer token into an Actor for every request.
//
// Sign-in never tells whether an email exists: unknown emails cost the same Argon2id check and
// count towards the same throttle as known ones. Secrets are returned once and stored hashed.
// Thread-safe; password checks cost ~35 ms, so call from worker threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "domain/accounts/auth.h"
#include "domain/actor.h"
#include "domain/people.h"
#include "storage/store.h"

namespace trellis {

struct AuthSettings {
  int session_idle_minutes = 24 * 60;    // a session unused this long ends
  int session_lifetime_hours = 14 * 24;  // a session ends this long after sign-in, used or not
  int reset_link_hours = 24;             // password-reset links expire after this
};

struct ClientInfo {
  std::string address;
  std::string user_agent;
  std::string request_id;
};

struct SignIn {
  std::string session_token;  // the cookie value: shown once, never stored
  Session session;
  User user;
};

struct NewApiToken {
  std::string secret;  // "trl_…": shown once, never stored
  ApiToken token;
};

class AuthService {
 public:
  AuthService(Store& store, const Clock& clock, AuthSettings settings)
      : store_(store), clock_(clock), settings_(settings) {}

  // unauthenticated "Email or password is wrong." for any mismatch, unknown email or disabled
  // account; rate_limited (with retry_after_seconds) while the account or address is throttled.
  Result<SignIn> sign_in(const std::string& email, const std::string& password,
                         const ClientInfo& client);

  // The Actor behind a session cookie value; unauthenticated when unknown, expired, idle too
  // long or the account is disabled. Refreshes last-seen at most once a minute.
  Result<Actor> actor_for_session(const std::string& session_token, const ClientInfo& client,
                                  Session* session_out = nullptr);
  // The Actor behind an API token ("trl_…"); unauthenticated when unknown, expired or disabled.
  Result<Actor> actor_for_token(const std::string& secret, const ClientInfo& client);

  Status sign_out(const Actor& actor);
  Result<std::vector<Session>> list_sessions(const Actor& actor);
  Status end_session(const Actor& actor, const std::string& session_id);

  // Needs the current password; ends every other session of the account.
  Status change_password(const Actor& actor, const std::string& current_password,
                         const std::string& new_password);

  // From a signed-in session only (forbidden for an API token); expires_in_days absent means
  // the token works until revoked, else 1..366 (invalid otherwise).
  Result<NewApiToken> create_api_token(const Actor& actor, const std::string& name,
                                       std::optional<long long> expires_in_days = std::nullopt);
  Result<std::vector<ApiToken>> list_api_tokens(const Actor& actor);
  Status revoke_api_token(const Actor& actor, const std::string& token_id);

  // Administrators: disabling ends the account's sessions at once; its tokens stop working.
  Result<User> set_disabled(const Actor& actor, const std::string& user_id, bool disabled);
  // Administrators, for another account than their own (forbidden): a one-time link secret
  // valid for reset_link_hours.
  Result<std::string> create_password_reset(const Actor& actor, const std::string& user_id);
  // Anyone holding the link: sets the password, ends all sessions, lifts the sign-in throttle.
  Status reset_password(const std::string& link_secret, const std::string& new_password,
                        const ClientInfo& client);

  // The roles an account holds, for the Actor.
  static Result<std::vector<Grant>> grants_of(Repositories& r, const std::string& user_id);

 private:
  Result<Actor> actor_for_user(Repositories& r, const std::string& user_id,
                               const ClientInfo& client);
  // Counts one attempt on the account's throttle key before its password is checked;
  // rate_limited (and not counted) while the key is locked.
  Status count_attempt(const std::string& email);
  // Counts a wrong password against the client's address and audits it as `action`; sets
  // *address_throttled_until to the lock the address was under before this failure.
  Status record_failure(const std::string& email, const ClientInfo& client, std::string_view action,
                        Timestamp* address_throttled_until);
  // Ok when password matches stored_hash (an account without a password never matches);
  // otherwise records the failure and returns unauthenticated, or rate_limited when the
  // client's address is throttled.
  Status check_password(const std::string& email, const std::string& stored_hash,
                        const std::string& password, const ClientInfo& client,
                        std::string_view failure_action);

  Store& store_;
  const Clock& clock_;
  AuthSettings settings_;
};

}  // namespace trellis
