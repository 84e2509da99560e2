// The HTTP server over real loopback connections, with a small route table of its own.
#include "http/server.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "http/json.h"
#include "support/http_client.h"
#include "support/wait.h"

namespace trellis::http {
namespace {

using test::HttpClient;
using test::Reply;
using test::send_raw;
using test::wait_until;

Error error_named(std::string_view code) {
  if (code == "invalid") return Error::invalid("Bad input.", "name");
  if (code == "unauthenticated") return Error::unauthenticated();
  if (code == "forbidden") return Error::forbidden();
  if (code == "not_found") return Error::not_found("No such thing.");
  if (code == "conflict") return Error::conflict("Already there.");
  if (code == "too_large") return Error::too_large("Too big.");
  if (code == "unsupported_media_type") return Error::unsupported_media_type("Wrong type.");
  if (code == "rate_limited") return Error::rate_limited("Slow down.", 7);
  if (code == "unavailable") return Error::unavailable("Database down.");
  return Error::internal("the database said: password authentication failed");
}

// `slow_started` counts the slow handlers that have begun, so that a test can wait until a
// request is really in flight.
Router test_router(Metrics& metrics, std::atomic<int>& slow_started) {
  Router router;
  router.add({"GET", "/healthz",
              [](const Request&) -> Result<Response> {
                return json_response(200, {{"status", "ok"}});
              },
              Execution::kInline});
  router.add({"GET", "/metrics",
              [&metrics](const Request&) -> Result<Response> {
                Response r;
                r.content_type = "text/plain; version=0.0.4";
                r.body = metrics.render();
                return r;
              },
              Execution::kInline});
  router.add({"GET", "/api/test/echo/{id}",
              [](const Request& req) -> Result<Response> {
                boost::json::object o;
                o["method"] = req.method;
                o["path"] = req.path;
                o["route"] = req.route;
                o["id"] = req.param("id");
                o["q"] = std::string(req.query_param("q").value_or("-"));
                o["request_id"] = req.request_id;
                o["client"] = req.client_address;
                o["agent"] = std::string(req.header("x-test-agent").value_or("-"));
                return json_response(200, o);
              },
              Execution::kInline});
  router.add({"POST", "/api/test/echo",
              [](const Request& req) -> Result<Response> {
                boost::json::object body = TRY(parse_json_object(req));
                return json_response(201, body);
              },
              Execution::kBlocking});
  router.add({"GET", "/api/test/very-slow",
              [&slow_started](const Request&) -> Result<Response> {
                ++slow_started;
                std::this_thread::sleep_for(std::chrono::milliseconds(1500));
                return json_response(200, {{"slept_ms", 1500}});
              },
              Execution::kBlocking});
  router.add({"GET", "/api/test/slow",
              [&slow_started](const Request&) -> Result<Response> {
                ++slow_started;
                std::this_thread::sleep_for(std::chrono::milliseconds(300));
                return json_response(200, {{"slept_ms", 300}});
              },
              Execution::kBlocking});
  router.add(
      {"GET", "/api/test/throw",
       [](const Request&) -> Result<Response> { throw std::runtime_error("a secret detail"); },
       Execution::kBlocking});
  router.add({"GET", "/api/test/throw-inline", [](const Request&) -> Result<Response> { throw 42; },
              Execution::kInline});
  router.add({"GET", "/api/test/error/{code}",
              [](const Request& req) -> Result<Response> { return error_named(req.param("code")); },
              Execution::kInline});
  router.add({"GET", "/api/test/cached",
              [](const Request&) -> Result<Response> {
                Response r = json_response(200, {{"ok", true}});
                r.headers.emplace_back("Cache-Control", "private, max-age=60");
                return r;
              },
              Execution::kInline});
  router.add({"DELETE", "/api/test/echo/{id}",
              [](const Request&) -> Result<Response> {
                Response r;
                r.status = 204;
                r.content_type.clear();
                return r;
              },
              Execution::kInline});
  return router;
}

// Captures what spdlog writes while a test runs. The access log line is written just after the
// response goes out, so text() waits until the wanted text has arrived.
class LogCapture {
 public:
  LogCapture()
      : previous_(spdlog::default_logger()),
        sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(10000)) {
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink_));
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  std::string text(std::string_view wait_for = {}) {
    auto all = [this] {
      std::string text;
      for (const auto& line : sink_->last_formatted()) text += line;
      return text;
    };
    if (!wait_for.empty()) {
      EXPECT_TRUE(wait_until("the log to say " + std::string(wait_for),
                             [&] { return all().find(wait_for) != std::string::npos; }));
    }
    return all();
  }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
};

