// Plain types of authentication and accountability: sessions, API tokens, one-time links
// (password resets, invitations), login throttling and audit events. Secrets (session tokens,
// API tokens, link tokens) are never stored: only their SHA-256 hashes are.
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "domain/role.h"

namespace trellis {

struct Session {
  std::string id;  // public id, shown in "my sessions"; not the secret
  std::string user_id;
  std::string token_hash;  // SHA-256 of the cookie value, hex
  std::string csrf_token;  // synchronizer token the browser echoes in X-CSRF-Token
  Timestamp created_at = 0;
  Timestamp last_seen_at = 0;
  Timestamp expires_at = 0;  // absolute lifetime end
  std::string client_address;
  std::string user_agent;
};

struct ApiToken {
  std::string id;
  std::string user_id;
  std::string name;
  std::string token_hash;
  Timestamp created_at = 0;
  std::optional<Timestamp> last_used_at;
  std::optional<Timestamp> expires_at;  // none: works until revoked
};

enum class OneTimeLinkKind { kPasswordReset, kInvitation };

// A password reset or an invitation: a secret link that works once, before it expires.
struct OneTimeLink {
  std::string id;
  OneTimeLinkKind kind = OneTimeLinkKind::kPasswordReset;
  std::string token_hash;
  std::string user_id;  // reset: the account; invitation: empty until accepted
  // Invitations only:
  std::string cohort_id;
  std::string email;
  std::string display_name;
  std::optional<Role> role;
  std::optional<std::string> stream_id;
  std::string created_by;
  Timestamp created_at = 0;
  Timestamp expires_at = 0;
  std::optional<Timestamp> used_at;
};

// Failed sign-in attempts for one key ("account:<email>" or "address:<ip>").
struct ThrottleState {
  std::string key;
  int failures = 0;
  Timestamp last_failure_at = 0;
  Timestamp locked_until = 0;
};

// One audited action. Append-only: nothing in the product updates or deletes these.
struct AuditEvent {
  std::string id;
  Timestamp at = 0;
  std::string actor_user_id;  // empty for the system or an anonymous caller
  std::string action;         // "program.create", "session.login_failed", "member.read" …
  std::string resource_type;
  std::string resource_id;
  std::string program_id;  // empty for site-wide events
  std::string client_address;
  std::string request_id;
  std::string detail;  // short, never secrets or personal free text
};

}  // namespace trellis
