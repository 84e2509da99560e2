// The access matrix of docs/access-control.md, checked against the real server. The table
// between the access-table markers is read at run time; every route the server describes in
// /api/v1/openapi.json must have a row and every row must name such a route; then each route
// is called as each actor kind of the table's columns and the status must equal the cell.
// Runs on the backend the suite runs on (SQLite and PostgreSQL under CTest).
//
// A new route needs a row in the table and one entry in AccessMatrix::preparations(): what to
// put in its path and body for each actor.
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_fixture.h"

namespace trellis::test {
namespace {

// ---- the table ---------------------------------------------------------------------------

constexpr std::string_view kTableBegin = "<!-- access-table:begin -->";
constexpr std::string_view kTableEnd = "<!-- access-table:end -->";

struct AccessRow {
  std::string route;          // "GET /api/v1/programs/{id}"
  std::vector<int> statuses;  // one per actor column
  int line = 0;               // in the document, for messages
};

struct AccessTable {
  std::vector<std::string> actors;  // the column names after "route"
  std::vector<AccessRow> rows;
};

struct ParsedTable {
  AccessTable table;
  std::vector<std::string> problems;  // each names its line; empty when the table is sound
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// The cells of "| a | b |", trimmed; nullopt when the line is not a table row.
std::optional<std::vector<std::string>> split_row(std::string_view line) {
  line = trim(line);
  if (line.size() < 2 || line.front() != '|' || line.back() != '|') return std::nullopt;
  line = line.substr(1, line.size() - 2);
  std::vector<std::string> cells;
  for (;;) {
    auto bar = line.find('|');
    cells.emplace_back(trim(line.substr(0, bar)));
    if (bar == std::string_view::npos) break;
    line.remove_prefix(bar + 1);
  }
  return cells;
}

bool is_separator(const std::vector<std::string>& cells) {
  for (const auto& c : cells) {
    if (c.find_first_not_of("-:") != std::string::npos || c.find('-') == std::string::npos)
      return false;
  }
  return true;
}

// "`GET /path`" → "GET /path"; nullopt when the cell is not a method and a path in backticks.
std::optional<std::string> parse_route(const std::string& cell) {
  static const std::set<std::string, std::less<>> kMethods = {"GET",   "HEAD",   "POST",   "PUT",
                                                              "PATCH", "DELETE", "OPTIONS"};
  if (cell.size() < 2 || cell.front() != '`' || cell.back() != '`') return std::nullopt;
  std::string_view inner(cell);
  inner = inner.substr(1, inner.size() - 2);
  auto space = inner.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  std::string_view method = inner.substr(0, space), path = inner.substr(space + 1);
  if (!kMethods.contains(method)) return std::nullopt;
  if (path.empty() || path.front() != '/' || path.find_first_of(" \t`") != std::string::npos)
    return std::nullopt;
  return std::string(inner);
}

std::optional<int> parse_status(const std::string& cell) {
  if (cell.size() != 3 || cell.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  int status = std::stoi(cell);
  if (status < 100 || status > 599) return std::nullopt;
  return status;
}

ParsedTable parse_access_table(std::string_view markdown) {
  ParsedTable out;
  auto problem = [&](int line, const std::string& what) {
    out.problems.push_back("docs/access-control.md line " + std::to_string(line) + ": " + what);
  };
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start <= markdown.size();) {
    auto end = markdown.find('\n', start);
    if (end == std::string_view::npos) end = markdown.size();
    lines.push_back(markdown.substr(start, end - start));
    start = end + 1;
  }
  std::size_t begin = lines.size(), finish = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (trim(lines[i]) == kTableBegin && begin == lines.size()) begin = i;
    if (trim(lines[i]) == kTableEnd && begin != lines.size()) {
      finish = i;
      break;
    }
  }
  if (begin == lines.size() || finish == lines.size()) {
    out.problems.push_back("docs/access-control.md: the markers " + std::string(kTableBegin) +
                           " and " + std::string(kTableEnd) + " were not found, in that order");
    return out;
  }

