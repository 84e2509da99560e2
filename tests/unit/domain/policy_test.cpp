#include "domain/policy.h"

#include <gtest/gtest.h>

namespace trellis {
namespace {

const std::string kProgram = "p1", kOtherProgram = "p2";
const std::string kCohort = "c1", kOtherCohort = "c2";
const std::string kStreamA = "sA", kStreamB = "sB";

Actor person(std::vector<Grant> grants, bool admin = false) {
  Actor a;
  a.kind = Actor::Kind::kUser;
  a.user_id = "u";
  a.is_admin = admin;
  a.grants = std::move(grants);
  return a;
}

Grant grant(Role role, std::string stream = {}, std::string cohort = kCohort,
            std::string program = kProgram) {
  return Grant{std::move(program), std::move(cohort), role, std::move(stream)};
}

TEST(Policy, AnonymousIsAskedToSignIn) {
  auto s = policy::can_read_program(Actor::anonymous(), kProgram);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kUnauthenticated);
}

TEST(Policy, OnlyAdministratorsCreatePrograms) {
  EXPECT_TRUE(policy::can_create_program(person({}, true)).ok());
  EXPECT_TRUE(policy::can_create_program(Actor::system()).ok());
  EXPECT_EQ(policy::can_create_program(person({grant(Role::kOrganizer)})).error().code,
            ErrorCode::kForbidden);
}

TEST(Policy, AnotherProgramIsInvisibleNotForbidden) {
  Actor organizer = person({grant(Role::kOrganizer)});
  EXPECT_TRUE(policy::can_manage_program(organizer, kProgram).ok());
  EXPECT_EQ(policy::can_read_program(organizer, kOtherProgram).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(policy::can_manage_cohort(organizer, kOtherProgram).error().code, ErrorCode::kNotFound);
}

TEST(Policy, MembersReadButDoNotManage) {
  Actor scholar = person({grant(Role::kScholar, kStreamA)});
  EXPECT_TRUE(policy::can_read_program(scholar, kProgram).ok());
  EXPECT_TRUE(policy::can_read_cohort(scholar, kProgram, kCohort).ok());
  EXPECT_EQ(policy::can_read_cohort(scholar, kProgram, kOtherCohort).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(policy::can_manage_program(scholar, kProgram).error().code, ErrorCode::kForbidden);
  EXPECT_EQ(policy::can_manage_cohort(scholar, kProgram).error().code, ErrorCode::kForbidden);
}

TEST(Policy, ScholarsAndMentorsSeeOnlyTheirOwnStreamsScholars) {
  Actor mentor = person({grant(Role::kMentor, kStreamA)});
  Actor scholar = person({grant(Role::kScholar, kStreamA)});
  for (const Actor& a : {mentor, scholar}) {
    EXPECT_TRUE(policy::can_see_member(a, kProgram, kCohort, Role::kScholar, kStreamA));
    EXPECT_FALSE(policy::can_see_member(a, kProgram, kCohort, Role::kScholar, kStreamB));
    EXPECT_TRUE(policy::can_see_member(a, kProgram, kCohort, Role::kMentor, kStreamB));
    EXPECT_TRUE(policy::can_see_member(a, kProgram, kCohort, Role::kOrganizer, ""));
    EXPECT_FALSE(policy::can_see_member(a, kProgram, kOtherCohort, Role::kMentor, ""));
  }
}

TEST(Policy, CohortWideStaffSeeEveryScholar) {
  for (Role r : {Role::kSupport, Role::kAnalyst, Role::kAlumnus, Role::kOrganizer}) {
    Actor a = person({grant(r)});
    EXPECT_TRUE(policy::can_see_member(a, kProgram, kCohort, Role::kScholar, kStreamB))
        << role_name(r);
  }
  EXPECT_TRUE(
      policy::can_see_member(person({}, true), kProgram, kCohort, Role::kScholar, kStreamB));
}

TEST(Policy, AccountsAreAdministratorsBusiness) {
  Actor self = person({grant(Role::kOrganizer)});
  EXPECT_TRUE(policy::can_read_user(self, "u").ok());
  EXPECT_EQ(policy::can_read_user(self, "someone-else").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(policy::can_manage_users(self).error().code, ErrorCode::kForbidden);
  EXPECT_TRUE(policy::can_manage_users(person({}, true)).ok());
}

}  // namespace
}  // namespace trellis
