#include "service/studies/interchange_service.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "core/id.h"
#include "core/time_format.h"
#include "core/utf8.h"
#include "domain/people.h"
#include "domain/policy.h"
#include "interchange/qda.h"
#include "service/audit_event.h"
#include "service/studies/study_service.h"
#include "storage/accounts/auth_repositories.h"

namespace trellis {
namespace qda = interchange::qda;
namespace {

constexpr char kOrigin[] = "Trellis 0.1.0";
constexpr char kImportedQuestion[] = "Imported text";
constexpr char kImportedGroup[] = "respondent";
constexpr std::size_t kSourceTitleCodePoints = 80;

// The first `n` code points of valid UTF-8 `s`, with "…" when it was longer.
std::string shortened(std::string_view s, std::size_t n) {
  if (count_code_points(s) <= n) return std::string(s);
  return code_point_substr(s, 0, static_cast<long long>(n)) + "…";
}

// At most `bytes` bytes of valid UTF-8 `s`, cut at a code point boundary.
std::string cut_bytes(std::string_view s, std::size_t bytes) {
  if (s.size() <= bytes) return std::string(s);
  std::size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return std::string(s.substr(0, end));
}

// A label or name from another tool, made acceptable to clean_name: control characters become
// spaces, runs of spaces collapse, at most kMaxNameLength bytes; `fallback` when nothing is left.
std::string tidy_name(std::string_view raw, std::string_view fallback) {
  std::string out;
  for (char c : raw) {
    const bool control = static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    if (control || c == ' ') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  out = cut_bytes(out, kMaxNameLength);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out.empty() ? std::string(fallback) : out;
}

std::optional<std::string> non_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// "#abc" (which the standard allows) as "#aabbcc"; anything else through clean_colour.
Result<std::string> colour_from(const std::optional<std::string>& colour) {
  if (!colour) return std::string();
  std::string c = *colour;
  if (c.size() == 4 && c[0] == '#') c = std::string{'#', c[1], c[1], c[2], c[2], c[3], c[3]};
  return clean_colour(c);
}

std::vector<qda::Code> qda_codebook(const std::vector<Code>& codes) {
  std::map<std::optional<std::string>, std::vector<const Code*>> children;
  for (const CodeView& v : code_tree(codes)) {
    // code_tree keeps parents before children and drops nothing; orphans sit at the top.
    const Code* c = &*std::find_if(codes.begin(), codes.end(),
                                   [&](const Code& x) { return x.id == v.code.id; });
    std::optional<std::string> parent =
        c->parent_id && std::any_of(codes.begin(), codes.end(),
                                    [&](const Code& x) { return x.id == *c->parent_id; })
            ? c->parent_id
            : std::nullopt;
    children[parent].push_back(c);
  }
  std::function<std::vector<qda::Code>(const std::optional<std::string>&)> build =
      [&](const std::optional<std::string>& parent) {
        std::vector<qda::Code> out;
        auto it = children.find(parent);
        if (it == children.end()) return out;
        for (const Code* c : it->second) {
          qda::Code q;
          q.guid = c->id;
          q.name = c->name;
          q.description = non_empty(c->description);
          q.color = non_empty(c->colour);
          q.children = build(c->id);
          out.push_back(std::move(q));
        }
        return out;
      };
  return build(std::nullopt);
}

// Maps the library's errors to what the API answers: its message (entry, line) and details.
Error as_upload_error(Error e) {
  if (e.code != ErrorCode::kInvalid && e.code != ErrorCode::kTooLarge)
    return Error::internal(e.message);
  return e;
}

// Holds one of the service's import slots for its lifetime.
class ImportSlot {
 public:
  explicit ImportSlot(std::counting_semaphore<InterchangeService::kMaxConcurrentImports>& slots)
      : slots_(slots), held_(slots.try_acquire_for(InterchangeService::kImportWait)) {}
  ~ImportSlot() {
    if (held_) slots_.release();
  }
  ImportSlot(const ImportSlot&) = delete;
  ImportSlot& operator=(const ImportSlot&) = delete;

  Status check() const {
    if (held_) return ok_status();
    Error busy = Error::unavailable(
        "Other imports are running; try again in a few seconds. The server reads at most " +
        std::to_string(InterchangeService::kMaxConcurrentImports) + " files at once.");
    busy.retry_after_seconds = InterchangeService::kImportRetryAfterSeconds;
    return busy;
  }

 private:
  std::counting_semaphore<InterchangeService::kMaxConcurrentImports>& slots_;
  bool held_;
};

// A code of an imported project, flattened: its new id, parent, cleaned fields.
struct ImportedCode {
  Code code;
  std::size_t depth = 1;
};

}  // namespace

std::string download_name(std::string_view title, std::string_view extension) {
  std::string out;
  for (char c : title) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) && u < 0x80) {
      out += static_cast<char>(std::tolower(u));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
    if (out.size() >= 60) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.empty()) out = "study";
  return out + "." + std::string(extension);
}

