// MemberService: who holds which role in a cohort. Adding a member by email creates the
// account when it does not exist yet (it gets an unusable password until the person accepts an
// invitation or an administrator sets one). Thread-safe.
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "domain/actor.h"
#include "domain/people.h"
#include "service/membership_listener.h"
#include "storage/store.h"

namespace trellis {

struct NewMember {
  std::string email;
  std::string display_name;  // used only when the account is created
  Role role = Role::kScholar;
  std::optional<std::string> stream_id;
};

// A membership with the person's name and email, as the members list shows it; the account's
// status only for those who manage the cohort.
struct MemberView {
  Membership membership;
  std::string display_name;
  std::string email;
  std::optional<MemberStatus> status;
  // With the status: an invitation from this program would give the account its first
  // password (it never signed in, has none, and no other program or administrator guards it).
  bool needs_invitation = false;
};

// A change of a member's role or stream; absent fields stay as they are.
struct MemberPatch {
  std::optional<Role> role;
  std::optional<std::optional<std::string>> stream_id;  // nullopt inside: no stream
};

class MemberService {
 public:
  MemberService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  Result<MemberView> add_member(const Actor& actor, const std::string& cohort_id,
                                const NewMember& input);
  // The members the actor may see (see policy::can_see_member), filtered and paged.
  Result<Page<MemberView>> list_members(const Actor& actor, const std::string& cohort_id,
                                        const MembershipFilter& filter, const PageRequest& page);
  Status remove_member(const Actor& actor, const std::string& membership_id);
  // Organizers change a member's role or stream (audited). A stream must be one of the cohort's
  // and only scholars and mentors have one (a role without streams drops it); conflict when the
  // person already holds the new role in the cohort.
  Result<MemberView> update_member(const Actor& actor, const std::string& membership_id,
                                   const MemberPatch& patch);

  // Told of every membership this service adds or changes (set once, before serving).
  void set_membership_listener(MembershipListener* listener) { listener_ = listener; }

 private:
  Store& store_;
  const Clock& clock_;
  MembershipListener* listener_ = nullptr;
};

}  // namespace trellis
