// PeriodicTask: runs a function on a thread of its own, every `interval`, until destroyed.
// The first run comes one interval after construction. Between runs the thread waits on a
// condition variable with a deadline, so destruction wakes it at once and returns as soon as a
// run in progress finishes; a run is never interrupted. The function must not throw.
// Thread-safe: run_count() may be read from any thread.
#pragma once

#include <chrono>
#include <functional>
#include <thread>

#include "core/mutex.h"

namespace trellis {

class PeriodicTask {
 public:
  PeriodicTask(std::chrono::milliseconds interval, std::function<void()> fn);
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  // How many runs have finished.
  long long run_count();

 private:
  void loop();

  const std::chrono::milliseconds interval_;
  const std::function<void()> fn_;
  Mutex mutex_;
  CondVar wake_;
  bool stopping_ GUARDED_BY(mutex_) = false;
  long long runs_ GUARDED_BY(mutex_) = 0;
  std::thread thread_;
};

}  // namespace trellis
