// SessionPool: a fixed set of open SOCI sessions lent out one caller at a time, with the counts
// behind Store::pool_stats(). Callers wait (without limit) when all sessions are lent out.
//
// Thread-safe. A Lease returns its session to the pool when destroyed; the pool must outlive
// its leases.
#pragma once

#include <soci/session.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/mutex.h"
#include "storage/store.h"

namespace trellis {

class SessionPool {
 public:
  using Sessions = std::vector<std::unique_ptr<soci::session>>;

  explicit SessionPool(Sessions sessions);
  SessionPool(const SessionPool&) = delete;
  SessionPool& operator=(const SessionPool&) = delete;

  class Lease {
   public:
    Lease(SessionPool& pool, std::unique_ptr<soci::session> session)
        : pool_(&pool), session_(std::move(session)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    soci::session& session() { return *session_; }

   private:
    SessionPool* pool_;
    std::unique_ptr<soci::session> session_;
  };

  // Blocks until a session is free.
  Lease acquire() EXCLUDES(mutex_);

  PoolStats stats() const EXCLUDES(mutex_);

 private:
  void give_back(std::unique_ptr<soci::session> session) EXCLUDES(mutex_);

  const int size_;
  mutable Mutex mutex_;
  CondVar returned_;
  Sessions idle_ GUARDED_BY(mutex_);
  int waiting_ GUARDED_BY(mutex_) = 0;
  std::uint64_t acquired_total_ GUARDED_BY(mutex_) = 0;
  std::chrono::steady_clock::duration wait_total_ GUARDED_BY(mutex_){};
};

// The sum of two pools' counts (SQLite: the writer and the readers).
PoolStats operator+(const PoolStats& a, const PoolStats& b);

}  // namespace trellis