Result<Download> InterchangeService::export_codebook(const Actor& actor,
                                                     const std::string& study_id) {
  std::vector<Code> codes;
  std::string title;
  TRY(store_.read([&](Repositories& r) -> Status {
    Study s = TRY(load_study_for_staff(r, actor, study_id));
    title = s.title;
    codes = TRY(r.studies().codebook().list(study_id));
    return ok_status();
  }));
  if (codes.empty())
    return Error::conflict("The codebook is empty; a REFI-QDA codebook needs at least one code.");
  auto xml = qda::write_codebook(qda_codebook(codes), kOrigin);
  if (!xml) return Error::internal("Writing the codebook failed: " + xml.error().message);
  return Download{std::move(*xml), download_name(title + " codebook", "qdc")};
}

Result<CodebookImport> InterchangeService::import_codebook(const Actor& actor,
                                                           const std::string& study_id,
                                                           std::string_view xml) {
  TRY(policy::require_signed_in(actor));
  if (xml.size() > (1u << 20)) return Error::too_large("The codebook file is larger than 1 MiB.");
  ImportSlot slot(import_slots_);
  TRY(slot.check());
  auto codes = qda::read_codebook(xml);
  if (!codes) return as_upload_error(std::move(codes).error());
  // Parents before children, each named by its path (as it will be in the codebook).
  Error problems = Error::invalid("The codebook file has problems; nothing was imported.");
  std::vector<CodebookRow> rows;
  std::function<void(const std::vector<qda::Code>&, const std::string&)> walk =
      [&](const std::vector<qda::Code>& level, const std::string& parent) {
        for (const qda::Code& c : level) {
          CodebookRow row;
          row.line = static_cast<long>(rows.size() + 1);
          row.parent = parent;
          const std::string where = parent.empty() ? c.name : parent + "/" + c.name;
          if (auto n = clean_code_name(c.name))
            row.name = *n;
          else
            problems.details.push_back({std::nullopt, where, n.error().message});
          row.description = c.description.value_or("");
          if (row.description.size() > kMaxMemoLength)
            problems.details.push_back(
                {std::nullopt, where, "description longer than 20000 bytes"});
          if (auto colour = colour_from(c.color))
            row.colour = *colour;
          else
            problems.details.push_back({std::nullopt, where, colour.error().message});
          rows.push_back(row);
          walk(c.children, parent.empty() ? row.name : parent + "/" + row.name);
        }
      };
  walk(*codes, "");
  if (!problems.details.empty()) return problems;
  return coding_.merge_codebook(actor, study_id, rows);
}

