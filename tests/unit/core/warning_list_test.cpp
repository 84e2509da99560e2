#include "core/warning_list.h"

#include <gtest/gtest.h>

namespace trellis {
namespace {

TEST(WarningList, RepeatedKindsBecomeOneLineWithACount) {
  WarningList w;
  EXPECT_TRUE(w.empty());
  for (int i = 1; i <= 36; ++i)
    w.add("a byte-order mark was removed", "source 'Interview " + std::to_string(i) + "'");
  w.add("Sets are not imported", "project.qde, line 12");
  w.add("the project has no description");
  w.add("a reference to an unknown user was dropped", "user 1");
  w.add("a reference to an unknown user was dropped", "user 2");
  EXPECT_FALSE(w.empty());
  EXPECT_EQ(w.lines(),
            (std::vector<std::string>{
                "a byte-order mark was removed (36 times; first: source 'Interview 1')",
                "project.qde, line 12: Sets are not imported", "the project has no description",
                "a reference to an unknown user was dropped (2 times; first: user 1)"}));
}

TEST(WarningList, ARepeatedKindWithoutPlaceSaysOnlyTheCount) {
  WarningList w;
  w.add("a colour was left out");
  w.add("a colour was left out");
  EXPECT_EQ(w.lines(), std::vector<std::string>{"a colour was left out (2 times)"});
}

}  // namespace
}  // namespace trellis
