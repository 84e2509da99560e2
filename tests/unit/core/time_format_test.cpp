#include "core/time_format.h"

#include <gtest/gtest.h>

namespace trellis {
namespace {

TEST(TimeFormat, FormatsWholeSecondsWithoutFraction) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(1795685400000), "2026-11-26T09:30:00Z");
}

TEST(TimeFormat, FormatsMilliseconds) {
  EXPECT_EQ(format_rfc3339(1795685400123), "2026-11-26T09:30:00.123Z");
}

TEST(TimeFormat, ParsesWhatItFormats) {
  for (Timestamp t : {0LL, 1795685400000LL, 1795685400123LL, 951782400000LL}) {
    auto parsed = parse_rfc3339(format_rfc3339(t));
    ASSERT_TRUE(parsed.has_value()) << t;
    EXPECT_EQ(*parsed, t);
  }
}

TEST(TimeFormat, AppliesOffsets) {
  EXPECT_EQ(parse_rfc3339("2026-11-26T11:30:00+02:00"), parse_rfc3339("2026-11-26T09:30:00Z"));
  EXPECT_EQ(parse_rfc3339("2026-11-26T04:30:00-05:00"), parse_rfc3339("2026-11-26T09:30:00Z"));
}

TEST(TimeFormat, RejectsMalformedTimes) {
  for (const char* bad : {"", "2026-11-26", "2026-11-26T09:30:00", "2026-13-01T00:00:00Z",
                          "2026-02-30T00:00:00Z", "2026-11-26T24:00:00Z", "2026-11-26T09:30:00Zx",
                          "2026-11-26T09:30:00.Z", "2026-11-26 09:30:00Z"})
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
}

TEST(TimeFormat, ValidatesDates) {
  EXPECT_TRUE(is_valid_date("2024-02-29"));
  EXPECT_FALSE(is_valid_date("2023-02-29"));
  EXPECT_FALSE(is_valid_date("2026-1-01"));
  EXPECT_FALSE(is_valid_date("2026-01-01T"));
  EXPECT_EQ(date_of(1795685400000), "2026-11-26");
}

}  // namespace
}  // namespace trellis
