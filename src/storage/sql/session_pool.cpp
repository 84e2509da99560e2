#include "storage/sql/session_pool.h"

#include <utility>

namespace trellis {

SessionPool::SessionPool(Sessions sessions)
    : size_(static_cast<int>(sessions.size())), idle_(std::move(sessions)) {}

SessionPool::Lease::~Lease() {
  if (session_) pool_->give_back(std::move(session_));
}

SessionPool::Lease SessionPool::acquire() {
  MutexLock lock(mutex_);
  if (idle_.empty()) {
    const auto started = std::chrono::steady_clock::now();
    ++waiting_;
    while (idle_.empty()) returned_.wait(mutex_);
    --waiting_;
    wait_total_ += std::chrono::steady_clock::now() - started;
  }
  std::unique_ptr<soci::session> session = std::move(idle_.back());
  idle_.pop_back();
  ++acquired_total_;
  return Lease(*this, std::move(session));
}

void SessionPool::give_back(std::unique_ptr<soci::session> session) {
  {
    MutexLock lock(mutex_);
    idle_.push_back(std::move(session));
  }
  returned_.notify_one();
}

PoolStats SessionPool::stats() const {
  MutexLock lock(mutex_);
  PoolStats s;
  s.connections = size_;
  s.in_use = size_ - static_cast<int>(idle_.size());
  s.waiting = waiting_;
  s.acquired_total = acquired_total_;
  s.wait_seconds_total = std::chrono::duration<double>(wait_total_).count();
  return s;
}

PoolStats operator+(const PoolStats& a, const PoolStats& b) {
  return {a.connections + b.connections, a.in_use + b.in_use, a.waiting + b.waiting,
          a.acquired_total + b.acquired_total, a.wait_seconds_total + b.wait_seconds_total};
}

}  // namespace trellis
