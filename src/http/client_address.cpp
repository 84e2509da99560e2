#include "http/client_address.h"

#include <algorithm>

namespace trellis::http {
namespace {

bool is_trusted(const IpAddress& a, const std::vector<IpNetwork>& trusted) {
  return std::any_of(trusted.begin(), trusted.end(),
                     [&](const IpNetwork& n) { return n.contains(a); });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The hops of all headers, left to right.
std::vector<std::string_view> hops_of(const std::vector<std::string_view>& headers) {
  std::vector<std::string_view> hops;
  for (std::string_view h : headers) {
    while (true) {
      auto comma = h.find(',');
      hops.push_back(trim(h.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      h.remove_prefix(comma + 1);
    }
  }
  return hops;
}

}  // namespace

std::string client_address(std::string_view peer,
                           const std::vector<std::string_view>& forwarded_for,
                           const std::vector<IpNetwork>& trusted_proxies) {
  auto current = IpAddress::parse(peer);
  if (!current) return std::string(peer);
  if (trusted_proxies.empty() || forwarded_for.empty()) return current->to_string();
  std::vector<std::string_view> hops = hops_of(forwarded_for);
  for (auto hop = hops.rbegin(); hop != hops.rend() && is_trusted(*current, trusted_proxies);
       ++hop) {
    auto previous = IpAddress::parse(*hop);
    if (!previous) break;  // garbage: the trusted hop that passed it on is the best we know
    current = previous;
  }
  return current->to_string();
}

}  // namespace trellis::http
