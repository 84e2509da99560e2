#include <libxml/tree.h>

#include <map>
#include <set>

#include "core/utf8.h"
#include "interchange/qda.h"
#include "interchange/qda_common.h"
#include "interchange/xml_support.h"
#include "interchange/zip_archive.h"

namespace trellis::interchange::qda {
namespace {

using detail::add_element;
using detail::add_text_element;
using detail::attribute;
using detail::check_utf8_text;
using detail::children;
using detail::first_child;
using detail::is_color;
using detail::is_plain_guid;
using detail::kBom;
using detail::kInternalScheme;
using detail::kMaxCodeDepth;
using detail::line_of;
using detail::lower;
using detail::quoted;
using detail::Schema;
using detail::set_attribute;
using detail::text_content;
using detail::xml_date_time;
using detail::XmlDoc;

// Only for string literals and the namespace constants, which are NUL-terminated.
const xmlChar* xml_chars(std::string_view s) {
  return reinterpret_cast<const xmlChar*>(s.data());
}

// Writing

// What the writer has seen: every GUID once (case-insensitively), and which kind each is.
struct WriteCheck {
  std::set<std::string> guids;
  std::set<std::string> users, codes, sources, selections, codings;
  std::set<std::string> categories;  // codes that may not be applied

  Status claim(std::string_view guid, const std::string& what, std::set<std::string>& kind) {
    if (!is_plain_guid(guid))
      return Error::invalid(what + " has the malformed GUID " + quoted(guid) +
                            " (expected 8-4-4-4-12 hex digits)");
    const std::string key = lower(guid);
    if (!guids.insert(key).second)
      return Error::invalid(what + " reuses GUID " + std::string(guid) +
                            "; every object needs its own");
    kind.insert(key);
    return ok_status();
  }

