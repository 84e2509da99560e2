// Roster import over HTTP: a CSV file of people checked as a whole, every bad row reported at
// once with its line and column, nothing written unless every row is valid, the same file
// imported twice changing nothing, the CSV dialects spreadsheets produce, dry runs, the media
// type and size limits, and who may import.
#include <map>
#include <string>
#include <vector>

#include "api/api_fixture.h"

namespace trellis::test {
namespace {

class RosterApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    program_ = create_program("Fellowship");
    cohort_ = create_cohort(program_, "Winter");
    interpretability_ = create_stream(cohort_, "Interpretability");
    evaluations_ = create_stream(cohort_, "Evaluations");
  }

  std::string roster_path(std::string_view dry_run = {}) const {
    std::string target = "/api/v1/cohorts/" + cohort_ + "/roster-imports";
    if (!dry_run.empty()) target += "?dry_run=" + std::string(dry_run);
    return target;
  }

  // POSTs a roster file as the given browser.
  Reply import_as(const Browser& b, const std::string& csv, std::string_view dry_run = {},
                  const std::string& content_type = "text/csv; charset=utf-8") {
    HeaderList headers = b.headers(origin());
    if (!content_type.empty()) headers.emplace_back("Content-Type", content_type);
    return http_->request("POST", roster_path(dry_run), csv, std::move(headers));
  }
  Reply import(const std::string& csv, std::string_view dry_run = {}) {
    return import_as(admin_, csv, dry_run);
  }

  // Every member of the cohort as the administrator sees them, by email (role appended when a
  // person holds several roles).
  std::map<std::string, boost::json::object> members() {
    std::map<std::string, boost::json::object> out;
    std::string cursor;
    for (int pages = 0; pages < 100; ++pages) {
      std::string target = "/api/v1/cohorts/" + cohort_ + "/members?limit=200";
      if (!cursor.empty()) target += "&cursor=" + cursor;
      Reply r = get(admin_, target);
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.status != 200) break;
      auto page = r.json().as_object();
      for (const auto& item : page.at("items").as_array()) {
        const auto& m = item.as_object();
        std::string key(m.at("email").as_string());
        if (out.contains(key)) key += "/" + std::string(m.at("role").as_string());
        out.emplace(key, m);
      }
      if (!page.contains("next_cursor")) break;
      cursor = std::string(page.at("next_cursor").as_string());
    }
    return out;
  }
  std::size_t member_count() { return members().size(); }

  std::string program_, cohort_, interpretability_, evaluations_;
};

const char kHeader[] = "email,name,role,stream\n";

// Row i of a generated roster: every tenth person mentors, the streams alternate.
std::string roster_row(int i, const std::string& role = {}) {
  std::string r = role.empty() ? (i % 10 == 0 ? "mentor" : "scholar") : role;
  return "person" + std::to_string(i) + "@example.org,Person " + std::to_string(i) + "," + r + "," +
         (i % 2 ? "Interpretability" : "Evaluations") + "\n";
}

// A header and `rows` rows; the row on file line `bad_line` (if any) gets the role "wizard".
std::string generated_roster(int rows, long bad_line = 0) {
  std::string csv = kHeader;
  for (int i = 0; i < rows; ++i) csv += roster_row(i, i + 2 == bad_line ? "wizard" : "");
  return csv;
}

struct Detail {
  long line;
  std::string field;
};

std::vector<Detail> details_of(const Reply& r) {
  std::vector<Detail> out;
  const boost::json::value body = r.json();
  const auto& error = body.at("error").as_object();
  if (!error.contains("details")) return out;
  for (const auto& d : error.at("details").as_array()) {
    const auto& o = d.as_object();
    out.push_back({o.contains("line") ? static_cast<long>(o.at("line").as_int64()) : 0,
                   o.contains("column") ? std::string(o.at("column").as_string()) : ""});
  }
  return out;
}

