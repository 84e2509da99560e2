#include "http/errors.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <string>

namespace trellis::http {

int status_for(ErrorCode code) {
  // The one mapping from error codes to statuses. kInvalid is 400, or 422 when the error is
  // marked semantic (Error::unprocessable).
  switch (code) {
    case ErrorCode::kInvalid:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kMethodNotAllowed:
      return 405;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kUnsupportedMediaType:
      return 415;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

boost::json::object error_json(const Error& error, std::string_view reference) {
  boost::json::object body;
  body["code"] = error_code_name(error.code);
  if (error.code == ErrorCode::kInternal) {
    // The real message may hold SQL, paths or secrets: it goes to the log, never to the client.
    std::string message = "Something went wrong on our side. Quote ";
    message.append(reference);
    message.append(" when reporting it.");
    body["message"] = std::move(message);
    return body;
  }
  body["message"] = error.message;
  if (!error.field.empty()) body["field"] = error.field;
  if (!error.details.empty()) {
    boost::json::array details;
    details.reserve(error.details.size());
    for (const ErrorDetail& d : error.details) {
      boost::json::object item;
      if (d.line) item["line"] = *d.line;
      if (!d.field.empty()) item["column"] = d.field;  // API.md: import problems name a column
      item["message"] = d.message;
      details.push_back(std::move(item));
    }
    body["details"] = std::move(details);
  }
  return body;
}

Response error_response(const Error& error, std::string_view request_id) {
  if (error.code == ErrorCode::kInternal)
    spdlog::error("internal error (request {}): {}", request_id, error.message);
  boost::json::object body = error_json(error, "request id " + std::string(request_id));

  Response response;
  response.status = error.semantic ? 422 : status_for(error.code);
  response.body = boost::json::serialize(boost::json::object{{"error", std::move(body)}});
  if (error.code == ErrorCode::kRateLimited ||
      (error.code == ErrorCode::kUnavailable && error.retry_after_seconds > 0)) {
    int seconds = error.retry_after_seconds > 0 ? error.retry_after_seconds : 1;
    response.headers.emplace_back("Retry-After", std::to_string(seconds));
  }
  return response;
}

}  // namespace trellis::http
