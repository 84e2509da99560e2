// Rules about credentials: how an invitation may be accepted, who may issue a password-reset
// link, and what an API token may create. Pure functions; the services apply them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/actor.h"

namespace trellis {

// How an invitation to an email is accepted. An invitation never checks or replaces the
// password of an account that has one, and never gives a first password to an account that
// another program (or an administrator) could have reasons to guard.
enum class InvitationPath {
  kCreateAccount,     // no account has the email: the link holder chooses its password
  kSetFirstPassword,  // a password-less account created by the inviting program, in no other
  kSignInFirst,       // any other account: accepted only from that account's own session
};

// What the invitation rules need to know of an existing account.
struct InvitedAccount {
  bool has_password = false;
  bool is_admin = false;
  std::string created_in_program_id;             // empty: not created by a program
  std::vector<std::string> membership_programs;  // programs of its memberships, repeats allowed
};

InvitationPath invitation_path(const std::optional<InvitedAccount>& account,
                               const std::string& inviting_program_id);

// Only a session can change its own account's credentials: a reset link for one's own account
// would let an API token (or anyone at an unlocked screen) set the password without knowing
// the current one. forbidden for one's own account; the caller checks the admin right.
Status can_issue_password_reset(const Actor& actor, const std::string& user_id);

inline constexpr int kMaxApiTokenDays = 366;

// Tokens are created from a signed-in session only, so a leaked token can neither mint a copy
// that outlives its revocation nor one that lasts longer than itself. forbidden for a token.
Status can_create_api_token(const Actor& actor);

// When a new token expires: none when expires_in_days is absent, else now plus that many days.
// invalid (field "expires_in_days") outside 1..kMaxApiTokenDays.
Result<std::optional<Timestamp>> api_token_expiry(std::optional<long long> expires_in_days,
                                                  Timestamp now);

}  // namespace trellis
