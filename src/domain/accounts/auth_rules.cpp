#include "domain/accounts/auth_rules.h"

#include <algorithm>

namespace trellis {

InvitationPath invitation_path(const std::optional<InvitedAccount>& account,
                               const std::string& inviting_program_id) {
  if (!account) return InvitationPath::kCreateAccount;
  if (account->has_password || account->is_admin || inviting_program_id.empty() ||
      account->created_in_program_id != inviting_program_id)
    return InvitationPath::kSignInFirst;
  bool only_this_program =
      std::all_of(account->membership_programs.begin(), account->membership_programs.end(),
                  [&](const std::string& program_id) { return program_id == inviting_program_id; });
  return only_this_program ? InvitationPath::kSetFirstPassword : InvitationPath::kSignInFirst;
}

Status can_issue_password_reset(const Actor& actor, const std::string& user_id) {
  if (actor.signed_in() && actor.user_id == user_id)
    return Error::forbidden(
        "You cannot issue a reset link for your own account; change your password from a "
        "signed-in session instead.");
  return ok_status();
}

Status can_create_api_token(const Actor& actor) {
  if (!actor.signed_in()) return Error::unauthenticated();
  if (!actor.token_id.empty())
    return Error::forbidden("API tokens are created from a signed-in session, not with a token.");
  return ok_status();
}

Result<std::optional<Timestamp>> api_token_expiry(std::optional<long long> expires_in_days,
                                                  Timestamp now) {
  if (!expires_in_days) return std::optional<Timestamp>();
  if (*expires_in_days < 1 || *expires_in_days > kMaxApiTokenDays)
    return Error::invalid("expires_in_days must be a whole number from 1 to " +
                              std::to_string(kMaxApiTokenDays) + ".",
                          "expires_in_days");
  return std::optional<Timestamp>(now + Timestamp{*expires_in_days} * 24 * 3600 * 1000);
}

}  // namespace trellis
