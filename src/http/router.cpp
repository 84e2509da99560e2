#include "http/router.h"

#include <algorithm>
#include <stdexcept>

namespace trellis::http {
namespace {

// Calls visit(segment) for each '/'-separated segment after the leading '/'.
// "/" has one empty segment; "/a/" has "a" and "".
template <typename Visit>
void for_each_segment(std::string_view path, Visit&& visit) {
  std::size_t start = 1;
  for (;;) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      visit(path.substr(start));
      return;
    }
    if (!visit(path.substr(start, end - start))) return;
    start = end + 1;
  }
}

}  // namespace

void Router::add(Route route) {
  const std::string& p = route.pattern;
  if (p.empty() || p[0] != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + p);
  }
  Pattern pattern;
  for_each_segment(std::string_view(p), [&](std::string_view segment) {
    Segment s;
    if (segment.size() >= 2 && segment.front() == '{' && segment.back() == '}') {
      s.is_param = true;
      s.text = std::string(segment.substr(1, segment.size() - 2));
    } else {
      s.text = std::string(segment);
    }
    if ((s.is_param && s.text.empty()) || s.text.find_first_of("{}") != std::string::npos) {
      throw std::invalid_argument("route pattern has a malformed {param}: " + p);
    }
    pattern.push_back(std::move(s));
    return true;
  });
  if (pattern.size() > 64) throw std::invalid_argument("route pattern is too deep: " + p);
  for (const Route& existing : routes_) {
    if (existing.method == route.method && existing.pattern == route.pattern) {
      throw std::invalid_argument("duplicate route: " + route.method + " " + p);
    }
  }
  routes_.push_back(std::move(route));
  patterns_.push_back(std::move(pattern));
}

bool Router::fits(const Pattern& pattern, std::string_view path, std::uint64_t& literal_mask) {
  literal_mask = 0;
  std::size_t i = 0;
  bool ok = true;
  for_each_segment(path, [&](std::string_view segment) {
    if (i >= pattern.size()) {
      ok = false;
      return false;
    }
    const Segment& s = pattern[i];
    if (s.is_param) {
      ok = !segment.empty();
    } else {
      ok = segment == s.text;
      literal_mask |= std::uint64_t{1} << (63 - i);
    }
    ++i;
    return ok;
  });
  return ok && i == pattern.size();
}

Match Router::match(std::string_view method, std::string_view path) const {
  Match result;
  if (path.empty() || path[0] != '/') return result;

  // The best route for the method itself, and for GET when a HEAD has no route of its own.
  std::size_t best = routes_.size();
  std::size_t best_get = routes_.size();
  std::uint64_t best_mask = 0;
  std::uint64_t best_get_mask = 0;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    std::uint64_t mask = 0;
    if (!fits(patterns_[i], path, mask)) continue;
    const std::string& m = routes_[i].method;
    if (m == method) {
      if (best == routes_.size() || mask > best_mask) best = i, best_mask = mask;
    } else if (method == "HEAD" && m == "GET") {
      if (best_get == routes_.size() || mask > best_get_mask) best_get = i, best_get_mask = mask;
    } else if (std::find(result.allowed_methods.begin(), result.allowed_methods.end(), m) ==
               result.allowed_methods.end()) {
      result.allowed_methods.push_back(m);
    }
  }
  if (best == routes_.size()) best = best_get;
  if (best == routes_.size()) {
    auto& allowed = result.allowed_methods;
    if (std::find(allowed.begin(), allowed.end(), "GET") != allowed.end() &&
        std::find(allowed.begin(), allowed.end(), "HEAD") == allowed.end()) {
      allowed.push_back("HEAD");
    }
    return result;
  }

  result.allowed_methods.clear();
  result.route = &routes_[best];
  const Pattern& pattern = patterns_[best];
  std::size_t i = 0;
  for_each_segment(path, [&](std::string_view segment) {
    if (pattern[i].is_param) result.params.emplace_back(pattern[i].text, std::string(segment));
    ++i;
    return true;
  });
  return result;
}

}  // namespace trellis::http
