// Router: the one route table, and matching a method and path against it.
// Matching is by segments; literal segments win over {param} segments. Not thread-safe while
// routes are being added; read-only (and so thread-safe) once the server runs.
//
// Policy: paths match exactly, so "/api/v1/programs/" (trailing slash) does not match
// "/api/v1/programs" and gets 404; there are no redirects. HEAD is answered by a GET route when
// no HEAD route exists (the server drops the body), and Allow lists HEAD wherever GET is allowed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"

namespace trellis::http {

struct Match {
  const Route* route = nullptr;  // null when nothing matched
  std::vector<std::pair<std::string, std::string>> params;
  // When route is null but the path matches other methods: those methods (for 405 + Allow).
  std::vector<std::string> allowed_methods;
};

class Router {
 public:
  // Adds a route. A pattern must start with '/' and each {name} must fill a whole segment;
  // a malformed pattern or a duplicate (method, pattern) throws std::invalid_argument, since
  // that is a programming error in the route table.
  void add(Route route);
  // `path` is the percent-decoded path without the query.
  Match match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Segment {
    std::string text;  // the literal, or the parameter name
    bool is_param = false;
  };
  using Pattern = std::vector<Segment>;

  // True when `path` fits `pattern`; `literal_mask` then has bit (63 - i) set for each literal
  // segment i, so that a larger mask means literals come earlier (the more specific route).
  static bool fits(const Pattern& pattern, std::string_view path, std::uint64_t& literal_mask);

  std::vector<Route> routes_;
  std::vector<Pattern> patterns_;  // parallel to routes_
};

}  // namespace trellis::http