TEST_F(RosterApi, OneBadRowAmongFiveHundredIsNamedAndNothingIsWritten) {
  Reply bad = import(generated_roster(500, 250));
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.json().at("error").at("code").as_string(), "invalid");
  auto details = details_of(bad);
  ASSERT_EQ(details.size(), 1u) << bad.body;
  EXPECT_EQ(details[0].line, 250);
  EXPECT_EQ(details[0].field, "role");
  EXPECT_NE(bad.json().at("error").at("details").at(0).at("message").as_string().find("wizard"),
            std::string::npos)
      << bad.body;
  EXPECT_EQ(member_count(), 0u);  // the 499 good rows were not written either

  Reply fixed = import(generated_roster(500));
  ASSERT_EQ(fixed.status, 201) << fixed.body;
  EXPECT_EQ(fixed.json().at("rows").as_int64(), 500);
  EXPECT_EQ(fixed.json().at("accounts_created").as_int64(), 500);
  EXPECT_EQ(fixed.json().at("memberships_added").as_int64(), 500);
  EXPECT_EQ(fixed.json().at("unchanged").as_int64(), 0);
  EXPECT_EQ(fixed.json().at("applied").as_bool(), true);
  auto after = members();
  ASSERT_EQ(after.size(), 500u);
  EXPECT_EQ(after.at("person10@example.org").at("role").as_string(), "mentor");
  EXPECT_EQ(after.at("person10@example.org").at("stream_id").as_string(), evaluations_);
  EXPECT_EQ(after.at("person7@example.org").at("role").as_string(), "scholar");
  EXPECT_EQ(after.at("person7@example.org").at("stream_id").as_string(), interpretability_);
  EXPECT_EQ(after.at("person7@example.org").at("display_name").as_string(), "Person 7");

  // The same file again is a no-op.
  Reply again = import(generated_roster(500));
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.json().at("memberships_added").as_int64(), 0);
  EXPECT_EQ(again.json().at("accounts_created").as_int64(), 0);
  EXPECT_EQ(again.json().at("unchanged").as_int64(), 500);
  EXPECT_EQ(member_count(), 500u);
}

TEST_F(RosterApi, EveryProblemIsReportedAtOnceInLineOrder) {
  // The unknown stream is only found against the database; it still comes out in line order.
  std::string csv = std::string(kHeader) +
                    "amara@example.org,Amara Okafor,scholar,Interpretability\n"   // 2: fine
                    "lukas@example.org,Lukas Becker,scholar,Astrology\n"          // 3: stream
                    "not-an-email,Someone,scholar,Evaluations\n"                  // 4: email
                    "chloe@example.org,Chloe Martin,mentor,Evaluations\n"         // 5: fine
                    "Chloe@Example.org,Chloe M.,mentor,Evaluations\n"             // 6: duplicate
                    "helen@example.org,Helen Park,wizard,Evaluations\n"           // 7: role
                    "kwame@example.org,Kwame Mensah,scholar,Evaluations,extra\n"  // 8: columns
                    "jonas@example.org,Jonas Weber,support,\n";                   // 9: fine
  Reply r = import(csv);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json().at("error").at("code").as_string(), "invalid");
  auto details = details_of(r);
  ASSERT_EQ(details.size(), 5u) << r.body;
  EXPECT_EQ(details[0].line, 3);
  EXPECT_EQ(details[0].field, "stream");
  EXPECT_EQ(details[1].line, 4);
  EXPECT_EQ(details[1].field, "email");
  EXPECT_EQ(details[2].line, 6);
  EXPECT_EQ(details[2].field, "email");
  EXPECT_EQ(details[3].line, 7);
  EXPECT_EQ(details[3].field, "role");
  EXPECT_EQ(details[4].line, 8);
  EXPECT_NE(r.json().at("error").at("details").at(4).at("message").as_string().find("columns"),
            std::string::npos)
      << r.body;
  EXPECT_EQ(member_count(), 0u);
}

TEST_F(RosterApi, InvalidUtf8RejectsTheWholeFileNamingItsLine) {
  std::string csv = std::string(kHeader) +
                    "amara@example.org,Amara Okafor,scholar,Interpretability\n"
                    "lukas@example.org,Lukas Becker,scholar,Interpretability\n"
                    "chloe@example.org,Chlo\xE9 Martin,scholar,Evaluations\n"  // Latin-1 é
                    "helen@example.org,Helen Park,mentor,Evaluations\n";
  Reply r = import(csv);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json().at("error").at("code").as_string(), "invalid");
  auto details = details_of(r);
  ASSERT_EQ(details.size(), 1u) << r.body;
  EXPECT_EQ(details[0].line, 4);
  EXPECT_NE(r.json().at("error").at("message").as_string().find("UTF-8"), std::string::npos)
      << r.body;
  EXPECT_EQ(member_count(), 0u);
}

