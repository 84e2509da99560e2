// The parsers of query parameters, one per kind, shared by every route: whole numbers in a
// range, booleans, ids, and the paging pair ?limit=&cursor=. Each returns nullopt when the
// parameter is absent and an invalid Error naming the parameter when it is malformed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/request.h"
#include "storage/repositories.h"

namespace trellis::http {

// An inclusive range of whole numbers a parameter accepts.
struct IntRange {
  long long min = 0;
  long long max = 0;
};

// ?name=<whole number within range>.
Result<std::optional<long long>> int_param(const Request& request, std::string_view name,
                                           IntRange range);
// The same with a default for when it is absent.
Result<long long> int_param_or(const Request& request, std::string_view name, IntRange range,
                               long long fallback);

// ?name=true or ?name=false.
Result<std::optional<bool>> bool_param(const Request& request, std::string_view name);

// ?name=<id>.
Result<std::optional<std::string>> id_param(const Request& request, std::string_view name);

// ?limit=1..200 (default 50) and ?cursor=<id>.
Result<PageRequest> page_request(const Request& request);

}  // namespace trellis::http
