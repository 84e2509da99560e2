// What QualCoder's exports look like beyond the fixture: a byte-order mark in every text file,
// journal notes as files and annotations inline, creatingUser="" for an owner it does not list,
// times with and without a zone, categories, and a codebook written with a byte-order mark. Each
// is read without loss, and repeated warnings come as one line with a count.
#include <gtest/gtest.h>

#include "interchange/qda.h"
#include "unit/interchange/qda_test_util.h"

namespace trellis::interchange::qda {
namespace {

using testing::guid;
using testing::make_zip;
using testing::RawEntry;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// A QualCoder-like export with `sources` text sources, each file starting with a byte-order
// mark, a journal note kept in a file and an annotation note kept inline.
std::string qualcoder_like(int sources) {
  std::string xml = R"(<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="demo" origin="QualCoder 3.6" creatingUserGUID=")" +
                    guid(0xa, 1) + R"(" creationDateTime="2026-01-05T10:22:03Z">
<Users>
<User guid=")" + guid(0xa, 1) +
                    R"(" name="coder" />
</Users>
<CodeBook>
<Codes>
<Code guid=")" + guid(0xc, 1) +
                    R"(" name="Support" isCodable="false">
<Code guid=")" + guid(0xc, 2) +
                    R"(" name="Support/Other" isCodable="true" color="#F5F5DC" />
</Code>
<Code guid=")" + guid(0xc, 3) +
                    R"(" name="Other" isCodable="true" color="#3CB371" />
</Codes>
</CodeBook>
<Sources>
)";
  std::vector<RawEntry> entries;
  for (int i = 1; i <= sources; ++i) {
    const std::string g = guid(0x5, static_cast<unsigned>(i));
    xml += "<TextSource guid=\"" + g + "\" name=\"Interview " + std::to_string(i) +
           "\" plainTextPath=\"internal://" + g + ".txt\" creatingUser=\"" + guid(0xa, 1) +
           "\" creationDateTime=\"2026-01-05T10:25:40\">\n"
           "<PlainTextSelection guid=\"" +
           guid(0x6, static_cast<unsigned>(i)) +
           "\" startPosition=\"0\" endPosition=\"5\" name=\"Hello\" creatingUser=\"\" "
           "creationDateTime=\"2026-01-05T11:02:13.25+01:00\">\n"
           "<Coding guid=\"" +
           guid(0x7, static_cast<unsigned>(i)) + "\" creatingUser=\"\" >\n<CodeRef targetGUID=\"" +
           guid(0xc, i % 2 == 0 ? 2 : 3) +
           "\" />\n</Coding>\n</PlainTextSelection>\n</TextSource>\n";
    entries.push_back({"sources/" + g + ".txt", std::string(kBom) + "Hello, world."});
  }
  xml += "</Sources>\n<Notes>\n<Note guid=\"" + guid(0x8, 1) + "\" creatingUser=\"" + guid(0xa, 1) +
         "\" creationDateTime=\"2026-01-06T09:00:00Z\" name=\"Journal 📚\" " +
         "plainTextPath=\"internal://" + guid(0x8, 1) + ".txt\" >\n<Description />\n</Note>\n" +
         "<Note guid=\"" + guid(0x8, 2) + "\" creatingUser=\"\" " +
         "creationDateTime=\"2026-01-06T09:30:00Z\" >\n" +
         "<PlainTextContent>مرحبا annotation</PlainTextContent>\n<PlainTextSelection guid=\"" +
         guid(0x9, 1) + "\" startPosition=\"0\" endPosition=\"5\" />\n</Note>\n</Notes>\n" +
         "<NoteRef targetGUID=\"" + guid(0x8, 1) + "\" />\n</Project>\n";
  entries.push_back({"sources/" + guid(0x8, 1) + ".txt", std::string(kBom) + "Day one.\nDay two."});
  entries.insert(entries.begin(), {"project.qde", xml});
  return make_zip(entries);
}

