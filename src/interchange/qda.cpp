#include "interchange/qda.h"

#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>

#include "core/utf8.h"
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
using detail::line_of;
using detail::Schema;
using detail::set_attribute;
using detail::text_content;
using detail::XmlDoc;

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kInternalScheme = "internal://";
constexpr int kMaxCodeDepth = 100;  // libxml2 refuses documents nested deeper than 256

// Only for string literals and the namespace constants, which are NUL-terminated.
const xmlChar* xml_chars(std::string_view s) {
  return reinterpret_cast<const xmlChar*>(s.data());
}

std::string quoted(std::string_view s) {
  return "'" + std::string(s) + "'";
}

// 8-4-4-4-12 hex digits, the form Trellis writes (the standard also allows braces around it).
bool is_plain_guid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// The form readers return: no surrounding space (GUIDs are xsd:token), no braces, lower case.
std::string normalize_guid(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '{' && s.back() == '}') s = s.substr(1, s.size() - 2);
  return lower(s);
}

bool is_color(std::string_view s) {
  if (s.size() != 4 && s.size() != 7) return false;
  if (s[0] != '#') return false;
  return std::all_of(s.begin() + 1, s.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

// ---------------------------------------------------------------------------------------------
// Writing

// What the writer has seen: every GUID once (case-insensitively), and which kind each is.
struct WriteCheck {
  std::set<std::string> guids;
  std::set<std::string> users, codes, sources, selections, codings;

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

void add_code(xmlNode* parent, xmlNs* ns, const Code& code, const NoteRefs* refs) {
  xmlNode* node = add_element(parent, ns, "Code");
  set_attribute(node, "guid", code.guid);
  set_attribute(node, "name", code.name);
  set_attribute(node, "isCodable", code.is_codable ? "true" : "false");
  if (code.color) set_attribute(node, "color", *code.color);
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

// ---------------------------------------------------------------------------------------------
// Reading

// Where in a document, for messages: "project.qde, line 12".
std::string at(std::string_view what, const xmlNode* node) {
  return std::string(what) + ", line " + std::to_string(line_of(node));
}

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

void remove_node(xmlNode* node) {
  xmlUnlinkNode(node);
  xmlFreeNode(node);
}

std::string element_name(const xmlNode* node) {
  return reinterpret_cast<const char*>(node->name);
}

// Every Code element below `node`, at any depth.
void collect_codes(xmlNode* node, std::vector<xmlNode*>& out) {
  for (xmlNode* code : children(node, "Code")) {
    out.push_back(code);
    collect_codes(code, out);
  }
}

// Deviations from the schema that real exports show and that do not change the meaning: a code
// without isCodable (every code is codable then), and containers left empty. Each repair is
// reported as a warning.
void tolerate_codes(xmlNode* codes_parent, std::string_view what,
                    std::vector<std::string>& warnings) {
  std::vector<xmlNode*> codes;
  collect_codes(codes_parent, codes);
  std::size_t repaired = 0;
  for (xmlNode* code : codes) {
    if (attribute(code, "isCodable")) continue;
    set_attribute(code, "isCodable", "true");
    ++repaired;
  }
  if (repaired > 0)
    warnings.push_back(std::string(what) + ": " + std::to_string(repaired) +
                       " code(s) had no isCodable attribute and were taken as codable");
}

void drop_if_empty(xmlNode* node, std::string_view what, std::vector<std::string>& warnings) {
  if (node == nullptr || !children(node).empty()) return;
  warnings.push_back(at(what, node) + ": an empty " + element_name(node) +
                     " element, which the schema does not allow, was ignored");
  remove_node(node);
}

// Removes the parts of a project that Trellis does not import, so that neither their content
// nor their deviations from the schema stop the import, and repairs the harmless deviations.
void tolerate_project(xmlNode* root, std::vector<std::string>& warnings) {
  const std::string_view what = "project.qde";
  for (const char* part : {"Variables", "Cases", "Links", "Sets", "Graphs"}) {
    for (xmlNode* node : children(root, part)) {
      warnings.push_back(at(what, node) + ": " + part + " are not imported");
      remove_node(node);
    }
  }
  std::size_t variable_values = 0;
  auto drop_variable_values = [&](xmlNode* holder) {
    for (xmlNode* value : children(holder, "VariableValue")) {
      remove_node(value);
      ++variable_values;
    }
  };
  if (xmlNode* sources = first_child(root, "Sources")) {
    for (xmlNode* source : children(sources)) {
      if (detail::is_element(source, "TextSource")) {
        drop_variable_values(source);
        continue;
      }
      warnings.push_back(at(what, source) + ": " + element_name(source) + " " +
                         quoted(attribute(source, "name").value_or("")) +
                         " is not imported; only text sources are supported");
      remove_node(source);
    }
    drop_if_empty(sources, what, warnings);
  }
  if (xmlNode* notes = first_child(root, "Notes")) {
    for (xmlNode* note : children(notes, "Note")) drop_variable_values(note);
    drop_if_empty(notes, what, warnings);
  }
  if (variable_values > 0)
    warnings.push_back(std::string(what) + ": " + std::to_string(variable_values) +
                       " variable value(s) of sources were not imported");
  drop_if_empty(first_child(root, "Users"), what, warnings);
  if (xmlNode* codebook = first_child(root, "CodeBook")) {
    xmlNode* codes = first_child(codebook, "Codes");
    drop_if_empty(codes, what, warnings);
    if (first_child(codebook, "Codes") == nullptr) {
      remove_node(codebook);
    } else {
      tolerate_codes(first_child(codebook, "Codes"), what, warnings);
    }
  }
}

// Reading state shared by the parts of one document.
struct Reader {
  std::string what;  // "project.qde" or "the codebook"
  std::vector<std::string>* warnings = nullptr;
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
      reader.warnings->push_back(reader.where(node) + ": " + label +
                                 " has both a text file and PlainTextContent; the file was used");
  } else if (inline_content != nullptr) {
    origin = "its PlainTextContent";
    text = text_content(inline_content);
  } else {
    return std::optional<std::string>();
  }
  if (std::string_view(text).substr(0, kBom.size()) == kBom) {
    text.erase(0, kBom.size());
    reader.warnings->push_back(label + ": a byte-order mark at the start of " + origin +
                               " was removed; positions count from the character after it");
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
  for (xmlNode* coding_node : children(node, "Coding")) {
    Coding coding;
    coding.guid = TRY(reader.claim(coding_node));
    coding.creating_user = reader.user(coding_node, "creatingUser");
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
  const std::string label = "source " + quoted(source.name);
  auto text = TRY(read_plain_text(node, label, zip, reader));
  if (!text) {
    reader.warnings->push_back(reader.where(node) + ": " + label +
                               " has no plain text (only rich text or none) and was skipped");
    return std::optional<Source>();
  }
  source.text = std::move(*text);
  const auto length = static_cast<std::int64_t>(count_code_points(source.text));
  for (xmlNode* selection : children(node, "PlainTextSelection"))
    source.selections.push_back(TRY(read_selection(selection, source, length, reader)));
  const auto whole_source_codings = children(node, "Coding");
  for (xmlNode* coding : whole_source_codings) TRY(reader.check_code_ref(coding));
  if (!whole_source_codings.empty())
    reader.warnings->push_back(
        reader.where(node) + ": " + std::to_string(whole_source_codings.size()) +
        " coding(s) of the whole of " + label + " were not imported; only coded selections are");
  reader.collect_note_refs(node, source.guid);
  return std::optional<Source>(std::move(source));
}

Result<Note> read_note(const xmlNode* node, detail::ZipReader& zip, Reader& reader) {
  Note note;
  note.guid = TRY(reader.claim(node));
  note.name = attribute(node, "name").value_or("");
  note.creating_user = reader.user(node, "creatingUser");
  auto text = TRY(read_plain_text(node, "note " + quoted(note.name), zip, reader));
  note.text = text.value_or("");
  if (!children(node, "PlainTextSelection").empty() || !children(node, "Coding").empty())
    reader.warnings->push_back(reader.where(node) + ": codings inside note " + quoted(note.name) +
                               " were not imported");
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

// Creating users that are not among the project's users are dropped with one warning per user:
// tools do not all list every user they mention, and a missing author loses nothing else.
void resolve_users(Project& project) {
  std::set<std::string> known;
  for (const User& user : project.users) known.insert(user.guid);
  std::map<std::string, std::size_t> dropped;
  auto check = [&](std::string& user) {
    if (user.empty() || known.count(user) > 0) return;
    ++dropped[user];
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
  for (const auto& [user, count] : dropped)
    project.warnings.push_back(std::to_string(count) + " reference(s) to user " + user +
                               ", who is not among the project's users, were dropped");
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
  for (const Code& code : codes) add_code(codes_element, ns, code, nullptr);
  TRY(detail::validate(doc.get(), Schema::kCodebook, "the written codebook"));
  return detail::serialize(doc.get());
}

Result<std::vector<Code>> read_codebook(std::string_view xml, std::uint64_t max_xml_nodes) {
  TRY(detail::check_node_count(xml, "the codebook", max_xml_nodes));
  XmlDoc doc = TRY(detail::parse_xml(xml, "the codebook"));
  xmlNode* root = xmlDocGetRootElement(doc.get());
  TRY(check_root(root, "CodeBook", detail::kCodebookNamespace, "the codebook"));
  std::vector<std::string> warnings;  // read_codebook has no channel for them; see ADR 0009
  for (xmlNode* sets : children(root, "Sets")) remove_node(sets);
  if (xmlNode* codes = first_child(root, "Codes")) tolerate_codes(codes, "the codebook", warnings);
  TRY(detail::validate(doc.get(), Schema::kCodebook, "the codebook"));
  Reader reader;
  reader.what = "the codebook";
  reader.warnings = &warnings;
  return read_codes(first_child(root, "Codes"), reader);
}

Result<std::string> write_project(const Project& project) {
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
  for (const Source& source : project.sources) {
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
      }
    }
  }
  NoteRefs refs;
  std::vector<std::string> project_notes;
  std::set<std::string> notes_seen;
  for (const Note& note : project.notes) {
    const std::string label = "note " + quoted(note.name);
    TRY(check.claim(note.guid, label, notes_seen));
    TRY(check_utf8_text(note.name, label + "'s name"));
    TRY(check_utf8_text(note.text, label + "'s text"));
    TRY(check.user_ref(note.creating_user, label));
    for (const std::string& target : note.targets) {
      const std::string key = lower(target);
      if (check.codes.count(key) + check.sources.count(key) + check.selections.count(key) +
              check.codings.count(key) ==
          0)
        return Error::invalid(label + " is attached to " + quoted(target) +
                              ", which is not a code, source, selection or coding of the project");
      refs[key].push_back(note.guid);
    }
    if (note.about_project) project_notes.push_back(note.guid);
  }

  xmlNode* root = nullptr;
  xmlNs* ns = nullptr;
  XmlDoc doc = new_document("Project", detail::kProjectNamespace, &root, &ns);
  set_attribute(root, "name", project.name);
  if (!project.origin.empty()) set_attribute(root, "origin", project.origin);
  if (!project.created_by.empty()) set_attribute(root, "creatingUserGUID", project.created_by);
  // The schema's order: Users, CodeBook, Variables, Cases, Sources, Notes, Links, Sets, Graphs,
  // Description, NoteRef.
  if (!project.users.empty()) {
    xmlNode* users = add_element(root, ns, "Users");
    for (const User& user : project.users) {
      xmlNode* node = add_element(users, ns, "User");
      set_attribute(node, "guid", user.guid);
      if (!user.name.empty()) set_attribute(node, "name", user.name);
    }
  }
  if (!project.codebook.empty()) {
    xmlNode* codes = add_element(add_element(root, ns, "CodeBook"), ns, "Codes");
    for (const Code& code : project.codebook) add_code(codes, ns, code, &refs);
  }
  std::vector<detail::ZipEntry> entries;
  entries.push_back({"project.qde", {}});
  if (!project.sources.empty()) {
    xmlNode* sources = add_element(root, ns, "Sources");
    for (const Source& source : project.sources) {
      xmlNode* node = add_element(sources, ns, "TextSource");
      set_attribute(node, "guid", source.guid);
      if (!source.name.empty()) set_attribute(node, "name", source.name);
      set_attribute(node, "plainTextPath", std::string(kInternalScheme) + source.guid + ".txt");
      if (!source.creating_user.empty()) set_attribute(node, "creatingUser", source.creating_user);
      if (source.description) add_text_element(node, ns, "Description", *source.description);
      for (const Selection& selection : source.selections) {
        xmlNode* sel = add_element(node, ns, "PlainTextSelection");
        set_attribute(sel, "guid", selection.guid);
        if (!selection.name.empty()) set_attribute(sel, "name", selection.name);
        set_attribute(sel, "startPosition", std::to_string(selection.start));
        set_attribute(sel, "endPosition", std::to_string(selection.end));
        if (!selection.creating_user.empty())
          set_attribute(sel, "creatingUser", selection.creating_user);
        if (selection.memo) add_text_element(sel, ns, "Description", *selection.memo);
        for (const Coding& coding : selection.codings) {
          xmlNode* coding_node = add_element(sel, ns, "Coding");
          set_attribute(coding_node, "guid", coding.guid);
          if (!coding.creating_user.empty())
            set_attribute(coding_node, "creatingUser", coding.creating_user);
          set_attribute(add_element(coding_node, ns, "CodeRef"), "targetGUID", coding.code_guid);
          add_note_refs(coding_node, ns, refs, coding.guid);
        }
        add_note_refs(sel, ns, refs, selection.guid);
      }
      add_note_refs(node, ns, refs, source.guid);
      entries.push_back({"sources/" + source.guid + ".txt", source.text});
    }
  }
  if (!project.notes.empty()) {
    xmlNode* notes = add_element(root, ns, "Notes");
    for (const Note& note : project.notes) {
      xmlNode* node = add_element(notes, ns, "Note");
      set_attribute(node, "guid", note.guid);
      if (!note.name.empty()) set_attribute(node, "name", note.name);
      if (!note.creating_user.empty()) set_attribute(node, "creatingUser", note.creating_user);
      add_text_element(node, ns, "PlainTextContent", note.text);
    }
  }
  if (project.description) add_text_element(root, ns, "Description", *project.description);
  for (const std::string& note : project_notes)
    set_attribute(add_element(root, ns, "NoteRef"), "targetGUID", note);

  TRY(detail::validate(doc.get(), Schema::kProject, "the written project.qde"));
  entries.front().data = detail::serialize(doc.get());
  return detail::write_zip(entries);
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
  tolerate_project(root, project.warnings);
  TRY(detail::validate(doc.get(), Schema::kProject, "project.qde"));

  Reader reader;
  reader.what = "project.qde";
  reader.warnings = &project.warnings;
  project.name = attribute(root, "name").value_or("");
  project.origin = attribute(root, "origin").value_or("");
  project.created_by = reader.user(root, "creatingUserGUID");
  project.description = description_of(root);
  if (xmlNode* users = first_child(root, "Users")) {
    for (xmlNode* node : children(users, "User")) {
      User user;
      user.guid = TRY(reader.claim(node));
      user.name = attribute(node, "name").value_or("");
      project.users.push_back(std::move(user));
    }
  }
  if (xmlNode* codebook = first_child(root, "CodeBook"))
    project.codebook = TRY(read_codes(first_child(codebook, "Codes"), reader));
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
  resolve_users(project);
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
