#include "rr/wire/types.hpp"

#include <gtest/gtest.h>

namespace rr::wire {
namespace {

TEST(Ipv4Address, ParsesAndPrints) {
  auto a = Ipv4Address::parse("192.0.2.1");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->value, 0xC0000201U);
  EXPECT_EQ(a->to_string(), "192.0.2.1");
  for (const char* bad :
       {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.x", "1..2.3", "01234.1.1.1"}) {
    EXPECT_FALSE(Ipv4Address::parse(bad)) << bad;
  }
}

TEST(Ipv6Address, ParsesPrintsAndKnowsLinkLocal) {
  auto a = Ipv6Address::parse("fe80::1");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->is_link_local());
  EXPECT_EQ(a->to_string(), "fe80::1");
  auto g = Ipv6Address::parse("2001:db8::1");
  ASSERT_TRUE(g);
  EXPECT_FALSE(g->is_link_local());
  EXPECT_FALSE(Ipv6Address::parse("2001:db8:::1"));
}

TEST(Prefix, ParsesAndClearsHostBits) {
  auto p = Prefix::parse("10.1.2.3/8");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->to_string(), "10.0.0.0/8");
  auto q = Prefix::parse("2001:db8:ffff::/33");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->to_string(), "2001:db8:8000::/33");
  EXPECT_FALSE(Prefix::parse("10.0.0.0/33"));
  EXPECT_FALSE(Prefix::parse("10.0.0.0"));
  EXPECT_FALSE(Prefix::parse("10.0.0.0/"));
  EXPECT_FALSE(Prefix::parse("::/129"));
}

TEST(Prefix, OrdersByFamilyThenLengthThenBytes) {
  EXPECT_LT(*Prefix::parse("10.0.0.0/8"), *Prefix::parse("::/0"));
  EXPECT_NE(*Prefix::parse("10.0.0.0/8"), *Prefix::parse("10.0.0.0/9"));
}

TEST(AfiSafiSet, HoldsKnownFamiliesOnly) {
  AfiSafiSet s;
  EXPECT_TRUE(s.empty());
  s.insert(kIpv6Unicast);
  EXPECT_TRUE(s.contains(kIpv6Unicast));
  EXPECT_FALSE(s.contains(kIpv4Unicast));
  s.insert(AfiSafi{Afi::l2vpn, Safi::evpn});
  EXPECT_FALSE(s.contains(AfiSafi{Afi::l2vpn, Safi::evpn}));
  s.erase(kIpv6Unicast);
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(to_string(kIpv6Unicast), "ipv6-unicast");
}

}  // namespace
}  // namespace rr::wire
