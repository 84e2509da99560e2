#include "api/api_fixture.h"

#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "support/openapi_contract.h"
#include "support/wait.h"

namespace trellis::test {
namespace {

// "trellis_session=abc" from a Set-Cookie header value.
std::string cookie_pair(const std::string& set_cookie) {
  return set_cookie.substr(0, set_cookie.find(';'));
}

}  // namespace

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out.push_back(c);
  }
  return out + "'";
}

HeaderList Browser::headers(const std::string& origin) const {
  return {{"Cookie", cookie}, {"X-CSRF-Token", csrf}, {"Origin", origin}};
}

int run_trellis(const std::vector<std::string>& args, const std::string& input,
                std::string* output) {
  std::string dir = temp_dir();
  std::string in_path = dir + "/stdin.txt", out_path = dir + "/stdout.txt";
  std::ofstream(in_path) << input;
  std::string cmd = shell_quote(TRELLIS_BINARY);
  for (const auto& a : args) cmd += " " + shell_quote(a);
  cmd += " < " + shell_quote(in_path) + " > " + shell_quote(out_path) + " 2>&1";
  int status = std::system(cmd.c_str());
  if (output) {
    std::ifstream f(out_path);
    std::stringstream ss;
    ss << f.rdbuf();
    *output = ss.str();
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

void ApiTest::SetUp() {
  database_url_ = fresh_database_url();
  std::string out;
  int status = run_trellis({"user", "create", "--admin", "--email", kAdminEmail, "--name",
                            "Site Administrator", "--set", "database_url=" + database_url_},
                           std::string(kPassword) + "\n", &out);
  ASSERT_EQ(status, 0) << out;
  start_server();
  ASSERT_NE(server_->port(), 0);
  admin_ = sign_in(kAdminEmail);
}

void ApiTest::start_server(std::vector<std::string> extra_settings) {
  http_.reset();
  server_.reset();
  // The background alert evaluation is off unless a test turns it on: tests run it on demand,
  // so that what it raises does not depend on how long a test takes.
  std::vector<std::string> args = {"--set", "database_url=" + database_url_,
                                   "--set", "static_dir=",
                                   "--set", "log_level=info",
                                   "--set", "checkin_alerts_interval_seconds=0"};
  for (auto& s : extra_settings) {
    args.push_back("--set");
    args.push_back(s);
  }
  server_ = std::make_unique<ServerProcess>(args);
  http_ = new_client();
}

std::unique_ptr<HttpClient> ApiTest::new_client() const {
  auto client = std::make_unique<HttpClient>("127.0.0.1", server_->port());
  client->set_reply_check(
      [](const std::string& method, const std::string& target, const Reply& reply) {
        std::string broken = OpenApiContract::project().check(method, target, reply);
        if (!broken.empty()) ADD_FAILURE() << "reply breaks docs/api/openapi.json: " << broken;
      });
  return client;
}

std::string ApiTest::origin() const {
  return "http://127.0.0.1:" + std::to_string(server_->port());
}

Browser ApiTest::sign_in(const std::string& email, const std::string& password) {
  Reply r = http_->post("/api/v1/sessions", {{"email", email}, {"password", password}},
                        {{"Origin", origin()}});
  Browser b;
  EXPECT_EQ(r.status, 201) << email << ": " << r.body;
  if (r.status != 201) return b;
  b.cookie = cookie_pair(r.header("Set-Cookie").value_or(""));
  auto body = r.json().as_object();
  b.csrf = std::string(body.at("csrf_token").as_string());
  b.user_id = std::string(body.at("user").at("id").as_string());
  return b;
}

Reply ApiTest::get(const Browser& b, const std::string& target) {
  return http_->get(target, b.headers(origin()));
}
Reply ApiTest::post(const Browser& b, const std::string& target, const boost::json::value& body) {
  return http_->post(target, body, b.headers(origin()));
}
Reply ApiTest::patch(const Browser& b, const std::string& target, const boost::json::value& body) {
  return http_->patch(target, body, b.headers(origin()));
}
Reply ApiTest::put(const Browser& b, const std::string& target, const boost::json::value& body) {
  return http_->put(target, body, b.headers(origin()));
}
Reply ApiTest::del(const Browser& b, const std::string& target) {
  return http_->del(target, b.headers(origin()));
}

std::string ApiTest::create_program(const std::string& name) {
  Reply r = post(admin_, "/api/v1/programs", {{"name", name}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? std::string(r.json().at("id").as_string()) : "";
}

std::string ApiTest::create_cohort(const std::string& program_id, const std::string& name) {
  Reply r = post(admin_, "/api/v1/programs/" + program_id + "/cohorts",
                 {{"name", name}, {"starts_on", "2027-01-11"}, {"ends_on", "2027-05-07"}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? std::string(r.json().at("id").as_string()) : "";
}

std::string ApiTest::create_stream(const std::string& cohort_id, const std::string& name) {
  Reply r = post(admin_, "/api/v1/cohorts/" + cohort_id + "/streams", {{"name", name}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? std::string(r.json().at("id").as_string()) : "";
}

std::string ApiTest::add_person(const std::string& cohort_id, const std::string& email,
                                const std::string& role, const std::string& stream_id) {
  boost::json::object body{
      {"email", email}, {"display_name", email.substr(0, email.find('@'))}, {"role", role}};
  if (!stream_id.empty()) body["stream_id"] = stream_id;
  Reply inv = post(admin_, "/api/v1/cohorts/" + cohort_id + "/invitations", body);
  EXPECT_EQ(inv.status, 201) << inv.body;
  if (inv.status != 201) return "";
  Reply acc = http_->post("/api/v1/invitations/acceptance",
                          {{"token", inv.json().at("token")}, {"password", kPassword}},
                          {{"Origin", origin()}});
  EXPECT_EQ(acc.status, 201) << acc.body;
  return acc.status == 201 ? std::string(acc.json().at("user").at("id").as_string()) : "";
}

void ApiTest::add_cast(const std::vector<CastMember>& cast, std::map<std::string, std::string>& ids,
                       std::map<std::string, Browser>& who) {
  for (const CastMember& person : cast) {
    const std::string email = person.name + "@example.org";
    ids[person.name] = add_person(person.cohort, email, person.role, person.stream);
    ASSERT_FALSE(ids[person.name].empty()) << person.name;
    who[person.name] = sign_in(email);
  }
  who["admin"] = admin_;
  who["anon"] = Browser{};
}

namespace {

std::chrono::sys_days parse_day(const std::string& date) {
  using namespace std::chrono;
  return sys_days{year{std::stoi(date.substr(0, 4))} /
                  month{static_cast<unsigned>(std::stoi(date.substr(5, 2)))} /
                  day{static_cast<unsigned>(std::stoi(date.substr(8, 2)))}};
}

std::string format_day(std::chrono::sys_days d) {
  const std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace

std::string utc_today() {
  return format_day(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
}

std::string add_days(const std::string& date, int days) {
  return format_day(parse_day(date) + std::chrono::days{days});
}

std::string monday_of(const std::string& date) {
  const std::chrono::sys_days d = parse_day(date);
  const std::chrono::weekday wd{d};
  return format_day(d - std::chrono::days{(wd.c_encoding() + 6) % 7});
}

std::string str(const boost::json::value& v, std::string_view key) {
  const boost::json::value* member = v.is_object() ? v.as_object().if_contains(key) : nullptr;
  if (member == nullptr || !member->is_string()) {
    ADD_FAILURE() << "no string \"" << key << "\" in " << boost::json::serialize(v);
    return "";
  }
  return std::string(member->as_string());
}

long long ApiTest::codebook_version(const Browser& who, const std::string& study) {
  Reply r = get(who, "/api/v1/studies/" + study + "/codes");
  EXPECT_EQ(r.status, 200) << r.body;
  return r.status == 200 ? r.json().at("version").as_int64() : -1;
}

std::string ApiTest::code_named(const Browser& who, const std::string& study,
                                const std::string& name) {
  Reply r = get(who, "/api/v1/studies/" + study + "/codes");
  const boost::json::value j = r.json();
  if (r.status == 200)
    for (const auto& c : j.at("items").as_array())
      if (c.at("name").as_string() == name) return str(c, "id");
  ADD_FAILURE() << "no code " << name << " in " << r.body;
  return "missing";
}

boost::json::value ApiTest::finished_job(const Browser& who, const std::string& job_id) {
  boost::json::value last;
  const ::testing::AssertionResult finished = wait_until(
      "job " + job_id + " to finish",
      [&] {
        Reply r = get(who, "/api/v1/jobs/" + job_id);
        if (r.status != 200) {
          ADD_FAILURE() << "GET job " << job_id << ": " << r.status << " " << r.body;
          last = nullptr;
          return true;
        }
        last = r.json();
        const std::string status = str(last, "status");
        return status == "succeeded" || status == "failed";
      },
      kPatience, std::chrono::milliseconds(50));
  if (!finished) {
    ADD_FAILURE() << finished.message() << "; its last state: " << boost::json::serialize(last);
    return nullptr;
  }
  return last;
}

}  // namespace trellis::test
