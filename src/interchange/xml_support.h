// libxml2 behind a small, safe surface: parsing with the network and entity expansion off and
// DTDs refused, validation against the embedded QDA-XML schemas with every problem collected,
// and the DOM helpers the codec uses. Internal to src/interchange.
//
// Thread-safe: the parsed schemas are built once and shared read-only; each call uses its own
// parser and validation contexts, and libxml2's error callbacks are per thread.
#pragma once

#include <libxml/tree.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace trellis::interchange::qda::detail {

struct XmlDocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDoc = std::unique_ptr<xmlDoc, XmlDocFree>;

enum class Schema { kCodebook, kProject };

inline constexpr std::string_view kCodebookNamespace = "urn:QDA-XML:codebook:1.0";
inline constexpr std::string_view kProjectNamespace = "urn:QDA-XML:project:1.0";

// Parses `xml` (named `what` in messages, e.g. "project.qde"). Fails with the first parse error
// and its line, or when the document has a document type declaration: QDA-XML needs none, and
// refusing them closes the door on external entities (XXE) and entity expansion bombs.
Result<XmlDoc> parse_xml(std::string_view xml, std::string_view what);

// ok() when `doc` is valid; otherwise kInvalid with one detail per schema problem (line and
// message, at most 100 listed).
Status validate(xmlDoc* doc, Schema schema, std::string_view what);

// The document as UTF-8 text with an XML declaration, indented.
std::string serialize(xmlDoc* doc);

// Fails with kTooLarge when `xml` has more than `max_nodes` nodes (elements, text and comments
// one each, attributes two), counted by a streaming reader that never holds the tree, so that
// the tree parse_xml builds (about 130 bytes a node) stays bounded. A document that is not
// well-formed passes: parse_xml reports it with its line.
Status check_node_count(std::string_view xml, std::string_view what, std::uint64_t max_nodes);

// DOM helpers. Names are ASCII literals; values are valid UTF-8 (check_utf8_text), in which
// characters XML 1.0 cannot carry are written as U+FFFD, so no written document is ever invalid.
xmlNode* add_element(xmlNode* parent, xmlNs* ns, const char* name);
xmlNode* add_text_element(xmlNode* parent, xmlNs* ns, const char* name, std::string_view text);
void set_attribute(xmlNode* node, const char* name, std::string_view value);
std::optional<std::string> attribute(const xmlNode* node, const char* name);
std::string text_content(const xmlNode* node);
bool is_element(const xmlNode* node, const char* name);
// The element children of `node` called `name` (all element children when name is null).
std::vector<xmlNode*> children(const xmlNode* node, const char* name = nullptr);
xmlNode* first_child(const xmlNode* node, const char* name);
long line_of(const xmlNode* node);

// ok() when `text` is valid UTF-8; `what` names the text in the error.
Status check_utf8_text(std::string_view text, std::string_view what);

// True for the code points XML 1.0 can carry: tab, line feed, carriage return, U+0020-U+D7FF,
// U+E000-U+FFFD and U+10000 and above.
bool is_xml_char(std::uint32_t code_point);

// Valid UTF-8 `text` with every character XML 1.0 cannot carry replaced by U+FFFD.
std::string xml_safe(std::string_view text);

}  // namespace trellis::interchange::qda::detail
