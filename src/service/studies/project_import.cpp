#include "service/studies/project_import.h"

#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "core/id.h"
#include "core/line_ends.h"
#include "core/time_format.h"
#include "core/utf8.h"
#include "core/warning_list.h"
#include "service/studies/interchange_service.h"

namespace trellis {
namespace qda = interchange::qda;
namespace {

constexpr char kImportedGroup[] = "respondent";

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

// A time from the project, when it is one Trellis keeps: after 1970 (the other tool's "no date"
// is often the year 1 or 1900).
std::optional<Timestamp> kept_time(const std::optional<Timestamp>& t) {
  return t && *t > 0 ? t : std::nullopt;
}

void append_paragraph(std::string& text, const std::string& paragraph) {
  text += (text.empty() ? "" : "\n\n") + paragraph;
}

// The mapping of one project, step by step; each step adds its rows to the plan and its
// problems to `problems`, so that every problem is reported at once.
class ProjectMapper {
 public:
  ProjectMapper(const qda::Project& project, const ProjectImportContext& context)
      : project_(project), context_(context), at_(context.now) {
    plan_.warnings = project.warnings;
  }

  Result<ProjectImportPlan> run() {
    TRY(map_study());
    map_codes();
    map_notes();
    map_sources();
    for (std::string& line : warnings_.lines()) plan_.warnings.push_back(std::move(line));
    if (!problems_.details.empty()) {
      if (problems_.details.size() == 1)
        problems_.message = problems_.details[0].field + ": " + problems_.details[0].message +
                            "; nothing was imported.";
      return problems_;
    }
    plan_.next_id_at = at_;
    return std::move(plan_);
  }

 private:
  const Question& question() const { return plan_.study.questions.front(); }

  // The study: closed (nobody answers an imported study), named, one open-text question.
  Status map_study() {
    const Timestamp now = context_.now;
    Study& s = plan_.study;
    s.id = new_id_at(at_);
    s.program_id = context_.program_id;
    s.cohort_id = context_.options.cohort_id;
    s.title = context_.options.title.empty() ? tidy_name(project_.name, "Imported project")
                                             : TRY(clean_name(context_.options.title, "title"));
    s.description = "Imported from a REFI-QDA project" +
                    (project_.origin.empty() ? std::string() : " made with " + project_.origin) +
                    " on " + date_of(now) + ".";
    if (project_.description)
      s.description =
          cut_bytes(*project_.description + "\n\n" + s.description, kMaxDescriptionLength);
    s.mode = StudyMode::kNamed;
    s.status = StudyStatus::kClosed;
    s.created_by = context_.importer_id;
    s.created_at = now;
    Question q;
    q.id = new_id_at(at_);
    q.study_id = s.id;
    q.position = 1;
    q.kind = QuestionKind::kOpenText;
    q.prompt = kImportedQuestion;
    s.questions.push_back(q);
    return validate_study(s);
  }

  // The codebook: names acceptable to Trellis, unique among siblings, at most 8 levels;
  // categories stay categories unless the project applies them.
  void map_codes() {
    for (const qda::Source& src : project_.sources)
      for (const qda::Selection& sel : src.selections)
        for (const qda::Coding& coding : sel.codings) applied_.insert(coding.code_guid);
    map_code_level(project_.codebook, std::nullopt, 1, "");
    if (renamed_slash_)
      plan_.warnings.push_back(
          "Code names cannot contain '/' in Trellis (it separates code paths); it was replaced "
          "by '∕'.");
    if (plan_.codes.size() > kMaxCodes)
      problems_.details.push_back({std::nullopt, "codes",
                                   "the project has " + std::to_string(plan_.codes.size()) +
                                       " codes; a Trellis codebook holds at most 2000"});
  }

  void map_code_level(const std::vector<qda::Code>& level, const std::optional<std::string>& parent,
                      std::size_t depth, const std::string& parent_path) {
    std::set<std::string> siblings;
    for (const qda::Code& qc : level) {
      const std::string name = sibling_name(qc.name, siblings);
      const std::string path = parent_path.empty() ? name : parent_path + "/" + name;
      if (depth > kMaxCodeDepth) {
        problems_.details.push_back(
            {std::nullopt, path, "codes nest at most 8 levels deep in Trellis"});
        continue;
      }
      ImportedCode ic;
      ic.depth = depth;
      ic.code.id = new_id_at(at_++);
      ic.code.study_id = plan_.study.id;
      ic.code.parent_id = parent;
      ic.code.name = name;
      ic.code.description = qc.description.value_or("");
      ic.code.category = !qc.is_codable;
      if (ic.code.category && applied_.count(qc.guid)) {
        ic.code.category = false;
        warnings_.add(
            "a category (isCodable=\"false\") that the project applies to text was imported as "
            "an ordinary code, so that its codings are kept",
            "the code '" + path + "'");
      }
      if (ic.code.description.size() > kMaxMemoLength)
        problems_.details.push_back(
            {std::nullopt, path, "the description is longer than 20000 bytes"});
      if (auto colour = colour_from(qc.color)) {
        ic.code.colour = *colour;
      } else {
        warnings_.add("a colour that is not #rrggbb was left out",
                      "the code '" + path + "' ('" + qc.color.value_or("") + "')");
      }
      ic.code.created_at = context_.now;
      code_of_guid_[qc.guid] = ic.code.id;
      const std::string id = ic.code.id;
      plan_.codes.push_back(std::move(ic));
      map_code_level(qc.children, id, depth + 1, path);
    }
  }