TEST(QdaOtherTools, ReadsAQualCoderExportWithoutLossAndWithFewWarnings) {
  auto r = read_project(qualcoder_like(36));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->sources.size(), 36u);
  EXPECT_EQ(r->sources[0].text, "Hello, world.");
  EXPECT_EQ(r->sources[0].created, 1767608740000LL);                // no zone: taken as UTC
  EXPECT_EQ(r->sources[0].selections[0].created, 1767607333250LL);  // 10:02:13.25 UTC
  EXPECT_EQ(r->sources[0].selections[0].creating_user, "");
  EXPECT_EQ(r->created, 1767608523000LL);

  // The category and both codes named Other: the nested one's name is restored.
  ASSERT_EQ(r->codebook.size(), 2u);
  EXPECT_FALSE(r->codebook[0].is_codable);
  EXPECT_EQ(r->codebook[0].children[0].name, "Other");
  EXPECT_EQ(r->codebook[0].children[0].color, "#F5F5DC");
  EXPECT_EQ(r->codebook[1].name, "Other");

  // The journal from its file (without its byte-order mark), the annotation from inline text.
  ASSERT_EQ(r->notes.size(), 2u);
  EXPECT_EQ(r->notes[0].name, "Journal 📚");
  EXPECT_EQ(r->notes[0].text, "Day one.\nDay two.");
  EXPECT_TRUE(r->notes[0].about_project);
  EXPECT_EQ(r->notes[0].created, 1767690000000LL);
  EXPECT_EQ(r->notes[1].text, "مرحبا annotation");

  // 37 byte-order marks and 73 empty user references: one line each, with the count.
  std::string all;
  for (const std::string& w : r->warnings) all += w + "\n";
  EXPECT_EQ(r->warnings.size(), 3u) << all;
  EXPECT_NE(all.find("a byte-order mark at the start of a text was removed; positions count from "
                     "the character after it (37 times; first: source 'Interview 1', sources/"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("73 empty user reference(s)"), std::string::npos) << all;
  EXPECT_NE(all.find("selections and codings inside a note were not imported"), std::string::npos)
      << all;
}

TEST(QdaOtherTools, UnknownUsersMakeOneWarning) {
  std::string bytes = qualcoder_like(3);
  auto r = read_project(bytes);
  ASSERT_TRUE(r.ok());
  // The same export naming users that are not listed: one line for all references.
  std::string xml = testing::entry(bytes, "project.qde");
  for (std::size_t at = xml.find("creatingUser=\"\""); at != std::string::npos;
       at = xml.find("creatingUser=\"\"", at))
    xml.replace(at, 15, "creatingUser=\"" + guid(0xb, 2) + "\"");
  std::vector<RawEntry> entries;
  for (auto& [name, data] : testing::unzip(bytes))
    entries.push_back({name, name == "project.qde" ? xml : data});
  auto again = read_project(make_zip(entries));
  ASSERT_TRUE(again.ok()) << again.error().message;
  std::string all;
  for (const std::string& w : again->warnings) all += w + "\n";
  EXPECT_NE(all.find("a reference to a user who is not among the project's users was dropped (7 "
                     "times; first: user " +
                     guid(0xb, 2) + ")"),
            std::string::npos)
      << all;
}

TEST(QdaOtherTools, ReadsACodebookWrittenWithAByteOrderMark) {
  const std::string qdc = std::string(kBom) +
                          "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                          "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"QualCoder\">"
                          "<Codes><Code guid=\"" +
                          guid(0xc, 1) + "\" name=\"Support\" isCodable=\"false\"><Code guid=\"" +
                          guid(0xc, 2) +
                          "\" name=\"Support/Other\" isCodable=\"true\" color=\"#F5F5DC\"/></Code>"
                          "</Codes></CodeBook>";
  auto codes = read_codebook(qdc);
  ASSERT_TRUE(codes.ok()) << codes.error().message;
  ASSERT_EQ(codes->size(), 1u);
  EXPECT_FALSE((*codes)[0].is_codable);
  EXPECT_EQ((*codes)[0].children[0].name, "Other");
}

}  // namespace
}  // namespace trellis::interchange::qda