  enum class Expect { kHeader, kSeparator, kRow } expect = Expect::kHeader;
  std::set<std::string> seen_routes;
  for (std::size_t i = begin + 1; i < finish; ++i) {
    int line = static_cast<int>(i) + 1;
    if (trim(lines[i]).empty()) continue;
    auto cells = split_row(lines[i]);
    if (!cells) {
      problem(line, "not a table row (a row starts and ends with '|'): " + std::string(lines[i]));
      continue;
    }
    switch (expect) {
      case Expect::kHeader: {
        if (cells->size() < 2 || (*cells)[0] != "route") {
          problem(line, "the header row must be \"| route | actor | … |\"");
          return out;
        }
        std::set<std::string> names;
        for (std::size_t c = 1; c < cells->size(); ++c) {
          const std::string& name = (*cells)[c];
          if (name.empty() ||
              name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos)
            problem(line, "actor column \"" + name + "\" is not a lower-case name");
          if (!names.insert(name).second) problem(line, "actor column \"" + name + "\" twice");
          out.table.actors.push_back(name);
        }
        expect = Expect::kSeparator;
        break;
      }
      case Expect::kSeparator:
        if (!is_separator(*cells) || cells->size() != out.table.actors.size() + 1)
          problem(line, "expected the separator row \"|---|---|…\" with one cell per column");
        expect = Expect::kRow;
        break;
      case Expect::kRow: {
        if (cells->size() != out.table.actors.size() + 1) {
          problem(line, "has " + std::to_string(cells->size()) + " cells, the header has " +
                            std::to_string(out.table.actors.size() + 1));
          continue;
        }
        auto route = parse_route((*cells)[0]);
        if (!route) {
          problem(line, "the first cell must be \"`METHOD /path`\", got \"" + (*cells)[0] + "\"");
          continue;
        }
        if (!seen_routes.insert(*route).second) {
          problem(line, *route + " has a second row");
          continue;
        }
        AccessRow row{*route, {}, line};
        bool sound = true;
        for (std::size_t c = 1; c < cells->size(); ++c) {
          auto status = parse_status((*cells)[c]);
          if (!status) {
            problem(line, *route + ", column " + out.table.actors[c - 1] +
                              ": expected an HTTP status, got \"" + (*cells)[c] + "\"");
            sound = false;
          }
          row.statuses.push_back(status.value_or(0));
        }
        if (sound) out.table.rows.push_back(std::move(row));
        break;
      }
    }
  }
  if (expect == Expect::kHeader)
    out.problems.push_back("docs/access-control.md: the table is empty");
  else if (out.table.rows.empty() && out.problems.empty())
    out.problems.push_back("docs/access-control.md: the table has no rows");
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return {};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string format_problems(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += "\n  " + p;
  return out;
}

// What differs between the routes the server describes and the table's rows.
std::vector<std::string> route_coverage_problems(const std::set<std::string>& served,
                                                 const AccessTable& table) {
  std::vector<std::string> problems;
  std::set<std::string> in_table;
  for (const AccessRow& row : table.rows) in_table.insert(row.route);
  for (const std::string& route : served) {
    if (!in_table.contains(route))
      problems.push_back(route + " is served (it is in /api/v1/openapi.json) but has no row in " +
                         "the access table of docs/access-control.md; add a row");
  }
  for (const AccessRow& row : table.rows) {
    if (!served.contains(row.route))
      problems.push_back("docs/access-control.md line " + std::to_string(row.line) + " names " +
                         row.route + ", which the server does not serve (it is not in " +
                         "/api/v1/openapi.json)");
  }
  return problems;
}

// ---- the parser itself ---------------------------------------------------------------------

std::string table_text(const std::string& rows) {
  return "intro\n<!-- access-table:begin -->\n| route | anon | admin |\n|---|---|---|\n" + rows +
         "<!-- access-table:end -->\nafter\n";
}

TEST(AccessTableParser, ReadsHeaderAndRows) {
  ParsedTable p = parse_access_table(
      table_text("| `GET /healthz` | 200 | 200 |\n| `POST /api/v1/programs` | 401 | 201 |\n"));
  ASSERT_TRUE(p.problems.empty()) << format_problems(p.problems);
  EXPECT_EQ(p.table.actors, (std::vector<std::string>{"anon", "admin"}));
  ASSERT_EQ(p.table.rows.size(), 2u);
  EXPECT_EQ(p.table.rows[1].route, "POST /api/v1/programs");
  EXPECT_EQ(p.table.rows[1].statuses, (std::vector<int>{401, 201}));
  EXPECT_EQ(p.table.rows[1].line, 6);
}

TEST(AccessTableParser, MalformedRowsAreReportedWithTheirLine) {
  struct Case {
    const char* rows;
    const char* says;
    const char* where;
  } cases[] = {
      {"| `GET /healthz` | 200 |\n", "has 2 cells", "line 5:"},
      {"| GET /healthz | 200 | 200 |\n", "`METHOD /path`", "line 5:"},
      {"| `FETCH /healthz` | 200 | 200 |\n", "`METHOD /path`", "line 5:"},
      {"| `GET healthz` | 200 | 200 |\n", "`METHOD /path`", "line 5:"},
      {"| `GET /healthz` | ok | 200 |\n", "column anon", "line 5:"},
      {"| `GET /healthz` | 200 | 2000 |\n", "column admin", "line 5:"},
      {"| `GET /healthz` | 200 | |\n", "column admin", "line 5:"},
      {"`GET /healthz` | 200 | 200\n", "not a table row", "line 5:"},
      {"| `GET /healthz` | 200 | 200 |\n| `GET /healthz` | 200 | 200 |\n", "second row", "line 6:"},
  };
  for (const auto& c : cases) {
    ParsedTable p = parse_access_table(table_text(c.rows));
    ASSERT_FALSE(p.problems.empty()) << c.rows;
    EXPECT_NE(p.problems[0].find(c.says), std::string::npos)
        << c.rows << format_problems(p.problems);
    EXPECT_NE(p.problems[0].find(c.where), std::string::npos) << format_problems(p.problems);
  }
  EXPECT_FALSE(parse_access_table("no table here\n").problems.empty());
  EXPECT_FALSE(parse_access_table(table_text("")).problems.empty());
}

TEST(AccessTableParser, RoutesMissingOnEitherSideAreReported) {
  ParsedTable p = parse_access_table(
      table_text("| `GET /healthz` | 200 | 200 |\n| `GET /api/v1/gone` | 401 | 200 |\n"));
  ASSERT_TRUE(p.problems.empty()) << format_problems(p.problems);
  auto problems = route_coverage_problems({"GET /healthz", "POST /api/v1/new"}, p.table);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].find("POST /api/v1/new is served"), std::string::npos) << problems[0];
  EXPECT_NE(problems[1].find("line 6 names GET /api/v1/gone"), std::string::npos) << problems[1];
  EXPECT_TRUE(route_coverage_problems({"GET /healthz", "GET /api/v1/gone"}, p.table).empty());
}

// ---- the matrix ----------------------------------------------------------------------------

constexpr char kOtherPassword[] = "another passphrase entirely";
constexpr char kCsv[] = "email,name,role\nx@example.org,X,alumnus\n";

// One actor kind of the table's columns, with the credentials it presents.
struct Caller {
  enum class Kind { kAnonymous, kCookie, kToken };
  std::string name;
  Kind kind = Kind::kAnonymous;
  std::string email;        // the account's email; empty for anon and token
  bool can_sign_in = true;  // false for `disabled`
  Browser browser;          // kCookie: its session (a stale one for `disabled`)
  std::string bearer;       // kToken: "trl_…"
};

// One request of the matrix; prepared per route and caller.
struct Call {
  std::string target;
  std::string body;
  HeaderList headers;                     // besides the credentials: Content-Type and the like
  std::optional<HeaderList> credentials;  // replaces the caller's usual credentials
};

struct Preparation {
  std::function<Call(const Caller&)> prepare;
  // Runs after the call with the credentials that were sent; undoes what must not last.
  std::function<void(const Caller&, const HeaderList&, const Reply&)> cleanup;
};

Call json_call(std::string target, const boost::json::value& body) {
  return Call{std::move(target),
              boost::json::serialize(body),
              {{"Content-Type", "application/json"}},
              std::nullopt};
}

Call plain_call(std::string target) {
  return Call{std::move(target), {}, {}, std::nullopt};
}

class AccessMatrix : public ApiTest {
 protected:
  void build_fixture();
  std::map<std::string, Preparation> preparations();
  void add_study_preparations(std::map<std::string, Preparation>& p);
  void add_checkin_preparations(std::map<std::string, Preparation>& p);
  HeaderList credentials(const Caller& c) const;

  // A unique suffix for names and emails.
  std::string unique(const std::string& stem) { return stem + "-" + std::to_string(++counter_); }
  std::string unique_email(const std::string& stem) { return unique(stem) + "@example.org"; }

  // A setup request as the administrator; fails the test unless the status is `expected`.
  boost::json::value as_admin(const std::string& method, const std::string& target,
                              const boost::json::value& body, int expected);
  std::string spare_account();
  std::string fresh_membership();
  std::string fresh_invitation();
  // An open assessment round of C (self, mentor and peer raters, peers chosen by organizers).
  std::string fresh_round();
  // The round R and scholar's self-assessment in it, made on first use.
  void assessment_fixture();

  // The routes the server describes, "METHOD /path".
  std::set<std::string> served_routes();

