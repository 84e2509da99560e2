// Frameworks, assessment rounds, assessments and reports over HTTP, on the backend of the
// suite: versioning, drafts and submissions with optimistic concurrency, closing, and above all
// who sees what (docs/access-control.md, "Assessments"), for every role: the scholar, another
// scholar of the stream (peer) and of another stream, the mentor of the stream and of another
// stream, support, organizer, analyst, alumnus, site administrator, another program's
// organizer and an anonymous caller.
#include <algorithm>
#include <map>
#include <set>

#include "api/api_fixture.h"

namespace trellis::test {
namespace {

class AssessmentsApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    program_ = create_program("Fellowship");
    cohort_ = create_cohort(program_, "Winter");
    s1_ = create_stream(cohort_, "Interpretability");
    s2_ = create_stream(cohort_, "Evaluations");
    std::string other_program = create_program("Other fellowship");
    std::string other_cohort = create_cohort(other_program, "Spring");
    add_cast(
        {
            {"scholar", cohort_, "scholar", s1_},
            {"peer1", cohort_, "scholar", s1_},
            {"peer2", cohort_, "scholar", s1_},
            {"peer3", cohort_, "scholar", s1_},
            {"other1", cohort_, "scholar", s2_},
            {"other2", cohort_, "scholar", s2_},
            {"mentor", cohort_, "mentor", s1_},
            {"mentor_other", cohort_, "mentor", s2_},
            {"support", cohort_, "support", ""},
            {"organizer", cohort_, "organizer", ""},
            {"analyst", cohort_, "analyst", ""},
            {"alumnus", cohort_, "alumnus", ""},
            {"organizer_other", other_cohort, "organizer", ""},
        },
        ids_, who_);
  }

  // All nine default qualities rated `score`, with evidence naming the rater's role.
  boost::json::array all_ratings(int score, const std::string& evidence) {
    boost::json::array out;
    for (const char* key :
         {"perseverance", "resourcefulness", "help_seeking", "peer_mentorship", "domain_models",
          "reading", "ml_expertise", "communication", "wellbeing"})
      out.push_back({{"quality", key}, {"score", score}, {"evidence", evidence}});
    return out;
  }

  std::string create_round(const std::string& name, boost::json::array kinds,
                           const std::string& selection = "none", int peers = 0,
                           const std::string& opens = "2020-01-01T00:00:00Z") {
    boost::json::object body{{"name", name},
                             {"opens_at", opens},
                             {"closes_at", "2099-01-01T00:00:00Z"},
                             {"rater_kinds", std::move(kinds)}};
    if (selection != "none") {
      body["peer_selection"] = selection;
      body["peers_per_scholar"] = peers;
    }
    Reply r = post(who_["organizer"], "/api/v1/cohorts/" + cohort_ + "/assessment-rounds", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? str(r.json(), "id") : "";
  }

  // The assessment id where `rater` rates `subject` as `kind` (through the organizer's list).
  std::string assessment(const std::string& round, const std::string& rater,
                         const std::string& subject, const std::string& kind) {
    std::string cursor;
    for (;;) {
      Reply r =
          get(who_["organizer"], "/api/v1/assessment-rounds/" + round + "/assignments?limit=200" +
                                     (cursor.empty() ? "" : "&cursor=" + cursor));
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.status != 200) return "";
      const boost::json::value page = r.json();
      for (const auto& a : page.at("items").as_array())
        if (str(a, "rater_id") == ids_[rater] && str(a, "subject_id") == ids_[subject] &&
            str(a, "rater_kind") == kind)
          return str(a, "id");
      if (!page.as_object().contains("next_cursor")) return "";
      cursor = str(page, "next_cursor");
    }
  }

  // Submits all nine qualities as `rater`; returns the status.
  int submit(const std::string& id, const std::string& rater, int score,
             const std::string& evidence) {
    Reply current = get(who_[rater], "/api/v1/assessments/" + id);
    EXPECT_EQ(current.status, 200) << current.body;
    Reply r = put(who_[rater], "/api/v1/assessments/" + id,
                  {{"version", current.json().at("version")},
                   {"status", "submitted"},
                   {"ratings", all_ratings(score, evidence)}});
    return r.status;
  }

  int status_as(const std::string& who, const std::string& target) {
    return get(who_[who], target).status;
  }

  std::string program_, cohort_, s1_, s2_;
  std::map<std::string, std::string> ids_;
  std::map<std::string, Browser> who_;
};

