#include "service/studies/coding_service.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "core/csv.h"
#include "core/id.h"
#include "domain/policy.h"
#include "service/audit_event.h"
#include "service/lookup.h"
#include "service/studies/study_service.h"
#include "storage/accounts/auth_repositories.h"

namespace trellis {
namespace {

Status check_codebook_version(const Study& s, long long expected) {
  if (s.codebook_version != expected)
    return Error::conflict("The codebook changed since version " + std::to_string(expected) +
                               "; reload it and try again.",
                           "codebook_version");
  return ok_status();
}

// The code and the study it belongs to, for staff.
struct CodeInStudy {
  Code code;
  Study study;
};

Result<CodeInStudy> load_code(Repositories& r, const Actor& actor, const std::string& code_id) {
  TRY(policy::require_signed_in(actor));
  Code c = TRY(r.studies().codebook().find(code_id));
  auto s = load_study_for_staff(r, actor, c.study_id);
  if (!s) return policy::as_hidden(s.error(), "code").error();
  return CodeInStudy{std::move(c), std::move(*s)};
}

Status check_text(const std::string& text, const char* field) {
  return check_memo_text(text, field);
}

// True when `candidate` is `code` or one of its descendants.
bool within(const std::vector<Code>& codes, const std::string& code, std::string candidate) {
  std::map<std::string, std::optional<std::string>> parent;
  for (const Code& c : codes) parent[c.id] = c.parent_id;
  for (std::size_t steps = 0; steps <= codes.size(); ++steps) {
    if (candidate == code) return true;
    auto it = parent.find(candidate);
    if (it == parent.end() || !it->second) return false;
    candidate = *it->second;
  }
  return false;
}

std::size_t depth_of(const std::vector<Code>& codes, std::optional<std::string> id) {
  std::map<std::string, std::optional<std::string>> parent;
  for (const Code& c : codes) parent[c.id] = c.parent_id;
  std::size_t depth = 0;
  while (id && depth <= codes.size()) {
    ++depth;
    auto it = parent.find(*id);
    id = it == parent.end() ? std::nullopt : it->second;
  }
  return depth;
}

Status check_parent(const std::vector<Code>& codes, const std::string& study_id,
                    const std::optional<std::string>& parent_id) {
  if (!parent_id) return ok_status();
  auto it =
      std::find_if(codes.begin(), codes.end(), [&](const Code& c) { return c.id == *parent_id; });
  if (it == codes.end() || it->study_id != study_id)
    return Error::invalid("parent_id does not name a code of this study.", "parent_id");
  if (depth_of(codes, parent_id) >= kMaxCodeDepth)
    return Error::invalid("Codes nest at most 8 levels deep.", "parent_id");
  return ok_status();
}

}  // namespace

std::vector<CodeView> code_tree(const std::vector<Code>& codes) {
  std::map<std::optional<std::string>, std::vector<const Code*>> children;
  std::set<std::string> ids;
  for (const Code& c : codes) ids.insert(c.id);
  for (const Code& c : codes) {
    auto parent = c.parent_id && ids.count(*c.parent_id) ? c.parent_id : std::nullopt;
    children[parent].push_back(&c);
  }
  std::vector<CodeView> out;
  std::function<void(const std::optional<std::string>&, const std::string&)> walk =
      [&](const std::optional<std::string>& parent, const std::string& prefix) {
        auto it = children.find(parent);
        if (it == children.end()) return;
        for (const Code* c : it->second) {
          CodeView v{*c, prefix.empty() ? c->name : prefix + "/" + c->name, 0};
          out.push_back(v);
          walk(c->id, v.path);
        }
      };
  walk(std::nullopt, "");
  return out;
}

Result<bool> blinded(Repositories& r, const Study& study, const Actor& actor) {
  if (!study.blind_coding) return false;
  return !TRY(r.studies().segments().coder_finished(study.id, actor.user_id));
}

Result<Codebook> CodingService::codebook(const Actor& actor, const std::string& study_id) {
  Codebook out;
  TRY(store_.read([&](Repositories& r) -> Status {
    Study s = TRY(load_study_for_staff(r, actor, study_id));
    out.version = s.codebook_version;
    out.codes = code_tree(TRY(r.studies().codebook().list(study_id)));
    const bool blind = TRY(blinded(r, s, actor));
    if (!blind) {
      auto counts = TRY(r.studies().codebook().segment_counts(study_id, std::nullopt));
      for (CodeView& v : out.codes) v.segments = counts.count(v.code.id) ? counts[v.code.id] : 0;
    }
    return ok_status();
  }));
  return out;
}

Result<std::string> CodingService::study_of_code(const Actor& actor, const std::string& code_id) {
  std::string out;
  TRY(store_.read([&](Repositories& r) -> Status {
    out = TRY(load_code(r, actor, code_id)).study.id;
    return ok_status();
  }));
  return out;
}

Result<Code> CodingService::create_code(const Actor& actor, const std::string& study_id,
                                        const NewCode& input, long long codebook_version) {
  Code c;
  c.id = new_id();
  c.study_id = study_id;
  c.name = TRY(clean_code_name(input.name));
  c.description = input.description;
  TRY(check_text(c.description, "description"));
  c.colour = TRY(clean_colour(input.colour));
  c.parent_id = input.parent_id;
  c.category = input.category;
  c.created_at = clock_.now();
  TRY(store_.write([&](Repositories& r) -> Status {
    Study s = TRY(load_study_for_staff(r, actor, study_id));
    TRY(check_codebook_version(s, codebook_version));
    std::vector<Code> codes = TRY(r.studies().codebook().list(study_id));
    if (codes.size() >= kMaxCodes)
      return Error::invalid("A codebook holds at most 2000 codes.", "name");
    TRY(check_parent(codes, study_id, c.parent_id));
    for (const Code& other : codes)
      if (other.parent_id == c.parent_id && other.name == c.name)
        return Error::conflict("A code with this name already exists at this level.", "name");
    TRY(r.studies().codebook().insert(c));
    TRY(r.studies().study().advance_codebook_version(study_id, codebook_version));
    return r.audit().append(
        audit_event(actor, clock_, "code.create", {"code", c.id, s.program_id}));
  }));
  notify(study_id);
  return c;
}

Result<Code> CodingService::update_code(const Actor& actor, const std::string& code_id,
                                        const CodePatch& patch, long long codebook_version) {
  std::optional<Code> out;
  TRY(store_.write([&](Repositories& r) -> Status {
    auto [code, study] = TRY(load_code(r, actor, code_id));
    TRY(check_codebook_version(study, codebook_version));
    std::vector<Code> codes = TRY(r.studies().codebook().list(study.id));
    if (patch.name) code.name = TRY(clean_code_name(*patch.name));
    if (patch.description) {
      TRY(check_text(*patch.description, "description"));
      code.description = *patch.description;
    }
    if (patch.colour) code.colour = TRY(clean_colour(*patch.colour));
    if (patch.category && *patch.category && !code.category) {
      // A category carries no segments; what carries it now must move first. A blinded coder
      // is not told how much the others coded with it.
      auto segments = TRY(r.studies().codebook().segment_counts(study.id, std::nullopt));
      if (auto n = segments.find(code.id); n != segments.end() && n->second > 0)
        return Error::invalid(
            (TRY(blinded(r, study, actor))
                 ? std::string("Coded segments carry this code")
                 : std::to_string(n->second) + " coded segment(s) carry this code") +
                "; a category cannot be applied. Move them to another code (or merge this code "
                "into one) first.",
            "category");
    }
    if (patch.category) code.category = *patch.category;
    if (patch.parent_id) {
      code.parent_id = *patch.parent_id;
      TRY(check_parent(codes, study.id, code.parent_id));
      if (code.parent_id && within(codes, code.id, *code.parent_id))
        return Error::invalid("A code cannot move under itself or its descendants.", "parent_id");
    }
    for (const Code& other : codes)
      if (other.id != code.id && other.parent_id == code.parent_id && other.name == code.name)
        return Error::conflict("A code with this name already exists at this level.", "name");
    TRY(r.studies().codebook().update(code));
    TRY(r.studies().study().advance_codebook_version(study.id, codebook_version));
    TRY(r.audit().append(
        audit_event(actor, clock_, "code.update", {"code", code.id, study.program_id})));
    out = std::move(code);
    return ok_status();
  }));
  notify(out->study_id);
  return *out;
}

Result<CodeDeletion> CodingService::delete_code(const Actor& actor, const std::string& code_id,
                                                long long codebook_version, bool confirm) {
  CodeDeletion d;
  std::string study_id;
  TRY(store_.write([&](Repositories& r) -> Status {
    auto [code, study] = TRY(load_code(r, actor, code_id));
    study_id = study.id;
    TRY(check_codebook_version(study, codebook_version));
    std::vector<Code> codes = TRY(r.studies().codebook().list(study.id));
    // A blinded coder's preview counts only their own coding: the study-wide counts would
    // reveal how much the others coded with this code.
    std::optional<std::string> only_own;
    if (TRY(blinded(r, study, actor))) only_own = actor.user_id;
    auto segments = TRY(r.studies().codebook().segment_counts(study.id, only_own));
    auto memos = TRY(r.studies().codebook().memo_counts(study.id, only_own));
    for (const Code& c : codes) {
      if (!within(codes, code.id, c.id)) continue;
      ++d.codes;
      d.segments += segments.count(c.id) ? segments[c.id] : 0;
      d.memos += memos.count(c.id) ? memos[c.id] : 0;
    }
    if (!confirm) {
      Error e = Error::conflict("Deleting this code removes " + std::to_string(d.codes) +
                                    " code(s), " + std::to_string(d.segments) +
                                    " coded segment(s) and " + std::to_string(d.memos) +
                                    " memo(s). Repeat with confirm=true to delete.",
                                "confirm");
      e.details.push_back({std::nullopt, "codes", std::to_string(d.codes)});
      e.details.push_back({std::nullopt, "segments", std::to_string(d.segments)});
      e.details.push_back({std::nullopt, "memos", std::to_string(d.memos)});
      return e;
    }
    TRY(r.studies().codebook().remove(code.id));
    TRY(r.studies().study().advance_codebook_version(study.id, codebook_version));
    return r.audit().append(audit_event(actor, clock_, "code.delete",
                                        {"code", code.id, study.program_id},
                                        std::to_string(d.segments) + " segments"));
  }));
  notify(study_id);
  return d;
}

Result<long long> CodingService::merge_code(const Actor& actor, const std::string& code_id,
                                            const std::string& into, long long codebook_version) {
  long long moved = 0;
  std::string study_id;
  TRY(store_.write([&](Repositories& r) -> Status {
    auto [code, study] = TRY(load_code(r, actor, code_id));
    study_id = study.id;
    TRY(check_codebook_version(study, codebook_version));
    auto target = r.studies().codebook().find(into);
    if (!TRY(found(target)) || target->study_id != study.id)
      return Error::invalid("into_code_id does not name a code of this study.", "into_code_id");
    TRY(check_codable(*target, "into_code_id"));
    std::vector<Code> codes = TRY(r.studies().codebook().list(study.id));
    if (within(codes, code.id, into))
      return Error::invalid("A code cannot merge into itself or its descendants.", "into_code_id");
    // Children move under the target; a name clash there is the user's to resolve first.
    for (Code child : codes) {
      if (child.parent_id != code.id) continue;
      for (const Code& sibling : codes)
        if (sibling.parent_id == into && sibling.name == child.name)
          return Error::conflict("'" + child.name + "' exists under both codes; rename one first.",
                                 "into_code_id");
      child.parent_id = into;
      TRY(r.studies().codebook().update(child));
    }
    moved = TRY(r.studies().codebook().move_coding(code.id, into));
    TRY(r.studies().codebook().remove(code.id));
    TRY(r.studies().study().advance_codebook_version(study.id, codebook_version));
    return r.audit().append(
        audit_event(actor, clock_, "code.merge", {"code", code.id, study.program_id},
                    "into " + into + ", " + std::to_string(moved) + " segments"));
  }));
  notify(study_id);
  return moved;
}

Result<CodebookImport> CodingService::import_codebook_csv(const Actor& actor,
                                                          const std::string& study_id,
                                                          std::string_view csv) {
  std::vector<CodebookRow> rows = TRY(read_codebook_csv(csv));
  return merge_codebook(actor, study_id, rows);
}

Result<CodebookImport> CodingService::merge_codebook(const Actor& actor,
                                                     const std::string& study_id,
                                                     const std::vector<CodebookRow>& rows) {
  if (rows.size() > kMaxCodes)
    return Error::too_large("The codebook file has more than 2000 codes.");
  Error problems = Error::invalid("The codebook file has problems; nothing was imported.");

  CodebookImport report;
  std::string program_id;
  TRY(store_.write([&](Repositories& r) -> Status {
    Study s = TRY(load_study_for_staff(r, actor, study_id));
    program_id = s.program_id;
    std::vector<Code> codes = TRY(r.studies().codebook().list(study_id));
    // Parents are named by name (or path); they must exist already or come earlier in the file.
    std::map<std::string, std::string> by_path;
    for (const CodeView& v : code_tree(codes)) by_path[v.path] = v.code.id;
    std::map<std::string, std::string> by_name;  // last segment, for parents named plainly
    for (const Code& c : codes) by_name.emplace(c.name, c.id);
    Timestamp at = clock_.now();
    for (const CodebookRow& row : rows) {
      std::optional<std::string> parent;
      std::string path = row.name;
      if (!row.parent.empty()) {
        if (auto p = by_path.find(row.parent); p != by_path.end())
          parent = p->second;
        else if (auto n = by_name.find(row.parent); n != by_name.end())
          parent = n->second;
        if (!parent) {
          problems.details.push_back(
              {row.line, "parent", "no code named '" + row.parent + "' above this row"});
          continue;
        }
        for (const auto& [known_path, id] : by_path)
          if (id == *parent) path = known_path + "/" + row.name;
      }
      if (by_path.count(path)) {
        ++report.unchanged;
        continue;
      }
      Code c;
      c.id = new_id_at(at);
      c.study_id = study_id;
      c.parent_id = parent;
      c.name = row.name;
      c.description = row.description;
      c.colour = row.colour;
      c.category = row.category;
      c.created_at = at++;
      TRY(r.studies().codebook().insert(c));
      by_path[path] = c.id;
      by_name.emplace(c.name, c.id);
      ++report.created;
    }
    if (!problems.details.empty()) return problems;
    if (codes.size() + static_cast<std::size_t>(report.created) > kMaxCodes)
      return Error::invalid("A codebook holds at most 2000 codes; this import would make " +
                            std::to_string(codes.size() + report.created) + ".");
    if (report.created == 0) {
      report.version = s.codebook_version;
      return ok_status();
    }
    TRY(r.studies().study().advance_codebook_version(study_id, s.codebook_version));
    report.version = s.codebook_version + 1;
    return r.audit().append(audit_event(actor, clock_, "codebook.import",
                                        {"study", study_id, s.program_id},
                                        std::to_string(report.created) + " codes"));
  }));
  if (report.created > 0) notify(study_id);
  return report;
}

Result<std::string> CodingService::export_codebook_csv(const Actor& actor,
                                                       const std::string& study_id) {
  Codebook book = TRY(codebook(actor, study_id));
  std::map<std::string, std::string> path_of;
  for (const CodeView& v : book.codes) path_of[v.code.id] = v.path;
  std::string out = "name,description,parent,colour,category\r\n";
  for (const CodeView& v : book.codes) {
    std::string parent = v.code.parent_id ? path_of[*v.code.parent_id] : "";
    out += csv_field(v.code.name) + "," + csv_field(v.code.description) + "," + csv_field(parent) +
           "," + csv_field(v.code.colour) + "," + (v.code.category ? "true" : "false") + "\r\n";
  }
  return out;
}

Result<Code> code_of_study(Repositories& r, const std::string& study_id, const std::string& code_id,
                           const std::string& what, const std::string& field) {
  auto code = r.studies().codebook().find(code_id);
  if (!TRY(found(code)) || code->study_id != study_id)
    return Error::invalid(what + " is not a code of this study.", field);
  return code;
}

}  // namespace trellis
