// Reading a codebook file (CSV: name, description and optionally parent, colour and category;
// one code a row) into checked rows, ready to merge into a study's codebook. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace trellis {

inline constexpr std::size_t kMaxCodebookBytes = 1u << 20;

// One code of an imported codebook: its parent is named by path ("Parent/Child") or plain name
// and must exist already or come earlier. `line` locates the code in the file for errors.
struct CodebookRow {
  long line = 0;
  std::string name;  // checked by clean_code_name already
  std::string description;
  std::string parent;
  std::string colour;     // "" or checked by clean_colour already
  bool category = false;  // a grouping code that cannot be applied
};

// The codes of a codebook file. Errors: too_large over kMaxCodebookBytes or kMaxCodes codes;
// invalid for a file that is not CSV or empty, and invalid with one detail per problem (line,
// column, reason) for a bad header or bad rows.
Result<std::vector<CodebookRow>> read_codebook_csv(std::string_view csv);

}  // namespace trellis
