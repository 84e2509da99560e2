// Identifiers: opaque, sortable, unguessable strings (UUIDv7, RFC 9562) used as primary keys and
// in URLs. Sequential integers never leave the database. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace trellis {

// A new UUIDv7 in its canonical 36-character form; the first 48 bits are the Unix time in
// milliseconds, so ids created later sort later.
std::string new_id();

// A UUIDv7 for the given time: used by tests and by imports that keep creation order.
std::string new_id_at(std::int64_t unix_ms);

// A new random UUID (version 4): for records whose id must not reveal when they were created,
// such as anonymous answers.
std::string new_random_id();

// True when s is a UUID in canonical lower-case form.
bool is_valid_id(std::string_view s);

// n random bytes, hex-encoded (2n characters), from the OS CSPRNG.
std::string random_hex(std::size_t n_bytes);

}  // namespace trellis
