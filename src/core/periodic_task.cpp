#include "core/periodic_task.h"

#include <utility>

namespace trellis {

PeriodicTask::PeriodicTask(std::chrono::milliseconds interval, std::function<void()> fn)
    : interval_(interval), fn_(std::move(fn)) {
  thread_ = std::thread([this] { loop(); });
}

PeriodicTask::~PeriodicTask() {
  {
    MutexLock lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

long long PeriodicTask::run_count() {
  MutexLock lock(mutex_);
  return runs_;
}

void PeriodicTask::loop() {
  for (;;) {
    {
      MutexLock lock(mutex_);
      const auto due = std::chrono::steady_clock::now() + interval_;
      while (!stopping_ && std::chrono::steady_clock::now() < due) wake_.wait_until(mutex_, due);
      if (stopping_) return;
    }
    fn_();
    MutexLock lock(mutex_);
    ++runs_;
  }
}

}  // namespace trellis
