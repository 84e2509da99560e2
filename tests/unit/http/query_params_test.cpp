// The shared query-parameter parsers: every route reads numbers, booleans, ids and pages the
// same way and names the parameter when it is malformed.
#include "http/api/query_params.h"

#include <gtest/gtest.h>

#include <limits>

namespace trellis::http {
namespace {

Request with_query(std::vector<std::pair<std::string, std::string>> query) {
  Request r;
  r.query = std::move(query);
  return r;
}

TEST(QueryParams, WholeNumbersWithinTheirRange) {
  struct Case {
    const char* text;
    std::optional<long long> value;  // nullopt: refused
  };
  for (const Case& c : std::vector<Case>{{"1", 1},
                                         {"20", 20},
                                         {"0", std::nullopt},
                                         {"21", std::nullopt},
                                         {"-3", std::nullopt},
                                         {"2x", std::nullopt},
                                         {"", std::nullopt},
                                         {" 3", std::nullopt},
                                         {"99999999999999999999", std::nullopt}}) {
    auto v = int_param(with_query({{"max", c.text}}), "max", {1, 20});
    if (c.value) {
      ASSERT_TRUE(v.ok()) << c.text;
      EXPECT_EQ(*v, c.value) << c.text;
    } else {
      ASSERT_FALSE(v.ok()) << c.text;
      EXPECT_EQ(v.error().field, "max");
      EXPECT_EQ(v.error().message, "max must be a whole number from 1 to 20.");
    }
  }
  EXPECT_EQ(*int_param(with_query({}), "max", {1, 20}), std::nullopt);
  EXPECT_EQ(*int_param_or(with_query({}), "max", {1, 20}, 3), 3);
  auto open_ended = int_param(with_query({{"version", "-1"}}), "version",
                              {0, std::numeric_limits<long long>::max()});
  EXPECT_EQ(open_ended.error().message, "version must be a whole number from 0 up.");
}

TEST(QueryParams, BooleansAreTrueOrFalse) {
  EXPECT_EQ(*bool_param(with_query({{"dry_run", "true"}}), "dry_run"), true);
  EXPECT_EQ(*bool_param(with_query({{"dry_run", "false"}}), "dry_run"), false);
  EXPECT_EQ(*bool_param(with_query({}), "dry_run"), std::nullopt);
  auto bad = bool_param(with_query({{"dry_run", "1"}}), "dry_run");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "dry_run must be true or false.");
}

TEST(QueryParams, IdsAndPages) {
  const std::string id = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
  EXPECT_EQ(*id_param(with_query({{"round_id", id}}), "round_id"), id);
  EXPECT_EQ(id_param(with_query({{"round_id", "x"}}), "round_id").error().field, "round_id");

  PageRequest first = *page_request(with_query({}));
  EXPECT_EQ(first.limit, kDefaultPageLimit);
  EXPECT_EQ(first.after, "");
  PageRequest next = *page_request(with_query({{"limit", "200"}, {"cursor", id}}));
  EXPECT_EQ(next.limit, 200);
  EXPECT_EQ(next.after, id);
  EXPECT_EQ(page_request(with_query({{"limit", "201"}})).error().message,
            "limit must be a whole number from 1 to 200.");
  EXPECT_EQ(page_request(with_query({{"cursor", "nope"}})).error().field, "cursor");
}

}  // namespace
}  // namespace trellis::http
