// Metrics: request counts, latencies and extra gauges, rendered in the Prometheus text format.
//
// Thread-safe. Recording is lock-free: the server looks up each (method, route) series once,
// when it starts, and then only touches atomics. Looking up or creating a series and rendering
// take a lock, so they belong at setup time and in the /metrics handler, not per request.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/mutex.h"

namespace trellis::http {

class Metrics {
 public:
  // Upper bounds, in seconds, of the latency histogram's buckets (+Inf is implied).
  static constexpr std::array<double, 14> kLatencyBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  // The route label of requests that matched no route.
  static constexpr std::string_view kUnmatchedRoute = "unmatched";

  // The counters of one (method, route) pair: requests by status and a latency histogram.
  class Series {
   public:
    Series(std::string method, std::string route);
    // Lock-free. Statuses outside 100..599 are counted under status "other".
    void observe(int status, double seconds);

   private:
    friend class Metrics;
    std::string method_;
    std::string route_;
    std::array<std::atomic<std::uint64_t>, 600> by_status_{};  // index = status; 0 = other
    std::array<std::atomic<std::uint64_t>, kLatencyBuckets.size() + 1> buckets_{};  // last = +Inf
    std::atomic<std::uint64_t> sum_nanoseconds_{0};
  };

  Metrics() = default;
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // The series of a (method, route) pair, created on first use; the reference stays valid for
  // the life of the Metrics. `method` should be a known verb or "OTHER" to bound cardinality.
  Series& series(std::string_view method, std::string_view route);

  // Requests being handled right now (trellis_http_in_flight_requests). Lock-free.
  void request_started() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void request_finished() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }

  // An extra gauge, read when rendering (e.g. database pool figures). `read` must be
  // thread-safe. `name` must be a valid Prometheus metric name.
  void add_gauge(std::string name, std::string help, std::function<double()> read);

  // Everything, in the Prometheus text exposition format 0.0.4.
  std::string render() const;

 private:
  struct Gauge {
    std::string name;
    std::string help;
    std::function<double()> read;
  };

  mutable Mutex mutex_;
  std::deque<Series> series_ GUARDED_BY(mutex_);  // deque: references stay valid as it grows
  std::vector<Gauge> gauges_ GUARDED_BY(mutex_);
  std::atomic<std::int64_t> in_flight_{0};
};

// The method label for metrics: the method itself when it is a standard one, else "OTHER",
// so that clients cannot create unbounded label values.
std::string_view metrics_method_label(std::string_view method);

}  // namespace trellis::http
