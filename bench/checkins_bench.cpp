// Measures check-ins against a running `trellis serve` on a program written by
// `trellis bench-data --checkin-weeks 52` (bench/run.sh starts both):
//
//   submit   every scholar of the cohort submits this week's check-in (POST /me/checkins), from
//            16 keep-alive connections at once; latency of each request, HTTP included
//   trend    a scholar's own history with a year of check-ins (GET /me/checkins): the trend,
//            streak and stuck stretches of the scholar's page
//   cohort   the organizer's cohort view (GET /cohorts/{id}/checkin-report) over all scholars
//   rules    one evaluation of every alert rule for the whole cohort (POST /checkin-alert-runs)
//
// The scholars of bench-data cannot sign in, so this program gives each an API token directly
// in the database (through the storage layer) before it starts.
//
// Usage: trellis_checkins_bench BASE_URL DATABASE_URL ORGANIZER_TOKEN COHORT_ID [CONNECTIONS]
// Prints "name value unit" lines that run.sh turns into a table.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "bench_client.h"
#include "core/clock.h"
#include "core/id.h"
#include "core/secret.h"
#include "core/time_format.h"
#include "storage/accounts/auth_repositories.h"
#include "storage/store.h"

using trellis::bench::Client;
using trellis::bench::seconds_since;
using Clock = std::chrono::steady_clock;
namespace http = boost::beast::http;

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "checkins bench: %s\n", what.c_str());
  std::exit(1);
}

// The value at quantile q (0..1) of sorted samples.
double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const auto i = static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(i, sorted.size() - 1)];
}

// Gives every scholar of the cohort an API token; returns the secrets, in the scholars' order.
std::vector<std::string> scholar_tokens(const std::string& database_url,
                                        const std::string& cohort_id) {
  trellis::StoreOptions options;
  options.url = database_url;
  auto store = trellis::open_store(options);
  if (!store) fail("open_store: " + store.error().message);
  std::vector<std::string> secrets;
  const trellis::Timestamp now = trellis::SystemClock().now();
  auto written = (*store)->write([&](trellis::Repositories& r) -> trellis::Status {
    trellis::MembershipFilter filter;
    filter.role = trellis::Role::kScholar;
    trellis::PageRequest page;
    page.limit = trellis::kMaxPageLimit;
    for (;;) {
      auto members = TRY(r.memberships().list_by_cohort(cohort_id, filter, page));
      for (const trellis::Membership& m : members.items) {
        trellis::ApiToken token;
        token.id = trellis::new_id();
        token.user_id = m.user_id;
        token.name = "checkins bench";
        const std::string secret = trellis::new_secret("trl_");
        token.token_hash = trellis::secret_hash(secret);
        token.created_at = now;
        // As if used a moment ago: a real session is touched at most once a minute, so a fresh
        // token's first use would add a write that no real check-in pays.
        token.last_used_at = now;
        TRY(r.api_tokens().insert(token));
        secrets.push_back(secret);
      }
      if (members.next_cursor.empty()) break;
      page.after = members.next_cursor;
    }
    return trellis::ok_status();
  });
  if (!written) fail("writing the tokens: " + written.error().message);
  return secrets;
}

// Monday of the current week, YYYY-MM-DD: day 0, 1970-01-01, was a Thursday.
std::string this_monday() {
  std::int64_t day = trellis::SystemClock().now() / kDayMs;
  day -= (day + 3) % 7;
  return trellis::date_of(day * kDayMs);
}

