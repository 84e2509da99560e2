#include "http/metrics.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace trellis::http {
namespace {

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(Metrics, CountsRequestsByStatus) {
  Metrics metrics;
  auto& series = metrics.series("GET", "/api/v1/programs/{id}");
  series.observe(200, 0.0004);
  series.observe(200, 0.003);
  series.observe(404, 2.0);
  std::string text = metrics.render();
  EXPECT_TRUE(contains(text, "# HELP trellis_http_requests_total "));
  EXPECT_TRUE(contains(text, "# TYPE trellis_http_requests_total counter\n"));
  EXPECT_TRUE(contains(text,
                       "trellis_http_requests_total{method=\"GET\",route=\"/api/v1/programs/"
                       "{id}\",status=\"200\"} 2\n"));
  EXPECT_TRUE(contains(text,
                       "trellis_http_requests_total{method=\"GET\",route=\"/api/v1/programs/"
                       "{id}\",status=\"404\"} 1\n"));
}

TEST(Metrics, HistogramIsCumulative) {
  Metrics metrics;
  auto& series = metrics.series("POST", "/x");
  series.observe(201, 0.0004);  // first bucket
  series.observe(201, 0.003);   // le=0.005
  series.observe(201, 20);      // only +Inf
  std::string text = metrics.render();
  EXPECT_TRUE(contains(text, "# TYPE trellis_http_request_duration_seconds histogram\n"));
  const std::string labels = "method=\"POST\",route=\"/x\"";
  EXPECT_TRUE(contains(
      text, "trellis_http_request_duration_seconds_bucket{" + labels + ",le=\"0.0005\"} 1\n"));
  EXPECT_TRUE(contains(
      text, "trellis_http_request_duration_seconds_bucket{" + labels + ",le=\"0.0025\"} 1\n"));
  EXPECT_TRUE(contains(
      text, "trellis_http_request_duration_seconds_bucket{" + labels + ",le=\"0.005\"} 2\n"));
  EXPECT_TRUE(
      contains(text, "trellis_http_request_duration_seconds_bucket{" + labels + ",le=\"10\"} 2\n"));
  EXPECT_TRUE(contains(
      text, "trellis_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} 3\n"));
  EXPECT_TRUE(contains(text, "trellis_http_request_duration_seconds_count{" + labels + "} 3\n"));
  EXPECT_TRUE(
      contains(text, "trellis_http_request_duration_seconds_sum{" + labels + "} 20.0034\n"));
}

TEST(Metrics, SameSeriesForSamePair) {
  Metrics metrics;
  EXPECT_EQ(&metrics.series("GET", "/a"), &metrics.series("GET", "/a"));
  EXPECT_NE(&metrics.series("GET", "/a"), &metrics.series("POST", "/a"));
}

TEST(Metrics, EscapesLabelValues) {
  Metrics metrics;
  metrics.series("GET", "/a\"b\\c\nd").observe(200, 0.1);
  EXPECT_TRUE(contains(metrics.render(), "route=\"/a\\\"b\\\\c\\nd\""));
}

TEST(Metrics, InFlightAndGauges) {
  Metrics metrics;
  metrics.request_started();
  metrics.request_started();
  metrics.request_finished();
  metrics.add_gauge("trellis_db_pool_idle", "Idle database connections.", [] { return 3.0; });
  std::string text = metrics.render();
  EXPECT_TRUE(contains(
      text, "# TYPE trellis_http_in_flight_requests gauge\ntrellis_http_in_flight_requests 1\n"));
  EXPECT_TRUE(contains(text,
                       "# HELP trellis_db_pool_idle Idle database connections.\n"
                       "# TYPE trellis_db_pool_idle gauge\ntrellis_db_pool_idle 3\n"));
}

TEST(Metrics, OddStatusesAndMethodsAreBounded) {
  EXPECT_EQ(metrics_method_label("GET"), "GET");
  EXPECT_EQ(metrics_method_label("BREW"), "OTHER");
  Metrics metrics;
  metrics.series("GET", "/a").observe(999, 0.1);
  EXPECT_TRUE(contains(metrics.render(), "status=\"other\"} 1\n"));
}

TEST(Metrics, ConcurrentRecordingLosesNothing) {
  Metrics metrics;
  auto& series = metrics.series("GET", "/a");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) series.observe(200, 0.001);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_TRUE(
      contains(metrics.render(),
               "trellis_http_requests_total{method=\"GET\",route=\"/a\",status=\"200\"} 40000\n"));
}

}  // namespace
}  // namespace trellis::http
