#include "service/accounts/passwords.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <stdexcept>
#include <string_view>
#include <unordered_set>

#include "core/id.h"
#include "core/utf8.h"

namespace trellis {
namespace {

constexpr unsigned long long kOpsLimit = 2;
constexpr std::size_t kMemLimit = 19u * 1024u * 1024u;

// 10,000 common passwords of 12+ characters, lower-case; see scripts/generate-common-passwords.py.
constexpr std::string_view kCommonPasswords[] = {
#include "service/accounts/common_passwords.inc"
};

bool is_common(std::string_view password) {
  static const std::unordered_set<std::string_view> common(std::begin(kCommonPasswords),
                                                           std::end(kCommonPasswords));
  std::string lowered(password);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return common.count(lowered) > 0;
}

}  // namespace

Status check_password_rules(std::string_view password) {
  if (!is_valid_utf8(password)) return Error::invalid("Password is not valid UTF-8.", "password");
  std::size_t n = count_code_points(password);
  if (n < kMinPasswordLength)
    return Error::invalid("Password must be at least 12 characters long.", "password");
  if (n > kMaxPasswordLength)
    return Error::invalid("Password must be at most 128 characters long.", "password");
  if (is_common(password))
    return Error::invalid(
        "This password is among the most common ones and easy to guess; choose another.",
        "password");
  return ok_status();
}

std::string hash_password(std::string_view password) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return out;
}

bool verify_password(std::string_view encoded_hash, std::string_view password) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::string h(encoded_hash);  // crypto_pwhash_str_verify needs a NUL-terminated string
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

const std::string& unusable_password_hash() {
  static const std::string hash = hash_password(random_hex(32));
  return hash;
}

bool has_password(std::string_view stored_hash) {
  return stored_hash != kNoPasswordHash;
}

const std::string& hash_to_verify(const std::string& stored_hash) {
  return has_password(stored_hash) ? stored_hash : unusable_password_hash();
}

}  // namespace trellis
