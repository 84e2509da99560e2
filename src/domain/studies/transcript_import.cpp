#include "domain/studies/transcript_import.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/csv.h"
#include "core/id.h"
#include "core/line_ends.h"
#include "core/utf8.h"
#include "domain/people.h"

namespace trellis {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Lower-case letters and digits only: how headings are compared with prompts.
std::string folded(std::string_view s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c)))
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

// The question a heading or CSV cell names: its number ("2", "Q2", "Question 2"), its id, or
// its prompt (or the prompt's beginning, at least 12 letters).
const Question* find_question(const Study& study, std::string_view name) {
  name = trim(name);
  for (const Question& q : study.questions)
    if (q.id == name) return &q;
  std::string_view digits = name;
  for (std::string_view prefix : {"question", "q"}) {
    if (digits.size() > prefix.size() && folded(digits.substr(0, prefix.size())) == prefix &&
        !std::isalpha(static_cast<unsigned char>(digits[prefix.size()]))) {
      digits.remove_prefix(prefix.size());
      break;
    }
  }
  digits = trim(digits);
  while (!digits.empty() && (digits.back() == '.' || digits.back() == ')' || digits.back() == ':'))
    digits.remove_suffix(1);
  if (!digits.empty() && digits.size() <= 3 &&
      std::all_of(digits.begin(), digits.end(), [](char c) { return std::isdigit(c); })) {
    int n = std::stoi(std::string(digits));
    for (const Question& q : study.questions)
      if (q.position == n) return &q;
    return nullptr;
  }
  const std::string wanted = folded(name);
  if (wanted.empty()) return nullptr;
  for (const Question& q : study.questions) {
    const std::string prompt = folded(q.prompt);
    if (prompt == wanted) return &q;
    if (wanted.size() >= 12 && prompt.rfind(wanted, 0) == 0) return &q;
  }
  return nullptr;
}

struct Section {
  std::optional<std::string> heading;  // nullopt: text before the first heading
  long line = 1;
  std::string text;
};

// A line that starts a question's section: a Markdown heading ("## …"), or "Q2:", "Q2.",
// "Question 2:" at the start of a line (the rest of the line begins the answer).
std::optional<std::pair<std::string, std::string>> section_start(std::string_view line,
                                                                 TranscriptFormat format) {
  std::string_view t = trim(line);
  if (format == TranscriptFormat::kMarkdown && !t.empty() && t.front() == '#') {
    std::size_t hashes = t.find_first_not_of('#');
    if (hashes != std::string_view::npos && hashes <= 6 && t[hashes] == ' ')
      return std::pair{std::string(trim(t.substr(hashes))), std::string()};
  }
  std::string_view rest = t;
  for (std::string_view prefix : {"Question", "question", "QUESTION", "Q", "q"}) {
    if (rest.substr(0, prefix.size()) == prefix) {
      rest.remove_prefix(prefix.size());
      break;
    }
  }
  if (rest.size() == t.size()) return std::nullopt;
  rest = trim(rest);
  std::size_t digits = 0;
  while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
  if (digits == 0 || digits > 3 || digits >= rest.size()) return std::nullopt;
  char sep = rest[digits];
  if (sep != ':' && sep != '.' && sep != ')') return std::nullopt;
  return std::pair{std::string(rest.substr(0, digits)), std::string(trim(rest.substr(digits + 1)))};
}

std::string default_group(const Study& study) {
  return study.audience.empty() ? "respondent" : std::string(role_name(study.audience.front()));
}

Result<std::string> clean_group(std::string_view raw, const Study& study) {
  std::string_view g = trim(raw);
  if (g.empty()) return default_group(study);
  if (g.size() > 40) return Error::invalid("group is longer than 40 bytes.", "group");
  for (char c : g)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ' '))
      return Error::invalid("group may hold letters, digits, spaces, '-' and '_' only.", "group");
  return std::string(g);
}

enum TranscriptColumn : std::size_t { kRespondent, kQuestion, kAnswer, kGroup, kEmail, kUserId };

const std::vector<CsvColumn>& transcript_columns() {
  static const std::vector<CsvColumn> columns = {{{"respondent"}, true}, {{"question"}, true},
                                                 {{"answer"}, true},     {{"group"}, false},
                                                 {{"email"}, false},     {{"user_id"}, false}};
  return columns;
}

