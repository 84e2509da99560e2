#include "http/request_target.h"

#include <gtest/gtest.h>

#include "http/request.h"
#include "http/request_id.h"

namespace trellis::http {
namespace {

TEST(ParseTarget, DecodesPathAndQuery) {
  auto t = parse_target("/api/v1/people/ann%20lee?q=a+b%26c&limit=5&flag&q=2");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->path, "/api/v1/people/ann lee");
  ASSERT_EQ(t->query.size(), 4u);
  EXPECT_EQ(t->query[0], (std::pair<std::string, std::string>{"q", "a b&c"}));
  EXPECT_EQ(t->query[1], (std::pair<std::string, std::string>{"limit", "5"}));
  EXPECT_EQ(t->query[2], (std::pair<std::string, std::string>{"flag", ""}));
  EXPECT_EQ(t->query[3], (std::pair<std::string, std::string>{"q", "2"}));
}

TEST(ParseTarget, DecodesUtf8) {
  EXPECT_EQ(parse_target("/caf%C3%A9")->path, "/café");
}

TEST(ParseTarget, RejectsBadTargets) {
  for (std::string_view bad : {"/a%zz", "/a%2", "/a%00b", "/a%2Fb", "/a%2fb", "*",
                               "http://example.org/x", "", "/a?x=%00", "/a b"}) {
    auto t = parse_target(bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_EQ(t.error().code, ErrorCode::kInvalid);
  }
}

TEST(ParseTarget, PathForLogDropsTheQuery) {
  EXPECT_EQ(path_for_log("/reset?token=secret"), "/reset");
  EXPECT_EQ(path_for_log("/plain"), "/plain");
}

TEST(RequestId, AcceptsOnlyHarmlessIncomingIds) {
  EXPECT_EQ(request_id_for("abc-DEF_1.2"), "abc-DEF_1.2");
  EXPECT_EQ(request_id_for(std::string(64, 'a')), std::string(64, 'a'));
  for (std::string_view bad : {"", "has space", "new\nline", "quote\"", "é"}) {
    std::string id = request_id_for(bad);
    EXPECT_NE(id, bad);
    EXPECT_EQ(id.size(), 16u);
  }
  EXPECT_NE(request_id_for(std::string(65, 'a')), std::string(65, 'a'));
  EXPECT_NE(request_id_for(std::nullopt), request_id_for(std::nullopt));
}

TEST(RequestAccessors, HeaderQueryAndParams) {
  Request r;
  r.headers = {{"content-type", "application/json"}};
  r.query = {{"limit", "5"}, {"limit", "6"}};
  r.path_params = {{"id", "p1"}};
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("accept"), std::nullopt);
  EXPECT_EQ(r.query_param("limit"), "5");
  EXPECT_EQ(r.query_param("cursor"), std::nullopt);
  EXPECT_EQ(r.param("id"), "p1");
  EXPECT_EQ(r.param("other"), "");
}

}  // namespace
}  // namespace trellis::http
