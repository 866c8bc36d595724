// OPEN construction and capability negotiation, without I/O.
#include "rr/session/negotiation.hpp"

#include <gtest/gtest.h>

namespace rr::session {
namespace {

using wire::AddPathMode;
using wire::kIpv4Unicast;
using wire::kIpv6Unicast;

PeerConfig reflector_side() {
  PeerConfig c;
  c.name = "client";
  c.remote_address = *wire::IpAddress::parse("127.0.0.2");
  c.local_as = 64512;
  c.remote_as = 64512;
  c.router_id = *wire::Ipv4Address::parse("10.0.0.1");
  c.hold_time = Seconds{90};
  return c;
}

wire::OpenMessage peer_open(std::uint32_t asn = 64512, std::uint16_t hold = 240) {
  PeerConfig p = reflector_side();
  p.local_as = asn;
  p.router_id = *wire::Ipv4Address::parse("10.0.0.2");
  p.hold_time = Seconds{hold};
  return make_open(p, false);
}

TEST(MakeOpen, AnnouncesFamiliesAndCapabilities) {
  auto c = reflector_side();
  c.add_path = {{kIpv4Unicast, true, true}};
  c.hostname = "rr1";
  auto open = make_open(c, false);
  EXPECT_EQ(open.my_as, 64512);
  EXPECT_EQ(open.hold_time, 90);
  auto s = wire::summarize(open.capabilities);
  EXPECT_EQ(s.multiprotocol, (std::vector{kIpv4Unicast, kIpv6Unicast}));
  EXPECT_TRUE(s.route_refresh);
  EXPECT_TRUE(s.enhanced_route_refresh);
  EXPECT_TRUE(s.extended_message);
  ASSERT_TRUE(s.four_octet_as);
  EXPECT_EQ(*s.four_octet_as, 64512U);
  ASSERT_TRUE(s.graceful_restart);
  EXPECT_EQ(s.graceful_restart->restart_time, 120);
  EXPECT_FALSE(s.graceful_restart->restarting);
  ASSERT_EQ(s.add_path.size(), 1U);
  EXPECT_EQ(s.add_path[0].mode, AddPathMode::both);
  ASSERT_TRUE(s.fqdn);
  EXPECT_EQ(s.fqdn->hostname, "rr1");
}

TEST(MakeOpen, UsesAsTransForLargeAsAndSetsRestartBits) {
  auto c = reflector_side();
  c.local_as = 4200000000U;
  auto open = make_open(c, true);
  EXPECT_EQ(open.my_as, wire::kAsTrans);
  EXPECT_EQ(open.asn(), 4200000000U);
  auto s = wire::summarize(open.capabilities);
  ASSERT_TRUE(s.graceful_restart);
  EXPECT_TRUE(s.graceful_restart->restarting);
  for (const auto& f : s.graceful_restart->families)
    EXPECT_TRUE(f.forwarding_preserved);
}

TEST(Negotiate, TakesTheSmallerHoldTimeAndAThirdForKeepalive) {
  auto n = negotiate(reflector_side(), peer_open(64512, 30));
  ASSERT_TRUE(n) << n.error().describe();
  EXPECT_EQ(n->hold_time, Seconds{30});
  EXPECT_EQ(n->keepalive_time, Seconds{10});
  EXPECT_TRUE(n->ibgp);
  EXPECT_TRUE(n->rx.four_octet_as);
  EXPECT_TRUE(n->tx.extended_message);
  EXPECT_EQ(n->families, (std::vector{kIpv4Unicast, kIpv6Unicast}));
  EXPECT_TRUE(n->route_refresh);
  EXPECT_TRUE(n->enhanced_route_refresh);
  ASSERT_TRUE(n->graceful_restart);
  EXPECT_EQ(n->graceful_restart->peer_restart_time, Seconds{120});
}

TEST(Negotiate, HonoursConfiguredKeepaliveBelowHold) {
  auto c = reflector_side();
  c.keepalive_time = Seconds{5};
  auto n = negotiate(c, peer_open(64512, 90));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->keepalive_time, Seconds{5});
  c.keepalive_time = Seconds{200};  // longer than the hold time: ignored
  n = negotiate(c, peer_open(64512, 90));
  EXPECT_EQ(n->keepalive_time, Seconds{30});
}

TEST(Negotiate, ZeroHoldTimeDisablesKeepalives) {
  auto n = negotiate(reflector_side(), peer_open(64512, 0));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->hold_time, Seconds{0});
  EXPECT_EQ(n->keepalive_time, Seconds{0});
}

TEST(Negotiate, RejectsWrongPeerAs) {
  auto n = negotiate(reflector_side(), peer_open(64513));
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().code, wire::ErrorCode::open_message);
  EXPECT_EQ(n.error().subcode, static_cast<std::uint8_t>(wire::OpenSubcode::bad_peer_as));
}

