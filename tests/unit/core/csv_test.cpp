#include "core/csv.h"

#include <gtest/gtest.h>

namespace trellis {
namespace {

std::vector<std::vector<std::string>> fields(const std::vector<CsvRecord>& records) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : records) out.push_back(r.fields);
  return out;
}

TEST(Csv, ReadsPlainRecordsWithLfOrCrlf) {
  for (const char* text :
       {"email,name\na@x.org,Ada\n", "email,name\r\na@x.org,Ada\r\n", "email,name\na@x.org,Ada"}) {
    auto r = parse_csv(text);
    ASSERT_TRUE(r.ok()) << text;
    EXPECT_EQ(fields(*r),
              (std::vector<std::vector<std::string>>{{"email", "name"}, {"a@x.org", "Ada"}}));
    EXPECT_EQ((*r)[1].line, 2);
  }
}

TEST(Csv, SkipsTheByteOrderMark) {
  auto r = parse_csv(
      "\xEF\xBB\xBF"
      "email\na@x.org\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].fields[0], "email");
}

TEST(Csv, QuotedFieldsKeepCommasQuotesAndNewlines) {
  auto r = parse_csv("name,notes\n\"Okafor, Amara\",\"said \"\"hi\"\"\nthen left\"\nnext,row\n");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[1].fields[0], "Okafor, Amara");
  EXPECT_EQ((*r)[1].fields[1], "said \"hi\"\nthen left");
  EXPECT_EQ((*r)[2].line, 4);  // the record after a two-line field starts on line 4
}

TEST(Csv, KeepsEmptyFieldsAndSkipsBlankLines) {
  auto r = parse_csv("a,,c\n\n,b,\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(fields(*r), (std::vector<std::vector<std::string>>{{"a", "", "c"}, {"", "b", ""}}));
  EXPECT_EQ((*r)[1].line, 3);
}

TEST(Csv, ReportsTheLineOfEachKindOfError) {
  struct Case {
    const char* text;
    long line;
  } cases[] = {
      {"a,b\nc,\"open\n", 2}, {"a,b\nc,d\"e\n", 2}, {"a\n\"x\"y\n", 2}, {"ok\nok\n\xC3\x28\n", 3}};
  for (const auto& c : cases) {
    auto r = parse_csv(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    ASSERT_EQ(r.error().details.size(), 1u);
    EXPECT_EQ(r.error().details[0].line, c.line) << c.text;
  }
}

TEST(Csv, WritesFieldsSafely) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
  EXPECT_EQ(csv_field("=SUM(A1)"), "'=SUM(A1)");
  EXPECT_EQ(csv_field("@cmd"), "'@cmd");
}

// The column mapper every import shares: a file's header against the columns it accepts.
const std::vector<CsvColumn> kColumns = {
    {{"email"}, true}, {{"name", "display_name"}, true}, {{"stream"}, false}};

CsvRecord header(std::vector<std::string> fields) {
  return CsvRecord{1, std::move(fields)};
}

TEST(CsvColumns, FindsColumnsByAnyOfTheirNamesInAnyOrderAndCase) {
  Error problems;
  CsvColumns cols = CsvColumns::map(header({" Display_Name ", "EMAIL"}), kColumns, "…", problems);
  EXPECT_TRUE(problems.details.empty());
  CsvRecord row{2, {"Ada", "ada@example.org"}};
  EXPECT_EQ(cols.field(row, 0), "ada@example.org");
  EXPECT_EQ(cols.field(row, 1), "Ada");
  EXPECT_FALSE(cols.has(2));
  EXPECT_EQ(cols.field(row, 2), "");  // an optional column the file leaves out
}

TEST(CsvColumns, NamesEveryHeaderProblemAtTheHeaderLine) {
  struct Case {
    std::vector<std::string> header;
    std::string field;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {{"email", "name", "colour"},
            "colour",
            "unknown column; the columns are email and name"},
           {{"email", "name", "Email"}, "email", "the column appears twice"},
           {{"email", "name", "display_name"}, "name", "the column appears twice"},
           {{"name"}, "email", "required column is missing"},
       }) {
    Error problems;
    CsvColumns::map(header(c.header), kColumns, "email and name", problems);
    ASSERT_EQ(problems.details.size(), 1u) << c.message;
    EXPECT_EQ(problems.details[0].line, 1);
    EXPECT_EQ(problems.details[0].field, c.field);
    EXPECT_EQ(problems.details[0].message, c.message);
  }
}

TEST(CsvColumns, ARowOfAnotherWidthIsAProblemAtItsLine) {
  Error problems;
  CsvColumns cols = CsvColumns::map(header({"email", "name"}), kColumns, "…", problems);
  EXPECT_TRUE(cols.check_width(CsvRecord{2, {"a@x.org", "A"}}, problems));
  EXPECT_FALSE(cols.check_width(CsvRecord{3, {"a@x.org"}}, problems));
  ASSERT_EQ(problems.details.size(), 1u);
  EXPECT_EQ(problems.details[0].line, 3);
  EXPECT_EQ(problems.details[0].message, "the row has 1 columns; the header has 2");
}

TEST(CsvField, NeutralisesEveryLeadingCharacterThatStartsAFormula) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"=1+1", "'=1+1"},
      {"+1", "'+1"},
      {"-1", "'-1"},
      {"@SUM(A1)", "'@SUM(A1)"},
      {"\t=1+1", "'\t=1+1"},
      {"\r=1+1", "\"'\r=1+1\""},
      {"\r\n=cmd", "\"'\r\n=cmd\""},
      {"a\t=1", "a\t=1"},  // only the first character can start a formula
      {" =1", " =1"},
      {"", ""},
  };
  for (const auto& [value, written] : cases) EXPECT_EQ(csv_field(value), written) << value;
}

}  // namespace
}  // namespace trellis