  // A code's name made acceptable to Trellis and unique among `siblings` (which it joins).
  std::string sibling_name(const std::string& raw, std::set<std::string>& siblings) {
    std::string name = raw;
    if (name.find('/') != std::string::npos) {
      std::string swapped;
      for (char c : name) swapped += c == '/' ? std::string("∕") : std::string(1, c);
      name = swapped;
      renamed_slash_ = true;
    }
    name = tidy_name(name, "Unnamed code");
    const std::string base = name;
    for (int n = 2; siblings.count(name); ++n) name = base + " (" + std::to_string(n) + ")";
    if (name != base)
      warnings_.add(
          "two codes under the same parent had the same name; the later one was "
          "renamed",
          "'" + base + "', imported as '" + name + "'");
    siblings.insert(name);
    return name;
  }

  // Notes: the selections and codings they are about get them as segment memos; codes get
  // code memos; the rest (the project, sources, unattached notes) become study memos.
  void map_notes() {
    std::map<std::string, std::string> source_name;
    for (const qda::Source& src : project_.sources) source_name[src.guid] = src.name;
    for (const qda::Note& n : project_.notes) {
      std::string text = n.text.empty() ? n.name : n.text;
      if (text.find_first_not_of(" \t\r\n") == std::string::npos) continue;
      if (text.size() > kMaxMemoLength || !is_valid_utf8(text)) {
        problems_.details.push_back(
            {std::nullopt, "notes",
             "the note '" + tidy_name(n.name, n.guid) + "' is longer than 20000 bytes"});
        continue;
      }
      for (const std::string& target : n.targets) {
        if (auto c = code_of_guid_.find(target); c != code_of_guid_.end()) {
          Memo m = memo_of(n);
          m.code_id = c->second;
          m.text = text;
          plan_.memos.push_back(std::move(m));
        } else if (auto src = source_name.find(target); src != source_name.end()) {
          Memo m = memo_of(n);
          m.text = tidy_name(src->second, "Source") + ": " + text;
          plan_.memos.push_back(std::move(m));
        } else {
          append_paragraph(segment_notes_[target], text);
        }
      }
      if (n.about_project || n.targets.empty()) {
        Memo m = memo_of(n);
        m.text = text;
        plan_.memos.push_back(std::move(m));
      }
    }
  }

  // A memo keeping the note's times (0 when it has none: the study's creation is used).
  static Memo memo_of(const qda::Note& n) {
    Memo m;
    m.created_at = kept_time(n.created).value_or(kept_time(n.modified).value_or(0));
    m.updated_at = kept_time(n.modified).value_or(m.created_at);
    return m;
  }

  // Sources and their selections: one response with one answer each; segments by the importer.
  void map_sources() {
    for (std::size_t i = 0; i < project_.sources.size(); ++i) map_source(project_.sources[i], i);
    if (line_ends_changed_ > 0)
      plan_.warnings.push_back(
          std::to_string(line_ends_changed_) +
          " source(s) had CR LF or CR line ends; Trellis stores LF only, so they were "
          "changed to LF and the positions of their selections moved with the text.");
    if (empty_sources_ > 0)
      plan_.warnings.push_back(std::to_string(empty_sources_) +
                               " source(s) with no text were left out.");
    if (empty_spans_ > 0)
      plan_.warnings.push_back(std::to_string(empty_spans_) +
                               " selection(s) of no text (start equal to end) were left out.");
    if (repeated_ > 0)
      plan_.warnings.push_back(std::to_string(repeated_) +
                               " coding(s) repeating the same code on the same span (by several "
                               "coders) were imported once.");
  }

