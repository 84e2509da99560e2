// Small helpers the REFI-QDA reader, writer and repairs share: GUID and colour forms, quoting
// and places for messages. Internal to src/interchange.
#pragma once

#include <libxml/tree.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

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

// xsd:dateTime in whole seconds, UTC: "2026-11-26T09:30:00Z" (tools parse that form; some do not
// expect fractions).
std::string xml_date_time(Timestamp t);
// An xsd:dateTime as tools write it: with "Z", an offset or no zone (taken as UTC), with or
// without a fraction. nullopt when it is none of these.
std::optional<Timestamp> parse_xml_date_time(std::string_view s);

// Where in a document, for messages: "project.qde, line 12".
std::string at(std::string_view what, const xmlNode* node);
std::string element_name(const xmlNode* node);
// Unlinks and frees `node` and everything below it.
void remove_node(xmlNode* node);

}  // namespace trellis::interchange::qda::detail
