#include <gtest/gtest.h>

#include "domain/studies/study.h"

namespace trellis {
namespace {

// Memos and code descriptions go out as CSV and as REFI-QDA XML, which cannot carry most control
// characters; they are refused on input with a message naming the character and where it is.
TEST(MemoText, AllowsOnlyTabLineFeedAndCarriageReturnAmongControlCharacters) {
  struct Case {
    std::string text;
    bool ok;
    std::string in_message;
  };
  const std::vector<Case> cases = {
      {"", true, ""},
      {"Plain memo.", true, ""},
      {"line one\nline two\r\n\tindented\rold Mac", true, ""},
      {"Arabic \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 and emoji \xF0\x9F\x93\x9A", true, ""},
      {"\xEF\xBF\xBD replacement is fine", true, ""},
      {"bell\x07", false, "U+0007 (a control character) at character 5"},
      {std::string("nul\0here", 8), false, "U+0000"},
      {"\x1B[31mred", false, "U+001B"},
      {"vertical\x0Btab", false, "U+000B"},
      {"form\x0C", false, "U+000C"},
      {"delete\x7F", false, "U+007F"},
      {"\xF0\x9F\x93\x9A\x01", false, "at character 2"},
      {"not\xEF\xBF\xBEok", false, "U+FFFE (a non-character) at character 4"},
      {"not\xEF\xBF\xBFok", false, "U+FFFF"},
      {"caf\xC3", false, "not valid UTF-8"},
      {std::string(kMaxMemoLength + 1, 'x'), false, "longer than 20000 bytes"},
  };
  for (const Case& c : cases) {
    Status status = check_memo_text(c.text, "memo");
    EXPECT_EQ(status.ok(), c.ok) << c.text.substr(0, 40);
    if (status.ok()) continue;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(status.error().field, "memo");
    EXPECT_NE(status.error().message.find(c.in_message), std::string::npos)
        << status.error().message;
  }
}

}  // namespace
}  // namespace trellis
