#include "core/ip_network.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace trellis {
namespace {

constexpr std::array<std::uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  std::string s(text);
  IpAddress a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) return a;
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) != 1) return std::nullopt;
  if (std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), a.bytes.begin())) {
    std::array<std::uint8_t, 16> v4{};
    std::copy(a.bytes.begin() + 12, a.bytes.end(), v4.begin());
    a.bytes = v4;
    return a;
  }
  a.v6 = true;
  return a;
}

std::string IpAddress::to_string() const {
  char out[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), out, sizeof out);
  return out;
}

Result<IpNetwork> IpNetwork::parse(std::string_view text) {
  auto bad = [&] {
    return Error::invalid("'" + std::string(text) +
                          "' is not an IP address or network such as 10.0.0.0/8 or ::1");
  };
  auto slash = text.find('/');
  auto address = IpAddress::parse(text.substr(0, slash));
  if (!address) return bad();
  IpNetwork n;
  n.base = *address;
  const int bits = address->v6 ? 128 : 32;
  n.prefix_length = bits;
  if (slash != std::string_view::npos) {
    std::string_view digits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n.prefix_length);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
        n.prefix_length < 0 || n.prefix_length > bits)
      return bad();
  }
  return n;
}

bool IpNetwork::contains(const IpAddress& address) const {
  if (address.v6 != base.v6) return false;
  int remaining = prefix_length;
  for (std::size_t i = 0; remaining > 0; ++i, remaining -= 8) {
    int mask = remaining >= 8 ? 0xff : (0xff << (8 - remaining)) & 0xff;
    if ((address.bytes[i] & mask) != (base.bytes[i] & mask)) return false;
  }
  return true;
}

Result<std::vector<IpNetwork>> parse_ip_networks(std::string_view text) {
  std::vector<IpNetwork> out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = text.find_first_of(", \t", i);
    if (end == std::string_view::npos) end = text.size();
    if (end > i) out.push_back(TRY(IpNetwork::parse(text.substr(i, end - i))));
    i = end + 1;
  }
  return out;
}

}  // namespace trellis
