// The validation rules of studies, questions, answers, codes and spans (src/domain/study.cpp):
// each bad input is refused with the field that is wrong.
#include "domain/studies/study.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace trellis {
namespace {

Question question(QuestionKind kind, std::vector<std::string> options = {}) {
  Question q;
  q.kind = kind;
  q.prompt = "What do you most lack?";
  q.options = std::move(options);
  return q;
}

Study study() {
  Study s;
  s.title = "Mentor interviews";
  s.cohort_id = "c1";
  s.audience = {Role::kMentor};
  s.questions = {question(QuestionKind::kOpenText)};
  return s;
}

// "" when the status is ok, else the field its error names.
std::string field_of(const Status& s) {
  if (s.ok()) return "";
  EXPECT_EQ(s.error().code, ErrorCode::kInvalid);
  return s.error().field;
}

TEST(StudyValidation, StudyFieldsNameTheWrongField) {
  struct Case {
    const char* what;
    std::function<void(Study&)> change;
    std::string field;
  } cases[] = {
      {"a valid study", [](Study&) {}, ""},
      {"no title", [](Study& s) { s.title = " "; }, "title"},
      {"control characters in the description", [](Study& s) { s.description = "a\x01"; },
       "description"},
      {"newlines in the description are fine", [](Study& s) { s.description = "a\nb"; }, ""},
      {"no questions", [](Study& s) { s.questions.clear(); }, "questions"},
      {"too many questions",
       [](Study& s) { s.questions.assign(kMaxQuestions + 1, question(QuestionKind::kOpenText)); },
       "questions"},
      {"an audience without a cohort", [](Study& s) { s.cohort_id.reset(); }, "cohort_id"},
      {"no audience and no cohort",
       [](Study& s) {
         s.cohort_id.reset();
         s.audience.clear();
       },
       ""},
      {"a role twice",
       [](Study& s) {
         s.audience = {Role::kMentor, Role::kMentor};
       },
       "audience"},
      {"closing before opening",
       [](Study& s) {
         s.opens_at = 2000;
         s.closes_at = 1000;
       },
       "closes_at"},
      {"closing when opening",
       [](Study& s) {
         s.opens_at = 2000;
         s.closes_at = 2000;
       },
       "closes_at"},
      {"only a closing date", [](Study& s) { s.closes_at = 1000; }, ""},
      {"a long template key", [](Study& s) { s.template_key.assign(65, 'x'); }, "template"},
      {"a bad second question",
       [](Study& s) { s.questions.push_back(question(QuestionKind::kRanking, {"one"})); },
       "questions[1].options"},
  };
  for (const Case& c : cases) {
    Study s = study();
    c.change(s);
    EXPECT_EQ(field_of(validate_study(s)), c.field) << c.what;
  }
}

TEST(StudyValidation, QuestionsNameTheWrongField) {
  struct Case {
    const char* what;
    Question q;
    std::string field;
  } cases[] = {
      {"open text", question(QuestionKind::kOpenText), ""},
      {"blank prompt",
       [] {
         Question q = question(QuestionKind::kOpenText);
         q.prompt = " \n";
         return q;
       }(),
       "questions[3].prompt"},
      {"long prompt",
       [] {
         Question q = question(QuestionKind::kOpenText);
         q.prompt.assign(kMaxPromptLength + 1, 'a');
         return q;
       }(),
       "questions[3].prompt"},
      {"choice with one option", question(QuestionKind::kSingleChoice, {"a"}),
       "questions[3].options"},
      {"choice with two options", question(QuestionKind::kMultipleChoice, {"a", "b"}), ""},
      {"options on a rating question", question(QuestionKind::kRating, {"a", "b"}),
       "questions[3].options"},
      {"too many options",
       question(QuestionKind::kRanking, std::vector<std::string>(kMaxOptions + 1, "a")),
       "questions[3].options"},
      {"an option with spaces around it", question(QuestionKind::kRanking, {"a", " b"}),
       "questions[3].options[1]"},
      {"an option twice", question(QuestionKind::kRanking, {"a", "b", "a"}),
       "questions[3].options[2]"},
  };
  for (const Case& c : cases) EXPECT_EQ(field_of(validate_question(c.q, 3)), c.field) << c.what;
}

TEST(StudyValidation, AnswersMatchTheirQuestion) {
  const Question open = question(QuestionKind::kOpenText);
  const Question rating = question(QuestionKind::kRating);
  const Question single = question(QuestionKind::kSingleChoice, {"a", "b", "c"});
  const Question multiple = question(QuestionKind::kMultipleChoice, {"a", "b", "c"});
  const Question ranking = question(QuestionKind::kRanking, {"a", "b", "c"});
  auto text = [](std::string t) {
    Answer a;
    a.text = std::move(t);
    return a;
  };
  auto rated = [](int r) {
    Answer a;
    a.rating = r;
    return a;
  };
  auto chose = [](std::vector<std::string> c) {
    Answer a;
    a.choices = std::move(c);
    return a;
  };
  struct Case {
    const char* what;
    const Question* q;
    Answer a;
    std::string field;
  } cases[] = {
      {"open text", &open, text("Grit, mostly."), ""},
      {"open text with a rating", &open, rated(3), "answers[0]"},
      {"open text, invalid UTF-8", &open, text("\xff"), "answers[0].text"},
      {"open text, too long", &open, text(std::string(kMaxAnswerBytes + 1, 'a')),
       "answers[0].text"},
      {"rating 5", &rating, rated(5), ""},
      {"rating 0", &rating, rated(0), "answers[0].rating"},
      {"rating 6", &rating, rated(6), "answers[0].rating"},
      {"rating with text", &rating, text("five"), "answers[0]"},
      {"single choice", &single, chose({"b"}), ""},
      {"single choice of two", &single, chose({"a", "b"}), "answers[0].choices"},
      {"single choice of none", &single, chose({}), "answers[0].choices"},
      {"not a choice", &multiple, chose({"z"}), "answers[0].choices"},
      {"a choice twice", &multiple, chose({"a", "a"}), "answers[0].choices"},
      {"multiple choices", &multiple, chose({"a", "c"}), ""},
      {"a choice answer with text", &multiple, text("a"), "answers[0]"},
      {"a full ranking", &ranking, chose({"c", "a", "b"}), ""},
      {"a partial ranking", &ranking, chose({"c", "a"}), "answers[0].choices"},
  };
  for (Case& c : cases)
    EXPECT_EQ(field_of(validate_answer(*c.q, c.a, "answers[0]")), c.field) << c.what;

  Answer counted = text("é😀a");
  ASSERT_TRUE(validate_answer(open, counted, "answers[0]").ok());
  EXPECT_EQ(counted.length, 3);  // code points, not bytes

  // Line ends are LF only, whatever the input sent; the length counts the stored text.
  Answer windows = text("one\r\ntwo\rthree\n");
  ASSERT_TRUE(validate_answer(open, windows, "answers[0]").ok());
  EXPECT_EQ(windows.text, "one\ntwo\nthree\n");
  EXPECT_EQ(windows.length, 14);
}

TEST(StudyValidation, CodeNamesColoursAndSpans) {
  EXPECT_EQ(*clean_code_name("  Grit "), "Grit");
  EXPECT_EQ(field_of(clean_code_name("Skills/ML").error()), "name");
  EXPECT_EQ(field_of(clean_code_name("").error()), "name");
  EXPECT_EQ(*clean_colour(""), "");
  EXPECT_EQ(*clean_colour("#1F77B4"), "#1f77b4");
  for (const char* bad : {"1f77b4", "#1f77b", "#1f77bg", "#1f77b40"})
    EXPECT_EQ(field_of(clean_colour(bad).error()), "colour") << bad;

  struct Span {
    long long start, end, length;
    std::string field;
  } spans[] = {
      {0, 3, 3, ""}, {-1, 2, 3, "start"}, {2, 2, 3, "end"}, {2, 1, 3, "end"}, {1, 4, 3, "end"}};
  for (const Span& s : spans)
    EXPECT_EQ(field_of(validate_span(s.start, s.end, s.length)), s.field)
        << s.start << ".." << s.end << " of " << s.length;
  EXPECT_EQ(code_point_substr("é😀ab", 1, 3), "😀a");
  EXPECT_EQ(code_point_substr("abc", 3, 3), "");
}

TEST(StudyValidation, AnswersAreAcceptedWhileOpenAndWithinDates) {
  Study s = study();
  s.status = StudyStatus::kOpen;
  EXPECT_TRUE(accepts_answers(s, 5000));
  s.opens_at = 1000;
  s.closes_at = 2000;
  EXPECT_FALSE(accepts_answers(s, 999));
  EXPECT_TRUE(accepts_answers(s, 1000));
  EXPECT_FALSE(accepts_answers(s, 2000));
  s.status = StudyStatus::kClosed;
  EXPECT_FALSE(accepts_answers(s, 1500));
  s.status = StudyStatus::kDraft;
  EXPECT_FALSE(accepts_answers(s, 1500));
}

}  // namespace
}  // namespace trellis
