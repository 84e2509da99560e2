// The importers' pure parsing: roster files, codebook files and interview transcripts, each
// read into checked rows with every problem named by line and column.
#include <gtest/gtest.h>

#include "domain/programs/roster_import.h"
#include "domain/studies/codebook_import.h"
#include "domain/studies/transcript_import.h"

namespace trellis {
namespace {

std::vector<CsvRecord> csv(std::string_view text) {
  auto records = parse_csv(text);
  EXPECT_TRUE(records.ok());
  return records.ok() ? *records : std::vector<CsvRecord>{};
}

std::string problem_list(const Error& e) {
  std::string out;
  for (const ErrorDetail& d : e.details)
    out += std::to_string(d.line.value_or(0)) + " " + d.field + ": " + d.message + "\n";
  return out;
}

TEST(RosterImport, ReadsGoodRowsAndNamesEveryBadOne) {
  Error problems;
  auto rows = read_roster(csv("Email,Name,Role,Stream\n"
                              "ADA@example.org,Ada,scholar,Biology\n"
                              "not-an-email,Bo,mentor,\n"
                              "cy@example.org,Cy,wizard,\n"
                              "ada@example.org,Ada again,scholar,\n"
                              "dee@example.org,Dee,support,Biology\n"),
                          problems);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].email, "ada@example.org");
  EXPECT_EQ((*rows)[0].stream_name, "Biology");
  ASSERT_EQ(problems.details.size(), 4u) << problem_list(problems);
  EXPECT_EQ(problems.details[0].line, 3);
  EXPECT_EQ(problems.details[0].field, "email");
  EXPECT_EQ(problems.details[1].field, "role");
  EXPECT_EQ(problems.details[2].message,
            "duplicate row: this person already appears with this role above");
  EXPECT_EQ(problems.details[3].message, "only scholars and mentors belong to a stream");
}

TEST(RosterImport, AWrongHeaderReadsNoRow) {
  Error problems;
  EXPECT_FALSE(read_roster(csv("email,email,role\na@x.org,b@x.org,scholar\n"), problems));
  EXPECT_EQ(problem_list(problems),
            "1 email: the column appears twice\n1 name: required column is missing\n");
}

TEST(CodebookImport, ReadsCodesWithTheirOptionalColumns) {
  auto rows = read_codebook_csv(
      "Code,Description,Parent,Color\n"
      "Belonging,Feeling part of the group,,#AABBCC\n"
      "Peers,,Belonging,\n");
  ASSERT_TRUE(rows.ok()) << problem_list(rows.error());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].name, "Belonging");
  EXPECT_EQ((*rows)[0].colour, "#aabbcc");
  EXPECT_EQ((*rows)[0].parent, "");
  EXPECT_EQ((*rows)[1].parent, "Belonging");
  EXPECT_EQ((*rows)[1].line, 3);
}

TEST(CodebookImport, RefusesAColumnGivenTwice) {
  // "tag" and "code" both name the name column: which one would win is a guess, so neither does.
  auto rows = read_codebook_csv("tag,code\nA,B\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(problem_list(rows.error()), "1 name: the column appears twice\n");
}

TEST(CodebookImport, NamesEveryBadRowAndRefusesOversizedFiles) {
  auto bad = read_codebook_csv("name,colour\n,#abcdef\nGood,red\nShort\n");
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().details.size(), 3u) << problem_list(bad.error());
  EXPECT_EQ(bad.error().details[0].field, "name");
  EXPECT_EQ(bad.error().details[1].field, "colour");
  EXPECT_EQ(bad.error().details[2].line, 4);

  EXPECT_EQ(read_codebook_csv("").error().message, "The codebook file is empty.");
  EXPECT_EQ(read_codebook_csv(std::string(kMaxCodebookBytes + 1, 'a')).error().code,
            ErrorCode::kTooLarge);
}

Study interview() {
  Study s;
  s.id = "study";
  s.audience = {Role::kMentor};
  s.questions = {
      {"q1", "study", 1, QuestionKind::kOpenText, "What went well this term?", {}, false},
      {"q2", "study", 2, QuestionKind::kRating, "How satisfied are you?", {}, false},
      {"q3", "study", 3, QuestionKind::kOpenText, "What would you change?", {}, false}};
  return s;
}

TEST(TranscriptImport, SplitsATranscriptByQuestionHeadings) {
  TranscriptInput input{"Mentor 4",
                        "",
                        TranscriptFormat::kMarkdown,
                        "## 1\nThe weekly meetings.\n\n## What would you change?\nMore time.\n",
                        "",
                        ""};
  Error problems;
  auto t = parse_transcript(interview(), input, 0, problems);
  ASSERT_TRUE(t) << problem_list(problems);
  EXPECT_EQ(t->group, "mentor");  // the study's first audience role
  ASSERT_EQ(t->answers.size(), 2u);
  EXPECT_EQ(t->answers[0].question_id, "q1");
  EXPECT_EQ(t->answers[0].text, "The weekly meetings.");
  EXPECT_EQ(t->answers[1].question_id, "q3");
}

