#include "core/line_ends.h"

#include <gtest/gtest.h>

#include "core/utf8.h"

namespace trellis {
namespace {

TEST(LineEnds, CrLfAndLoneCrBecomeLf) {
  struct Case {
    std::string in, out;
  };
  for (const Case& c : std::vector<Case>{{"", ""},
                                         {"a\nb", "a\nb"},
                                         {"a\r\nb", "a\nb"},
                                         {"a\rb", "a\nb"},
                                         {"a\r\r\nb", "a\n\nb"},
                                         {"\r\n\r\n", "\n\n"},
                                         {"end\r", "end\n"},
                                         {"\n\r", "\n\n"}}) {
    EXPECT_EQ(normalize_line_ends(c.in), c.out) << c.in;
    EXPECT_EQ(has_carriage_return(c.in), c.in != c.out) << c.in;
  }
}

TEST(LineEnds, KeepsMultiByteCharactersIntact) {
  const std::string text = "مرحبا\r\n📚 e\xCC\x81\r";
  const std::string out = normalize_line_ends(text);
  EXPECT_EQ(out, "مرحبا\n📚 e\xCC\x81\n");
  EXPECT_TRUE(is_valid_utf8(out));
}

// Positions count code points: the emoji and the Arabic letters count one each, and each CR of
// a CR LF pair before a position moves it back by one.
TEST(LineEnds, MapsCodePointPositionsOfTheOriginalText) {
  const LineEndNormalization n("مر\r\n📚x\ry\r\nz");
  //                           0 1 2 3 4 5 6 7 8 9 10
  EXPECT_TRUE(n.changed());
  EXPECT_EQ(n.text(), "مر\n📚x\ny\nz");
  EXPECT_EQ(n.position(0), 0);
  EXPECT_EQ(n.position(2), 2);  // the CR itself: where the LF now is
  EXPECT_EQ(n.position(3), 2);  // between CR and LF: on the LF
  EXPECT_EQ(n.position(4), 3);  // the emoji
  EXPECT_EQ(n.position(6), 5);  // a lone CR is replaced, not removed
  EXPECT_EQ(n.position(7), 6);
  EXPECT_EQ(n.position(10), 8);
  EXPECT_EQ(n.position(11), 9);  // the end
  EXPECT_EQ(static_cast<long long>(count_code_points(n.text())), n.position(11));
}

TEST(LineEnds, TextWithoutCarriageReturnsIsUnchanged) {
  const LineEndNormalization n("plain\ntext");
  EXPECT_FALSE(n.changed());
  EXPECT_EQ(n.text(), "plain\ntext");
  for (long long p = 0; p <= 10; ++p) EXPECT_EQ(n.position(p), p);
}

}  // namespace
}  // namespace trellis