  std::string program_, cohort_, stream1_, stream2_, other_program_, other_cohort_;
  std::string scholar_id_;
  std::string round_, self_assessment_;
  std::map<std::string, Caller> callers_;
  int counter_ = 0;
};

HeaderList AccessMatrix::credentials(const Caller& c) const {
  switch (c.kind) {
    case Caller::Kind::kAnonymous:
      return {};
    case Caller::Kind::kCookie:
      return c.browser.headers(origin());
    case Caller::Kind::kToken:
      return {{"Authorization", "Bearer " + c.bearer}};
  }
  return {};
}

boost::json::value AccessMatrix::as_admin(const std::string& method, const std::string& target,
                                          const boost::json::value& body, int expected) {
  HeaderList headers = admin_.headers(origin());
  std::string raw;
  if (method != "GET" && method != "DELETE") {
    raw = boost::json::serialize(body);
    headers.emplace_back("Content-Type", "application/json");
  }
  Reply r = http_->request(method, target, raw, headers);
  EXPECT_EQ(r.status, expected) << "setup request " << method << " " << target << ": " << r.body;
  if (r.status != expected || r.body.empty()) return nullptr;
  return r.json();
}

std::string AccessMatrix::spare_account() {
  auto u = as_admin("POST", "/api/v1/users",
                    {{"email", unique_email("spare")},
                     {"display_name", unique("Spare")},
                     {"password", kPassword}},
                    201);
  return u.is_object() ? std::string(u.at("id").as_string()) : "missing-spare-account";
}

std::string AccessMatrix::fresh_membership() {
  auto m = as_admin(
      "POST", "/api/v1/cohorts/" + cohort_ + "/members",
      {{"email", unique_email("member")}, {"display_name", unique("Member")}, {"role", "alumnus"}},
      201);
  return m.is_object() ? std::string(m.at("id").as_string()) : "missing-membership";
}

std::string AccessMatrix::fresh_invitation() {
  auto inv = as_admin("POST", "/api/v1/cohorts/" + cohort_ + "/invitations",
                      {{"email", unique_email("invitee")},
                       {"display_name", unique("Invitee")},
                       {"role", "alumnus"}},
                      201);
  return inv.is_object() ? std::string(inv.at("token").as_string()) : "missing-invitation";
}

std::string AccessMatrix::fresh_round() {
  auto r = as_admin("POST", "/api/v1/cohorts/" + cohort_ + "/assessment-rounds",
                    {{"name", unique("Round")},
                     {"opens_at", "2020-01-01T00:00:00Z"},
                     {"closes_at", "2099-01-01T00:00:00Z"},
                     {"rater_kinds", boost::json::array{"self", "mentor", "peer"}},
                     {"peers_per_scholar", 3},
                     {"peer_selection", "organizer"}},
                    201);
  return r.is_object() ? std::string(r.at("id").as_string()) : "missing-round";
}

void AccessMatrix::assessment_fixture() {
  if (!round_.empty()) return;
  round_ = fresh_round();
  auto page = as_admin("GET", "/api/v1/assessment-rounds/" + round_ + "/assignments?limit=200",
                       nullptr, 200);
  if (!page.is_object()) return;
  for (const auto& a : page.at("items").as_array()) {
    if (a.at("rater_id").as_string() == scholar_id_ &&
        a.at("subject_id").as_string() == scholar_id_)
      self_assessment_ = std::string(a.at("id").as_string());
  }
  EXPECT_FALSE(self_assessment_.empty()) << "setup: the scholar's self-assessment";
}

std::set<std::string> AccessMatrix::served_routes() {
  static const std::map<std::string, std::string> kMethods = {
      {"get", "GET"},     {"put", "PUT"},         {"post", "POST"}, {"delete", "DELETE"},
      {"patch", "PATCH"}, {"options", "OPTIONS"}, {"head", "HEAD"}, {"trace", "TRACE"}};
  std::set<std::string> routes;
  Reply r = http_->get("/api/v1/openapi.json");
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status != 200) return routes;
  boost::json::value doc = r.json();
  const auto* paths = doc.is_object() ? doc.as_object().if_contains("paths") : nullptr;
  EXPECT_TRUE(paths && paths->is_object()) << "openapi.json has no \"paths\" object";
  if (!paths || !paths->is_object()) return routes;
  for (const auto& [path, item] : paths->as_object()) {
    if (!item.is_object()) continue;
    for (const auto& [key, operation] : item.as_object()) {
      auto method = kMethods.find(std::string(key));
      if (method != kMethods.end()) routes.insert(method->second + " " + std::string(path));
    }
  }
  return routes;
}

void AccessMatrix::build_fixture() {
  program_ = create_program("Program P");
  cohort_ = create_cohort(program_, "Cohort C");
  stream1_ = create_stream(cohort_, "Stream S1");
  stream2_ = create_stream(cohort_, "Stream S2");
  other_program_ = create_program("Program Q");
  other_cohort_ = create_cohort(other_program_, "Cohort of Q");
  ASSERT_FALSE(HasFailure()) << "could not create the programs, cohorts and streams";

  struct Person {
    const char* name;
    std::string cohort;
    const char* role;
    std::string stream;
  } people[] = {
      {"scholar", cohort_, "scholar", stream1_},
      {"peer", cohort_, "scholar", stream1_},
      {"scholar_other", cohort_, "scholar", stream2_},
      {"mentor", cohort_, "mentor", stream1_},
      {"mentor_other", cohort_, "mentor", stream2_},
      {"support_consented", cohort_, "support", ""},
      {"support", cohort_, "support", ""},
      {"organizer", cohort_, "organizer", ""},
      {"organizer_other", other_cohort_, "organizer", ""},
      {"disabled", cohort_, "scholar", stream1_},
  };
  for (const Person& p : people) {
    Caller c;
    c.name = p.name;
    c.kind = Caller::Kind::kCookie;
    c.email = std::string(p.name) + "@example.org";
    std::string id = add_person(p.cohort, c.email, p.role, p.stream);
    ASSERT_FALSE(id.empty()) << "could not add " << p.name;
    if (c.name == "scholar") scholar_id_ = id;
    c.browser = sign_in(c.email);
    ASSERT_FALSE(c.browser.cookie.empty()) << "could not sign in as " << p.name;
    callers_[c.name] = c;
  }

  Caller& disabled = callers_["disabled"];
  disabled.can_sign_in = false;
  Reply off = patch(admin_, "/api/v1/users/" + disabled.browser.user_id, {{"disabled", true}});
  ASSERT_EQ(off.status, 200) << off.body;

  Caller admin;
  admin.name = "admin";
  admin.kind = Caller::Kind::kCookie;
  admin.email = kAdminEmail;
  admin.browser = admin_;
  callers_["admin"] = admin;

  Caller anon;
  anon.name = "anon";
  anon.can_sign_in = false;
  callers_["anon"] = anon;

  Reply created = post(callers_["organizer"].browser, "/api/v1/me/tokens", {{"name", "script"}});
  ASSERT_EQ(created.status, 201) << created.body;
  Caller token;
  token.name = "token";
  token.kind = Caller::Kind::kToken;
  token.can_sign_in = false;
  token.bearer = std::string(created.json().at("secret").as_string());
  callers_["token"] = token;
}

