// Small helpers the REFI-QDA reader, writer and repairs share: GUID and colour forms, quoting
// and places for messages. Internal to src/interchange.
#pragma once

#include <libxml/tree.h>

#include <string>
#include <string_view>

namespace trellis::interchange::qda::detail {

inline constexpr std::string_view kBom = "\xEF\xBB\xBF";
inline constexpr std::string_view kInternalScheme = "internal://";
inline constexpr int kMaxCodeDepth = 100;  // libxml2 refuses documents nested deeper than 256

// `s` in single quotes, for messages.
std::string quoted(std::string_view s);
// 8-4-4-4-12 hex digits, the form Trellis writes (the standard also allows braces around it).
bool is_plain_guid(std::string_view s);
std::string lower(std::string_view s);
std::string_view trim(std::string_view s);
// The form readers return: no surrounding space (GUIDs are xsd:token), no braces, lower case.
std::string normalize_guid(std::string_view s);
// "#RRGGBB" or "#RGB".
bool is_color(std::string_view s);

// Where in a document, for messages: "project.qde, line 12".
std::string at(std::string_view what, const xmlNode* node);
std::string element_name(const xmlNode* node);
// Unlinks and frees `node` and everything below it.
void remove_node(xmlNode* node);

}  // namespace trellis::interchange::qda::detail
