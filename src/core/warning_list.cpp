#include "core/warning_list.h"

#include <algorithm>

namespace trellis {

void WarningList::add(const std::string& kind, const std::string& place) {
  auto it =
      std::find_if(kinds_.begin(), kinds_.end(), [&](const Kind& k) { return k.kind == kind; });
  if (it == kinds_.end()) {
    kinds_.push_back({kind, place, 1});
    return;
  }
  ++it->count;
  if (it->first_place.empty()) it->first_place = place;
}

std::vector<std::string> WarningList::lines() const {
  std::vector<std::string> out;
  out.reserve(kinds_.size());
  for (const Kind& k : kinds_) {
    if (k.count == 1) {
      out.push_back(k.first_place.empty() ? k.kind : k.first_place + ": " + k.kind);
      continue;
    }
    std::string line = k.kind + " (" + std::to_string(k.count) + " times";
    if (!k.first_place.empty()) line += "; first: " + k.first_place;
    out.push_back(line + ")");
  }
  return out;
}

}  // namespace trellis
