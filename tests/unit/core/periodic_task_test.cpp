#include "core/periodic_task.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

#include "support/wait.h"

namespace trellis {
namespace {

using std::chrono::milliseconds;

TEST(PeriodicTask, RunsEveryIntervalUntilDestroyed) {
  std::atomic<int> calls{0};
  {
    PeriodicTask task(milliseconds(5), [&] { ++calls; });
    ASSERT_TRUE(test::wait_until("three runs", [&] { return task.run_count() >= 3; }));
  }
  // Destroyed: the thread is joined, so no run starts any more.
  const int stopped_at = calls.load();
  EXPECT_GE(stopped_at, 3);
  std::this_thread::yield();
  EXPECT_EQ(calls.load(), stopped_at);
}

TEST(PeriodicTask, StopsAtOnceWhileWaitingForALongInterval) {
  std::atomic<int> calls{0};
  const auto start = std::chrono::steady_clock::now();
  {
    PeriodicTask task(std::chrono::hours(1), [&] { ++calls; });
  }
  // Destruction wakes the waiting thread instead of letting it sleep the hour out.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  EXPECT_EQ(calls.load(), 0);
}

TEST(PeriodicTask, WaitsForARunInProgressBeforeStopping) {
  std::atomic<bool> started{false}, finished{false};
  std::atomic<bool> release{false};
  {
    PeriodicTask task(milliseconds(1), [&] {
      if (started.exchange(true)) return;
      while (!release.load()) std::this_thread::yield();
      finished = true;
    });
    ASSERT_TRUE(test::wait_until("the first run to start", [&] { return started.load(); }));
    release = true;
  }
  EXPECT_TRUE(finished.load());
}

}  // namespace
}  // namespace trellis
