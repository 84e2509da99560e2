// Router: the one route table, and matching a method and path against it.
// Matching is by segments; literal segments win over {param} segments. Not thread-safe while
// routes are being added; read-only (and so thread-safe) once the server runs.
#pragma once

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
  void add(Route route);
  Match match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace trellis::http
