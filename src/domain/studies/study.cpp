#include "domain/studies/study.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

#include "core/line_ends.h"
#include "core/time_format.h"
#include "core/utf8.h"
#include "domain/people.h"

namespace trellis {
namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> parse_named(std::string_view s,
                                const std::pair<Enum, std::string_view> (&names)[N]) {
  for (const auto& [value, name] : names)
    if (name == s) return value;
  return std::nullopt;
}

template <typename Enum, std::size_t N>
std::string_view name_of(Enum e, const std::pair<Enum, std::string_view> (&names)[N]) {
  for (const auto& [value, name] : names)
    if (value == e) return name;
  return "";
}

constexpr std::pair<StudyMode, std::string_view> kModes[] = {{StudyMode::kNamed, "named"},
                                                             {StudyMode::kAnonymous, "anonymous"}};
constexpr std::pair<StudyStatus, std::string_view> kStatuses[] = {
    {StudyStatus::kDraft, "draft"}, {StudyStatus::kOpen, "open"}, {StudyStatus::kClosed, "closed"}};
constexpr std::pair<QuestionKind, std::string_view> kKinds[] = {
    {QuestionKind::kOpenText, "open_text"},
    {QuestionKind::kSingleChoice, "single_choice"},
    {QuestionKind::kMultipleChoice, "multiple_choice"},
    {QuestionKind::kRating, "rating"},
    {QuestionKind::kRanking, "ranking"}};
constexpr std::pair<ResponseSource, std::string_view> kSources[] = {
    {ResponseSource::kForm, "form"},
    {ResponseSource::kLink, "link"},
    {ResponseSource::kTranscript, "transcript"}};
constexpr std::pair<SegmentOrigin, std::string_view> kOrigins[] = {
    {SegmentOrigin::kManual, "manual"},
    {SegmentOrigin::kSuggestion, "suggestion"},
    {SegmentOrigin::kImport, "import"}};

bool has_control_chars(std::string_view s, bool allow_newlines) {
  return std::any_of(s.begin(), s.end(), [&](char c) {
    auto u = static_cast<unsigned char>(c);
    if (allow_newlines && (c == '\n' || c == '\r' || c == '\t')) return false;
    return u < 0x20 || u == 0x7F;
  });
}

Status check_text(std::string_view s, std::size_t max, const std::string& field,
                  bool allow_newlines) {
  if (s.size() > max)
    return Error::invalid(field + " is longer than " + std::to_string(max) + " bytes.", field);
  if (!is_valid_utf8(s)) return Error::invalid(field + " is not valid UTF-8.", field);
  if (has_control_chars(s, allow_newlines))
    return Error::invalid(field + " contains control characters.", field);
  return ok_status();
}

}  // namespace

std::string_view study_mode_name(StudyMode m) {
  return name_of(m, kModes);
}
std::optional<StudyMode> parse_study_mode(std::string_view s) {
  return parse_named(s, kModes);
}
std::string_view study_status_name(StudyStatus s) {
  return name_of(s, kStatuses);
}
std::optional<StudyStatus> parse_study_status(std::string_view s) {
  return parse_named(s, kStatuses);
}
std::string_view question_kind_name(QuestionKind k) {
  return name_of(k, kKinds);
}
std::optional<QuestionKind> parse_question_kind(std::string_view s) {
  return parse_named(s, kKinds);
}
std::string_view response_source_name(ResponseSource s) {
  return name_of(s, kSources);
}
std::optional<ResponseSource> parse_response_source(std::string_view s) {
  return parse_named(s, kSources);
}
std::string_view segment_origin_name(SegmentOrigin o) {
  return name_of(o, kOrigins);
}
std::optional<SegmentOrigin> parse_segment_origin(std::string_view s) {
  return parse_named(s, kOrigins);
}

Status validate_question(const Question& q, std::size_t index) {
  const std::string at = "questions[" + std::to_string(index) + "]";
  if (q.prompt.find_first_not_of(" \t\r\n") == std::string::npos)
    return Error::invalid(at + ".prompt is required.", at + ".prompt");
  TRY(check_text(q.prompt, kMaxPromptLength, at + ".prompt", true));
  const bool has_options = q.kind == QuestionKind::kSingleChoice ||
                           q.kind == QuestionKind::kMultipleChoice ||
                           q.kind == QuestionKind::kRanking;
  if (has_options && q.options.size() < 2)
    return Error::invalid(at + ".options needs at least two choices.", at + ".options");
  if (!has_options && !q.options.empty())
    return Error::invalid(at + ".options is only for choice and ranking questions.",
                          at + ".options");
  if (q.options.size() > kMaxOptions)
    return Error::invalid(at + ".options has more than 50 choices.", at + ".options");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < q.options.size(); ++i) {
    const std::string field = at + ".options[" + std::to_string(i) + "]";
    auto cleaned = clean_name(q.options[i], field);
    if (!cleaned) return cleaned.error();
    if (*cleaned != q.options[i])
      return Error::invalid(field + " has leading or trailing spaces.", field);
    if (!seen.insert(q.options[i]).second)
      return Error::invalid(field + " repeats another choice.", field);
  }
  return ok_status();
}

