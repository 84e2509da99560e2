// Interview and survey studies over real HTTP, on the backend the suite runs on: who runs
// studies and who answers them, anonymity (proved by reading the database itself), the
// codebook and its versions, coding with code-point offsets, blind mode, reports with the
// minimum group size, transcript imports as jobs, one-time links and the CSV exports.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <tuple>

#include "api/api_fixture.h"

namespace trellis::test {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// Runs SQL on the test database directly, as an administrator with database access would.
// NULL reads as "<null>". Fails the test on an error.
Rows query_database(const std::string& url, const std::string& sql) {
  Rows rows;
  if (url.rfind("sqlite:", 0) == 0) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(url.substr(7).c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot open " << url;
      sqlite3_close(db);
      return rows;
    }
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
    } else {
      while (sqlite3_step(st) == SQLITE_ROW) {
        std::vector<std::string> row;
        for (int i = 0; i < sqlite3_column_count(st); ++i) {
          const unsigned char* text = sqlite3_column_text(st, i);
          row.emplace_back(text ? reinterpret_cast<const char*>(text) : "<null>");
        }
        rows.push_back(std::move(row));
      }
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rows;
  }
  PGconn* conn = PQconnectdb(url.c_str());
  PGresult* res = PQexec(conn, sql.c_str());
  if (PQresultStatus(res) != PGRES_TUPLES_OK) {
    ADD_FAILURE() << sql << ": " << PQerrorMessage(conn);
  } else {
    for (int r = 0; r < PQntuples(res); ++r) {
      std::vector<std::string> row;
      for (int c = 0; c < PQnfields(res); ++c)
        row.emplace_back(PQgetisnull(res, r, c) ? "<null>" : PQgetvalue(res, r, c));
      rows.push_back(std::move(row));
    }
  }
  PQclear(res);
  PQfinish(conn);
  return rows;
}

// Changes the test database's schema behind the server's back (to make the database fail).
void alter_database(const std::string& url, const std::string& sql) {
  if (url.rfind("sqlite:", 0) == 0) {
    sqlite3* db = nullptr;
    char* message = nullptr;
    if (sqlite3_open(url.substr(7).c_str(), &db) != SQLITE_OK ||
        sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK)
      ADD_FAILURE() << sql << ": " << (message ? message : sqlite3_errmsg(db));
    sqlite3_free(message);
    sqlite3_close(db);
    return;
  }
  PGconn* conn = PQconnectdb(url.c_str());
  PGresult* res = PQexec(conn, sql.c_str());
  if (PQresultStatus(res) != PGRES_COMMAND_OK) ADD_FAILURE() << sql << ": " << PQerrorMessage(conn);
  PQclear(res);
  PQfinish(conn);
}

bool sqlite_statement_fails(const std::string& url, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(url.substr(7).c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  bool failed = sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK;
  sqlite3_finalize(st);
  sqlite3_close(db);
  return failed;
}

// A string member, or "" (failing the test) when the value has none: a wrong answer must fail
// the test, not crash it.

class StudiesTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    program_ = create_program("Fellowship");
    cohort_ = create_cohort(program_, "Winter");
    other_cohort_ = create_cohort(program_, "Summer");
    stream_ = create_stream(cohort_, "Interpretability");
    organizer_id_ = add_person(cohort_, "organizer@example.org", "organizer");
    analyst_id_ = add_person(cohort_, "analyst@example.org", "analyst");
    add_person(other_cohort_, "other.analyst@example.org", "analyst");
    mentor_id_ = add_person(cohort_, "mentor@example.org", "mentor", stream_);
    for (int i = 0; i < 8; ++i)
      scholars_.push_back(
          add_person(cohort_, "scholar" + std::to_string(i) + "@example.org", "scholar", stream_));
    organizer_ = sign_in("organizer@example.org");
    analyst_ = sign_in("analyst@example.org");
    mentor_ = sign_in("mentor@example.org");
  }

  Browser scholar(int i) { return sign_in("scholar" + std::to_string(i) + "@example.org"); }

  // Creates a study as `who` and returns its JSON; fails unless 201.
  boost::json::value make_study(const Browser& who, boost::json::object body) {
    if (!body.contains("cohort_id")) body["cohort_id"] = cohort_;
    Reply r = post(who, "/api/v1/programs/" + program_ + "/studies", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json() : boost::json::value(nullptr);
  }

  void set_status(const std::string& study, const std::string& status) {
    Reply r = patch(admin_, "/api/v1/studies/" + study, {{"status", status}});
    EXPECT_EQ(r.status, 200) << r.body;
  }

  Reply answer(const Browser& who, const std::string& study, const std::string& question,
               const std::string& text) {
    return post(who, "/api/v1/studies/" + study + "/responses",
                {{"answers", boost::json::array{
                                 boost::json::object{{"question_id", question}, {"text", text}}}}});
  }

  // Imports transcripts as `who` and waits for the job; returns the finished job.
  boost::json::value import_and_wait(const Browser& who, const std::string& study,
                                     const boost::json::value& body) {
    Reply r = post(who, "/api/v1/studies/" + study + "/transcript-imports", body);
    EXPECT_EQ(r.status, 202) << r.body;
    if (r.status != 202) return nullptr;
    EXPECT_EQ(r.header("Location").value_or(""), "/api/v1/jobs/" + str(r.json(), "id"));
    return finished_job(who, str(r.json(), "id"));
  }

  std::string program_, cohort_, other_cohort_, stream_;
  std::string organizer_id_, analyst_id_, mentor_id_;
  std::vector<std::string> scholars_;
  Browser organizer_, analyst_, mentor_;
};

