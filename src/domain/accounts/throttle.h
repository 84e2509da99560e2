// Login throttling rules: after a number of free failures, each further failure makes the key
// wait longer (doubling), and past a threshold the key is locked for a while. Pure functions;
// the counts live in the database so the limits hold across several app servers.
#pragma once

#include "core/clock.h"
#include "domain/accounts/auth.h"

namespace trellis {

struct ThrottlePolicy {
  int free_failures = 5;                 // failures before any delay
  int first_delay_seconds = 15;          // the wait after the first failure past the free ones
  int max_delay_seconds = 900;           // cap of the doubling delay
  int lock_after_failures = 20;          // from here on the key is locked
  int lock_seconds = 3600;               // how long a lock lasts
  int forget_after_seconds = 24 * 3600;  // failures older than this start the count again
};

// Per account (keyed by the normalised email, whether or not the account exists).
// 5 free failures, then 15 s, 30 s, 1 min … up to 15 min between tries; locked for an hour
// from the 20th failure; forgotten after a day without failures.
inline constexpr ThrottlePolicy kAccountThrottle{5, 15, 900, 20, 3600, 24 * 3600};
// Per client address: generous, since many people may share one address (a lab, a NAT).
inline constexpr ThrottlePolicy kAddressThrottle{100, 5, 300, 1000, 3600, 3600};

// When the key may try again after `state` (0 when it may try now).
Timestamp throttle_until(const ThrottleState& state, const ThrottlePolicy& policy);

}  // namespace trellis
