// IP addresses and networks (CIDR blocks) for deciding which peers are trusted proxies.
// IPv4-mapped IPv6 addresses (::ffff:192.0.2.1) count as the IPv4 address. Value types;
// thread-safe to share once built.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace trellis {

struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};  // IPv4 uses the first 4

  // "192.0.2.1", "2001:db8::1"; nullopt for anything else (names, ports, brackets).
  static std::optional<IpAddress> parse(std::string_view text);
  std::string to_string() const;  // the canonical form
};

struct IpNetwork {
  IpAddress base;
  int prefix_length = 0;

  // "10.0.0.0/8", "2001:db8::/32", or a single address (a /32 or /128). invalid otherwise.
  static Result<IpNetwork> parse(std::string_view text);
  bool contains(const IpAddress& address) const;
};

// A comma- or space-separated list of networks; invalid names the first bad entry.
Result<std::vector<IpNetwork>> parse_ip_networks(std::string_view text);

}  // namespace trellis
