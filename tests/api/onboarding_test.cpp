// Onboarding people and running rounds over HTTP, on the backend of the suite: members'
// account status and bulk invitations, role and stream changes, late joiners' assignments,
// round dates against the cohort, who has not submitted, a readable audit log, and "mentors
// rate first" (docs/access-control.md).
#include <map>
#include <string>

#include "api/api_fixture.h"

namespace trellis::test {
namespace {

class OnboardingApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    program_ = create_program("Onboarding fellowship");
    cohort_ = create_cohort(program_, "Winter");  // 2027-01-11 .. 2027-05-07
    s1_ = create_stream(cohort_, "Interpretability");
    s2_ = create_stream(cohort_, "Evaluations");
    for (auto [name, role, stream] :
         {std::tuple{"organizer", "organizer", std::string()},
          std::tuple{"scholar", "scholar", s1_}, std::tuple{"mentor", "mentor", s1_}}) {
      ids_[name] = add_person(cohort_, std::string(name) + "@example.org", role, stream);
      who_[name] = sign_in(std::string(name) + "@example.org");
    }
  }

  // A member added by the organizer without a password ("add member"); returns membership id.
  std::string add_member(const std::string& email, const std::string& role,
                         const std::string& stream = {}) {
    boost::json::object body{{"email", email}, {"display_name", "Late " + email}, {"role", role}};
    if (!stream.empty()) body["stream_id"] = stream;
    Reply r = post(who_["organizer"], "/api/v1/cohorts/" + cohort_ + "/members", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? str(r.json(), "id") : "";
  }

  std::map<std::string, boost::json::value> members_by_email(const Browser& who) {
    std::map<std::string, boost::json::value> out;
    Reply r = get(who, "/api/v1/cohorts/" + cohort_ + "/members?limit=200");
    EXPECT_EQ(r.status, 200) << r.body;
    const boost::json::value r_json = r.json();
    for (const auto& m : r_json.at("items").as_array()) out[str(m, "email")] = m;
    return out;
  }

  Reply create_round(const std::string& name, boost::json::array kinds,
                     const std::string& opens = "2027-02-01T00:00:00Z",
                     const std::string& closes = "2099-01-01T00:00:00Z",
                     const std::string& selection = "none") {
    boost::json::object body{{"name", name},
                             {"opens_at", opens},
                             {"closes_at", closes},
                             {"rater_kinds", std::move(kinds)}};
    if (selection != "none") {
      body["peer_selection"] = selection;
      body["peers_per_scholar"] = 3;
    }
    return post(who_["organizer"], "/api/v1/cohorts/" + cohort_ + "/assessment-rounds", body);
  }

  std::string open_round(const std::string& name, boost::json::array kinds,
                         const std::string& selection = "none") {
    Reply r = create_round(name, std::move(kinds), "2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z",
                           selection);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? str(r.json(), "id") : "";
  }

  // The assignments of a round as (rater, subject, kind) -> id, through the organizer's list.
  std::map<std::tuple<std::string, std::string, std::string>, std::string> assignments(
      const std::string& round) {
    std::map<std::tuple<std::string, std::string, std::string>, std::string> out;
    Reply r =
        get(who_["organizer"], "/api/v1/assessment-rounds/" + round + "/assignments?limit=200");
    EXPECT_EQ(r.status, 200) << r.body;
    const boost::json::value r_json = r.json();
    for (const auto& a : r_json.at("items").as_array())
      out[{str(a, "rater_id"), str(a, "subject_id"), str(a, "rater_kind")}] = str(a, "id");
    return out;
  }

  boost::json::array ratings(int score) {
    boost::json::array out;
    for (const char* key :
         {"perseverance", "resourcefulness", "help_seeking", "peer_mentorship", "domain_models",
          "reading", "ml_expertise", "communication", "wellbeing"})
      out.push_back({{"quality", key}, {"score", score}});
    return out;
  }

  Reply save(const std::string& rater, const std::string& id, const std::string& status,
             int score) {
    Reply current = get(who_[rater], "/api/v1/assessments/" + id);
    EXPECT_EQ(current.status, 200) << current.body;
    return put(who_[rater], "/api/v1/assessments/" + id,
               {{"version", current.json().at("version")},
                {"status", status},
                {"ratings", ratings(score)}});
  }

  std::vector<boost::json::value> audit(const std::string& action) {
    Reply r = get(who_["organizer"],
                  "/api/v1/programs/" + program_ + "/audit-events?limit=200&action=" + action);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<boost::json::value> out;
    const boost::json::value r_json = r.json();
    for (const auto& e : r_json.at("items").as_array()) out.push_back(e);
    return out;
  }

  std::string program_, cohort_, s1_, s2_;
  std::map<std::string, std::string> ids_;
  std::map<std::string, Browser> who_;
};

TEST_F(OnboardingApi, OrganizersSeeEachMembersAccountStatusAndOthersDoNot) {
  add_member("never@example.org", "alumnus");
  add_member("invited@example.org", "alumnus");
  ASSERT_EQ(post(who_["organizer"], "/api/v1/cohorts/" + cohort_ + "/invitations",
                 {{"email", "invited@example.org"}, {"display_name", "Inv"}, {"role", "alumnus"}})
                .status,
            201);
  add_member("off@example.org", "alumnus");
  auto before = members_by_email(who_["organizer"]);
  ASSERT_EQ(patch(admin_, "/api/v1/users/" + str(before["off@example.org"], "user_id"),
                  {{"disabled", true}})
                .status,
            200);

  // An account with a password that never signed in needs the sign-in address, not a link.
  ASSERT_EQ(post(admin_, "/api/v1/users",
                 {{"email", "haspw@example.org"},
                  {"display_name", "Has Password"},
                  {"password", "a long enough password 12"}})
                .status,
            201);
  add_member("haspw@example.org", "alumnus");

  auto seen = members_by_email(who_["organizer"]);
  EXPECT_EQ(str(seen["never@example.org"], "status"), "never_signed_in");
  EXPECT_TRUE(seen["never@example.org"].at("needs_invitation").as_bool());
  EXPECT_TRUE(seen["invited@example.org"].at("needs_invitation").as_bool());
  EXPECT_EQ(str(seen["haspw@example.org"], "status"), "never_signed_in");
  EXPECT_FALSE(seen["haspw@example.org"].at("needs_invitation").as_bool());
  EXPECT_FALSE(seen["scholar@example.org"].at("needs_invitation").as_bool());
  EXPECT_FALSE(seen["off@example.org"].at("needs_invitation").as_bool());
  EXPECT_EQ(str(seen["invited@example.org"], "status"), "invited");
  EXPECT_EQ(str(seen["scholar@example.org"], "status"), "active");
  EXPECT_EQ(str(seen["off@example.org"], "status"), "disabled");
  for (const auto& [email, m] : members_by_email(who_["scholar"]))
    EXPECT_FALSE(m.as_object().contains("status") || m.as_object().contains("needs_invitation"))
        << email;
}

TEST_F(OnboardingApi, BulkInvitationsReachEveryMemberWhoNeverSignedInAndWork) {
  add_member("late@example.org", "scholar", s1_);
  Reply batch = post(who_["organizer"], "/api/v1/cohorts/" + cohort_ + "/invitation-batches",
                     boost::json::object{});
  ASSERT_EQ(batch.status, 201) << batch.body;
  std::string path;
  const boost::json::value batch_json = batch.json();
  for (const auto& inv : batch_json.at("invitations").as_array()) {
    EXPECT_NE(str(inv, "email"), "scholar@example.org") << "active members are not invited";
    if (str(inv, "email") == "late@example.org") path = str(inv, "path");
  }
  ASSERT_FALSE(path.empty()) << batch.body;
  EXPECT_EQ(str(members_by_email(who_["organizer"])["late@example.org"], "status"), "invited");

  const std::string token = path.substr(path.find("token=") + 6);
  Reply accepted = post(Browser{}, "/api/v1/invitations/acceptance",
                        {{"token", token}, {"password", kPassword}});
  ASSERT_EQ(accepted.status, 201) << accepted.body;
  EXPECT_EQ(str(members_by_email(who_["organizer"])["late@example.org"], "status"), "active");
  EXPECT_EQ(post(who_["scholar"], "/api/v1/cohorts/" + cohort_ + "/invitation-batches",
                 boost::json::object{})
                .status,
            403);
}

TEST_F(OnboardingApi, OrganizersChangeAMembersRoleAndStreamWithValidationAndAudit) {
  std::string m = add_member("mover@example.org", "scholar", s1_);
  Reply moved = patch(who_["organizer"], "/api/v1/memberships/" + m, {{"stream_id", s2_}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(str(moved.json(), "stream_id"), s2_);

  Reply support = patch(who_["organizer"], "/api/v1/memberships/" + m, {{"role", "support"}});
  ASSERT_EQ(support.status, 200) << support.body;
  EXPECT_EQ(str(support.json(), "role"), "support");
  EXPECT_FALSE(support.json().as_object().contains("stream_id")) << "support has no stream";

  Reply bad_stream =
      patch(who_["organizer"], "/api/v1/memberships/" + m,
            {{"role", "mentor"}, {"stream_id", "0190a0b0-0000-7000-8000-000000000000"}});
  EXPECT_EQ(bad_stream.status, 400) << bad_stream.body;
  EXPECT_EQ(str(bad_stream.json().at("error"), "field"), "stream_id");
  Reply bad_role = patch(who_["organizer"], "/api/v1/memberships/" + m, {{"role", "boss"}});
  EXPECT_EQ(bad_role.status, 400);
  EXPECT_EQ(str(bad_role.json().at("error"), "field"), "role");

  // The same person holding the role already: conflict.
  std::string user = str(support.json(), "user_id");
  boost::json::object again{{"email", "mover@example.org"}, {"role", "alumnus"}};
  Reply second = post(who_["organizer"], "/api/v1/cohorts/" + cohort_ + "/members", again);
  ASSERT_EQ(second.status, 201) << second.body;
  Reply clash = patch(who_["organizer"], "/api/v1/memberships/" + str(second.json(), "id"),
                      {{"role", "support"}});
  EXPECT_EQ(clash.status, 409) << clash.body;

  EXPECT_EQ(patch(who_["scholar"], "/api/v1/memberships/" + m, {{"role", "mentor"}}).status, 403);
  bool audited = false;
  for (const auto& e : audit("member.update"))
    audited = audited || (str(e, "resource_id") == m &&
                          str(e, "detail").starts_with("role scholar -> support"));
  EXPECT_TRUE(audited);
}

TEST_F(OnboardingApi, PeopleWhoJoinAfterARoundOpenedGetItsAssignments) {
  const std::string round = open_round("Mid-term", {"self", "mentor"});
  add_member("late@example.org", "scholar", s1_);
  std::string late = str(members_by_email(who_["organizer"])["late@example.org"], "user_id");
  auto a = assignments(round);
  EXPECT_TRUE(a.contains({late, late, "self"}));
  EXPECT_TRUE(a.contains({ids_["mentor"], late, "mentor"}));

  // A mentor who joins later rates their stream's scholars, the late one included.
  add_member("mentor2@example.org", "mentor", s1_);
  std::string mentor2 = str(members_by_email(who_["organizer"])["mentor2@example.org"], "user_id");
  a = assignments(round);
  EXPECT_TRUE(a.contains({mentor2, late, "mentor"}));
  EXPECT_TRUE(a.contains({mentor2, ids_["scholar"], "mentor"}));

  // Moving stream to S2 brings no S1 mentor in; a closed round gets nobody new.
  ASSERT_EQ(post(who_["organizer"], "/api/v1/assessment-rounds/" + round + "/closure",
                 boost::json::object{})
                .status,
            200);
  add_member("later@example.org", "scholar", s1_);
  std::string later = str(members_by_email(who_["organizer"])["later@example.org"], "user_id");
  EXPECT_FALSE(assignments(round).contains({later, later, "self"}));
}

TEST_F(OnboardingApi, SomeoneWithoutAssignmentsIsNeverAcceptedAsAPeer) {
  const std::string round = open_round("Peers", {"mentor", "peer"}, "organizer");
  add_member("loose@example.org", "scholar");  // no stream: no mentor, no assignment
  std::string loose = str(members_by_email(who_["organizer"])["loose@example.org"], "user_id");
  ASSERT_FALSE(assignments(round).empty());
  Reply r = post(who_["organizer"], "/api/v1/assessment-rounds/" + round + "/peer-nominations",
                 {{"subject_id", ids_["scholar"]}, {"rater_id", loose}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(str(r.json().at("error"), "field"), "rater_id");
}

TEST_F(OnboardingApi, RoundDatesAreCheckedAgainstTheCohortsAndOverlapsWarned) {
  Reply late = create_round("After", {"self"}, "2027-06-01T00:00:00Z", "2027-07-01T00:00:00Z");
  EXPECT_EQ(late.status, 422) << late.body;
  EXPECT_EQ(str(late.json().at("error"), "field"), "opens_at");
  EXPECT_NE(str(late.json().at("error"), "message").find("2027-05-07"), std::string::npos);
  Reply early = create_round("Before", {"self"}, "2026-12-20T00:00:00Z", "2027-01-05T00:00:00Z");
  EXPECT_EQ(early.status, 422) << early.body;
  EXPECT_EQ(str(early.json().at("error"), "field"), "closes_at");

  Reply first = create_round("First", {"self"});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_FALSE(first.json().as_object().contains("warnings"));
  Reply second = create_round("Second", {"self"});
  ASSERT_EQ(second.status, 201) << second.body;
  ASSERT_TRUE(second.json().as_object().contains("warnings")) << second.body;
  EXPECT_NE(second.json().at("warnings").as_array().at(0).as_string().find("First"),
            std::string::npos);
  Reply moved =
      patch(who_["organizer"], "/api/v1/assessment-rounds/" + str(second.json(), "id"),
            {{"closes_at", "2030-01-01T00:00:00Z"}, {"opens_at", "2028-01-01T00:00:00Z"}});
  EXPECT_EQ(moved.status, 422) << moved.body;
}

TEST_F(OnboardingApi, OrganizersSeeWhoHasNotSubmittedByKind) {
  const std::string round = open_round("Progress", {"self", "mentor", "peer"}, "organizer");
  auto a = assignments(round);
  ASSERT_EQ(save("scholar", a[{ids_["scholar"], ids_["scholar"], "self"}], "submitted", 4).status,
            200);
  Reply pending =
      get(who_["organizer"], "/api/v1/assessment-rounds/" + round + "/progress?pending=true");
  ASSERT_EQ(pending.status, 200) << pending.body;
  bool mentor_listed = false;
  const boost::json::value pending_json = pending.json();
  for (const auto& row : pending_json.at("items").as_array()) {
    EXPECT_NE(str(row, "status"), "submitted");
    EXPECT_NE(str(row, "rater_kind"), "peer");
    if (str(row, "rater_id") == ids_["mentor"]) {
      mentor_listed = true;
      EXPECT_EQ(str(row, "rater_name"), "mentor");
    }
  }
  EXPECT_TRUE(mentor_listed) << pending.body;
  Reply self = get(who_["organizer"], "/api/v1/assessment-rounds/" + round + "/progress?kind=self");
  ASSERT_EQ(self.status, 200);
  ASSERT_EQ(self.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(str(self.json().at("items").as_array()[0], "status"), "submitted");
  EXPECT_EQ(
      get(who_["organizer"], "/api/v1/assessment-rounds/" + round + "/progress?kind=peer").status,
      400);
  EXPECT_EQ(get(who_["mentor"], "/api/v1/assessment-rounds/" + round + "/progress").status, 403);
}

TEST_F(OnboardingApi, TheAuditLogNamesPeopleShowsSignInsAndLogsOneSubmission) {
  const std::string round = open_round("Audit", {"self"});
  sign_in("scholar@example.org");
  std::string id = assignments(round)[{ids_["scholar"], ids_["scholar"], "self"}];
  ASSERT_EQ(save("scholar", id, "submitted", 3).status, 200);
  ASSERT_EQ(save("scholar", id, "submitted", 3).status, 200);  // an autosave, unchanged
  ASSERT_EQ(save("scholar", id, "submitted", 4).status, 200);  // a real edit

  int submits = 0, edits = 0;
  for (const auto& e : audit("assessment.")) {
    if (str(e, "resource_id") != id) continue;
    submits += str(e, "action") == "assessment.submit";
    edits += str(e, "action") == "assessment.edit";
    EXPECT_EQ(str(e, "actor_name"), "scholar");
    EXPECT_EQ(str(e, "resource_name"), "self rating of scholar");
  }
  EXPECT_EQ(submits, 1);
  EXPECT_EQ(edits, 1);

  bool scholar_sign_in = false;
  for (const auto& e : audit("session.sign_in"))
    scholar_sign_in = scholar_sign_in || str(e, "actor_user_id") == ids_["scholar"];
  EXPECT_TRUE(scholar_sign_in);
}

TEST_F(OnboardingApi, MentorsSeeASelfRatingOnlyAfterRatingThatScholar) {
  const std::string round = open_round("Anchors", {"self", "mentor"});
  auto a = assignments(round);
  const std::string self = a[{ids_["scholar"], ids_["scholar"], "self"}];
  const std::string mine = a[{ids_["mentor"], ids_["scholar"], "mentor"}];
  ASSERT_EQ(save("scholar", self, "submitted", 5).status, 200);
  const std::string report = "/api/v1/cohorts/" + cohort_ + "/scholars/" + ids_["scholar"] +
                             "/assessment-report?round_id=" + round;
  const std::string heatmap = "/api/v1/assessment-rounds/" + round + "/heatmap";
  auto self_in_report = [&](const Browser& who) {
    Reply r = get(who, report);
    EXPECT_EQ(r.status, 200) << r.body;
    return !r.json().at("qualities").as_array().at(0).at("self").is_null();
  };
  auto self_in_heatmap = [&](const Browser& who) {
    Reply r = get(who, heatmap);
    EXPECT_EQ(r.status, 200) << r.body;
    const boost::json::value r_json = r.json();
    for (const auto& row : r_json.at("items").as_array())
      if (str(row, "scholar_id") == ids_["scholar"])
        return !row.at("values").at("self").as_array().at(0).is_null();
    return false;
  };

  EXPECT_EQ(get(who_["mentor"], "/api/v1/assessments/" + self).status, 403);
  EXPECT_FALSE(self_in_report(who_["mentor"]));
  EXPECT_FALSE(self_in_heatmap(who_["mentor"]));
  EXPECT_TRUE(self_in_report(who_["organizer"]));
  EXPECT_TRUE(self_in_heatmap(who_["organizer"]));

  ASSERT_EQ(save("mentor", mine, "draft", 3).status, 200);  // a draft is not enough
  EXPECT_EQ(get(who_["mentor"], "/api/v1/assessments/" + self).status, 403);
  ASSERT_EQ(save("mentor", mine, "submitted", 3).status, 200);
  EXPECT_EQ(get(who_["mentor"], "/api/v1/assessments/" + self).status, 200);
  EXPECT_TRUE(self_in_report(who_["mentor"]));
  EXPECT_TRUE(self_in_heatmap(who_["mentor"]));
}

TEST_F(OnboardingApi, WithMentorsRateFirstOffMentorsSeeSelfRatingsAtOnce) {
  Reply off =
      patch(who_["organizer"], "/api/v1/programs/" + program_, {{"mentors_rate_first", false}});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_FALSE(off.json().at("mentors_rate_first").as_bool());
  const std::string round = open_round("Open book", {"self", "mentor"});
  const std::string self = assignments(round)[{ids_["scholar"], ids_["scholar"], "self"}];
  ASSERT_EQ(save("scholar", self, "submitted", 5).status, 200);
  EXPECT_EQ(get(who_["mentor"], "/api/v1/assessments/" + self).status, 200);
}

}  // namespace
}  // namespace trellis::test
