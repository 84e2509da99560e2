// Small helpers the study repositories share for list-valued columns.
#pragma once

#include <string>
#include <vector>

namespace trellis {

// Joins values with `sep`; values never contain it (the domain rules forbid control characters
// in choices, and role names are fixed words).
inline std::string join_lines(const std::vector<std::string>& values, char sep) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out.push_back(sep);
    out += values[i];
  }
  return out;
}

inline std::vector<std::string> split_lines(const std::string& text, char sep) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = text.find(sep, start);
    out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

}  // namespace trellis