  Status user_ref(std::string_view user, const std::string& what) const {
    if (user.empty() || users.count(lower(user)) > 0) return ok_status();
    return Error::invalid(what + " names creating user " + std::string(user) +
                          ", who is not in the project's users");
  }
};

Status check_optional_text(const std::optional<std::string>& text, const std::string& what) {
  if (!text) return ok_status();
  return check_utf8_text(*text, what);
}

Status check_code(const Code& code, int depth, WriteCheck& check) {
  const std::string what = "code " + quoted(code.name);
  if (depth > kMaxCodeDepth)
    return Error::invalid("the codebook nests codes deeper than " + std::to_string(kMaxCodeDepth) +
                          " levels (at " + what + ")");
  TRY(check.claim(code.guid, what, check.codes));
  if (!code.is_codable) check.categories.insert(lower(code.guid));
  TRY(check_utf8_text(code.name, what + "'s name"));
  TRY(check_optional_text(code.description, what + "'s description"));
  if (code.color && !is_color(*code.color))
    return Error::invalid(what + " has the color " + quoted(*code.color) +
                          "; expected #RRGGBB or #RGB");
  for (const Code& child : code.children) TRY(check_code(child, depth + 1, check));
  return ok_status();
}

// Notes attached to each object, keyed by the object's GUID in lower case.
using NoteRefs = std::map<std::string, std::vector<std::string>>;

void add_note_refs(xmlNode* parent, xmlNs* ns, const NoteRefs& refs, std::string_view guid) {
  auto it = refs.find(lower(guid));
  if (it == refs.end()) return;
  for (const std::string& note : it->second)
    set_attribute(add_element(parent, ns, "NoteRef"), "targetGUID", note);
}

// "#RRGGBB": tools expect six digits (QualCoder maps them to its palette), so "#RGB" is widened.
std::string six_digit_color(const std::string& color) {
  if (color.size() != 4) return color;
  return std::string{'#', color[1], color[1], color[2], color[2], color[3], color[3]};
}

void add_code(xmlNode* parent, xmlNs* ns, const Code& code, const NoteRefs* refs) {
  xmlNode* node = add_element(parent, ns, "Code");
  set_attribute(node, "guid", code.guid);
  set_attribute(node, "name", code.name);
  set_attribute(node, "isCodable", code.is_codable ? "true" : "false");
  if (code.color) set_attribute(node, "color", six_digit_color(*code.color));
  if (code.description) add_text_element(node, ns, "Description", *code.description);
  if (refs) add_note_refs(node, ns, *refs, code.guid);  // the .qdc schema has no NoteRef
  for (const Code& child : code.children) add_code(node, ns, child, refs);
}

// A new document whose root element `name` is in namespace `ns_uri` (the default namespace).
XmlDoc new_document(const char* name, std::string_view ns_uri, xmlNode** root, xmlNs** ns) {
  XmlDoc doc(xmlNewDoc(xml_chars("1.0")));
  *root = xmlNewDocNode(doc.get(), nullptr, xml_chars(name), nullptr);
  xmlDocSetRootElement(doc.get(), *root);
  *ns = xmlNewNs(*root, xml_chars(ns_uri), nullptr);
  xmlSetNs(*root, *ns);
  return doc;
}

// Checks the text of `source` and its selections and codings, claiming their GUIDs.
Status check_source(const Source& source, WriteCheck& check) {
  const std::string label = "source " + quoted(source.name);
  TRY(check.claim(source.guid, label, check.sources));
  TRY(check_utf8_text(source.name, label + "'s name"));
  TRY(check_optional_text(source.description, label + "'s description"));
  TRY(check.user_ref(source.creating_user, label));
  std::size_t bad = 0;
  if (!is_valid_utf8(source.text, &bad))
    return Error::invalid("the text of " + label + " is not valid UTF-8 (byte " +
                          std::to_string(bad) + ")");
  if (std::string_view(source.text).substr(0, kBom.size()) == kBom)
    return Error::invalid("the text of " + label +
                          " starts with a byte-order mark; importers drop it and every " +
                          "position would shift by one");
  const auto length = static_cast<std::int64_t>(count_code_points(source.text));
  for (const Selection& selection : source.selections) {
    const std::string what = "selection " + selection.guid + " of " + label;
    TRY(check.claim(selection.guid, what, check.selections));
    TRY(check_utf8_text(selection.name, what + "'s name"));
    TRY(check_optional_text(selection.memo, what + "'s memo"));
    TRY(check.user_ref(selection.creating_user, what));
    if (selection.start < 0 || selection.end < selection.start || selection.end > length)
      return Error::invalid(what + " covers [" + std::to_string(selection.start) + ", " +
                            std::to_string(selection.end) + "), outside the text's " +
                            std::to_string(length) + " characters");
    for (const Coding& coding : selection.codings) {
      const std::string coding_what = "coding " + coding.guid + " of " + what;
      TRY(check.claim(coding.guid, coding_what, check.codings));
      TRY(check.user_ref(coding.creating_user, coding_what));
      if (check.codes.count(lower(coding.code_guid)) == 0)
        return Error::invalid(coding_what + " applies code " + quoted(coding.code_guid) +
                              ", which is not in the codebook");
      if (check.categories.count(lower(coding.code_guid)) > 0)
        return Error::invalid(coding_what + " applies " + quoted(coding.code_guid) +
                              ", a category (isCodable false), which cannot be applied");
    }
  }
  return ok_status();
}

// Where the notes go: the NoteRefs of each object, and the notes about the whole project.
struct NotePlaces {
  NoteRefs refs;
  std::vector<std::string> about_project;
};

// The creationDateTime written for `note`: its own, else its modification time, else the
// project's creation time.
std::optional<Timestamp> note_created(const Note& note, const Project& project) {
  if (note.created) return note.created;
  if (note.modified) return note.modified;
  return project.created;
}

// Checks the notes (after every object they may be attached to) and places them.
Result<NotePlaces> check_notes(const Project& project, WriteCheck& check) {
  NotePlaces places;
  std::set<std::string> notes_seen;
  for (const Note& note : project.notes) {
    const std::string label = "note " + quoted(note.name);
    TRY(check.claim(note.guid, label, notes_seen));
    TRY(check_utf8_text(note.name, label + "'s name"));
    TRY(check_utf8_text(note.text, label + "'s text"));
    TRY(check.user_ref(note.creating_user, label));
    if (!note_created(note, project))
      return Error::invalid(label + " has no creation or modification time, and neither has the " +
                            "project; importers such as QualCoder stop at a note without one");
    for (const std::string& target : note.targets) {
      const std::string key = lower(target);
      if (check.codes.count(key) + check.sources.count(key) + check.selections.count(key) +
              check.codings.count(key) ==
          0)
        return Error::invalid(label + " is attached to " + quoted(target) +
                              ", which is not a code, source, selection or coding of the project");
      places.refs[key].push_back(note.guid);
    }
    if (note.about_project) places.about_project.push_back(note.guid);
  }
  return places;
}

// Checks everything the schema cannot (UTF-8, unique GUIDs, references, positions).
Result<NotePlaces> check_project(const Project& project) {
  WriteCheck check;
  TRY(check_utf8_text(project.name, "the project name"));
  TRY(check_utf8_text(project.origin, "the project origin"));
  TRY(check_optional_text(project.description, "the project description"));
  for (const User& user : project.users) {
    TRY(check.claim(user.guid, "user " + quoted(user.name), check.users));
    TRY(check_utf8_text(user.name, "the name of user " + user.guid));
  }
  TRY(check.user_ref(project.created_by, "the project"));
  for (const Code& code : project.codebook) TRY(check_code(code, 1, check));
  for (const Source& source : project.sources) TRY(check_source(source, check));
  return check_notes(project, check);
}

void set_time(xmlNode* node, const char* name, const std::optional<Timestamp>& t) {
  if (t) set_attribute(node, name, xml_date_time(*t));
}

void add_selection(xmlNode* source_node, xmlNs* ns, const Selection& selection,
                   const NoteRefs& refs) {
  xmlNode* sel = add_element(source_node, ns, "PlainTextSelection");
  set_attribute(sel, "guid", selection.guid);
  if (!selection.name.empty()) set_attribute(sel, "name", selection.name);
  set_attribute(sel, "startPosition", std::to_string(selection.start));
  set_attribute(sel, "endPosition", std::to_string(selection.end));
  if (!selection.creating_user.empty()) set_attribute(sel, "creatingUser", selection.creating_user);
  set_time(sel, "creationDateTime", selection.created);
  set_time(sel, "modifiedDateTime", selection.modified);
  if (selection.memo) add_text_element(sel, ns, "Description", *selection.memo);
  for (const Coding& coding : selection.codings) {
    xmlNode* coding_node = add_element(sel, ns, "Coding");
    set_attribute(coding_node, "guid", coding.guid);
    if (!coding.creating_user.empty())
      set_attribute(coding_node, "creatingUser", coding.creating_user);
    set_time(coding_node, "creationDateTime", coding.created);
    set_attribute(add_element(coding_node, ns, "CodeRef"), "targetGUID", coding.code_guid);
    add_note_refs(coding_node, ns, refs, coding.guid);
  }
  add_note_refs(sel, ns, refs, selection.guid);
}

// A TextSource element whose text is the archive entry sources/<guid>.txt.
void add_source(xmlNode* sources, xmlNs* ns, const Source& source, const NoteRefs& refs) {
  xmlNode* node = add_element(sources, ns, "TextSource");
  set_attribute(node, "guid", source.guid);
  if (!source.name.empty()) set_attribute(node, "name", source.name);
  set_attribute(node, "plainTextPath", std::string(kInternalScheme) + source.guid + ".txt");
  if (!source.creating_user.empty()) set_attribute(node, "creatingUser", source.creating_user);
  set_time(node, "creationDateTime", source.created);
  set_time(node, "modifiedDateTime", source.modified);
  if (source.description) add_text_element(node, ns, "Description", *source.description);
  for (const Selection& selection : source.selections) add_selection(node, ns, selection, refs);
  add_note_refs(node, ns, refs, source.guid);
}

void add_users(xmlNode* root, xmlNs* ns, const std::vector<User>& users) {
  if (users.empty()) return;
  xmlNode* users_element = add_element(root, ns, "Users");
  for (const User& user : users) {
    xmlNode* node = add_element(users_element, ns, "User");
    set_attribute(node, "guid", user.guid);
    if (!user.name.empty()) set_attribute(node, "name", user.name);
  }
}

// Each note's text is the archive entry sources/<guid>.txt, as a source's is: QualCoder reads a
// note's text only from there (inline PlainTextContent is ignored) and needs creationDateTime.
void add_notes(xmlNode* root, xmlNs* ns, const Project& project) {
  if (project.notes.empty()) return;
  xmlNode* notes_element = add_element(root, ns, "Notes");
  for (const Note& note : project.notes) {
    xmlNode* node = add_element(notes_element, ns, "Note");
    set_attribute(node, "guid", note.guid);
    if (!note.name.empty()) set_attribute(node, "name", note.name);
    set_attribute(node, "plainTextPath", std::string(kInternalScheme) + note.guid + ".txt");
    if (!note.creating_user.empty()) set_attribute(node, "creatingUser", note.creating_user);
    set_time(node, "creationDateTime", note_created(note, project));
    set_time(node, "modifiedDateTime", note.modified);
  }
}

// The project.qde document, in the schema's order: Users, CodeBook, Variables, Cases, Sources,
// Notes, Links, Sets, Graphs, Description, NoteRef.
XmlDoc project_document(const Project& project, const NotePlaces& notes) {
  xmlNode* root = nullptr;
  xmlNs* ns = nullptr;
  XmlDoc doc = new_document("Project", detail::kProjectNamespace, &root, &ns);
  set_attribute(root, "name", project.name);
  if (!project.origin.empty()) set_attribute(root, "origin", project.origin);
  if (!project.created_by.empty()) set_attribute(root, "creatingUserGUID", project.created_by);
  set_time(root, "creationDateTime", project.created);
  set_time(root, "modifiedDateTime", project.modified);
  add_users(root, ns, project.users);
  if (!project.codebook.empty()) {
    xmlNode* codes = add_element(add_element(root, ns, "CodeBook"), ns, "Codes");
    for (const Code& code : unique_code_names(project.codebook))
      add_code(codes, ns, code, &notes.refs);
  }
  if (!project.sources.empty()) {
    xmlNode* sources = add_element(root, ns, "Sources");
    for (const Source& source : project.sources) add_source(sources, ns, source, notes.refs);
  }
  add_notes(root, ns, project);
  if (project.description) add_text_element(root, ns, "Description", *project.description);
  for (const std::string& note : notes.about_project)
    set_attribute(add_element(root, ns, "NoteRef"), "targetGUID", note);
  return doc;
}

}  // namespace

Result<std::string> write_codebook(const std::vector<Code>& codes, std::string_view origin) {
  if (codes.empty())
    return Error::invalid("a codebook needs at least one code (the QDA-XML schema requires it)");
  WriteCheck check;
  TRY(check_utf8_text(origin, "the origin"));
  for (const Code& code : codes) TRY(check_code(code, 1, check));
  xmlNode* root = nullptr;
  xmlNs* ns = nullptr;
  XmlDoc doc = new_document("CodeBook", detail::kCodebookNamespace, &root, &ns);
  if (!origin.empty()) set_attribute(root, "origin", origin);
  xmlNode* codes_element = add_element(root, ns, "Codes");
  for (const Code& code : unique_code_names(codes)) add_code(codes_element, ns, code, nullptr);
  TRY(detail::validate(doc.get(), Schema::kCodebook, "the written codebook"));
  return detail::serialize(doc.get());
}

Result<std::string> write_project(const Project& project) {
  const NotePlaces notes = TRY(check_project(project));
  XmlDoc doc = project_document(project, notes);
  TRY(detail::validate(doc.get(), Schema::kProject, "the written project.qde"));
  std::vector<detail::ZipEntry> entries;
  entries.push_back({"project.qde", detail::serialize(doc.get())});
  for (const Source& source : project.sources)
    entries.push_back({"sources/" + source.guid + ".txt", source.text});
  for (const Note& note : project.notes)
    entries.push_back({"sources/" + note.guid + ".txt", note.text});
  return detail::write_zip(entries);
}

}  // namespace trellis::interchange::qda
