// Bad input over the real server (malformed JSON, wrong media types, oversized bodies, unknown
// routes and methods, bytes that are not HTTP) answered with the documented JSON errors and
// without harming the server; invalid configuration refused at start with exit status 2; and
// the operator's endpoints: request ids, readiness, metrics, `trellis config` and
// `trellis migrate --status`.
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include "api/api_fixture.h"

namespace trellis::test {
namespace {

// Runs `command` with /bin/sh in a fresh temporary directory (so that a command which wrongly
// starts does not write into the source tree) and with a time limit (so that a server which
// wrongly starts cannot hang the test). Returns the exit status; `output` gets stdout+stderr.
int run_shell(const std::string& command, std::string* output) {
  std::string dir = temp_dir();
  std::string out_path = dir + "/output.txt";
  std::string full = "cd " + shell_quote(dir) + " && timeout 20 " + command + " > " +
                     shell_quote(out_path) + " 2>&1 < /dev/null";
  int status = std::system(full.c_str());
  std::ifstream f(out_path);
  std::stringstream ss;
  ss << f.rdbuf();
  *output = ss.str();
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

std::string trellis_command(const std::vector<std::string>& args) {
  std::string cmd = shell_quote(TRELLIS_BINARY);
  for (const auto& a : args) cmd += " " + shell_quote(a);
  return cmd;
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

class RobustnessApi : public ApiTest {
 protected:
  // A JSON error body with the given code; fails the test otherwise.
  static void expect_error(const Reply& r, int status, std::string_view code) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("Content-Type").value_or("").rfind("application/json", 0), 0u)
        << r.header("Content-Type").value_or("(none)");
    try {
      EXPECT_EQ(r.json().at("error").at("code").as_string(), code) << r.body;
      EXPECT_FALSE(r.json().at("error").at("message").as_string().empty()) << r.body;
    } catch (const std::exception& e) {
      ADD_FAILURE() << "not a JSON error body (" << e.what() << "): " << r.body;
    }
    EXPECT_TRUE(r.header("X-Request-Id").has_value()) << r.status;
  }

  Reply post_raw(const std::string& target, std::string body, const std::string& content_type) {
    HeaderList headers = admin_.headers(origin());
    headers.emplace_back("Content-Type", content_type);
    return http_->request("POST", target, std::move(body), std::move(headers));
  }
};

TEST_F(RobustnessApi, MalformedJsonIsInvalid) {
  for (const char* body : {"{not json", "{\"name\": \"Fellowship\"", "{\"name\": \"A\"} trailing",
                           "[1, 2, 3]", "\"just a string\"", "{\"name\": \"A\",}", "   "}) {
    Reply r = post_raw("/api/v1/programs", body, "application/json");
    expect_error(r, 400, "invalid");
  }
  std::string deep(1000, '[');
  expect_error(post_raw("/api/v1/programs", deep, "application/json"), 400, "invalid");
  Reply programs = get(admin_, "/api/v1/programs");
  EXPECT_TRUE(programs.json().at("items").as_array().empty()) << programs.body;
}

TEST_F(RobustnessApi, WrongContentTypeIsUnsupported) {
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded", "text/csv"}) {
    Reply r = post_raw("/api/v1/programs", R"({"name": "Fellowship"})", type);
    expect_error(r, 415, "unsupported_media_type");
  }
  // Parameters and case do not matter for the right type.
  Reply ok =
      post_raw("/api/v1/programs", R"({"name": "Fellowship"})", "Application/JSON; charset=utf-8");
  EXPECT_EQ(ok.status, 201) << ok.body;
}

TEST_F(RobustnessApi, AnOversizedBodyIsRefusedAndTheServerAnswersTheNextRequest) {
  // The default limit is 1 MiB.
  std::string big = "{\"name\": \"" + std::string((1 << 20) + 16, 'x') + "\"}";
  int before = http_->connections_opened();
  Reply r = post_raw("/api/v1/programs", big, "application/json");
  expect_error(r, 413, "too_large");
  EXPECT_EQ(r.header("Connection").value_or(""), "close");
  // The next request goes over a new connection and is answered.
  Reply next = get(admin_, "/api/v1/programs");
  EXPECT_EQ(next.status, 200) << next.body;
  EXPECT_EQ(http_->connections_opened(), before + 1);
  EXPECT_TRUE(next.json().at("items").as_array().empty());
  // Just under the limit is read and judged on its content.
  std::string fits = "{\"name\": \"" + std::string((1 << 20) - 64, 'x') + "\"}";
  expect_error(post_raw("/api/v1/programs", fits, "application/json"), 400, "invalid");
}

TEST_F(RobustnessApi, UnknownRoutesAndMethodsAreJsonErrors) {
  expect_error(get(admin_, "/api/v1/nowhere"), 404, "not_found");
  expect_error(get(admin_, "/api/v2/programs"), 404, "not_found");
  expect_error(http_->get("/no/such/page"), 404, "not_found");

  Reply wrong = del(admin_, "/api/v1/programs");
  expect_error(wrong, 405, "method_not_allowed");
  std::string allow = wrong.header("Allow").value_or("");
  EXPECT_TRUE(contains(allow, "GET")) << allow;
  EXPECT_TRUE(contains(allow, "POST")) << allow;
  EXPECT_FALSE(contains(allow, "DELETE")) << allow;
  Reply put_health = http_->request("PUT", "/healthz");
  expect_error(put_health, 405, "method_not_allowed");
  EXPECT_TRUE(contains(put_health.header("Allow").value_or(""), "GET"));
}

TEST_F(RobustnessApi, BytesThatAreNotHttpGetABadRequest) {
  const std::string requests[] = {
      std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n", 22),
      "HELLO THERE\r\n\r\n",
      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: many\r\n\r\n",
      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Without Colon\r\n\r\n",
      "POST /api/v1/programs HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
      "zz\r\n{}\r\n0\r\n\r\n",
  };
  for (const std::string& bytes : requests) {
    RawReply raw = send_raw("127.0.0.1", server_->port(), bytes);
    EXPECT_EQ(raw.received.rfind("HTTP/1.1 400", 0), 0u) << raw.received;
    EXPECT_TRUE(raw.closed_by_server);
    EXPECT_LT(raw.seconds, 4.0);
    std::string lower = raw.received;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(contains(lower, "x-request-id:")) << raw.received;
    EXPECT_TRUE(contains(raw.received, "\"code\":\"invalid\"")) << raw.received;
  }
  EXPECT_EQ(http_->get("/healthz").status, 200);
}

TEST_F(RobustnessApi, AfterAllThatTheServerIsHealthyAndLoggedNoInternalError) {
  post_raw("/api/v1/programs", "{oops", "application/json");
  post_raw("/api/v1/programs", "name=x", "text/plain");
  post_raw("/api/v1/programs", std::string((1 << 20) + 1, '{'), "application/json");
  get(admin_, "/api/v1/nowhere");
  del(admin_, "/api/v1/programs");
  send_raw("127.0.0.1", server_->port(), "\x01\x02\x03\x04 nonsense\r\n\r\n");
  send_raw("127.0.0.1", server_->port(), "GET /api/v1/programs HTTP/1.1\r\nHost: x",
           std::chrono::milliseconds(300));  // half a request, then the client gives up
  post_raw("/api/v1/programs", "\"\xff\xfe\"", "application/json");
  post_raw("/api/v1/programs", "{\"name\": \"\xc3\x28\"}", "application/json");
  get(admin_, "/api/v1/programs?limit=%zz&cursor=%00");
  get(admin_, "/api/v1/programs/%2e%2e%2f%2e%2e");
  http_->request("GET", "/api/v1/programs", {}, {{"Cookie", "trellis_session=%%%"}});

  Reply health = http_->get("/healthz");
  EXPECT_EQ(health.status, 200) << health.body;
  EXPECT_EQ(get(admin_, "/api/v1/sessions/current").status, 200);
  std::string log = server_->log();
  EXPECT_FALSE(contains(log, "internal")) << log;
  EXPECT_FALSE(contains(log, " 500 ")) << log;
}

TEST_F(RobustnessApi, EveryResponseCarriesARequestId) {
  std::vector<Reply> replies = {
      http_->get("/healthz"),
      http_->get("/readyz"),
      http_->get("/metrics"),
      http_->get("/api/v1/programs"),  // 401
      get(admin_, "/api/v1/programs"),
      get(admin_, "/api/v1/nowhere"),
      del(admin_, "/api/v1/programs"),
      post_raw("/api/v1/programs", "{", "application/json"),
      post_raw("/api/v1/programs", "{}", "text/plain"),
      post(admin_, "/api/v1/programs", {{"name", "Fellowship"}}),
      http_->request("HEAD", "/healthz"),
  };
  std::set<std::string> ids;
  for (const Reply& r : replies) {
    auto id = r.header("X-Request-Id");
    ASSERT_TRUE(id.has_value()) << r.status << " " << r.body;
    EXPECT_FALSE(id->empty());
    ids.insert(*id);
  }
  EXPECT_EQ(ids.size(), replies.size());  // a different id each time
  // A well-formed id from a proxy in front is kept, so logs can be joined; a bad one is not.
  EXPECT_EQ(http_->get("/healthz", {{"X-Request-Id", "edge-4f2a.9_b"}}).header("X-Request-Id"),
            "edge-4f2a.9_b");
  EXPECT_NE(http_->get("/healthz", {{"X-Request-Id", "bad id\twith spaces"}})
                .header("X-Request-Id")
                .value_or("bad id\twith spaces"),
            "bad id\twith spaces");
}

TEST_F(RobustnessApi, ReadinessAndMetrics) {
  Reply ready = http_->get("/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  get(admin_, "/api/v1/nowhere");
  Reply metrics = http_->get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_TRUE(metrics.header("Content-Type").value_or("").starts_with("text/plain"));
  const std::string& text = metrics.body;
  EXPECT_TRUE(contains(text, "# TYPE trellis_http_requests_total counter")) << text;
  // The sign-in of the fixture and the unknown route just now were counted.
  EXPECT_TRUE(contains(text,
                       "trellis_http_requests_total{method=\"POST\",route=\"/api/v1/sessions\","
                       "status=\"201\"}"))
      << text;
  EXPECT_TRUE(contains(text, "status=\"404\"}")) << text;
  for (const char* gauge : {"trellis_db_pool_connections ", "trellis_db_pool_in_use ",
                            "trellis_db_pool_waiting ", "trellis_db_pool_wait_seconds_total "})
    EXPECT_TRUE(contains(text, std::string("\n") + gauge)) << gauge << "\n" << text;
}

TEST_F(RobustnessApi, InvalidConfigurationStopsTheServerWithStatusTwo) {
  struct Case {
    std::string command;
    std::vector<std::string> names;  // what the error message must mention
  } cases[] = {
      {trellis_command({"serve", "--set", "port=abc"}), {"port", "abc"}},
      {"env TRELLIS_PORT=99999 " + trellis_command({"serve"}), {"TRELLIS_PORT", "99999"}},
      {trellis_command({"serve", "--set", "prot=1"}), {"prot"}},
      {trellis_command({"serve", "--set", "max_body_bytes=12 parsecs"}), {"max_body_bytes"}},
      {"env TRELLIS_PROT=1 " + trellis_command({"serve"}), {"TRELLIS_PROT"}},
  };
  for (const Case& c : cases) {
    std::string output;
    int status = run_shell(c.command, &output);
    EXPECT_EQ(status, 2) << c.command << "\n" << output;
    for (const std::string& name : c.names)
      EXPECT_TRUE(contains(output, name)) << c.command << " should name " << name << ":\n"
                                          << output;
    EXPECT_FALSE(contains(output, "listening")) << output;
  }
}

TEST_F(RobustnessApi, ConfigMasksTheDatabasePassword) {
  std::string output;
  int status = run_trellis(
      {"config", "--set", "database_url=postgres://u:s3cret@127.0.0.1:1/db?password=s3cret"}, "",
      &output);
  EXPECT_EQ(status, 0) << output;
  EXPECT_TRUE(contains(output, "database_url = postgres://u:***@127.0.0.1:1/db")) << output;
  EXPECT_FALSE(contains(output, "s3cret")) << output;
  // Masked in error messages too.
  status =
      run_trellis({"config", "--set", "database_url=mysql://u:s3cret@127.0.0.1/db"}, "", &output);
  EXPECT_EQ(status, 2) << output;
  EXPECT_TRUE(contains(output, "database_url")) << output;
  EXPECT_FALSE(contains(output, "s3cret")) << output;
}

TEST_F(RobustnessApi, MigrateStatusPrintsTheSchemaVersion) {
  std::string output;
  int status =
      run_trellis({"migrate", "--status", "--set", "database_url=" + database_url_}, "", &output);
  EXPECT_EQ(status, 0) << output;
  // The server migrated the database at start, so it is at the latest version.
  std::string prefix = "schema version ";
  auto at = output.find(prefix);
  ASSERT_NE(at, std::string::npos) << output;
  int current = std::atoi(output.c_str() + at + prefix.size());
  EXPECT_GT(current, 0) << output;
  EXPECT_TRUE(contains(output, "(latest " + std::to_string(current) + ")")) << output;
}

}  // namespace
}  // namespace trellis::test