std::map<std::string, Preparation> AccessMatrix::preparations() {
  std::map<std::string, Preparation> p;
  auto fixed = [](std::string target) {
    return Preparation{[target](const Caller&) { return plain_call(target); }, nullptr};
  };
  auto fixed_json = [](std::string target, boost::json::value body) {
    return Preparation{[target, body](const Caller&) { return json_call(target, body); }, nullptr};
  };
  const std::string program = "/api/v1/programs/" + program_;
  const std::string cohort = "/api/v1/cohorts/" + cohort_;

  // System routes.
  for (const char* target : {"/healthz", "/readyz", "/metrics", "/api/v1/openapi.json"})
    p["GET " + std::string(target)] = fixed(target);

  // Sessions and the signed-in account.
  p["POST /api/v1/sessions"] = fixed_json(
      "/api/v1/sessions", {{"email", callers_.at("peer").email}, {"password", kPassword}});
  p["GET /api/v1/sessions/current"] = fixed("/api/v1/sessions/current");
  p["DELETE /api/v1/sessions/current"] = {[this](const Caller& c) {
                                            Call call = plain_call("/api/v1/sessions/current");
                                            // A session of its own, so the main one survives.
                                            if (c.kind == Caller::Kind::kCookie && c.can_sign_in)
                                              call.credentials = sign_in(c.email).headers(origin());
                                            return call;
                                          },
                                          nullptr};
  p["GET /api/v1/sessions"] = fixed("/api/v1/sessions");
  p["DELETE /api/v1/sessions/{id}"] = {
      [this](const Caller&) {
        Browser extra = sign_in(callers_.at("scholar").email);
        Reply current = get(extra, "/api/v1/sessions/current");
        EXPECT_EQ(current.status, 200) << "setup: the scholar's extra session: " << current.body;
        std::string id = current.status == 200
                             ? std::string(current.json().at("session").at("id").as_string())
                             : "missing-session";
        return plain_call("/api/v1/sessions/" + id);
      },
      nullptr};
  p["PUT /api/v1/me/password"] = {
      [](const Caller&) {
        return json_call("/api/v1/me/password",
                         {{"current_password", kPassword}, {"new_password", kOtherPassword}});
      },
      [this](const Caller& c, const HeaderList& sent, const Reply& reply) {
        if (reply.status != 204) return;
        HeaderList headers = sent;
        headers.emplace_back("Content-Type", "application/json");
        Reply back =
            http_->request("PUT", "/api/v1/me/password",
                           boost::json::serialize(boost::json::value{
                               {"current_password", kOtherPassword}, {"new_password", kPassword}}),
                           headers);
        EXPECT_EQ(back.status, 204) << "restoring the password of " << c.name << ": " << back.body;
      }};
  p["GET /api/v1/me/tokens"] = fixed("/api/v1/me/tokens");
  p["POST /api/v1/me/tokens"] = {
      [this](const Caller&) {
        return json_call("/api/v1/me/tokens", {{"name", unique("token")}});
      },
      nullptr};
  p["DELETE /api/v1/me/tokens/{id}"] = {
      [this](const Caller&) {
        Reply t = post(callers_.at("scholar").browser, "/api/v1/me/tokens",
                       {{"name", unique("scholar-token")}});
        EXPECT_EQ(t.status, 201) << "setup: a token of the scholar: " << t.body;
        std::string id =
            t.status == 201 ? std::string(t.json().at("id").as_string()) : "missing-token";
        return plain_call("/api/v1/me/tokens/" + id);
      },
      nullptr};
  p["POST /api/v1/password-resets/redemption"] = {
      [this](const Caller&) {
        std::string user = spare_account();
        auto link = as_admin("POST", "/api/v1/users/" + user + "/password-resets",
                             boost::json::object{}, 201);
        std::string token =
            link.is_object() ? std::string(link.at("token").as_string()) : "missing-link";
        return json_call("/api/v1/password-resets/redemption",
                         {{"token", token}, {"new_password", kOtherPassword}});
      },
      nullptr};

  // Accounts.
  p["GET /api/v1/users"] = fixed("/api/v1/users");
  p["POST /api/v1/users"] = {[this](const Caller&) {
                               return json_call("/api/v1/users",
                                                {{"email", unique_email("created")},
                                                 {"display_name", unique("Created")},
                                                 {"password", kPassword}});
                             },
                             nullptr};
  p["GET /api/v1/users/{id}"] = fixed("/api/v1/users/" + scholar_id_);
  p["PATCH /api/v1/users/{id}"] = {
      [this](const Caller&) {
        return json_call("/api/v1/users/" + spare_account(), {{"disabled", false}});
      },
      nullptr};
  p["POST /api/v1/users/{id}/password-resets"] = {
      [this](const Caller&) {
        return json_call("/api/v1/users/" + spare_account() + "/password-resets",
                         boost::json::object{});
      },
      nullptr};

  // Programs, cohorts, streams.
  p["GET /api/v1/programs"] = fixed("/api/v1/programs");
  p["POST /api/v1/programs"] = {
      [this](const Caller&) {
        return json_call("/api/v1/programs", {{"name", unique("Program")}});
      },
      nullptr};
  p["GET /api/v1/programs/{id}"] = fixed(program);
  p["PATCH /api/v1/programs/{id}"] = fixed_json(program, {{"description", "Four months"}});
  p["GET /api/v1/programs/{id}/cohorts"] = fixed(program + "/cohorts");
  p["POST /api/v1/programs/{id}/cohorts"] = {
      [this, program](const Caller&) {
        return json_call(
            program + "/cohorts",
            {{"name", unique("Cohort")}, {"starts_on", "2027-01-11"}, {"ends_on", "2027-05-07"}});
      },
      nullptr};
  p["GET /api/v1/programs/{id}/audit-events"] = fixed(program + "/audit-events");
  p["GET /api/v1/cohorts/{id}"] = fixed(cohort);
  p["PATCH /api/v1/cohorts/{id}"] = fixed_json(cohort, {{"timezone", "Europe/London"}});
  p["GET /api/v1/cohorts/{id}/streams"] = fixed(cohort + "/streams");
  p["POST /api/v1/cohorts/{id}/streams"] = {
      [this, cohort](const Caller&) {
        return json_call(cohort + "/streams", {{"name", unique("Stream")}});
      },
      nullptr};
  p["GET /api/v1/streams/{id}"] = fixed("/api/v1/streams/" + stream1_);
  p["PATCH /api/v1/streams/{id}"] = {
      [this](const Caller&) {
        const std::string target = "/api/v1/streams/" + stream1_;
        auto s = as_admin("GET", target, nullptr, 200);
        std::string name = s.is_object() ? std::string(s.at("name").as_string()) : "Stream S1";
        return json_call(target, {{"name", name}});
      },
      nullptr};

  // Members, invitations, rosters.
  p["GET /api/v1/cohorts/{id}/members"] = fixed(cohort + "/members");
  p["POST /api/v1/cohorts/{id}/members"] = {[this, cohort](const Caller&) {
                                              return json_call(cohort + "/members",
                                                               {{"email", unique_email("added")},
                                                                {"display_name", unique("Added")},
                                                                {"role", "alumnus"}});
                                            },
                                            nullptr};
  p["DELETE /api/v1/memberships/{id}"] = {
      [this](const Caller&) { return plain_call("/api/v1/memberships/" + fresh_membership()); },
      nullptr};
  p["PATCH /api/v1/memberships/{id}"] = {
      [this](const Caller&) {
        return json_call("/api/v1/memberships/" + fresh_membership(), {{"role", "support"}});
      },
      nullptr};
  p["POST /api/v1/cohorts/{id}/invitation-batches"] = fixed(cohort + "/invitation-batches");
  p["POST /api/v1/cohorts/{id}/invitations"] = {
      [this, cohort](const Caller&) {
        return json_call(cohort + "/invitations", {{"email", unique_email("invited")},
                                                   {"display_name", unique("Invited")},
                                                   {"role", "alumnus"}});
      },
      nullptr};
  p["POST /api/v1/invitations/preview"] = {
      [this](const Caller&) {
        return json_call("/api/v1/invitations/preview", {{"token", fresh_invitation()}});
      },
      nullptr};
  p["POST /api/v1/invitations/acceptance"] = {
      [this](const Caller&) {
        return json_call("/api/v1/invitations/acceptance",
                         {{"token", fresh_invitation()}, {"password", kPassword}});
      },
      nullptr};
  p["POST /api/v1/cohorts/{id}/roster-imports"] = {
      [cohort](const Caller&) {
        Call call = plain_call(cohort + "/roster-imports?dry_run=true");
        call.body = kCsv;
        call.headers = {{"Content-Type", "text/csv"}};
        return call;
      },
      nullptr};

  // Frameworks, assessment rounds, assessments and reports.
  assessment_fixture();
  const std::string round = "/api/v1/assessment-rounds/" + round_;
  p["GET /api/v1/programs/{id}/framework"] = fixed(program + "/framework");
  p["PUT /api/v1/programs/{id}/framework"] = {
      [this, program](const Caller&) {
        auto current = as_admin("GET", program + "/framework", nullptr, 200);
        boost::json::object body{{"based_on", 0}, {"qualities", boost::json::array{}}};
        if (current.is_object()) {
          body["based_on"] = current.at("version");
          body["qualities"] = current.at("qualities");
        }
        return json_call(program + "/framework", body);
      },
      nullptr};
  p["GET /api/v1/programs/{id}/framework/versions"] = fixed(program + "/framework/versions");
  p["GET /api/v1/framework-versions/{id}"] = {
      [this](const Caller&) {
        auto r = as_admin("GET", "/api/v1/assessment-rounds/" + round_, nullptr, 200);
        std::string id = r.is_object() ? std::string(r.at("framework_version_id").as_string())
                                       : "missing-version";
        return plain_call("/api/v1/framework-versions/" + id);
      },
      nullptr};
  p["POST /api/v1/cohorts/{id}/assessment-rounds"] = {
      [this, cohort](const Caller&) {
        return json_call(cohort + "/assessment-rounds",
                         {{"name", unique("Round")},
                          {"opens_at", "2020-01-01T00:00:00Z"},
                          {"closes_at", "2099-01-01T00:00:00Z"},
                          {"rater_kinds", boost::json::array{"self"}}});
      },
      nullptr};
  p["GET /api/v1/cohorts/{id}/assessment-rounds"] = fixed(cohort + "/assessment-rounds");
  p["GET /api/v1/assessment-rounds/{id}"] = fixed(round);
  p["PATCH /api/v1/assessment-rounds/{id}"] =
      fixed_json(round, {{"closes_at", "2099-01-01T00:00:00Z"}});
  p["POST /api/v1/assessment-rounds/{id}/closure"] = {
      [this](const Caller&) {
        return plain_call("/api/v1/assessment-rounds/" + fresh_round() + "/closure");
      },
      nullptr};
  p["POST /api/v1/assessment-rounds/{id}/peer-nominations"] = {
      [this](const Caller&) {
        return json_call(
            "/api/v1/assessment-rounds/" + fresh_round() + "/peer-nominations",
            {{"subject_id", scholar_id_}, {"rater_id", callers_.at("peer").browser.user_id}});
      },
      nullptr};
  p["GET /api/v1/assessment-rounds/{id}/assignments"] = fixed(round + "/assignments");
  p["GET /api/v1/assessment-rounds/{id}/progress"] = fixed(round + "/progress");
  p["GET /api/v1/assessments/{id}"] = fixed("/api/v1/assessments/" + self_assessment_);
  p["PUT /api/v1/assessments/{id}"] = {
      [this](const Caller&) {
        const std::string target = "/api/v1/assessments/" + self_assessment_;
        auto current = as_admin("GET", target, nullptr, 200);
        long long version = current.is_object() ? current.at("version").as_int64() : 0;
        return json_call(target, {{"version", version},
                                  {"status", "draft"},
                                  {"ratings", boost::json::array{boost::json::object{
                                                  {"quality", "reading"}, {"score", 3}}}}});
      },
      nullptr};
  p["GET /api/v1/me/assessments"] = fixed("/api/v1/me/assessments");
  p["GET /api/v1/assessment-rounds/{id}/cohort-report"] = fixed(round + "/cohort-report");
  p["GET /api/v1/assessment-rounds/{id}/heatmap"] = fixed(round + "/heatmap");
  p["GET /api/v1/cohorts/{id}/scholars/{user_id}/assessment-report"] =
      fixed(cohort + "/scholars/" + scholar_id_ + "/assessment-report");
  p["GET /api/v1/cohorts/{id}/assessment-export"] = fixed(cohort + "/assessment-export");
  add_study_preparations(p);
  add_checkin_preparations(p);
  return p;
}

