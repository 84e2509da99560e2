#include "core/error.h"

#include <utility>

namespace trellis {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalid:
      return "invalid";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kMethodNotAllowed:
      return "method_not_allowed";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kTooLarge:
      return "too_large";
    case ErrorCode::kUnsupportedMediaType:
      return "unsupported_media_type";
    case ErrorCode::kRateLimited:
      return "rate_limited";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

std::optional<ErrorCode> error_code_from_name(std::string_view name) {
  for (ErrorCode code : {ErrorCode::kInvalid, ErrorCode::kUnauthenticated, ErrorCode::kForbidden,
                         ErrorCode::kNotFound, ErrorCode::kMethodNotAllowed, ErrorCode::kConflict,
                         ErrorCode::kTooLarge, ErrorCode::kUnsupportedMediaType,
                         ErrorCode::kRateLimited, ErrorCode::kUnavailable, ErrorCode::kInternal})
    if (error_code_name(code) == name) return code;
  return std::nullopt;
}

namespace {
Error make(ErrorCode code, std::string message, std::string field = {}) {
  Error e;
  e.code = code;
  e.message = std::move(message);
  e.field = std::move(field);
  return e;
}
}  // namespace

Error Error::invalid(std::string message, std::string field) {
  return make(ErrorCode::kInvalid, std::move(message), std::move(field));
}
Error Error::unprocessable(std::string message, std::string field) {
  Error e = make(ErrorCode::kInvalid, std::move(message), std::move(field));
  e.semantic = true;
  return e;
}
Error Error::unauthenticated(std::string message) {
  return make(ErrorCode::kUnauthenticated, std::move(message));
}
Error Error::forbidden(std::string message) {
  return make(ErrorCode::kForbidden, std::move(message));
}
Error Error::not_found(std::string message) {
  return make(ErrorCode::kNotFound, std::move(message));
}
Error Error::conflict(std::string message, std::string field) {
  return make(ErrorCode::kConflict, std::move(message), std::move(field));
}
Error Error::too_large(std::string message) {
  return make(ErrorCode::kTooLarge, std::move(message));
}
Error Error::unsupported_media_type(std::string message) {
  return make(ErrorCode::kUnsupportedMediaType, std::move(message));
}
Error Error::rate_limited(std::string message, int retry_after_seconds) {
  Error e = make(ErrorCode::kRateLimited, std::move(message));
  e.retry_after_seconds = retry_after_seconds;
  return e;
}
Error Error::unavailable(std::string message) {
  return make(ErrorCode::kUnavailable, std::move(message));
}
Error Error::internal(std::string message) {
  return make(ErrorCode::kInternal, std::move(message));
}

}  // namespace trellis