// The person a transcript names: a normalised e-mail (empty when none) or a well-formed id.
Result<std::string> clean_person_email(std::string_view raw) {
  std::string_view e = trim(raw);
  if (e.empty()) return std::string();
  auto normalized = normalize_email(e);
  if (!normalized) return Error::invalid("not an e-mail address: \"" + std::string(e) + "\"");
  return *normalized;
}

Result<std::string> clean_person_id(std::string_view raw) {
  std::string_view id = trim(raw);
  if (id.empty()) return std::string();
  if (!is_valid_id(id)) return Error::invalid("not a user id: \"" + std::string(id) + "\"");
  return std::string(id);
}

void problem(Error& e, std::optional<long> line, std::string field, std::string message) {
  e.details.push_back({line, std::move(field), std::move(message)});
}

// Checks each answer of a parsed transcript (length, UTF-8) the way a form answer is checked.
void check_answers(const Study& study, const ParsedTranscript& t, const std::string& field,
                   Error& problems) {
  for (const TranscriptAnswer& a : t.answers) {
    const Question* q = find_question(study, a.question_id);
    if (!q) continue;
    Answer copy;
    copy.text = a.text;
    if (auto valid = validate_answer(*q, copy, field); !valid)
      problem(problems, std::nullopt, valid.error().field, valid.error().message);
  }
}

}  // namespace

std::optional<ParsedTranscript> parse_transcript(const Study& study, const TranscriptInput& input,
                                                 std::size_t index, Error& problems) {
  const std::string field = "transcripts[" + std::to_string(index) + "]";
  const std::size_t before = problems.details.size();
  ParsedTranscript out;
  // A transcript that names its person may leave the label out: the person's name is used.
  const bool names_person = !trim(input.email).empty() || !trim(input.user_id).empty();
  if (!names_person || !trim(input.respondent).empty()) {
    if (auto label = clean_name(input.respondent, field + ".respondent"))
      out.respondent = *label;
    else
      problem(problems, std::nullopt, field + ".respondent", label.error().message);
  }
  if (auto group = clean_group(input.group, study))
    out.group = *group;
  else
    problem(problems, std::nullopt, field + ".group", group.error().message);
  out.group_given = !trim(input.group).empty();
  out.field = field;
  if (auto email = clean_person_email(input.email))
    out.email = *email;
  else
    problem(problems, std::nullopt, field + ".email", email.error().message);
  if (auto id = clean_person_id(input.user_id))
    out.user_id = *id;
  else
    problem(problems, std::nullopt, field + ".user_id", id.error().message);
  std::size_t bad = 0;
  if (!is_valid_utf8(input.text, &bad)) {
    problem(problems, std::nullopt, field + ".text",
            "not valid UTF-8 at byte " + std::to_string(bad));
    return std::nullopt;
  }

  std::vector<Section> sections;
  sections.push_back({std::nullopt, 1, {}});
  long line_no = 0;
  // CR LF and a lone CR each end a line, and the answers keep LF only.
  const std::string normalized = normalize_line_ends(input.text);
  std::string_view text = normalized;
  while (!text.empty()) {
    ++line_no;
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (auto start = section_start(line, input.format)) {
      sections.push_back({start->first, line_no, start->second});
      continue;
    }
    std::string& body = sections.back().text;
    if (!body.empty()) body.push_back('\n');
    body.append(line);
  }

  std::set<std::string> answered;
  for (const Section& s : sections) {
    std::string body(trim(s.text));
    if (!s.heading) {
      if (body.empty()) continue;
      if (sections.size() == 1) {
        // No headings at all: fine when the study asks one open question.
        std::vector<const Question*> open;
        for (const Question& q : study.questions)
          if (q.kind == QuestionKind::kOpenText) open.push_back(&q);
        if (open.size() == 1) {
          out.answers.push_back({open.front()->id, body});
          continue;
        }
        problem(problems, 1, field + ".text",
                "no question headings: start each answer with a heading naming the question "
                "(\"## 2\" or \"Q2:\")");
        continue;
      }
      problem(problems, s.line, field + ".text",
              "text before the first question heading; start it with a heading such as \"Q1:\"");
      continue;
    }
    const Question* q = find_question(study, *s.heading);
    if (!q) {
      problem(problems, s.line, field + ".text",
              "\"" + *s.heading + "\" names no question of this study (use its number or prompt)");
      continue;
    }
    if (q->kind != QuestionKind::kOpenText) {
      problem(problems, s.line, field + ".text",
              "question " + std::to_string(q->position) + " is not an open question");
      continue;
    }
    if (!answered.insert(q->id).second) {
      problem(problems, s.line, field + ".text",
              "question " + std::to_string(q->position) + " is answered twice");
      continue;
    }
    if (!body.empty()) out.answers.push_back({q->id, body});
  }
  if (out.answers.empty() && problems.details.size() == before)
    problem(problems, std::nullopt, field + ".text", "the transcript has no answers");
  check_answers(study, out, field, problems);
  if (problems.details.size() != before) return std::nullopt;
  return out;
}

