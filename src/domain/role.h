// The roles a person can hold in a cohort (PRODUCT.md, "Who uses it"). One person may hold
// several roles, per cohort. The site administrator is a flag on the account, not a role.
#pragma once

#include <optional>
#include <string_view>

namespace trellis {

enum class Role { kScholar, kMentor, kSupport, kOrganizer, kAlumnus, kAnalyst };

inline constexpr Role kAllRoles[] = {Role::kScholar,   Role::kMentor,  Role::kSupport,
                                     Role::kOrganizer, Role::kAlumnus, Role::kAnalyst};

std::string_view role_name(Role role);               // "scholar", "mentor", …
std::optional<Role> parse_role(std::string_view s);  // case-sensitive wire names

}  // namespace trellis
