// Sign-in, sessions, CSRF, API tokens, disabling, password changes and resets, throttling,
// and that passwords never reach the logs.
#include <latch>
#include <thread>

#include "api/api_fixture.h"

namespace trellis::test {
namespace {

class AuthApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    program_ = create_program("Fellowship");
    cohort_ = create_cohort(program_, "Winter");
    scholar_id_ = add_person(cohort_, "amara@example.org", "scholar");
  }
  Reply sign_in_raw(const std::string& email, const std::string& password, HeaderList extra = {}) {
    extra.emplace_back("Origin", origin());
    return http_->post("/api/v1/sessions", {{"email", email}, {"password", password}}, extra);
  }
  // An invitation's secret token, created by the administrator.
  std::string invite(const std::string& cohort, const std::string& email) {
    Reply r = post(admin_, "/api/v1/cohorts/" + cohort + "/invitations",
                   {{"email", email}, {"display_name", "Invited"}, {"role", "alumnus"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? str(r.json(), "token") : "";
  }
  Reply accept_signed_out(const std::string& token, const std::string& password) {
    return http_->post("/api/v1/invitations/acceptance", {{"token", token}, {"password", password}},
                       {{"Origin", origin()}});
  }
  Reply preview(const std::string& token) {
    return http_->post("/api/v1/invitations/preview", {{"token", token}});
  }
  // Adds a member without a password, as an organizer of that cohort's program would.
  void add_member(const std::string& cohort, const std::string& email) {
    Reply r = post(admin_, "/api/v1/cohorts/" + cohort + "/members",
                   {{"email", email}, {"display_name", "Member"}, {"role", "scholar"}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  std::string program_, cohort_, scholar_id_;
};

TEST_F(AuthApi, TheSessionCookieIsHttpOnlyAndSameSite) {
  Reply r = sign_in_raw("amara@example.org", kPassword);
  ASSERT_EQ(r.status, 201);
  std::string cookie = r.header("Set-Cookie").value_or("");
  EXPECT_NE(cookie.find("trellis_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);
  // 256 bits, hex-encoded.
  std::string token = cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
  EXPECT_EQ(token.size(), 64u);
  EXPECT_NE(sign_in("amara@example.org").cookie, "trellis_session=" + token);  // new every time
}

TEST_F(AuthApi, WrongPasswordAndUnknownEmailLookTheSame) {
  Reply wrong = sign_in_raw("amara@example.org", "not the password at all");
  Reply unknown = sign_in_raw("nobody@example.org", "not the password at all");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.json().at("error"), unknown.json().at("error"));
}

TEST_F(AuthApi, SignedOutSessionTokenNoLongerWorks) {
  Browser b = sign_in("amara@example.org");
  EXPECT_EQ(get(b, "/api/v1/sessions/current").status, 200);
  EXPECT_EQ(del(b, "/api/v1/sessions/current").status, 204);
  // Someone who copied the cookie before sign-out gets nothing.
  EXPECT_EQ(get(b, "/api/v1/sessions/current").status, 401);
  EXPECT_EQ(get(b, "/api/v1/programs").status, 401);
}

TEST_F(AuthApi, CookieWritesWithoutCsrfTokenAreRefused) {
  Browser b = sign_in(kAdminEmail);
  Reply no_token = http_->post("/api/v1/programs", {{"name", "Sneaky"}},
                               {{"Cookie", b.cookie}, {"Origin", origin()}});
  EXPECT_EQ(no_token.status, 403) << no_token.body;
  Reply wrong_token = http_->post("/api/v1/programs", {{"name", "Sneaky"}},
                                  {{"Cookie", b.cookie}, {"X-CSRF-Token", "0000"}});
  EXPECT_EQ(wrong_token.status, 403);
  Reply other_origin = http_->post(
      "/api/v1/programs", {{"name", "Sneaky"}},
      {{"Cookie", b.cookie}, {"X-CSRF-Token", b.csrf}, {"Origin", "https://evil.example"}});
  EXPECT_EQ(other_origin.status, 403);
  Reply programs = get(b, "/api/v1/programs");
  boost::json::value programs_json = programs.json();  // keep the parsed body alive for the loop
  for (const auto& p : programs_json.at("items").as_array())
    EXPECT_NE(p.at("name").as_string(), "Sneaky");
  EXPECT_EQ(post(b, "/api/v1/programs", {{"name", "Proper"}}).status, 201);
}

TEST_F(AuthApi, ApiTokensWorkWithoutCsrfAndCanBeRevoked) {
  Browser b = sign_in(kAdminEmail);
  Reply created = post(b, "/api/v1/me/tokens", {{"name", "script"}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string secret(created.json().at("secret").as_string());
  std::string id(created.json().at("id").as_string());
  EXPECT_EQ(secret.rfind("trl_", 0), 0u);
  HeaderList bearer = {{"Authorization", "Bearer " + secret}};
  EXPECT_EQ(http_->post("/api/v1/programs", {{"name", "Scripted"}}, bearer).status, 201);
  Reply listed = get(b, "/api/v1/me/tokens");
  EXPECT_EQ(listed.body.find(secret), std::string::npos);  // shown once only
  EXPECT_EQ(del(b, "/api/v1/me/tokens/" + id).status, 204);
  EXPECT_EQ(http_->get("/api/v1/programs", bearer).status, 401);
  EXPECT_EQ(http_->get("/api/v1/programs", {{"Authorization", "Basic abc"}}).status, 401);
}

TEST_F(AuthApi, DisablingAnAccountEndsItsSessionsAtOnce) {
  Browser scholar = sign_in("amara@example.org");
  EXPECT_EQ(get(scholar, "/api/v1/programs").status, 200);
  Reply disabled = patch(admin_, "/api/v1/users/" + scholar_id_, {{"disabled", true}});
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_EQ(get(scholar, "/api/v1/programs").status, 401);
  EXPECT_EQ(sign_in_raw("amara@example.org", kPassword).status, 401);
  EXPECT_EQ(patch(admin_, "/api/v1/users/" + scholar_id_, {{"disabled", false}}).status, 200);
  EXPECT_EQ(sign_in_raw("amara@example.org", kPassword).status, 201);
}

TEST_F(AuthApi, ChangingThePasswordNeedsTheCurrentOneAndEndsOtherSessions) {
  Browser laptop = sign_in("amara@example.org");
  Browser phone = sign_in("amara@example.org");
  Reply wrong =
      put(laptop, "/api/v1/me/password",
          {{"current_password", "wrong wrong wrong"}, {"new_password", "a new passphrase"}});
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.json().at("error").at("field").as_string(), "current_password");
  Reply short_pw = put(laptop, "/api/v1/me/password",
                       {{"current_password", kPassword}, {"new_password", "short"}});
  EXPECT_EQ(short_pw.json().at("error").at("field").as_string(), "password");
  EXPECT_EQ(put(laptop, "/api/v1/me/password",
                {{"current_password", kPassword}, {"new_password", "a new passphrase"}})
                .status,
            204);
  EXPECT_EQ(get(laptop, "/api/v1/sessions/current").status, 200);
  EXPECT_EQ(get(phone, "/api/v1/sessions/current").status, 401);
  EXPECT_EQ(sign_in_raw("amara@example.org", kPassword).status, 401);
  EXPECT_EQ(sign_in_raw("amara@example.org", "a new passphrase").status, 201);
}

TEST_F(AuthApi, UsersSeeAndEndTheirOtherSessions) {
  Browser laptop = sign_in("amara@example.org");
  Browser phone = sign_in("amara@example.org");
  Reply list = get(laptop, "/api/v1/sessions");
  ASSERT_EQ(list.status, 200);
  auto items = list.json().at("items").as_array();
  ASSERT_EQ(items.size(), 3u);  // the fixture's invitation acceptance signed in once too
  std::string phone_id;
  Reply phone_current = get(phone, "/api/v1/sessions/current");
  phone_id = std::string(phone_current.json().at("session").at("id").as_string());
  EXPECT_EQ(del(laptop, "/api/v1/sessions/" + phone_id).status, 204);
  EXPECT_EQ(get(phone, "/api/v1/sessions/current").status, 401);
  EXPECT_EQ(get(laptop, "/api/v1/sessions/current").status, 200);
}

TEST_F(AuthApi, HundredWrongPasswordsLockTheAccountButTheOwnerCanReset) {
  int limited = 0, unauthorized = 0;
  for (int i = 0; i < 100; ++i) {
    Reply r = sign_in_raw("amara@example.org", "guess number " + std::to_string(i));
    if (r.status == 429) {
      ++limited;
      EXPECT_TRUE(r.header("Retry-After").has_value());
    } else {
      EXPECT_EQ(r.status, 401) << r.body;
      ++unauthorized;
    }
  }
  // Only the first few guesses reach the password check; the rest are turned away.
  EXPECT_LE(unauthorized, 25);
  EXPECT_GE(limited, 75);
  // Locked: even the right password is refused for now.
  Reply locked = sign_in_raw("amara@example.org", kPassword);
  EXPECT_EQ(locked.status, 429);
  // The owner gets a reset link from an administrator and is back in.
  Reply link =
      post(admin_, "/api/v1/users/" + scholar_id_ + "/password-resets", boost::json::object{});
  ASSERT_EQ(link.status, 201) << link.body;
  Reply reset =
      http_->post("/api/v1/password-resets/redemption",
                  {{"token", link.json().at("token")}, {"new_password", "a fresh passphrase"}},
                  {{"Origin", origin()}});
  EXPECT_EQ(reset.status, 204) << reset.body;
  EXPECT_EQ(sign_in_raw("amara@example.org", "a fresh passphrase").status, 201);
  // The link works once.
  Reply again =
      http_->post("/api/v1/password-resets/redemption",
                  {{"token", link.json().at("token")}, {"new_password", "another passphrase"}},
                  {{"Origin", origin()}});
  EXPECT_EQ(again.status, 404);
}

TEST_F(AuthApi, PasswordsNeverReachTheLog) {
  sign_in_raw("amara@example.org", "a wrong but memorable password");
  sign_in("amara@example.org");
  put(admin_, "/api/v1/me/password",
      {{"current_password", kPassword}, {"new_password", "admin's brand new secret"}});
  std::string log = server_->log();
  EXPECT_NE(log.find("/api/v1/sessions"), std::string::npos);  // the requests were logged
  EXPECT_EQ(log.find("a wrong but memorable password"), std::string::npos);
  EXPECT_EQ(log.find(kPassword), std::string::npos);
  EXPECT_EQ(log.find("admin's brand new secret"), std::string::npos);
}

TEST_F(AuthApi, SecurityHeadersAreOnEveryResponse) {
  for (const char* target : {"/healthz", "/api/v1/programs", "/api/v1/nowhere"}) {
    Reply r = http_->get(target);
    auto csp = r.header("Content-Security-Policy").value_or("");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << target;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << target;
    EXPECT_NE(csp.find("object-src 'none'"), std::string::npos) << target;
    EXPECT_NE(csp.find("base-uri 'none'"), std::string::npos) << target;
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff") << target;
    EXPECT_TRUE(r.header("Referrer-Policy").has_value()) << target;
    EXPECT_FALSE(r.header("Strict-Transport-Security").has_value()) << target;  // plain http
  }
  EXPECT_EQ(get(admin_, "/api/v1/programs").header("Cache-Control"), "no-store");
}

TEST_F(AuthApi, AnInvitationCannotSetThePasswordOfAnAccountAnotherProgramCreated) {
  // Program A adds a member: the account has no password yet.
  add_member(cohort_, "victim@example.org");
  // An organizer of another program invites the same email and holds the link.
  std::string other = create_cohort(create_program("Other school"), "Spring");
  std::string token = invite(other, "victim@example.org");
  Reply p = preview(token);
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_TRUE(p.json().at("account_exists").as_bool());
  EXPECT_TRUE(p.json().at("sign_in_required").as_bool());
  Reply taken = accept_signed_out(token, "the attacker's passphrase");
  EXPECT_EQ(taken.status, 401) << taken.body;
  EXPECT_EQ(sign_in_raw("victim@example.org", "the attacker's passphrase").status, 401);
  // The program that created the account, while it belongs to no other, may still invite it
  // to its first password.
  std::string own = invite(cohort_, "victim@example.org");
  EXPECT_FALSE(preview(own).json().at("sign_in_required").as_bool());
  Reply first = accept_signed_out(own, "the victim's own passphrase");
  EXPECT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(sign_in_raw("victim@example.org", "the victim's own passphrase").status, 201);
}

TEST_F(AuthApi, ACreatingProgramCannotSetAFirstPasswordOnceAnotherProgramHoldsTheAccount) {
  add_member(cohort_, "shared@example.org");
  std::string other = create_cohort(create_program("Other school"), "Spring");
  add_member(other, "shared@example.org");
  std::string token = invite(cohort_, "shared@example.org");
  EXPECT_TRUE(preview(token).json().at("sign_in_required").as_bool());
  EXPECT_EQ(accept_signed_out(token, "a chosen passphrase").status, 401);
}

TEST_F(AuthApi, AnExistingAccountAcceptsOnlyFromItsOwnSession) {
  std::string other = create_cohort(create_program("Other school"), "Spring");
  std::string token = invite(other, "amara@example.org");
  // Neither the right password nor a wrong one is checked: the answers are the same.
  Reply right = accept_signed_out(token, kPassword);
  Reply wrong = accept_signed_out(token, "not amara's password");
  EXPECT_EQ(right.status, 401) << right.body;
  EXPECT_EQ(wrong.status, 401) << wrong.body;
  EXPECT_EQ(right.json().at("error"), wrong.json().at("error"));
  // Signed in as someone else: refused.
  Reply as_admin = post(admin_, "/api/v1/invitations/acceptance", {{"token", token}});
  EXPECT_EQ(as_admin.status, 403) << as_admin.body;
  // Signed in as the invited account: accepted, no password needed, the session stays.
  Browser amara = sign_in("amara@example.org");
  Reply accepted = post(amara, "/api/v1/invitations/acceptance", {{"token", token}});
  ASSERT_EQ(accepted.status, 201) << accepted.body;
  EXPECT_FALSE(accepted.header("Set-Cookie").has_value());
  EXPECT_EQ(str(accepted.json().at("user"), "id"), scholar_id_);
  Reply members = get(amara, "/api/v1/cohorts/" + other + "/members");
  EXPECT_EQ(members.status, 200) << members.body;
  EXPECT_EQ(post(amara, "/api/v1/invitations/acceptance", {{"token", token}}).status, 404);
}

TEST_F(AuthApi, WrongCurrentPasswordsCountAgainstTheSignInThrottle) {
  Browser b = sign_in("amara@example.org");
  int refused = 0, limited = 0;
  for (int i = 0; i < 10; ++i) {
    Reply r = put(b, "/api/v1/me/password",
                  {{"current_password", "guess " + std::to_string(i) + " of many"},
                   {"new_password", "a new passphrase"}});
    if (r.status == 429) {
      ++limited;
      EXPECT_TRUE(r.header("Retry-After").has_value());
    } else {
      EXPECT_EQ(r.status, 400) << r.body;
      ++refused;
    }
  }
  EXPECT_EQ(refused, 6);  // the free failures and the one that starts the delay
  EXPECT_EQ(limited, 4);
  // The same key as sign-in: the account is throttled there too.
  EXPECT_EQ(sign_in_raw("amara@example.org", "yet another guess").status, 429);
}

TEST_F(AuthApi, ParallelWrongPasswordsCannotAllPassTheThrottle) {
  constexpr int kGuesses = 24;
  std::vector<int> statuses(kGuesses);
  std::latch start(kGuesses);
  std::vector<std::thread> threads;
  for (int i = 0; i < kGuesses; ++i) {
    threads.emplace_back([&, i] {
      HttpClient client("127.0.0.1", server_->port());
      start.arrive_and_wait();
      statuses[static_cast<std::size_t>(i)] =
          client
              .post("/api/v1/sessions",
                    {{"email", "amara@example.org"},
                     {"password", "parallel guess " + std::to_string(i)}},
                    {{"Origin", origin()}})
              .status;
    });
  }
  for (auto& t : threads) t.join();
  int checked = 0;
  for (int s : statuses) {
    EXPECT_TRUE(s == 401 || s == 429) << s;
    checked += s == 401;
  }
  EXPECT_EQ(checked, 6);  // exactly as many as one after another
}

TEST_F(AuthApi, BehindATrustedProxyEachClientHasItsOwnAddress) {
  start_server({"trusted_proxies=127.0.0.1"});
  HeaderList crowd = {{"X-Forwarded-For", "203.0.113.7"}};
  Reply in = sign_in_raw("amara@example.org", kPassword,
                         {{"X-Forwarded-For", "192.0.2.66, 198.51.100.4"}});
  ASSERT_EQ(in.status, 201) << in.body;
  EXPECT_EQ(in.json().at("session").at("client_address").as_string(), "198.51.100.4");
  // Wrong passwords for many accounts from one address: past the address's free failures,
  // its wrong passwords are slowed down…
  int limited = 0;
  for (int i = 0; i < 110; ++i) {
    Reply r = sign_in_raw("nobody" + std::to_string(i) + "@example.org", "wrong", crowd);
    limited += r.status == 429;
  }
  EXPECT_GT(limited, 0);
  // …but not another client's, and never a right password of an account that is not itself
  // throttled, even from that address.
  EXPECT_EQ(
      sign_in_raw("nobody@example.org", "wrong", {{"X-Forwarded-For", "198.51.100.4"}}).status,
      401);
  EXPECT_EQ(sign_in_raw("amara@example.org", kPassword, crowd).status, 201);
}

TEST_F(AuthApi, AnAdministratorsTokenCannotResetItsOwnPassword) {
  Reply created = post(admin_, "/api/v1/me/tokens", {{"name", "script"}});
  ASSERT_EQ(created.status, 201) << created.body;
  HeaderList bearer = {{"Authorization", "Bearer " + str(created.json(), "secret")}};
  Reply own = http_->post("/api/v1/users/" + admin_.user_id + "/password-resets",
                          boost::json::object{}, bearer);
  EXPECT_EQ(own.status, 403) << own.body;
  Reply other = http_->post("/api/v1/users/" + scholar_id_ + "/password-resets",
                            boost::json::object{}, bearer);
  EXPECT_EQ(other.status, 201) << other.body;
}

TEST_F(AuthApi, TokensExpireWhenAskedAndNeverMintTokens) {
  Reply bad = post(admin_, "/api/v1/me/tokens", {{"name", "ci"}, {"expires_in_days", 0}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json().at("error").at("field").as_string(), "expires_in_days");
  Reply created = post(admin_, "/api/v1/me/tokens", {{"name", "ci"}, {"expires_in_days", 30}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_TRUE(created.json().as_object().contains("expires_at"));
  HeaderList bearer = {{"Authorization", "Bearer " + str(created.json(), "secret")}};
  EXPECT_EQ(http_->get("/api/v1/programs", bearer).status, 200);
  Reply minted = http_->post("/api/v1/me/tokens", {{"name", "copy"}}, bearer);
  EXPECT_EQ(minted.status, 403) << minted.body;
}

TEST_F(AuthApi, MetricsCanRequireAToken) {
  EXPECT_EQ(http_->get("/metrics").status, 200);  // open unless configured
  start_server({"metrics_token=scraper-secret-0123456789"});
  EXPECT_EQ(http_->get("/metrics").status, 401);
  EXPECT_EQ(http_->get("/metrics", {{"Authorization", "Bearer wrong-secret-0123456789"}}).status,
            401);
  Reply ok = http_->get("/metrics", {{"Authorization", "Bearer scraper-secret-0123456789"}});
  EXPECT_EQ(ok.status, 200);
  EXPECT_NE(ok.body.find("trellis_"), std::string::npos);
}

TEST_F(AuthApi, OnlyWellFormedRequestIdsReachTheAuditLog) {
  const std::string bad_ids[] = {"has space", std::string(65, 'a'), "quote\"", "semi;colon"};
  for (const std::string& id : bad_ids) {
    Reply r = http_->post("/api/v1/programs", {{"name", "Audited " + std::to_string(id.size())}},
                          {{"Cookie", admin_.cookie},
                           {"X-CSRF-Token", admin_.csrf},
                           {"Origin", origin()},
                           {"X-Request-Id", id}});
    ASSERT_EQ(r.status, 201) << r.body;
    std::string echoed = r.header("X-Request-Id").value_or("");
    EXPECT_NE(echoed, id);
    EXPECT_EQ(echoed.size(), 16u);
    Reply log = get(admin_, "/api/v1/programs/" + str(r.json(), "id") + "/audit-events");
    ASSERT_EQ(log.status, 200) << log.body;
    EXPECT_EQ(log.body.find(id), std::string::npos);
  }
  Reply kept = http_->post("/api/v1/programs", {{"name", "Traced"}},
                           {{"Cookie", admin_.cookie},
                            {"X-CSRF-Token", admin_.csrf},
                            {"Origin", origin()},
                            {"X-Request-Id", "proxy-7f3a.1"}});
  EXPECT_EQ(kept.header("X-Request-Id"), "proxy-7f3a.1");
}

}  // namespace
}  // namespace trellis::test
