// Password hashing with Argon2id (libsodium, m = 19 MiB, t = 2, p = 1: the OWASP baseline).
// Hashing costs tens of milliseconds by design: call it only from worker threads, never on an
// I/O thread. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace trellis {

inline constexpr std::size_t kMinPasswordLength = 12;
inline constexpr std::size_t kMaxPasswordLength = 128;

// Length (in Unicode code points) between the limits, valid UTF-8, not one of the most common
// passwords. The error names the field "password".
Status check_password_rules(std::string_view password);

// An encoded Argon2id hash string ("$argon2id$v=19$m=19456,t=2,p=1$…") with a fresh salt.
std::string hash_password(std::string_view password);

// True when the password matches the encoded hash. Constant-time in the password.
bool verify_password(std::string_view encoded_hash, std::string_view password);

// A valid hash of a random password, verified against when an email is unknown or the account
// has no password yet, so that timing does not reveal which emails exist.
const std::string& unusable_password_hash();

// What is stored as the hash of an account that has no password yet (created by a roster
// import or "add member"). Not a valid hash: no password ever matches it.
inline constexpr std::string_view kNoPasswordHash = "!no-password";

// False for kNoPasswordHash. Accounts stored before kNoPasswordHash existed hold a random hash
// instead and count as having a password: they get their first one through a reset link.
bool has_password(std::string_view stored_hash);

// The hash to verify a password against: the stored one, or unusable_password_hash() when the
// account has no password, so that both cost the same.
const std::string& hash_to_verify(const std::string& stored_hash);

}  // namespace trellis
