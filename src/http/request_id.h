// Request ids: the handle that ties a client's report, the access log and error logs together.
// A client (or a proxy in front) may send its own X-Request-Id; Trellis keeps it when it is
// harmless to log and echo, and makes one up otherwise. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace trellis::http {

// True for 1 to 64 characters of [A-Za-z0-9._-].
bool is_acceptable_request_id(std::string_view id);

// `incoming` when acceptable, else a new random id of 16 hex characters.
std::string request_id_for(std::optional<std::string_view> incoming);

}  // namespace trellis::http
