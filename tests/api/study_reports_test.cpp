// Study codebooks seeded from the program's own framework, the theme report's top three by the
// respondents' own ranking question, and the side-by-side comparison of one question per side,
// over real HTTP on the backend the suite runs on.
#include <map>
#include <set>

#include "api/api_fixture.h"

namespace trellis::test {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

// A string member, or "" (failing the test) when the value has none.

class StudyReportsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    program_ = create_program("Fellowship");
    cohort_ = create_cohort(program_, "Winter");
    add_person(cohort_, "organizer@example.org", "organizer");
    add_person(cohort_, "analyst@example.org", "analyst");
    for (int i = 0; i < 8; ++i)
      add_person(cohort_, "scholar" + std::to_string(i) + "@example.org", "scholar");
    organizer_ = sign_in("organizer@example.org");
    analyst_ = sign_in("analyst@example.org");
  }

  Browser scholar(int i) { return sign_in("scholar" + std::to_string(i) + "@example.org"); }

  value make_study(object body) {
    body["cohort_id"] = cohort_;
    Reply r = post(analyst_, "/api/v1/programs/" + program_ + "/studies", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json() : value(nullptr);
  }

  void set_status(const std::string& study, const std::string& status) {
    Reply r = patch(admin_, "/api/v1/studies/" + study, {{"status", status}});
    EXPECT_EQ(r.status, 200) << r.body;
  }

  // The study's codes by name.
  std::map<std::string, value> codes(const std::string& study) {
    Reply r = get(analyst_, "/api/v1/studies/" + study + "/codes");
    EXPECT_EQ(r.status, 200) << r.body;
    std::map<std::string, value> out;
    if (r.status != 200) return out;
    const value json = r.json();
    for (const auto& c : json.at("items").as_array()) out[str(c, "name")] = c;
    return out;
  }

  // Renames a quality, retires another and adds one to the program's framework.
  void edit_framework(const std::string& rename_key, const std::string& new_name,
                      const std::string& retire_key) {
    const std::string target = "/api/v1/programs/" + program_ + "/framework";
    Reply current = get(organizer_, target);
    ASSERT_EQ(current.status, 200) << current.body;
    array qualities = current.json().at("qualities").as_array();
    for (auto& q : qualities) {
      if (str(q, "key") == rename_key) q.as_object()["name"] = new_name;
      if (str(q, "key") == retire_key) q.as_object()["retired"] = true;
    }
    qualities.push_back({{"key", "writing"},
                         {"name", "Technical writing"},
                         {"levels",
                          {{"1", "Drafts are hard to follow."},
                           {"3", "Clear drafts with some help."},
                           {"5", "Papers others cite for their clarity."}}}});
    Reply edited =
        put(organizer_, target,
            {{"based_on", current.json().at("version").as_int64()}, {"qualities", qualities}});
    ASSERT_EQ(edited.status, 200) << edited.body;
  }

  Reply respond(const Browser& who, const std::string& study, array answers) {
    return post(who, "/api/v1/studies/" + study + "/responses", {{"answers", answers}});
  }

  Reply segment(const std::string& answer, const std::string& code) {
    return post(analyst_, "/api/v1/answers/" + answer + "/segments",
                {{"start", 0}, {"end", 3}, {"code_ids", array{value(code)}}});
  }

  // The items of a theme report by name.
  static std::map<std::string, value> rows_by_name(const value& report) {
    std::map<std::string, value> out;
    for (const auto& row : report.at("items").as_array()) out[str(row, "name")] = row;
    return out;
  }

  std::string program_, cohort_;
  Browser organizer_, analyst_;
};