// Check-ins: cohort C began eight weeks ago and its check-ins are due on Sundays, so last
// week's may still be changed whatever the weekday. `scholar` shares answers and lets the
// mentor see the flag; `peer` shares nothing. Both checked in last week with a low mood;
// /checkins/{id} is the scholar's check-in, except for `support`, who asks for the peer's: the
// two support columns show what the scholar's consent changes.
void AccessMatrix::add_checkin_preparations(std::map<std::string, Preparation>& p) {
  auto fixed = [](std::string target) {
    return Preparation{[target](const Caller&) { return plain_call(target); }, nullptr};
  };
  auto fixed_json = [](std::string target, boost::json::value body) {
    return Preparation{[target, body](const Caller&) { return json_call(target, body); }, nullptr};
  };
  const std::string cohort = "/api/v1/cohorts/" + cohort_;
  const std::string this_monday = monday_of(utc_today());
  as_admin("PATCH", cohort, {{"starts_on", add_days(this_monday, -56)}}, 200);
  const boost::json::object weekly{{"cadence", "weekly"}, {"due_weekday", 7}};
  as_admin("PUT", cohort + "/checkin-schedule", weekly, 200);
  const std::string program_q = "?program_id=" + program_;
  Reply consented = put(callers_.at("scholar").browser, "/api/v1/me/checkin-consent" + program_q,
                        {{"level", "alerts_and_answers"}, {"mentor_flag", true}});
  EXPECT_EQ(consented.status, 200) << "setup: the scholar's consent: " << consented.body;
  auto check_in = [&](const std::string& name) {
    Reply r = post(callers_.at(name).browser, "/api/v1/me/checkins",
                   {{"cohort_id", cohort_},
                    {"period_start", add_days(this_monday, -7)},
                    {"energy", 2},
                    {"mood", 1},
                    {"progress", 2}});
    EXPECT_EQ(r.status, 201) << "setup: " << name << "'s check-in: " << r.body;
    return r.status == 201 ? std::string(r.json().at("id").as_string()) : std::string("missing");
  };
  const std::string mine = check_in("scholar"), peers = check_in("peer");
  // Support-queue routes: both also checked in low two weeks ago, so the low-mood rule fires.
  // The peer shares alerts for one evaluation and then nothing again: their alert stays in the
  // queue, hidden. /support-queue/{id} is the scholar's alert, except for `support`, who asks
  // for the peer's hidden one.
  for (const char* name : {"scholar", "peer"}) {
    Reply r = post(callers_.at(name).browser, "/api/v1/me/checkins",
                   {{"cohort_id", cohort_},
                    {"period_start", add_days(this_monday, -14)},
                    {"energy", 2},
                    {"mood", 1},
                    {"progress", 2}});
    EXPECT_EQ(r.status, 201) << "setup: " << name << "'s earlier check-in: " << r.body;
  }
  auto peer_consent = [&](const char* level) {
    Reply r = put(callers_.at("peer").browser, "/api/v1/me/checkin-consent" + program_q,
                  {{"level", level}, {"mentor_flag", false}});
    EXPECT_EQ(r.status, 200) << "setup: the peer's consent: " << r.body;
  };
  peer_consent("alerts");
  as_admin("POST", "/api/v1/checkin-alert-runs", nullptr, 200);
  auto low_mood_alert_of = [&](const std::string& support, const std::string& scholar) {
    Reply r = get(callers_.at(support).browser, "/api/v1/support-queue?cohort_id=" + cohort_);
    EXPECT_EQ(r.status, 200) << "setup: the support queue: " << r.body;
    if (r.status == 200) {
      const boost::json::value queue = r.json();
      for (const auto& item : queue.at("items").as_array()) {
        if (str(item, "scholar_id") == scholar && str(item, "reason") == "low_mood")
          return str(item, "id");
      }
    }
    ADD_FAILURE() << "setup: no low-mood alert of " << scholar << " in " << r.body;
    return std::string("missing");
  };
  const std::string scholars_alert = low_mood_alert_of("support_consented", scholar_id_);
  const std::string peers_alert = low_mood_alert_of("support", callers_.at("peer").browser.user_id);
  peer_consent("none");
  auto alert_of = [scholars_alert, peers_alert](const Caller& c) {
    return "/api/v1/support-queue/" + (c.name == "support" ? peers_alert : scholars_alert);
  };
  auto checkin_of = [mine, peers](const Caller& c) {
    return "/api/v1/checkins/" + (c.name == "support" ? peers : mine);
  };

  p["GET /api/v1/cohorts/{id}/checkin-schedule"] = fixed(cohort + "/checkin-schedule");
  p["PUT /api/v1/cohorts/{id}/checkin-schedule"] = fixed_json(cohort + "/checkin-schedule", weekly);
  p["GET /api/v1/me/checkins/due"] = fixed("/api/v1/me/checkins/due");
  p["GET /api/v1/me/checkins"] = fixed("/api/v1/me/checkins?cohort_id=" + cohort_);
  // Three weeks ago, late: each scholar checks in for it once in the table.
  p["POST /api/v1/me/checkins"] =
      fixed_json("/api/v1/me/checkins", {{"cohort_id", cohort_},
                                         {"period_start", add_days(this_monday, -21)},
                                         {"energy", 3},
                                         {"mood", 3},
                                         {"progress", 3}});
  p["GET /api/v1/checkins/{id}"] = {
      [checkin_of](const Caller& c) { return plain_call(checkin_of(c)); }, nullptr};
  p["PATCH /api/v1/checkins/{id}"] = {
      [checkin_of](const Caller& c) {
        return json_call(checkin_of(c), {{"wins", "The probe trains now."}});
      },
      nullptr};
  p["GET /api/v1/me/checkin-consent"] = fixed("/api/v1/me/checkin-consent" + program_q);
  // Everyone keeps what they share: the scholar everything, the rest nothing.
  p["PUT /api/v1/me/checkin-consent"] = {
      [program_q](const Caller& c) {
        const bool shares = c.name == "scholar";
        return json_call(
            "/api/v1/me/checkin-consent" + program_q,
            {{"level", shares ? "alerts_and_answers" : "none"}, {"mentor_flag", shares}});
      },
      nullptr};
  p["GET /api/v1/me/checkin-consent/history"] =
      fixed("/api/v1/me/checkin-consent/history" + program_q);
  p["GET /api/v1/me/disclosures"] = fixed("/api/v1/me/disclosures" + program_q);
  p["GET /api/v1/streams/{id}/checkin-flags"] =
      fixed("/api/v1/streams/" + stream1_ + "/checkin-flags");
  p["GET /api/v1/cohorts/{id}/checkin-report"] = fixed(cohort + "/checkin-report");

  const std::string program = "/api/v1/programs/" + program_;
  p["GET /api/v1/programs/{id}/checkin-settings"] = fixed(program + "/checkin-settings");
  p["PUT /api/v1/programs/{id}/checkin-settings"] =
      fixed_json(program + "/checkin-settings", {{"stuck_time_box_days", 2},
                                                 {"low_mood_at_most", 2},
                                                 {"low_mood_checkins", 2},
                                                 {"falling_trend_checkins", 3},
                                                 {"stuck_alert_days", 5},
                                                 {"missed_checkins", 2},
                                                 {"help_channels", "#help"}});
  p["POST /api/v1/checkin-alert-runs"] = fixed("/api/v1/checkin-alert-runs");
  p["GET /api/v1/support-queue"] = fixed("/api/v1/support-queue");
  p["GET /api/v1/support-queue/{id}"] = {
      [alert_of](const Caller& c) { return plain_call(alert_of(c)); }, nullptr};
  // A claim, released again by whoever made it, so that the item is open for the next caller.
  p["PATCH /api/v1/support-queue/{id}"] = {
      [alert_of](const Caller& c) {
        return json_call(alert_of(c), {{"status", "claimed"}});
      },
      [this, alert_of](const Caller& c, const HeaderList& sent, const Reply& reply) {
        if (reply.status != 200) return;
        HeaderList headers = sent;
        headers.emplace_back("Content-Type", "application/json");
        Reply released = http_->request("PATCH", alert_of(c), R"({"status":"open"})", headers);
        EXPECT_EQ(released.status, 200) << "cleanup: releasing the claim: " << released.body;
      }};
  p["POST /api/v1/support-queue/{id}/notes"] = {
      [alert_of](const Caller& c) {
        return json_call(alert_of(c) + "/notes", {{"text", "Called; will check in on Friday."}});
      },
      nullptr};
  const std::string requests = "/api/v1/me/conversation-requests";
  p["GET /api/v1/me/conversation-requests"] = fixed(requests + "?cohort_id=" + cohort_);
  p["POST /api/v1/me/conversation-requests"] =
      fixed_json(requests, {{"cohort_id", cohort_}, {"message", "Could we talk this week?"}});
}

