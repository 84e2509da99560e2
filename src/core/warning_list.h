// Warnings for the person importing a file. A kind of warning repeated for many items is reported
// once, with a count and the first place it happened, so that a project whose 36 sources each
// start with a byte-order mark gives one line, not 36. Not thread-safe (one list per import).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace trellis {

class WarningList {
 public:
  // `kind` is the sentence without the place, the same for every item it applies to ("a
  // byte-order mark at the start of a text file was removed"); `place` says where, or is empty.
  void add(const std::string& kind, const std::string& place = std::string());

  // One line per kind, in the order the kinds first came: "<place>: <kind>" (or the kind alone)
  // when it came once; "<kind> (36 times; first: <place>)" when repeated.
  std::vector<std::string> lines() const;

  bool empty() const { return kinds_.empty(); }

 private:
  struct Kind {
    std::string kind;
    std::string first_place;
    std::size_t count = 0;
  };
  std::vector<Kind> kinds_;
};

}  // namespace trellis
