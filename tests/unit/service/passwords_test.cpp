#include "service/accounts/passwords.h"

#include <gtest/gtest.h>

namespace trellis {
namespace {

TEST(PasswordRules, LengthIsCountedInCharactersNotBytes) {
  EXPECT_EQ(check_password_rules("short").error().field, "password");
  EXPECT_FALSE(check_password_rules("elevenchars").ok());
  EXPECT_TRUE(check_password_rules("twelve chars").ok());
  EXPECT_TRUE(check_password_rules("ünïcödé pässwörd").ok());
  EXPECT_FALSE(check_password_rules("ééééé").ok());  // 10 bytes, 5 characters
  EXPECT_TRUE(check_password_rules(std::string(128, 'x')).ok());
  EXPECT_FALSE(check_password_rules(std::string(129, 'y')).ok());
  EXPECT_FALSE(check_password_rules("\xC3\x28 invalid utf8").ok());
}

TEST(PasswordRules, CommonPasswordsAreRefusedWhateverTheirCase) {
  for (const char* common : {"123456789012", "password1234", "PasswordPassword", "QWERTY123456",
                             "correct horse battery staple", "iloveyou1234"}) {
    auto s = check_password_rules(common);
    ASSERT_FALSE(s.ok()) << common;
    EXPECT_NE(s.error().message.find("common"), std::string::npos) << common;
  }
  EXPECT_TRUE(check_password_rules("mentors value perseverance").ok());
}

TEST(PasswordHash, IsArgon2idAndVerifies) {
  std::string hash = hash_password("a reasonable passphrase");
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << hash;
  EXPECT_TRUE(verify_password(hash, "a reasonable passphrase"));
  EXPECT_FALSE(verify_password(hash, "a reasonable passphrasE"));
  EXPECT_NE(hash_password("a reasonable passphrase"), hash);  // fresh salt
  EXPECT_FALSE(verify_password(unusable_password_hash(), ""));
}

}  // namespace
}  // namespace trellis
