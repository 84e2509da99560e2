// Exported documents pass an independent validator too: Debian's xmllint (libxml2-utils) against
// the schema files in the repository. A missing xmllint fails the test rather than skipping it,
// so a machine without it cannot report a silent pass.
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