TEST_F(RosterApi, ByteOrderMarkCrlfAndQuotedFieldsImport) {
  // What a spreadsheet saves: a byte-order mark, CRLF line ends, quoted fields holding commas,
  // doubled quotes and line breaks (here at the end of a cell, trimmed like spaces).
  const std::string rows =
      "\xEF\xBB\xBF"
      "email,name,role,stream\r\n"
      "amara@example.org,\"Okafor, Amara\",scholar,Interpretability\r\n"                 // 2
      "\"lukas@example.org\",\"Lukas \"\"Luke\"\" Becker\",scholar,\"Evaluations\"\r\n"  // 3
      "chloe@example.org,\"Chlo\xC3\xA9 Martin\r\n\",mentor,Evaluations\r\n"             // 4-5
      "helen@example.org,Helen Park,support,\r\n";                                       // 6
  // A bad row after the line break is reported at the line it starts on in the file.
  Reply bad = import(rows + "kwame@example.org,Kwame Mensah,wizard,\r\n");
  ASSERT_EQ(bad.status, 400) << bad.body;
  auto details = details_of(bad);
  ASSERT_EQ(details.size(), 1u) << bad.body;
  EXPECT_EQ(details[0].line, 7);
  EXPECT_EQ(details[0].field, "role");

  Reply r = import(rows + "kwame@example.org,Kwame Mensah,organizer,");  // no final line end
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("rows").as_int64(), 5);
  EXPECT_EQ(r.json().at("memberships_added").as_int64(), 5);
  auto m = members();
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m.at("amara@example.org").at("display_name").as_string(), "Okafor, Amara");
  EXPECT_EQ(m.at("amara@example.org").at("stream_id").as_string(), interpretability_);
  EXPECT_EQ(m.at("lukas@example.org").at("display_name").as_string(), "Lukas \"Luke\" Becker");
  EXPECT_EQ(m.at("lukas@example.org").at("stream_id").as_string(), evaluations_);
  EXPECT_EQ(m.at("chloe@example.org").at("display_name").as_string(), "Chlo\xC3\xA9 Martin");
  EXPECT_EQ(m.at("chloe@example.org").at("role").as_string(), "mentor");
  EXPECT_EQ(m.at("helen@example.org").at("role").as_string(), "support");
  EXPECT_FALSE(m.at("helen@example.org").contains("stream_id"));
  EXPECT_EQ(m.at("kwame@example.org").at("role").as_string(), "organizer");
}

TEST_F(RosterApi, DryRunReportsTheCountsAndWritesNothing) {
  add_person(cohort_, "amara@example.org", "scholar", interpretability_);
  std::string csv = std::string(kHeader) +
                    "amara@example.org,Amara Okafor,scholar,Interpretability\n"
                    "lukas@example.org,Lukas Becker,scholar,Evaluations\n"
                    "helen@example.org,Helen Park,mentor,Evaluations\n";
  Reply dry = import(csv, "true");
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.json().at("rows").as_int64(), 3);
  EXPECT_EQ(dry.json().at("accounts_created").as_int64(), 2);
  EXPECT_EQ(dry.json().at("memberships_added").as_int64(), 2);
  EXPECT_EQ(dry.json().at("unchanged").as_int64(), 1);
  EXPECT_EQ(dry.json().at("applied").as_bool(), false);
  EXPECT_EQ(member_count(), 1u);
  Reply audit = get(admin_, "/api/v1/programs/" + program_ + "/audit-events?action=roster.");
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_TRUE(audit.json().at("items").as_array().empty()) << audit.body;

  // A dry run of a bad file reports the problems like a real import.
  Reply dry_bad = import(csv + "kwame@example.org,Kwame Mensah,wizard,\n", "true");
  ASSERT_EQ(dry_bad.status, 400) << dry_bad.body;
  ASSERT_EQ(details_of(dry_bad).size(), 1u);
  EXPECT_EQ(details_of(dry_bad)[0].line, 5);

  EXPECT_EQ(import(csv, "yes").status, 400);

  // The real import reports what the dry run promised.
  Reply real = import(csv, "false");
  ASSERT_EQ(real.status, 201) << real.body;
  EXPECT_EQ(real.json().at("accounts_created").as_int64(), 2);
  EXPECT_EQ(real.json().at("memberships_added").as_int64(), 2);
  EXPECT_EQ(real.json().at("unchanged").as_int64(), 1);
  EXPECT_EQ(member_count(), 3u);
  audit = get(admin_, "/api/v1/programs/" + program_ + "/audit-events?action=roster.");
  EXPECT_EQ(audit.json().at("items").as_array().size(), 1u) << audit.body;
}