TEST_F(AssessmentsApi, FrameworkEditsMakeVersionsAndRoundsKeepTheirs) {
  const std::string target = "/api/v1/programs/" + program_ + "/framework";
  Reply v1 = get(who_["scholar"], target);
  ASSERT_EQ(v1.status, 200) << v1.body;
  EXPECT_EQ(v1.json().at("version").as_int64(), 1);
  ASSERT_EQ(v1.json().at("qualities").as_array().size(), 9u);
  EXPECT_EQ(str(v1.json().at("qualities").at(0), "key"), "perseverance");
  EXPECT_TRUE(v1.json().at("qualities").at(0).at("levels").as_object().contains("3"));

  std::string round = create_round("Midterm", {"self"});
  auto round_json = get(who_["organizer"], "/api/v1/assessment-rounds/" + round).json();
  EXPECT_EQ(str(round_json, "framework_version_id"), str(v1.json(), "id"));

  // Rename, reorder, retire and add: a new version.
  boost::json::array qualities = v1.json().at("qualities").as_array();
  qualities[0].as_object()["name"] = "Grit";
  qualities[8].as_object()["retired"] = true;
  std::swap(qualities[1], qualities[2]);
  qualities.push_back({{"key", "writing"},
                       {"name", "Technical writing"},
                       {"levels", {{"1", "Rarely"}, {"3", "Usually"}, {"5", "A model"}}}});
  Reply v2 = put(who_["organizer"], target, {{"based_on", 1}, {"qualities", qualities}});
  ASSERT_EQ(v2.status, 200) << v2.body;
  EXPECT_EQ(v2.json().at("version").as_int64(), 2);
  EXPECT_EQ(str(v2.json().at("qualities").at(0), "name"), "Grit");
  EXPECT_EQ(str(v2.json().at("qualities").at(1), "key"), "help_seeking");
  EXPECT_TRUE(v2.json().at("qualities").at(8).at("retired").as_bool());

  // A stale edit is refused, never merged; removing a quality is refused too.
  Reply stale = put(who_["organizer"], target, {{"based_on", 1}, {"qualities", qualities}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  boost::json::array fewer = qualities;
  fewer.erase(fewer.begin());
  Reply removed = put(who_["organizer"], target, {{"based_on", 2}, {"qualities", fewer}});
  EXPECT_EQ(removed.status, 400) << removed.body;
  EXPECT_EQ(str(removed.json().at("error"), "field"), "qualities");
  qualities[3].as_object()["levels"] = {{"1", "x"}};
  Reply missing_level = put(who_["organizer"], target, {{"based_on", 2}, {"qualities", qualities}});
  EXPECT_EQ(missing_level.status, 400);
  EXPECT_EQ(str(missing_level.json().at("error"), "field"), "qualities[3].levels[3]");
  EXPECT_EQ(put(who_["mentor"], target, {{"based_on", 2}, {"qualities", qualities}}).status, 403);

  // History does not change: the round still uses version 1 with the old name.
  Reply old =
      get(who_["scholar"], "/api/v1/framework-versions/" + str(round_json, "framework_version_id"));
  ASSERT_EQ(old.status, 200);
  EXPECT_EQ(str(old.json().at("qualities").at(0), "name"), "Endurance and perseverance");
  Reply versions = get(who_["organizer"], target + "/versions");
  ASSERT_EQ(versions.json().at("items").as_array().size(), 2u);
  EXPECT_EQ(versions.json().at("items").at(0).at("version").as_int64(), 2);
  EXPECT_EQ(status_as("organizer_other", target), 404);
  EXPECT_EQ(status_as("anon", target), 401);
}

TEST_F(AssessmentsApi, DraftsVersionsAndClosing) {
  std::string round = create_round("Midterm", {"self", "mentor"});
  std::string self = assessment(round, "scholar", "scholar", "self");
  ASSERT_FALSE(self.empty());

  Reply due = get(who_["scholar"], "/api/v1/me/assessments");
  ASSERT_EQ(due.status, 200);
  ASSERT_EQ(due.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(str(due.json().at("items").at(0), "assessment_id"), self);
  EXPECT_EQ(get(who_["mentor"], "/api/v1/me/assessments").json().at("items").as_array().size(),
            4u);  // the four scholars of the stream

  const std::string target = "/api/v1/assessments/" + self;
  Reply draft = put(
      who_["scholar"], target,
      {{"version", 0},
       {"status", "draft"},
       {"ratings",
        {{{"quality", "reading"}, {"score", 4}}, {{"quality", "wellbeing"}, {"score", nullptr}}}}});
  ASSERT_EQ(draft.status, 200) << draft.body;
  EXPECT_EQ(draft.json().at("version").as_int64(), 1);
  EXPECT_EQ(str(draft.json(), "status"), "draft");
  EXPECT_TRUE(draft.json().at("ratings").at(1).at("score").is_null());  // cannot judge

  Reply stale = put(who_["scholar"], target,
                    {{"version", 0}, {"status", "draft"}, {"ratings", boost::json::array{}}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(str(stale.json().at("error"), "field"), "version");

  Reply incomplete = put(who_["scholar"], target,
                         {{"version", 1},
                          {"status", "submitted"},
                          {"ratings", boost::json::array{{{"quality", "reading"}, {"score", 4}}}}});
  EXPECT_EQ(incomplete.status, 400) << incomplete.body;
  Reply bad_score = put(who_["scholar"], target,
                        {{"version", 1},
                         {"status", "draft"},
                         {"ratings", boost::json::array{{{"quality", "reading"}, {"score", 6}}}}});
  EXPECT_EQ(bad_score.status, 400);
  EXPECT_EQ(str(bad_score.json().at("error"), "field"), "ratings[0].score");
  Reply unknown = put(who_["scholar"], target,
                      {{"version", 1},
                       {"status", "draft"},
                       {"ratings", boost::json::array{{{"quality", "charisma"}, {"score", 3}}}}});
  EXPECT_EQ(unknown.status, 400);

  EXPECT_EQ(submit(self, "scholar", 4, "I read every week."), 200);
  EXPECT_TRUE(get(who_["scholar"], "/api/v1/me/assessments").json().at("items").as_array().empty());
  EXPECT_EQ(submit(self, "scholar", 3, "Edited before the close."), 200);  // still editable

  Reply closed = post(who_["organizer"], "/api/v1/assessment-rounds/" + round + "/closure",
                      boost::json::object{});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(str(closed.json(), "state"), "closed");
  EXPECT_EQ(submit(self, "scholar", 5, "After the close."), 409);
  EXPECT_EQ(post(who_["organizer"], "/api/v1/assessment-rounds/" + round + "/closure",
                 boost::json::object{})
                .status,
            409);
  EXPECT_EQ(patch(who_["organizer"], "/api/v1/assessment-rounds/" + round, {{"name", "x"}}).status,
            409);
  Reply after = get(who_["scholar"], target);
  EXPECT_EQ(after.json().at("ratings").at(0).at("score").as_int64(), 3);

  // A round that has not opened yet refuses ratings too.
  std::string later = create_round("Final", {"self"}, "none", 0, "2027-03-01T00:00:00Z");
  EXPECT_EQ(submit(assessment(later, "scholar", "scholar", "self"), "scholar", 3, ""), 409);
}

TEST_F(AssessmentsApi, PeersAreChosenAsTheRoundSays) {
  std::string random = create_round("Random", {"peer"}, "random", 2);
  Reply list = get(who_["organizer"], "/api/v1/assessment-rounds/" + random + "/assignments");
  std::map<std::string, int> raters_of;
  const boost::json::value assignments = list.json();
  for (const auto& a : assignments.at("items").as_array()) ++raters_of[str(a, "subject_id")];
  for (const char* s : {"scholar", "peer1", "peer2", "peer3"}) EXPECT_EQ(raters_of[ids_[s]], 2);
  EXPECT_EQ(raters_of[ids_["other1"]], 1);  // a stream of two: one possible peer
  const std::string nominate = "/api/v1/assessment-rounds/" + random + "/peer-nominations";
  EXPECT_EQ(post(who_["organizer"], nominate,
                 {{"subject_id", ids_["scholar"]}, {"rater_id", ids_["peer1"]}})
                .status,
            409);

  std::string chosen = create_round("Chosen", {"self", "peer"}, "scholar", 2);
  const std::string path = "/api/v1/assessment-rounds/" + chosen + "/peer-nominations";
  EXPECT_EQ(
      post(who_["scholar"], path, {{"subject_id", ids_["scholar"]}, {"rater_id", ids_["peer1"]}})
          .status,
      201);
  EXPECT_EQ(
      post(who_["scholar"], path, {{"subject_id", ids_["scholar"]}, {"rater_id", ids_["other1"]}})
          .status,
      400);  // another stream
  EXPECT_EQ(
      post(who_["peer2"], path, {{"subject_id", ids_["scholar"]}, {"rater_id", ids_["peer2"]}})
          .status,
      403);  // only the scholar chooses
  EXPECT_EQ(
      post(who_["scholar"], path, {{"subject_id", ids_["scholar"]}, {"rater_id", ids_["peer2"]}})
          .status,
      201);
  EXPECT_EQ(
      post(who_["scholar"], path, {{"subject_id", ids_["scholar"]}, {"rater_id", ids_["peer3"]}})
          .status,
      409);  // two peers per scholar
}

TEST_F(AssessmentsApi, WhoSeesWhatOfOneScholar) {
  std::string round = create_round("Midterm", {"self", "mentor", "peer"}, "organizer", 3);
  const std::string nominate = "/api/v1/assessment-rounds/" + round + "/peer-nominations";
  for (const char* p : {"peer1", "peer2", "peer3"})
    ASSERT_EQ(
        post(who_["organizer"], nominate, {{"subject_id", ids_["scholar"]}, {"rater_id", ids_[p]}})
            .status,
        201);
  std::string self = assessment(round, "scholar", "scholar", "self");
  std::string by_mentor = assessment(round, "mentor", "scholar", "mentor");
  std::string by_peer1 = assessment(round, "peer1", "scholar", "peer");
  ASSERT_EQ(submit(self, "scholar", 5, "self words"), 200);
  ASSERT_EQ(submit(by_mentor, "mentor", 3, "mentor words"), 200);
  ASSERT_EQ(submit(by_peer1, "peer1", 4, "peer one words"), 200);
  ASSERT_EQ(submit(assessment(round, "peer2", "scholar", "peer"), "peer2", 4, "peer two words"),
            200);
  ASSERT_EQ(submit(assessment(round, "peer3", "scholar", "peer"), "peer3", 2, ""), 200);

  // Individual assessments: a peer's is its author's alone.
  const std::string self_path = "/api/v1/assessments/" + self;
  const std::string peer_path = "/api/v1/assessments/" + by_peer1;
  std::map<std::string, std::pair<int, int>> expected = {
      // who: {self-assessment, peer1's assessment}
      {"scholar", {200, 404}}, {"peer1", {404, 200}},     {"peer2", {404, 404}},
      {"other1", {404, 404}},  {"mentor", {200, 404}},    {"mentor_other", {404, 404}},
      {"support", {404, 404}}, {"organizer", {200, 404}}, {"analyst", {404, 404}},
      {"alumnus", {404, 404}}, {"admin", {200, 404}},     {"organizer_other", {404, 404}},
      {"anon", {401, 401}},
  };
  for (const auto& [who, statuses] : expected) {
    EXPECT_EQ(status_as(who, self_path), statuses.first) << who;
    EXPECT_EQ(status_as(who, peer_path), statuses.second) << who;
  }

  // The scholar report: who may read it.
  const std::string report =
      "/api/v1/cohorts/" + cohort_ + "/scholars/" + ids_["scholar"] + "/assessment-report";
  std::map<std::string, int> report_status = {
      {"scholar", 200},      {"peer1", 403},   {"other1", 404},          {"mentor", 200},
      {"mentor_other", 404}, {"support", 403}, {"organizer", 200},       {"analyst", 403},
      {"alumnus", 403},      {"admin", 200},   {"organizer_other", 404}, {"anon", 401},
  };
  for (const auto& [who, status] : report_status) EXPECT_EQ(status_as(who, report), status) << who;

  // While the round is open the scholar sees only their own ratings.
  Reply open = get(who_["scholar"], report);
  auto q0 = open.json().at("qualities").at(0).as_object();
  EXPECT_EQ(q0.at("self").as_int64(), 5);
  EXPECT_FALSE(q0.contains("mentor"));
  EXPECT_FALSE(q0.contains("peer_mean"));
  EXPECT_FALSE(open.json().at("mentor_visible").as_bool());
  EXPECT_EQ(open.body.find("mentor words"), std::string::npos);

  // The mentor sees everything about their scholar but the peers, who show only as a mean and
  // only once the round is closed (before, each submission would move the mean).
  Reply mentor = get(who_["mentor"], report);
  auto m0 = mentor.json().at("qualities").at(0).as_object();
  EXPECT_DOUBLE_EQ(m0.at("mentor").as_double(), 3.0);
  EXPECT_FALSE(m0.contains("peer_mean"));
  EXPECT_FALSE(mentor.json().at("peer_visible").as_bool());
  EXPECT_DOUBLE_EQ(m0.at("gap").as_double(), 2.0);
  for (const char* p : {"peer1", "peer2", "peer3"})
    EXPECT_EQ(mentor.body.find(ids_[p]), std::string::npos) << "a peer's id in the report";

  // After the close the scholar sees the mentor and the peer mean, peers' words unattributed.
  ASSERT_EQ(post(who_["organizer"], "/api/v1/assessment-rounds/" + round + "/closure",
                 boost::json::object{})
                .status,
            200);
  Reply closed = get(who_["scholar"], report);
  ASSERT_EQ(closed.status, 200);
  auto c0 = closed.json().at("qualities").at(0).as_object();
  EXPECT_TRUE(closed.json().at("mentor_visible").as_bool());
  EXPECT_DOUBLE_EQ(c0.at("mentor").as_double(), 3.0);
  EXPECT_NEAR(c0.at("peer_mean").as_double(), 10.0 / 3.0, 0.001);
  auto peers_words = c0.at("evidence").at("peers").as_array();
  EXPECT_EQ(peers_words.size(), 2u);
  EXPECT_EQ(closed.body.find(ids_["peer1"]), std::string::npos);
  // The mentor gave every quality a 3: none stands out, so neither list names one.
  EXPECT_EQ(closed.json().at("strongest").as_array().size(), 0u);
  EXPECT_EQ(closed.json().at("weakest").as_array().size(), 0u);
  auto mentor_closed = get(who_["mentor"], report).json().at("qualities").at(0).as_object();
  EXPECT_NEAR(mentor_closed.at("peer_mean").as_double(), 10.0 / 3.0, 0.001);

  // A program may keep mentor ratings from scholars.
  ASSERT_EQ(
      patch(admin_, "/api/v1/programs/" + program_, {{"show_mentor_ratings_to_scholars", false}})
          .status,
      200);
  Reply hidden = get(who_["scholar"], report);
  EXPECT_FALSE(hidden.json().at("mentor_visible").as_bool());
  EXPECT_FALSE(hidden.json().at("qualities").at(0).as_object().contains("mentor"));
  EXPECT_EQ(hidden.body.find("mentor words"), std::string::npos);
  EXPECT_TRUE(get(who_["mentor"], report).json().at("mentor_visible").as_bool());

  // The export: organizers all, mentors their stream, the scholar their own rows.
  const std::string csv = "/api/v1/cohorts/" + cohort_ + "/assessment-export";
  Reply org = get(who_["organizer"], csv);
  ASSERT_EQ(org.status, 200) << org.body;
  EXPECT_EQ(org.header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_NE(org.header("Content-Disposition").value_or("").find("assessments.csv"),
            std::string::npos);
  EXPECT_EQ(org.body.rfind("round_id,round,scholar_id,scholar,rater_kind,quality,score\r\n", 0),
            0u);
  EXPECT_NE(org.body.find(",peer,perseverance,3.333"), std::string::npos) << org.body;
  EXPECT_EQ(org.body.find("peer one"), std::string::npos);
  Reply own = get(who_["scholar"], csv + "?format=json");
  ASSERT_EQ(own.status, 200);
  EXPECT_EQ(own.header("Content-Type"), "application/json");
  std::set<std::string> kinds;
  const boost::json::value own_rows = own.json();
  for (const auto& row : own_rows.at("items").as_array()) {
    EXPECT_EQ(str(row, "scholar_id"), ids_["scholar"]);
    kinds.insert(str(row, "rater_kind"));
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"self", "peer"}));  // mentor rows withheld now
  EXPECT_TRUE(get(who_["other1"], csv + "?format=json").json().at("items").as_array().empty());
  EXPECT_EQ(get(who_["mentor_other"], csv).body.find(ids_["scholar"]), std::string::npos);
  EXPECT_NE(get(who_["mentor"], csv).body.find(ids_["scholar"]), std::string::npos);
  EXPECT_EQ(status_as("support", csv), 403);
  EXPECT_EQ(status_as("analyst", csv), 403);
  EXPECT_EQ(status_as("alumnus", csv), 403);
  EXPECT_EQ(status_as("organizer_other", csv), 404);
  EXPECT_EQ(status_as("anon", csv), 401);
}

TEST_F(AssessmentsApi, CohortReportAggregatesObeyTheMinimumGroupSize) {
  ASSERT_EQ(patch(admin_, "/api/v1/programs/" + program_, {{"min_group_size", 3}}).status, 200);
  std::string first = create_round("Start", {"self", "mentor"});
  std::map<std::string, std::string> mentor_of = {
      {"scholar", "mentor"}, {"peer1", "mentor"},        {"peer2", "mentor"},
      {"peer3", "mentor"},   {"other1", "mentor_other"}, {"other2", "mentor_other"}};
  int i = 0;
  for (const auto& [scholar, mentor] : mentor_of) {
    ASSERT_EQ(submit(assessment(first, scholar, scholar, "self"), scholar, 4, ""), 200);
    ASSERT_EQ(submit(assessment(first, mentor, scholar, "mentor"), mentor, 2 + (i++ % 2), ""), 200);
  }
  ASSERT_EQ(post(who_["organizer"], "/api/v1/assessment-rounds/" + first + "/closure",
                 boost::json::object{})
                .status,
            200);
  std::string second = create_round("End", {"self", "mentor"});
  for (const char* scholar : {"scholar", "peer1"})  // only two: below the minimum of three
    ASSERT_EQ(submit(assessment(second, scholar, scholar, "self"), scholar, 5, ""), 200);

  const std::string report = "/api/v1/assessment-rounds/" + first + "/cohort-report";
  std::map<std::string, int> status = {
      {"scholar", 403},      {"peer1", 403},   {"other1", 403},          {"mentor", 200},
      {"mentor_other", 200}, {"support", 403}, {"organizer", 200},       {"analyst", 200},
      {"alumnus", 403},      {"admin", 200},   {"organizer_other", 404}, {"anon", 401}};
  for (const auto& [who, s] : status) EXPECT_EQ(status_as(who, report), s) << who;

  Reply r = get(who_["analyst"], report);
  ASSERT_EQ(r.status, 200) << r.body;
  auto q = r.json().at("qualities").at(0).as_object();
  EXPECT_EQ(r.json().at("scholars").as_int64(), 6);
  EXPECT_EQ(q.at("by_kind").at("self").at("n").as_int64(), 6);
  EXPECT_EQ(q.at("by_kind").at("self").at("distribution").at(3).as_int64(), 6);  // six 4s
  auto gap = q.at("gap").as_object();
  EXPECT_EQ(gap.at("n").as_int64(), 6);
  EXPECT_NEAR(gap.at("mean").as_double(), 1.5, 1e-9);
  EXPECT_LT(gap.at("ci95").at(0).as_double(), 1.5);
  EXPECT_GT(gap.at("ci95").at(1).as_double(), 1.5);
  EXPECT_DOUBLE_EQ(gap.at("over_share").as_double(), 1.0);
  // Two streams of four and two: the small one is hidden, and so is the large one, whose
  // complement (two) is below the minimum. Each says why, and only the small one its size.
  const boost::json::value body = r.json();
  std::multiset<std::string> reasons;
  for (const auto& s : body.at("streams").as_array()) {
    EXPECT_TRUE(s.at("suppressed").as_bool()) << boost::json::serialize(s);
    reasons.insert(str(s, "reason"));
    if (str(s, "reason") == "group_too_small") {
      EXPECT_EQ(s.at("n").as_int64(), 2);
      EXPECT_EQ(s.at("min_group_size").as_int64(), 3);
    } else {
      EXPECT_FALSE(s.as_object().contains("n")) << boost::json::serialize(s);
    }
  }
  EXPECT_EQ(reasons, (std::multiset<std::string>{"complement", "group_too_small"}));

  // Self-mentor agreement (weighted kappa) is reported per quality and pooled.
  bool pooled = false;
  for (const auto& rel : body.at("reliability").as_array()) {
    EXPECT_EQ(str(rel, "measure"), "weighted_kappa_self_mentor");
    if (!rel.as_object().contains("quality")) {
      pooled = true;
      EXPECT_EQ(rel.at("n").as_int64(), 54);  // six scholars × nine qualities
      EXPECT_TRUE(rel.at("value").is_number()) << boost::json::serialize(rel);
    }
  }
  EXPECT_TRUE(pooled);

  // The second round: two self-ratings, too few, and no change is shown.
  Reply later = get(who_["organizer"], "/api/v1/assessment-rounds/" + second + "/cohort-report");
  ASSERT_EQ(later.status, 200);
  auto lq = later.json().at("qualities").at(0).as_object();
  // "group too small (2 < 3)", not a vague "not enough responses".
  const auto& self_later = lq.at("by_kind").at("self");
  EXPECT_TRUE(self_later.at("suppressed").as_bool());
  EXPECT_EQ(str(self_later, "reason"), "group_too_small");
  EXPECT_EQ(self_later.at("n").as_int64(), 2);
  EXPECT_EQ(self_later.at("min_group_size").as_int64(), 3);
  EXPECT_TRUE(lq.at("gap").at("suppressed").as_bool());
  EXPECT_TRUE(lq.at("change").at("self").at("suppressed").as_bool());
  EXPECT_EQ(str(later.json(), "previous_round_id"), first);

  // The heatmap: organizers see every scholar, a mentor their stream, others nothing.
  const std::string heatmap = "/api/v1/assessment-rounds/" + first + "/heatmap";
  EXPECT_EQ(get(who_["organizer"], heatmap).json().at("items").as_array().size(), 6u);
  Reply own_stream = get(who_["mentor_other"], heatmap);
  ASSERT_EQ(own_stream.json().at("items").as_array().size(), 2u);
  EXPECT_EQ(str(own_stream.json().at("items").at(0), "stream_id"), s2_);
  Reply paged = get(who_["organizer"], heatmap + "?limit=4");
  EXPECT_EQ(paged.json().at("items").as_array().size(), 4u);
  EXPECT_EQ(get(who_["organizer"], heatmap + "?limit=4&cursor=" + str(paged.json(), "next_cursor"))
                .json()
                .at("items")
                .as_array()
                .size(),
            2u);
  for (const char* who : {"scholar", "support", "analyst", "alumnus"})
    EXPECT_EQ(status_as(who, heatmap), 403) << who;
  EXPECT_EQ(status_as("organizer_other", heatmap), 404);

  // Growth for one scholar across the two rounds, in points (the SD of a constant is 0). The
  // mentor rates first: only then does the scholar's self-rating of that round open to them.
  ASSERT_EQ(submit(assessment(second, "mentor", "scholar", "mentor"), "mentor", 3, ""), 200);
  Reply growth = get(who_["mentor"], "/api/v1/cohorts/" + cohort_ + "/scholars/" + ids_["scholar"] +
                                         "/assessment-report");
  ASSERT_EQ(growth.status, 200) << growth.body;
  auto g0 = growth.json().at("growth").at(0).as_object();
  EXPECT_EQ(g0.at("points").as_array().size(), 2u);
  EXPECT_DOUBLE_EQ(g0.at("change").at("self").at("points").as_double(), 1.0);
}

// Finding: a mentor subtracted their own stream's heatmap rows from the cohort figures and got
// the other stream's scholars exactly. With streams of four (mentor's) and two, every cohort
// figure covers two scholars the mentor cannot see one by one: withheld from that mentor, shown
// to the other stream's mentor (four unseen), the analyst (six) and the organizer (none unseen).
TEST_F(AssessmentsApi, CohortFiguresCannotBeTheOtherStreamByDifference) {
  ASSERT_EQ(patch(admin_, "/api/v1/programs/" + program_, {{"min_group_size", 3}}).status, 200);
  std::string round = create_round("Start", {"self", "mentor"});
  std::map<std::string, std::string> mentor_of = {
      {"scholar", "mentor"}, {"peer1", "mentor"},        {"peer2", "mentor"},
      {"peer3", "mentor"},   {"other1", "mentor_other"}, {"other2", "mentor_other"}};
  for (const auto& [scholar, mentor] : mentor_of) {
    ASSERT_EQ(submit(assessment(round, scholar, scholar, "self"), scholar, 4, ""), 200);
    ASSERT_EQ(submit(assessment(round, mentor, scholar, "mentor"), mentor,
                     scholar == "other1" ? 1 : 3, ""),
              200);
  }
  ASSERT_EQ(post(who_["organizer"], "/api/v1/assessment-rounds/" + round + "/closure",
                 boost::json::object{})
                .status,
            200);
  const std::string report = "/api/v1/assessment-rounds/" + round + "/cohort-report";
  // The mentor of the four would subtract four known rows from six.
  Reply own = get(who_["mentor"], report);
  ASSERT_EQ(own.status, 200) << own.body;
  const boost::json::value own_json = own.json();
  for (const auto& q : own_json.at("qualities").as_array()) {
    EXPECT_TRUE(q.at("by_kind").at("self").at("suppressed").as_bool()) << str(q, "key");
    EXPECT_TRUE(q.at("by_kind").at("mentor").at("suppressed").as_bool()) << str(q, "key");
    EXPECT_FALSE(q.at("by_kind").at("mentor").as_object().contains("distribution"));
    EXPECT_TRUE(q.at("gap").at("suppressed").as_bool()) << str(q, "key");
  }
  for (const auto& rel : own_json.at("reliability").as_array())
    EXPECT_FALSE(rel.as_object().contains("value") && rel.at("value").is_number())
        << boost::json::serialize(rel);
  // Their own stream is theirs to see; the other one is not.
  for (const auto& s : own_json.at("streams").as_array())
    EXPECT_EQ(s.as_object().contains("suppressed"), str(s, "stream_id") != s1_)
        << boost::json::serialize(s);

  for (const char* who : {"mentor_other", "analyst", "organizer"}) {
    Reply r = get(who_[who], report);
    ASSERT_EQ(r.status, 200) << who;
    auto q = r.json().at("qualities").at(0).as_object();
    EXPECT_EQ(q.at("by_kind").at("mentor").at("n").as_int64(), 6) << who;
    EXPECT_FALSE(q.at("gap").as_object().contains("suppressed")) << who;
  }
}

// Finding: while a round was open, staff watched the peer mean move after each submission and
// the assignment list said which peer had just submitted. Peer aggregates now come from closed
// rounds only, and organizers see peer completion as counts.
TEST_F(AssessmentsApi, PeerFiguresWaitForTheCloseAndPeerProgressIsCounted) {
  std::string round = create_round("Midterm", {"self", "mentor", "peer"}, "organizer", 3);
  const std::string nominate = "/api/v1/assessment-rounds/" + round + "/peer-nominations";
  for (const char* p : {"peer1", "peer2", "peer3"})
    ASSERT_EQ(
        post(who_["organizer"], nominate, {{"subject_id", ids_["scholar"]}, {"rater_id", ids_[p]}})
            .status,
        201);
  for (const char* p : {"peer1", "peer2", "peer3"})
    ASSERT_EQ(submit(assessment(round, p, "scholar", "peer"), p, 4, ""), 200);
  ASSERT_EQ(submit(assessment(round, "peer1", "peer1", "self"), "peer1", 3, ""), 200);

  // The organizer's list names who rates whom, but not how far a peer got.
  Reply list =
      get(who_["organizer"], "/api/v1/assessment-rounds/" + round + "/assignments?limit=200");
  ASSERT_EQ(list.status, 200) << list.body;
  const boost::json::value items = list.json();
  int peers = 0;
  for (const auto& a : items.at("items").as_array()) {
    const auto& o = a.as_object();
    if (str(a, "rater_kind") == "peer") {
      ++peers;
      for (const char* field : {"status", "submitted_at", "updated_at", "version"})
        EXPECT_FALSE(o.contains(field)) << field;
    } else {
      EXPECT_TRUE(o.contains("status"));
    }
  }
  EXPECT_EQ(peers, 3);
  // The peer sees their own progress.
  Reply own = get(who_["peer1"], "/api/v1/assessment-rounds/" + round + "/assignments");
  const boost::json::value own_items = own.json();
  for (const auto& a : own_items.at("items").as_array()) EXPECT_EQ(str(a, "status"), "submitted");
  // Counts on the round.
  Reply r = get(who_["organizer"], "/api/v1/assessment-rounds/" + round);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json().at("peer_assignments").as_int64(), 3);
  EXPECT_EQ(r.json().at("peer_submitted").as_int64(), 3);
  EXPECT_EQ(r.json().at("submitted").as_int64(), 4);

  // Open: no peer mean anywhere, for anyone.
  const std::string heatmap = "/api/v1/assessment-rounds/" + round + "/heatmap";
  auto heatmap_peer_mean = [&](const std::string& who) -> boost::json::value {
    Reply h = get(who_[who], heatmap);
    EXPECT_EQ(h.status, 200) << h.body;
    const boost::json::value body = h.json();
    for (const auto& row : body.at("items").as_array())
      if (str(row, "scholar_id") == ids_["scholar"]) return row.at("values").at("peer").at(0);
    return nullptr;
  };
  EXPECT_TRUE(heatmap_peer_mean("organizer").is_null());
  EXPECT_TRUE(heatmap_peer_mean("mentor").is_null());
  const std::string scholar_report =
      "/api/v1/cohorts/" + cohort_ + "/scholars/" + ids_["scholar"] + "/assessment-report";
  for (const char* who : {"organizer", "mentor", "scholar"}) {
    auto q0 = get(who_[who], scholar_report).json().at("qualities").at(0).as_object();
    EXPECT_FALSE(q0.contains("peer_mean")) << who;
  }
  Reply cohort = get(who_["organizer"], "/api/v1/assessment-rounds/" + round + "/cohort-report");
  ASSERT_EQ(cohort.status, 200) << cohort.body;
  EXPECT_TRUE(
      cohort.json().at("qualities").at(0).at("by_kind").at("peer").at("suppressed").as_bool());
  const std::string csv = "/api/v1/cohorts/" + cohort_ + "/assessment-export";
  EXPECT_EQ(get(who_["organizer"], csv).body.find(",peer,"), std::string::npos);

  // Closed: the frozen mean of the three peers.
  ASSERT_EQ(post(who_["organizer"], "/api/v1/assessment-rounds/" + round + "/closure",
                 boost::json::object{})
                .status,
            200);
  EXPECT_DOUBLE_EQ(heatmap_peer_mean("organizer").as_double(), 4.0);
  for (const char* who : {"organizer", "mentor", "scholar"}) {
    auto q0 = get(who_[who], scholar_report).json().at("qualities").at(0).as_object();
    EXPECT_DOUBLE_EQ(q0.at("peer_mean").as_double(), 4.0) << who;
  }
  EXPECT_NE(get(who_["organizer"], csv).body.find(",peer,perseverance,"), std::string::npos);
}

}  // namespace
}  // namespace trellis::test
