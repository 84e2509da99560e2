// MemberService: who holds which role in a cohort. Adding a member by email creates the
// account when it does not exist yet (it gets an unusable password until the person accepts an
// invitation or an administrator sets one). Thread-safe.
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "domain/actor.h"
#include "domain/people.h"
#include "storage/store.h"

namespace trellis {

struct NewMember {
  std::string email;
  std::string display_name;  // used only when the account is created
  Role role = Role::kScholar;
  std::optional<std::string> stream_id;
};

// A membership with the person's name and email, as the members list shows it.
struct MemberView {
  Membership membership;
  std::string display_name;
  std::string email;
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

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace trellis
