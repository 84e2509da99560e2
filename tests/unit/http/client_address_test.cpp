#include "http/client_address.h"

#include <gtest/gtest.h>

namespace trellis::http {
namespace {

TEST(ClientAddress, BelievesOnlyHopsAddedByTrustedProxies) {
  const std::vector<IpNetwork> trusted = *parse_ip_networks("127.0.0.1, 10.0.0.0/8");
  struct Case {
    const char* name;
    const char* peer;
    std::vector<std::string_view> forwarded_for;
    const char* client;
  };
  const std::vector<Case> cases = {
      {"no header", "127.0.0.1", {}, "127.0.0.1"},
      {"untrusted peer's header is ignored", "203.0.113.5", {"198.51.100.1"}, "203.0.113.5"},
      {"one proxy", "127.0.0.1", {"198.51.100.1"}, "198.51.100.1"},
      {"client-written hops left of the real one are ignored",
       "127.0.0.1",
       {"192.0.2.66, 198.51.100.1"},
       "198.51.100.1"},
      {"a chain of trusted proxies", "127.0.0.1", {"198.51.100.1, 10.1.2.3"}, "198.51.100.1"},
      {"several header lines",
       "127.0.0.1",
       {"192.0.2.66", "198.51.100.1, 10.1.2.3"},
       "198.51.100.1"},
      {"every hop trusted: the left-most", "127.0.0.1", {"10.9.9.9, 10.1.2.3"}, "10.9.9.9"},
      {"garbage stops at the proxy", "127.0.0.1", {"not-an-address"}, "127.0.0.1"},
      {"mapped IPv4 peer", "::ffff:127.0.0.1", {"198.51.100.1"}, "198.51.100.1"},
      {"IPv6 client", "127.0.0.1", {" 2001:db8::1 "}, "2001:db8::1"},
  };
  for (const Case& c : cases)
    EXPECT_EQ(client_address(c.peer, c.forwarded_for, trusted), c.client) << c.name;
  EXPECT_EQ(client_address("127.0.0.1", {"198.51.100.1"}, {}), "127.0.0.1");
}

}  // namespace
}  // namespace trellis::http
