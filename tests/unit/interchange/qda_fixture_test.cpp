// Files shaped like other tools' exports import correctly: a QualCoder-style project (nested codes,
// GUIDs in upper case and braces, internal:// sources with a byte-order mark, inline text, a PDF,
// variables and cases) and a Taguette-style codebook.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "interchange/qda.h"
#include "unit/interchange/qda_test_util.h"

namespace trellis::interchange::qda {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(TRELLIS_SOURCE_DIR) / "tests/unit/interchange/fixtures";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The fixture folder zipped as a .qdpx, entries named by their path inside the folder.
std::string zip_folder(const fs::path& folder) {
  std::vector<testing::RawEntry> entries;
  for (const auto& file : fs::recursive_directory_iterator(folder)) {
    if (!file.is_regular_file()) continue;
    entries.push_back({fs::relative(file.path(), folder).generic_string(), read_file(file.path())});
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return testing::make_zip(entries);
}

TEST(QdaFixture, ImportsAQualCoderStyleProject) {
  auto r = read_project(zip_folder(kFixtures / "qualcoder_study"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Project& p = *r;
  EXPECT_EQ(p.name, "Mentor interviews 2024");
  EXPECT_EQ(p.origin, "QualCoder 3.5");
  ASSERT_EQ(p.users.size(), 2u);
  EXPECT_EQ(p.users[1].name, "Tomás");
  EXPECT_EQ(p.created_by, p.users[0].guid);

  ASSERT_EQ(p.codebook.size(), 2u);
  const Code& qualities = p.codebook[0];
  EXPECT_EQ(qualities.name, "Qualities");
  EXPECT_FALSE(qualities.is_codable);
  EXPECT_EQ(qualities.color, "#2E86AB");
  EXPECT_EQ(qualities.description, "What mentors say made scholars stand out.");
  ASSERT_EQ(qualities.children.size(), 2u);
  EXPECT_EQ(qualities.children[0].guid, "c1a0b2c3-d4e5-4f60-8172-839405a6b7c9");  // was upper case
  EXPECT_EQ(qualities.children[1].guid, "c1a0b2c3-d4e5-4f60-8172-839405a6b7ca");  // was in braces
  ASSERT_EQ(qualities.children[1].children.size(), 1u);
  EXPECT_EQ(qualities.children[1].children[0].name, "Asking early");
  EXPECT_FALSE(qualities.children[1].children[0].color.has_value());

  ASSERT_EQ(p.sources.size(), 2u);  // the PDF is skipped
  const Source& mentor = p.sources[0];
  EXPECT_EQ(mentor.name, "Mentor 1.txt");
  EXPECT_EQ(mentor.description, "Interview with a senior mentor.");
  EXPECT_EQ(mentor.text.substr(0, 12), "Interviewer:");  // the byte-order mark is gone
  ASSERT_EQ(mentor.selections.size(), 3u);
  for (const Selection& s : mentor.selections)
    EXPECT_EQ(testing::slice(mentor.text, s.start, s.end), s.name) << s.guid;
  EXPECT_EQ(mentor.selections[0].codings.size(), 2u);
  EXPECT_EQ(mentor.selections[0].codings[1].creating_user, p.users[1].guid);
  EXPECT_EQ(mentor.selections[1].memo, "Compare with the scholars' view.");
  EXPECT_EQ(mentor.selections[1].codings[0].code_guid, qualities.children[0].guid);
  EXPECT_EQ(mentor.selections[2].codings[0].code_guid, qualities.children[1].children[0].guid);

  const Source& scholar = p.sources[1];
  EXPECT_EQ(scholar.text, "Scholar: I lacked a PhD, or so I thought. Naïve of me.\n");
  ASSERT_EQ(scholar.selections.size(), 1u);
  EXPECT_EQ(testing::slice(scholar.text, 9, 23), "I lacked a PhD");
  EXPECT_EQ(scholar.selections[0].codings[0].code_guid, p.codebook[1].guid);

  ASSERT_EQ(p.notes.size(), 1u);
  EXPECT_EQ(p.notes[0].text, "Two dead ends is when most scholars stop.");
  EXPECT_EQ(p.notes[0].targets, std::vector<std::string>{mentor.selections[1].guid});
  EXPECT_EQ(p.notes[0].creating_user, p.users[1].guid);

  // What was left out is said: variables, cases, the PDF, the variable value, the BOM.
  std::string all;
  for (const std::string& w : p.warnings) all += w + "\n";
  EXPECT_NE(all.find("Variables are not imported"), std::string::npos) << all;
  EXPECT_NE(all.find("Cases are not imported"), std::string::npos) << all;
  EXPECT_NE(all.find("'Consent form.pdf': PDFSource sources are not imported"), std::string::npos)
      << all;
  EXPECT_NE(all.find("1 variable value(s)"), std::string::npos) << all;
  EXPECT_NE(all.find("byte-order mark"), std::string::npos) << all;
  EXPECT_EQ(p.warnings.size(), 5u) << all;
}

TEST(QdaFixture, AnImportedProjectExportsAgainUnchanged) {
  auto imported = read_project(zip_folder(kFixtures / "qualcoder_study"));
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  Project p = *imported;
  p.warnings.clear();
  auto bytes = write_project(p);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  auto again = read_project(*bytes);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, p);
}

TEST(QdaFixture, ImportsATaguetteStyleCodebook) {
  auto codes = read_codebook(read_file(kFixtures / "taguette_codebook.qdc"));
  ASSERT_TRUE(codes.ok()) << codes.error().message;
  ASSERT_EQ(codes->size(), 2u);
  EXPECT_EQ((*codes)[0].name, "stuck");
  EXPECT_EQ((*codes)[0].color, "#7fbf7f");
  EXPECT_EQ((*codes)[0].description, "The scholar says they were stuck.");
  EXPECT_EQ((*codes)[1].color, "#f0a");
  ASSERT_EQ((*codes)[1].children.size(), 1u);
  EXPECT_EQ((*codes)[1].children[0].name, "peers");
}

TEST(QdaFixture, ValidatorsReportEveryProblemWithItsLine) {
  const std::string codebook = R"(<?xml version="1.0" encoding="UTF-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0">
  <Codes>
    <Code guid="0b6f1a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b" isCodable="true"/>
    <Code guid="0b6f1a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5c" name="b" isCodable="maybe"/>
  </Codes>
</CodeBook>
)";
  Status s = validate_codebook_xml(codebook);
  ASSERT_FALSE(s.ok());
  ASSERT_GE(s.error().details.size(), 2u);
  EXPECT_EQ(s.error().details.front().line, 4);
  EXPECT_EQ(s.error().details.back().line, 5);
  EXPECT_NE(s.error().message.find("does not match the REFI-QDA codebook schema"),
            std::string::npos);
  // read_codebook validates too.
  EXPECT_FALSE(read_codebook(codebook).ok());

  Status broken = validate_project_xml("<Project xmlns=\"urn:QDA-XML:project:1.0\">\n<x>");
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.error().message.find("not well-formed"), std::string::npos);
}

TEST(QdaFixture, TheEmbeddedSchemasAreTheShippedFiles) {
  EXPECT_EQ(codebook_schema(),
            read_file(fs::path(TRELLIS_SOURCE_DIR) / "src/interchange/schemas/Codebook.xsd"));
  EXPECT_EQ(project_schema(),
            read_file(fs::path(TRELLIS_SOURCE_DIR) / "src/interchange/schemas/Project.xsd"));
}

}  // namespace
}  // namespace trellis::interchange::qda
