// Waiting in tests: poll a condition until it holds or a deadline passes, and fail loudly when it
// does not. Tests never sleep a fixed time and hope that something happened meanwhile; on a
// loaded machine "meanwhile" can be any length.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string_view>

namespace trellis::test {

// Long enough for anything a test waits for on a busy two-core machine (a job, a server start, a
// request reaching its handler); a test that hits it has found a real hang.
inline constexpr std::chrono::milliseconds kPatience{60'000};

// Calls `condition` every `interval` until it returns true (success) or `timeout` has passed
// (failure, saying that `what` did not happen in time). Use as
//   ASSERT_TRUE(wait_until("the job to finish", [&] { return finished(); }));
::testing::AssertionResult wait_until(
    std::string_view what, const std::function<bool()>& condition,
    std::chrono::milliseconds timeout = kPatience,
    std::chrono::milliseconds interval = std::chrono::milliseconds(10));

}  // namespace trellis::test
