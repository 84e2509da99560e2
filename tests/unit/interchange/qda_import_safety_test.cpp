// Hostile and broken input for the REFI-QDA reader: every case fails with an error that names the
// problem, and nothing is returned.
#include <gtest/gtest.h>

#include <cstdint>

#include "interchange/qda.h"
#include "unit/interchange/qda_test_util.h"

namespace trellis::interchange::qda {
namespace {

using testing::guid;
using testing::make_zip;
using testing::RawEntry;

const std::string kCode = "c0de0000-0000-4000-8000-000000000001";
const std::string kSource = "50c00000-0000-4000-8000-000000000001";
const std::string kText = "Kept going after two dead ends.";  // 31 code points

// A project.qde with one code, one text source stored at internal://<kSource>.txt and the given
// selections inside it.
std::string qde(const std::string& selections = "", const std::string& source_attributes = "",
                const std::string& after_sources = "") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="t">
  <CodeBook><Codes><Code guid=")" +
         kCode + R"(" name="A" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid=")" +
         kSource + "\" name=\"answer\" " +
         (source_attributes.empty() ? "plainTextPath=\"internal://" + kSource + ".txt\""
                                    : source_attributes) +
         ">" + selections + R"(</TextSource>
  </Sources>)" +
         after_sources + "\n</Project>\n";
}

std::string selection(int start, int end, const std::string& code = kCode) {
  return "\n      <PlainTextSelection guid=\"5e100000-0000-4000-8000-000000000001\" "
         "startPosition=\"" +
         std::to_string(start) + "\" endPosition=\"" + std::to_string(end) +
         "\">\n        <Coding guid=\"c0d10000-0000-4000-8000-000000000001\">\n"
         "          <CodeRef targetGUID=\"" +
         code + "\"/>\n        </Coding>\n      </PlainTextSelection>\n";
}

std::string archive(const std::string& project_qde, const std::string& text = kText) {
  return make_zip({{"project.qde", project_qde}, {"sources/" + kSource + ".txt", text}});
}

// The error of a read that must fail.
Error failure(const std::string& bytes, const ImportLimits& limits = {}) {
  auto r = read_project(bytes, limits);
  if (r.ok()) return Error::internal("(the read succeeded)");
  return r.error();
}

::testing::AssertionResult fails_with(const std::string& bytes, const std::string& expected,
                                      ErrorCode code = ErrorCode::kInvalid,
                                      const ImportLimits& limits = {}) {
  Error e = failure(bytes, limits);
  if (e.message.find(expected) == std::string::npos)
    return ::testing::AssertionFailure()
           << "message \"" << e.message << "\" lacks \"" << expected << "\"";
  if (e.code != code)
    return ::testing::AssertionFailure()
           << "code " << error_code_name(e.code) << " for \"" << e.message << "\"";
  return ::testing::AssertionSuccess();
}

// Text that deflate cannot shrink much (about 1.6:1).
std::string noise(std::size_t n) {
  std::string s(n, ' ');
  std::uint32_t x = 12345;
  for (char& c : s) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>('a' + (x >> 16) % 26);
  }
  return s;
}

TEST(QdaImportSafety, TheBaselineArchiveImports) {
  auto r = read_project(archive(qde(selection(11, 31))));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->sources.size(), 1u);
  EXPECT_EQ(r->sources[0].text, kText);
  EXPECT_EQ(r->sources[0].selections[0].codings[0].code_guid, kCode);
}

TEST(QdaImportSafety, RefusesWhatIsNotAZip) {
  EXPECT_TRUE(fails_with("<Project/>", "not a zip archive"));
  EXPECT_TRUE(fails_with("", "not a zip archive"));
  std::string truncated = archive(qde());
  truncated.resize(truncated.size() / 2);
  EXPECT_FALSE(read_project(truncated).ok());
}

TEST(QdaImportSafety, RefusesAnArchiveWithoutProjectQde) {
  EXPECT_TRUE(fails_with(make_zip({{"sources/a.txt", "x"}}), "no project.qde"));
  EXPECT_TRUE(fails_with(make_zip({{"export/project.qde", qde()}}), "no project.qde"));
}

