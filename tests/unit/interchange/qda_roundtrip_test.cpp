// Round trips through the REFI-QDA codec: what is written reads back as the same structs, the
// positions still pick out the same text, and every written document passes the schemas.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "interchange/qda.h"
#include "unit/interchange/qda_test_util.h"

namespace trellis::interchange::qda {
namespace {

using testing::at_minute;
using testing::entry;
using testing::guid;
using testing::sample_project;
using testing::slice;
using testing::unzip;

TEST(QdaCodebook, RoundTripsNestedCodes) {
  const Project sample = sample_project();
  auto xml = write_codebook(sample.codebook, "Trellis 0.1.0");
  ASSERT_TRUE(xml.ok()) << xml.error().message;
  EXPECT_NE(xml->find("<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"Trellis 0.1.0\">"),
            std::string::npos)
      << *xml;
  EXPECT_TRUE(validate_codebook_xml(*xml).ok());
  auto codes = read_codebook(*xml);
  ASSERT_TRUE(codes.ok()) << codes.error().message;
  EXPECT_EQ(*codes, sample.codebook);
}

TEST(QdaCodebook, RefusesWhatTheSchemaCannotHold) {
  EXPECT_NE(write_codebook({}, "x").error().message.find("at least one code"), std::string::npos);
  Code bad_guid{"not-a-guid", "A", std::nullopt, std::nullopt, true, {}};
  EXPECT_NE(write_codebook({bad_guid}, "").error().message.find("malformed GUID 'not-a-guid'"),
            std::string::npos);
  Code bad_color{guid(1, 1), "A", std::nullopt, "red", true, {}};
  EXPECT_NE(write_codebook({bad_color}, "").error().message.find("color 'red'"), std::string::npos);
  Code twice{guid(1, 1), "A", std::nullopt, std::nullopt, true, {}};
  EXPECT_NE(write_codebook({twice, twice}, "").error().message.find("reuses GUID"),
            std::string::npos);
  Code bad_utf8{guid(1, 3), "caf\xC3", std::nullopt, std::nullopt, true, {}};
  EXPECT_NE(write_codebook({bad_utf8}, "").error().message.find("not valid UTF-8"),
            std::string::npos);
}

// Text stored before control characters were refused on input must still export: characters
// XML 1.0 cannot carry become U+FFFD, and every other character, tab, LF and CR included, stays.
TEST(QdaCodebook, WritesCharactersXmlCannotCarryAsReplacementCharacters) {
  Code control{guid(1, 2),
               std::string("bell\x07"),
               std::string("a\x01\tb\r\nc\x1F\xEF\xBF\xBF"),
               std::nullopt,
               true,
               {}};
  auto xml = write_codebook({control}, std::string("Tool\0", 5));
  ASSERT_TRUE(xml.ok()) << xml.error().message;
  EXPECT_TRUE(validate_codebook_xml(*xml).ok());
  auto codes = read_codebook(*xml);
  ASSERT_TRUE(codes.ok()) << codes.error().message;
  ASSERT_EQ(codes->size(), 1u);
  EXPECT_EQ((*codes)[0].name, "bell\xEF\xBF\xBD");
  EXPECT_EQ((*codes)[0].description, "a\xEF\xBF\xBD\tb\r\nc\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(QdaProject, WritesMemosWithControlCharactersAsValidXml) {
  Project p = sample_project();
  p.notes.front().text = std::string(
      "before\x0B\x00"
      "after",
      13);
  p.sources.front().selections.front().memo = "memo\x1B[0m";
  auto bytes = write_project(p);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  EXPECT_TRUE(validate_project_xml(entry(*bytes, "project.qde")).ok());
  auto back = read_project(*bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  // A note's text is a file, not XML: it keeps every byte.
  EXPECT_EQ(back->notes.front().text, p.notes.front().text);
  EXPECT_EQ(back->sources.front().selections.front().memo, "memo\xEF\xBF\xBD[0m");
}

TEST(QdaProject, RoundTripsTheWholeStudy) {
  const Project sample = sample_project();
  auto bytes = write_project(sample);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  auto back = read_project(*bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(back->warnings.empty()) << back->warnings.front();
  EXPECT_EQ(back->name, sample.name);
  EXPECT_EQ(back->users, sample.users);
  EXPECT_EQ(back->codebook, sample.codebook);
  ASSERT_EQ(back->sources.size(), sample.sources.size());
  for (std::size_t i = 0; i < sample.sources.size(); ++i)
    EXPECT_EQ(back->sources[i], sample.sources[i]) << sample.sources[i].name;
  EXPECT_EQ(back->notes, sample.notes);
  EXPECT_EQ(*back, sample);
}

TEST(QdaProject, PositionsCountCodePointsOfTheStoredText) {
  auto back = read_project(write_project(sample_project()).value());
  ASSERT_TRUE(back.ok()) << back.error().message;
  const Source& emoji = back->sources[0];
  // "I was stuck " is 12 code points; the emoji is one; the ZWJ sequence is three.
  EXPECT_EQ(emoji.selections[0].start, 6);
  EXPECT_EQ(emoji.selections[0].end, 6 + 6 + 1 + 10);
  EXPECT_EQ(slice(emoji.text, emoji.selections[0].start, emoji.selections[0].end),
            "stuck \xF0\x9F\x98\xA9 for weeks");
  // CRLF counts as two code points before the second line.
  EXPECT_EQ(emoji.selections[1].start, 6 + 6 + 1 + 10 + 1 + 2 + 7);
  EXPECT_EQ(emoji.selections[1].end - emoji.selections[1].start, 16 + 3 + 9);
  const Source& combining = back->sources[1];
  EXPECT_EQ(slice(combining.text, combining.selections[0].start, combining.selections[0].end),
            "cafe\xCC\x81 reading group");
  EXPECT_EQ(combining.selections[0].end - combining.selections[0].start, 19);
  const Source& rtl = back->sources[2];
  EXPECT_EQ(slice(rtl.text, rtl.selections[0].start, rtl.selections[0].end),
            "\xD9\x84\xD8\xB3\xD8\xAA \xD8\xB0\xD9\x83\xD9\x8A\xD8\xA9");
  EXPECT_EQ(rtl.selections[0].start, 10);  // four letters, a space, four letters, a space
  EXPECT_EQ(slice(rtl.text, rtl.selections[1].start, rtl.selections[1].end),
            "\xD7\x9C\xD7\x90 \xD7\x97\xD7\x9B\xD7\x9E\xD7\x94");
}

TEST(QdaProject, WritesTheLayoutImportersExpect) {
  const Project sample = sample_project();
  const std::string bytes = write_project(sample).value();
  const auto entries = unzip(bytes);
  ASSERT_EQ(entries.size(), 1 + sample.sources.size() + sample.notes.size());
  EXPECT_EQ(entries[0].first, "project.qde");
  const std::string qde = entries[0].second;
  EXPECT_NE(qde.find("<Project xmlns=\"urn:QDA-XML:project:1.0\""), std::string::npos);
  EXPECT_EQ(qde.find("PlainTextContent"), std::string::npos);  // sources and notes are files
  for (const Source& source : sample.sources) {
    EXPECT_NE(qde.find("plainTextPath=\"internal://" + source.guid + ".txt\""), std::string::npos);
    // The file holds the text byte for byte: UTF-8, CRLF kept, no byte-order mark.
    EXPECT_EQ(entry(bytes, "sources/" + source.guid + ".txt"), source.text);
  }
  // Notes too, with the creation time QualCoder's importer reads unconditionally.
  for (const Note& note : sample.notes) {
    EXPECT_NE(qde.find("<Note guid=\"" + note.guid + "\""), std::string::npos);
    EXPECT_NE(qde.find("plainTextPath=\"internal://" + note.guid + ".txt\""), std::string::npos);
    EXPECT_EQ(entry(bytes, "sources/" + note.guid + ".txt"), note.text);
  }
  EXPECT_NE(qde.find("creationDateTime=\"2026-11-26T09:40:00Z\" "
                     "modifiedDateTime=\"2026-11-26T09:50:00Z\""),
            std::string::npos)
      << qde;
  EXPECT_NE(qde.find("startPosition=\"6\" endPosition=\"23\""), std::string::npos);
  EXPECT_NE(qde.find("<CodeRef targetGUID=\"" + guid(0xc0de, 2) + "\"/>"), std::string::npos);
  // Carriage returns survive XML's line-end normalisation because they are escaped.
  EXPECT_NE(qde.find("see it.&#13;\nSecond line."), std::string::npos) << qde;
  // A category, and the two codes named "Other": the nested one qualified by its parents.
  EXPECT_NE(qde.find("name=\"Qualities\" isCodable=\"false\""), std::string::npos);
  EXPECT_NE(qde.find("name=\"Qualities/Asking for help/Other\""), std::string::npos);
  EXPECT_NE(qde.find("name=\"Other\" isCodable=\"true\" color=\"#999999\""), std::string::npos);
  const Status valid = validate_project_xml(qde);
  EXPECT_TRUE(valid.ok()) << (valid.ok() ? "" : valid.error().message);
}

TEST(QdaProject, WritesTimesWhereTheSchemaHasThem) {
  const std::string qde = entry(write_project(sample_project()).value(), "project.qde");
  // The project, a source, a selection and its codings; milliseconds are dropped.
  for (const char* attributes :
       {"creatingUserGUID=\"000005e4-0000-4000-8000-000000000001\" "
        "creationDateTime=\"2026-11-26T09:30:00Z\" modifiedDateTime=\"2026-11-26T11:00:00Z\"",
        "creationDateTime=\"2026-11-26T09:31:00Z\" modifiedDateTime=\"2026-11-26T09:32:00Z\"",
        "creationDateTime=\"2026-11-26T09:33:00Z\" modifiedDateTime=\"2026-11-26T09:36:00Z\"",
        "creationDateTime=\"2026-11-26T09:34:00Z\"", "creationDateTime=\"2026-11-26T09:35:00Z\""})
    EXPECT_NE(qde.find(attributes), std::string::npos) << attributes << "\n" << qde;

  // A note without a time of its own gets its modification time, else the project's creation.
  Project p = sample_project();
  p.notes[0].created.reset();
  p.notes[1].created.reset();
  p.created = at_minute(0) + 999;
  auto back = read_project(write_project(p).value());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->notes[0].created, at_minute(20));
  EXPECT_EQ(back->notes[1].created, at_minute(0));
  EXPECT_EQ(back->created, at_minute(0));

  // With no time anywhere, the note is refused rather than written to stop an importer.
  p.created.reset();
  auto refused = write_project(p);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("note '' has no creation or modification time"),
            std::string::npos)
      << refused.error().message;
}

// QualCoder keeps one code per name: names that repeat are qualified by their parents' names,
// and reading strips the qualification again, so distinct codes stay distinct both ways.
TEST(QdaNames, RepeatedNamesAreQualifiedByTheirParentsAndRestored) {
  Code a_other{guid(1, 1), "Other", std::nullopt, std::nullopt, true, {}};
  Code b_other{guid(1, 2), "Other", std::nullopt, std::nullopt, true, {}};
  Code deep{guid(1, 3), "Other", std::nullopt, std::nullopt, true, {}};
  Code support{guid(1, 4), "Support", std::nullopt, std::nullopt, false, {a_other}};
  Code mentor{guid(1, 5), "Mentor", std::nullopt, std::nullopt, true, {deep}};
  Code language{guid(1, 6), "Language", std::nullopt, std::nullopt, true, {b_other, mentor}};
  Code top{guid(1, 7), "Other", std::nullopt, std::nullopt, true, {}};
  const std::vector<Code> codes = {support, language, top};

  std::vector<Code> unique = unique_code_names(codes);
  EXPECT_EQ(unique[0].name, "Support");  // unique names stay as they are
  EXPECT_EQ(unique[0].children[0].name, "Support/Other");
  EXPECT_EQ(unique[1].children[0].name, "Language/Other");
  EXPECT_EQ(unique[1].children[1].name, "Mentor");
  EXPECT_EQ(unique[1].children[1].children[0].name, "Language/Mentor/Other");
  EXPECT_EQ(unique[2].name, "Other");
  std::vector<Code> restored = unique;
  restore_code_names(restored);
  EXPECT_EQ(restored, codes);

  // Through the .qdc and the .qdpx alike.
  const std::string xml = write_codebook(codes, "Trellis").value();
  EXPECT_NE(xml.find("name=\"Language/Mentor/Other\""), std::string::npos) << xml;
  EXPECT_EQ(read_codebook(xml).value(), codes);
  Project p;
  p.name = "names";
  p.codebook = codes;
  EXPECT_EQ(read_project(write_project(p).value()).value().codebook, codes);

  // Siblings of the same name (Trellis never has them) are numbered as a last resort.
  Code x1{guid(2, 1), "X", std::nullopt, std::nullopt, true, {}};
  Code x2{guid(2, 2), "X", std::nullopt, std::nullopt, true, {}};
  Code x2_taken{guid(2, 3), "X (2)", std::nullopt, std::nullopt, true, {}};
  std::vector<Code> siblings = unique_code_names({x1, x2, x2_taken});
  EXPECT_EQ(siblings[0].name, "X");
  EXPECT_EQ(siblings[1].name, "X (3)");
  EXPECT_EQ(siblings[2].name, "X (2)");
}

TEST(QdaCodebook, WritesColoursWithSixDigits) {
  Code short_form{guid(3, 1), "Short", std::nullopt, "#3a6", true, {}};
  const std::string xml = write_codebook({short_form}, "").value();
  EXPECT_NE(xml.find("color=\"#33aa66\""), std::string::npos) << xml;
  EXPECT_EQ(read_codebook(xml).value()[0].color, "#33aa66");
}

TEST(QdaProject, RefusesACodingOfACategory) {
  Project p = sample_project();
  p.sources[0].selections[0].codings[0].code_guid = p.codebook[0].guid;  // "Qualities"
  auto written = write_project(p);
  ASSERT_FALSE(written.ok());
  EXPECT_NE(written.error().message.find("a category (isCodable false), which cannot be applied"),
            std::string::npos)
      << written.error().message;
}

TEST(QdaProject, AnEmptyProjectIsValid) {
  Project empty;
  empty.name = "Nothing yet";
  auto bytes = write_project(empty);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  EXPECT_TRUE(validate_project_xml(entry(*bytes, "project.qde")).ok());
  auto back = read_project(*bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, empty);
}

TEST(QdaProject, ReadsGuidsInLowerCase) {
  Project p = sample_project();
  const Project expected = p;
  for (User& u : p.users)
    for (char& c : u.guid) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (char& c : p.created_by) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto back = read_project(write_project(p).value());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->users, expected.users);
  EXPECT_EQ(back->created_by, expected.created_by);
}

TEST(QdaProject, RefusesDanglingReferencesAndBadPositions) {
  auto message = [](const Project& p) {
    auto r = write_project(p);
    return r.ok() ? std::string("(written)") : r.error().message;
  };
  Project p = sample_project();
  p.sources[0].selections[0].codings[0].code_guid = guid(0xdead, 1);
  EXPECT_NE(message(p).find("applies code '" + guid(0xdead, 1) + "', which is not in the codebook"),
            std::string::npos)
      << message(p);

  p = sample_project();
  p.sources[1].selections[0].end = testing::length(p.sources[1].text) + 1;
  EXPECT_NE(message(p).find("outside the text's"), std::string::npos) << message(p);

  p = sample_project();
  p.sources[1].selections[0].start = -1;
  EXPECT_NE(message(p).find("covers [-1,"), std::string::npos) << message(p);

  p = sample_project();
  p.notes[0].targets.push_back(guid(0xdead, 2));
  EXPECT_NE(message(p).find("not a code, source, selection or coding"), std::string::npos);

  p = sample_project();
  p.sources[0].creating_user = guid(0xdead, 3);
  EXPECT_NE(message(p).find("who is not in the project's users"), std::string::npos);

  p = sample_project();
  p.sources[2].text = "\xEF\xBB\xBF" + p.sources[2].text;
  EXPECT_NE(message(p).find("byte-order mark"), std::string::npos);

  p = sample_project();
  p.sources[2].text += "\xFF";
  EXPECT_NE(message(p).find("is not valid UTF-8"), std::string::npos);

  p = sample_project();
  p.sources[3].guid = p.codebook[0].guid;
  EXPECT_NE(message(p).find("reuses GUID"), std::string::npos);
}

TEST(QdaProject, ThreadsCanWriteAndReadAtOnce) {
  // The compiled schemas are shared; parser, validator and error routing are per call.
  const Project sample = sample_project();
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto bytes = write_project(sample);
        auto back = bytes.ok() ? read_project(*bytes) : Result<Project>(bytes.error());
        if (!back.ok() || !(*back == sample)) ++mismatches;
        if (read_codebook("<CodeBook/>").ok()) ++mismatches;  // errors stay in their thread
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace trellis::interchange::qda