std::vector<ParsedTranscript> parse_transcript_csv(const Study& study, std::string_view csv,
                                                   Error& problems) {
  std::vector<ParsedTranscript> out;
  auto parsed = parse_csv(csv);
  if (!parsed) {
    for (const ErrorDetail& d : parsed.error().details) problems.details.push_back(d);
    if (parsed.error().details.empty()) problem(problems, std::nullopt, "", parsed.error().message);
    return out;
  }
  std::vector<CsvRecord>& records = *parsed;
  if (records.empty()) {
    problem(problems, std::nullopt, "", "the file is empty");
    return out;
  }
  const std::size_t before = problems.details.size();
  CsvColumns cols = CsvColumns::map(
      records.front(), transcript_columns(),
      "respondent, question, answer and optionally group, email and user_id", problems);
  if (problems.details.size() != before) return out;

  std::map<std::string, std::size_t> index;  // respondent label -> position in out
  std::set<std::pair<std::string, std::string>> seen;
  for (std::size_t i = 1; i < records.size(); ++i) {
    const CsvRecord& rec = records[i];
    if (!cols.check_width(rec, problems)) continue;
    auto label = clean_name(cols.field(rec, kRespondent), "respondent");
    if (!label) {
      problem(problems, rec.line, "respondent", label.error().message);
      continue;
    }
    const Question* q = find_question(study, cols.field(rec, kQuestion));
    if (!q) {
      problem(problems, rec.line, "question",
              "\"" + cols.field(rec, kQuestion) + "\" names no question of this study");
      continue;
    }
    if (q->kind != QuestionKind::kOpenText) {
      problem(problems, rec.line, "question", "not an open question");
      continue;
    }
    if (!seen.insert({*label, q->id}).second) {
      problem(problems, rec.line, "question", "this respondent answers this question twice");
      continue;
    }
    auto g = clean_group(cols.field(rec, kGroup), study);
    if (!g) {
      problem(problems, rec.line, "group", g.error().message);
      continue;
    }
    auto email = clean_person_email(cols.field(rec, kEmail));
    if (!email) {
      problem(problems, rec.line, "email", email.error().message);
      continue;
    }
    auto user_id = clean_person_id(cols.field(rec, kUserId));
    if (!user_id) {
      problem(problems, rec.line, "user_id", user_id.error().message);
      continue;
    }
    Answer check;
    check.text = std::string(trim(cols.field(rec, kAnswer)));
    if (auto valid = validate_answer(*q, check, "answer"); !valid) {
      problem(problems, rec.line, "answer", valid.error().message);
      continue;
    }
    auto [it, added] = index.emplace(*label, out.size());
    if (added) {
      ParsedTranscript t;
      t.respondent = *label;
      t.group = *g;
      t.group_given = !trim(cols.field(rec, kGroup)).empty();
      t.email = *email;
      t.user_id = *user_id;
      t.line = rec.line;
      out.push_back(std::move(t));
    }
    ParsedTranscript& t = out[it->second];
    if (t.group != *g) {
      problem(problems, rec.line, "group", "this respondent appears above with another group");
      continue;
    }
    if (t.email != *email) {
      problem(problems, rec.line, "email", "this respondent appears above with another e-mail");
      continue;
    }
    if (t.user_id != *user_id) {
      problem(problems, rec.line, "user_id", "this respondent appears above with another user id");
      continue;
    }
    if (!check.text.empty()) t.answers.push_back({q->id, check.text});
  }
  return out;
}

}  // namespace trellis
