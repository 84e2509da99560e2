#include "domain/people.h"

#include <gtest/gtest.h>

namespace trellis {
namespace {

TEST(Email, IsTrimmedAndLowerCased) {
  auto e = normalize_email("  Ada.Lovelace@Example.ORG ");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(*e, "ada.lovelace@example.org");
}

TEST(Email, RejectsMalformedAddressesNamingTheField) {
  for (const char* bad : {"", "ada", "@example.org", "ada@", "ada@example", "ada@@example.org",
                          "ada lovelace@example.org", "ada@example.org.", "<ada@example.org>"}) {
    auto e = normalize_email(bad);
    ASSERT_FALSE(e.ok()) << bad;
    EXPECT_EQ(e.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(e.error().field, "email");
  }
}

TEST(Names, AreTrimmedAndChecked) {
  EXPECT_EQ(*clean_name("  Interpretability ", "name"), "Interpretability");
  EXPECT_FALSE(clean_name("   ", "name").ok());
  EXPECT_FALSE(clean_name(std::string(201, 'x'), "name").ok());
  EXPECT_FALSE(clean_name("tab\there", "name").ok());
  EXPECT_FALSE(clean_name("\xC3\x28", "name").ok());  // invalid UTF-8
  EXPECT_TRUE(clean_name("Chloé 🌱", "name").ok());
}

TEST(Utf8, RejectsOverlongsAndSurrogates) {
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x8C\xB1"));   // U+1F331
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));          // truncated
}

TEST(Cohort, DatesMustBeRealAndOrdered) {
  Cohort c;
  c.name = "Winter";
  c.starts_on = "2027-01-11";
  c.ends_on = "2027-05-07";
  EXPECT_TRUE(validate(c).ok());
  c.ends_on = "2027-01-10";
  auto s = validate(c);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "ends_on");
  c.ends_on = "2027-02-30";
  EXPECT_EQ(validate(c).error().field, "ends_on");
}

TEST(Program, GroupSizeNeverBelowThree) {
  Program p;
  p.name = "Fellowship";
  p.min_group_size = 2;
  EXPECT_EQ(validate(p).error().field, "min_group_size");
  p.min_group_size = 3;
  EXPECT_TRUE(validate(p).ok());
}

TEST(Membership, OnlyScholarsAndMentorsHaveStreams) {
  Membership m;
  m.role = Role::kSupport;
  m.stream_id = "0190c2a5-7b3e-7c1d-9a2b-3c4d5e6f7a8b";
  EXPECT_FALSE(validate(m).ok());
  m.role = Role::kMentor;
  EXPECT_TRUE(validate(m).ok());
}

TEST(Roles, RoundTripThroughTheirNames) {
  for (Role r : kAllRoles) EXPECT_EQ(parse_role(role_name(r)), r);
  EXPECT_FALSE(parse_role("Scholar").has_value());
  EXPECT_FALSE(parse_role("admin").has_value());
}

TEST(MemberStatus, FollowsTheAccountAndWaitingInvitations) {
  struct Case {
    bool disabled, signed_in, invitation_waiting;
    const char* status;
  } cases[] = {
      {false, false, false, "never_signed_in"}, {false, false, true, "invited"},
      {false, true, false, "active"},           {false, true, true, "active"},
      {true, true, false, "disabled"},          {true, false, true, "disabled"},
  };
  for (const Case& c : cases) {
    User u;
    u.disabled = c.disabled;
    if (c.signed_in) u.last_sign_in_at = 1;
    EXPECT_EQ(member_status_name(member_status(u, c.invitation_waiting)), c.status);
  }
}

}  // namespace
}  // namespace trellis
