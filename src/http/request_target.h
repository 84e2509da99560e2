// Splitting a request target ("/api/v1/people?q=ann%20lee&limit=5") into the percent-decoded
// path and query pairs that a Request carries. Boost.URL underneath.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace trellis::http {

struct Target {
  std::string path;                                        // percent-decoded
  std::vector<std::pair<std::string, std::string>> query;  // decoded ('+' is a space), in order
};

// Error::invalid for a target that is not in origin form ("/path?query"), has a malformed
// percent-escape, or decodes to a NUL or to a '/' inside a segment (%2F, which would make the
// decoded path mean something else than the wire path).
Result<Target> parse_target(std::string_view target);

// The target without its query, for logs (queries can hold secrets such as tokens).
std::string_view path_for_log(std::string_view target);

}  // namespace trellis::http
