// Complement suppression, table-driven: for a viewer (what they see row by row) and a shape of
// data (the groups an aggregate covers), whether each figure is shown or suppressed.
#include "domain/suppression.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace trellis::privacy {
namespace {

struct MayShowCase {
  const char* what;
  long long covered, seen, threshold;
  bool shown;
};

TEST(Suppression, AnAggregateNeedsEnoughRowsAndEnoughUnseenRows) {
  const MayShowCase cases[] = {
      {"analyst, cohort of five", 5, 0, 5, true},
      {"analyst, cohort of four", 4, 0, 5, false},
      {"organizer sees every row of a large cohort", 9, 9, 5, true},
      {"organizer sees every row, but the group is small", 4, 4, 5, false},
      {"mentor sees five of six: the sixth scholar would be derived", 6, 5, 5, false},
      {"mentor sees two of six: four unseen is below five", 6, 2, 5, false},
      {"mentor sees two of seven: five unseen is enough", 7, 2, 5, true},
      {"scholar sees own row of twelve", 12, 1, 5, true},
      {"threshold of three peers, viewer rated one of three", 3, 1, 3, false},
      {"nothing covered", 0, 0, 3, false},
  };
  for (const MayShowCase& c : cases)
    EXPECT_EQ(may_show({c.covered, c.seen}, c.threshold), c.shown) << c.what;
}

// The reason given agrees with may_show: none exactly when the figure is shown, "group too
// small" with the counts when there are too few rows, the complement rule otherwise.
TEST(Suppression, AWithheldFigureSaysWhy) {
  struct Case {
    const char* what;
    long long covered, seen, threshold;
    std::optional<WithheldReason> reason;
  };
  const Case cases[] = {
      {"analyst, cohort of five", 5, 0, 5, std::nullopt},
      {"analyst, cohort of four", 4, 0, 5, WithheldReason::kGroupTooSmall},
      {"organizer sees every row, but the group is small", 4, 4, 5, WithheldReason::kGroupTooSmall},
      {"mentor sees five of six", 6, 5, 5, WithheldReason::kComplement},
      {"mentor sees two of seven", 7, 2, 5, std::nullopt},
      {"nothing covered", 0, 0, 3, WithheldReason::kGroupTooSmall},
  };
  for (const Case& c : cases) {
    const Coverage coverage{c.covered, c.seen};
    const auto why = withheld(coverage, c.threshold);
    EXPECT_EQ(why.has_value(), !may_show(coverage, c.threshold)) << c.what;
    ASSERT_EQ(why.has_value(), c.reason.has_value()) << c.what;
    if (!why) continue;
    EXPECT_EQ(why->reason, *c.reason) << c.what;
    EXPECT_EQ(why->threshold, c.threshold) << c.what;
    if (why->reason == WithheldReason::kGroupTooSmall) {
      EXPECT_EQ(why->covered, c.covered) << c.what;
    }
  }
  EXPECT_EQ(withheld_part({9, 0}, 5).reason, WithheldReason::kComplement);
  EXPECT_EQ(withheld_part({2, 0}, 5).reason, WithheldReason::kGroupTooSmall);
  EXPECT_EQ(withheld_reason_name(WithheldReason::kGroupTooSmall), "group_too_small");
}

struct BreakdownCase {
  const char* what;
  long long threshold;
  Coverage total;
  std::vector<Coverage> parts;
  bool total_shown;
  std::vector<bool> parts_shown;
};

TEST(Suppression, ShownPartsNeverLetAHiddenGroupBeDerivedFromTheTotal) {
  const BreakdownCase cases[] = {
      {"analyst, streams of four and two: the small one is hidden and so is the other, whose "
       "complement is the small one",
       3,
       {6, 0},
       {{4, 0}, {2, 0}},
       true,
       {false, false}},
      {"mentor of the four: the total minus their rows is the small stream, so it is hidden; "
       "their own stream is theirs to see",
       3,
       {6, 4},
       {{4, 4}, {2, 0}},
       false,
       {true, false}},
      {"mentor of the two: the rest (four) is shown anyway, their own small stream is not",
       3,
       {6, 2},
       {{4, 0}, {2, 2}},
       true,
       {true, false}},
      {"organizer sees every row: small streams stay hidden, nothing else is",
       3,
       {6, 6},
       {{4, 4}, {2, 2}},
       true,
       {true, false}},
      {"exactly one stream hidden: the smallest shown one is hidden with it",
       5,
       {12, 0},
       {{6, 0}, {5, 0}, {1, 0}},
       true,
       {true, false, false}},
      {"two hidden streams of one: together below the threshold, so a shown one joins them",
       5,
       {12, 0},
       {{10, 0}, {1, 0}, {1, 0}},
       true,
       {false, false, false}},
      {"hidden streams that together reach the threshold need nothing more",
       3,
       {10, 0},
       {{5, 0}, {2, 0}, {1, 0}, {2, 0}},
       true,
       {true, false, false, false}},
      {"a hidden stream the viewer sees row by row gives nothing away",
       3,
       {8, 2},
       {{6, 0}, {2, 2}},
       true,
       {true, false}},
      {"the total itself too small: everything hidden",
       5,
       {4, 0},
       {{2, 0}, {2, 0}},
       false,
       {false, false}},
      {"no shown part can cover the hidden rest: the total is hidden instead",
       5,
       {10, 0},
       {{2, 0}},
       false,
       {false}},
      {"no total shown: parts stand on their own",
       5,
       {6, 5},
       {{5, 5}, {1, 0}},
       false,
       {true, false}},
  };
  for (const BreakdownCase& c : cases) {
    Breakdown b = disclose_breakdown(c.total, c.parts, c.threshold);
    EXPECT_EQ(b.total, c.total_shown) << c.what;
    EXPECT_EQ(b.parts, c.parts_shown) << c.what;
  }
}

// Whatever the shape, for a viewer who sees nothing row by row, the hidden parts of a shown
// total add up to nothing or to at least the threshold.
TEST(Suppression, HiddenRestIsNeverSmallWhenTheTotalIsShown) {
  for (long long threshold : {3, 5}) {
    for (long long a = 0; a <= 7; ++a)
      for (long long b = 0; b <= 7; ++b)
        for (long long c = 0; c <= 7; ++c) {
          std::vector<Coverage> parts{{a, 0}, {b, 0}, {c, 0}};
          Breakdown d = disclose_breakdown({a + b + c, 0}, parts, threshold);
          if (!d.total) continue;
          long long hidden = 0;
          for (std::size_t i = 0; i < parts.size(); ++i)
            if (!d.parts[i]) hidden += parts[i].covered;
          EXPECT_TRUE(hidden == 0 || hidden >= threshold)
              << a << "," << b << "," << c << " threshold " << threshold;
        }
  }
}

}  // namespace
}  // namespace trellis::privacy