void bench_submit(const std::string& host, const std::string& port,
                  const std::vector<std::string>& tokens, const std::string& cohort_id,
                  int connections) {
  const std::string body =
      boost::json::serialize(boost::json::object{{"cohort_id", cohort_id},
                                                 {"period_start", this_monday()},
                                                 {"energy", 4},
                                                 {"mood", 3},
                                                 {"progress", 3},
                                                 {"wins", "Reproduced the baseline"},
                                                 {"blockers", "Waiting for GPU time"}});
  std::vector<std::vector<double>> each(static_cast<std::size_t>(connections));
  std::vector<std::thread> threads;
  const auto started = Clock::now();
  for (int t = 0; t < connections; ++t) {
    threads.emplace_back([&, t] {
      // One keep-alive connection per thread; each request carries its scholar's token.
      Client c(host, port, tokens[static_cast<std::size_t>(t) % tokens.size()]);
      for (std::size_t i = static_cast<std::size_t>(t); i < tokens.size();
           i += static_cast<std::size_t>(connections)) {
        c.set_token(tokens[i]);
        const auto sent = Clock::now();
        auto [status, text] = c.request(http::verb::post, "/api/v1/me/checkins", body);
        each[static_cast<std::size_t>(t)].push_back(seconds_since(sent) * 1000);
        if (status != 201) fail("POST /me/checkins -> " + std::to_string(status) + ": " + text);
      }
    });
  }
  for (auto& t : threads) t.join();
  const double total = seconds_since(started);
  std::vector<double> all;
  for (const auto& e : each) all.insert(all.end(), e.begin(), e.end());
  std::sort(all.begin(), all.end());
  std::printf("submit_count %zu\n", all.size());
  std::printf("submit_connections %d\n", connections);
  std::printf("submit_per_second %.0f\n", static_cast<double>(all.size()) / total);
  std::printf("submit_p50 %.2f ms\n", quantile(all, 0.5));
  std::printf("submit_p99 %.2f ms\n", quantile(all, 0.99));
}

// Times `runs` sequential GETs on one connection; prints the median and p99 as name_*.
void bench_get(const char* name, Client& c, const std::string& target, int runs) {
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    const auto sent = Clock::now();
    auto [status, text] = c.request(http::verb::get, target);
    times.push_back(seconds_since(sent) * 1000);
    if (status != 200) fail("GET " + target + " -> " + std::to_string(status) + ": " + text);
  }
  std::printf("%s_first %.2f ms\n", name, times.front());
  std::sort(times.begin(), times.end());
  std::printf("%s_median %.2f ms\n", name, quantile(times, 0.5));
  std::printf("%s_p99 %.2f ms\n", name, quantile(times, 0.99));
  std::printf("%s_runs %d\n", name, runs);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 && argc != 6) {
    std::fprintf(stderr,
                 "usage: %s BASE_URL DATABASE_URL ORGANIZER_TOKEN COHORT_ID [CONNECTIONS]\n",
                 argv[0]);
    return 2;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // run.sh reads the lines as they come
  const std::string database_url = argv[2], organizer_token = argv[3], cohort_id = argv[4];
  const int connections = argc == 6 ? std::max(1, std::atoi(argv[5])) : 16;
  const auto [host, port] = trellis::bench::host_and_port(argv[1]);

  const std::vector<std::string> tokens = scholar_tokens(database_url, cohort_id);
  if (tokens.empty()) fail("the cohort has no scholars");
  std::printf("scholars %zu\n", tokens.size());

  // The trend page before this week's check-in: a year of history.
  Client scholar(host, port, tokens.front());
  bench_get("trend", scholar, "/api/v1/me/checkins?cohort_id=" + cohort_id, 200);
  Client organizer(host, port, organizer_token);
  bench_get("cohort", organizer, "/api/v1/cohorts/" + cohort_id + "/checkin-report", 50);
  bench_submit(host, port, tokens, cohort_id, connections);

  // Every alert rule for every scholar of the cohort, once (a fresh database: the first run
  // raises the alerts it finds).
  const auto started = Clock::now();
  auto run = organizer.json(http::verb::post, "/api/v1/checkin-alert-runs", boost::json::object{});
  std::printf("rules_ms %.1f ms\n", seconds_since(started) * 1000);
  std::printf("rules_scholars %lld\n", static_cast<long long>(run.at("scholars").as_int64()));
  std::printf("rules_raised %lld\n", static_cast<long long>(run.at("raised").as_int64()));
  return 0;
}
