// The qualities framework: what a program assesses, each quality on a 1-5 scale whose levels
// are described in behaviour a mentor can observe. Plain types and their rules; no I/O.
//
// A framework belongs to a program and is versioned: every saved edit makes a new immutable
// version, and an assessment round records the version it used, so history never changes.
// A quality keeps its key across versions (renaming changes the name, not the key), which is
// what lets growth be compared round to round.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace trellis {

inline constexpr int kMinScore = 1;
inline constexpr int kMaxScore = 5;

struct Quality {
  std::string key;      // stable identifier, [a-z][a-z0-9_]{0,39}
  std::string name;     // shown to people
  std::string summary;  // one sentence: what it looks like
  // Descriptions of levels 1..5 (index 0 is level 1). Levels 1, 3 and 5 are required;
  // 2 and 4 may be empty ("between the neighbours").
  std::array<std::string, 5> levels;
  bool retired = false;  // kept for history, no longer rated in new rounds
};

// The nine qualities every program starts with (PRODUCT.md, "The default framework").
const std::vector<Quality>& default_qualities();
inline constexpr std::string_view kDefaultFrameworkName = "Research qualities";

inline constexpr std::size_t kMaxQualities = 40;
inline constexpr std::size_t kMaxQualityKeyLength = 40;
inline constexpr std::size_t kMaxLevelDescriptionLength = 1000;

bool is_valid_quality_key(std::string_view key);

// Checks one quality: key shape, name, summary and level lengths, levels 1/3/5 present.
// Errors name the field as "qualities[i].name" etc. so a form can show them in place.
Status validate_quality(const Quality& q, std::size_t index);

// Checks a whole list: each quality valid, keys unique, at most kMaxQualities, at least one
// quality not retired.
Status validate_qualities(const std::vector<Quality>& qualities);

}  // namespace trellis
