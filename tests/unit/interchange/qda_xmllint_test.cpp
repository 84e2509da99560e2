// Exported documents pass an independent validator too: Debian's xmllint (libxml2-utils) against
// the schema files in the repository. A missing xmllint fails the test rather than skipping it,
// so a machine without it cannot report a silent pass. The checker of what importers expect
// beyond the schema (tests/tools/refi_qda_expectations.py, run on every export by the API tests)
// is shown here to catch each problem it looks for.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/id.h"
#include "interchange/qda.h"
#include "unit/interchange/qda_test_util.h"

namespace trellis::interchange::qda {
namespace {

namespace fs = std::filesystem;

const fs::path kSchemas = fs::path(TRELLIS_SOURCE_DIR) / "src/interchange/schemas";
const fs::path kExpectations =
    fs::path(TRELLIS_SOURCE_DIR) / "tests/tools/refi_qda_expectations.py";

struct CommandResult {
  int status = -1;
  std::string output;
};

CommandResult run(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.output.append(buffer.data(), n);
  result.status = ::pclose(pipe);
  return result;
}

std::string quote(const fs::path& path) {
  return "'" + path.string() + "'";
}

class QdaXmllint : public ::testing::Test {
 protected:
  void SetUp() override {
    if (run("command -v xmllint").status != 0)
      GTEST_FAIL() << "xmllint is not installed (Debian package libxml2-utils; "
                      "scripts/install-deps.sh installs it)";
    dir_ = fs::temp_directory_path() / ("trellis-qda-" + random_hex(8));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    if (!dir_.empty()) fs::remove_all(dir_, ignored);
  }

  // xmllint's verdict on `document` against `xsd`.
  CommandResult xmllint(const std::string& document, const std::string& file_name,
                        const char* xsd) {
    const fs::path file = dir_ / file_name;
    std::ofstream(file, std::ios::binary) << document;
    return run("xmllint --noout --nonet --schema " + quote(kSchemas / xsd) + " " + quote(file));
  }

  fs::path dir_;
};

TEST_F(QdaXmllint, AcceptsTheWrittenCodebook) {
  auto xml = write_codebook(testing::sample_project().codebook, "Trellis 0.1.0");
  ASSERT_TRUE(xml.ok()) << xml.error().message;
  CommandResult r = xmllint(*xml, "codebook.qdc", "Codebook.xsd");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("codebook.qdc validates"), std::string::npos) << r.output;
}

TEST_F(QdaXmllint, AcceptsTheWrittenProject) {
  for (const Project& project : {testing::sample_project(), Project{}}) {
    auto bytes = write_project(project);
    ASSERT_TRUE(bytes.ok()) << bytes.error().message;
    CommandResult r = xmllint(testing::entry(*bytes, "project.qde"), "project.qde", "Project.xsd");
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("project.qde validates"), std::string::npos) << r.output;
  }
}

TEST_F(QdaXmllint, TheWrittenCodebookMeetsWhatImportersExpect) {
  auto xml = write_codebook(testing::sample_project().codebook, "Trellis 0.1.0");
  ASSERT_TRUE(xml.ok()) << xml.error().message;
  const fs::path file = dir_ / "codebook.qdc";
  std::ofstream(file, std::ios::binary) << *xml;
  CommandResult r = run("python3 " + quote(kExpectations) + " " + quote(file));
  EXPECT_EQ(r.status, 0) << r.output;
}

// A project breaking every expectation: the checker names each one, so its silence on the
// exports means something.
TEST_F(QdaXmllint, TheExpectationsCheckerCatchesEachProblem) {
  const std::string qde = R"(<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="x">
<CodeBook><Codes>
<Code guid="c0de0000-0000-4000-8000-000000000001" name="Support" isCodable="false" color="#123">
<Code guid="c0de0000-0000-4000-8000-000000000002" name="Other" isCodable="true"/></Code>
<Code guid="c0de0000-0000-4000-8000-000000000003" name="Other"/></Codes></CodeBook>
<Sources>
<TextSource guid="50c00000-0000-4000-8000-000000000001" name="a" plainTextPath="internal://50c00000-0000-4000-8000-000000000001.txt">
<PlainTextSelection guid="5e100000-0000-4000-8000-000000000001" name="Hello" startPosition="1" endPosition="6">
<Coding guid="c0d10000-0000-4000-8000-000000000001"><CodeRef targetGUID="c0de0000-0000-4000-8000-000000000001"/></Coding></PlainTextSelection>
<PlainTextSelection guid="5e100000-0000-4000-8000-000000000002" startPosition="1" endPosition="60">
<Coding guid="c0d10000-0000-4000-8000-000000000002"><CodeRef targetGUID="c0de0000-0000-4000-8000-000000000009"/></Coding></PlainTextSelection>
</TextSource>
<TextSource guid="50c00000-0000-4000-8000-000000000002" name="b"><PlainTextContent>inline</PlainTextContent></TextSource>
</Sources>
<Notes><Note guid="40700000-0000-4000-8000-000000000001" name="n"><PlainTextContent>x</PlainTextContent></Note>
<Note guid="40700000-0000-4000-8000-000000000002" name="n" creationDateTime="2026-11-26T09:30:00Z" plainTextPath="internal://40700000-0000-4000-8000-000000000002.txt"/></Notes>
</Project>)";
  const fs::path file = dir_ / "bad.qdpx";
  std::ofstream(file, std::ios::binary) << testing::make_zip(
      {{"project.qde", qde},
       {"sources/50c00000-0000-4000-8000-000000000001.txt", "\xEF\xBB\xBFHello\r\nworld"},
       {"sources/40700000-0000-4000-8000-000000000002.txt", "note"}});
  CommandResult r = run("python3 " + quote(kExpectations) + " " + quote(file));
  EXPECT_NE(r.status, 0) << r.output;
  for (const char* expectation :
       {"positions: selection 5e100000-0000-4000-8000-000000000001 of source 'a' is named 'Hello'",
        "positions: selection 5e100000-0000-4000-8000-000000000002 of source 'a' [1, 60) lies",
        "source files: TextSource 50c00000-0000-4000-8000-000000000002 has plainTextPath None",
        "no BOM: sources/50c00000-0000-4000-8000-000000000001.txt starts with a byte-order mark",
        "code refs: selection 5e100000-0000-4000-8000-000000000002 of source 'a' applies unknown",
        "notes: note 40700000-0000-4000-8000-000000000001 has creationDateTime None",
        "notes: Note 40700000-0000-4000-8000-000000000001 has plainTextPath None",
        "notes: 2 notes are named 'n'", "unique names: 2 codes are named 'Other'",
        "line breaks: sources/50c00000-0000-4000-8000-000000000001.txt holds CR",
        "categories: code 'Other' has no isCodable",
        "categories: selection "
        "5e100000-0000-4000-8000-000000000001 of source 'a' applies category 'Support'",
        "colours: code 'Support' has colour '#123', not #rrggbb"})
    EXPECT_NE(r.output.find(expectation), std::string::npos) << expectation << "\n" << r.output;
}

TEST_F(QdaXmllint, AgreesWithTheInProcessValidatorOnABadFile) {
  const std::string bad =
      "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>"
      "<Code guid=\"x\" name=\"a\" isCodable=\"true\"/></Codes></CodeBook>\n";
  CommandResult r = xmllint(bad, "bad.qdc", "Codebook.xsd");
  EXPECT_NE(r.status, 0) << r.output;
  EXPECT_FALSE(validate_codebook_xml(bad).ok());
}

}  // namespace
}  // namespace trellis::interchange::qda
