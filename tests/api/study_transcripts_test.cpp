// Transcripts of interviews over real HTTP, on the backend the suite runs on: a transcript that
// names its interviewee (e-mail or user id) is that audience member's response and counts in
// participation; transcripts can be read, corrected (coded segments move with the text, and an
// edit that would cut through one is refused) and deleted with their coding, by the study's
// staff only.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "api/api_fixture.h"

namespace trellis::test {
namespace {

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

  std::string program_, cohort_, other_cohort_, stream_;
  std::map<std::string, std::string> ids_;
  std::map<std::string, Browser> who_;
};

boost::json::object transcript(const std::string& respondent, const std::string& text) {
  boost::json::object t{{"text", text}};
  if (!respondent.empty()) t["respondent"] = respondent;
  return t;
}

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

}  // namespace
}  // namespace trellis::test
