#include "core/ip_network.h"

#include <gtest/gtest.h>

namespace trellis {
namespace {

bool in(const char* network, const char* address) {
  auto n = IpNetwork::parse(network);
  auto a = IpAddress::parse(address);
  return n.ok() && a && n->contains(*a);
}

TEST(IpNetwork, MatchesByPrefix) {
  struct Case {
    const char* network;
    const char* address;
    bool contains;
  };
  const std::vector<Case> cases = {
      {"10.0.0.0/8", "10.200.1.2", true},        {"10.0.0.0/8", "11.0.0.1", false},
      {"192.168.1.0/25", "192.168.1.127", true}, {"192.168.1.0/25", "192.168.1.128", false},
      {"127.0.0.1", "127.0.0.1", true},          {"127.0.0.1", "127.0.0.2", false},
      {"0.0.0.0/0", "203.0.113.9", true},        {"2001:db8::/32", "2001:db8:1::5", true},
      {"2001:db8::/32", "2001:db9::5", false},   {"::1", "::1", true},
      {"127.0.0.1", "::ffff:127.0.0.1", true},   {"10.0.0.0/8", "::1", false},
  };
  for (const Case& c : cases)
    EXPECT_EQ(in(c.network, c.address), c.contains) << c.network << " " << c.address;
}

TEST(IpNetwork, RejectsWhatIsNotANetwork) {
  for (const char* bad :
       {"", "localhost", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "::/129", "1.2.3.4:80", "[::1]"})
    EXPECT_FALSE(IpNetwork::parse(bad).ok()) << bad;
  auto list = parse_ip_networks("127.0.0.1, 10.0.0.0/8  ::1");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 3u);
  EXPECT_FALSE(parse_ip_networks("127.0.0.1, proxy.local").ok());
  EXPECT_TRUE(parse_ip_networks("")->empty());
}

}  // namespace
}  // namespace trellis
