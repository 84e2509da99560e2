#include "interchange/xml_support.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <mutex>

#include "core/utf8.h"
#include "interchange/qda.h"

namespace trellis::interchange::qda::detail {
namespace {

constexpr std::size_t kMaxListedProblems = 100;

const xmlChar* xml_chars(const char* s) {
  return reinterpret_cast<const xmlChar*>(s);
}

std::string trimmed_message(const char* message) {
  std::string s = message ? message : "unknown error";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Collects libxml2's errors (warnings are ignored) instead of letting them reach stderr.
struct Problems {
  std::vector<ErrorDetail> items;
  std::size_t dropped = 0;

  static void collect(void* self, xmlErrorPtr error) {
    auto* problems = static_cast<Problems*>(self);
    if (error == nullptr || error->level < XML_ERR_ERROR) return;
    if (problems->items.size() >= kMaxListedProblems) {
      ++problems->dropped;
      return;
    }
    ErrorDetail detail;
    if (error->line > 0) detail.line = error->line;
    detail.message = trimmed_message(error->message);
    problems->items.push_back(std::move(detail));
  }
};

// Routes this thread's libxml2 errors to `problems` for the lifetime of the scope. libxml2 keeps
// the handler per thread, so concurrent parses do not see each other's errors.
class ErrorScope {
 public:
  explicit ErrorScope(Problems* problems)
      : saved_handler_(xmlStructuredError), saved_context_(xmlStructuredErrorContext) {
    xmlSetStructuredErrorFunc(problems, &Problems::collect);
  }
  ~ErrorScope() { xmlSetStructuredErrorFunc(saved_context_, saved_handler_); }
  ErrorScope(const ErrorScope&) = delete;
  ErrorScope& operator=(const ErrorScope&) = delete;

 private:
  xmlStructuredErrorFunc saved_handler_;
  void* saved_context_;
};

void init_libxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

// A parsed schema, built once per process from the embedded XSD and then shared read-only.
struct CompiledSchema {
  xmlSchemaPtr schema = nullptr;
  std::string failure;  // why it could not be built (a bug: the XSD ships with the binary)
};

CompiledSchema compile(std::string_view xsd, const char* name) {
  init_libxml();
  CompiledSchema out;
  Problems problems;
  ErrorScope scope(&problems);
  xmlSchemaParserCtxtPtr ctxt = xmlSchemaNewMemParserCtxt(xsd.data(), static_cast<int>(xsd.size()));
  if (ctxt == nullptr) {
    out.failure = std::string("cannot create a schema parser for ") + name;
    return out;
  }
  xmlSchemaSetParserStructuredErrors(ctxt, &Problems::collect, &problems);
  out.schema = xmlSchemaParse(ctxt);
  xmlSchemaFreeParserCtxt(ctxt);
  if (out.schema == nullptr) {
    out.failure = std::string("the embedded schema ") + name + " does not compile";
    if (!problems.items.empty()) out.failure += ": " + problems.items.front().message;
  }
  return out;
}

const CompiledSchema& compiled(Schema which) {
  // Function-local statics are initialised once, thread-safely; never freed (process lifetime).
  if (which == Schema::kCodebook) {
    static const CompiledSchema codebook = compile(qda::codebook_schema(), "Codebook.xsd");
    return codebook;
  }
  static const CompiledSchema project = compile(qda::project_schema(), "Project.xsd");
  return project;
}

// 1-based line of the first "<!DOCTYPE" in the text, for the error message.
long doctype_line(std::string_view xml) {
  auto at = xml.find("<!DOCTYPE");
  if (at == std::string_view::npos) return 0;
  long line = 1;
  for (std::size_t i = 0; i < at; ++i)
    if (xml[i] == '\n') ++line;
  return line;
}

std::string prefixed(std::string_view what, const ErrorDetail& d) {
  std::string s(what);
  if (d.line) s += ", line " + std::to_string(*d.line);
  return s + ": " + d.message;
}

Error refuse_doctype(std::string_view what, long line) {
  std::string where(what);
  if (line > 0) where += ", line " + std::to_string(line);
  return Error::invalid(where +
                        ": document type declarations (DTD) are not allowed in QDA-XML files");
}

}  // namespace

Result<XmlDoc> parse_xml(std::string_view xml, std::string_view what) {
  init_libxml();
  if (xml.size() > static_cast<std::size_t>(INT_MAX))
    return Error::too_large(std::string(what) + " is too large to parse");
  // Refused before parsing, so no entity declared in it is ever looked at. The check after
  // parsing catches a DTD this byte search cannot see (a UTF-16 document).
  if (long line = doctype_line(xml); line > 0) return refuse_doctype(what, line);
  Problems problems;
  ErrorScope scope(&problems);
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (ctxt == nullptr) return Error::internal("cannot create an XML parser");
  // NONET: never fetch anything. Deliberately absent: NOENT (substitute entities) and DTDLOAD /
  // DTDATTR / DTDVALID (read external DTDs), which are what XXE attacks need. BIG_LINES keeps
  // line numbers above 65535 right.
  const int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;
  const std::string name(what);
  XmlDoc doc(xmlCtxtReadMemory(ctxt, xml.data(), static_cast<int>(xml.size()), name.c_str(),
                               nullptr, options));
  xmlFreeParserCtxt(ctxt);
  if (!doc || !problems.items.empty()) {
    if (problems.items.empty()) return Error::invalid(name + " is not well-formed XML");
    Error error =
        Error::invalid(name + " is not well-formed XML: " + prefixed(what, problems.items.front()));
    error.details = std::move(problems.items);
    return error;
  }
  if (doc->intSubset != nullptr || doc->extSubset != nullptr) return refuse_doctype(what, 0);
  if (xmlDocGetRootElement(doc.get()) == nullptr)
    return Error::invalid(name + " has no root element");
  return doc;
}

Status validate(xmlDoc* doc, Schema schema, std::string_view what) {
  const CompiledSchema& compiled_schema = compiled(schema);
  if (compiled_schema.schema == nullptr) return Error::internal(compiled_schema.failure);
  Problems problems;
  ErrorScope scope(&problems);
  xmlSchemaValidCtxtPtr ctxt = xmlSchemaNewValidCtxt(compiled_schema.schema);
  if (ctxt == nullptr) return Error::internal("cannot create a schema validation context");
  xmlSchemaSetValidStructuredErrors(ctxt, &Problems::collect, &problems);
  const int rc = xmlSchemaValidateDoc(ctxt, doc);
  xmlSchemaFreeValidCtxt(ctxt);
  if (rc == 0) return ok_status();
  const char* schema_name = schema == Schema::kCodebook ? "codebook" : "project";
  std::string message = std::string(what) + " does not match the REFI-QDA " + schema_name +
                        " schema (" + std::to_string(problems.items.size() + problems.dropped) +
                        " problem" + (problems.items.size() + problems.dropped == 1 ? "" : "s") +
                        ")";
  if (!problems.items.empty()) message += "; first: " + prefixed(what, problems.items.front());
  if (problems.dropped > 0)
    problems.items.push_back(
        {std::nullopt, {}, std::to_string(problems.dropped) + " more problems not listed"});
  Error error = Error::invalid(std::move(message));
  error.details = std::move(problems.items);
  return error;
}

std::string serialize(xmlDoc* doc) {
  xmlChar* buffer = nullptr;
  int size = 0;
  xmlDocDumpFormatMemoryEnc(doc, &buffer, &size, "UTF-8", 1);
  std::string out(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(size));
  xmlFree(buffer);
  return out;
}

xmlNode* add_element(xmlNode* parent, xmlNs* ns, const char* name) {
  return xmlNewChild(parent, ns, xml_chars(name), nullptr);
}

xmlNode* add_text_element(xmlNode* parent, xmlNs* ns, const char* name, std::string_view text) {
  const std::string value = xml_safe(text);
  // xmlNewTextChild stores the text as is; the serializer escapes it (including '\r').
  return xmlNewTextChild(parent, ns, xml_chars(name), xml_chars(value.c_str()));
}

void set_attribute(xmlNode* node, const char* name, std::string_view value) {
  const std::string v = xml_safe(value);
  xmlNewProp(node, xml_chars(name), xml_chars(v.c_str()));
}

std::optional<std::string> attribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetNoNsProp(node, xml_chars(name));
  if (value == nullptr) return std::nullopt;
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

std::string text_content(const xmlNode* node) {
  xmlChar* value = xmlNodeGetContent(node);
  if (value == nullptr) return {};
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

bool is_element(const xmlNode* node, const char* name) {
  return node != nullptr && node->type == XML_ELEMENT_NODE &&
         xmlStrEqual(node->name, xml_chars(name));
}

std::vector<xmlNode*> children(const xmlNode* node, const char* name) {
  std::vector<xmlNode*> out;
  for (xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (name == nullptr || xmlStrEqual(child->name, xml_chars(name))) out.push_back(child);
  }
  return out;
}

xmlNode* first_child(const xmlNode* node, const char* name) {
  for (xmlNode* child = node->children; child != nullptr; child = child->next)
    if (is_element(child, name)) return child;
  return nullptr;
}

long line_of(const xmlNode* node) {
  return xmlGetLineNo(node);
}

Status check_utf8_text(std::string_view text, std::string_view what) {
  std::size_t bad = 0;
  if (!is_valid_utf8(text, &bad))
    return Error::invalid(std::string(what) + " is not valid UTF-8 (byte " + std::to_string(bad) +
                          ")");
  return ok_status();
}

bool is_xml_char(std::uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
}

std::string xml_safe(std::string_view text) {
  constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < len && i + k < text.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    if (is_xml_char(cp))
      out.append(text.substr(i, len));
    else
      out.append(kReplacement);
    i += len;
  }
  return out;
}

Status check_node_count(std::string_view xml, std::string_view what, std::uint64_t max_nodes) {
  init_libxml();
  if (xml.size() > static_cast<std::size_t>(INT_MAX))
    return Error::too_large(std::string(what) + " is too large to parse");
  Problems problems;  // parse errors are parse_xml's to report
  ErrorScope scope(&problems);
  xmlTextReaderPtr reader =
      xmlReaderForMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr,
                         XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
  if (reader == nullptr) return ok_status();
  std::uint64_t nodes = 0;
  bool over = false;
  while (xmlTextReaderRead(reader) == 1) {
    const int type = xmlTextReaderNodeType(reader);
    if (type == XML_READER_TYPE_DOCUMENT_TYPE) break;  // parse_xml refuses it
    if (type == XML_READER_TYPE_END_ELEMENT) continue;
    nodes += 1;
    if (type == XML_READER_TYPE_ELEMENT)
      nodes += 2 * static_cast<std::uint64_t>(std::max(0, xmlTextReaderAttributeCount(reader)));
    if (nodes > max_nodes) {
      over = true;
      break;
    }
  }
  xmlFreeTextReader(reader);
  if (!over) return ok_status();
  return Error::too_large(std::string(what) + " has more than " + std::to_string(max_nodes) +
                          " XML nodes (elements, attributes and texts); the limit keeps an " +
                          "import's memory bounded");
}

}  // namespace trellis::interchange::qda::detail