TEST(QdaImportSafety, RefusesMalformedXmlNamingTheLine) {
  Error e =
      failure(archive("<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" "
                      "name=\"t\">\n<Users>\n</Project>\n"));
  EXPECT_NE(e.message.find("project.qde is not well-formed XML"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("line 4"), std::string::npos) << e.message;
  ASSERT_FALSE(e.details.empty());
  EXPECT_EQ(e.details[0].line, 4);
}

TEST(QdaImportSafety, RefusesASchemaViolationListingEveryProblem) {
  const std::string bad = R"(<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0">
  <Users>
    <User guid="not-a-guid" name="x"/>
  </Users>
</Project>
)";
  Error e = failure(archive(bad));
  EXPECT_NE(e.message.find("does not match the REFI-QDA project schema"), std::string::npos)
      << e.message;
  ASSERT_GE(e.details.size(), 2u);
  EXPECT_EQ(e.details.front().line, 2);  // the Project without its name
  EXPECT_NE(e.details.front().message.find("'name' is required"), std::string::npos)
      << e.details.front().message;
  EXPECT_EQ(e.details.back().line, 4);  // the malformed GUID
  EXPECT_NE(e.details.back().message.find("not-a-guid"), std::string::npos)
      << e.details.back().message;
}

TEST(QdaImportSafety, RefusesTheWrongRootElement) {
  const std::string codebook_in_a_project =
      "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes/></CodeBook>";
  EXPECT_TRUE(fails_with(archive(codebook_in_a_project),
                         "the root element must be Project in namespace urn:QDA-XML:project:1.0"));
  EXPECT_TRUE(fails_with(archive("<Project name=\"t\"/>"), "without a namespace"));
}

TEST(QdaImportSafety, RefusesADanglingCodeRef) {
  const std::string unknown = "c0de0000-0000-4000-8000-00000000ffff";
  EXPECT_TRUE(fails_with(
      archive(qde(selection(0, 4, unknown))),
      "project.qde, line 8: CodeRef points to code " + unknown + ", which is not in the codebook"));
}

TEST(QdaImportSafety, RefusesASelectionOutsideTheText) {
  EXPECT_TRUE(fails_with(archive(qde(selection(20, 32))),
                         "line 6: selection 5e100000-0000-4000-8000-000000000001 [20, 32) lies "
                         "outside source 'answer', whose text has 31 characters"));
  EXPECT_TRUE(fails_with(archive(qde(selection(5, 4))), "[5, 4) lies outside"));
  EXPECT_TRUE(fails_with(archive(qde(selection(-1, 4))), "[-1, 4) lies outside"));
}

TEST(QdaImportSafety, RefusesAMissingSourceFile) {
  EXPECT_TRUE(fails_with(
      make_zip({{"project.qde", qde()}}),
      "the text file sources/" + kSource + ".txt of source 'answer' is missing from the archive"));
}

TEST(QdaImportSafety, RefusesTextPathsOutsideTheArchive) {
  EXPECT_TRUE(fails_with(archive(qde("", "plainTextPath=\"internal://../../etc/passwd\"")),
                         "has a '..' component"));
  EXPECT_TRUE(fails_with(archive(qde("", "plainTextPath=\"file:///etc/passwd\"")),
                         "keeps its text outside the archive ('file:///etc/passwd')"));
  EXPECT_TRUE(fails_with(archive(qde("", "plainTextPath=\"relative://answer.txt\"")),
                         "only internal:// paths can be imported"));
}

TEST(QdaImportSafety, RefusesEntryPathsThatLeaveTheArchive) {
  for (const std::string name : {"../evil.txt", "/abs.txt", "sources\\evil.txt",
                                 "sources/../../evil.txt", "C:/evil.txt", "a/../../b"}) {
    const std::string bytes =
        make_zip({{"project.qde", qde()}, {"sources/" + kSource + ".txt", kText}, {name, "x"}});
    EXPECT_TRUE(fails_with(bytes, "entries must stay inside the archive")) << name;
    EXPECT_TRUE(fails_with(bytes, "'" + name + "'")) << name;
  }
}

TEST(QdaImportSafety, RefusesAZipBomb) {
  // 16 MiB of zeros deflate to about 16 KiB: a ratio near 1000:1.
  const std::string bytes = make_zip(
      {{"project.qde", qde()}, {"sources/" + kSource + ".txt", std::string(16 << 20, '\0')}});
  EXPECT_LT(bytes.size(), 100u << 10);
  EXPECT_TRUE(fails_with(bytes, "(a zip bomb?)", ErrorCode::kTooLarge));
  EXPECT_TRUE(fails_with(bytes, "the limit is 200:1", ErrorCode::kTooLarge));
}