TEST_F(StudiesTest, OrganizersAndTheCohortsAnalystsRunStudies) {
  auto study = make_study(analyst_, {{"template", "mentor_interview"}});
  ASSERT_TRUE(study.is_object());
  EXPECT_EQ(study.at("questions").as_array().size(), 3u);
  EXPECT_EQ(study.at("audience").as_array().at(0).as_string(), "mentor");
  EXPECT_EQ(str(study, "status"), "draft");

  // The codebook starts from the framework and the codes juniors' answers need.
  Reply codes = get(analyst_, "/api/v1/studies/" + str(study, "id") + "/codes");
  ASSERT_EQ(codes.status, 200) << codes.body;
  std::set<std::string> names;
  const boost::json::value codes_json = codes.json();
  for (const auto& c : codes_json.at("items").as_array()) names.insert(str(c, "name"));
  EXPECT_EQ(names.size(), 13u);
  for (const char* name : {"Endurance and perseverance", "Asking for help, social agency",
                           "Raw intelligence", "Credentials (PhD)", "Technical knowledge"})
    EXPECT_TRUE(names.count(name)) << name;

  EXPECT_EQ(make_study(organizer_, {{"template", "scholar_self_perception"}}).is_object(), true);

  // An analyst of another cohort cannot run this cohort's studies; a scholar or mentor cannot
  // create one at all.
  Browser other = sign_in("other.analyst@example.org");
  Reply r = post(other, "/api/v1/programs/" + program_ + "/studies",
                 {{"template", "mentor_interview"}, {"cohort_id", cohort_}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(get(other, "/api/v1/studies/" + str(study, "id")).status, 404);
  r = post(mentor_, "/api/v1/programs/" + program_ + "/studies",
           {{"template", "mentor_interview"}, {"cohort_id", cohort_}});
  EXPECT_EQ(r.status, 403) << r.body;

  // Validation names the field.
  r = post(analyst_, "/api/v1/programs/" + program_ + "/studies",
           {{"title", "Choices"},
            {"cohort_id", cohort_},
            {"questions",
             boost::json::array{boost::json::object{{"kind", "single_choice"},
                                                    {"prompt", "Pick"},
                                                    {"options", boost::json::array{"only"}}}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(str(r.json().at("error"), "field"), "questions[0].options");
}

TEST_F(StudiesTest, RespondentsAnswerOnlyTheirOwnAndOnlyOnce) {
  auto study = make_study(
      organizer_,
      {{"title", "Check-in survey"},
       {"audience", boost::json::array{"scholar"}},
       {"questions",
        boost::json::array{boost::json::object{{"prompt", "What helped?"}, {"required", true}},
                           boost::json::object{{"kind", "rating"}, {"prompt", "How was it?"}},
                           boost::json::object{{"kind", "ranking"},
                                               {"prompt", "Rank"},
                                               {"options", boost::json::array{"a", "b", "c"}}}}}});
  const std::string id = str(study, "id");
  const auto& qs = study.at("questions").as_array();
  const std::string q1 = str(qs[0], "id"), q2 = str(qs[1], "id"), q3 = str(qs[2], "id");
  Browser s0 = scholar(0), s1 = scholar(1);

  EXPECT_EQ(answer(s0, id, q1, "Reading").status, 409) << "a draft study takes no answers";
  set_status(id, "open");
  Reply view = get(s0, "/api/v1/studies/" + id);
  ASSERT_EQ(view.status, 200) << view.body;
  EXPECT_TRUE(view.json().at("can_answer").as_bool());
  EXPECT_FALSE(view.json().at("can_run").as_bool());

  Reply bad = post(
      s0, "/api/v1/studies/" + id + "/responses",
      {{"answers", boost::json::array{boost::json::object{{"question_id", q2}, {"rating", 4}}}}});
  EXPECT_EQ(bad.status, 400) << "the required open question is missing";
  bad = post(s0, "/api/v1/studies/" + id + "/responses",
             {{"answers", boost::json::array{
                              boost::json::object{{"question_id", q1}, {"text", "x"}},
                              boost::json::object{{"question_id", q3},
                                                  {"choices", boost::json::array{"a", "b"}}}}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(str(bad.json().at("error"), "field"), "answers[1].choices") << bad.body;

  Reply ok = post(
      s0, "/api/v1/studies/" + id + "/responses",
      {{"answers",
        boost::json::array{boost::json::object{{"question_id", q1}, {"text", "My peers"}},
                           boost::json::object{{"question_id", q2}, {"rating", 4}},
                           boost::json::object{{"question_id", q3},
                                               {"choices", boost::json::array{"c", "a", "b"}}}}}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  const std::string response = str(ok.json().at("response"), "id");
  EXPECT_EQ(answer(s0, id, q1, "Again").status, 409);
  EXPECT_EQ(get(s0, "/api/v1/responses/" + response).status, 200);
  EXPECT_EQ(get(s1, "/api/v1/responses/" + response).status, 404);
  EXPECT_EQ(get(s1, "/api/v1/studies/" + id + "/responses").status, 403);
  EXPECT_EQ(answer(mentor_, id, q1, "Not mine to answer").status, 404);
  EXPECT_EQ(answer(analyst_, id, q1, "Staff do not answer").status, 403);

  Reply part = get(analyst_, "/api/v1/studies/" + id + "/participation");
  ASSERT_EQ(part.status, 200) << part.body;
  EXPECT_EQ(part.json().at("audience").as_int64(), 8);
  EXPECT_EQ(part.json().at("responded").as_int64(), 1);
  EXPECT_EQ(part.json().at("not_responded").as_array().size(), 7u);

  set_status(id, "closed");
  EXPECT_EQ(answer(s1, id, q1, "Too late").status, 409);
}

// The anonymity guarantee, checked where it matters: in the database an administrator could read.
TEST_F(StudiesTest, AnonymousAnswersCannotBeLinkedToTheirAuthors) {
  auto study =
      make_study(analyst_, {{"template", "scholar_self_perception"}, {"mode", "anonymous"}});
  const std::string id = str(study, "id");
  const std::string question = str(study.at("questions").at(0), "id");
  set_status(id, "open");

  // Each scholar answers in turn; the answer text says who and in which order.
  std::set<std::string> personal;  // everything that identifies a respondent or their request
  std::vector<std::string> texts;
  for (int i = 0; i < 8; ++i) {
    Browser s = scholar(i);
    Reply current = get(s, "/api/v1/sessions/current");
    personal.insert(str(current.json().at("session"), "id"));
    personal.insert(scholars_[i]);
    personal.insert("scholar" + std::to_string(i) + "@example.org");
    texts.push_back("answer number " + std::to_string(i) + ": being smart enough");
    Reply r = answer(s, id, question, texts.back());
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_TRUE(r.json().at("anonymous").as_bool());
    EXPECT_FALSE(r.json().as_object().contains("response")) << "an anonymous receipt has no id";
    EXPECT_FALSE(r.header("Location")) << "an anonymous response has no address";
  }
  personal.insert("127.0.0.1");
  EXPECT_EQ(answer(scholar(0), id, question, "twice").status, 409) << "still only once";

  // While the study is open nobody reads the answers (a new one could be told apart).
  EXPECT_EQ(get(analyst_, "/api/v1/studies/" + id + "/responses").status, 409);

  const std::string& url = database_url_;
  // 1. The rows holding answers carry no user, label, time of day or request data.
  Rows responses = query_database(
      url,
      "SELECT id, anonymous, COALESCE(respondent_user_id, '<null>'), respondent_label, "
      "respondent_group, source, submitted_on, submitted_at FROM study_responses WHERE "
      "study_id = '" +
          id + "'");
  ASSERT_EQ(responses.size(), 8u);
  for (const auto& row : responses) {
    EXPECT_EQ(row[0][14], '4') << "anonymous ids are random (UUID version 4), not time-ordered";
    EXPECT_EQ(row[1], "1");
    EXPECT_EQ(row[2], "<null>");
    EXPECT_EQ(row[3], "");
    EXPECT_EQ(row[4], "scholar");
    EXPECT_EQ(row[6], "") << "not even the day: staff could tell who answered on which day";
    EXPECT_EQ(row[7], "0") << "no exact time";
  }
  // 2. No value anywhere in the answer tables equals or contains anything personal.
  for (const char* table : {"study_responses", "study_answers"}) {
    Rows all = query_database(
        url, std::string("SELECT * FROM ") + table + " WHERE study_id = '" + id + "'");
    for (const auto& row : all)
      for (const std::string& value : row)
        for (const std::string& p : personal)
          EXPECT_EQ(value.find(p), std::string::npos) << table << " holds " << p;
  }
  // 3. Who responded lives apart and shares no value with the answers.
  Rows participants =
      query_database(url, "SELECT user_id FROM study_participants WHERE study_id = '" + id + "'");
  EXPECT_EQ(participants.size(), 8u);
  std::set<std::string> answer_values;
  for (const char* table : {"study_responses", "study_answers"})
    for (const auto& row : query_database(
             url, std::string("SELECT * FROM ") + table + " WHERE study_id = '" + id + "'"))
      for (const std::string& v : row)
        if (v != id) answer_values.insert(v);
  for (const auto& row : participants) EXPECT_FALSE(answer_values.count(row[0]));
  // 4. The audit log records that anonymous answers arrived, with no person, address, request
  //    or response id, and no time finer than the day.
  Rows audit = query_database(
      url,
      "SELECT actor_user_id, client_address, request_id, resource_id, at, detail FROM "
      "audit_events WHERE action = 'study.respond_anonymously'");
  ASSERT_EQ(audit.size(), 8u);
  for (const auto& row : audit) {
    EXPECT_EQ(row[0], "");
    EXPECT_EQ(row[1], "");
    EXPECT_EQ(row[2], "");
    EXPECT_EQ(row[3], id);
    EXPECT_EQ(std::stoll(row[4]) % 86400000, 0);
    EXPECT_EQ(row[5], "");
  }
  std::set<std::string> response_ids;
  for (const auto& row : responses) response_ids.insert(row[0]);
  for (const auto& row : query_database(url, "SELECT resource_id, detail FROM audit_events"))
    for (const std::string& v : row) EXPECT_FALSE(response_ids.count(v));
  // 5. The order rows are stored in does not give away the order of submission.
  auto order_of = [&](const std::string& sql) {
    std::vector<int> order;
    for (const auto& row : query_database(url, sql))
      for (int i = 0; i < 8; ++i)
        if (row[0] == texts[i]) order.push_back(i);
    return order;
  };
  const std::vector<int> submitted = {0, 1, 2, 3, 4, 5, 6, 7};
  EXPECT_NE(order_of("SELECT body FROM study_answers WHERE study_id = '" + id + "'"), submitted);
  EXPECT_NE(order_of("SELECT body FROM study_answers WHERE study_id = '" + id + "' ORDER BY id"),
            submitted);
  if (backend_name() == "sqlite") {
    for (const char* table : {"study_responses", "study_answers", "study_participants"})
      EXPECT_TRUE(sqlite_statement_fails(url, std::string("SELECT rowid FROM ") + table))
          << table << " must have no rowid, which would number rows in arrival order";
  } else {
    EXPECT_NE(
        order_of("SELECT body FROM study_answers WHERE study_id = '" + id + "' ORDER BY ctid"),
        submitted);
    Rows xmins = query_database(url,
                                "SELECT count(DISTINCT xmin::text) FROM study_answers WHERE "
                                "study_id = '" +
                                    id + "'");
    EXPECT_EQ(xmins.at(0).at(0), "1") << "every anonymous answer was rewritten by the last "
                                         "submission, so transaction ids tell no order";
  }
  // 6. The server's log has no response ids and no answer text.
  for (const std::string& rid : response_ids)
    EXPECT_EQ(server_->log().find(rid), std::string::npos);
  EXPECT_EQ(server_->log().find("being smart enough"), std::string::npos);
  // 7. The access log leaves out the address of whoever submitted an answer.
  std::istringstream log(server_->log());
  int submissions_logged = 0;
  for (std::string line; std::getline(log, line);) {
    if (line.find("POST /api/v1/studies/{id}/responses") == std::string::npos) continue;
    ++submissions_logged;
    EXPECT_NE(line.find("client=-"), std::string::npos) << line;
  }
  EXPECT_GE(submissions_logged, 8);

  // Once closed, staff read the answers, which name nobody and carry no day.
  set_status(id, "closed");
  Reply list = get(analyst_, "/api/v1/studies/" + id + "/responses");
  ASSERT_EQ(list.status, 200) << list.body;
  const boost::json::value list_json = list.json();
  for (const auto& r : list_json.at("items").as_array()) {
    EXPECT_FALSE(r.as_object().contains("respondent_user_id"));
    EXPECT_FALSE(r.as_object().contains("respondent"));
    EXPECT_FALSE(r.as_object().contains("submitted_at"));
    EXPECT_FALSE(r.as_object().contains("submitted_on"));
  }
}

TEST_F(StudiesTest, SegmentOffsetsAreCodePointsForAnyText) {
  auto study = make_study(analyst_, {{"template", "mentor_interview"}});
  const std::string id = str(study, "id");
  const std::string q1 = str(study.at("questions").at(0), "id");
  set_status(id, "open");
  // An emoji with skin tone and ZWJ (several code points), a combining accent, Arabic (RTL).
  const std::string text =
      "Ana 👩🏽‍🔬 e\u0301tait tenace — \u0645\u062b\u0627\u0628\u0631\u0629 always.";
  ASSERT_EQ(answer(mentor_, id, q1, text).status, 201);
  Reply list = get(analyst_, "/api/v1/studies/" + id + "/responses");
  const boost::json::value list_json = list.json();
  const auto& a = list_json.at("items").at(0).at("answers").at(0);
  const std::string answer_id = str(a, "id");
  const long long length = a.at("length").as_int64();
  EXPECT_EQ(length, 39);
  const std::string code = code_named(admin_, id, "Endurance and perseverance");

  struct Span {
    long long start, end;
    std::string expect;
  } spans[] = {{4, 8, "👩🏽‍🔬"},
               {9, 14, "e\u0301tai"},
               {25, 31, "\u0645\u062b\u0627\u0628\u0631\u0629"},
               {32, 39, "always."}};
  for (const Span& s : spans) {
    Reply r = post(analyst_, "/api/v1/answers/" + answer_id + "/segments",
                   {{"start", s.start}, {"end", s.end}, {"code_ids", boost::json::array{code}}});
    EXPECT_EQ(r.status, 201) << r.body;
  }
  for (auto [start, end] : {std::pair{-1LL, 3LL}, {5, 5}, {6, 2}, {0, 40}}) {
    Reply r = post(analyst_, "/api/v1/answers/" + answer_id + "/segments",
                   {{"start", start}, {"end", end}, {"code_ids", boost::json::array{code}}});
    EXPECT_EQ(r.status, 400) << start << "-" << end << ": " << r.body;
  }
  Reply csv = get(analyst_, "/api/v1/studies/" + id + "/segments.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("Content-Type").value_or(""), "text/csv; charset=utf-8");
  for (const Span& s : spans)
    EXPECT_NE(csv.body.find("," + s.expect + ","), std::string::npos) << s.expect;
  EXPECT_NE(csv.body.find("Endurance and perseverance"), std::string::npos);
}

TEST_F(StudiesTest, CodebookEditsCarryAVersionAndMergesMoveSegments) {
  auto study = make_study(analyst_, {{"template", "mentor_interview"}});
  const std::string id = str(study, "id");
  const std::string q1 = str(study.at("questions").at(0), "id");
  set_status(id, "open");
  ASSERT_EQ(answer(mentor_, id, q1, "She kept going and asked for help early.").status, 201);
  const std::string answer_id = str(get(analyst_, "/api/v1/studies/" + id + "/responses")
                                        .json()
                                        .at("items")
                                        .at(0)
                                        .at("answers")
                                        .at(0),
                                    "id");

  long long v = codebook_version(analyst_, id);
  Reply grit = post(analyst_, "/api/v1/studies/" + id + "/codes",
                    {{"name", "Grit"}, {"description", "Keeps going"}, {"codebook_version", v}});
  ASSERT_EQ(grit.status, 201) << grit.body;
  Reply stale = post(organizer_, "/api/v1/studies/" + id + "/codes",
                     {{"name", "Stale"}, {"codebook_version", v}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.json().at("current").at("version").as_int64(), v + 1) << stale.body;
  const std::string grit_id = str(grit.json(), "id");
  const std::string perseverance = code_named(admin_, id, "Endurance and perseverance");

  Reply seg = post(analyst_, "/api/v1/answers/" + answer_id + "/segments",
                   {{"start", 4}, {"end", 16}, {"code_ids", boost::json::array{grit_id}}});
  ASSERT_EQ(seg.status, 201) << seg.body;
  Reply child =
      post(analyst_, "/api/v1/studies/" + id + "/codes",
           {{"name", "After dead ends"}, {"parent_id", grit_id}, {"codebook_version", v + 1}});
  ASSERT_EQ(child.status, 201) << child.body;
  const boost::json::value book = get(analyst_, "/api/v1/studies/" + id + "/codes").json();
  std::string child_path;
  for (const auto& c : book.at("items").as_array())
    if (str(c, "name") == "After dead ends") child_path = str(c, "path");
  EXPECT_EQ(child_path, "Grit/After dead ends");

  // A code cannot move under its own child.
  Reply loop = patch(analyst_, "/api/v1/codes/" + grit_id,
                     {{"parent_id", str(child.json(), "id")}, {"codebook_version", v + 2}});
  EXPECT_EQ(loop.status, 400) << loop.body;

  // Deleting warns first with what would be lost.
  Reply warn =
      del(analyst_, "/api/v1/codes/" + grit_id + "?codebook_version=" + std::to_string(v + 2));
  EXPECT_EQ(warn.status, 409);
  EXPECT_NE(warn.body.find("2 code(s), 1 coded segment(s)"), std::string::npos) << warn.body;

  // Merging moves the segment and the child.
  Reply merge = post(analyst_, "/api/v1/codes/" + grit_id + "/merger",
                     {{"into_code_id", perseverance}, {"codebook_version", v + 2}});
  ASSERT_EQ(merge.status, 200) << merge.body;
  EXPECT_EQ(merge.json().at("segments_moved").as_int64(), 1);
  Reply moved = get(analyst_, "/api/v1/answers/" + answer_id + "/segments");
  EXPECT_EQ(str(moved.json().at("items").at(0), "code_id"), perseverance);

  // Segment edits carry a version too.
  const std::string seg_id = str(seg.json().at("items").at(0), "id");
  Reply first =
      patch(analyst_, "/api/v1/segments/" + seg_id, {{"memo", "clear case"}, {"version", 2}});
  EXPECT_EQ(first.status, 200) << first.body;
  Reply again = patch(analyst_, "/api/v1/segments/" + seg_id, {{"memo", "stale"}, {"version", 2}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(str(again.json().at("current"), "memo"), "clear case");

  // CSV export and import (name, description), all or nothing.
  Reply exported = get(analyst_, "/api/v1/studies/" + id + "/codebook.csv");
  EXPECT_EQ(exported.status, 200);
  EXPECT_EQ(exported.body.rfind("name,description", 0), 0u);
  Reply imported =
      http_->request("POST", "/api/v1/studies/" + id + "/codebook-imports",
                     "name,description\nMentoring others,Helps peers\nRaw intelligence,dup\n", [&] {
                       auto h = analyst_.headers(origin());
                       h.emplace_back("Content-Type", "text/csv");
                       return h;
                     }());
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(imported.json().at("created").as_int64(), 1);
  EXPECT_EQ(imported.json().at("unchanged").as_int64(), 1);
  Reply broken = http_->request("POST", "/api/v1/studies/" + id + "/codebook-imports",
                                "name,description\nGood,ok\nbad/name,x\n", [&] {
                                  auto h = analyst_.headers(origin());
                                  h.emplace_back("Content-Type", "text/csv");
                                  return h;
                                }());
  EXPECT_EQ(broken.status, 400);
  EXPECT_EQ(broken.json().at("error").at("details").at(0).at("line").as_int64(), 3) << broken.body;
  EXPECT_NE(get(analyst_, "/api/v1/studies/" + id + "/codebook.csv").body.find("Mentoring others"),
            std::string::npos);
  EXPECT_EQ(get(analyst_, "/api/v1/studies/" + id + "/codebook.csv").body.find("Good"),
            std::string::npos);
}

TEST_F(StudiesTest, BlindCodersSeeOthersCodingOnlyOnceFinished) {
  auto study = make_study(analyst_, {{"template", "mentor_interview"}, {"blind_coding", true}});
  const std::string id = str(study, "id");
  const std::string q1 = str(study.at("questions").at(0), "id");
  set_status(id, "open");
  ASSERT_EQ(answer(mentor_, id, q1, "They read a lot and asked for help.").status, 201);
  const std::string answer_id = str(get(analyst_, "/api/v1/studies/" + id + "/responses")
                                        .json()
                                        .at("items")
                                        .at(0)
                                        .at("answers")
                                        .at(0),
                                    "id");
  const std::string reading = code_named(admin_, id, "Reading habit");
  Reply mine = post(analyst_, "/api/v1/answers/" + answer_id + "/segments",
                    {{"start", 5}, {"end", 15}, {"code_ids", boost::json::array{reading}}});
  ASSERT_EQ(mine.status, 201);
  const std::string seg = str(mine.json().at("items").at(0), "id");

  EXPECT_EQ(get(organizer_, "/api/v1/answers/" + answer_id + "/segments")
                .json()
                .at("items")
                .as_array()
                .size(),
            0u);
  EXPECT_EQ(get(organizer_, "/api/v1/segments/" + seg).status, 404);
  EXPECT_EQ(get(organizer_, "/api/v1/studies/" + id + "/reports/themes").status, 403);
  EXPECT_EQ(
      get(organizer_, "/api/v1/studies/" + id + "/reports/themes?coder_id=" + organizer_id_).status,
      200);
  EXPECT_EQ(get(analyst_, "/api/v1/answers/" + answer_id + "/segments")
                .json()
                .at("items")
                .as_array()
                .size(),
            1u);

  Reply done = put(organizer_, "/api/v1/studies/" + id + "/coders/me", {{"finished", true}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(get(organizer_, "/api/v1/answers/" + answer_id + "/segments")
                .json()
                .at("items")
                .as_array()
                .size(),
            1u);
  EXPECT_EQ(get(organizer_, "/api/v1/studies/" + id + "/reports/themes").status, 200);
  Reply coders = get(organizer_, "/api/v1/studies/" + id + "/coders");
  EXPECT_EQ(coders.json().at("items").as_array().size(), 2u) << coders.body;
}

// Two coders over four answers, one code: the answer-level table is [[1,1],[1,0],[0,0],[0,0]],
// so p_o = 3/4, p_e = (2/4)(1/4) + (2/4)(3/4) = 1/2 and Cohen's kappa = (3/4 - 1/2) / (1/2) = 0.5.
TEST_F(StudiesTest, AgreementComparesCodersAnswerByAnswer) {
  auto study = make_study(
      analyst_,
      {{"title", "Agreement"},
       {"audience", boost::json::array{"scholar"}},
       {"questions", boost::json::array{boost::json::object{{"prompt", "What helps you most?"}}}}});
  const std::string id = str(study, "id");
  const std::string q = str(study.at("questions").at(0), "id");
  set_status(id, "open");
  for (int i = 0; i < 4; ++i)
    ASSERT_EQ(answer(scholar(i), id, q, "My peers and reading.").status, 201);
  const boost::json::value list = get(analyst_, "/api/v1/studies/" + id + "/responses").json();
  std::vector<std::string> answers;
  for (const auto& r : list.at("items").as_array())
    answers.push_back(str(r.at("answers").at(0), "id"));
  const std::string peers = code_named(admin_, id, "Peer collaboration");
  auto apply = [&](const Browser& who, const std::string& answer_id) {
    Reply r = post(who, "/api/v1/answers/" + answer_id + "/segments",
                   {{"start", 3}, {"end", 8}, {"code_ids", boost::json::array{peers}}});
    EXPECT_EQ(r.status, 201) << r.body;
  };
  apply(analyst_, answers[0]);
  apply(organizer_, answers[0]);
  apply(analyst_, answers[1]);
  Reply report = get(analyst_, "/api/v1/studies/" + id + "/reports/agreement");
  ASSERT_EQ(report.status, 200) << report.body;
  const boost::json::value doc = report.json();
  EXPECT_EQ(doc.at("answers").as_int64(), 4);
  for (const auto& c : doc.at("items").as_array()) {
    if (str(c, "code_id") != peers) continue;
    EXPECT_NEAR(c.at("kappa").as_double(), 0.5, 1e-12);
    EXPECT_EQ(c.at("disagreed").as_int64(), 1);
  }
  ASSERT_EQ(doc.at("disagreements").as_array().size(), 1u);
  EXPECT_EQ(str(doc.at("disagreements").at(0), "answer_id"), answers[1]);
  EXPECT_EQ(
      get(analyst_, "/api/v1/studies/" + id + "/reports/agreement?coder_ids=" + analyst_id_).status,
      400);
}

TEST_F(StudiesTest, ReportsCountRespondentsAndWithholdSmallAnonymousGroups) {
  // Named mentor interview, by transcripts: who mentions what, in which order.
  auto mentors = make_study(analyst_, {{"template", "mentor_interview"}});
  const std::string m = str(mentors, "id");
  boost::json::array transcripts;
  const char* texts[] = {
      "## 1\nShe kept going after dead ends and asked for help early.\n## 2\nReading.\n## "
      "3\nAsking.",
      "## 1\nResourceful: she wrote to authors.\n## 2\nPerseverance.\n## 3\nReading.",
      "Q1: He read every week.\nQ2: Asking for help.\nQ3: Perseverance."};
  for (int i = 0; i < 3; ++i)
    transcripts.push_back({{"respondent", "Mentor " + std::to_string(i)},
                           {"group", "mentor"},
                           {"format", "markdown"},
                           {"text", texts[i]}});
  auto job = import_and_wait(analyst_, m, {{"transcripts", transcripts}});
  ASSERT_TRUE(job.is_object());
  EXPECT_EQ(str(job, "status"), "succeeded") << boost::json::serialize(job);
  EXPECT_EQ(job.at("result").at("transcripts").as_int64(), 3);

  Reply list = get(analyst_, "/api/v1/studies/" + m + "/responses");
  ASSERT_EQ(list.json().at("items").as_array().size(), 3u);
  const std::string perseverance = code_named(admin_, m, "Endurance and perseverance");
  const std::string reading = code_named(admin_, m, "Reading habit");
  const std::string help = code_named(admin_, m, "Asking for help, social agency");
  // Code the first answer of every respondent with perseverance, and two of them with reading.
  int n = 0;
  const boost::json::value list_json = list.json();
  for (const auto& r : list_json.at("items").as_array()) {
    std::string first = str(r.at("answers").at(0), "id");
    std::vector<std::string> codes = {perseverance};
    if (n++ < 2) codes.push_back(reading);
    for (const std::string& c : codes) {
      Reply s = post(analyst_, "/api/v1/answers/" + first + "/segments",
                     {{"start", 0}, {"end", 3}, {"code_ids", boost::json::array{c}}});
      ASSERT_EQ(s.status, 201) << s.body;
    }
    std::string second = str(r.at("answers").at(1), "id");
    ASSERT_EQ(post(analyst_, "/api/v1/answers/" + second + "/segments",
                   {{"start", 0}, {"end", 3}, {"code_ids", boost::json::array{help}}})
                  .status,
              201);
  }
  Reply themes = get(analyst_, "/api/v1/studies/" + m + "/reports/themes");
  ASSERT_EQ(themes.status, 200) << themes.body;
  EXPECT_EQ(themes.json().at("respondents").as_int64(), 3);
  const boost::json::value themes_json = themes.json();
  const auto& rows = themes_json.at("items").as_array();
  EXPECT_EQ(str(rows.at(0), "code_id"), perseverance);
  EXPECT_EQ(rows.at(0).at("respondents").as_int64(), 3);
  EXPECT_DOUBLE_EQ(rows.at(0).at("share").as_double(), 1.0);
  EXPECT_EQ(rows.at(0).at("rank").as_int64(), 1);
  EXPECT_EQ(rows.at(1).at("rank").as_int64(), 1) << "asking for help ties with three respondents";
  EXPECT_EQ(str(rows.at(2), "code_id"), reading);
  EXPECT_EQ(rows.at(2).at("top_three").as_int64(), 2);
  Reply co = get(analyst_, "/api/v1/studies/" + m + "/reports/co-occurrence");
  ASSERT_EQ(co.status, 200);
  EXPECT_EQ(co.json().at("items").at(0).at("answers").as_int64(), 2) << co.body;
  Reply quotes = get(analyst_, "/api/v1/studies/" + m + "/reports/quotes?code_id=" + perseverance);
  EXPECT_EQ(quotes.json().at("items").as_array().size(), 3u);

  // Anonymous scholars' study with 3 respondents, below the threshold of 5: the answers are
  // never released, so there is no report, and closing was final.
  auto few = make_study(analyst_, {{"template", "scholar_self_perception"}, {"mode", "anonymous"}});
  const std::string f = str(few, "id");
  set_status(f, "open");
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(answer(scholar(i), f, str(few.at("questions").at(0), "id"), "A PhD.").status, 201);
  set_status(f, "closed");
  EXPECT_EQ(get(analyst_, "/api/v1/studies/" + f + "/reports/themes").status, 409);
  EXPECT_EQ(
      get(analyst_, "/api/v1/studies/" + f + "/reports/comparison?other_study_id=" + m).status,
      409);

  // At the threshold the numbers appear, and the side-by-side matches codes by their key.
  auto scholars =
      make_study(analyst_, {{"template", "scholar_self_perception"}, {"mode", "anonymous"}});
  const std::string s = str(scholars, "id");
  const std::string sq = str(scholars.at("questions").at(0), "id");
  set_status(s, "open");
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(answer(scholar(i), s, sq, "Being smart enough.").status, 201);
  set_status(s, "closed");
  const std::string raw = code_named(admin_, s, "Raw intelligence");
  const boost::json::value answered_list =
      get(analyst_, "/api/v1/studies/" + s + "/responses").json();
  for (const auto& r : answered_list.at("items").as_array())
    ASSERT_EQ(post(analyst_, "/api/v1/answers/" + str(r.at("answers").at(0), "id") + "/segments",
                   {{"start", 0}, {"end", 4}, {"code_ids", boost::json::array{raw}}})
                  .status,
              201);
  Reply side = get(analyst_, "/api/v1/studies/" + s + "/reports/comparison?other_study_id=" + m);
  ASSERT_EQ(side.status, 200) << side.body;
  const boost::json::value side_json = side.json();
  for (const auto& row : side_json.at("items").as_array()) {
    if (str(row, "key") == "raw_intelligence") {
      EXPECT_DOUBLE_EQ(row.at("left_share").as_double(), 1.0);
    }
    if (str(row, "key") == "perseverance") {
      EXPECT_DOUBLE_EQ(row.at("right_share").as_double(), 1.0);
    }
  }
  EXPECT_EQ(get(analyst_, "/api/v1/studies/" + s + "/reports/quotes?code_id=" + raw)
                .json()
                .at("items")
                .as_array()
                .size(),
            5u);
}

TEST_F(StudiesTest, TranscriptImportsRejectBadInputWholeAndAreIdempotent) {
  auto study = make_study(analyst_, {{"template", "mentor_interview"}});
  const std::string id = str(study, "id");
  boost::json::array transcripts{
      boost::json::object{{"respondent", "Mentor A"}, {"text", "Q1: fine\nQ2: fine\nQ3: fine"}},
      boost::json::object{{"respondent", "Mentor B"}, {"text", "Q1: ok\nQ7: no such question"}},
      boost::json::object{{"respondent", "Mentor C"}, {"text", "No headings at all"}}};
  Reply bad = post(analyst_, "/api/v1/studies/" + id + "/transcript-imports",
                   {{"transcripts", transcripts}});
  ASSERT_EQ(bad.status, 400) << bad.body;
  const boost::json::value bad_json = bad.json();
  const auto& details = bad_json.at("error").at("details").as_array();
  ASSERT_EQ(details.size(), 2u) << bad.body;
  EXPECT_EQ(str(details[0], "column"), "transcripts[1].text");
  EXPECT_EQ(details[0].at("line").as_int64(), 2);
  EXPECT_EQ(str(details[1], "column"), "transcripts[2].text");
  EXPECT_EQ(get(analyst_, "/api/v1/studies/" + id).json().at("responses").as_int64(), 0);

  // CSV, one row per respondent x question; a bad row names its line and imports nothing.
  auto headers = analyst_.headers(origin());
  headers.emplace_back("Content-Type", "text/csv");
  Reply csv_bad = http_->request("POST", "/api/v1/studies/" + id + "/transcript-imports",
                                 "respondent,question,answer\nA,1,yes\nA,9,no\n", headers);
  ASSERT_EQ(csv_bad.status, 400);
  EXPECT_EQ(csv_bad.json().at("error").at("details").at(0).at("line").as_int64(), 3);
  headers.emplace_back("Idempotency-Key", "import-1");
  const std::string csv =
      "respondent,question,answer,group\nA,1,Perseverance,mentor\nA,2,Reading,mentor\nB,1,\"Help, "
      "early\",mentor\n";
  Reply first =
      http_->request("POST", "/api/v1/studies/" + id + "/transcript-imports", csv, headers);
  ASSERT_EQ(first.status, 202) << first.body;
  Reply repeat =
      http_->request("POST", "/api/v1/studies/" + id + "/transcript-imports", csv, headers);
  ASSERT_EQ(repeat.status, 202);
  EXPECT_EQ(str(repeat.json(), "id"), str(first.json(), "id"));
  Reply other = http_->request("POST", "/api/v1/studies/" + id + "/transcript-imports",
                               csv + "C,1,x\n", headers);
  EXPECT_EQ(other.status, 409);
  auto job = finished_job(analyst_, str(first.json(), "id"));
  EXPECT_EQ(str(job, "status"), "succeeded");
  EXPECT_EQ(get(analyst_, "/api/v1/studies/" + id).json().at("responses").as_int64(), 2);
  EXPECT_EQ(get(mentor_, "/api/v1/jobs/" + str(first.json(), "id")).status, 404);

  // Anonymous studies take no transcripts (they name their respondent).
  auto anon =
      make_study(analyst_, {{"template", "scholar_self_perception"}, {"mode", "anonymous"}});
  Reply refused =
      post(analyst_, "/api/v1/studies/" + str(anon, "id") + "/transcript-imports",
           {{"transcripts",
             boost::json::array{boost::json::object{{"respondent", "X"}, {"text", "y"}}}}});
  EXPECT_EQ(refused.status, 400);
}

TEST_F(StudiesTest, ExternalRespondentsAnswerOnceThroughALink) {
  auto study = make_study(analyst_, {{"template", "mentor_interview"}});
  const std::string id = str(study, "id");
  const std::string q1 = str(study.at("questions").at(0), "id");
  EXPECT_EQ(
      post(analyst_, "/api/v1/studies/" + id + "/respondent-links", {{"label", "Guest"}}).status,
      400);
  ASSERT_EQ(
      patch(analyst_, "/api/v1/studies/" + id, {{"external_respondents", true}, {"status", "open"}})
          .status,
      200);
  Reply link = post(analyst_, "/api/v1/studies/" + id + "/respondent-links",
                    {{"label", "Visiting mentor"}, {"email", "guest@example.org"}});
  ASSERT_EQ(link.status, 201) << link.body;
  const std::string token = str(link.json(), "token");
  Reply preview = http_->post("/api/v1/study-links/preview", {{"token", token}}, {});
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_FALSE(preview.json().as_object().contains("program_id"));
  boost::json::object body{{"token", token},
                           {"answers", boost::json::array{boost::json::object{
                                           {"question_id", q1}, {"text", "Curiosity"}}}}};
  EXPECT_EQ(http_->post("/api/v1/study-links/responses", body, {}).status, 201);
  EXPECT_EQ(http_->post("/api/v1/study-links/responses", body, {}).status, 409);
  EXPECT_EQ(http_->post("/api/v1/study-links/preview", {{"token", "tsl_nope"}}, {}).status, 404);
  Reply part = get(analyst_, "/api/v1/studies/" + id + "/participation");
  EXPECT_EQ(part.json().at("links_used").as_int64(), 1);
  Reply list = get(analyst_, "/api/v1/studies/" + id + "/responses");
  EXPECT_EQ(str(list.json().at("items").at(0), "respondent"), "Visiting mentor");
  EXPECT_EQ(str(list.json().at("items").at(0), "group"), "external");
}

// The co-occurrence report of a whole study reads a summary kept up to date by every write;
// scoped to the only coder it computes the same pairs from the segments. After every step of
// a seeded random sequence of adds, code changes, deletions and a merge, both must agree.
TEST_F(StudiesTest, CoOccurrenceSummaryFollowsEveryChangeToTheCoding) {
  auto study = make_study(analyst_, {{"template", "mentor_interview"}});
  const std::string id = str(study, "id");
  boost::json::array transcripts;
  for (int i = 0; i < 4; ++i)
    transcripts.push_back({{"respondent", "Mentor " + std::to_string(i)},
                           {"format", "markdown"},
                           {"text",
                            "## 1\nKept going and asked early.\n## 2\nReading papers "
                            "weekly.\n## 3\nWrote to authors."}});
  auto job = import_and_wait(analyst_, id, {{"transcripts", transcripts}});
  ASSERT_EQ(str(job, "status"), "succeeded") << boost::json::serialize(job);
  std::vector<std::string> answers;
  const boost::json::value responses = get(analyst_, "/api/v1/studies/" + id + "/responses").json();
  for (const auto& r : responses.at("items").as_array())
    for (const auto& a : r.at("answers").as_array()) answers.push_back(str(a, "id"));
  ASSERT_EQ(answers.size(), 12u);
  std::vector<std::string> codes;
  const boost::json::value codebook = get(analyst_, "/api/v1/studies/" + id + "/codes").json();
  for (const auto& c : codebook.at("items").as_array()) {
    codes.push_back(str(c, "id"));
    if (codes.size() == 5) break;
  }
  ASSERT_EQ(codes.size(), 5u);

  using Pairs = std::multiset<std::tuple<std::string, std::string, long long>>;
  auto pairs = [&](const std::string& query) {
    Reply r = get(analyst_, "/api/v1/studies/" + id + "/reports/co-occurrence" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    Pairs out;
    const boost::json::value j = r.json();
    for (const auto& p : j.at("items").as_array()) {
      std::string a = str(p, "code_a"), b = str(p, "code_b");
      if (b < a) std::swap(a, b);
      out.emplace(a, b, p.at("answers").as_int64());
    }
    return out;
  };

  struct Made {
    std::string id;
    long long version;
  };
  std::vector<Made> segments;
  std::mt19937 random(20261126);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  bool merged = false;
  for (int step = 0; step < 60; ++step) {
    const std::size_t action = pick(10);
    if (action < 6 || segments.empty()) {
      const long long start = static_cast<long long>(pick(8));
      Reply r = post(analyst_, "/api/v1/answers/" + answers[pick(answers.size())] + "/segments",
                     {{"start", start},
                      {"end", start + 1 + static_cast<long long>(pick(5))},
                      {"code_ids", boost::json::array{codes[pick(codes.size())].c_str()}}});
      if (r.status == 201) {
        const boost::json::value j = r.json();
        for (const auto& s : j.at("items").as_array())
          segments.push_back({str(s, "id"), s.at("version").as_int64()});
      } else {
        ASSERT_EQ(r.status, 409) << "only a duplicate segment may be refused: " << r.body;
      }
    } else if (action < 8) {
      Made& s = segments[pick(segments.size())];
      Reply r = patch(analyst_, "/api/v1/segments/" + s.id,
                      {{"version", s.version}, {"code_id", codes[pick(codes.size())]}});
      if (r.status == 200)
        s.version = r.json().at("version").as_int64();
      else
        ASSERT_EQ(r.status, 409) << r.body;
    } else if (action == 8 && !merged && step > 30) {
      Reply r = post(
          analyst_, "/api/v1/codes/" + codes.back() + "/merger",
          {{"into_code_id", codes.front()}, {"codebook_version", codebook_version(analyst_, id)}});
      ASSERT_EQ(r.status, 200) << r.body;
      codes.pop_back();
      merged = true;
      segments.clear();  // versions moved on; later steps add and change new segments
    } else {
      const std::size_t at = pick(segments.size());
      Reply r = del(analyst_, "/api/v1/segments/" + segments[at].id +
                                  "?version=" + std::to_string(segments[at].version));
      ASSERT_EQ(r.status, 204) << r.body;
      segments.erase(segments.begin() + static_cast<std::ptrdiff_t>(at));
    }
    ASSERT_EQ(pairs(""), pairs("?coder_id=" + analyst_id_)) << "after step " << step;
  }
  EXPECT_TRUE(merged);
  EXPECT_FALSE(pairs("").empty());
}

// A code lookup that fails in the database is the server's failure (500), not the client's
// "not a code of this study" (400).
TEST_F(StudiesTest, ADatabaseFailureInACodeLookupIsNotReportedAsBadInput) {
  const std::string id = str(make_study(analyst_, {{"template", "mentor_interview"}}), "id");
  const std::string memos = "/api/v1/studies/" + id + "/memos";
  Reply unknown =
      post(analyst_, memos,
           {{"text", "About no code"}, {"code_id", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"}});
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  const std::string code = code_named(admin_, id, "Endurance and perseverance");

  alter_database(database_url_, "ALTER TABLE study_codes RENAME TO study_codes_away");
  Reply broken = post(analyst_, memos, {{"text", "About a code"}, {"code_id", code}});
  EXPECT_EQ(broken.status, 500) << broken.body;
  EXPECT_EQ(str(broken.json().at("error"), "code"), "internal");
  alter_database(database_url_, "ALTER TABLE study_codes_away RENAME TO study_codes");
}

// Reading the answers, reopening, collecting one more answer and reading again would tie that
// answer to whoever responded in between; the names of who has not answered yet would say who.
// So: participation is a count, closing with answers is final, and answers are released only
// once at least min_group_size people answered.
TEST_F(StudiesTest, AnAnonymousStudyReleasesItsAnswersOnceAndOnlyToEnoughPeople) {
  auto study =
      make_study(analyst_, {{"template", "scholar_self_perception"}, {"mode", "anonymous"}});
  const std::string id = str(study, "id");
  const std::string q = str(study.at("questions").at(0), "id");
  // Closed without answers it may open again: there is nothing to tell apart.
  set_status(id, "open");
  set_status(id, "closed");
  set_status(id, "open");
  for (int i = 0; i < 4; ++i) ASSERT_EQ(answer(scholar(i), id, q, "Reading.").status, 201);

  Reply part = get(analyst_, "/api/v1/studies/" + id + "/participation");
  ASSERT_EQ(part.status, 200) << part.body;
  EXPECT_EQ(part.json().at("responded").as_int64(), 4);
  EXPECT_FALSE(part.json().at("names_people").as_bool());
  EXPECT_EQ(part.json().at("not_responded").as_array().size(), 0u) << part.body;
  EXPECT_EQ(str(get(analyst_, "/api/v1/studies/" + id).json(), "answers_release"),
            "study_not_closed");

  // Four of a minimum of five: closed, but the answers stay withheld, everywhere.
  set_status(id, "closed");
  const boost::json::value view = get(analyst_, "/api/v1/studies/" + id).json();
  EXPECT_EQ(str(view, "answers_release"), "too_few_responses");
  EXPECT_TRUE(view.at("closing_is_final").as_bool());
  EXPECT_EQ(view.at("min_group_size").as_int64(), 5);
  for (const char* path :
       {"/responses", "/segments.csv", "/project.qdpx", "/suggestions", "/reports/themes"}) {
    Reply r = get(analyst_, "/api/v1/studies/" + id + path);
    EXPECT_EQ(r.status, 409) << path << ": " << r.body;
  }
  // Closing with answers is final.
  Reply reopen = patch(analyst_, "/api/v1/studies/" + id, {{"status", "open"}});
  EXPECT_EQ(reopen.status, 409) << reopen.body;
  EXPECT_EQ(str(reopen.json().at("error"), "field"), "status");
  EXPECT_EQ(patch(admin_, "/api/v1/studies/" + id, {{"status", "draft"}}).status, 409);
  EXPECT_EQ(answer(scholar(4), id, q, "One more.").status, 409);

  // Five: released, once.
  auto enough =
      make_study(analyst_, {{"template", "scholar_self_perception"}, {"mode", "anonymous"}});
  const std::string e = str(enough, "id");
  set_status(e, "open");
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(answer(scholar(i), e, str(enough.at("questions").at(0), "id"), "Time.").status, 201);
  set_status(e, "closed");
  Reply list = get(analyst_, "/api/v1/studies/" + e + "/responses");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json().at("items").as_array().size(), 5u);
  EXPECT_EQ(str(get(analyst_, "/api/v1/studies/" + e).json(), "answers_release"), "released");
  EXPECT_EQ(patch(analyst_, "/api/v1/studies/" + e, {{"status", "open"}}).status, 409);

  // A named study lists who has not answered, for reminders, and may reopen.
  auto named = make_study(analyst_, {{"template", "scholar_self_perception"}});
  const std::string n = str(named, "id");
  set_status(n, "open");
  ASSERT_EQ(answer(scholar(0), n, str(named.at("questions").at(0), "id"), "Peers.").status, 201);
  Reply named_part = get(analyst_, "/api/v1/studies/" + n + "/participation");
  EXPECT_TRUE(named_part.json().at("names_people").as_bool());
  EXPECT_EQ(named_part.json().at("not_responded").as_array().size(), 7u) << named_part.body;
  set_status(n, "closed");
  set_status(n, "open");
}

// One mentor among scholars: every output that carries the respondent group shows the mentor's
// answer under a merged group, never as "mentor".
TEST_F(StudiesTest, SmallGroupsOfAnAnonymousStudyAreNeverShownAlone) {
  auto study = make_study(
      analyst_,
      {{"title", "What helps"},
       {"mode", "anonymous"},
       {"audience", boost::json::array{"scholar", "mentor"}},
       {"questions", boost::json::array{boost::json::object{{"prompt", "What helps you most?"}}}}});
  const std::string id = str(study, "id");
  const std::string q = str(study.at("questions").at(0), "id");
  set_status(id, "open");
  for (int i = 0; i < 5; ++i) ASSERT_EQ(answer(scholar(i), id, q, "Peers.").status, 201);
  ASSERT_EQ(answer(mentor_, id, q, "My own PhD students.").status, 201);
  set_status(id, "closed");

  Reply list = get(analyst_, "/api/v1/studies/" + id + "/responses");
  ASSERT_EQ(list.status, 200) << list.body;
  const boost::json::value items = list.json().at("items");
  ASSERT_EQ(items.as_array().size(), 6u);
  const std::string peers = code_named(admin_, id, "Peer collaboration");
  for (const auto& r : items.as_array()) {
    EXPECT_EQ(str(r, "group"), "all") << "a group of one mentor would be that mentor";
    Reply one = get(analyst_, "/api/v1/responses/" + str(r, "id"));
    ASSERT_EQ(one.status, 200) << one.body;
    EXPECT_EQ(str(one.json(), "group"), "all");
    ASSERT_EQ(post(analyst_, "/api/v1/answers/" + str(r.at("answers").at(0), "id") + "/segments",
                   {{"start", 0}, {"end", 4}, {"code_ids", boost::json::array{peers}}})
                  .status,
              201);
  }
  Reply csv = get(analyst_, "/api/v1/studies/" + id + "/segments.csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.body.find("mentor"), std::string::npos) << csv.body;
  EXPECT_EQ(csv.body.find("scholar"), std::string::npos) << csv.body;
  std::istringstream lines(csv.body);
  std::string line;
  std::getline(lines, line);  // the header
  int rows = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line == "\r") continue;
    ++rows;
    EXPECT_NE(line.find(",all,"), std::string::npos) << line;
  }
  EXPECT_EQ(rows, 6);
}

// In blind coding, the preview of a code's deletion counts only what the coder may see.
TEST_F(StudiesTest, ACodeDeletionPreviewRevealsNoOtherCodersWork) {
  auto study = make_study(analyst_, {{"template", "mentor_interview"}, {"blind_coding", true}});
  const std::string id = str(study, "id");
  set_status(id, "open");
  ASSERT_EQ(answer(mentor_, id, str(study.at("questions").at(0), "id"),
                   "They read a lot and asked for help.")
                .status,
            201);
  const std::string answer_id = str(get(analyst_, "/api/v1/studies/" + id + "/responses")
                                        .json()
                                        .at("items")
                                        .at(0)
                                        .at("answers")
                                        .at(0),
                                    "id");
  const std::string reading = code_named(admin_, id, "Reading habit");
  for (auto [start, end] : {std::pair{0, 4}, std::pair{5, 9}, std::pair{10, 15}})
    ASSERT_EQ(post(organizer_, "/api/v1/answers/" + answer_id + "/segments",
                   {{"start", start}, {"end", end}, {"code_ids", boost::json::array{reading}}})
                  .status,
              201);
  ASSERT_EQ(post(organizer_, "/api/v1/studies/" + id + "/memos",
                 {{"code_id", reading}, {"text", "Reading is about papers here."}})
                .status,
            201);
  ASSERT_EQ(post(analyst_, "/api/v1/answers/" + answer_id + "/segments",
                 {{"start", 5}, {"end", 15}, {"code_ids", boost::json::array{reading}}})
                .status,
            201);

  auto preview = [&](const Browser& who) {
    Reply r = del(who, "/api/v1/codes/" + reading +
                           "?codebook_version=" + std::to_string(codebook_version(who, id)));
    EXPECT_EQ(r.status, 409) << r.body;
    std::map<std::string, std::string> counts;
    const boost::json::value j = r.json();
    for (const auto& d : j.at("error").at("details").as_array())
      counts[str(d, "column")] = str(d, "message");
    counts["message"] = str(j.at("error"), "message");
    return counts;
  };
  auto blinded = preview(analyst_);
  EXPECT_EQ(blinded["segments"], "1") << blinded["message"];
  EXPECT_EQ(blinded["memos"], "0");
  EXPECT_EQ(blinded["message"].find("4 coded"), std::string::npos) << blinded["message"];

  ASSERT_EQ(put(analyst_, "/api/v1/studies/" + id + "/coders/me", {{"finished", true}}).status,
            200);
  auto finished = preview(analyst_);
  EXPECT_EQ(finished["segments"], "4");
  EXPECT_EQ(finished["memos"], "1");
}

}  // namespace
}  // namespace trellis::test