Result<Download> InterchangeService::export_project(const Actor& actor,
                                                    const std::string& study_id) {
  qda::Project p;
  std::string title;
  TRY(store_.read([&](Repositories& r) -> Status {
    Study s = TRY(load_study_for_staff(r, actor, study_id));
    TRY(require_answers_readable(r, s));
    title = s.title;
    const bool blind = TRY(blinded(r, s, actor));
    p.name = s.title;
    p.origin = kOrigin;
    p.description = non_empty(s.description);
    p.created_by = actor.user_id;

    std::map<std::string, std::string> users;  // id -> display name
    auto add_user = [&](const std::string& id) -> std::string {
      if (id.empty() || !is_valid_id(id)) return "";
      if (!users.count(id)) {
        auto u = r.users().find(id);
        users[id] = u ? u->display_name : "Former member";
      }
      return id;
    };
    add_user(actor.user_id);

    std::vector<Code> codes = TRY(r.studies().codebook().list(study_id));
    p.codebook = qda_codebook(codes);

    std::map<std::string, std::string> prompts;
    for (const Question& q : s.questions) prompts[q.id] = q.prompt;
    std::map<std::string, StudyResponse> responses;
    for (StudyResponse& resp : TRY(r.studies().responses().responses_of_study(study_id)))
      responses[resp.id] = std::move(resp);

    std::vector<Segment> segments = TRY(r.studies().segments().all_of_study(study_id));
    if (blind)
      std::erase_if(segments, [&](const Segment& seg) { return seg.coder_id != actor.user_id; });
    // One selection per answer, span and coder; one coding per code.
    std::map<std::string,
             std::map<std::tuple<long long, long long, std::string>, std::vector<const Segment*>>>
        by_answer;
    for (const Segment& seg : segments)
      by_answer[seg.answer_id][{seg.start, seg.end, seg.coder_id}].push_back(&seg);

    // A study imported from a project keeps its sources' names (its one question says nothing),
    // so that a project survives export, import and export again unchanged.
    const bool imported = s.questions.size() == 1 && s.questions[0].prompt == kImportedQuestion;
    for (const Answer& a : TRY(r.studies().responses().answers_of_study(study_id))) {
      if (a.text.empty()) continue;
      const StudyResponse& resp = responses[a.response_id];
      const std::string who = resp.anonymous || resp.respondent_label.empty()
                                  ? "Response " + resp.id
                                  : resp.respondent_label;
      qda::Source src;
      src.guid = a.id;
      src.name = imported && !resp.anonymous
                     ? who
                     : who + " — " + shortened(prompts[a.question_id], kSourceTitleCodePoints);
      src.text = a.text;
      auto groups = by_answer.find(a.id);
      if (groups != by_answer.end()) {
        for (const auto& [key, group] : groups->second) {
          const auto& [start, end, coder] = key;
          qda::Selection sel;
          sel.guid = new_random_id();
          sel.name = shortened(code_point_substr(a.text, start, end), 200);
          sel.start = start;
          sel.end = end;
          sel.creating_user = add_user(coder);
          std::string memo;
          for (const Segment* seg : group) {
            sel.codings.push_back({seg->id, seg->code_id, sel.creating_user});
            if (!seg->memo.empty() && memo.find(seg->memo) == std::string::npos)
              memo += (memo.empty() ? "" : "\n\n") + seg->memo;
          }
          sel.memo = non_empty(memo);
          src.selections.push_back(std::move(sel));
        }
      }
      p.sources.push_back(std::move(src));
    }

    std::map<std::string, std::string> code_names;
    for (const Code& c : codes) code_names[c.id] = c.name;
    for (const Memo& m : TRY(r.studies().codebook().list_memos(study_id, std::nullopt))) {
      if (blind && m.author_id != actor.user_id) continue;
      qda::Note n;
      n.guid = m.id;
      n.text = m.text;
      n.creating_user = add_user(m.author_id);
      if (m.code_id && code_names.count(*m.code_id)) {
        n.name = "Memo on " + code_names[*m.code_id];
        n.targets.push_back(*m.code_id);
      } else {
        n.name = "Study memo";
        n.about_project = true;
      }
      p.notes.push_back(std::move(n));
    }
    for (const auto& [id, name] : users) p.users.push_back({id, name});
    return ok_status();
  }));
  auto bytes = qda::write_project(p);
  if (!bytes) return Error::internal("Writing the project failed: " + bytes.error().message);
  return Download{std::move(*bytes), download_name(title, "qdpx")};
}

