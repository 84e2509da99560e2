// Transcripts and reading the coding, over real HTTP, on the backend the suite runs on: a
// transcript that names its interviewee (e-mail or user id) is that audience member's response
// and counts in participation; transcripts can be read, corrected (coded segments move with the
// text, and an edit that would cut through one is refused) and deleted with their coding, by the
// study's staff only; every passage of a code can be read in context, page by page; the coding
// progress says how many answers are coded and which.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "api/api_fixture.h"

namespace trellis::test {
namespace {

// The answer of a response (with answers) to question `position` of the study; answers come
// in id order, not in question order.
boost::json::value answer_to(const boost::json::value& response, const boost::json::value& study,
                             int position) {
  const std::string question =
      str(study.at("questions").at(static_cast<std::size_t>(position - 1)), "id");
  for (const auto& a : response.at("answers").as_array())
    if (str(a, "question_id") == question) return a;
  ADD_FAILURE() << "no answer to question " << position;
  return nullptr;
}

boost::json::object transcript(const std::string& respondent, const std::string& text) {
  boost::json::object t{{"text", text}};
  if (!respondent.empty()) t["respondent"] = respondent;
  return t;
}

class StudyTranscriptsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    program_ = create_program("Fellowship");
    cohort_ = create_cohort(program_, "Winter");
    other_cohort_ = create_cohort(program_, "Summer");
    stream_ = create_stream(cohort_, "Evaluations");
    add_cast({{"organizer", cohort_, "organizer", ""},
              {"analyst", cohort_, "analyst", ""},
              {"other.analyst", other_cohort_, "analyst", ""},
              {"ada", cohort_, "mentor", stream_},
              {"ben", cohort_, "mentor", stream_},
              {"cleo", cohort_, "mentor", stream_},
              {"scholar", cohort_, "scholar", stream_},
              {"support", cohort_, "support", ""},
              {"alumnus", cohort_, "alumnus", ""}},
             ids_, who_);
  }

