#include "http/json.h"

#include <gtest/gtest.h>

namespace trellis::http {
namespace {

Request json_request(std::string body, std::string content_type = "application/json") {
  Request r;
  r.method = "POST";
  if (!content_type.empty()) r.headers.emplace_back("content-type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

TEST(ParseJsonObject, AcceptsAnObject) {
  auto r = parse_json_object(json_request(R"({"name":"Ada","n":3})"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->at("name").as_string(), "Ada");
}

TEST(ParseJsonObject, AcceptsCharsetParameterAndCase) {
  EXPECT_TRUE(parse_json_object(json_request("{}", "application/json; charset=utf-8")).ok());
  EXPECT_TRUE(parse_json_object(json_request("{}", "Application/JSON")).ok());
}

TEST(ParseJsonObject, WrongOrMissingContentTypeIs415) {
  for (std::string type :
       {"text/plain", "application/jsonx", "", "application/x-www-form-urlencoded"}) {
    auto r = parse_json_object(json_request("{}", type));
    ASSERT_FALSE(r.ok()) << type;
    EXPECT_EQ(r.error().code, ErrorCode::kUnsupportedMediaType);
    EXPECT_EQ(r.error().message, "Send the body as application/json.");
  }
}

TEST(ParseJsonObject, EmptyBody) {
  for (std::string body : {"", "  \n"}) {
    auto r = parse_json_object(json_request(body));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(r.error().message, "The request body is empty; send a JSON object.");
  }
}

TEST(ParseJsonObject, SyntaxErrorNamesLineAndColumn) {
  auto r = parse_json_object(json_request("{\n  \"a\": 1,\n  \"b\": tru\n}"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(r.error().message.rfind("The request body is not valid JSON (line 3, column ", 0), 0u)
      << r.error().message;
}

TEST(ParseJsonObject, RejectsNonStandardJson) {
  for (std::string body : {R"({"a": NaN})", R"({"a": 1,})", "{\"a\": 1} // c", R"({"a": Infinity})",
                           "{\"a\": 1} {\"b\": 2}", R"({'a': 1})"}) {
    auto r = parse_json_object(json_request(body));
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
  }
}

TEST(ParseJsonObject, RejectsInvalidUtf8) {
  auto r = parse_json_object(json_request("{\"a\": \"\xC3\x28\"}"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
}

TEST(ParseJsonObject, RejectsNonObjects) {
  for (std::string body : {"[]", "1", "\"x\"", "null"}) {
    auto r = parse_json_object(json_request(body));
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error().message, "The request body must be a JSON object.");
  }
}

TEST(ParseJsonObject, AllowsTrailingWhitespace) {
  EXPECT_TRUE(parse_json_object(json_request("{\"a\":1}\r\n  ")).ok());
}

TEST(ParseJsonObject, RejectsDeepNesting) {
  std::string deep = "{\"a\":" + std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_FALSE(parse_json_object(json_request(deep)).ok());
}

boost::json::object obj(std::string_view text) {
  return boost::json::parse(text).as_object();
}

TEST(FieldReaders, RequiredString) {
  EXPECT_EQ(*required_string(obj(R"({"name":"Ada"})"), "name"), "Ada");
  auto missing = required_string(obj("{}"), "name");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "name is required.");
  EXPECT_EQ(missing.error().field, "name");
  EXPECT_EQ(required_string(obj(R"({"name":null})"), "name").error().message, "name is required.");
  auto wrong = required_string(obj(R"({"name":5})"), "name");
  EXPECT_EQ(wrong.error().message, "name must be a string.");
  EXPECT_EQ(wrong.error().field, "name");
}

TEST(FieldReaders, OptionalString) {
  EXPECT_EQ(*optional_string(obj("{}"), "bio"), std::nullopt);
  EXPECT_EQ(*optional_string(obj(R"({"bio":null})"), "bio"), std::nullopt);
  EXPECT_EQ(**optional_string(obj(R"({"bio":"x"})"), "bio"), "x");
  EXPECT_EQ(optional_string(obj(R"({"bio":[]})"), "bio").error().message, "bio must be a string.");
}

TEST(FieldReaders, OptionalInt) {
  EXPECT_EQ(*optional_int(obj("{}"), "n"), std::nullopt);
  EXPECT_EQ(**optional_int(obj(R"({"n":-5})"), "n"), -5);
  EXPECT_EQ(**optional_int(obj(R"({"n":3.0})"), "n"), 3);
  EXPECT_EQ(**optional_int(obj(R"({"n":9223372036854775807})"), "n"), 9223372036854775807LL);
  for (std::string_view bad : {R"({"n":1.5})", R"({"n":"3"})", R"({"n":18446744073709551615})",
                               R"({"n":1e300})", R"({"n":true})"}) {
    auto r = optional_int(obj(bad), "n");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().message, "n must be a whole number.");
  }
}

TEST(FieldReaders, OptionalBool) {
  EXPECT_EQ(*optional_bool(obj("{}"), "b"), std::nullopt);
  EXPECT_EQ(**optional_bool(obj(R"({"b":false})"), "b"), false);
  EXPECT_EQ(optional_bool(obj(R"({"b":1})"), "b").error().message, "b must be true or false.");
}

TEST(FieldReaders, RejectUnknownFields) {
  EXPECT_TRUE(reject_unknown_fields(obj(R"({"a":1,"b":2})"), {"a", "b", "c"}).ok());
  auto r = reject_unknown_fields(obj(R"({"a":1,"emial":2})"), {"a", "email"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "emial");
  EXPECT_EQ(r.error().message, "Unknown field \"emial\".");
}

TEST(JsonResponse, Serialises) {
  Response r = json_response(201, boost::json::object{{"id", "x"}});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, R"({"id":"x"})");
}

}  // namespace
}  // namespace trellis::http
