#include "interchange/qda_common.h"

#include <algorithm>
#include <cctype>

#include "core/time_format.h"
#include "interchange/xml_support.h"

namespace trellis::interchange::qda::detail {

std::string quoted(std::string_view s) {
  return "'" + std::string(s) + "'";
}

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

std::string xml_date_time(Timestamp t) {
  return format_rfc3339(t - ((t % 1000) + 1000) % 1000);
}

std::optional<Timestamp> parse_xml_date_time(std::string_view s) {
  s = trim(s);
  if (auto t = parse_rfc3339(s)) return t;
  return parse_rfc3339(std::string(s) + "Z");
}

std::string at(std::string_view what, const xmlNode* node) {
  return std::string(what) + ", line " + std::to_string(line_of(node));
}

std::string element_name(const xmlNode* node) {
  return reinterpret_cast<const char*>(node->name);
}

void remove_node(xmlNode* node) {
  xmlUnlinkNode(node);
  xmlFreeNode(node);
}

}  // namespace trellis::interchange::qda::detail