TEST(QdaImportSafety, EnforcesSizeAndCountLimits) {
  ImportLimits limits;
  limits.max_entry_bytes = 1 << 20;
  EXPECT_TRUE(fails_with(archive(qde(), noise(2 << 20)),
                         "declares 2097152 bytes; the limit per entry is 1 MiB",
                         ErrorCode::kTooLarge, limits));

  // project.qde is read first, so the text file takes the total over the limit.
  limits = {};
  limits.max_total_bytes = 600 << 10;
  EXPECT_TRUE(fails_with(archive(qde(), noise(600 << 10)),
                         "would inflate to more than 614400 bytes in total", ErrorCode::kTooLarge,
                         limits));

  limits = {};
  limits.max_entries = 2;
  EXPECT_TRUE(fails_with(
      make_zip(
          {{"project.qde", qde()}, {"sources/" + kSource + ".txt", kText}, {"extra.txt", "x"}}),
      "the archive has 3 entries; the limit is 2", ErrorCode::kTooLarge, limits));

  limits = {};
  limits.max_archive_bytes = 100;
  EXPECT_TRUE(fails_with(archive(qde()), "the limit is 100 bytes", ErrorCode::kTooLarge, limits));
}

// The shape that took the server to 885 MB: megabytes of tiny elements compress to little and
// cost about 130 bytes each as a tree. The streaming count refuses them before a tree is built.
TEST(QdaImportSafety, RefusesDocumentsWithTooManyNodesBeforeBuildingATree) {
  std::string tiny =
      "<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\">";
  // Two names in a random order, so that it compresses well below the 200:1 ratio limit.
  std::uint32_t bits = 12345;
  for (int i = 0; i < 600'000; ++i) {
    bits = bits * 1103515245u + 12345u;
    tiny += (bits >> 16) & 1 ? "<a/>" : "<b/>";
  }
  tiny += "</Project>";
  EXPECT_TRUE(fails_with(make_zip({{"project.qde", tiny}}),
                         "project.qde has more than 500000 XML nodes", ErrorCode::kTooLarge));

  // Attributes count twice: an attribute and its value are two nodes of the tree.
  std::string attributes = "<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\"";
  for (int i = 0; i < 60; ++i) attributes += " a" + std::to_string(i) + "=\"\"";
  attributes += "/>";
  ImportLimits limits;
  limits.max_xml_nodes = 100;
  EXPECT_TRUE(fails_with(make_zip({{"project.qde", attributes}}), "more than 100 XML nodes",
                         ErrorCode::kTooLarge, limits));
  limits.max_xml_nodes = 130;
  EXPECT_FALSE(fails_with(make_zip({{"project.qde", attributes}}), "XML nodes",
                          ErrorCode::kTooLarge, limits));

  // A project within the limit reads as before; a codebook has the same bound.
  limits.max_xml_nodes = 1000;
  EXPECT_TRUE(read_project(archive(qde()), limits).ok());
  std::string codebook = "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>";
  for (int i = 0; i < 20; ++i) codebook += "<Code guid=\"" + guid(1, i + 1) + "\" name=\"c\"/>";
  codebook += "</Codes></CodeBook>";
  auto read = read_codebook(codebook, 40);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, ErrorCode::kTooLarge) << read.error().message;
  EXPECT_TRUE(read_codebook(codebook).ok());
}

TEST(QdaImportSafety, LargeEntriesThatAreNeverReadDoNotMatter) {
  // A tool's export may carry big media next to the texts; the import skips them uninflated.
  ImportLimits limits;
  limits.max_entry_bytes = 1 << 20;
  auto r = read_project(make_zip({{"project.qde", qde()},
                                  {"sources/" + kSource + ".txt", kText},
                                  {"sources/interview.mp4", noise(2 << 20), true}}),
                        limits);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->sources[0].text, kText);
}