  // A mentor interview (three open questions, the cohort's mentors answer); returns its JSON.
  boost::json::value interview() {
    Reply r = post(who_["analyst"], "/api/v1/programs/" + program_ + "/studies",
                   {{"template", "mentor_interview"}, {"cohort_id", cohort_}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json() : boost::json::value(nullptr);
  }

  // Imports and waits for the job; returns it (failing the test unless it succeeded).
  boost::json::value import_and_wait(const std::string& study, const boost::json::value& body) {
    Reply r = post(who_["analyst"], "/api/v1/studies/" + study + "/transcript-imports", body);
    EXPECT_EQ(r.status, 202) << r.body;
    if (r.status != 202) return nullptr;
    auto job = finished_job(who_["analyst"], str(r.json(), "id"));
    EXPECT_EQ(str(job, "status"), "succeeded") << boost::json::serialize(job);
    return job;
  }

  boost::json::value participation(const std::string& study) {
    Reply r = get(who_["analyst"], "/api/v1/studies/" + study + "/participation");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  // The study's responses by respondent label.
  std::map<std::string, boost::json::value> responses(const std::string& study) {
    Reply r = get(who_["analyst"], "/api/v1/studies/" + study + "/responses");
    EXPECT_EQ(r.status, 200) << r.body;
    std::map<std::string, boost::json::value> out;
    if (r.status != 200) return out;
    const boost::json::value body = r.json();
    for (const auto& item : body.at("items").as_array()) out[str(item, "respondent")] = item;
    return out;
  }

  // Imports one transcript of Ada's (named by e-mail) answering question 1 with `text`; returns
  // the response's JSON with its answers.
  boost::json::value ada_transcript(const std::string& study, const std::string& text) {
    auto t = transcript("Ada", "Q1: " + text);
    t["email"] = "ada@example.org";
    import_and_wait(study, {{"transcripts", boost::json::array{t}}});
    return responses(study)["Ada"];
  }

  // Codes the passage of the answer (ASCII text) with the code named `code`; returns the segment.
  boost::json::value code_passage(const boost::json::value& answer, const std::string& study,
                                  const std::string& passage, const std::string& code) {
    const std::string text = str(answer, "text");
    const auto at = text.find(passage);
    EXPECT_NE(at, std::string::npos) << passage;
    Reply r = post(who_["analyst"], "/api/v1/answers/" + str(answer, "id") + "/segments",
                   {{"start", at},
                    {"end", at + passage.size()},
                    {"code_ids", boost::json::array{code_named(who_["analyst"], study, code)}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("items").at(0) : boost::json::value(nullptr);
  }

  // The passages coded in an answer, as "start-end code_id".
  std::set<std::string> spans(const std::string& answer) {
    Reply r = get(who_["analyst"], "/api/v1/answers/" + answer + "/segments");
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<std::string> out;
    const boost::json::value body = r.json();
    for (const auto& s : body.at("items").as_array())
      out.insert(std::to_string(s.at("start").as_int64()) + "-" +
                 std::to_string(s.at("end").as_int64()) + " " + str(s, "code_id"));
    return out;
  }

  std::string program_, cohort_, other_cohort_, stream_;
  std::map<std::string, std::string> ids_;
  std::map<std::string, Browser> who_;
};

TEST_F(StudyTranscriptsTest, ATranscriptThatNamesAnAudienceMemberIsTheirResponse) {
  auto study = interview();
  const std::string id = str(study, "id");
  EXPECT_EQ(participation(id).at("audience").as_int64(), 3);
  EXPECT_EQ(participation(id).at("responded").as_int64(), 0);

  // Named by e-mail (the label defaults to their name), by user id with a label of its own, and
  // one interviewee outside the cohort, who stays a label.
  auto by_email = transcript("", "Q1: Perseverance.\nQ2: Asking early.\nQ3: Reading.");
  by_email["email"] = "ADA@example.org";
  auto by_id = transcript("Mentor B", "Q1: Hustle.");
  by_id["user_id"] = ids_["ben"];
  by_id["group"] = "mentor";
  boost::json::array transcripts{by_email, by_id, transcript("Guest mentor", "Q1: Peers.")};
  import_and_wait(id, {{"transcripts", transcripts}});

  auto p = participation(id);
  EXPECT_EQ(p.at("audience").as_int64(), 3);
  EXPECT_EQ(p.at("responded").as_int64(), 2);
  EXPECT_EQ(p.at("responses").as_int64(), 3);
  ASSERT_EQ(p.at("not_responded").as_array().size(), 1u);
  EXPECT_EQ(str(p.at("not_responded").at(0), "user_id"), ids_["cleo"]);
  auto rs = responses(id);
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(str(rs["ada"], "respondent_user_id"), ids_["ada"]);
  EXPECT_EQ(str(rs["ada"], "group"), "mentor");
  EXPECT_EQ(str(rs["Mentor B"], "respondent_user_id"), ids_["ben"]);
  EXPECT_FALSE(rs["Guest mentor"].as_object().contains("respondent_user_id"));

  // Their transcript is their answer: the form tells them so and takes no second one.
  Reply view = get(who_["ada"], "/api/v1/studies/" + id);
  EXPECT_TRUE(view.json().at("responded").as_bool()) << view.body;
  Reply patch_open = patch(admin_, "/api/v1/studies/" + id, {{"status", "open"}});
  ASSERT_EQ(patch_open.status, 200) << patch_open.body;
  const std::string q1 = str(study.at("questions").at(0), "id");
  Reply again =
      post(who_["ada"], "/api/v1/studies/" + id + "/responses",
           {{"answers",
             boost::json::array{boost::json::object{{"question_id", q1}, {"text", "Twice"}}}}});
  EXPECT_EQ(again.status, 409) << again.body;

  // CSV names the person in an email column.
  auto headers = who_["analyst"].headers(origin());
  headers.emplace_back("Content-Type", "text/csv");
  Reply csv = http_->request("POST", "/api/v1/studies/" + id + "/transcript-imports",
                             "respondent,question,answer,email\nCleo,1,Reading,cleo@example.org\n"
                             "Cleo,2,Stamina,cleo@example.org\n",
                             headers);
  ASSERT_EQ(csv.status, 202) << csv.body;
  EXPECT_EQ(str(finished_job(who_["analyst"], str(csv.json(), "id")), "status"), "succeeded");
  EXPECT_EQ(participation(id).at("responded").as_int64(), 3);
  EXPECT_TRUE(participation(id).at("not_responded").as_array().empty());
}

TEST_F(StudyTranscriptsTest, APersonOutsideTheAudienceOrNamedTwiceIsRefusedAndNothingWritten) {
  auto study = interview();
  const std::string id = str(study, "id");
  import_and_wait(id, {{"transcripts", boost::json::array{[&] {
                          auto t = transcript("Ada", "Q1: Perseverance.");
                          t["email"] = "ada@example.org";
                          return t;
                        }()}}});

  int n = 0;
  auto named = [&n](const std::string& key, const std::string& value) {
    auto t = transcript("Someone " + std::to_string(++n), "Q1: Something.");
    t[key] = value;
    return t;
  };
  boost::json::array transcripts{
      named("email", "scholar@example.org"),        // in the cohort, not in the audience
      named("email", "nobody@example.org"),         // no such account
      named("email", "not an e-mail"),              // not an address
      named("email", "ada@example.org"),            // responded already
      named("user_id", ids_["ben"]),                // fine alone…
      named("email", "ben@example.org"),            // …but Ben is named twice
      named("email", "other.analyst@example.org"),  // another cohort
  };
  Reply bad = post(who_["analyst"], "/api/v1/studies/" + id + "/transcript-imports",
                   {{"transcripts", transcripts}});
  ASSERT_EQ(bad.status, 400) << bad.body;
  std::map<std::string, std::string> problems;
  const boost::json::value bad_json = bad.json();
  for (const auto& d : bad_json.at("error").at("details").as_array())
    problems[str(d, "column")] = str(d, "message");
  EXPECT_EQ(problems.size(), 6u) << bad.body;
  EXPECT_NE(problems["transcripts[0].email"].find("not in this study's audience"),
            std::string::npos)
      << bad.body;
  // An unknown address reads like a non-member's: nothing tells which accounts exist.
  EXPECT_EQ(problems["transcripts[1].email"],
            "nobody@example.org is not in this study's audience (a member of its cohort who "
            "answers it)");
  EXPECT_NE(problems["transcripts[2].email"].find("not an e-mail"), std::string::npos);
  EXPECT_NE(problems["transcripts[3].email"].find("already responded"), std::string::npos);
  EXPECT_NE(problems["transcripts[5].email"].find("named by two transcripts"), std::string::npos);
  EXPECT_TRUE(problems.count("transcripts[6].email"));
  EXPECT_EQ(participation(id).at("responded").as_int64(), 1);
  EXPECT_EQ(participation(id).at("responses").as_int64(), 1);

  // A CSV row names its line.
  auto headers = who_["analyst"].headers(origin());
  headers.emplace_back("Content-Type", "text/csv");
  Reply csv = http_->request(
      "POST", "/api/v1/studies/" + id + "/transcript-imports",
      "respondent,question,answer,email\nB,1,x,ben@example.org\nB,2,y,cleo@example.org\n"
      "S,1,z,scholar@example.org\n",
      headers);
  ASSERT_EQ(csv.status, 400) << csv.body;
  const auto csv_json = csv.json();
  const auto& details = csv_json.at("error").at("details").as_array();
  ASSERT_EQ(details.size(), 2u) << csv.body;
  EXPECT_EQ(details[0].at("line").as_int64(), 3);
  EXPECT_EQ(str(details[0], "column"), "email");
  EXPECT_EQ(details[1].at("line").as_int64(), 4);
  EXPECT_EQ(participation(id).at("responses").as_int64(), 1);
}

TEST_F(StudyTranscriptsTest, ACorrectionMovesTheSegmentsAndNeverCutsThrough) {
  auto study = interview();
  const std::string id = str(study, "id");
  auto response = ada_transcript(id, "Concise updtes. She kept going after two dead ends.");
  const boost::json::value answer = response.at("answers").at(0);
  const std::string answer_id = str(answer, "id");
  EXPECT_EQ(answer.at("version").as_int64(), 1);
  const std::string talk = code_named(who_["analyst"], id, "Research communication");
  const std::string grit = code_named(who_["analyst"], id, "Endurance and perseverance");
  code_passage(answer, id, "Concise updtes", "Research communication");
  code_passage(answer, id, "after two dead ends", "Endurance and perseverance");
  code_passage(answer, id, "She kept", "Endurance and perseverance");
  const std::string url = "/api/v1/answers/" + answer_id;

  // A typo fixed inside a coded passage: that passage grows, those after it move.
  Reply fixed =
      patch(who_["analyst"], url,
            {{"version", 1}, {"text", "Concise updates. She kept going after two dead ends."}});
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  EXPECT_EQ(fixed.json().at("version").as_int64(), 2);
  EXPECT_EQ(fixed.json().at("segments_moved").as_int64(), 3);
  EXPECT_EQ(fixed.json().at("length").as_int64(), 52);
  EXPECT_EQ(spans(answer_id),
            (std::set<std::string>{"0-15 " + talk, "17-25 " + grit, "32-51 " + grit}));

  // A stale version changes nothing and answers with the current text.
  Reply stale = patch(who_["analyst"], url, {{"version", 1}, {"text", "Something else."}});
  ASSERT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(stale.json().at("current").at("version").as_int64(), 2);

  // An edit that starts inside "She kept" and ends after it cuts through it, and one that
  // deletes " after two dead ends" cuts through that passage: both refused, naming it.
  for (const char* text : {"Concise updates. She carried on after two dead ends.",
                           "Concise updates. She kept going."}) {
    Reply cut = patch(who_["analyst"], url, {{"version", 2}, {"text", text}});
    ASSERT_EQ(cut.status, 409) << cut.body;
    EXPECT_EQ(str(cut.json().at("error"), "field"), "text");
    ASSERT_EQ(cut.json().at("error").at("details").as_array().size(), 1u) << cut.body;
    const std::string why = str(cut.json().at("error").at("details").at(0), "message");
    EXPECT_TRUE(why.find("cuts through “She kept”") != std::string::npos ||
                why.find("cuts through “after two dead ends”") != std::string::npos)
        << why;
  }
  EXPECT_EQ(spans(answer_id),
            (std::set<std::string>{"0-15 " + talk, "17-25 " + grit, "32-51 " + grit}));

  // Line ends are stored as LF; the text must say something; only the fields it knows.
  Reply crlf =
      patch(who_["analyst"], url,
            {{"version", 2}, {"text", "Concise updates. She kept going\r\nafter two dead ends."}});
  ASSERT_EQ(crlf.status, 200) << crlf.body;
  EXPECT_EQ(str(crlf.json(), "text"), "Concise updates. She kept going\nafter two dead ends.");
  EXPECT_EQ(spans(answer_id),
            (std::set<std::string>{"0-15 " + talk, "17-25 " + grit, "32-51 " + grit}));
  Reply empty = patch(who_["analyst"], url, {{"version", 3}, {"text", " \n"}});
  EXPECT_EQ(empty.status, 400) << empty.body;
  Reply unknown = patch(who_["analyst"], url, {{"version", 3}, {"text", "x"}, {"start", 1}});
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  EXPECT_EQ(patch(who_["analyst"], url, {{"text", "x"}}).status, 400);

  // The quotes follow the corrected text.
  Reply quotes = get(who_["analyst"], "/api/v1/studies/" + id + "/reports/quotes?code_id=" + talk);
  ASSERT_EQ(quotes.status, 200) << quotes.body;
  EXPECT_EQ(str(quotes.json().at("items").at(0), "text"), "Concise updates");

  // A form answer is the respondent's own words: not corrected, not deleted here.
  ASSERT_EQ(patch(admin_, "/api/v1/studies/" + id, {{"status", "open"}}).status, 200);
  const std::string q1 = str(study.at("questions").at(0), "id");
  Reply own = post(who_["ben"], "/api/v1/studies/" + id + "/responses",
                   {{"answers", boost::json::array{boost::json::object{
                                    {"question_id", q1}, {"text", "My own words."}}}}});
  ASSERT_EQ(own.status, 201) << own.body;
  Reply form = get(who_["analyst"], "/api/v1/responses/" + str(own.json().at("response"), "id"));
  const std::string form_answer = str(form.json().at("answers").at(0), "id");
  Reply refused =
      patch(who_["analyst"], "/api/v1/answers/" + form_answer, {{"version", 1}, {"text", "No."}});
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(str(refused.json().at("error"), "field"), "source");
  EXPECT_EQ(
      del(who_["analyst"], "/api/v1/responses/" + str(own.json().at("response"), "id")).status,
      409);
}

TEST_F(StudyTranscriptsTest, ADeletedTranscriptTakesItsCodingAndItsPersonsResponseWithIt) {
  auto study = interview();
  const std::string id = str(study, "id");
  auto response = ada_transcript(id, "She kept going after two dead ends.");
  code_passage(response.at("answers").at(0), id, "kept going", "Endurance and perseverance");
  EXPECT_EQ(participation(id).at("responded").as_int64(), 1);

  Reply gone = del(who_["analyst"], "/api/v1/responses/" + str(response, "id"));
  ASSERT_EQ(gone.status, 204) << gone.body;
  EXPECT_EQ(get(who_["analyst"], "/api/v1/responses/" + str(response, "id")).status, 404);
  EXPECT_EQ(del(who_["analyst"], "/api/v1/responses/" + str(response, "id")).status, 404);
  EXPECT_EQ(participation(id).at("responded").as_int64(), 0);
  EXPECT_EQ(participation(id).at("responses").as_int64(), 0);
  Reply segments = get(who_["analyst"], "/api/v1/studies/" + id + "/segments");
  EXPECT_TRUE(segments.json().at("items").as_array().empty()) << segments.body;
  Reply themes = get(who_["analyst"], "/api/v1/studies/" + id + "/reports/themes");
  ASSERT_EQ(themes.status, 200) << themes.body;
  const boost::json::value themes_json = themes.json();
  for (const auto& row : themes_json.at("items").as_array())
    EXPECT_EQ(row.at("segments").as_int64(), 0) << str(row, "name");

  // Audited, naming whose transcript went and how much coding with it.
  Reply log =
      get(who_["organizer"], "/api/v1/programs/" + program_ + "/audit-events?action=transcript.");
  ASSERT_EQ(log.status, 200) << log.body;
  ASSERT_EQ(log.json().at("items").as_array().size(), 1u) << log.body;
  EXPECT_EQ(str(log.json().at("items").at(0), "detail"),
            "the transcript of Ada with 1 coded segment");

  // Ada may now answer herself, or be interviewed again.
  ASSERT_EQ(patch(admin_, "/api/v1/studies/" + id, {{"status", "open"}}).status, 200);
  const std::string q1 = str(study.at("questions").at(0), "id");
  Reply own = post(who_["ada"], "/api/v1/studies/" + id + "/responses",
                   {{"answers", boost::json::array{boost::json::object{
                                    {"question_id", q1}, {"text", "In my own words."}}}}});
  EXPECT_EQ(own.status, 201) << own.body;
}

TEST_F(StudyTranscriptsTest, OnlyTheStudysStaffReadCorrectAndDeleteTranscripts) {
  auto study = interview();
  const std::string id = str(study, "id");
  // Who may do what to a transcript: read it, correct it, delete it (the study's coding staff).
  struct Expected {
    const char* who;
    int read, correct, remove;
  };
  const std::vector<Expected> table =
      {
          {"admin", 200, 200, 204},   {"organizer", 200, 200, 204},
          {"analyst", 200, 200, 204}, {"other.analyst", 404, 404, 404},
          {"ada", 200, 404, 404},  // the person it is about reads her own response, nothing more
          {"ben", 404, 404, 404},     {"scholar", 404, 404, 404},
          {"support", 404, 404, 404}, {"alumnus", 404, 404, 404},
          {"anon", 401, 401, 401},
      };
  for (const Expected& e : table) {
    SCOPED_TRACE(e.who);
    // A fresh transcript each time, so that every role meets one to delete.
    const boost::json::value before =
        get(who_["analyst"], "/api/v1/studies/" + id + "/responses").json();
    for (const auto& r : before.at("items").as_array())
      ASSERT_EQ(del(who_["analyst"], "/api/v1/responses/" + str(r, "id")).status, 204);
    auto response = ada_transcript(id, "She kept going.");
    const std::string rid = str(response, "id");
    const auto& answer = response.at("answers").at(0);
    EXPECT_EQ(get(who_[e.who], "/api/v1/responses/" + rid).status, e.read);
    Reply fix = patch(who_[e.who], "/api/v1/answers/" + str(answer, "id"),
                      {{"version", answer.at("version").as_int64()}, {"text", "She kept on."}});
    EXPECT_EQ(fix.status, e.correct) << fix.body;
    Reply gone = del(who_[e.who], "/api/v1/responses/" + rid);
    EXPECT_EQ(gone.status, e.remove) << gone.body;
    EXPECT_EQ(get(who_["analyst"], "/api/v1/responses/" + rid).status, e.remove == 204 ? 404 : 200);
  }
}

TEST_F(StudyTranscriptsTest, EveryPassageOfACodeReadsInContextPageByPage) {
  auto study = interview();
  const std::string id = str(study, "id");
  const std::string grit = code_named(who_["analyst"], id, "Endurance and perseverance");
  // A long answer: the context is cut at words, about 160 characters either side.
  std::string lead;
  for (int i = 0; i < 30; ++i) lead += "word" + std::to_string(i) + " ";
  auto ada = ada_transcript(id, lead + "she kept going after two dead ends and then " + lead);
  auto t = transcript("Guest mentor", "Q1: Mostly stamina.\nQ2: Stamina again.");
  import_and_wait(id, {{"transcripts", boost::json::array{t}}});
  auto guest = responses(id)["Guest mentor"];
  code_passage(ada.at("answers").at(0), id, "kept going", "Endurance and perseverance");
  code_passage(answer_to(guest, study, 1), id, "stamina", "Endurance and perseverance");
  code_passage(answer_to(guest, study, 2), id, "Stamina", "Endurance and perseverance");

  const std::string url = "/api/v1/studies/" + id + "/reports/quotes?code_id=" + grit;
  Reply first = get(who_["analyst"], url + "&limit=2");
  ASSERT_EQ(first.status, 200) << first.body;
  const boost::json::value page = first.json();
  ASSERT_EQ(page.at("items").as_array().size(), 2u);
  const std::string cursor = str(page, "next_cursor");
  ASSERT_FALSE(cursor.empty());
  const auto& q = page.at("items").at(0);
  EXPECT_EQ(str(q, "text"), "kept going");
  EXPECT_EQ(str(q, "respondent"), "Ada");
  EXPECT_EQ(str(q, "answer_id"), str(ada.at("answers").at(0), "id"));
  EXPECT_EQ(q.at("question_position").as_int64(), 1);
  const std::string before = str(q, "before"), after = str(q, "after");
  EXPECT_EQ(before.substr(before.size() - 4), "she ");
  EXPECT_LE(before.size(), 160u);
  EXPECT_EQ(before.rfind("word", 0), 0u) << "starts at a word: " << before;
  EXPECT_EQ(after.rfind(" after two dead ends and then word0 ", 0), 0u) << after;
  EXPECT_NE(after.back(), ' ');
  EXPECT_EQ(after.substr(after.rfind(' ') + 1).rfind("word", 0), 0u) << "ends at a word: " << after;
  EXPECT_EQ(str(page.at("items").at(1), "before"), "Mostly ");

  Reply second = get(who_["analyst"], url + "&limit=2&cursor=" + cursor);
  ASSERT_EQ(second.status, 200) << second.body;
  ASSERT_EQ(second.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(str(second.json().at("items").at(0), "text"), "Stamina");
  EXPECT_EQ(str(second.json().at("items").at(0), "after"), " again.");
  EXPECT_FALSE(second.json().as_object().contains("next_cursor"));

  // The code must be one of the study's; others than its staff learn nothing.
  EXPECT_EQ(get(who_["analyst"], "/api/v1/studies/" + id + "/reports/quotes").status, 400);
  EXPECT_EQ(get(who_["other.analyst"], url).status, 404);
  EXPECT_EQ(get(who_["ada"], url).status, 403);
}

TEST_F(StudyTranscriptsTest, ABlindCoderReadsTheirOwnPassagesAndProgress) {
  Reply made =
      post(who_["analyst"], "/api/v1/programs/" + program_ + "/studies",
           {{"template", "mentor_interview"}, {"cohort_id", cohort_}, {"blind_coding", true}});
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id = str(made.json(), "id");
  const std::string grit = code_named(who_["analyst"], id, "Endurance and perseverance");
  auto ada = ada_transcript(id, "She kept going.");
  code_passage(ada.at("answers").at(0), id, "kept going", "Endurance and perseverance");
  // The organizer codes the same answer's other words, blind too.
  const std::string answer = str(ada.at("answers").at(0), "id");
  ASSERT_EQ(post(who_["organizer"], "/api/v1/answers/" + answer + "/segments",
                 {{"start", 0}, {"end", 3}, {"code_ids", boost::json::array{grit}}})
                .status,
            201);

  const std::string url = "/api/v1/studies/" + id + "/reports/quotes?code_id=" + grit;
  EXPECT_EQ(get(who_["analyst"], url).status, 403);
  Reply own = get(who_["analyst"], url + "&coder_id=" + ids_["analyst"]);
  ASSERT_EQ(own.status, 200) << own.body;
  ASSERT_EQ(own.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(str(own.json().at("items").at(0), "text"), "kept going");
  EXPECT_EQ(get(who_["analyst"], url + "&coder_id=" + ids_["organizer"]).status, 403);

  Reply progress = get(who_["analyst"], "/api/v1/studies/" + id + "/coding-progress");
  ASSERT_EQ(progress.status, 200) << progress.body;
  EXPECT_TRUE(progress.json().at("own_only").as_bool());
  EXPECT_EQ(progress.json().at("answers").as_int64(), 1);
  EXPECT_EQ(progress.json().at("coded").as_int64(), 1);
}

TEST_F(StudyTranscriptsTest, CodingProgressCountsTheOpenAnswersThatCarryASegment) {
  auto study = interview();
  const std::string id = str(study, "id");
  auto progress = [&] {
    Reply r = get(who_["analyst"], "/api/v1/studies/" + id + "/coding-progress");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  };
  EXPECT_EQ(progress().at("answers").as_int64(), 0);
  auto ada = ada_transcript(id, "Perseverance.\nQ2: Asking early.\nQ3: Reading.");
  auto t = transcript("Guest mentor", "Q1: Stamina.");
  import_and_wait(id, {{"transcripts", boost::json::array{t}}});
  auto p = progress();
  EXPECT_EQ(p.at("answers").as_int64(), 4);
  EXPECT_EQ(p.at("coded").as_int64(), 0);
  EXPECT_FALSE(p.at("own_only").as_bool());

  // Two segments on one answer count it once; the organizer's coding counts too (not blind).
  const boost::json::value first = answer_to(ada, study, 1);
  code_passage(first, id, "Perseverance", "Endurance and perseverance");
  code_passage(first, id, "Perseverance", "Hustle and resourcefulness");
  const std::string reading = str(answer_to(ada, study, 3), "id");
  ASSERT_EQ(
      post(who_["organizer"], "/api/v1/answers/" + reading + "/segments",
           {{"start", 0},
            {"end", 7},
            {"code_ids", boost::json::array{code_named(who_["organizer"], id, "Reading habit")}}})
          .status,
      201);
  p = progress();
  EXPECT_EQ(p.at("coded").as_int64(), 2);
  std::set<std::string> coded;
  for (const auto& a : p.at("coded_answer_ids").as_array())
    coded.insert(std::string(a.as_string()));
  EXPECT_EQ(coded, (std::set<std::string>{str(first, "id"), reading}));
  EXPECT_EQ(get(who_["ben"], "/api/v1/studies/" + id + "/coding-progress").status, 403);
  EXPECT_EQ(get(who_["other.analyst"], "/api/v1/studies/" + id + "/coding-progress").status, 404);
}

}  // namespace
}  // namespace trellis::test
