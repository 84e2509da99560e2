#include "http/request_id.h"

#include <cstdint>

#include "core/id.h"

namespace trellis::http {

bool is_acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string request_id_for(std::optional<std::string_view> incoming) {
  if (incoming && is_acceptable_request_id(*incoming)) return std::string(*incoming);
  // Ids need to be unique, not secret: a per-thread generator seeded from the OS CSPRNG saves
  // a system call per request.
  thread_local std::uint64_t state = std::stoull(random_hex(8), nullptr, 16);
  state += 0x9e3779b97f4a7c15ULL;  // splitmix64
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i, z >>= 4) id[static_cast<std::size_t>(i)] = kHex[z & 0xf];
  return id;
}

}  // namespace trellis::http