Result<StudyImport> InterchangeService::import_project(const Actor& actor,
                                                       const std::string& program_id,
                                                       const ProjectImportOptions& options,
                                                       std::string_view archive) {
  TRY(policy::can_create_study(actor, program_id, options.cohort_id));
  ImportSlot slot(import_slots_);
  TRY(slot.check());
  auto read = qda::read_project(archive);
  if (!read) return as_upload_error(std::move(read).error());
  qda::Project project = std::move(*read);

  StudyImport out;
  out.warnings = project.warnings;
  const Timestamp now = clock_.now();
  Timestamp at = now;

  // The study: closed (nobody answers an imported study), named, one open-text question.
  Study s;
  s.id = new_id_at(at);
  s.program_id = program_id;
  s.cohort_id = options.cohort_id;
  s.title = options.title.empty() ? tidy_name(project.name, "Imported project")
                                  : TRY(clean_name(options.title, "title"));
  s.description = "Imported from a REFI-QDA project" +
                  (project.origin.empty() ? std::string() : " made with " + project.origin) +
                  " on " + date_of(now) + ".";
  if (project.description)
    s.description = cut_bytes(*project.description + "\n\n" + s.description, kMaxDescriptionLength);
  s.mode = StudyMode::kNamed;
  s.status = StudyStatus::kClosed;
  s.created_by = actor.user_id;
  s.created_at = now;
  Question q;
  q.id = new_id_at(at);
  q.study_id = s.id;
  q.position = 1;
  q.kind = QuestionKind::kOpenText;
  q.prompt = kImportedQuestion;
  s.questions.push_back(q);
  TRY(validate_study(s));

  // The codebook: names acceptable to Trellis, unique among siblings, at most 8 levels.
  std::vector<ImportedCode> codes;
  std::map<std::string, std::string> code_of_guid;
  bool renamed_slash = false;
  Error problems = Error::invalid("The project's codebook has problems; nothing was imported.");
  std::function<void(const std::vector<qda::Code>&, const std::optional<std::string>&, std::size_t,
                     const std::string&)>
      walk = [&](const std::vector<qda::Code>& level, const std::optional<std::string>& parent,
                 std::size_t depth, const std::string& parent_path) {
        std::set<std::string> siblings;
        for (const qda::Code& qc : level) {
          std::string name = qc.name;
          if (name.find('/') != std::string::npos) {
            std::string swapped;
            for (char c : name) swapped += c == '/' ? std::string("∕") : std::string(1, c);
            name = swapped;
            renamed_slash = true;
          }
          name = tidy_name(name, "Unnamed code");
          const std::string base = name;
          for (int n = 2; siblings.count(name); ++n) {
            name = base + " (" + std::to_string(n) + ")";
          }
          if (name != base)
            out.warnings.push_back("Two codes under the same parent are both named '" + base +
                                   "'; the second is imported as '" + name + "'.");
          siblings.insert(name);
          const std::string path = parent_path.empty() ? name : parent_path + "/" + name;
          if (depth > kMaxCodeDepth) {
            problems.details.push_back(
                {std::nullopt, path, "codes nest at most 8 levels deep in Trellis"});
            continue;
          }
          ImportedCode ic;
          ic.depth = depth;
          ic.code.id = new_id_at(at++);
          ic.code.study_id = s.id;
          ic.code.parent_id = parent;
          ic.code.name = name;
          ic.code.description = qc.description.value_or("");
          if (ic.code.description.size() > kMaxMemoLength)
            problems.details.push_back(
                {std::nullopt, path, "the description is longer than 20000 bytes"});
          if (auto colour = colour_from(qc.color)) {
            ic.code.colour = *colour;
          } else {
            out.warnings.push_back("The colour '" + qc.color.value_or("") + "' of the code '" +
                                   path + "' is not a #rrggbb colour; it was left out.");
          }
          ic.code.created_at = now;
          code_of_guid[qc.guid] = ic.code.id;
          const std::string id = ic.code.id;
          codes.push_back(std::move(ic));
          walk(qc.children, id, depth + 1, path);
        }
      };
  walk(project.codebook, std::nullopt, 1, "");
  if (renamed_slash)
    out.warnings.push_back(
        "Code names cannot contain '/' in Trellis (it separates code paths); it was replaced by "
        "'∕'.");
  if (codes.size() > kMaxCodes)
    problems.details.push_back({std::nullopt, "codes",
                                "the project has " + std::to_string(codes.size()) +
                                    " codes; a Trellis codebook holds at most 2000"});

  // Notes: the selections and codings they are about get them as segment memos; codes get
  // code memos; the rest (the project, sources, unattached notes) become study memos.
  std::map<std::string, std::string> source_name;
  for (const qda::Source& src : project.sources) source_name[src.guid] = src.name;
  std::map<std::string, std::string> segment_notes;  // selection or coding guid -> text
  std::vector<Memo> memos;
  for (const qda::Note& n : project.notes) {
    std::string text = n.text.empty() ? n.name : n.text;
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    if (text.size() > kMaxMemoLength || !is_valid_utf8(text)) {
      problems.details.push_back(
          {std::nullopt, "notes",
           "the note '" + tidy_name(n.name, n.guid) + "' is longer than 20000 bytes"});
      continue;
    }
    bool study_memo = n.about_project || n.targets.empty();
    for (const std::string& target : n.targets) {
      if (auto c = code_of_guid.find(target); c != code_of_guid.end()) {
        Memo m;
        m.code_id = c->second;
        m.text = text;
        memos.push_back(std::move(m));
      } else if (auto src = source_name.find(target); src != source_name.end()) {
        Memo m;
        m.text = tidy_name(src->second, "Source") + ": " + text;
        memos.push_back(std::move(m));
      } else {
        std::string& memo = segment_notes[target];
        memo += (memo.empty() ? "" : "\n\n") + text;
      }
    }
    if (study_memo) {
      Memo m;
      m.text = text;
      memos.push_back(std::move(m));
    }
  }

  // Sources and their selections: one response with one answer each; segments by the importer.
  struct ImportedSource {
    StudyResponse response;
    Answer answer;
    std::vector<Segment> segments;
  };
  std::vector<ImportedSource> sources;
  long long empty_spans = 0, repeated = 0, empty_sources = 0;
  for (std::size_t i = 0; i < project.sources.size(); ++i) {
    const qda::Source& src = project.sources[i];
    const std::string label = tidy_name(src.name, "Source " + std::to_string(i + 1));
    if (src.text.empty()) {
      ++empty_sources;
      continue;
    }
    ImportedSource is;
    is.response.id = new_id_at(at++);
    is.response.study_id = s.id;
    is.response.respondent_label = label;
    is.response.respondent_group = kImportedGroup;
    is.response.source = ResponseSource::kTranscript;
    is.response.submitted_on = date_of(now);
    is.response.submitted_at = now;
    is.answer.id = new_id_at(at);
    is.answer.response_id = is.response.id;
    is.answer.study_id = s.id;
    is.answer.question_id = q.id;
    is.answer.text = src.text;
    if (auto valid = validate_answer(q, is.answer, "sources[" + std::to_string(i) + "]"); !valid) {
      problems.details.push_back(
          {std::nullopt, "sources", "the source '" + label + "': " + valid.error().message});
      continue;
    }
    std::set<std::tuple<std::string, long long, long long>> seen;
    for (const qda::Selection& sel : src.selections) {
      if (sel.start >= sel.end) {
        ++empty_spans;
        continue;
      }
      for (const qda::Coding& coding : sel.codings) {
        auto code = code_of_guid.find(coding.code_guid);
        if (code == code_of_guid.end()) continue;  // the reader resolved every CodeRef
        if (!seen.insert({code->second, sel.start, sel.end}).second) {
          ++repeated;
          continue;
        }
        Segment seg;
        seg.id = new_id_at(at);
        seg.study_id = s.id;
        seg.answer_id = is.answer.id;
        seg.response_id = is.response.id;
        seg.question_id = q.id;
        seg.question_position = 1;
        seg.code_id = code->second;
        seg.coder_id = actor.user_id;
        seg.start = sel.start;
        seg.end = sel.end;
        std::string memo = sel.memo.value_or("");
        for (const std::string& about : {sel.guid, coding.guid}) {
          auto note = segment_notes.find(about);
          if (note != segment_notes.end() && memo.find(note->second) == std::string::npos)
            memo += (memo.empty() ? "" : "\n\n") + note->second;
        }
        if (memo.size() > kMaxMemoLength || !is_valid_utf8(memo)) {
          problems.details.push_back(
              {std::nullopt, "sources",
               "a selection of the source '" + label + "' has a memo longer than 20000 bytes"});
          break;
        }
        seg.memo = memo;
        seg.origin = SegmentOrigin::kImport;
        seg.created_at = now;
        is.segments.push_back(std::move(seg));
      }
    }
    sources.push_back(std::move(is));
  }
  if (empty_sources > 0)
    out.warnings.push_back(std::to_string(empty_sources) +
                           " source(s) with no text were left out.");
  if (empty_spans > 0)
    out.warnings.push_back(std::to_string(empty_spans) +
                           " selection(s) of no text (start equal to end) were left out.");
  if (repeated > 0)
    out.warnings.push_back(std::to_string(repeated) +
                           " coding(s) repeating the same code on the same span (by several "
                           "coders) were imported once.");
  if (!problems.details.empty()) {
    if (problems.details.size() == 1)
      problems.message = problems.details[0].field + ": " + problems.details[0].message +
                         "; nothing was imported.";
    return problems;
  }

  TRY(store_.write([&](Repositories& r) -> Status {
    TRY(require_study_place(r, program_id, s.cohort_id));
    TRY(r.studies().study().insert(s));
    for (const ImportedCode& c : codes) TRY(r.studies().codebook().insert(c.code));
    std::vector<Segment> segments;
    for (const ImportedSource& is : sources) {
      TRY(r.studies().responses().insert(is.response, {is.answer}));
      segments.insert(segments.end(), is.segments.begin(), is.segments.end());
    }
    TRY(r.studies().segments().insert_all(s.id, segments));
    out.segments = static_cast<long long>(segments.size());
    for (Memo& m : memos) {
      m.id = new_id_at(at++);
      m.study_id = s.id;
      m.author_id = actor.user_id;
      m.created_at = m.updated_at = now;
      TRY(r.studies().codebook().insert_memo(m));
    }
    return r.audit().append(audit_event(actor, clock_, "study.import", {"study", s.id, program_id},
                                        std::to_string(codes.size()) + " codes, " +
                                            std::to_string(sources.size()) + " sources, " +
                                            std::to_string(out.segments) + " segments"));
  }));
  out.study = std::move(s);
  out.codes = static_cast<long long>(codes.size());
  out.sources = static_cast<long long>(sources.size());
  out.memos = static_cast<long long>(memos.size());
  return out;
}

}  // namespace trellis