class ServerTest : public ::testing::Test {
 protected:
  void start(ServerOptions options = {}) {
    options.port = 0;
    router_ = test_router(metrics_, slow_started_);
    server_ = std::make_unique<Server>(options, router_, metrics_);
    Status listening = server_->listen();
    ASSERT_TRUE(listening.ok()) << listening.error().message;
    runner_ = std::thread([this] { server_->run(); });
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (runner_.joinable()) runner_.join();
  }
  int port() const { return server_->port(); }
  static boost::json::object error_of(const Reply& reply) {
    return reply.json().as_object().at("error").as_object();
  }

  // Waits until `count` slow handlers have begun, so the request is in flight, not on its way.
  ::testing::AssertionResult slow_handlers_started(int count) {
    return wait_until("a slow handler to start", [&] { return slow_started_.load() >= count; });
  }

  LogCapture log_;
  std::atomic<int> slow_started_{0};
  Metrics metrics_;
  Router router_;
  std::unique_ptr<Server> server_;
  std::thread runner_;
};

TEST_F(ServerTest, AnswersWithCommonHeaders) {
  start();
  HttpClient client("127.0.0.1", port());
  Reply r = client.get("/api/test/echo/p1?q=a%20b&token=secret", {{"X-Test-Agent", "unit"}});
  ASSERT_EQ(r.status, 200);
  auto body = r.json().as_object();
  EXPECT_EQ(body.at("method").as_string(), "GET");
  EXPECT_EQ(body.at("path").as_string(), "/api/test/echo/p1");
  EXPECT_EQ(body.at("route").as_string(), "/api/test/echo/{id}");
  EXPECT_EQ(body.at("id").as_string(), "p1");
  EXPECT_EQ(body.at("q").as_string(), "a b");
  EXPECT_EQ(body.at("client").as_string(), "127.0.0.1");
  EXPECT_EQ(body.at("agent").as_string(), "unit");
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.header("cache-control"), "no-store");
  ASSERT_TRUE(r.header("x-request-id"));
  EXPECT_EQ(r.header("x-request-id")->size(), 16u);
  EXPECT_EQ(*r.header("x-request-id"), body.at("request_id").as_string());
  EXPECT_TRUE(r.header("date"));

  // The access log names the route and the path, never the query.
  std::string log = log_.text("client=127.0.0.1");
  EXPECT_NE(log.find("GET /api/test/echo/{id} /api/test/echo/p1 200 "), std::string::npos) << log;
  EXPECT_NE(log.find("id=" + *r.header("x-request-id")), std::string::npos);
  EXPECT_NE(log.find("client=127.0.0.1"), std::string::npos);
  EXPECT_EQ(log.find("secret"), std::string::npos) << log;
}

TEST_F(ServerTest, HandlerCacheControlIsKept) {
  start();
  HttpClient client("127.0.0.1", port());
  EXPECT_EQ(client.get("/api/test/cached").header("cache-control"), "private, max-age=60");
}

TEST_F(ServerTest, EchoesAValidRequestIdAndReplacesABadOne) {
  start();
  HttpClient client("127.0.0.1", port());
  Reply good = client.get("/healthz", {{"X-Request-Id", "trace-42.a_b"}});
  EXPECT_EQ(good.header("x-request-id"), "trace-42.a_b");
  Reply bad = client.get("/healthz", {{"X-Request-Id", "has spaces and <script>"}});
  ASSERT_TRUE(bad.header("x-request-id"));
  EXPECT_EQ(bad.header("x-request-id")->size(), 16u);
  Reply too_long = client.get("/healthz", {{"X-Request-Id", std::string(65, 'x')}});
  EXPECT_NE(too_long.header("x-request-id"), std::string(65, 'x'));
}

TEST_F(ServerTest, ParsesJsonBodiesOnTheWorkerPool) {
  start();
  HttpClient client("127.0.0.1", port());
  Reply r = client.post("/api/test/echo", boost::json::object{{"name", "Ada"}});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.json().as_object().at("name").as_string(), "Ada");
}