// Studies: X is an open, named study of cohort C whose audience is the scholars (and external
// respondents by link); Y is a named study whose audience is the mentors, answered by `mentor`
// and coded by the administrator, for the coding and report routes.
void AccessMatrix::add_study_preparations(std::map<std::string, Preparation>& p) {
  auto id_of = [](const boost::json::value& v) {
    return v.is_object() ? std::string(v.at("id").as_string()) : std::string("missing");
  };
  auto new_study = [this, id_of](const std::string& audience, bool open) {
    boost::json::object body{
        {"title", unique("Study")},
        {"cohort_id", cohort_},
        {"audience", boost::json::array{audience}},
        {"external_respondents", true},
        {"questions",
         boost::json::array{boost::json::object{{"prompt", "What helped you most?"}}}}};
    std::string id =
        id_of(as_admin("POST", "/api/v1/programs/" + program_ + "/studies", body, 201));
    if (open) as_admin("PATCH", "/api/v1/studies/" + id, {{"status", "open"}}, 200);
    return id;
  };
  const std::string x = new_study("scholar", true);
  const std::string y = new_study("mentor", true);
  auto study_x = as_admin("GET", "/api/v1/studies/" + x, nullptr, 200);
  const std::string x_question =
      study_x.is_object() ? std::string(study_x.at("questions").at(0).at("id").as_string()) : "";
  auto study_y = as_admin("GET", "/api/v1/studies/" + y, nullptr, 200);
  const std::string y_question =
      study_y.is_object() ? std::string(study_y.at("questions").at(0).at("id").as_string()) : "";
  Reply answered =
      post(callers_.at("mentor").browser, "/api/v1/studies/" + y + "/responses",
           {{"answers", boost::json::array{boost::json::object{
                            {"question_id", y_question},
                            {"text",
                             "Asking for help early, reading every week and keeping going "
                             "after the first dead ends; the best ones wrote short "
                             "updates that named their main bottleneck."}}}}});
  EXPECT_EQ(answered.status, 201) << answered.body;
  const std::string response =
      answered.status == 201 ? std::string(answered.json().at("response").at("id").as_string())
                             : "missing";
  auto responses = as_admin("GET", "/api/v1/studies/" + y + "/responses", nullptr, 200);
  const std::string answer =
      responses.is_object()
          ? std::string(responses.at("items").at(0).at("answers").at(0).at("id").as_string())
          : "missing";
  auto codebook_version = [this, y]() -> long long {
    auto book = as_admin("GET", "/api/v1/studies/" + y + "/codes", nullptr, 200);
    return book.is_object() ? book.at("version").as_int64() : 0;
  };
  auto fresh_code = [this, y, id_of, codebook_version]() {
    return id_of(as_admin("POST", "/api/v1/studies/" + y + "/codes",
                          {{"name", unique("Code")}, {"codebook_version", codebook_version()}},
                          201));
  };
  const std::string code = fresh_code();
  // Each segment its own span (a code applied twice to one span is a conflict), counted apart
  // from counter_ so that routes added elsewhere do not make two spans meet.
  auto spans = std::make_shared<int>(0);
  auto fresh_segment = [this, answer, code, spans]() {
    const int n = (*spans)++;
    auto made = as_admin(
        "POST", "/api/v1/answers/" + answer + "/segments",
        {{"start", n % 40}, {"end", 41 + (n / 40) % 40}, {"code_ids", boost::json::array{code}}},
        201);
    return made.is_object() ? std::string(made.at("items").at(0).at("id").as_string())
                            : std::string("missing");
  };
  const std::string segment = fresh_segment();
  auto fresh_memo = [this, y, id_of]() {
    return id_of(
        as_admin("POST", "/api/v1/studies/" + y + "/memos", {{"text", unique("Memo")}}, 201));
  };
  auto fresh_link = [this, x]() {
    auto link = as_admin("POST", "/api/v1/studies/" + x + "/respondent-links",
                         {{"label", unique("Guest")}}, 201);
    return link.is_object() ? std::string(link.at("token").as_string()) : std::string("missing");
  };
  // A fresh transcript of Y: (its response, its answer).
  auto fresh_transcript = [this, y]() -> std::pair<std::string, std::string> {
    const std::string label = unique("Interviewee");
    auto job = as_admin(
        "POST", "/api/v1/studies/" + y + "/transcript-imports",
        {{"transcripts", boost::json::array{boost::json::object{
                             {"respondent", label}, {"text", "Perseverance, and reading."}}}}},
        202);
    finished_job(admin_, job.is_object() ? std::string(job.at("id").as_string()) : "missing");
    std::string cursor;
    do {
      auto page = as_admin("GET",
                           "/api/v1/studies/" + y + "/responses?limit=200" +
                               (cursor.empty() ? "" : "&cursor=" + cursor),
                           nullptr, 200);
      if (!page.is_object()) break;
      for (const auto& r : page.at("items").as_array())
        if (r.as_object().contains("respondent") && r.at("respondent").as_string() == label)
          return {std::string(r.at("id").as_string()),
                  std::string(r.at("answers").at(0).at("id").as_string())};
      const auto* next = page.as_object().if_contains("next_cursor");
      cursor = next && next->is_string() ? std::string(next->as_string()) : "";
    } while (!cursor.empty());
    return {"missing", "missing"};
  };
  auto fixed = [](std::string target) {
    return Preparation{[target](const Caller&) { return plain_call(target); }, nullptr};
  };
  auto fixed_json = [](std::string target, boost::json::value body) {
    return Preparation{[target, body](const Caller&) { return json_call(target, body); }, nullptr};
  };
  auto made = [](std::function<Call()> make) {
    return Preparation{[make](const Caller&) { return make(); }, nullptr};
  };
  const std::string sx = "/api/v1/studies/" + x, sy = "/api/v1/studies/" + y;

  p["GET /api/v1/study-templates"] = fixed("/api/v1/study-templates");
  p["POST /api/v1/programs/{id}/studies"] = made([this] {
    return json_call("/api/v1/programs/" + program_ + "/studies",
                     {{"template", "scholar_self_perception"},
                      {"title", unique("Self-perception")},
                      {"cohort_id", cohort_},
                      {"mode", "anonymous"}});
  });
  p["GET /api/v1/programs/{id}/studies"] = fixed("/api/v1/programs/" + program_ + "/studies");
  p["GET /api/v1/studies/{id}"] = fixed(sx);
  p["PATCH /api/v1/studies/{id}"] = fixed_json(sx, {{"description", "Four questions"}});
  p["DELETE /api/v1/studies/{id}"] =
      made([new_study] { return plain_call("/api/v1/studies/" + new_study("scholar", false)); });
  p["PUT /api/v1/studies/{id}/instrument"] = made([new_study] {
    return json_call(
        "/api/v1/studies/" + new_study("scholar", false) + "/instrument",
        {{"questions",
          boost::json::array{boost::json::object{{"prompt", "What do you feel you most lack?"}}}}});
  });
  p["POST /api/v1/studies/{id}/responses"] =
      fixed_json(sx + "/responses",
                 {{"answers", boost::json::array{boost::json::object{{"question_id", x_question},
                                                                     {"text", "Time to read."}}}}});
  p["GET /api/v1/studies/{id}/responses"] = fixed(sx + "/responses");
  p["GET /api/v1/responses/{id}"] = fixed("/api/v1/responses/" + response);
  p["GET /api/v1/studies/{id}/participation"] = fixed(sx + "/participation");
  p["POST /api/v1/studies/{id}/respondent-links"] =
      fixed_json(sx + "/respondent-links", {{"label", "Visiting researcher"}});
  p["POST /api/v1/study-links/preview"] = made([fresh_link] {
    return json_call("/api/v1/study-links/preview", {{"token", fresh_link()}});
  });
  p["POST /api/v1/study-links/responses"] = made([fresh_link, x_question] {
    return json_call("/api/v1/study-links/responses",
                     {{"token", fresh_link()},
                      {"answers", boost::json::array{boost::json::object{
                                      {"question_id", x_question}, {"text", "Mentoring."}}}}});
  });
  p["POST /api/v1/studies/{id}/transcript-imports"] = made([this, sy] {
    return json_call(sy + "/transcript-imports",
                     {{"transcripts", boost::json::array{boost::json::object{
                                          {"respondent", unique("Interviewee")},
                                          {"text", "Perseverance, and reading."}}}}});
  });
  p["GET /api/v1/jobs/{id}"] = made([this, sy] {
    auto job =
        as_admin("POST", sy + "/transcript-imports",
                 {{"transcripts",
                   boost::json::array{boost::json::object{{"respondent", unique("Interviewee")},
                                                          {"text", "Asking for help."}}}}},
                 202);
    return plain_call("/api/v1/jobs/" +
                      (job.is_object() ? std::string(job.at("id").as_string()) : "missing"));
  });
  p["GET /api/v1/studies/{id}/codes"] = fixed(sy + "/codes");
  p["POST /api/v1/studies/{id}/codes"] = made([this, sy, codebook_version] {
    return json_call(sy + "/codes",
                     {{"name", unique("Theme")}, {"codebook_version", codebook_version()}});
  });
  p["PATCH /api/v1/codes/{id}"] = made([fresh_code, codebook_version] {
    std::string c = fresh_code();
    return json_call("/api/v1/codes/" + c,
                     {{"description", "Renamed"}, {"codebook_version", codebook_version()}});
  });
  p["DELETE /api/v1/codes/{id}"] = made([fresh_code, codebook_version] {
    std::string c = fresh_code();
    return plain_call("/api/v1/codes/" + c +
                      "?confirm=true&codebook_version=" + std::to_string(codebook_version()));
  });
  p["POST /api/v1/codes/{id}/merger"] = made([fresh_code, codebook_version] {
    std::string from = fresh_code(), into = fresh_code();
    return json_call("/api/v1/codes/" + from + "/merger",
                     {{"into_code_id", into}, {"codebook_version", codebook_version()}});
  });
  p["GET /api/v1/studies/{id}/codebook.csv"] = fixed(sy + "/codebook.csv");
  p["POST /api/v1/studies/{id}/codebook-imports"] = made([this, sy] {
    Call call = plain_call(sy + "/codebook-imports");
    call.body = "name,description\n" + unique("Imported") + ",From a CSV file\n";
    call.headers = {{"Content-Type", "text/csv"}};
    return call;
  });
  p["GET /api/v1/answers/{id}"] = fixed("/api/v1/answers/" + answer);
  p["PATCH /api/v1/answers/{id}"] = made([fresh_transcript] {
    return json_call("/api/v1/answers/" + fresh_transcript().second,
                     {{"version", 1}, {"text", "Perseverance, and reading papers."}});
  });
  p["DELETE /api/v1/responses/{id}"] = made(
      [fresh_transcript] { return plain_call("/api/v1/responses/" + fresh_transcript().first); });
  p["GET /api/v1/answers/{id}/segments"] = fixed("/api/v1/answers/" + answer + "/segments");
  p["POST /api/v1/answers/{id}/segments"] = made([answer, fresh_code] {
    return json_call("/api/v1/answers/" + answer + "/segments",
                     {{"start", 0}, {"end", 20}, {"code_ids", boost::json::array{fresh_code()}}});
  });
  p["GET /api/v1/answers/{id}/suggestions"] = fixed("/api/v1/answers/" + answer + "/suggestions");
  // A rejection of a fresh code each time, so that every call records something new.
  p["POST /api/v1/answers/{id}/suggestion-decisions"] = made([answer, fresh_code] {
    return json_call("/api/v1/answers/" + answer + "/suggestion-decisions",
                     {{"start", 0},
                      {"end", 20},
                      {"code_id", fresh_code()},
                      {"model_version", "suggest-v1-0123456789abcdef"},
                      {"decision", "reject"}});
  });
  p["GET /api/v1/segments/{id}"] = fixed("/api/v1/segments/" + segment);
  p["PATCH /api/v1/segments/{id}"] = made([fresh_segment] {
    return json_call("/api/v1/segments/" + fresh_segment(), {{"memo", "Clear"}, {"version", 1}});
  });
  p["DELETE /api/v1/segments/{id}"] =
      made([fresh_segment] { return plain_call("/api/v1/segments/" + fresh_segment()); });
  p["GET /api/v1/studies/{id}/segments"] = fixed(sy + "/segments");
  p["GET /api/v1/studies/{id}/suggestions"] = fixed(sy + "/suggestions");
  p["GET /api/v1/studies/{id}/coding-progress"] = fixed(sy + "/coding-progress");
  p["GET /api/v1/studies/{id}/coders"] = fixed(sy + "/coders");
  p["PUT /api/v1/studies/{id}/coders/me"] = fixed_json(sy + "/coders/me", {{"finished", false}});
  p["GET /api/v1/studies/{id}/memos"] = fixed(sy + "/memos");
  p["POST /api/v1/studies/{id}/memos"] = fixed_json(sy + "/memos", {{"text", "A first theme."}});
  p["PATCH /api/v1/memos/{id}"] = made([fresh_memo] {
    return json_call("/api/v1/memos/" + fresh_memo(), {{"text", "Edited"}, {"version", 1}});
  });
  p["DELETE /api/v1/memos/{id}"] =
      made([fresh_memo] { return plain_call("/api/v1/memos/" + fresh_memo()); });
  p["GET /api/v1/studies/{id}/reports/themes"] = fixed(sy + "/reports/themes");
  p["GET /api/v1/studies/{id}/reports/co-occurrence"] = fixed(sy + "/reports/co-occurrence");
  p["GET /api/v1/studies/{id}/reports/groups"] = fixed(sy + "/reports/groups");
  p["GET /api/v1/studies/{id}/reports/comparison"] = fixed(sy + "/reports/comparison");
  p["GET /api/v1/studies/{id}/reports/quotes"] = fixed(sy + "/reports/quotes?code_id=" + code);
  p["GET /api/v1/studies/{id}/segments.csv"] = fixed(sy + "/segments.csv");
  p["GET /api/v1/studies/{id}/codebook.qdc"] = fixed(sy + "/codebook.qdc");
  p["GET /api/v1/studies/{id}/project.qdpx"] = fixed(sy + "/project.qdpx");
  // A .qdpx of Y, exported by the administrator, imported as a new study of C.
  Reply qdpx = http_->request("GET", sy + "/project.qdpx", "", admin_.headers(origin()));
  EXPECT_EQ(qdpx.status, 200) << "setup: the .qdpx of Y: " << qdpx.body;
  p["POST /api/v1/programs/{id}/study-imports"] = made([this, body = qdpx.body] {
    Call call = plain_call("/api/v1/programs/" + program_ + "/study-imports?cohort_id=" + cohort_);
    call.body = body;
    call.headers = {{"Content-Type", "application/zip"}};
    return call;
  });
  // Two coders: the administrator coded in the setup; the organizer codes the answer too.
  Reply second = post(callers_.at("organizer").browser, "/api/v1/answers/" + answer + "/segments",
                      {{"start", 0}, {"end", 10}, {"code_ids", boost::json::array{code}}});
  EXPECT_EQ(second.status, 201) << second.body;
  p["GET /api/v1/studies/{id}/reports/agreement"] = fixed(sy + "/reports/agreement");
}