TEST_F(StudyReportsTest, TheCodebookStartsFromTheProgramsCurrentFramework) {
  // A program that never opened its framework: the default qualities and the extra codes.
  auto first = make_study({{"template", "mentor_interview"}});
  auto seeded = codes(str(first, "id"));
  EXPECT_EQ(seeded.size(), 13u);
  for (const char* name : {"Endurance and perseverance", "Raw intelligence", "Credentials (PhD)",
                           "Technical knowledge", "Confidence and imposter feelings"})
    EXPECT_TRUE(seeded.count(name)) << name;
  EXPECT_EQ(str(seeded["Raw intelligence"], "seed_key"), "raw_intelligence");

  // Organizers rename a quality, retire one and add one: the next study's codebook follows.
  edit_framework("perseverance", "Grit", "wellbeing");
  auto second = make_study({{"template", "scholar_self_perception"}});
  seeded = codes(str(second, "id"));
  EXPECT_EQ(seeded.size(), 13u) << "nine qualities - one retired + one added + four extra codes";
  ASSERT_TRUE(seeded.count("Grit"));
  EXPECT_EQ(str(seeded["Grit"], "seed_key"), "perseverance");
  EXPECT_FALSE(seeded.count("Endurance and perseverance"));
  EXPECT_FALSE(seeded.count("Emotional stability and wellbeing"))
      << "retired qualities are left out";
  ASSERT_TRUE(seeded.count("Technical writing"));
  EXPECT_EQ(str(seeded["Technical writing"], "seed_key"), "writing");
  // A quality without a summary is described by its levels.
  EXPECT_EQ(str(seeded["Technical writing"], "description"),
            "Low: Drafts are hard to follow. Typical: Clear drafts with some help. High: Papers "
            "others cite for their clarity.");
  EXPECT_NE(str(seeded["Grit"], "description").find("Stays energetic"), std::string::npos);
  EXPECT_TRUE(seeded.count("Raw intelligence"));

  // The first study's codebook is its own: unchanged by the edit.
  EXPECT_TRUE(codes(str(first, "id")).count("Endurance and perseverance"));

  // The templates name their questions, so the headline pair can be found in a study.
  Reply templates = get(analyst_, "/api/v1/study-templates");
  ASSERT_EQ(templates.status, 200);
  std::set<std::string> keys;
  const value templates_json = templates.json();
  for (const auto& t : templates_json.at("items").as_array())
    for (const auto& q : t.at("questions").as_array()) keys.insert(str(q, "key"));
  EXPECT_TRUE(keys.count("scholars_lack") && keys.count("self_lack"));
}