TEST_F(ServerTest, MalformedJsonIs400WithTheDocumentedBody) {
  start();
  HttpClient client("127.0.0.1", port());
  Reply r = client.request("POST", "/api/test/echo",
                           "{\"name\": ", {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 400);
  auto error = error_of(r);
  EXPECT_EQ(error.at("code").as_string(), "invalid");
  EXPECT_EQ(std::string(error.at("message").as_string())
                .rfind("The request body is not valid JSON (line 1, column", 0),
            0u);
  EXPECT_EQ(error.size(), 2u);  // no field, no details
}

TEST_F(ServerTest, WrongContentTypeIs415) {
  start();
  HttpClient client("127.0.0.1", port());
  Reply r = client.request("POST", "/api/test/echo", "name=Ada",
                           {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(error_of(r).at("code").as_string(), "unsupported_media_type");
}

TEST_F(ServerTest, OversizedBodyIs413AndServingGoesOn) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  start(options);
  HttpClient client("127.0.0.1", port());
  Reply r = client.request("POST", "/api/test/echo", "{\"a\":\"" + std::string(200000, 'x') + "\"}",
                           {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(error_of(r).at("code").as_string(), "too_large");
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_EQ(client.post("/api/test/echo", boost::json::object{{"a", 1}}).status, 201);
}

TEST_F(ServerTest, UnknownApiRouteIs404Json) {
  start();
  HttpClient client("127.0.0.1", port());
  Reply r = client.get("/api/test/nothing");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(error_of(r).at("code").as_string(), "not_found");
  EXPECT_EQ(client.get("/api/test/echo/p1/").status, 404);  // trailing slash policy
  EXPECT_EQ(client.get("/some/page").status, 404);          // no static folder configured
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  start();
  HttpClient client("127.0.0.1", port());
  Reply r =
      client.request("PUT", "/api/test/echo/p1", "{}", {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "GET, DELETE, HEAD");
  EXPECT_EQ(error_of(r).at("code").as_string(), "method_not_allowed");
}

TEST_F(ServerTest, HeadOfAGetRouteHasNoBody) {
  start();
  HttpClient client("127.0.0.1", port());
  Reply get = client.get("/healthz");
  Reply head = client.request("HEAD", "/healthz");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.header("content-length"), std::to_string(get.body.size()));
  // The connection is still in a good state afterwards.
  EXPECT_EQ(client.get("/healthz").body, get.body);
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(ServerTest, NoContentHasNoBody) {
  start();
  HttpClient client("127.0.0.1", port());
  Reply r = client.del("/api/test/echo/p1");
  EXPECT_EQ(r.status, 204);
  EXPECT_FALSE(r.header("content-length"));
  EXPECT_EQ(client.get("/healthz").status, 200);
}

TEST_F(ServerTest, EveryErrorCodeHasItsStatus) {
  start();
  HttpClient client("127.0.0.1", port());
  const std::pair<std::string, int> expected[] = {{"invalid", 400},
                                                  {"unauthenticated", 401},
                                                  {"forbidden", 403},
                                                  {"not_found", 404},
                                                  {"conflict", 409},
                                                  {"too_large", 413},
                                                  {"unsupported_media_type", 415},
                                                  {"rate_limited", 429},
                                                  {"unavailable", 503},
                                                  {"internal", 500}};
  for (const auto& [code, status] : expected) {
    Reply r = client.get("/api/test/error/" + code);
    EXPECT_EQ(r.status, status) << code;
    EXPECT_EQ(error_of(r).at("code").as_string(), code);
  }
  EXPECT_EQ(client.get("/api/test/error/rate_limited").header("retry-after"), "7");
  EXPECT_EQ(error_of(client.get("/api/test/error/invalid")).at("field").as_string(), "name");
}

TEST_F(ServerTest, HandlerExceptionIs500WithTheGenericMessage) {
  start();
  HttpClient client("127.0.0.1", port());
  for (std::string target : {"/api/test/throw", "/api/test/throw-inline"}) {
    Reply r = client.get(target, {{"X-Request-Id", "rid-" + target.substr(10)}});
    ASSERT_EQ(r.status, 500) << target;
    auto error = error_of(r);
    EXPECT_EQ(error.at("code").as_string(), "internal");
    EXPECT_EQ(error.at("message").as_string(),
              "Something went wrong on our side. Quote request id rid-" + target.substr(10) +
                  " when reporting it.");
    EXPECT_EQ(r.body.find("secret"), std::string::npos);
  }
  std::string log = log_.text("rid-throw");
  EXPECT_NE(log.find("rid-throw"), std::string::npos);
  EXPECT_NE(log.find("a secret detail"), std::string::npos);  // the log has the real reason
  EXPECT_EQ(client.get("/healthz").status, 200);
}

TEST_F(ServerTest, HugeHeaderIs431) {
  ServerOptions options;
  options.max_header_bytes = 4096;
  start(options);
  std::string request =
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(8000, 'a') + "\r\n\r\n";
  auto raw = send_raw("127.0.0.1", port(), request);
  EXPECT_EQ(raw.received.rfind("HTTP/1.1 431 ", 0), 0u) << raw.received.substr(0, 200);
  EXPECT_NE(raw.received.find("\"code\":\"too_large\""), std::string::npos);
  EXPECT_TRUE(raw.closed_by_server);
}

TEST_F(ServerTest, GarbageIs400AndClosed) {
  start();
  auto raw = send_raw("127.0.0.1", port(), std::string("\x01\x02 garbage\r\n\r\n"));
  EXPECT_EQ(raw.received.rfind("HTTP/1.1 400 ", 0), 0u) << raw.received;
  EXPECT_NE(raw.received.find("\"code\":\"invalid\""), std::string::npos);
  EXPECT_NE(raw.received.find("X-Request-Id: "), std::string::npos);
  EXPECT_TRUE(raw.closed_by_server);
}

TEST_F(ServerTest, BadPathEncodingIs400) {
  start();
  HttpClient client("127.0.0.1", port());
  for (std::string target :
       {"/api/test/echo/a%zz", "/api/test/echo/a%00", "/api/test/echo/a%2Fb"}) {
    Reply r = client.get(target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(error_of(r).at("code").as_string(), "invalid");
  }
  EXPECT_EQ(client.get("/api/test/echo/caf%C3%A9").json().as_object().at("id").as_string(), "café");
  EXPECT_EQ(client.connections_opened(), 1);  // a bad path does not cost the connection
}

TEST_F(ServerTest, StalledRequestIsCutOff) {
  ServerOptions options;
  options.request_timeout_seconds = 1;
  start(options);
  auto raw = send_raw("127.0.0.1", port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Half",
                      std::chrono::seconds(5));
  EXPECT_TRUE(raw.closed_by_server);
  EXPECT_TRUE(raw.received.empty());
  EXPECT_GE(raw.seconds, 0.9);
  EXPECT_LT(raw.seconds, 3.0);
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosed) {
  ServerOptions options;
  options.keepalive_timeout_seconds = 1;
  start(options);
  auto raw = send_raw("127.0.0.1", port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
                      std::chrono::seconds(5));
  EXPECT_EQ(raw.received.rfind("HTTP/1.1 200 ", 0), 0u);
  EXPECT_TRUE(raw.closed_by_server);
  EXPECT_LT(raw.seconds, 3.0);
}

TEST_F(ServerTest, KeepAliveReusesTheConnection) {
  start();
  HttpClient client("127.0.0.1", port());
  for (int i = 0; i < 20; ++i) ASSERT_EQ(client.get("/healthz").status, 200);
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  start();
  auto raw = send_raw("127.0.0.1", port(),
                      "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(raw.received.rfind("HTTP/1.1 200 ", 0), 0u);
  EXPECT_NE(raw.received.find("Connection: close"), std::string::npos);
  EXPECT_TRUE(raw.closed_by_server);
  EXPECT_LT(raw.seconds, 2.0);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  start();
  auto raw = send_raw("127.0.0.1", port(),
                      "GET /api/test/echo/one HTTP/1.1\r\nHost: x\r\n\r\n"
                      "GET /api/test/echo/two HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto one = raw.received.find("\"id\":\"one\"");
  auto two = raw.received.find("\"id\":\"two\"");
  ASSERT_NE(one, std::string::npos);
  ASSERT_NE(two, std::string::npos);
  EXPECT_LT(one, two);
}

TEST_F(ServerTest, FiftyConcurrentClientsAreAllAnswered) {
  start();
  std::vector<std::future<int>> results;
  for (int i = 0; i < 50; ++i) {
    results.push_back(std::async(std::launch::async, [this, i] {
      HttpClient client("127.0.0.1", port());
      int ok = 0;
      for (int j = 0; j < 10; ++j) {
        std::string target =
            (j % 5 == 0) ? "/api/test/slow" : "/api/test/echo/c" + std::to_string(i);
        if (j % 5 == 0 && i % 5 != 0) target = "/healthz";
        if (client.get(target).status == 200) ++ok;
      }
      return ok;
    }));
  }
  int total = 0;
  for (auto& r : results) total += r.get();
  EXPECT_EQ(total, 500);
}

TEST_F(ServerTest, StopLetsAnInFlightRequestFinish) {
  start();
  std::future<Reply> slow = std::async(std::launch::async, [this] {
    HttpClient client("127.0.0.1", port());
    return client.get("/api/test/slow");
  });
  HttpClient idle("127.0.0.1", port());
  ASSERT_EQ(idle.get("/healthz").status, 200);  // an idle keep-alive connection
  ASSERT_TRUE(slow_handlers_started(1));
  auto stop_started = std::chrono::steady_clock::now();
  server_->stop();
  runner_.join();  // run() returns only after the slow request was answered
  double waited =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - stop_started).count();
  Reply r = slow.get();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_LT(waited, 2.0);  // idle connections did not hold the shutdown up
  EXPECT_THROW(HttpClient("127.0.0.1", server_->port()).get("/healthz"), std::runtime_error);
}

TEST_F(ServerTest, StopGivesUpAfterTheGracePeriod) {
  ServerOptions options;
  options.shutdown_grace_seconds = 0;
  start(options);
  std::future<bool> answered = std::async(std::launch::async, [this] {
    HttpClient client("127.0.0.1", port());
    try {
      return client.get("/api/test/very-slow").status == 200;
    } catch (const std::runtime_error&) {
      return false;
    }
  });
  ASSERT_TRUE(slow_handlers_started(1));
  auto stop_started = std::chrono::steady_clock::now();
  server_->stop();
  runner_.join();
  double waited =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - stop_started).count();
  EXPECT_LT(waited, 1.0);  // it did not wait for the 1.5 s handler
  EXPECT_FALSE(answered.get()) << "the request in flight was answered after all";
}

TEST_F(ServerTest, PortInUseIsUnavailable) {
  start();
  Metrics other_metrics;
  Router other_router;
  ServerOptions options;
  options.port = port();
  Server second(options, other_router, other_metrics);
  Status s = second.listen();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(s.error().message,
            "port " + std::to_string(port()) + " on 127.0.0.1 is already in use");
}

TEST_F(ServerTest, MetricsCountWhatWasServed) {
  start();
  HttpClient client("127.0.0.1", port());
  for (int i = 0; i < 3; ++i) client.get("/api/test/echo/x" + std::to_string(i));
  client.get("/api/test/nothing");
  client.request("PUT", "/healthz");
  std::string text = client.get("/metrics").body;
  EXPECT_NE(text.find("trellis_http_requests_total{method=\"GET\",route=\"/api/test/echo/"
                      "{id}\",status=\"200\"} 3\n"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find(
          "trellis_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1\n"),
      std::string::npos);
  EXPECT_NE(
      text.find(
          "trellis_http_requests_total{method=\"PUT\",route=\"unmatched\",status=\"405\"} 1\n"),
      std::string::npos);
  EXPECT_NE(text.find("trellis_http_request_duration_seconds_count{method=\"GET\",route=\"/api/"
                      "test/echo/{id}\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("trellis_http_in_flight_requests 1\n"), std::string::npos);  // this one
}

class StaticServerTest : public ServerTest {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "trellis-web-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    std::filesystem::create_directories(dir_ / "assets");
    std::ofstream(dir_ / "index.html") << "<!doctype html>";
    std::ofstream(dir_ / "assets" / "app.1a2b.js") << "let x = 1;";
  }
  void TearDown() override {
    ServerTest::TearDown();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
};

TEST_F(StaticServerTest, ServesTheWebUi) {
  ServerOptions options;
  options.static_dir = dir_.string();
  start(options);
  HttpClient client("127.0.0.1", port());

  Reply index = client.get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<!doctype html>");
  EXPECT_EQ(index.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.header("cache-control"), "no-cache");
  EXPECT_EQ(index.header("x-content-type-options"), "nosniff");

  Reply asset = client.get("/assets/app.1a2b.js");
  EXPECT_EQ(asset.header("cache-control"), "public, max-age=31536000, immutable");
  Reply head = client.request("HEAD", "/assets/app.1a2b.js");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.header("content-length"), "10");

  Reply not_modified =
      client.get("/assets/app.1a2b.js", {{"If-None-Match", *asset.header("etag")}});
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_TRUE(not_modified.body.empty());

  EXPECT_EQ(client.get("/programs/42").body, "<!doctype html>");  // client-side route
  EXPECT_EQ(client.get("/assets/missing.js").status, 404);
  EXPECT_EQ(client.get("/%2e%2e/%2e%2e/etc/passwd").status, 404);
  EXPECT_EQ(client.get("/api/v1/unknown").status, 404);  // never index.html under /api
  EXPECT_EQ(client.get("/api/v1/unknown").header("content-type"), "application/json");
  EXPECT_EQ(client.request("POST", "/programs/42").status, 404);
}

}  // namespace
}  // namespace trellis::http
