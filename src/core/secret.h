// Secrets handed to users (session cookies, API tokens, one-time links) and how they are kept:
// 256 random bits, stored only as a SHA-256 hash, compared in constant time. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace trellis {

// A new secret: 32 random bytes from the OS CSPRNG, as 64 hex characters, with an optional
// prefix that tells its kind when it leaks into a log or a ticket (e.g. "trl_").
std::string new_secret(std::string_view prefix = {});

// SHA-256 of the text, hex-encoded: what the database stores instead of the secret.
std::string secret_hash(std::string_view secret);

// Equality that takes the same time wherever the strings differ.
bool constant_time_equals(std::string_view a, std::string_view b);

}  // namespace trellis