TEST_F(AccessMatrix, EveryRouteAndActorGetsTheStatusOfTheTable) {
  ParsedTable parsed =
      parse_access_table(read_file(std::string(TRELLIS_SOURCE_DIR) + "/docs/access-control.md"));
  ASSERT_TRUE(parsed.problems.empty()) << "the access table of docs/access-control.md is malformed:"
                                       << format_problems(parsed.problems);
  const AccessTable& table = parsed.table;

  build_fixture();
  ASSERT_FALSE(HasFailure()) << "the fixture could not be built";
  for (const std::string& actor : table.actors) {
    EXPECT_TRUE(callers_.contains(actor))
        << "the table has a column \"" << actor
        << "\" that tests/api/access_test.cpp does not build; add it to build_fixture()";
  }

  // The table and the server's route list name the same routes.
  std::set<std::string> served = served_routes();
  ASSERT_FALSE(served.empty()) << "openapi.json lists no routes";
  for (const std::string& problem : route_coverage_problems(served, table))
    ADD_FAILURE() << problem;

  std::map<std::string, Preparation> preps = preparations();
  struct Disagreement {
    std::string route, actor;
    int expected, got;
  };
  std::vector<Disagreement> disagreements;
  int cells = 0;
  for (const AccessRow& row : table.rows) {
    auto prep = preps.find(row.route);
    if (prep == preps.end()) {
      ADD_FAILURE() << row.route << " has a row in docs/access-control.md but no preparation in "
                    << "tests/api/access_test.cpp; add an entry to AccessMatrix::preparations() "
                    << "saying what its path and body are";
      continue;
    }
    if (!served.contains(row.route)) continue;  // reported above
    const std::string method = row.route.substr(0, row.route.find(' '));
    for (std::size_t i = 0; i < table.actors.size(); ++i) {
      auto found = callers_.find(table.actors[i]);
      if (found == callers_.end()) continue;  // reported above
      const Caller& caller = found->second;
      const int expected = row.statuses[i];
      SCOPED_TRACE(row.route + " as " + caller.name);
      Call call = prep->second.prepare(caller);
      HeaderList headers = call.credentials ? *call.credentials : credentials(caller);
      const HeaderList sent_credentials = headers;
      headers.insert(headers.end(), call.headers.begin(), call.headers.end());
      Reply reply;
      try {
        reply = http_->request(method, call.target, call.body, headers);
      } catch (const std::exception& e) {
        FAIL() << row.route << " as " << caller.name << ": no answer (" << e.what()
               << "); the server's log:\n"
               << server_->log();
      }
      ++cells;
      EXPECT_EQ(reply.status, expected)
          << "route " << row.route << " (" << method << " " << call.target << "), actor "
          << caller.name << ": the table says " << expected << ", the server answered "
          << reply.status << ": " << reply.body;
      if (reply.status != expected)
        disagreements.push_back({row.route, caller.name, expected, reply.status});
      if (prep->second.cleanup) prep->second.cleanup(caller, sent_credentials, reply);
    }
  }

  std::cout << "[ access   ] " << backend_name() << ": " << cells << " cells checked, "
            << disagreements.size() << " disagree with docs/access-control.md\n";
  for (const auto& d : disagreements) {
    std::cout << "[ access   ]   " << d.route << " as " << d.actor << ": table " << d.expected
              << ", server " << d.got << "\n";
  }
}

}  // namespace
}  // namespace trellis::test
