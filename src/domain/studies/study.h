// Interview and survey studies: the instrument (ordered questions), responses and their
// answers, the codebook, coded segments and memos. Plain types and the rules their fields obey;
// no I/O. Offsets into answers are Unicode code points of the stored text (never bytes or UTF-16
// units), so a segment means the same span in every client and after every export.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/role.h"

namespace trellis {

enum class StudyMode { kNamed, kAnonymous };
enum class StudyStatus { kDraft, kOpen, kClosed };
enum class QuestionKind { kOpenText, kSingleChoice, kMultipleChoice, kRating, kRanking };
enum class ResponseSource { kForm, kLink, kTranscript };
enum class SegmentOrigin { kManual, kSuggestion, kImport };

std::string_view study_mode_name(StudyMode m);
std::optional<StudyMode> parse_study_mode(std::string_view s);
std::string_view study_status_name(StudyStatus s);
std::optional<StudyStatus> parse_study_status(std::string_view s);
std::string_view question_kind_name(QuestionKind k);
std::optional<QuestionKind> parse_question_kind(std::string_view s);
std::string_view response_source_name(ResponseSource s);
std::optional<ResponseSource> parse_response_source(std::string_view s);
std::string_view segment_origin_name(SegmentOrigin o);
std::optional<SegmentOrigin> parse_segment_origin(std::string_view s);

struct Question {
  std::string id;
  std::string study_id;
  int position = 0;  // 1-based order in the instrument
  QuestionKind kind = QuestionKind::kOpenText;
  std::string prompt;
  std::vector<std::string> options;  // choices of single/multiple choice and ranking questions
  bool required = false;
};

struct Study {
  std::string id;
  std::string program_id;
  std::optional<std::string> cohort_id;  // whose roles form the audience
  std::string title;
  std::string description;
  StudyMode mode = StudyMode::kNamed;
  std::vector<Role> audience;         // roles in the cohort that answer
  bool external_respondents = false;  // respondents outside the cohort, by one-time link
  StudyStatus status = StudyStatus::kDraft;
  Timestamp opens_at = 0;          // 0: no date; answers are accepted while open and within dates
  Timestamp closes_at = 0;         // 0: no date
  bool blind_coding = false;       // coders see others' coding only after finishing their own
  std::string template_key;        // the built-in template it started from, if any
  long long version = 1;           // of the study's settings and instrument
  long long codebook_version = 1;  // of the codebook; every codebook edit increments it
  long long coding_version = 0;    // every change to the study's coded segments increments it
  std::string created_by;
  Timestamp created_at = 0;
  std::vector<Question> questions;  // filled by reads that need the instrument
};

// One respondent's submission. An anonymous response carries no person: no user, no label, no
// time and not even the day, and its id is random rather than time-ordered.
struct StudyResponse {
  std::string id;
  std::string study_id;
  bool anonymous = false;
  std::optional<std::string> respondent_user_id;  // named form responses
  std::string respondent_label;                   // named: the person's name or transcript label
  std::string respondent_group;                   // "scholar", "mentor", "external", …
  ResponseSource source = ResponseSource::kForm;
  std::string submitted_on;    // YYYY-MM-DD; empty for anonymous responses
  Timestamp submitted_at = 0;  // 0 for anonymous responses
};

struct Answer {
  std::string id;
  std::string response_id;
  std::string study_id;
  std::string question_id;
  bool anonymous = false;
  std::string text;                  // open text; empty for the other kinds
  long long length = 0;              // code points of text
  std::vector<std::string> choices;  // single/multiple choice: chosen; ranking: in rank order
  int rating = 0;                    // 1-5 for rating questions, 0 otherwise
  long long version = 1;             // of the text; a corrected transcript answer increments it
};

struct Code {
  std::string id;
  std::string study_id;
  std::optional<std::string> parent_id;
  std::string name;
  std::string description;
  std::string colour;    // "#rrggbb" or empty
  std::string seed_key;  // the framework quality or extra code it was seeded from, if any
  // A category groups other codes and cannot be applied to a segment (check_codable).
  bool category = false;
  Timestamp created_at = 0;
};

struct Segment {
  std::string id;
  std::string study_id;
  std::string answer_id;
  std::string response_id;
  std::string question_id;
  int question_position = 0;
  std::string code_id;
  std::string coder_id;
  long long start = 0;  // code points, inclusive
  long long end = 0;    // code points, exclusive
  std::string memo;
  SegmentOrigin origin = SegmentOrigin::kManual;
  std::string model_version;  // of the suggester, for origin = suggestion
  long long version = 1;
  Timestamp created_at = 0;
};

struct Memo {
  std::string id;
  std::string study_id;
  std::optional<std::string> code_id;  // a memo on a code; none: a memo on the study
  std::string author_id;
  std::string text;
  long long version = 1;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

inline constexpr std::size_t kMaxQuestions = 100;
inline constexpr std::size_t kMaxOptions = 50;
inline constexpr std::size_t kMaxPromptLength = 2000;
inline constexpr std::size_t kMaxAnswerBytes = 200000;
inline constexpr std::size_t kMaxMemoLength = 20000;
inline constexpr std::size_t kMaxCodes = 2000;
inline constexpr std::size_t kMaxCodeDepth = 8;
inline constexpr std::size_t kMaxCodesPerSegment = 50;

// Checks the study's own fields (title, description, audience, dates) and each question.
// Errors name the field ("questions[2].options").
Status validate_study(const Study& study);
Status validate_question(const Question& q, std::size_t index);

// Checks an answer against its question: open text is valid UTF-8 within kMaxAnswerBytes,
// choices are among the options (exactly one for single choice, each at most once), a ranking
// orders every option once, a rating is 1-5. `field` names the answer in errors. Normalises the
// line ends of open text to LF (core/line_ends.h; every input path passes here, so no stored
// answer holds a CR) and then fills length, in code points of the normalised text.
Status validate_answer(const Question& q, Answer& a, const std::string& field);

// Memo-like text (memos, segment memos, code descriptions): at most kMaxMemoLength bytes of
// valid UTF-8 without control characters other than tab, line feed and carriage return, and
// without U+FFFE/U+FFFF, so that every export (CSV, REFI-QDA XML) can carry it. The error names
// `field` and the offending character's position.
Status check_memo_text(std::string_view text, const std::string& field);

// Code names: trimmed, 1-200 bytes, no control characters, no "/" (it separates paths).
Result<std::string> clean_code_name(std::string_view raw);
// "" or "#rrggbb" (lower-cased).
Result<std::string> clean_colour(std::string_view raw);

// ok() unless `code` is a category, which cannot be applied to a segment: then invalid, naming
// `field` and the code.
Status check_codable(const Code& code, const std::string& field);

// start < end <= length, all in code points.
Status validate_span(long long start, long long end, long long length);

// The text between code points [start, end) of valid UTF-8 text.
std::string code_point_substr(std::string_view text, long long start, long long end);

// Whether the study accepts answers at `now`: open, and within its dates when it has them.
bool accepts_answers(const Study& study, Timestamp now);

}  // namespace trellis
