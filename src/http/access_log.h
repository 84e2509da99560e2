// The access log: one info line per answered request. It records what is needed to follow a
// request through the logs and nothing a client may consider private: never bodies, headers or
// query strings.
#pragma once

#include <string_view>

namespace trellis::http {

struct AccessRecord {
  std::string_view method;
  std::string_view route;  // the matched pattern; empty when none matched
  std::string_view path;   // without the query
  int status = 0;
  double seconds = 0;
  std::string_view request_id;
  std::string_view client_address;
};

// Writes `GET /api/v1/people/{id} /api/v1/people/0190… 200 1.3ms id=… client=…` via spdlog.
void log_access(const AccessRecord& record);

}  // namespace trellis::http