void patch_u32(std::string& bytes, std::size_t at, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

TEST(QdaImportSafety, CountsInflatedBytesBecauseDeclaredSizesCanLie) {
  // One entry of 4 MiB of zeros whose local and central headers claim 1000 bytes: every check on
  // the declared size passes, so only counting while inflating can catch it.
  std::string bytes = make_zip({{"project.qde", std::string(4 << 20, '\0')}});
  const std::size_t local = bytes.find("PK\x03\x04");
  const std::size_t central = bytes.rfind(std::string("PK\x01\x02", 4));
  ASSERT_NE(local, std::string::npos);
  ASSERT_NE(central, std::string::npos);
  patch_u32(bytes, local + 22, 1000);
  patch_u32(bytes, central + 24, 1000);
  EXPECT_TRUE(fails_with(bytes,
                         "archive entry 'project.qde' inflates to more than the 1000 bytes its "
                         "header declares"));
}

TEST(QdaImportSafety, RefusesDtdsSoExternalEntitiesAreNeverRead) {
  const std::string xxe = R"(<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE Project [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&xxe;"/>
)";
  Error e = failure(archive(xxe));
  EXPECT_NE(e.message.find("project.qde, line 2: document type declarations (DTD) are not allowed"),
            std::string::npos)
      << e.message;
  EXPECT_EQ(e.message.find("root:"), std::string::npos);

  const std::string laughs = R"(<?xml version="1.0"?>
<!DOCTYPE Project [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&d;"/>
)";
  EXPECT_FALSE(read_project(archive(laughs)).ok());

  // A byte search cannot see "<!DOCTYPE" in UTF-16; the check after parsing does.
  const std::string ascii =
      "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!DOCTYPE Project>\n"
      "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"t\"/>\n";
  std::string utf16 = "\xFF\xFE";
  for (char c : ascii) utf16 += std::string{c, '\0'};
  EXPECT_TRUE(fails_with(archive(utf16), "document type declarations (DTD) are not allowed"));

  const std::string external_dtd =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE CodeBook SYSTEM \"http://example.invalid/x.dtd\">\n"
      "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes/></CodeBook>\n";
  auto codebook = read_codebook(external_dtd);
  ASSERT_FALSE(codebook.ok());
  EXPECT_NE(codebook.error().message.find("DTD"), std::string::npos) << codebook.error().message;
}

TEST(QdaImportSafety, RefusesInvalidUtf8InASource) {
  EXPECT_TRUE(fails_with(
      archive(qde(), "caf\xC3\x28 ok"),
      "the text of source 'answer' (sources/" + kSource + ".txt) is not valid UTF-8 (byte 3)"));
  EXPECT_TRUE(fails_with(archive(qde(), "surrogate \xED\xA0\x80"), "is not valid UTF-8"));
}

TEST(QdaImportSafety, StripsAByteOrderMarkAndSaysSo) {
  // Positions refer to the text without the mark: [11, 31) is "after two dead ends.".
  auto r = read_project(archive(qde(selection(11, 31)), "\xEF\xBB\xBF" + kText));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->sources[0].text, kText);
  EXPECT_EQ(testing::slice(r->sources[0].text, 11, 31), "after two dead ends.");
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("source 'answer', sources/" + kSource +
                                ".txt: a byte-order mark at the start of a text was removed"),
            std::string::npos)
      << r->warnings[0];
  // Without the mark stripping, the same selection would be one character off and end past the
  // text: the BOM is not a character of the answer.
  EXPECT_TRUE(fails_with(archive(qde(selection(11, 32)), "\xEF\xBB\xBF" + kText), "lies outside"));
}

TEST(QdaImportSafety, RefusesANoteRefToAnUnknownNote) {
  const std::string ref =
      "\n      <PlainTextSelection guid=\"5e100000-0000-4000-8000-000000000001\""
      " startPosition=\"0\" endPosition=\"4\">\n"
      "        <NoteRef targetGUID=\"40700000-0000-4000-8000-000000000009\"/>\n"
      "      </PlainTextSelection>\n";
  EXPECT_TRUE(fails_with(archive(qde(ref)),
                         "line 7: NoteRef points to note 40700000-0000-4000-8000-000000000009, "
                         "which is not in Notes"));
}

TEST(QdaImportSafety, RefusesARepeatedGuid) {
  const std::string twice =
      "<Notes><Note guid=\"" + kCode + "\"><PlainTextContent>x</PlainTextContent></Note></Notes>";
  EXPECT_TRUE(
      fails_with(archive(qde("", "", twice)), "GUID " + kCode + " of Note is already used"));
}

TEST(QdaImportSafety, ToleratesHarmlessDeviationsWithWarnings) {
  const std::string lenient = R"(<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="t">
  <Users/>
  <CodeBook><Codes><Code guid=")" +
                              kCode +
                              R"(" name="A"/></Codes></CodeBook>
  <Sources>
    <TextSource guid=")" + kSource +
                              R"(" name="answer"><PlainTextContent>inline text</PlainTextContent>
    </TextSource>
  </Sources>
  <Notes/>
</Project>
)";
  auto r = read_project(archive(lenient));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->codebook[0].is_codable);
  EXPECT_EQ(r->sources[0].text, "inline text");
  EXPECT_EQ(r->warnings.size(), 3u);
}

}  // namespace
}  // namespace trellis::interchange::qda
