// The starting point of every API test: a brand-new database of the backend under test
// (TRELLIS_TEST_BACKEND), a site administrator created through the real CLI, and the real
// `trellis serve` process listening on a free port. Tests talk to it only over HTTP.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "support/backend.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace trellis::test {

inline constexpr char kAdminEmail[] = "admin@example.org";
inline constexpr char kPassword[] = "fixture passphrase for tests";

// A signed-in browser: the session cookie and the CSRF token that goes with it.
struct Browser {
  std::string cookie;  // "trellis_session=…"
  std::string csrf;
  std::string user_id;

  // Headers a same-origin page sends: the cookie, the CSRF token and Origin.
  HeaderList headers(const std::string& origin) const;
};

// Quotes s for /bin/sh.
std::string shell_quote(const std::string& s);

// Runs the trellis binary with args, feeding `input` on standard input; returns the exit
// status and fills `output` with what it printed (stdout and stderr).
int run_trellis(const std::vector<std::string>& args, const std::string& input,
                std::string* output = nullptr);

// Calendar dates (YYYY-MM-DD) for tests whose data must sit around the server's today (its
// clock is the real one): today's UTC date, a date moved by whole days, and the Monday of a
// date's ISO week.
std::string utc_today();
std::string add_days(const std::string& date, int days);
std::string monday_of(const std::string& date);

// The string member key of a JSON object; records a test failure (and returns "") when v is not
// an object or key is missing or not a string.
std::string str(const boost::json::value& v, std::string_view key);

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override;

  // Starts (or restarts) the server on the same database with extra --set arguments (which
  // win over the defaults: static_dir empty, log_level=info, checkin_alerts_interval_seconds=0).
  void start_server(std::vector<std::string> extra_settings = {});

  // Creates an account through the CLI (administrators) or the API (everyone else).
  std::string create_admin(const std::string& email, const std::string& password);

  // Signs in over HTTP; fails the test unless the answer is 201.
  Browser sign_in(const std::string& email, const std::string& password = kPassword);

  // A client of the running server whose every reply is checked against the OpenAPI document
  // (a reply that breaks it fails the test). http_ is one; threads make their own.
  std::unique_ptr<HttpClient> new_client() const;

  std::string origin() const;
  // JSON requests as the given browser (cookie, CSRF token, Origin).
  Reply get(const Browser& b, const std::string& target);
  Reply post(const Browser& b, const std::string& target, const boost::json::value& body);
  Reply patch(const Browser& b, const std::string& target, const boost::json::value& body);
  Reply put(const Browser& b, const std::string& target, const boost::json::value& body);
  Reply del(const Browser& b, const std::string& target);

  // Creates a program, a cohort in it and returns their ids (as the administrator).
  std::string create_program(const std::string& name);
  std::string create_cohort(const std::string& program_id, const std::string& name);
  std::string create_stream(const std::string& cohort_id, const std::string& name);
  // Adds a member (creating the account with kPassword through an invitation, so it can sign
  // in) and returns the new account's user id.
  std::string add_person(const std::string& cohort_id, const std::string& email,
                         const std::string& role, const std::string& stream_id = {});

  // One person of a test's cast: their name (also their email's local part), the cohort, role
  // and stream (empty for none) they join.
  struct CastMember {
    std::string name;
    std::string cohort;
    std::string role;
    std::string stream;
  };
  // Adds each person of `cast` (add_person) and signs them in, keeping their user id in `ids`
  // and their browser in `who` by name; `who` also gets "admin" and "anon" (signed out).
  void add_cast(const std::vector<CastMember>& cast, std::map<std::string, std::string>& ids,
                std::map<std::string, Browser>& who);

  // Studies: the codebook version of a study, and the id of its code called name (a test
  // failure when there is none), as `who` sees them.
  long long codebook_version(const Browser& who, const std::string& study);
  std::string code_named(const Browser& who, const std::string& study, const std::string& name);

  // Polls the job until it has finished (succeeded or failed) and returns its last state; a job
  // that does not finish within kPatience fails the test and returns null.
  boost::json::value finished_job(const Browser& who, const std::string& job_id);

  std::string database_url_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> http_;
  Browser admin_;
};

}  // namespace trellis::test
