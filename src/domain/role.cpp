#include "domain/role.h"

namespace trellis {

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kScholar:
      return "scholar";
    case Role::kMentor:
      return "mentor";
    case Role::kSupport:
      return "support";
    case Role::kOrganizer:
      return "organizer";
    case Role::kAlumnus:
      return "alumnus";
    case Role::kAnalyst:
      return "analyst";
  }
  return "scholar";
}

std::optional<Role> parse_role(std::string_view s) {
  for (Role r : kAllRoles)
    if (role_name(r) == s) return r;
  return std::nullopt;
}

}  // namespace trellis
