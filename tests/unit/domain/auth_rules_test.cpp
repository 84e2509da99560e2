#include "domain/accounts/auth_rules.h"

#include <gtest/gtest.h>

namespace trellis {
namespace {

InvitedAccount account(bool has_password, bool is_admin, std::string created_in,
                       std::vector<std::string> programs) {
  return {has_password, is_admin, std::move(created_in), std::move(programs)};
}

TEST(InvitationPath, OnlyAPasswordLessAccountOfTheInvitingProgramAloneGetsAFirstPassword) {
  struct Case {
    const char* name;
    std::optional<InvitedAccount> account;
    InvitationPath expected;
  };
  const std::vector<Case> cases = {
      {"no account", std::nullopt, InvitationPath::kCreateAccount},
      {"created here, member here only", account(false, false, "P", {"P", "P"}),
       InvitationPath::kSetFirstPassword},
      {"created here, no membership left", account(false, false, "P", {}),
       InvitationPath::kSetFirstPassword},
      {"created here, also member elsewhere", account(false, false, "P", {"P", "Q"}),
       InvitationPath::kSignInFirst},
      {"created by another program", account(false, false, "Q", {"P"}),
       InvitationPath::kSignInFirst},
      {"created by no program", account(false, false, "", {"P"}), InvitationPath::kSignInFirst},
      {"has a password", account(true, false, "P", {"P"}), InvitationPath::kSignInFirst},
      {"administrator", account(false, true, "P", {"P"}), InvitationPath::kSignInFirst},
  };
  for (const Case& c : cases) EXPECT_EQ(invitation_path(c.account, "P"), c.expected) << c.name;
}

TEST(PasswordReset, NobodyIssuesALinkForTheirOwnAccount) {
  Actor admin;
  admin.kind = Actor::Kind::kUser;
  admin.user_id = "a";
  admin.is_admin = true;
  admin.token_id = "t";
  EXPECT_EQ(can_issue_password_reset(admin, "a").error().code, ErrorCode::kForbidden);
  admin.token_id.clear();
  admin.session_id = "s";
  EXPECT_EQ(can_issue_password_reset(admin, "a").error().code, ErrorCode::kForbidden);
  EXPECT_TRUE(can_issue_password_reset(admin, "b").ok());
}

TEST(ApiTokens, OnlySessionsCreateTokens) {
  Actor a;
  EXPECT_EQ(can_create_api_token(a).error().code, ErrorCode::kUnauthenticated);
  a.kind = Actor::Kind::kUser;
  a.session_id = "s";
  EXPECT_TRUE(can_create_api_token(a).ok());
  a.session_id.clear();
  a.token_id = "t";
  EXPECT_EQ(can_create_api_token(a).error().code, ErrorCode::kForbidden);
}

TEST(ApiTokens, ExpiryIsOptionalAndBounded) {
  const Timestamp now = 1'000'000;
  EXPECT_FALSE(api_token_expiry(std::nullopt, now)->has_value());
  EXPECT_EQ(**api_token_expiry(1, now), now + 86'400'000);
  EXPECT_EQ(**api_token_expiry(kMaxApiTokenDays, now),
            now + Timestamp{kMaxApiTokenDays} * 86'400'000);
  for (long long bad : {0LL, -1LL, kMaxApiTokenDays + 1LL}) {
    auto r = api_token_expiry(bad, now);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().field, "expires_in_days");
  }
}

}  // namespace
}  // namespace trellis
