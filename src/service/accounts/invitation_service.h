// InvitationService: organizers invite a person into a cohort with a role by one-time link;
// the person opens the link, sets a password (or confirms their existing one) and is in.
// No mail server is needed: the organizer copies the link. Thread-safe.
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "domain/accounts/auth.h"
#include "domain/actor.h"
#include "service/accounts/auth_service.h"
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
  bool account_exists = false;  // then the person confirms with their current password
  Timestamp expires_at = 0;
};

class InvitationService {
 public:
  static constexpr int kValidDays = 7;

  InvitationService(Store& store, const Clock& clock, AuthService& auth)
      : store_(store), clock_(clock), auth_(auth) {}

  Result<CreatedInvitation> invite(const Actor& actor, const std::string& cohort_id,
                                   const NewInvitation& input);
  Result<InvitationPreview> preview(const std::string& secret);
  // Creates the account (or checks the existing account's password), adds the membership,
  // uses up the link and signs the person in.
  Result<SignIn> accept(const std::string& secret, const std::string& display_name,
                        const std::string& password, const ClientInfo& client);

 private:
  Result<OneTimeLink> usable_link(Repositories& r, const std::string& secret);

  Store& store_;
  const Clock& clock_;
  AuthService& auth_;
};

}  // namespace trellis
