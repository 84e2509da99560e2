#include "support/wait.h"

#include <string>
#include <thread>

namespace trellis::test {

::testing::AssertionResult wait_until(std::string_view what, const std::function<bool()>& condition,
                                      std::chrono::milliseconds timeout,
                                      std::chrono::milliseconds interval) {
  const auto started = std::chrono::steady_clock::now();
  const auto deadline = started + timeout;
  while (true) {
    if (condition()) return ::testing::AssertionSuccess();
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(interval);
  }
  return ::testing::AssertionFailure()
         << "waited " << std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count()
         << " ms for " << what << ", in vain";
}

}  // namespace trellis::test