TEST(Negotiate, AcceptsAnyAsWhenNoneConfigured) {
  auto c = reflector_side();
  c.remote_as = 0;
  auto n = negotiate(c, peer_open(65001));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->peer_as, 65001U);
  EXPECT_FALSE(n->ibgp);
}

TEST(Negotiate, RejectsOurOwnIdentifierOnIbgp) {
  auto open = peer_open();
  open.bgp_identifier = reflector_side().router_id;
  auto n = negotiate(reflector_side(), open);
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().subcode, static_cast<std::uint8_t>(wire::OpenSubcode::bad_bgp_identifier));
}

TEST(Negotiate, FourOctetAsFromCapabilityAndTwoOctetPeers) {
  auto c = reflector_side();
  c.remote_as = 4200000000U;
  auto open = peer_open(4200000000U);
  auto n = negotiate(c, open);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->peer_as, 4200000000U);

  // A 2-octet speaker: no capability, 2-octet AS_PATH both ways.
  c.remote_as = 65001;
  auto old = peer_open(65001);
  std::erase_if(old.capabilities, [](const wire::Capability& cap) {
    return std::holds_alternative<wire::FourOctetAsCapability>(cap);
  });
  n = negotiate(c, old);
  ASSERT_TRUE(n);
  EXPECT_FALSE(n->rx.four_octet_as);
  EXPECT_FALSE(n->tx.four_octet_as);

  // AS_TRANS without the capability is nobody's real AS.
  c.remote_as = 0;
  old.my_as = wire::kAsTrans;
  EXPECT_FALSE(negotiate(c, old));
}

TEST(Negotiate, PeerWithoutMultiprotocolSpeaksIpv4Only) {
  auto open = peer_open();
  std::erase_if(open.capabilities, [](const wire::Capability& cap) {
    return std::holds_alternative<wire::MultiprotocolCapability>(cap);
  });
  auto n = negotiate(reflector_side(), open);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->families, (std::vector{kIpv4Unicast}));
}

TEST(Negotiate, AddPathIsAsymmetric) {
  auto c = reflector_side();
  c.add_path = {{kIpv4Unicast, true, true}, {kIpv6Unicast, false, true}};
  auto open = peer_open();
  open.capabilities.emplace_back(wire::AddPathCapability{
      {{kIpv4Unicast, AddPathMode::receive}, {kIpv6Unicast, AddPathMode::both}}});
  auto n = negotiate(c, open);
  ASSERT_TRUE(n);
  EXPECT_FALSE(n->rx.add_path.contains(kIpv4Unicast)) << "peer does not send path ids";
  EXPECT_TRUE(n->tx.add_path.contains(kIpv4Unicast));
  EXPECT_FALSE(n->rx.add_path.contains(kIpv6Unicast)) << "we did not offer to receive";
  EXPECT_TRUE(n->tx.add_path.contains(kIpv6Unicast));
}

TEST(Negotiate, ExtendedMessageNeedsBothSides) {
  auto c = reflector_side();
  c.extended_message = false;
  auto n = negotiate(c, peer_open());
  ASSERT_TRUE(n);
  EXPECT_FALSE(n->rx.extended_message);
  EXPECT_EQ(n->rx.max_message_size(), 4096U);
}

TEST(Negotiate, GracefulRestartCapsPeerTimeAndKeepsPreservedFamilies) {
  auto c = reflector_side();
  c.max_restart_time = Seconds{30};
  auto open = peer_open();
  for (auto& cap : open.capabilities) {
    if (auto* gr = std::get_if<wire::GracefulRestartCapability>(&cap)) {
      gr->restarting = true;
      gr->restart_time = 300;
      gr->families = {{kIpv4Unicast, true}, {kIpv6Unicast, false}};
    }
  }
  auto n = negotiate(c, open);
  ASSERT_TRUE(n);
  ASSERT_TRUE(n->graceful_restart);
  EXPECT_TRUE(n->graceful_restart->peer_restarting);
  EXPECT_EQ(n->graceful_restart->peer_restart_time, Seconds{30});
  EXPECT_EQ(n->graceful_restart->preserved, (std::vector{kIpv4Unicast}));
}

TEST(SendHoldTime, IsAtLeastEightMinutesOrTwiceHold) {
  auto c = reflector_side();
  Negotiated n;
  n.hold_time = Seconds{90};
  EXPECT_EQ(send_hold_time(c, n), Seconds{480});
  n.hold_time = Seconds{600};
  EXPECT_EQ(send_hold_time(c, n), Seconds{1200});
  c.send_hold_time = Seconds{20};
  EXPECT_EQ(send_hold_time(c, n), Seconds{20});
}

}  // namespace
}  // namespace rr::session