  void map_source(const qda::Source& src, std::size_t index) {
    const std::string label = tidy_name(src.name, "Source " + std::to_string(index + 1));
    if (src.text.empty()) {
      ++empty_sources_;
      return;
    }
    const Timestamp now = context_.now;
    ImportedSource is;
    is.response.id = new_id_at(at_++);
    is.response.study_id = plan_.study.id;
    is.response.respondent_label = label;
    is.response.respondent_group = kImportedGroup;
    is.response.source = ResponseSource::kTranscript;
    is.response.submitted_on = date_of(now);
    is.response.submitted_at = now;
    is.answer.id = new_id_at(at_);
    is.answer.response_id = is.response.id;
    is.answer.study_id = plan_.study.id;
    is.answer.question_id = question().id;
    // LF only, as every answer (core/line_ends.h); positions are mapped in map_selections.
    LineEndNormalization text(src.text);
    if (text.changed()) ++line_ends_changed_;
    is.answer.text = text.take_text();
    const std::string field = "sources[" + std::to_string(index) + "]";
    if (auto valid = validate_answer(question(), is.answer, field); !valid) {
      problems_.details.push_back(
          {std::nullopt, "sources", "the source '" + label + "': " + valid.error().message});
      return;
    }
    map_selections(src, text, label, is);
    plan_.sources.push_back(std::move(is));
  }

  void map_selections(const qda::Source& src, const LineEndNormalization& text,
                      const std::string& label, ImportedSource& is) {
    std::set<std::tuple<std::string, long long, long long>> seen;  // code, start, end
    for (const qda::Selection& original : src.selections) {
      qda::Selection sel = original;
      sel.start = text.position(original.start);
      sel.end = text.position(original.end);
      if (sel.start >= sel.end) {
        ++empty_spans_;
        continue;
      }
      for (const qda::Coding& coding : sel.codings) {
        auto code = code_of_guid_.find(coding.code_guid);
        if (code == code_of_guid_.end()) continue;  // the reader resolved every CodeRef
        if (!seen.insert({code->second, sel.start, sel.end}).second) {
          ++repeated_;
          continue;
        }
        std::string memo = segment_memo(sel, coding);
        if (memo.size() > kMaxMemoLength || !is_valid_utf8(memo)) {
          problems_.details.push_back(
              {std::nullopt, "sources",
               "a selection of the source '" + label + "' has a memo longer than 20000 bytes"});
          break;
        }
        is.segments.push_back(segment(is, sel, code->second, std::move(memo)));
        is.segments.back().created_at = coded_at(sel, coding, context_.now);
      }
    }
  }

  // The selection's own memo, then the notes about the selection and about the coding.
  std::string segment_memo(const qda::Selection& sel, const qda::Coding& coding) const {
    std::string memo = sel.memo.value_or("");
    for (const std::string& about : {sel.guid, coding.guid}) {
      auto note = segment_notes_.find(about);
      if (note != segment_notes_.end() && memo.find(note->second) == std::string::npos)
        append_paragraph(memo, note->second);
    }
    return memo;
  }

  Segment segment(const ImportedSource& is, const qda::Selection& sel, const std::string& code_id,
                  std::string memo) const {
    Segment seg;
    seg.id = new_id_at(at_);
    seg.study_id = plan_.study.id;
    seg.answer_id = is.answer.id;
    seg.response_id = is.response.id;
    seg.question_id = question().id;
    seg.question_position = 1;
    seg.code_id = code_id;
    seg.coder_id = context_.importer_id;
    seg.start = sel.start;
    seg.end = sel.end;
    seg.memo = std::move(memo);
    seg.origin = SegmentOrigin::kImport;
    seg.created_at = context_.now;
    return seg;
  }

  // When the coding was made, if the project says so.
  static Timestamp coded_at(const qda::Selection& sel, const qda::Coding& coding, Timestamp now) {
    return kept_time(coding.created).value_or(kept_time(sel.created).value_or(now));
  }

  const qda::Project& project_;
  const ProjectImportContext& context_;
  Timestamp at_;  // the time in the next id; advanced so that ids keep their order
  ProjectImportPlan plan_;
  Error problems_ = Error::invalid("The project's codebook has problems; nothing was imported.");
  std::map<std::string, std::string> code_of_guid_;   // REFI-QDA guid -> new code id
  std::map<std::string, std::string> segment_notes_;  // selection or coding guid -> text
  std::set<std::string> applied_;                     // guids of codes the project's codings apply
  WarningList warnings_;                              // the mapping's own, one line per kind
  bool renamed_slash_ = false;
  long long empty_spans_ = 0, repeated_ = 0, empty_sources_ = 0, line_ends_changed_ = 0;
};

}  // namespace

Result<ProjectImportPlan> plan_project_import(const qda::Project& project,
                                              const ProjectImportContext& context) {
  return ProjectMapper(project, context).run();
}

Result<std::string> colour_from(const std::optional<std::string>& colour) {
  if (!colour) return std::string();
  std::string c = *colour;
  if (c.size() == 4 && c[0] == '#') c = std::string{'#', c[1], c[1], c[2], c[2], c[3], c[3]};
  return clean_colour(c);
}

}  // namespace trellis
