#include "service/studies/transcript_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/csv.h"
#include "core/id.h"
#include "core/time_format.h"
#include "core/utf8.h"
#include "domain/people.h"
#include "domain/policy.h"
#include "service/audit_event.h"
#include "storage/accounts/auth_repositories.h"

namespace trellis {
namespace {

constexpr std::size_t kBatch = 50;  // transcripts per transaction

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

void problem(Error& e, std::optional<long> line, std::string field, std::string message) {
  e.details.push_back({line, std::move(field), std::move(message)});
}

// Checks each answer of a parsed transcript (length, UTF-8) the way a form answer is checked.
void check_answers(const Study& study, const ParsedTranscript& t, const std::string& field,
                   Error& problems) {
  for (const AnswerInput& a : t.answers) {
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
  if (auto label = clean_name(input.respondent, field + ".respondent"))
    out.respondent = *label;
  else
    problem(problems, std::nullopt, field + ".respondent", label.error().message);
  if (auto group = clean_group(input.group, study))
    out.group = *group;
  else
    problem(problems, std::nullopt, field + ".group", group.error().message);
  std::size_t bad = 0;
  if (!is_valid_utf8(input.text, &bad)) {
    problem(problems, std::nullopt, field + ".text",
            "not valid UTF-8 at byte " + std::to_string(bad));
    return std::nullopt;
  }

  std::vector<Section> sections;
  sections.push_back({std::nullopt, 1, {}});
  long line_no = 0;
  std::string_view text = input.text;
  while (!text.empty()) {
    ++line_no;
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
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
          out.answers.push_back({open.front()->id, body, {}, 0});
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
    if (!body.empty()) out.answers.push_back({q->id, body, {}, 0});
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
  int respondent = -1, question = -1, answer = -1, group = -1;
  const CsvRecord& header = records.front();
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    std::string h = folded(header.fields[i]);
    int* slot = h == "respondent" ? &respondent
                : h == "question" ? &question
                : h == "answer"   ? &answer
                : h == "group"    ? &group
                                  : nullptr;
    if (!slot)
      problem(problems, header.line, header.fields[i],
              "unknown column; the columns are respondent, question, answer and optionally group");
    else if (*slot >= 0)
      problem(problems, header.line, header.fields[i], "the column appears twice");
    else
      *slot = static_cast<int>(i);
  }
  for (auto [slot, name] :
       {std::pair{respondent, "respondent"}, {question, "question"}, {answer, "answer"}})
    if (slot < 0) problem(problems, header.line, name, "required column is missing");
  if (!problems.details.empty()) return out;

  std::map<std::string, std::size_t> index;  // respondent label -> position in out
  std::set<std::pair<std::string, std::string>> seen;
  for (std::size_t i = 1; i < records.size(); ++i) {
    const CsvRecord& rec = records[i];
    if (rec.fields.size() != header.fields.size()) {
      problem(problems, rec.line, "",
              "the row has " + std::to_string(rec.fields.size()) + " columns; the header has " +
                  std::to_string(header.fields.size()));
      continue;
    }
    auto label = clean_name(rec.fields[respondent], "respondent");
    if (!label) {
      problem(problems, rec.line, "respondent", label.error().message);
      continue;
    }
    const Question* q = find_question(study, rec.fields[question]);
    if (!q) {
      problem(problems, rec.line, "question",
              "\"" + rec.fields[question] + "\" names no question of this study");
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
    auto g = clean_group(group >= 0 ? rec.fields[group] : "", study);
    if (!g) {
      problem(problems, rec.line, "group", g.error().message);
      continue;
    }
    Answer check;
    check.text = std::string(trim(rec.fields[answer]));
    if (auto valid = validate_answer(*q, check, "answer"); !valid) {
      problem(problems, rec.line, "answer", valid.error().message);
      continue;
    }
    auto [it, added] = index.emplace(*label, out.size());
    if (added) out.push_back({*label, *g, {}});
    ParsedTranscript& t = out[it->second];
    if (t.group != *g) {
      problem(problems, rec.line, "group", "this respondent appears above with another group");
      continue;
    }
    if (!check.text.empty()) t.answers.push_back({q->id, check.text, {}, 0});
  }
  return out;
}

TranscriptService::TranscriptService(Store& store, const Clock& clock)
    : store_(store), clock_(clock), worker_([this] { run_worker(); }) {}

TranscriptService::~TranscriptService() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

void TranscriptService::run_worker() {
  for (;;) {
    std::function<void()> work;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    work();
  }
}

Result<std::pair<Study, std::vector<ParsedTranscript>>> TranscriptService::check(
    const Actor& actor, const std::string& study_id, const TranscriptImportRequest& request) {
  std::optional<Study> study;
  TRY(store_.read([&](Repositories& r) -> Status {
    study = TRY(load_study_for_staff(r, actor, study_id));
    return ok_status();
  }));
  if (study->mode == StudyMode::kAnonymous)
    return Error::invalid(
        "Transcripts name their respondents; import them into a named study, not an anonymous "
        "one.",
        "mode");
  if (request.transcripts.size() > kMaxTranscripts)
    return Error::too_large("At most 10,000 transcripts per import; split the upload.");
  Error problems = Error::invalid("The transcripts have problems; nothing was imported.");
  std::vector<ParsedTranscript> parsed;
  if (request.csv) {
    parsed = parse_transcript_csv(*study, *request.csv, problems);
  } else {
    for (std::size_t i = 0; i < request.transcripts.size(); ++i)
      if (auto t = parse_transcript(*study, request.transcripts[i], i, problems))
        parsed.push_back(std::move(*t));
  }
  if (parsed.size() > kMaxTranscripts)
    return Error::too_large("At most 10,000 transcripts per import; split the upload.");
  std::set<std::string> labels;
  for (std::size_t i = 0; i < parsed.size(); ++i)
    if (!labels.insert(parsed[i].respondent).second)
      problem(problems, std::nullopt, "transcripts[" + std::to_string(i) + "].respondent",
              "\"" + parsed[i].respondent + "\" appears twice in this import");
  if (parsed.empty() && problems.details.empty())
    problem(problems, std::nullopt, "transcripts", "nothing to import");
  if (!problems.details.empty()) {
    if (problems.details.size() > 1000) {
      problems.details.resize(1000);
      problems.message += " (the first 1,000 problems are listed)";
    }
    return problems;
  }
  return std::pair{std::move(*study), std::move(parsed)};
}

Result<TranscriptImportReport> TranscriptService::write(
    const Actor& actor, const Study& study, const std::vector<ParsedTranscript>& transcripts,
    const std::function<void(long long)>& progress) {
  TranscriptImportReport report;
  std::vector<std::string> written;
  auto undo = [&](Error error) -> Error {
    // Removes the batches already committed, so a failed import leaves nothing behind.
    auto removed = store_.write([&](Repositories& r) -> Status {
      for (const std::string& id : written) TRY(r.studies().responses().remove(id));
      return ok_status();
    });
    if (!removed)
      spdlog::error("transcript import: could not remove {} partial responses of study {}: {}",
                    written.size(), study.id, removed.error().message);
    return error;
  };
  for (std::size_t from = 0; from < transcripts.size(); from += kBatch) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return undo(Error::unavailable("The server stopped during the import."));
    }
    const std::size_t to = std::min(transcripts.size(), from + kBatch);
    std::vector<std::string> batch_ids;
    long long batch_answers = 0;
    auto done = store_.write([&](Repositories& r) -> Status {
      const Timestamp now = clock_.now();
      for (std::size_t i = from; i < to; ++i) {
        const ParsedTranscript& t = transcripts[i];
        StudyResponse response;
        response.id = new_id_at(now);
        response.study_id = study.id;
        response.respondent_label = t.respondent;
        response.respondent_group = t.group;
        response.source = ResponseSource::kTranscript;
        response.submitted_on = date_of(now);
        response.submitted_at = now;
        std::vector<Answer> answers =
            TRY(build_answers(study, t.answers, false, RequiredQuestions::kSkip));
        for (Answer& a : answers) a.response_id = response.id;
        TRY(r.studies().responses().insert(response, answers));
        batch_ids.push_back(response.id);
        batch_answers += static_cast<long long>(answers.size());
      }
      return ok_status();
    });
    if (!done) return undo(std::move(done).error());
    written.insert(written.end(), batch_ids.begin(), batch_ids.end());
    report.transcripts += static_cast<long long>(batch_ids.size());
    report.answers += batch_answers;
    if (progress) progress(report.transcripts);
  }
  TRY(store_.write([&](Repositories& r) -> Status {
    return r.audit().append(audit_event(actor, clock_, "study.transcripts",
                                        {"study", study.id, study.program_id},
                                        std::to_string(report.transcripts) + " transcripts"));
  }));
  return report;
}

Result<TranscriptImportReport> TranscriptService::import_now(
    const Actor& actor, const std::string& study_id, const TranscriptImportRequest& request) {
  auto [study, parsed] = TRY(check(actor, study_id, request));
  return write(actor, study, parsed, nullptr);
}

Result<Job> TranscriptService::start_import(const Actor& actor, const std::string& study_id,
                                            TranscriptImportRequest request) {
  TRY(policy::require_signed_in(actor));
  if (!request.idempotency_key.empty()) {
    std::optional<Job> earlier;
    TRY(store_.read([&](Repositories& r) -> Status {
      auto found = r.studies().jobs().find_by_key(actor.user_id, request.idempotency_key);
      if (found) earlier = std::move(*found);
      return ok_status();
    }));
    if (earlier) {
      if (earlier->request_hash != request.request_hash || earlier->resource_id != study_id)
        return Error::conflict("This Idempotency-Key was used with another request.",
                               "Idempotency-Key");
      return *earlier;
    }
  }
  auto [study, parsed] = TRY(check(actor, study_id, request));
  Job job;
  job.id = new_id();
  job.program_id = study.program_id;
  job.kind = "transcript_import";
  job.resource_id = study.id;
  job.status = "queued";
  job.total = static_cast<long long>(parsed.size());
  job.created_by = actor.user_id;
  job.idempotency_key = request.idempotency_key;
  job.request_hash = request.request_hash;
  job.created_at = job.updated_at = clock_.now();
  TRY(store_.write([&](Repositories& r) { return r.studies().jobs().insert(job); }));

  auto work = [this, actor, study = std::move(study), parsed = std::move(parsed), job]() mutable {
    auto save = [&](const Job& j) {
      auto saved = store_.write([&](Repositories& r) { return r.studies().jobs().update(j); });
      if (!saved)
        spdlog::warn("job {}: could not record progress: {}", j.id, saved.error().message);
    };
    job.status = "running";
    job.updated_at = clock_.now();
    save(job);
    auto report = write(actor, study, parsed, [&](long long done) {
      job.done = done;
      job.updated_at = clock_.now();
      save(job);
    });
    job.updated_at = clock_.now();
    if (report) {
      job.status = "succeeded";
      job.done = report->transcripts;
      job.result = "{\"transcripts\":" + std::to_string(report->transcripts) +
                   ",\"answers\":" + std::to_string(report->answers) + "}";
    } else {
      job.status = "failed";
      job.done = 0;
      std::string message;
      for (char c : report.error().message) {
        if (c == '"' || c == '\\') message.push_back('\\');
        if (static_cast<unsigned char>(c) >= 0x20) message.push_back(c);
      }
      job.result = "{\"error\":{\"code\":\"" + std::string(error_code_name(report.error().code)) +
                   "\",\"message\":\"" + message + "\"}}";
    }
    save(job);
  };
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return Error::unavailable("The server is stopping; try again.");
    queue_.push_back(std::move(work));
  }
  wake_.notify_one();
  return job;
}

Result<Job> TranscriptService::get_job(const Actor& actor, const std::string& job_id) {
  TRY(policy::require_signed_in(actor));
  std::optional<Job> out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Job job = TRY(r.studies().jobs().find(job_id));
    if (job.created_by != actor.user_id) {
      auto study = load_study_for_staff(r, actor, job.resource_id);
      if (!study) return Error::not_found("This job does not exist.");
    }
    out = std::move(job);
    return ok_status();
  }));
  return *out;
}

}  // namespace trellis