TEST_F(RosterApi, OnlyCsvIsAccepted) {
  std::string csv = std::string(kHeader) + "amara@example.org,Amara Okafor,scholar,\n";
  for (const char* type : {"application/json", "text/plain", "text/csvx", ""}) {
    Reply r = import_as(admin_, csv, {}, type);
    EXPECT_EQ(r.status, 415) << "'" << type << "': " << r.body;
    if (r.status == 415) {
      EXPECT_EQ(r.json().at("error").at("code").as_string(), "unsupported_media_type");
    }
  }
  EXPECT_EQ(member_count(), 0u);
  // Media types are case-insensitive (RFC 9110, section 8.3.1).
  Reply r = import_as(admin_, csv, {}, "Text/CSV");
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_F(RosterApi, AFileOverTwoMebibytesIsTooLarge) {
  // A server body limit above the roster's own, so that the roster limit is the one answering.
  start_server({"max_body_bytes=8MiB"});
  // Valid rows (fewer than the 10,000 allowed) with long names: about 2.1 MiB in all.
  std::string csv = "email,name,role\n";
  const std::string padding(180, 'x');
  for (int i = 0; i < 9800; ++i) {
    std::string n = std::to_string(100000 + i);
    csv += "p" + n + "@example.org,Person " + n + " " + padding + ",scholar\n";
  }
  ASSERT_GT(csv.size(), std::size_t{2} << 20);
  ASSERT_LT(csv.size(), std::size_t{3} << 20);
  Reply r = import(csv);
  ASSERT_EQ(r.status, 413) << r.body.substr(0, 500);
  EXPECT_EQ(r.json().at("error").at("code").as_string(), "too_large");
  // The roster's own limit answered, not the server's body limit.
  EXPECT_NE(r.json().at("error").at("message").as_string().find("2 MiB"), std::string::npos)
      << r.body;
  EXPECT_EQ(member_count(), 0u);

  // More than 10,000 rows is too large as well, however small the file.
  std::string many = "email,name,role\n";
  for (int i = 0; i < 10001; ++i) many += "p" + std::to_string(i) + "@example.org,P,alumnus\n";
  ASSERT_LT(many.size(), std::size_t{1} << 20);
  Reply rows = import(many);
  EXPECT_EQ(rows.status, 413) << rows.body.substr(0, 500);
  EXPECT_EQ(member_count(), 0u);
}

TEST_F(RosterApi, WithTheDefaultBodyLimitALargeUploadIsRefusedByTheServer) {
  std::string csv = std::string(kHeader);
  for (int i = 0; csv.size() < (std::size_t{3} << 19); ++i) csv += roster_row(i);  // 1.5 MiB
  Reply r = import(csv);
  ASSERT_EQ(r.status, 413) << r.body.substr(0, 500);
  EXPECT_EQ(r.json().at("error").at("code").as_string(), "too_large");
  // The server is fine afterwards.
  EXPECT_EQ(member_count(), 0u);
}

TEST_F(RosterApi, AnEmptyFileIsInvalid) {
  for (const char* csv : {"", "\n", "\r\n\r\n", "\xEF\xBB\xBF"}) {
    Reply r = import(csv);
    EXPECT_EQ(r.status, 400) << r.body;
    if (r.status == 400) {
      EXPECT_EQ(r.json().at("error").at("code").as_string(), "invalid");
    }
  }
  EXPECT_EQ(member_count(), 0u);
}

TEST_F(RosterApi, MissingOrUnknownColumnsAreNamed) {
  Reply missing = import("email,name\namara@example.org,Amara\n");
  ASSERT_EQ(missing.status, 400) << missing.body;
  auto details = details_of(missing);
  ASSERT_EQ(details.size(), 1u) << missing.body;
  EXPECT_EQ(details[0].line, 1);
  EXPECT_EQ(details[0].field, "role");
  Reply unknown = import("email,name,role,team\namara@example.org,Amara,scholar,Red\n");
  ASSERT_EQ(unknown.status, 400) << unknown.body;
  ASSERT_EQ(details_of(unknown).size(), 1u) << unknown.body;
  EXPECT_EQ(details_of(unknown)[0].field, "team");
  EXPECT_EQ(member_count(), 0u);
}

TEST_F(RosterApi, OnlyTheProgramsOrganizersCanImport) {
  std::string csv = std::string(kHeader) + "amara@example.org,Amara Okafor,scholar,\n";
  // People of another program do not learn that the cohort exists.
  std::string other_program = create_program("School");
  std::string other_cohort = create_cohort(other_program, "Spring");
  std::string other_stream = create_stream(other_cohort, "Robotics");
  add_person(other_cohort, "scholar@example.org", "scholar", other_stream);
  add_person(other_cohort, "mentor@example.org", "mentor", other_stream);
  add_person(other_cohort, "organizer@example.org", "organizer");
  for (const char* email : {"scholar@example.org", "mentor@example.org", "organizer@example.org"}) {
    Reply r = import_as(sign_in(email), csv);
    EXPECT_EQ(r.status, 404) << email << ": " << r.body;
    if (r.status == 404) {
      EXPECT_EQ(r.json().at("error").at("code").as_string(), "not_found") << email;
    }
  }
  // A scholar of this cohort knows it exists, but may not import into it.
  add_person(cohort_, "insider@example.org", "scholar", interpretability_);
  EXPECT_EQ(import_as(sign_in("insider@example.org"), csv).status, 403);
  EXPECT_EQ(member_count(), 1u);
  // Nor may anyone signed out.
  Reply anonymous = http_->request("POST", roster_path(), csv, {{"Content-Type", "text/csv"}});
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;

  // The program's organizer can.
  add_person(cohort_, "priya@example.org", "organizer");
  Reply r = import_as(sign_in("priya@example.org"), csv);
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(member_count(), 3u);
}

}  // namespace
}  // namespace trellis::test
