// Mutex, MutexLock and CondVar: std::mutex and std::condition_variable with Clang thread-safety
// annotations (core/thread_annotations.h), so that clang++ -Wthread-safety checks that every
// member marked GUARDED_BY(mutex_) is touched only with mutex_ held. libstdc++'s own types carry
// no annotations, so the project locks through these instead. Same cost as the std types.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "core/thread_annotations.h"

namespace trellis {

class CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void lock() ACQUIRE() { mutex_.lock(); }
  void unlock() RELEASE() { mutex_.unlock(); }

 private:
  friend class CondVar;
  std::mutex mutex_;
};

// Holds a Mutex for its scope.
class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mutex) ACQUIRE(mutex) : mutex_(mutex) { mutex_.lock(); }
  ~MutexLock() RELEASE() { mutex_.unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex& mutex_;
};

// A condition variable waited on with a Mutex held. Wait in a loop that re-checks the
// condition (wakeups may be spurious): `while (!ready_) cv_.wait(mutex_);`. A predicate
// lambda would hide the guarded reads from the analysis, hence no predicate overload.
class CondVar {
 public:
  // Releases `mutex` while waiting and holds it again on return.
  void wait(Mutex& mutex) REQUIRES(mutex) {
    std::unique_lock<std::mutex> lock(mutex.mutex_, std::adopt_lock);
    condition_.wait(lock);
    lock.release();  // still locked: the caller's MutexLock unlocks it
  }
  // As wait, but gives up at `deadline`: false when it returned because the deadline passed.
  bool wait_until(Mutex& mutex, std::chrono::steady_clock::time_point deadline) REQUIRES(mutex) {
    std::unique_lock<std::mutex> lock(mutex.mutex_, std::adopt_lock);
    const bool woken = condition_.wait_until(lock, deadline) == std::cv_status::no_timeout;
    lock.release();
    return woken;
  }
  void notify_one() { condition_.notify_one(); }
  void notify_all() { condition_.notify_all(); }

 private:
  std::condition_variable condition_;
};

}  // namespace trellis
