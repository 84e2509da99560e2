// RosterService: importing a cohort's people from a CSV file (columns email, name, role and
// optionally stream). The whole file is checked before anything is written; every bad row is
// reported with its line, column and reason; nothing is written unless every row is valid; and
// importing the same file again changes nothing. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "domain/actor.h"
#include "service/membership_listener.h"
#include "storage/store.h"

namespace trellis {

inline constexpr std::size_t kMaxRosterBytes = 2 << 20;
inline constexpr std::size_t kMaxRosterRows = 10000;

enum class ImportMode { kDryRun, kApply };

struct RosterReport {
  int rows = 0;
  int accounts_created = 0;
  int memberships_added = 0;
  int unchanged = 0;  // rows whose membership already existed
  bool applied = false;
};

class RosterService {
 public:
  RosterService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}
  // Told of every membership this service adds (set once, before serving).
  void set_membership_listener(MembershipListener* listener) { listener_ = listener; }

  // Errors: invalid with one detail per bad row ({line, field, message}); too_large over the
  // limits; the usual not_found/forbidden from the policy.
  Result<RosterReport> import_csv(const Actor& actor, const std::string& cohort_id,
                                  std::string_view csv, ImportMode mode);

 private:
  Store& store_;
  const Clock& clock_;
  MembershipListener* listener_ = nullptr;
};

}  // namespace trellis
