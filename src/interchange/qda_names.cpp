// Code names that stay distinct in tools that merge codes by name (QualCoder), and back.
#include <algorithm>
#include <map>
#include <set>

#include "interchange/qda.h"

namespace trellis::interchange::qda {
namespace {

void count_names(const std::vector<Code>& level, std::map<std::string, int>& count) {
  for (const Code& c : level) {
    ++count[c.name];
    count_names(c.children, count);
  }
}

void qualify(std::vector<Code>& level, const std::string& parent_path,
             const std::map<std::string, int>& count) {
  for (Code& c : level) {
    const std::string path = parent_path.empty() ? c.name : parent_path + "/" + c.name;
    if (count.at(c.name) > 1) c.name = path;
    qualify(c.children, path, count);
  }
}

// The last resort for names still shared after qualifying (siblings of the same name).
void number_repeats(std::vector<Code>& level, const std::map<std::string, int>& all,
                    std::set<std::string>& used) {
  for (Code& c : level) {
    if (!used.insert(c.name).second) {
      std::string candidate;
      for (int n = 2;; ++n) {
        candidate = c.name + " (" + std::to_string(n) + ")";
        if (!all.count(candidate) && !used.count(candidate)) break;
      }
      c.name = candidate;
      used.insert(candidate);
    }
    number_repeats(c.children, all, used);
  }
}

void restore(std::vector<Code>& level, const std::string& parent_path) {
  for (Code& c : level) {
    if (!parent_path.empty()) {
      const std::string prefix = parent_path + "/";
      if (c.name.size() > prefix.size() && c.name.compare(0, prefix.size(), prefix) == 0)
        c.name.erase(0, prefix.size());
    }
    restore(c.children, parent_path.empty() ? c.name : parent_path + "/" + c.name);
  }
}

}  // namespace

std::vector<Code> unique_code_names(std::vector<Code> codes) {
  std::map<std::string, int> count;
  count_names(codes, count);
  if (std::all_of(count.begin(), count.end(), [](const auto& c) { return c.second == 1; }))
    return codes;
  qualify(codes, "", count);
  std::map<std::string, int> qualified;
  count_names(codes, qualified);
  std::set<std::string> used;
  number_repeats(codes, qualified, used);
  return codes;
}

void restore_code_names(std::vector<Code>& codes) {
  restore(codes, "");
}

}  // namespace trellis::interchange::qda
