#include "service/studies/interchange_service.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "core/id.h"
#include "core/line_ends.h"
#include "core/time_format.h"
#include "core/utf8.h"
#include "domain/people.h"
#include "domain/policy.h"
#include "interchange/qda.h"
#include "service/audit_event.h"
#include "service/studies/project_import.h"
#include "service/studies/study_service.h"
#include "storage/accounts/auth_repositories.h"

namespace trellis {
namespace qda = interchange::qda;
namespace {

constexpr char kOrigin[] = "Trellis 0.1.0";
constexpr std::size_t kSourceTitleCodePoints = 80;

// The first `n` code points of valid UTF-8 `s`, with "…" when it was longer.
std::string shortened(std::string_view s, std::size_t n) {
  if (count_code_points(s) <= n) return std::string(s);
  return code_point_substr(s, 0, static_cast<long long>(n)) + "…";
}

std::optional<std::string> non_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// The codebook tree. A category is written with isCodable="false", unless segments carry it
// (`applied`): that cannot happen through the API, and writing it as a code keeps the segments.
std::vector<qda::Code> qda_codebook(const std::vector<Code>& codes,
                                    const std::set<std::string>& applied = {}) {
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
          q.is_codable = !c->category || applied.count(c->id) > 0;
          q.children = build(c->id);
          out.push_back(std::move(q));
        }
        return out;
      };
  return build(std::nullopt);
}

// `name`, or "name (2)", "name (3)", ... when an earlier note has it: QualCoder keeps notes by
// name and its importer stops at a repeated one.
std::string unique_note_name(const std::string& name, std::map<std::string, int>& used) {
  int& n = used[name];
  ++n;
  return n == 1 ? name : name + " (" + std::to_string(n) + ")";
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

// Writes every row of an import plan; the number of segments written.
Result<long long> store_project(Repositories& r, const Actor& actor, ProjectImportPlan& plan) {
  const Study& s = plan.study;
  TRY(require_study_place(r, s.program_id, s.cohort_id));
  TRY(r.studies().study().insert(s));
  for (const ImportedCode& c : plan.codes) TRY(r.studies().codebook().insert(c.code));
  std::vector<Segment> segments;
  for (const ImportedSource& is : plan.sources) {
    TRY(r.studies().responses().insert(is.response, {is.answer}));
    segments.insert(segments.end(), is.segments.begin(), is.segments.end());
  }
  TRY(r.studies().segments().insert_all(s.id, segments));
  Timestamp at = plan.next_id_at;
  for (Memo& m : plan.memos) {
    m.id = new_id_at(at++);
    m.study_id = s.id;
    m.author_id = actor.user_id;
    if (m.created_at == 0) m.created_at = s.created_at;  // the note had no time
    if (m.updated_at < m.created_at) m.updated_at = m.created_at;
    TRY(r.studies().codebook().insert_memo(m));
  }
  return static_cast<long long>(segments.size());
}

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
          row.category = !c.is_codable;
          rows.push_back(row);
          walk(c.children, parent.empty() ? row.name : parent + "/" + row.name);
        }
      };
  walk(*codes, "");
  if (!problems.details.empty()) return problems;
  return coding_.merge_codebook(actor, study_id, rows);
}

// Long on purpose: one read transaction whose steps share the maps it builds (users, prompts,
// responses, segments by answer).
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
    p.created = s.created_at;

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
    std::set<std::string> applied;
    for (const auto& [code, n] : TRY(r.studies().codebook().segment_counts(study_id, std::nullopt)))
      if (n > 0) applied.insert(code);
    p.codebook = qda_codebook(codes, applied);

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
      // An anonymous answer carries no time, so its source carries none either.
      if (!resp.anonymous && resp.submitted_at > 0) src.created = resp.submitted_at;
      // Answers are stored with LF line ends; one stored before that rule is written so too,
      // its positions moved with it, so that every tool counts the same characters.
      const LineEndNormalization text(a.text);
      src.text = text.text();
      auto groups = by_answer.find(a.id);
      if (groups != by_answer.end()) {
        for (const auto& [key, group] : groups->second) {
          const auto& [start, end, coder] = key;
          qda::Selection sel;
          sel.guid = new_random_id();
          sel.start = text.position(start);
          sel.end = text.position(end);
          sel.name = shortened(code_point_substr(src.text, sel.start, sel.end), 200);
          sel.creating_user = add_user(coder);
          std::string memo;
          for (const Segment* seg : group) {
            qda::Coding coding{seg->id, seg->code_id, sel.creating_user, seg->created_at};
            sel.codings.push_back(std::move(coding));
            if (!sel.created || seg->created_at < *sel.created) sel.created = seg->created_at;
            if (!seg->memo.empty() && memo.find(seg->memo) == std::string::npos)
              memo += (memo.empty() ? "" : "\n\n") + seg->memo;
          }
          sel.memo = non_empty(memo);
          src.selections.push_back(std::move(sel));
        }
      }
      p.sources.push_back(std::move(src));
    }

    std::map<std::string, std::string> code_paths;
    for (const CodeView& v : code_tree(codes)) code_paths[v.code.id] = v.path;
    std::map<std::string, int> note_names;
    for (const Memo& m : TRY(r.studies().codebook().list_memos(study_id, std::nullopt))) {
      if (blind && m.author_id != actor.user_id) continue;
      qda::Note n;
      n.guid = m.id;
      n.text = m.text;
      n.creating_user = add_user(m.author_id);
      n.created = m.created_at;
      if (m.updated_at > m.created_at) n.modified = m.updated_at;
      if (m.code_id && code_paths.count(*m.code_id)) {
        n.name = unique_note_name("Memo on " + code_paths[*m.code_id], note_names);
        n.targets.push_back(*m.code_id);
      } else {
        n.name = unique_note_name("Study memo", note_names);
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
  const ProjectImportContext context{program_id, options, actor.user_id, clock_.now()};
  ProjectImportPlan plan = TRY(plan_project_import(*read, context));

  StudyImport out;
  TRY(store_.write([&](Repositories& r) -> Status {
    out.segments = TRY(store_project(r, actor, plan));
    return r.audit().append(audit_event(
        actor, clock_, "study.import", {"study", plan.study.id, program_id},
        std::to_string(plan.codes.size()) + " codes, " + std::to_string(plan.sources.size()) +
            " sources, " + std::to_string(out.segments) + " segments"));
  }));
  out.study = std::move(plan.study);
  out.codes = static_cast<long long>(plan.codes.size());
  out.sources = static_cast<long long>(plan.sources.size());
  out.memos = static_cast<long long>(plan.memos.size());
  out.warnings = std::move(plan.warnings);
  return out;
}

}  // namespace trellis
