// Error: the one value every layer uses to say what went wrong.
//
// A code from a small closed set (the API's error codes), a human sentence, optionally the input
// field it concerns and per-item details (imports report every bad line at once). Domain and
// service code return Errors; only src/http decides which HTTP status a code becomes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trellis {

enum class ErrorCode {
  kInvalid,               // input breaks a rule (400/422)
  kUnauthenticated,       // no valid credentials (401)
  kForbidden,             // authenticated but not allowed, and existence is not secret (403)
  kNotFound,              // no such resource, or the actor may not know it exists (404)
  kMethodNotAllowed,      // route exists, method does not (405)
  kConflict,              // uniqueness, stale version, state that forbids the change (409)
  kTooLarge,              // body or upload over a limit (413)
  kUnsupportedMediaType,  // wrong Content-Type (415)
  kRateLimited,           // too many attempts (429)
  kUnavailable,           // a dependency (the database) is down or not migrated (503)
  kInternal,              // a bug or an unexpected failure; the message is never shown (500)
};

// The wire name of a code ("not_found"), as documented in docs/api.md.
std::string_view error_code_name(ErrorCode code);
// The code of a wire name; nullopt for a name that is none.
std::optional<ErrorCode> error_code_from_name(std::string_view name);

// One problem among several, e.g. one bad line of an imported file.
struct ErrorDetail {
  std::optional<long> line;  // 1-based line of an imported file
  std::string field;         // column or field name
  std::string message;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;
  std::vector<ErrorDetail> details;
  // Seconds a client should wait before retrying (rate limits); 0 when not applicable.
  int retry_after_seconds = 0;
  // An invalid error about a well-formed request whose values disagree with stored data (a
  // round's dates outside its cohort's): rendered as 422 rather than 400.
  bool semantic = false;

  static Error invalid(std::string message, std::string field = {});
  static Error unprocessable(std::string message, std::string field);
  static Error unauthenticated(std::string message = "Sign in to continue.");
  static Error forbidden(std::string message = "You are not allowed to do this.");
  static Error not_found(std::string message);
  static Error conflict(std::string message, std::string field = {});
  static Error too_large(std::string message);
  static Error unsupported_media_type(std::string message);
  static Error rate_limited(std::string message, int retry_after_seconds);
  static Error unavailable(std::string message);
  static Error internal(std::string message);
};

}  // namespace trellis
