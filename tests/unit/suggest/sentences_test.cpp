#include "suggest/sentences.h"

#include <gtest/gtest.h>

#include <string>

namespace trellis::suggest {
namespace {

std::vector<SentenceSpan> split(std::string_view text) {
  auto r = split_sentences(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? *r : std::vector<SentenceSpan>{};
}

std::vector<std::string> texts(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& s : split(text)) {
    out.emplace_back(text.substr(s.byte_begin, s.byte_end - s.byte_begin));
  }
  return out;
}

TEST(SplitSentences, SplitsOnTerminatorsAndTrimsWhiteSpace) {
  EXPECT_EQ(texts("  She kept going.  He gave up!  Did they ask? "),
            (std::vector<std::string>{"She kept going.", "He gave up!", "Did they ask?"}));
  EXPECT_EQ(split("Hi. Yo."), (std::vector<SentenceSpan>{{0, 3, 0, 3}, {4, 7, 4, 7}}));
}

TEST(SplitSentences, EmptyAndBlankTextHaveNoSentences) {
  EXPECT_TRUE(split("").empty());
  EXPECT_TRUE(split(" \n\t \u00a0").empty());
}

TEST(SplitSentences, TextWithoutTerminatorIsOneSentence) {
  EXPECT_EQ(texts("no full stop at the end"), std::vector<std::string>{"no full stop at the end"});
}

TEST(SplitSentences, KeepsAbbreviationsDecimalsAndLowerCaseContinuations) {
  EXPECT_EQ(texts("Read e.g. the RLHF papers by Dr. Smith and J. Doe. Loss fell 3.5 points. "
                  "It said etc. and more."),
            (std::vector<std::string>{"Read e.g. the RLHF papers by Dr. Smith and J. Doe.",
                                      "Loss fell 3.5 points.", "It said etc. and more."}));
}

TEST(SplitSentences, ClosingQuotesStayWithTheirSentence) {
  EXPECT_EQ(texts("He said \"I'm stuck.\" Then he asked."),
            (std::vector<std::string>{"He said \"I'm stuck.\"", "Then he asked."}));
}

TEST(SplitSentences, LineBreaksEndSentences) {
  EXPECT_EQ(texts("- reading\r\n- asking for help\n\nperseverance"),
            (std::vector<std::string>{"- reading", "- asking for help", "perseverance"}));
}

TEST(SplitSentences, OffsetsAreCodePointsForAccentsEmojiAndCjk) {
  // "Zoë 😀 gave up." is 14 code points: Z o ë ␠ 😀 ␠ g a v e ␠ u p .
  std::string text =
      "Zo\u00eb \U0001F600 gave up. \u5979\u6ca1\u6709\u653e\u5f03\u3002\u597d\uff01";
  auto spans = split(text);
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0].begin, 0u);
  EXPECT_EQ(spans[0].end, 14u);
  EXPECT_EQ(spans[0].byte_end, 18u);  // ë is 2 bytes, the emoji 4
  EXPECT_EQ(spans[1].begin, 15u);     // after the space
  EXPECT_EQ(spans[1].end, 21u);       // six CJK characters including the full-width stop
  EXPECT_EQ(spans[2].begin, 21u);     // which ends a sentence without a space after it
  EXPECT_EQ(spans[2].end, 23u);
  EXPECT_EQ(text.substr(spans[1].byte_begin, spans[1].byte_end - spans[1].byte_begin),
            "\u5979\u6ca1\u6709\u653e\u5f03\u3002");
  EXPECT_EQ(spans[2].byte_end, text.size());
}

TEST(SplitSentences, RejectsInvalidUtf8) {
  auto r = split_sentences("fine. \xC3(");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
}

}  // namespace
}  // namespace trellis::suggest