Status validate_study(const Study& s) {
  TRY(clean_name(s.title, "title"));
  TRY(check_text(s.description, kMaxDescriptionLength, "description", true));
  if (s.questions.empty())
    return Error::invalid("A study needs at least one question.", "questions");
  if (s.questions.size() > kMaxQuestions)
    return Error::invalid("A study has at most 100 questions.", "questions");
  for (std::size_t i = 0; i < s.questions.size(); ++i) TRY(validate_question(s.questions[i], i));
  if (!s.audience.empty() && !s.cohort_id)
    return Error::invalid("An audience of roles needs a cohort.", "cohort_id");
  std::set<Role> roles(s.audience.begin(), s.audience.end());
  if (roles.size() != s.audience.size())
    return Error::invalid("audience names a role twice.", "audience");
  if (s.opens_at && s.closes_at && s.closes_at <= s.opens_at)
    return Error::invalid("closes_at must be after opens_at.", "closes_at");
  if (s.template_key.size() > 64) return Error::invalid("template is too long.", "template");
  return ok_status();
}

Status validate_answer(const Question& q, Answer& a, const std::string& field) {
  switch (q.kind) {
    case QuestionKind::kOpenText:
      if (!a.choices.empty() || a.rating != 0)
        return Error::invalid(field + " answers an open question: send text.", field);
      TRY(check_text(a.text, kMaxAnswerBytes, field + ".text", true));
      if (has_carriage_return(a.text)) a.text = normalize_line_ends(a.text);
      a.length = static_cast<long long>(count_code_points(a.text));
      return ok_status();
    case QuestionKind::kRating:
      if (!a.text.empty() || !a.choices.empty())
        return Error::invalid(field + " answers a rating question: send rating.", field);
      if (a.rating < 1 || a.rating > 5)
        return Error::invalid(field + ".rating must be between 1 and 5.", field + ".rating");
      return ok_status();
    case QuestionKind::kSingleChoice:
    case QuestionKind::kMultipleChoice:
    case QuestionKind::kRanking: {
      if (!a.text.empty() || a.rating != 0)
        return Error::invalid(field + " answers a choice question: send choices.", field);
      std::set<std::string> chosen;
      for (const std::string& c : a.choices) {
        if (std::find(q.options.begin(), q.options.end(), c) == q.options.end())
          return Error::invalid(field + ".choices has '" + c + "', which is not a choice.",
                                field + ".choices");
        if (!chosen.insert(c).second)
          return Error::invalid(field + ".choices has '" + c + "' twice.", field + ".choices");
      }
      if (q.kind == QuestionKind::kSingleChoice && a.choices.size() != 1)
        return Error::invalid(field + ".choices must hold exactly one choice.", field + ".choices");
      if (q.kind == QuestionKind::kRanking && a.choices.size() != q.options.size())
        return Error::invalid(field + ".choices must rank every choice once.", field + ".choices");
      return ok_status();
    }
  }
  return ok_status();
}

Status check_memo_text(std::string_view text, const std::string& field) {
  if (text.size() > kMaxMemoLength)
    return Error::invalid(field + " is longer than " + std::to_string(kMaxMemoLength) + " bytes.",
                          field);
  if (!is_valid_utf8(text)) return Error::invalid(field + " is not valid UTF-8.", field);
  std::size_t character = 0;
  for (std::size_t i = 0; i < text.size(); ++character) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
    // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
    const bool non_character = c == 0xEF && i + 2 < text.size() &&
                               static_cast<unsigned char>(text[i + 1]) == 0xBF &&
                               (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE;
    if (control || non_character) {
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X",
                    non_character ? 0xFFFEu + (static_cast<unsigned char>(text[i + 2]) & 1u) : c);
      return Error::invalid(field + " contains " + code +
                                (control ? " (a control character)" : " (a non-character)") +
                                " at character " + std::to_string(character + 1) +
                                "; of the control characters only tab, line feed and carriage "
                                "return are allowed.",
                            field);
    }
    i += c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  }
  return ok_status();
}

Result<std::string> clean_code_name(std::string_view raw) {
  std::string name = TRY(clean_name(raw, "name"));
  if (name.find('/') != std::string::npos)
    return Error::invalid("A code name cannot contain '/': it separates code paths.", "name");
  return name;
}

Result<std::string> clean_colour(std::string_view raw) {
  if (raw.empty()) return std::string();
  std::string c(raw);
  std::transform(c.begin(), c.end(), c.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (c.size() != 7 || c[0] != '#' ||
      c.find_first_not_of("0123456789abcdef", 1) != std::string::npos)
    return Error::invalid("colour must look like #1f77b4.", "colour");
  return c;
}

Status check_codable(const Code& code, const std::string& field) {
  if (!code.category) return ok_status();
  return Error::invalid("'" + code.name +
                            "' is a category: it groups other codes and cannot be applied to a "
                            "segment. Apply one of its codes, or make it an ordinary code.",
                        field);
}

Status validate_span(long long start, long long end, long long length) {
  if (start < 0) return Error::invalid("start must not be negative.", "start");
  if (end <= start) return Error::invalid("end must be greater than start.", "end");
  if (end > length)
    return Error::invalid(
        "end is beyond the answer's " + std::to_string(length) + " characters (code points).",
        "end");
  return ok_status();
}

std::string code_point_substr(std::string_view text, long long start, long long end) {
  std::size_t byte = 0;
  long long cp = 0;
  std::size_t from = text.size(), to = text.size();
  while (byte <= text.size()) {
    if (byte == text.size() || (static_cast<unsigned char>(text[byte]) & 0xC0) != 0x80) {
      if (cp == start) from = byte;
      if (cp == end) {
        to = byte;
        break;
      }
      if (byte == text.size()) break;
      ++cp;
    }
    ++byte;
  }
  if (from > to) return {};
  return std::string(text.substr(from, to - from));
}

bool accepts_answers(const Study& study, Timestamp now) {
  if (study.status != StudyStatus::kOpen) return false;
  if (study.opens_at && now < study.opens_at) return false;
  if (study.closes_at && now >= study.closes_at) return false;
  return true;
}

}  // namespace trellis
