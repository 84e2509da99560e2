#include "http/metrics.h"

#include <charconv>
#include <cmath>

namespace trellis::http {
namespace {

// Label values escape backslash, double quote and newline (text format 0.0.4).
void append_label_value(std::string& out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
}

// HELP text escapes backslash and newline.
void append_help(std::string& out, std::string_view name, std::string_view help,
                 std::string_view type) {
  out += "# HELP ";
  out += name;
  out += ' ';
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

void append_number(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else {
    char buffer[32];
    // Shortest round-trip form; plain decimals (0.0005, not 5e-04) in the usual range.
    double magnitude = std::fabs(value);
    bool plain = magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e15);
    auto [end, ec] =
        plain ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed)
              : std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, end);
  }
}

void append_series_labels(std::string& out, std::string_view method, std::string_view route) {
  out += "method=\"";
  append_label_value(out, method);
  out += "\",route=\"";
  append_label_value(out, route);
  out += '"';
}

}  // namespace

std::string_view metrics_method_label(std::string_view method) {
  static constexpr std::string_view kKnown[] = {"GET",   "HEAD",   "POST",   "PUT",
                                                "PATCH", "DELETE", "OPTIONS"};
  for (std::string_view known : kKnown) {
    if (method == known) return known;
  }
  return "OTHER";
}

Metrics::Series::Series(std::string method, std::string route)
    : method_(std::move(method)), route_(std::move(route)) {}

void Metrics::Series::observe(int status, double seconds) {
  std::size_t index = (status >= 100 && status < 600) ? static_cast<std::size_t>(status) : 0;
  by_status_[index].fetch_add(1, std::memory_order_relaxed);
  std::size_t bucket = 0;
  while (bucket < kLatencyBuckets.size() && seconds > kLatencyBuckets[bucket]) ++bucket;
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  auto ns = seconds > 0 ? static_cast<std::uint64_t>(std::llround(seconds * 1e9)) : 0;
  sum_nanoseconds_.fetch_add(ns, std::memory_order_relaxed);
}

Metrics::Series& Metrics::series(std::string_view method, std::string_view route) {
  MutexLock lock(mutex_);
  for (Series& s : series_) {
    if (s.method_ == method && s.route_ == route) return s;
  }
  return series_.emplace_back(std::string(method), std::string(route));
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> read) {
  MutexLock lock(mutex_);
  gauges_.push_back(Gauge{std::move(name), std::move(help), std::move(read)});
}

std::string Metrics::render() const {
  MutexLock lock(mutex_);
  std::string out;
  out.reserve(4096 + series_.size() * 2048);

  append_help(out, "trellis_http_requests_total",
              "HTTP requests answered, by method, route and status.", "counter");
  for (const Series& s : series_) {
    for (std::size_t status = 0; status < s.by_status_.size(); ++status) {
      std::uint64_t n = s.by_status_[status].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out += "trellis_http_requests_total{";
      append_series_labels(out, s.method_, s.route_);
      out += ",status=\"";
      out += status == 0 ? std::string("other") : std::to_string(status);
      out += "\"} ";
      out += std::to_string(n);
      out += '\n';
    }
  }

  append_help(out, "trellis_http_request_duration_seconds",
              "Time from reading a request to writing its response, by method and route.",
              "histogram");
  for (const Series& s : series_) {
    std::uint64_t total = 0;
    for (const auto& bucket : s.buckets_) total += bucket.load(std::memory_order_relaxed);
    if (total == 0) continue;
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < s.buckets_.size(); ++b) {
      cumulative += s.buckets_[b].load(std::memory_order_relaxed);
      out += "trellis_http_request_duration_seconds_bucket{";
      append_series_labels(out, s.method_, s.route_);
      out += ",le=\"";
      if (b < kLatencyBuckets.size()) {
        append_number(out, kLatencyBuckets[b]);
      } else {
        out += "+Inf";
      }
      out += "\"} ";
      out += std::to_string(cumulative);
      out += '\n';
    }
    out += "trellis_http_request_duration_seconds_sum{";
    append_series_labels(out, s.method_, s.route_);
    out += "} ";
    append_number(out,
                  static_cast<double>(s.sum_nanoseconds_.load(std::memory_order_relaxed)) / 1e9);
    out += "\ntrellis_http_request_duration_seconds_count{";
    append_series_labels(out, s.method_, s.route_);
    out += "} ";
    // The +Inf bucket, so that count and buckets agree even while requests are recorded.
    out += std::to_string(cumulative);
    out += '\n';
  }

  append_help(out, "trellis_http_in_flight_requests", "HTTP requests being handled right now.",
              "gauge");
  out += "trellis_http_in_flight_requests ";
  out += std::to_string(in_flight_.load(std::memory_order_relaxed));
  out += '\n';

  for (const Gauge& g : gauges_) {
    append_help(out, g.name, g.help, "gauge");
    out += g.name;
    out += ' ';
    append_number(out, g.read());
    out += '\n';
  }
  return out;
}

}  // namespace trellis::http
