#include "domain/accounts/throttle.h"

#include <gtest/gtest.h>

namespace trellis {
namespace {

ThrottleState after(int failures, Timestamp last = 1'000'000) {
  ThrottleState s;
  s.failures = failures;
  s.last_failure_at = last;
  return s;
}

TEST(Throttle, FreeFailuresCostNothing) {
  for (int f = 0; f <= kAccountThrottle.free_failures; ++f)
    EXPECT_EQ(throttle_until(after(f), kAccountThrottle), 0) << f;
}

TEST(Throttle, DelaysDoubleUpToTheCap) {
  EXPECT_EQ(throttle_until(after(6), kAccountThrottle), 1'000'000 + 15'000);
  EXPECT_EQ(throttle_until(after(7), kAccountThrottle), 1'000'000 + 30'000);
  EXPECT_EQ(throttle_until(after(8), kAccountThrottle), 1'000'000 + 60'000);
  EXPECT_EQ(throttle_until(after(19), kAccountThrottle), 1'000'000 + 900'000);
}

TEST(Throttle, LocksFromTheThreshold) {
  EXPECT_EQ(throttle_until(after(20), kAccountThrottle), 1'000'000 + 3'600'000);
  EXPECT_EQ(throttle_until(after(500), kAccountThrottle), 1'000'000 + 3'600'000);
}

TEST(Throttle, AnExplicitLockWins) {
  ThrottleState s = after(1);
  s.locked_until = 5'000'000;
  EXPECT_EQ(throttle_until(s, kAccountThrottle), 5'000'000);
}

}  // namespace
}  // namespace trellis
