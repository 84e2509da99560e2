#include <libxml/tree.h>

#include <charconv>
#include <map>
#include <set>

#include "core/utf8.h"
#include "core/warning_list.h"
#include "interchange/qda.h"
#include "interchange/qda_common.h"
#include "interchange/qda_repair.h"
#include "interchange/xml_support.h"
#include "interchange/zip_archive.h"

namespace trellis::interchange::qda {
namespace {

using detail::add_element;
using detail::add_text_element;
using detail::at;
using detail::attribute;
using detail::check_utf8_text;
using detail::children;
using detail::element_name;
using detail::first_child;
using detail::kBom;
using detail::kInternalScheme;
using detail::line_of;
using detail::normalize_guid;
using detail::parse_xml_date_time;
using detail::quoted;
using detail::remove_node;
using detail::Schema;
using detail::set_attribute;
using detail::text_content;
using detail::tolerate_codes;
using detail::tolerate_project;
using detail::trim;
using detail::XmlDoc;

Status check_root(const xmlNode* root, const char* name, std::string_view ns,
                  std::string_view what) {
  const bool right_ns = root->ns != nullptr && root->ns->href != nullptr &&
                        ns == reinterpret_cast<const char*>(root->ns->href);
  if (detail::is_element(root, name) && right_ns) return ok_status();
  std::string found = reinterpret_cast<const char*>(root->name);
  if (root->ns && root->ns->href)
    found += " in namespace " + std::string(reinterpret_cast<const char*>(root->ns->href));
  else
    found += " without a namespace";
  return Error::invalid(at(what, root) + ": the root element must be " + name + " in namespace " +
                        std::string(ns) + ", not " + found);
}

// Reading state shared by the parts of one document.
struct Reader {
  std::string what;  // "project.qde" or "the codebook"
  WarningList* warnings = nullptr;
  std::set<std::string> guids;
  std::set<std::string> codes;
  struct PendingNoteRef {
    std::string note;
    std::string target;  // empty: the project
    long line = 0;
  };
  std::vector<PendingNoteRef> note_refs;

  std::string where(const xmlNode* node) const { return at(what, node); }

  // The element's GUID, normalised; fails when another element already has it.
  Result<std::string> claim(const xmlNode* node) {
    std::string guid = normalize_guid(attribute(node, "guid").value_or(""));
    if (!guids.insert(guid).second)
      return Error::invalid(where(node) + ": GUID " + guid + " of " + element_name(node) +
                            " is already used by another element");
    return guid;
  }

  std::string user(const xmlNode* node, const char* name) const {
    auto value = attribute(node, name);
    return value ? normalize_guid(*value) : std::string();
  }

  // The time in attribute `name`; the schema has checked it is an xsd:dateTime, and one this
  // reader cannot place (a year past 9999) is left out.
  std::optional<Timestamp> time(const xmlNode* node, const char* name) const {
    auto value = attribute(node, name);
    if (!value) return std::nullopt;
    auto t = parse_xml_date_time(*value);
    if (!t) warnings->add("a time Trellis cannot read was left out", where(node));
    return t;
  }

  void collect_note_refs(const xmlNode* node, const std::string& target) {
    for (xmlNode* ref : children(node, "NoteRef"))
      note_refs.push_back(
          {normalize_guid(attribute(ref, "targetGUID").value_or("")), target, line_of(ref)});
  }

