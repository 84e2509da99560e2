// Clock: the seam through which services read the time, so tests can move it.
// Timestamps are Unix milliseconds (UTC) everywhere inside Trellis; the API speaks RFC 3339.
#pragma once

#include <atomic>
#include <cstdint>

namespace trellis {

using Timestamp = std::int64_t;  // Unix time in milliseconds, UTC

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

// The real wall clock. Thread-safe.
class SystemClock final : public Clock {
 public:
  Timestamp now() const override;
};

// A clock that stands still until advanced; for tests. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_(start) {}
  Timestamp now() const override { return now_.load(); }
  void advance(std::int64_t ms) { now_ += ms; }
  void set(Timestamp t) { now_ = t; }

 private:
  std::atomic<Timestamp> now_;
};

}  // namespace trellis
