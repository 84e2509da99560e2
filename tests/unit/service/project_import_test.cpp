// How a read REFI-QDA project becomes the rows of a new study, before anything is stored: line
// ends become LF with the selections' positions moved along, categories stay categories unless
// applied, the other tool's times are kept where plausible, and repeated warnings are counted.
#include "service/studies/project_import.h"

#include <gtest/gtest.h>

#include "domain/studies/study.h"
#include "service/studies/interchange_service.h"

namespace trellis {
namespace {

namespace qda = interchange::qda;

const std::string kProgram = "01900000-0000-7000-8000-000000000001";
const std::string kImporter = "01900000-0000-7000-8000-000000000002";
constexpr Timestamp kNow = 1795685400000;  // 2026-11-26T09:30:00Z

std::string guid(int n) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "c0de0000-0000-4000-8000-%012d", n);
  return buffer;
}

qda::Selection selection(int n, std::int64_t start, std::int64_t end, const std::string& code,
                         std::optional<Timestamp> created = std::nullopt) {
  qda::Selection s;
  s.guid = guid(100 + n);
  s.start = start;
  s.end = end;
  s.codings.push_back({guid(200 + n), code, "", created});
  return s;
}

ProjectImportPlan plan(const qda::Project& project) {
  ProjectImportOptions options;
  const ProjectImportContext context{kProgram, options, kImporter, kNow};
  auto p = plan_project_import(project, context);
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
  return p.ok() ? std::move(*p) : ProjectImportPlan{};
}

TEST(ProjectImport, LineEndsBecomeLfAndSelectionsMoveWithTheText) {
  qda::Project p;
  p.name = "Windows";
  p.codebook = {{guid(1), "Words", std::nullopt, std::nullopt, true, {}}};
  qda::Source src;
  src.guid = guid(50);
  src.name = "Interview";
  src.text = "ab\r\ncd\ref\r\ngh";  // a0 b1 CR2 LF3 c4 d5 CR6 e7 f8 CR9 LF10 g11 h12
  src.selections = {selection(1, 4, 6, guid(1)), selection(2, 7, 13, guid(1)),
                    selection(3, 2, 3, guid(1))};
  p.sources = {src};
  const ProjectImportPlan out = plan(p);
  ASSERT_EQ(out.sources.size(), 1u);
  EXPECT_EQ(out.sources[0].answer.text, "ab\ncd\nef\ngh");
  EXPECT_EQ(out.sources[0].answer.length, 11);
  ASSERT_EQ(out.sources[0].segments.size(), 2u);  // the CR alone selects nothing now
  EXPECT_EQ(out.sources[0].segments[0].start, 3);
  EXPECT_EQ(out.sources[0].segments[0].end, 5);
  EXPECT_EQ(code_point_substr(out.sources[0].answer.text, 3, 5), "cd");
  EXPECT_EQ(code_point_substr(out.sources[0].answer.text, out.sources[0].segments[1].start,
                              out.sources[0].segments[1].end),
            "ef\ngh");
  std::string all;
  for (const std::string& w : out.warnings) all += w + "\n";
  EXPECT_NE(all.find("1 source(s) had CR LF or CR line ends"), std::string::npos) << all;
  EXPECT_NE(all.find("1 selection(s) of no text"), std::string::npos) << all;
}

TEST(ProjectImport, CategoriesStayCategoriesUnlessTheProjectAppliesThem) {
  qda::Project p;
  p.name = "Categories";
  qda::Code applied{guid(2), "Applied", std::nullopt, std::nullopt, false, {}};
  qda::Code child{guid(3), "Child", std::nullopt, "#ABC", true, {}};
  qda::Code grouping{guid(1), "Grouping", std::nullopt, "#112233", false, {child}};
  p.codebook = {grouping, applied};
  qda::Source src;
  src.guid = guid(50);
  src.name = "s";
  src.text = "some text";
  src.selections = {selection(1, 0, 4, guid(2), 1700000000000), selection(2, 5, 9, guid(3), -1)};
  p.sources = {src};
  const ProjectImportPlan out = plan(p);
  ASSERT_EQ(out.codes.size(), 3u);
  EXPECT_EQ(out.codes[0].code.name, "Grouping");
  EXPECT_TRUE(out.codes[0].code.category);
  EXPECT_EQ(out.codes[0].code.colour, "#112233");
  EXPECT_FALSE(out.codes[1].code.category);
  EXPECT_EQ(out.codes[1].code.colour, "#aabbcc");
  EXPECT_EQ(out.codes[2].code.name, "Applied");
  EXPECT_FALSE(out.codes[2].code.category);
  ASSERT_EQ(out.warnings.size(), 1u);
  EXPECT_NE(out.warnings[0].find("the code 'Applied': a category"), std::string::npos)
      << out.warnings[0];
  // The coding's time is kept; an implausible one gives way to the time of the import.
  ASSERT_EQ(out.sources[0].segments.size(), 2u);
  EXPECT_EQ(out.sources[0].segments[0].created_at, 1700000000000);
  EXPECT_EQ(out.sources[0].segments[1].created_at, kNow);
}

TEST(ProjectImport, NotesKeepTheirTimesAndRepeatedWarningsAreCounted) {
  qda::Project p;
  p.name = "Notes";
  for (int i = 0; i < 3; ++i)
    p.codebook.push_back(
        {guid(10 + i), "Colour " + std::to_string(i), std::nullopt, "red", true, {}});
  qda::Note dated{guid(60), "Journal", "Day one 📚 مرحبا", "",
                  {},       true,      1700000000000,     1700000600000};
  qda::Note undated{guid(61), "Other", "No date", "", {}, true, std::nullopt, std::nullopt};
  p.notes = {dated, undated};
  const ProjectImportPlan out = plan(p);
  ASSERT_EQ(out.memos.size(), 2u);
  EXPECT_EQ(out.memos[0].text, "Day one 📚 مرحبا");
  EXPECT_EQ(out.memos[0].created_at, 1700000000000);
  EXPECT_EQ(out.memos[0].updated_at, 1700000600000);
  EXPECT_EQ(out.memos[1].created_at, 0);  // stored with the study's creation time
  ASSERT_EQ(out.warnings.size(), 1u);
  EXPECT_EQ(out.warnings[0],
            "a colour that is not #rrggbb was left out (3 times; first: the code 'Colour 0' "
            "('red'))");
}

}  // namespace
}  // namespace trellis