// Every line end a transcript may use ends a line, and the answers keep LF only: CR LF (Windows),
// a lone CR (old Mac files) and LF alike, mixed in one transcript.
TEST(TranscriptImport, AnswersKeepLfLineEndsOnly) {
  TranscriptInput input{"Mentor 4",
                        "",
                        TranscriptFormat::kText,
                        "Q1: The weekly\r\nmeetings.\rAnd peers.\r\nQ3: More\r\rtime.\r\n",
                        "",
                        ""};
  Error problems;
  auto t = parse_transcript(interview(), input, 0, problems);
  ASSERT_TRUE(t) << problem_list(problems);
  ASSERT_EQ(t->answers.size(), 2u);
  EXPECT_EQ(t->answers[0].text, "The weekly\nmeetings.\nAnd peers.");
  EXPECT_EQ(t->answers[1].text, "More\n\ntime.");

  Error csv_problems;
  auto rows = parse_transcript_csv(interview(),
                                   "respondent,question,answer\r\n"
                                   "Mentor 1,1,\"Meetings,\r\nthen peers\rand time\"\r\n",
                                   csv_problems);
  ASSERT_TRUE(csv_problems.details.empty()) << problem_list(csv_problems);
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_EQ(rows[0].answers.size(), 1u);
  EXPECT_EQ(rows[0].answers[0].text, "Meetings,\nthen peers\nand time");
}

TEST(TranscriptImport, NamesTheLineOfEveryBadHeading) {
  TranscriptInput input{
      "Mentor 4", "", TranscriptFormat::kText, "Hello\nQ1: fine\nQ2: 4\nQ9: what?\nQ1: again\n",
      "",         ""};
  Error problems;
  EXPECT_FALSE(parse_transcript(interview(), input, 3, problems));
  EXPECT_EQ(problem_list(problems),
            "1 transcripts[3].text: text before the first question heading; start it with a "
            "heading such as \"Q1:\"\n"
            "3 transcripts[3].text: question 2 is not an open question\n"
            "4 transcripts[3].text: \"9\" names no question of this study (use its number or "
            "prompt)\n"
            "5 transcripts[3].text: question 1 is answered twice\n");
}

TEST(TranscriptImport, ReadsCsvRowsIntoOneTranscriptPerRespondent) {
  Error problems;
  auto out = parse_transcript_csv(interview(),
                                  "Respondent,Question,Answer,Group\n"
                                  "Mentor 1,1,Meetings,mentor\n"
                                  "Mentor 1,Q3,Time,mentor\n"
                                  "Mentor 2,What went well this term?,Peers,mentor\n",
                                  problems);
  ASSERT_TRUE(problems.details.empty()) << problem_list(problems);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].respondent, "Mentor 1");
  ASSERT_EQ(out[0].answers.size(), 2u);
  EXPECT_EQ(out[0].answers[1].question_id, "q3");
  EXPECT_EQ(out[1].answers[0].text, "Peers");
}

TEST(TranscriptImport, CsvProblemsNameTheirLineAndColumn) {
  Error problems;
  parse_transcript_csv(interview(), "respondent,question,answer,Answer\nA,1,x,y\n", problems);
  EXPECT_EQ(problem_list(problems), "1 answer: the column appears twice\n");

  Error rows;
  parse_transcript_csv(interview(),
                       "respondent,question,answer\nA,2,x\nA,1,x\nA,1,again\nB,7,x\nC,1\n", rows);
  EXPECT_EQ(problem_list(rows),
            "2 question: not an open question\n"
            "4 question: this respondent answers this question twice\n"
            "5 question: \"7\" names no question of this study\n"
            "6 : the row has 2 columns; the header has 3\n");
}

// A transcript may name the person it is about; the label may then be left out (the service
// fills in their name), and a malformed address or id is a problem of that field.
TEST(TranscriptImport, ATranscriptMayNameItsPerson) {
  TranscriptInput input{"", "", TranscriptFormat::kText, "Q1: Meetings.", " Ada@Example.org ", ""};
  Error problems;
  auto t = parse_transcript(interview(), input, 0, problems);
  ASSERT_TRUE(t) << problem_list(problems);
  EXPECT_EQ(t->email, "ada@example.org");
  EXPECT_EQ(t->respondent, "");
  EXPECT_FALSE(t->group_given);
  EXPECT_EQ(t->field, "transcripts[0]");

  TranscriptInput bad{"", "", TranscriptFormat::kText, "Q1: x", "ada", "42"};
  Error bad_problems;
  EXPECT_FALSE(parse_transcript(interview(), bad, 2, bad_problems));
  EXPECT_EQ(problem_list(bad_problems),
            "0 transcripts[2].email: not an e-mail address: \"ada\"\n"
            "0 transcripts[2].user_id: not a user id: \"42\"\n");

  Error unnamed;
  EXPECT_FALSE(parse_transcript(interview(), {"", "", TranscriptFormat::kText, "Q1: x", "", ""}, 0,
                                unnamed));
  EXPECT_NE(problem_list(unnamed).find("transcripts[0].respondent"), std::string::npos);

  Error csv_problems;
  auto rows = parse_transcript_csv(interview(),
                                   "respondent,question,answer,email\n"
                                   "Ada,1,Meetings,ada@example.org\n"
                                   "Ada,3,Time,ben@example.org\n"
                                   "Ben,1,Peers,\n",
                                   csv_problems);
  EXPECT_EQ(problem_list(csv_problems),
            "3 email: this respondent appears above with another e-mail\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].email, "ada@example.org");
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[1].email, "");
}

}  // namespace
}  // namespace trellis
