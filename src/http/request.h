// Request and Response: what a handler sees and returns. Plain values, free of Beast, so
// handlers stay thin and testable. The server fills a Request from the wire and renders a
// Response (or an Error, via errors.h) back.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace trellis::http {

using Header = std::pair<std::string, std::string>;

struct Request {
  std::string method;  // upper case: "GET", "POST", …
  std::string path;    // percent-decoded path, without the query
  std::string route;   // the matched route pattern, e.g. "/api/v1/programs/{id}"
  std::vector<std::pair<std::string, std::string>> query;        // decoded, in order
  std::vector<Header> headers;                                   // names lower-case
  std::vector<std::pair<std::string, std::string>> path_params;  // from {name} segments
  std::string body;
  std::string request_id;
  std::string client_address;  // peer IP; the server does not trust X-Forwarded-For

  // Header value by lower-case name; nullopt when absent.
  std::optional<std::string_view> header(std::string_view lower_name) const;
  // First query parameter of that name; nullopt when absent.
  std::optional<std::string_view> query_param(std::string_view name) const;
  // Path parameter by name; the route guarantees it exists (empty string otherwise).
  const std::string& param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<Header> headers;  // extra headers (Location, Content-Disposition, Cache-Control …)
};

// True when the Content-Type's media type (before any ";" parameters) equals `type`, compared
// case-insensitively as RFC 9110 says. `type` is lower case, e.g. "text/csv".
bool has_media_type(const Request& request, std::string_view type);

using Handler = std::function<Result<Response>(const Request&)>;

// Where a handler runs. Inline handlers run on the I/O threads and must never block
// (no database, no hashing). Blocking handlers run on the worker pool.
enum class Execution { kInline, kBlocking };

// What the access log records of a request. kWithoutClient leaves out the client's address,
// for routes whose callers must stay unlinkable to what they sent (anonymous study answers).
enum class AccessLogging { kFull, kWithoutClient };

struct Route {
  std::string method;   // "GET", "POST", "PATCH", "PUT", "DELETE"
  std::string pattern;  // "/api/v1/programs/{id}"; {name} matches one non-empty segment
  Handler handler;
  Execution execution = Execution::kBlocking;
  AccessLogging logging = AccessLogging::kFull;
};

}  // namespace trellis::http
