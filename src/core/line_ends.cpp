#include "core/line_ends.h"

#include <algorithm>

namespace trellis {

std::string normalize_line_ends(std::string_view text) {
  return LineEndNormalization(text).take_text();
}

bool has_carriage_return(std::string_view text) {
  return text.find('\r') != std::string_view::npos;
}

LineEndNormalization::LineEndNormalization(std::string_view original) {
  text_.reserve(original.size());
  long long code_point = 0;
  for (std::size_t i = 0; i < original.size(); ++i) {
    const char c = original[i];
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && i > 0) ++code_point;
    if (c != '\r') {
      text_ += c;
      continue;
    }
    changed_ = true;
    if (i + 1 < original.size() && original[i + 1] == '\n') {
      removed_.push_back(code_point);  // the LF that follows stays
    } else {
      text_ += '\n';
    }
  }
}

long long LineEndNormalization::position(long long original) const {
  // Removed CRs strictly before `original`.
  const auto before = std::lower_bound(removed_.begin(), removed_.end(), original);
  return original - static_cast<long long>(before - removed_.begin());
}

}  // namespace trellis
