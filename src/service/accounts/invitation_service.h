// InvitationService: organizers invite a person into a cohort with a role by one-time link;
// the person opens the link and either chooses the password of a new account, or accepts from
// a signed-in session of the account the email already has. The link never checks or replaces
// an existing password (see invitation_path() in domain/accounts/auth_rules.h). No mail server is
// needed: the organizer copies the link. Thread-safe.
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "domain/accounts/auth.h"
#include "domain/accounts/auth_rules.h"
#include "domain/actor.h"
#include "service/accounts/auth_service.h"
#include "service/membership_listener.h"
#include "storage/store.h"

namespace trellis {

struct NewInvitation {
  std::string email;
  std::string display_name;
  Role role = Role::kScholar;
  std::optional<std::string> stream_id;
};

struct CreatedInvitation {
  std::string secret;  // goes into the link; shown once
  OneTimeLink link;
};

// What the invitation page shows before the person accepts.
struct InvitationPreview {
  std::string program_name;
  std::string cohort_name;
  std::string email;
  std::string display_name;
  Role role = Role::kScholar;
  bool account_exists = false;
  bool sign_in_required = false;  // accepted only from a signed-in session of that account
  Timestamp expires_at = 0;
};

// An invitation made for a member who never signed in, or why none could be made.
struct MemberInvitation {
  Membership membership;
  User user;
  std::optional<CreatedInvitation> invitation;  // none: see `reason`
  std::string reason;  // why there is no link (the account needs an administrator's reset link)
};

struct AcceptedInvitation {
  User user;
  // A new session when the acceptance chose the account's password; none when the person
  // accepted from their own session.
  std::optional<SignIn> sign_in;
};

// What the invitation rules (invitation_path) need to know of an existing account, read in the
// caller's transaction.
Result<InvitedAccount> invited_account(Repositories& r, const User& user);

class InvitationService {
 public:
  static constexpr int kValidDays = 7;

  InvitationService(Store& store, const Clock& clock, AuthService& auth)
      : store_(store), clock_(clock), auth_(auth) {}
  // Told of every membership this service adds (set once, before serving).
  void set_membership_listener(MembershipListener* listener) { listener_ = listener; }

  Result<CreatedInvitation> invite(const Actor& actor, const std::string& cohort_id,
                                   const NewInvitation& input);
  // Invites every member of the cohort who never signed in and whose account is not disabled
  // (one link per person, with their role and stream). A member whose first password an
  // invitation may not set (invitation_path() is not kSetFirstPassword) gets no link and a
  // reason instead. Organizers of the cohort's program only.
  Result<std::vector<MemberInvitation>> invite_members_never_signed_in(
      const Actor& actor, const std::string& cohort_id);
  Result<InvitationPreview> preview(const std::string& secret);
  // Adds the membership and uses up the link. With no account for the email: creates it with
  // `password` and signs the person in. For a password-less account the inviting program
  // created and alone holds: sets its first password and signs in. For any other account:
  // only `actor`'s own session may accept (unauthenticated when signed out, forbidden when
  // signed in as someone else) and the password is neither needed nor looked at.
  Result<AcceptedInvitation> accept(const std::string& secret, const std::string& display_name,
                                    const std::string& password, const Actor& actor,
                                    const ClientInfo& client);

 private:
  struct Invitee {
    std::optional<User> account;
    InvitationPath path = InvitationPath::kCreateAccount;
  };

  Result<OneTimeLink> usable_link(Repositories& r, const std::string& secret);
  CreatedInvitation new_link(const Actor& actor, const std::string& cohort_id, const User& user,
                             const Membership& membership) const;
  static Result<Invitee> invitee(Repositories& r, const OneTimeLink& link);

  Store& store_;
  const Clock& clock_;
  AuthService& auth_;
  MembershipListener* listener_ = nullptr;
};

}  // namespace trellis
