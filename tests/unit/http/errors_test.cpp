#include "http/errors.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace trellis::http {
namespace {

Error with_code(ErrorCode code, std::string message = "msg") {
  Error e;
  e.code = code;
  e.message = std::move(message);
  return e;
}

TEST(StatusFor, EveryCode) {
  const std::pair<ErrorCode, int> expected[] = {
      {ErrorCode::kInvalid, 400},          {ErrorCode::kUnauthenticated, 401},
      {ErrorCode::kForbidden, 403},        {ErrorCode::kNotFound, 404},
      {ErrorCode::kMethodNotAllowed, 405}, {ErrorCode::kConflict, 409},
      {ErrorCode::kTooLarge, 413},         {ErrorCode::kUnsupportedMediaType, 415},
      {ErrorCode::kRateLimited, 429},      {ErrorCode::kUnavailable, 503},
      {ErrorCode::kInternal, 500},
  };
  for (auto [code, status] : expected) {
    EXPECT_EQ(status_for(code), status) << error_code_name(code);
    EXPECT_EQ(error_response(with_code(code), "rid").status, status) << error_code_name(code);
  }
}

TEST(ErrorResponse, MinimalBody) {
  Response r = error_response(Error::not_found("No such program."), "rid");
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, R"({"error":{"code":"not_found","message":"No such program."}})");
}

TEST(ErrorResponse, FieldAndDetails) {
  Error e = Error::invalid("The file has 2 problems.", "file");
  e.details.push_back({12, "email", "email is not an address."});
  e.details.push_back({std::nullopt, "", "The file has no header line."});
  Response r = error_response(e, "rid");
  EXPECT_EQ(r.status, 400);
  auto body = boost::json::parse(r.body).as_object().at("error").as_object();
  EXPECT_EQ(body.at("code").as_string(), "invalid");
  EXPECT_EQ(body.at("field").as_string(), "file");
  auto& details = body.at("details").as_array();
  ASSERT_EQ(details.size(), 2u);
  EXPECT_EQ(boost::json::serialize(details[0]),
            R"({"line":12,"column":"email","message":"email is not an address."})");
  EXPECT_EQ(boost::json::serialize(details[1]), R"({"message":"The file has no header line."})");
}

TEST(ErrorResponse, InternalHidesTheMessage) {
  Response r = error_response(Error::internal("SELECT * FROM secrets failed"), "abc123");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("SELECT"), std::string::npos);
  auto body = boost::json::parse(r.body).as_object().at("error").as_object();
  EXPECT_EQ(body.at("code").as_string(), "internal");
  EXPECT_EQ(body.at("message").as_string(),
            "Something went wrong on our side. Quote request id abc123 when reporting it.");
}

TEST(ErrorResponse, RateLimitedSetsRetryAfter) {
  Response r = error_response(Error::rate_limited("Slow down.", 30), "rid");
  EXPECT_EQ(r.status, 429);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0], (Header{"Retry-After", "30"}));
}

}  // namespace
}  // namespace trellis::http
