// Programs, cohorts, streams and members over HTTP: the happy paths, validation naming the
// field, conflicts from the schema, paging, and what each role sees of the roster.
#include <set>

#include "api/api_fixture.h"

namespace trellis::test {
namespace {

class ProgramsApi : public ApiTest {};

TEST_F(ProgramsApi, CreateReturnsTheResourceWithLocation) {
  Reply r = post(admin_, "/api/v1/programs",
                 {{"name", "  Fellowship  "}, {"description", "Four months"}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto p = r.json().as_object();
  EXPECT_EQ(p.at("name").as_string(), "Fellowship");  // trimmed
  EXPECT_EQ(p.at("min_group_size").as_int64(), 5);
  EXPECT_EQ(r.header("Location"), "/api/v1/programs/" + std::string(p.at("id").as_string()));
  Reply again = get(admin_, *r.header("Location"));
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.json().at("description").as_string(), "Four months");
}

TEST_F(ProgramsApi, ValidationErrorsNameTheField) {
  struct Case {
    boost::json::value body;
    const char* field;
  } cases[] = {
      {{{"name", ""}}, "name"},
      {{{"name", 42}}, "name"},
      {{{"name", "X"}, {"min_group_size", 2}}, "min_group_size"},
      {{{"name", "X"}, {"colour", "red"}}, "colour"},
      {boost::json::object{}, "name"},
  };
  for (const auto& c : cases) {
    Reply r = post(admin_, "/api/v1/programs", c.body);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json().at("error").at("code").as_string(), "invalid");
    EXPECT_EQ(r.json().at("error").at("field").as_string(), c.field) << r.body;
  }
}

TEST_F(ProgramsApi, DuplicateNamesAreConflicts) {
  std::string program = create_program("Fellowship");
  Reply dup = post(admin_, "/api/v1/programs", {{"name", "Fellowship"}});
  EXPECT_EQ(dup.status, 409) << dup.body;
  EXPECT_EQ(dup.json().at("error").at("field").as_string(), "name");

  std::string cohort = create_cohort(program, "Winter");
  Reply dup_cohort =
      post(admin_, "/api/v1/programs/" + program + "/cohorts",
           {{"name", "Winter"}, {"starts_on", "2027-01-01"}, {"ends_on", "2027-02-01"}});
  EXPECT_EQ(dup_cohort.status, 409) << dup_cohort.body;
  // The same cohort name in another program is fine.
  std::string other = create_program("School");
  EXPECT_FALSE(create_cohort(other, "Winter").empty());
}

TEST_F(ProgramsApi, CohortDatesAreChecked) {
  std::string program = create_program("Fellowship");
  Reply r = post(admin_, "/api/v1/programs/" + program + "/cohorts",
                 {{"name", "Winter"}, {"starts_on", "2027-05-01"}, {"ends_on", "2027-01-01"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json().at("error").at("field").as_string(), "ends_on");
  Reply bad = post(admin_, "/api/v1/programs/" + program + "/cohorts",
                   {{"name", "Winter"}, {"starts_on", "2027-02-30"}, {"ends_on", "2027-03-01"}});
  EXPECT_EQ(bad.json().at("error").at("field").as_string(), "starts_on");
}

TEST_F(ProgramsApi, PagesThroughProgramsWithoutRepeats) {
  for (int i = 0; i < 7; ++i) create_program("Program " + std::to_string(i));
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    std::string target = "/api/v1/programs?limit=3";
    if (!cursor.empty()) target += "&cursor=" + cursor;
    Reply r = get(admin_, target);
    ASSERT_EQ(r.status, 200) << r.body;
    boost::json::value r_json = r.json();  // keep the parsed body alive for the loop
    for (const auto& item : r_json.at("items").as_array())
      EXPECT_TRUE(seen.insert(std::string(item.at("id").as_string())).second);
    auto obj = r.json().as_object();
    cursor = obj.contains("next_cursor") ? std::string(obj.at("next_cursor").as_string()) : "";
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(get(admin_, "/api/v1/programs?limit=0").status, 400);
  EXPECT_EQ(get(admin_, "/api/v1/programs?limit=201").status, 400);
  EXPECT_EQ(get(admin_, "/api/v1/programs?cursor=bogus").status, 400);
}

TEST_F(ProgramsApi, MalformedIdsAreNotFound) {
  EXPECT_EQ(get(admin_, "/api/v1/programs/not-an-id").status, 404);
  EXPECT_EQ(get(admin_, "/api/v1/cohorts/0190c2a5-7b3e-7c1d-9a2b-3c4d5e6f7a8b").status, 404);
}

TEST_F(ProgramsApi, EachRoleSeesOnlyTheMembersThePolicyAllows) {
  std::string program = create_program("Fellowship");
  std::string cohort = create_cohort(program, "Winter");
  std::string s1 = create_stream(cohort, "Interpretability");
  std::string s2 = create_stream(cohort, "Evaluations");
  add_person(cohort, "amara@example.org", "scholar", s1);
  add_person(cohort, "lukas@example.org", "scholar", s1);
  add_person(cohort, "chloe@example.org", "scholar", s2);
  add_person(cohort, "helen@example.org", "mentor", s1);
  add_person(cohort, "kwame@example.org", "mentor", s2);
  add_person(cohort, "jonas@example.org", "support");
  add_person(cohort, "priya@example.org", "organizer");

  auto emails_seen_by = [&](const std::string& email) {
    Browser b = sign_in(email);
    Reply r = get(b, "/api/v1/cohorts/" + cohort + "/members?limit=200");
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<std::string> out;
    boost::json::value r_json = r.json();  // keep the parsed body alive for the loop
    for (const auto& m : r_json.at("items").as_array())
      out.insert(std::string(m.at("email").as_string()));
    return out;
  };
  const std::set<std::string> staff = {"helen@example.org", "kwame@example.org",
                                       "jonas@example.org", "priya@example.org"};
  auto with = [&](std::set<std::string> s, std::initializer_list<const char*> more) {
    for (auto m : more) s.insert(m);
    return s;
  };
  EXPECT_EQ(emails_seen_by("amara@example.org"),
            with(staff, {"amara@example.org", "lukas@example.org"}));
  EXPECT_EQ(emails_seen_by("helen@example.org"),
            with(staff, {"amara@example.org", "lukas@example.org"}));
  EXPECT_EQ(emails_seen_by("kwame@example.org"), with(staff, {"chloe@example.org"}));
  auto everyone = with(staff, {"amara@example.org", "lukas@example.org", "chloe@example.org"});
  EXPECT_EQ(emails_seen_by("jonas@example.org"), everyone);
  EXPECT_EQ(emails_seen_by("priya@example.org"), everyone);
}

TEST_F(ProgramsApi, RemovingAMembershipIsAudited) {
  std::string program = create_program("Fellowship");
  std::string cohort = create_cohort(program, "Winter");
  Reply added = post(admin_, "/api/v1/cohorts/" + cohort + "/members",
                     {{"email", "new@example.org"}, {"display_name", "New"}, {"role", "alumnus"}});
  ASSERT_EQ(added.status, 201) << added.body;
  std::string membership(added.json().at("id").as_string());
  EXPECT_EQ(del(admin_, "/api/v1/memberships/" + membership).status, 204);
  EXPECT_EQ(del(admin_, "/api/v1/memberships/" + membership).status, 404);
  Reply log = get(admin_, "/api/v1/programs/" + program + "/audit-events?action=member.");
  ASSERT_EQ(log.status, 200) << log.body;
  auto items = log.json().at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("action").as_string(), "member.remove");  // newest first
  EXPECT_EQ(items[1].at("action").as_string(), "member.add");
  EXPECT_EQ(items[0].at("actor_user_id").as_string(), admin_.user_id);
}

TEST_F(ProgramsApi, MemberPagesAreFullAndTheirCursorsNameOnlyVisibleMembers) {
  std::string program = create_program("Fellowship");
  std::string cohort = create_cohort(program, "Winter");
  std::string s1 = create_stream(cohort, "Interpretability");
  std::string s2 = create_stream(cohort, "Evaluations");
  add_person(cohort, "amara@example.org", "scholar", s1);
  // Scholars of the other stream, hidden from amara, between the ones she sees.
  for (int i = 0; i < 5; ++i)
    add_person(cohort, "hidden" + std::to_string(i) + "@example.org", "scholar", s2);
  add_person(cohort, "lukas@example.org", "scholar", s1);
  for (int i = 5; i < 8; ++i)
    add_person(cohort, "hidden" + std::to_string(i) + "@example.org", "scholar", s2);
  add_person(cohort, "helen@example.org", "mentor", s1);

  Browser amara = sign_in("amara@example.org");
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    std::string target = "/api/v1/cohorts/" + cohort + "/members?limit=1";
    if (!cursor.empty()) target += "&cursor=" + cursor;
    Reply r = get(amara, target);
    ASSERT_EQ(r.status, 200) << r.body;
    boost::json::value page = r.json();
    const auto& items = page.at("items").as_array();
    std::set<std::string> ids_here;
    for (const auto& m : items) {
      seen.insert(std::string(m.at("email").as_string()));
      ids_here.insert(std::string(m.at("id").as_string()));
    }
    const auto* next = page.as_object().if_contains("next_cursor");
    cursor = next && next->is_string() ? std::string(next->as_string()) : "";
    if (!cursor.empty()) {
      EXPECT_EQ(items.size(), 1u);          // only the last page may be short
      EXPECT_TRUE(ids_here.count(cursor));  // the cursor is a member shown on this page
    }
    ASSERT_LT(++pages, 10);
  } while (!cursor.empty());
  EXPECT_EQ(seen,
            (std::set<std::string>{"amara@example.org", "lukas@example.org", "helen@example.org"}));
}

}  // namespace
}  // namespace trellis::test
