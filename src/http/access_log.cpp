#include "http/access_log.h"

#include <spdlog/spdlog.h>

#include <string>

namespace trellis::http {
namespace {

constexpr std::size_t kMaxLoggedPath = 256;

// Control characters are escaped so a crafted path cannot forge log lines.
std::string printable(std::string_view s) {
  std::string out;
  std::size_t n = std::min(s.size(), kMaxLoggedPath);
  out.reserve(n + 3);
  for (std::size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0x0f];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (s.size() > n) out += "...";
  return out;
}

}  // namespace

void log_access(const AccessRecord& r) {
  if (!spdlog::should_log(spdlog::level::info)) return;
  spdlog::info("{} {} {} {} {:.1f}ms id={} client={}", r.method, r.route.empty() ? "-" : r.route,
               printable(r.path), r.status, r.seconds * 1000.0, r.request_id, r.client_address);
}

}  // namespace trellis::http