  Status check_code_ref(const xmlNode* coding) {
    xmlNode* ref = first_child(coding, "CodeRef");
    const std::string target = normalize_guid(attribute(ref, "targetGUID").value_or(""));
    if (codes.count(target) == 0)
      return Error::invalid(where(ref) + ": CodeRef points to code " + target +
                            ", which is not in the codebook");
    return ok_status();
  }
};

std::optional<std::string> description_of(const xmlNode* node) {
  xmlNode* description = first_child(node, "Description");
  if (description == nullptr) return std::nullopt;
  return text_content(description);
}

Result<Code> read_code(const xmlNode* node, Reader& reader) {
  Code code;
  code.guid = TRY(reader.claim(node));
  reader.codes.insert(code.guid);
  code.name = attribute(node, "name").value_or("");
  const std::string codable(trim(attribute(node, "isCodable").value_or("true")));
  code.is_codable = codable == "true" || codable == "1";
  if (auto color = attribute(node, "color")) code.color = std::string(trim(*color));
  code.description = description_of(node);
  reader.collect_note_refs(node, code.guid);
  for (xmlNode* child : children(node, "Code"))
    code.children.push_back(TRY(read_code(child, reader)));
  return code;
}

Result<std::vector<Code>> read_codes(const xmlNode* codes_element, Reader& reader) {
  std::vector<Code> codes;
  for (xmlNode* node : children(codes_element, "Code"))
    codes.push_back(TRY(read_code(node, reader)));
  return codes;
}

Result<std::int64_t> position(const xmlNode* node, const char* name, const Reader& reader) {
  const std::string value(trim(attribute(node, name).value_or("")));
  std::int64_t out = 0;
  std::string_view digits = value;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  if (ec != std::errc() || end != digits.data() + digits.size())
    return Error::invalid(reader.where(node) + ": " + name + " " + quoted(value) +
                          " is not a usable position");
  return out;
}

// The text of a TextSource-like element (a source or a note): the archive file its plainTextPath
// names, or else its inline PlainTextContent. A byte-order mark is removed (with a warning), the
// text must be UTF-8. nullopt when the element has no plain text at all.
Result<std::optional<std::string>> read_plain_text(const xmlNode* node, const std::string& label,
                                                   detail::ZipReader& zip, Reader& reader) {
  const auto path = attribute(node, "plainTextPath");
  xmlNode* inline_content = first_child(node, "PlainTextContent");
  std::string text;
  std::string origin;
  if (path) {
    if (path->rfind(kInternalScheme, 0) != 0)
      return Error::invalid(reader.where(node) + ": " + label + " keeps its text outside the " +
                            "archive (" + quoted(*path) + "); only internal:// paths can be " +
                            "imported");
    const std::string relative = path->substr(kInternalScheme.size());
    if (std::string reason = detail::unsafe_path_reason(relative); !reason.empty())
      return Error::invalid(reader.where(node) + ": " + label + "'s plainTextPath " +
                            quoted(*path) + " has " + reason);
    origin = "sources/" + relative;
    if (!zip.contains(origin))
      return Error::invalid(reader.where(node) + ": the text file " + origin + " of " + label +
                            " is missing from the archive");
    text = TRY(zip.read(origin));
    if (inline_content != nullptr)
      reader.warnings->add("a text has both a text file and PlainTextContent; the file was used",
                           reader.where(node) + ", " + label);
  } else if (inline_content != nullptr) {
    origin = "its PlainTextContent";
    text = text_content(inline_content);
  } else {
    return std::optional<std::string>();
  }
  if (std::string_view(text).substr(0, kBom.size()) == kBom) {
    text.erase(0, kBom.size());
    reader.warnings->add(
        "a byte-order mark at the start of a text was removed; positions count from the "
        "character after it",
        label + ", " + origin);
  }
  std::size_t bad = 0;
  if (!is_valid_utf8(text, &bad))
    return Error::invalid(reader.where(node) + ": the text of " + label + " (" + origin +
                          ") is not valid UTF-8 (byte " + std::to_string(bad) + ")");
  return std::optional<std::string>(std::move(text));
}

Result<Selection> read_selection(const xmlNode* node, const Source& source, std::int64_t length,
                                 Reader& reader) {
  Selection selection;
  selection.guid = TRY(reader.claim(node));
  selection.name = attribute(node, "name").value_or("");
  selection.creating_user = reader.user(node, "creatingUser");
  selection.start = TRY(position(node, "startPosition", reader));
  selection.end = TRY(position(node, "endPosition", reader));
  if (selection.start < 0 || selection.end < selection.start || selection.end > length)
    return Error::invalid(reader.where(node) + ": selection " + selection.guid + " [" +
                          std::to_string(selection.start) + ", " + std::to_string(selection.end) +
                          ") lies outside source " + quoted(source.name) + ", whose text has " +
                          std::to_string(length) + " characters");
  selection.memo = description_of(node);
  selection.created = reader.time(node, "creationDateTime");
  selection.modified = reader.time(node, "modifiedDateTime");
  for (xmlNode* coding_node : children(node, "Coding")) {
    Coding coding;
    coding.guid = TRY(reader.claim(coding_node));
    coding.creating_user = reader.user(coding_node, "creatingUser");
    coding.created = reader.time(coding_node, "creationDateTime");
    TRY(reader.check_code_ref(coding_node));
    coding.code_guid =
        normalize_guid(attribute(first_child(coding_node, "CodeRef"), "targetGUID").value_or(""));
    reader.collect_note_refs(coding_node, coding.guid);
    selection.codings.push_back(std::move(coding));
  }
  reader.collect_note_refs(node, selection.guid);
  return selection;
}

Result<std::optional<Source>> read_source(const xmlNode* node, detail::ZipReader& zip,
                                          Reader& reader) {
  Source source;
  source.guid = TRY(reader.claim(node));
  source.name = attribute(node, "name").value_or("");
  source.creating_user = reader.user(node, "creatingUser");
  source.description = description_of(node);
  source.created = reader.time(node, "creationDateTime");
  source.modified = reader.time(node, "modifiedDateTime");
  const std::string label = "source " + quoted(source.name);
  auto text = TRY(read_plain_text(node, label, zip, reader));
  if (!text) {
    reader.warnings->add("a source with no plain text (only rich text or none) was skipped",
                         reader.where(node) + ", " + label);
    return std::optional<Source>();
  }
  source.text = std::move(*text);
  const auto length = static_cast<std::int64_t>(count_code_points(source.text));
  for (xmlNode* selection : children(node, "PlainTextSelection"))
    source.selections.push_back(TRY(read_selection(selection, source, length, reader)));
  for (xmlNode* coding : children(node, "Coding")) {
    TRY(reader.check_code_ref(coding));
    reader.warnings->add("a coding of a whole source was not imported; only coded selections are",
                         reader.where(coding) + ", " + label);
  }
  reader.collect_note_refs(node, source.guid);
  return std::optional<Source>(std::move(source));
}

Result<Note> read_note(const xmlNode* node, detail::ZipReader& zip, Reader& reader) {
  Note note;
  note.guid = TRY(reader.claim(node));
  note.name = attribute(node, "name").value_or("");
  note.creating_user = reader.user(node, "creatingUser");
  note.created = reader.time(node, "creationDateTime");
  note.modified = reader.time(node, "modifiedDateTime");
  auto text = TRY(read_plain_text(node, "note " + quoted(note.name), zip, reader));
  note.text = text.value_or("");
  if (!children(node, "PlainTextSelection").empty() || !children(node, "Coding").empty())
    reader.warnings->add("selections and codings inside a note were not imported",
                         reader.where(node) + ", note " + quoted(note.name));
  return note;
}

// Attaches every NoteRef to its note; a NoteRef to a note that does not exist is an error.
Status resolve_note_refs(Reader& reader, std::vector<Note>& notes) {
  std::map<std::string, Note*> by_guid;
  for (Note& note : notes) by_guid[note.guid] = &note;
  for (const auto& ref : reader.note_refs) {
    auto it = by_guid.find(ref.note);
    if (it == by_guid.end())
      return Error::invalid(reader.what + ", line " + std::to_string(ref.line) +
                            ": NoteRef points to note " + ref.note + ", which is not in Notes");
    if (ref.target.empty())
      it->second->about_project = true;
    else
      it->second->targets.push_back(ref.target);
  }
  return ok_status();
}

// Creating users that are not among the project's users are dropped with one warning for all:
// tools do not all list every user they mention, and a missing author loses nothing else.
void resolve_users(Project& project, WarningList& warnings) {
  std::set<std::string> known;
  for (const User& user : project.users) known.insert(user.guid);
  auto check = [&](std::string& user) {
    if (user.empty() || known.count(user) > 0) return;
    warnings.add("a reference to a user who is not among the project's users was dropped",
                 "user " + user);
    user.clear();
  };
  check(project.created_by);
  for (Source& source : project.sources) {
    check(source.creating_user);
    for (Selection& selection : source.selections) {
      check(selection.creating_user);
      for (Coding& coding : selection.codings) check(coding.creating_user);
    }
  }
  for (Note& note : project.notes) check(note.creating_user);
}

}  // namespace

Result<std::vector<Code>> read_codebook(std::string_view xml, std::uint64_t max_xml_nodes) {
  TRY(detail::check_node_count(xml, "the codebook", max_xml_nodes));
  XmlDoc doc = TRY(detail::parse_xml(xml, "the codebook"));
  xmlNode* root = xmlDocGetRootElement(doc.get());
  TRY(check_root(root, "CodeBook", detail::kCodebookNamespace, "the codebook"));
  WarningList warnings;  // read_codebook has no channel for them; see ADR 0009
  for (xmlNode* sets : children(root, "Sets")) remove_node(sets);
  if (xmlNode* codes = first_child(root, "Codes")) tolerate_codes(codes, "the codebook", warnings);
  TRY(detail::validate(doc.get(), Schema::kCodebook, "the codebook"));
  Reader reader;
  reader.what = "the codebook";
  reader.warnings = &warnings;
  std::vector<Code> codes = TRY(read_codes(first_child(root, "Codes"), reader));
  restore_code_names(codes);
  return codes;
}

Result<Project> read_project(std::string_view zip_bytes, const ImportLimits& limits) {
  auto zip = TRY(detail::ZipReader::open(zip_bytes, limits));
  if (!zip->contains("project.qde"))
    return Error::invalid(
        "the archive has no project.qde at its top level, so it is not a REFI-QDA project");
  const std::string qde = TRY(zip->read("project.qde"));
  TRY(detail::check_node_count(qde, "project.qde", limits.max_xml_nodes));
  XmlDoc doc = TRY(detail::parse_xml(qde, "project.qde"));
  xmlNode* root = xmlDocGetRootElement(doc.get());
  TRY(check_root(root, "Project", detail::kProjectNamespace, "project.qde"));

  Project project;
  WarningList warnings;
  tolerate_project(root, warnings);
  TRY(detail::validate(doc.get(), Schema::kProject, "project.qde"));

  Reader reader;
  reader.what = "project.qde";
  reader.warnings = &warnings;
  project.name = attribute(root, "name").value_or("");
  project.origin = attribute(root, "origin").value_or("");
  project.created_by = reader.user(root, "creatingUserGUID");
  project.created = reader.time(root, "creationDateTime");
  project.modified = reader.time(root, "modifiedDateTime");
  project.description = description_of(root);
  if (xmlNode* users = first_child(root, "Users")) {
    for (xmlNode* node : children(users, "User")) {
      User user;
      user.guid = TRY(reader.claim(node));
      user.name = attribute(node, "name").value_or("");
      project.users.push_back(std::move(user));
    }
  }
  if (xmlNode* codebook = first_child(root, "CodeBook")) {
    project.codebook = TRY(read_codes(first_child(codebook, "Codes"), reader));
    restore_code_names(project.codebook);
  }
  if (xmlNode* sources = first_child(root, "Sources")) {
    for (xmlNode* node : children(sources, "TextSource")) {
      auto source = TRY(read_source(node, *zip, reader));
      if (source) project.sources.push_back(std::move(*source));
    }
  }
  if (xmlNode* notes = first_child(root, "Notes")) {
    for (xmlNode* node : children(notes, "Note"))
      project.notes.push_back(TRY(read_note(node, *zip, reader)));
  }
  reader.collect_note_refs(root, std::string());
  TRY(resolve_note_refs(reader, project.notes));
  resolve_users(project, warnings);
  project.warnings = warnings.lines();
  return project;
}

Status validate_codebook_xml(std::string_view xml) {
  XmlDoc doc = TRY(detail::parse_xml(xml, "the codebook"));
  return detail::validate(doc.get(), Schema::kCodebook, "the codebook");
}

Status validate_project_xml(std::string_view xml) {
  XmlDoc doc = TRY(detail::parse_xml(xml, "project.qde"));
  return detail::validate(doc.get(), Schema::kProject, "project.qde");
}

}  // namespace trellis::interchange::qda
