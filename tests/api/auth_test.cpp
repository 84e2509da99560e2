// Sign-in, sessions, CSRF, API tokens, disabling, password changes and resets, throttling,
// and that passwords never reach the logs.
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
  Reply sign_in_raw(const std::string& email, const std::string& password) {
    return http_->post("/api/v1/sessions", {{"email", email}, {"password", password}},
                       {{"Origin", origin()}});
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

}  // namespace
}  // namespace trellis::test