TEST_F(StudyReportsTest, TopThreeFollowsTheRespondentsOwnRankingQuestion) {
  auto study = make_study(
      {{"title", "What you lack"},
       {"audience", array{"scholar"}},
       {"questions",
        array{object{{"prompt", "What do you feel you most lack?"}},
              object{{"kind", "ranking"},
                     {"prompt", "Rank what you lack most"},
                     // A code's name (any case), a seed key, a framework quality's current
                     // name (renamed after the study was made), and an option naming no code.
                     {"options", array{"raw intelligence", "reading", "Grit",
                                       "Asking for help, social agency", "Luck"}}}}}});
  const std::string id = str(study, "id");
  const std::string open_q = str(study.at("questions").at(0), "id");
  const std::string rank_q = str(study.at("questions").at(1), "id");
  edit_framework("perseverance", "Grit", "wellbeing");
  set_status(id, "open");
  const std::vector<array> orders = {
      {"raw intelligence", "reading", "Grit", "Asking for help, social agency", "Luck"},
      {"Grit", "raw intelligence", "Luck", "reading", "Asking for help, social agency"},
      {"Luck", "Asking for help, social agency", "raw intelligence", "reading", "Grit"},
      {"reading", "Luck", "Asking for help, social agency", "Grit", "raw intelligence"},
  };
  for (std::size_t i = 0; i < orders.size(); ++i) {
    array answers{object{{"question_id", open_q}, {"text", "Being smart enough."}},
                  object{{"question_id", rank_q}, {"choices", orders[i]}}};
    ASSERT_EQ(respond(scholar(static_cast<int>(i)), id, answers).status, 201);
  }
  // One more respondent answers the open question only.
  ASSERT_EQ(
      respond(scholar(4), id, array{object{{"question_id", open_q}, {"text", "Time."}}}).status,
      201);

  Reply report = get(analyst_, "/api/v1/studies/" + id + "/reports/themes");
  ASSERT_EQ(report.status, 200) << report.body;
  const value json = report.json();
  ASSERT_TRUE(json.at("ranking").is_object()) << report.body;
  EXPECT_EQ(str(json.at("ranking"), "question_id"), rank_q);
  EXPECT_EQ(json.at("ranking").at("respondents").as_int64(), 4);
  EXPECT_FALSE(json.at("ranking").at("suppressed").as_bool());
  EXPECT_EQ(json.at("respondents").as_int64(), 5);
  auto rows = rows_by_name(json);
  EXPECT_EQ(rows["Raw intelligence"].at("top_three_ranked").as_int64(), 3);
  EXPECT_DOUBLE_EQ(rows["Raw intelligence"].at("top_three_ranked_share").as_double(), 0.75);
  EXPECT_EQ(rows["Reading habit"].at("top_three_ranked").as_int64(), 2);
  EXPECT_EQ(rows["Endurance and perseverance"].at("top_three_ranked").as_int64(), 2)
      << "\"Grit\" is the quality's current name";
  EXPECT_EQ(rows["Asking for help, social agency"].at("top_three_ranked").as_int64(), 2);
  EXPECT_FALSE(rows["Credentials (PhD)"].as_object().contains("top_three_ranked"))
      << "no option names this code";

  // The ranking respects the group filter like every other column.
  Reply mentors = get(analyst_, "/api/v1/studies/" + id + "/reports/themes?group=mentor");
  ASSERT_EQ(mentors.status, 200);
  EXPECT_EQ(mentors.json().at("ranking").at("respondents").as_int64(), 0);

  // No ranking question: ranking is null, and no row has the column.
  auto plain = make_study({{"template", "scholar_self_perception"}});
  Reply none = get(analyst_, "/api/v1/studies/" + str(plain, "id") + "/reports/themes");
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_TRUE(none.json().at("ranking").is_null());
  const value none_json = none.json();
  for (const auto& row : none_json.at("items").as_array())
    EXPECT_FALSE(row.as_object().contains("top_three_ranked"));
}

TEST_F(StudyReportsTest, AnonymousRankingsObeyTheMinimumGroupSize) {
  const array order{"Reading habit", "Raw intelligence", "Technical knowledge", "Credentials"};
  // A fresh study each time: closing an anonymous study with answers is final.
  auto closed_study = [&](int ranked, int unranked) {
    auto study = make_study(
        {{"title", "Anonymous lacks"},
         {"mode", "anonymous"},
         {"audience", array{"scholar"}},
         {"questions", array{object{{"prompt", "What do you lack?"}},
                             object{{"kind", "ranking"},
                                    {"prompt", "Rank"},
                                    {"options", array{"Reading habit", "Raw intelligence",
                                                      "Technical knowledge", "Credentials"}}}}}});
    const std::string id = str(study, "id");
    const std::string open_q = str(study.at("questions").at(0), "id");
    const std::string rank_q = str(study.at("questions").at(1), "id");
    set_status(id, "open");
    for (int i = 0; i < ranked + unranked; ++i) {
      array answers{object{{"question_id", open_q}, {"text", "Time to read."}}};
      if (i < ranked) answers.push_back(object{{"question_id", rank_q}, {"choices", order}});
      EXPECT_EQ(respond(scholar(i), id, answers).status, 201);
    }
    set_status(id, "closed");
    return id;
  };
  // Three respondents, below the minimum of five: the answers are not released at all.
  Reply small = get(analyst_, "/api/v1/studies/" + closed_study(3, 0) + "/reports/themes");
  EXPECT_EQ(small.status, 409) << small.body;

  // Five respondents, but only three ranked: the themes show, the ranking does not.
  Reply partial = get(analyst_, "/api/v1/studies/" + closed_study(3, 2) + "/reports/themes");
  ASSERT_EQ(partial.status, 200);
  const value partial_json = partial.json();
  EXPECT_FALSE(partial_json.at("suppressed").as_bool());
  EXPECT_TRUE(partial_json.at("ranking").at("suppressed").as_bool()) << partial.body;
  EXPECT_EQ(partial_json.at("ranking").at("respondents").as_int64(), 0);
  for (const auto& row : partial_json.at("items").as_array())
    EXPECT_FALSE(row.as_object().contains("top_three_ranked"));

  // Five rankings: shown. "Credentials" names the code "Credentials (PhD)" by its seed key.
  Reply full = get(analyst_, "/api/v1/studies/" + closed_study(5, 2) + "/reports/themes");
  const value full_json = full.json();
  EXPECT_FALSE(full_json.at("ranking").at("suppressed").as_bool()) << full.body;
  EXPECT_EQ(full_json.at("ranking").at("respondents").as_int64(), 5);
  auto rows = rows_by_name(full_json);
  EXPECT_EQ(rows["Reading habit"].at("top_three_ranked").as_int64(), 5);
  EXPECT_EQ(rows["Credentials (PhD)"].at("top_three_ranked").as_int64(), 0);
  EXPECT_DOUBLE_EQ(rows["Raw intelligence"].at("top_three_ranked_share").as_double(), 1.0);
}

