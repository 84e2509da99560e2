#include "domain/accounts/throttle.h"

#include <algorithm>

namespace trellis {

Timestamp throttle_until(const ThrottleState& state, const ThrottlePolicy& policy) {
  Timestamp until = state.locked_until;
  if (state.failures >= policy.lock_after_failures)
    until =
        std::max<Timestamp>(until, state.last_failure_at + Timestamp{policy.lock_seconds} * 1000);
  else if (state.failures > policy.free_failures) {
    int doublings = std::min(state.failures - policy.free_failures - 1, 20);
    Timestamp delay = std::min<Timestamp>(Timestamp{policy.first_delay_seconds} << doublings,
                                          policy.max_delay_seconds);
    until = std::max<Timestamp>(until, state.last_failure_at + delay * 1000);
  }
  return until;
}

}  // namespace trellis