TEST_F(StudyReportsTest, SideBySideComparesOneQuestionOfEachSide) {
  // Mentors, by transcripts: question 1 (promising scholars) and 2 (what most scholars lack).
  auto mentors = make_study({{"template", "mentor_interview"}});
  const std::string m = str(mentors, "id");
  const std::string m_q1 = str(mentors.at("questions").at(0), "id");
  const std::string m_q2 = str(mentors.at("questions").at(1), "id");
  array transcripts;
  for (int i = 0; i < 4; ++i)
    transcripts.push_back(
        {{"respondent", "Mentor " + std::to_string(i)},
         {"group", "mentor"},
         {"format", "markdown"},
         {"text", i < 2 ? "## 1\nShe kept going.\n## 2\nSmarts." : "## 1\nGrit."}});
  Reply job = post(analyst_, "/api/v1/studies/" + m + "/transcript-imports",
                   {{"transcripts", transcripts}});
  ASSERT_EQ(job.status, 202) << job.body;
  const boost::json::value imported = finished_job(analyst_, str(job.json(), "id"));
  ASSERT_FALSE(imported.is_null());
  ASSERT_EQ(str(imported, "status"), "succeeded") << boost::json::serialize(imported);
  auto m_codes = codes(m);
  const std::string m_perseverance = str(m_codes["Endurance and perseverance"], "id");
  const std::string m_raw = str(m_codes["Raw intelligence"], "id");
  Reply list = get(analyst_, "/api/v1/studies/" + m + "/responses");
  const value list_json = list.json();
  ASSERT_EQ(list_json.at("items").as_array().size(), 4u) << list.body;
  for (const auto& r : list_json.at("items").as_array())
    for (const auto& a : r.at("answers").as_array())
      ASSERT_EQ(
          segment(str(a, "id"), str(a, "question_id") == m_q1 ? m_perseverance : m_raw).status,
          201);

  // Scholars answer their one question.
  auto scholars = make_study({{"template", "scholar_self_perception"}});
  const std::string s = str(scholars, "id");
  const std::string s_q1 = str(scholars.at("questions").at(0), "id");
  set_status(s, "open");
  for (int i = 0; i < 2; ++i)
    ASSERT_EQ(respond(scholar(i), s, array{object{{"question_id", s_q1}, {"text", "Raw smarts."}}})
                  .status,
              201);
  const std::string s_raw = str(codes(s)["Raw intelligence"], "id");
  Reply s_list = get(analyst_, "/api/v1/studies/" + s + "/responses");
  const value s_list_json = s_list.json();
  for (const auto& r : s_list_json.at("items").as_array())
    ASSERT_EQ(segment(str(r.at("answers").at(0), "id"), s_raw).status, 201);

  auto compare = [&](const std::string& query) {
    Reply r =
        get(analyst_, "/api/v1/studies/" + s + "/reports/comparison?other_study_id=" + m + query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::map<std::string, value> rows;
    if (r.status != 200) return std::make_pair(value(nullptr), rows);
    value json = r.json();
    for (const auto& row : json.at("items").as_array()) rows[str(row, "key")] = row;
    return std::make_pair(json, rows);
  };
  // Whole studies: the mentors' side counts both questions.
  auto [whole, whole_rows] = compare("");
  EXPECT_EQ(whole.at("right").at("respondents").as_int64(), 4);
  EXPECT_DOUBLE_EQ(whole_rows["perseverance"].at("right_share").as_double(), 1.0);
  EXPECT_DOUBLE_EQ(whole_rows["raw_intelligence"].at("right_share").as_double(), 0.5);

  // The headline: scholars' "what do you feel you most lack?" beside mentors' "what do most
  // scholars lack?" only: perseverance (question 1) drops out of the mentors' side, and the
  // mentors' respondents are those who answered question 2.
  auto [headline, rows] = compare("&left_question_id=" + s_q1 + "&right_question_id=" + m_q2);
  EXPECT_EQ(str(headline.at("right"), "question_id"), m_q2);
  EXPECT_EQ(str(headline.at("right"), "question"), "What do most scholars lack?");
  EXPECT_EQ(str(headline.at("left"), "question_id"), s_q1);
  EXPECT_EQ(headline.at("right").at("respondents").as_int64(), 2);
  EXPECT_EQ(headline.at("left").at("respondents").as_int64(), 2);
  EXPECT_DOUBLE_EQ(rows["raw_intelligence"].at("right_share").as_double(), 1.0);
  EXPECT_DOUBLE_EQ(rows["raw_intelligence"].at("left_share").as_double(), 1.0);
  EXPECT_EQ(rows["perseverance"].at("right_respondents").as_int64(), 0);

  // A question of the wrong study, or not an id, is refused and named.
  Reply wrong = get(analyst_, "/api/v1/studies/" + s + "/reports/comparison?other_study_id=" + m +
                                  "&right_question_id=" + s_q1);
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_EQ(str(wrong.json().at("error"), "field"), "right_question_id");
  Reply junk = get(analyst_, "/api/v1/studies/" + s + "/reports/comparison?left_question_id=x");
  EXPECT_EQ(junk.status, 400) << junk.body;
  EXPECT_EQ(str(junk.json().at("error"), "field"), "left_question_id");
  // Not staff: hidden as before.
  EXPECT_EQ(get(scholar(0), "/api/v1/studies/" + s + "/reports/comparison?other_study_id=" + m +
                                "&right_question_id=" + m_q2)
                .status,
            403);
}

// Complement suppression across reports: six scholars and one mentor answer an anonymous study.
// The mentor group (one) is withheld; the scholars' own report must be withheld with it, or the
// whole study's report minus the scholars' would be the one mentor's coding. Before the fix the
// scholars' theme report, co-occurrence, group breakdown and comparison side were all shown.
TEST_F(StudyReportsTest, NoReportIsTheWholeMinusAShownGroup) {
  add_person(cohort_, "mentor0@example.org", "mentor");
  auto study = make_study({{"title", "What juniors lack"},
                           {"mode", "anonymous"},
                           {"audience", array{"scholar", "mentor"}},
                           {"questions", array{object{{"prompt", "What is missing?"}}}}});
  const std::string id = str(study, "id");
  const std::string question = str(study.at("questions").at(0), "id");
  set_status(id, "open");
  auto answer = [&](const Browser& who) {
    ASSERT_EQ(
        respond(who, id, array{object{{"question_id", question}, {"text", "Raw talent."}}}).status,
        201);
  };
  for (int i = 0; i < 6; ++i) answer(scholar(i));
  answer(sign_in("mentor0@example.org"));
  set_status(id, "closed");
  const std::string raw = str(codes(id)["Raw intelligence"], "id");
  const std::string reading = str(codes(id)["Reading habit"], "id");
  Reply list = get(analyst_, "/api/v1/studies/" + id + "/responses?limit=50");
  ASSERT_EQ(list.status, 200) << list.body;
  const value responses = list.json();
  ASSERT_EQ(responses.at("items").as_array().size(), 7u);
  for (const auto& r : responses.at("items").as_array())
    for (const auto& a : r.at("answers").as_array()) {
      ASSERT_EQ(segment(str(a, "id"), raw).status, 201);
      ASSERT_EQ(post(analyst_, "/api/v1/answers/" + str(a, "id") + "/segments",
                     {{"start", 4}, {"end", 10}, {"code_ids", array{value(reading)}}})
                    .status,
                201);
    }

  const std::string reports = "/api/v1/studies/" + id + "/reports/";
  Reply whole = get(analyst_, reports + "themes");
  ASSERT_EQ(whole.status, 200) << whole.body;
  EXPECT_FALSE(whole.json().at("suppressed").as_bool());
  EXPECT_EQ(whole.json().at("respondents").as_int64(), 7);
  for (const char* group : {"scholar", "mentor"}) {
    Reply themes = get(analyst_, reports + "themes?group=" + group);
    ASSERT_EQ(themes.status, 200) << themes.body;
    EXPECT_TRUE(themes.json().at("suppressed").as_bool()) << group << ": " << themes.body;
    Reply pairs = get(analyst_, reports + "co-occurrence?group=" + group);
    ASSERT_EQ(pairs.status, 200) << pairs.body;
    EXPECT_TRUE(pairs.json().at("suppressed").as_bool()) << group << ": " << pairs.body;
    EXPECT_TRUE(pairs.json().at("items").as_array().empty());
  }
  Reply groups = get(analyst_, reports + "groups");
  ASSERT_EQ(groups.status, 200) << groups.body;
  const value groups_json = groups.json();
  ASSERT_EQ(groups_json.at("groups").as_array().size(), 2u);
  for (const auto& g : groups_json.at("groups").as_array())
    EXPECT_TRUE(g.at("suppressed").as_bool()) << boost::json::serialize(g);
  Reply compared = get(analyst_, reports + "comparison");
  ASSERT_EQ(compared.status, 200) << compared.body;
  EXPECT_TRUE(compared.json().at("left").at("suppressed").as_bool()) << compared.body;
  EXPECT_TRUE(compared.json().at("right").at("suppressed").as_bool()) << compared.body;

  // With five mentors both groups are large enough, and both show. Closing an anonymous study
  // with answers is final, so this is a second study rather than the first one reopened.
  for (int i = 1; i < 5; ++i)
    add_person(cohort_, "mentor" + std::to_string(i) + "@example.org", "mentor");
  auto second = make_study({{"title", "What juniors lack, again"},
                            {"mode", "anonymous"},
                            {"audience", array{"scholar", "mentor"}},
                            {"questions", array{object{{"prompt", "What is missing?"}}}}});
  const std::string second_id = str(second, "id");
  const std::string second_question = str(second.at("questions").at(0), "id");
  set_status(second_id, "open");
  auto answer_second = [&](const Browser& who) {
    ASSERT_EQ(respond(who, second_id,
                      array{object{{"question_id", second_question}, {"text", "Raw talent."}}})
                  .status,
              201);
  };
  for (int i = 0; i < 6; ++i) answer_second(scholar(i));
  for (int i = 0; i < 5; ++i) answer_second(sign_in("mentor" + std::to_string(i) + "@example.org"));
  set_status(second_id, "closed");
  const std::string second_reports = "/api/v1/studies/" + second_id + "/reports/";
  Reply both = get(analyst_, second_reports + "groups");
  ASSERT_EQ(both.status, 200) << both.body;
  const value both_json = both.json();
  ASSERT_EQ(both_json.at("groups").as_array().size(), 2u) << both.body;
  for (const auto& g : both_json.at("groups").as_array())
    EXPECT_FALSE(g.at("suppressed").as_bool()) << boost::json::serialize(g);
  EXPECT_FALSE(
      get(analyst_, second_reports + "themes?group=scholar").json().at("suppressed").as_bool());
}

}  // namespace
}  // namespace trellis::test
