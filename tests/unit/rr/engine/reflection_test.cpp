// Reflection rules (RFC 4456 §6, §8), receiver-side loop checks and the outbound attribute
// changes for every pair of roles.
#include "rr/engine/reflection.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "rr/wire/context.hpp"

namespace rr::engine {
namespace {

using session::NextHopMode;
using session::RouteAttributes;
using wire::AsPath;
using wire::AsPathSegment;
using wire::AsSegmentType;
using wire::IpAddress;
using wire::Ipv4Address;
using wire::Ipv6Address;
using wire::MpNextHop;

Ipv4Address v4(std::string_view text) {
  return Ipv4Address::parse(text).value_or(Ipv4Address{});
}
Ipv6Address v6(std::string_view text) {
  return Ipv6Address::parse(text).value_or(Ipv6Address{});
}
IpAddress ip(std::string_view text) {
  return IpAddress::parse(text).value_or(IpAddress{});
}

AsPath seq(std::vector<std::uint32_t> asns) {
  return AsPath{{AsPathSegment{AsSegmentType::as_sequence, std::move(asns)}}};
}

constexpr std::uint32_t kLocalAs = 65000;
constexpr std::array kRoles{PeerRole::client, PeerRole::non_client, PeerRole::ebgp};

// A route as a client announces it: IPv4 unicast, next hop 192.0.2.10.
RouteAttributes client_route() {
  RouteAttributes r;
  r.attributes.origin = wire::Origin::igp;
  r.attributes.as_path = AsPath{};
  r.attributes.local_pref = 100;
  r.attributes.med = 50;
  r.attributes.communities = {0xFDE80064};
  r.next_hop = MpNextHop{ip("192.0.2.10"), {}};
  return r;
}

// A route as an eBGP peer's UPDATE looks after normalize_inbound.
RouteAttributes ebgp_route() {
  RouteAttributes r;
  r.attributes.origin = wire::Origin::igp;
  r.attributes.as_path = seq({65100, 65101});
  r.attributes.med = 7;
  r.next_hop = MpNextHop{ip("198.51.100.1"), {}};
  return r;
}

RouteAttributes v6_route() {
  RouteAttributes r = client_route();
  r.next_hop = MpNextHop{ip("2001:db8::10"), v6("fe80::10")};
  return r;
}

PathSource source(PeerRole from) {
  return PathSource{from, v4("10.0.0.1"), v4("10.255.255.1")};
}

OutboundPolicy policy(PeerRole to) {
  OutboundPolicy p;
  p.to = to;
  p.local_as = kLocalAs;
  p.self_v4 = v4("10.0.0.100");
  p.self_v6 = v6("2001:db8::100");
  return p;
}

PeerInfo peer(PeerRole role, std::uint8_t allowed_local_as = 0) {
  PeerInfo p;
  p.id = 1;
  p.address = ip("10.0.0.1");
  p.router_id = v4("10.0.0.1");
  p.peer_as = role == PeerRole::ebgp ? 65100 : kLocalAs;
  p.role = role;
  p.cluster_id = v4("10.255.255.1");
  p.allowed_local_as = allowed_local_as;
  return p;
}

// ---- may_reflect -------------------------------------------------------------------------

TEST(Reflection, MayReflectTable) {
  struct Row {
    PeerRole from;
    PeerRole to;
    bool allowed;
  };
  constexpr std::array<Row, 9> kTable{{
      {PeerRole::client, PeerRole::client, true},
      {PeerRole::client, PeerRole::non_client, true},
      {PeerRole::client, PeerRole::ebgp, true},
      {PeerRole::non_client, PeerRole::client, true},
      {PeerRole::non_client, PeerRole::non_client, false},
      {PeerRole::non_client, PeerRole::ebgp, true},
      {PeerRole::ebgp, PeerRole::client, true},
      {PeerRole::ebgp, PeerRole::non_client, true},
      {PeerRole::ebgp, PeerRole::ebgp, true},
  }};
  for (const Row& row : kTable) {
    EXPECT_EQ(may_reflect(row.from, row.to), row.allowed)
        << to_string(row.from) << " -> " << to_string(row.to);
  }
}

TEST(Reflection, VerdictNamesAreStable) {
  EXPECT_STREQ(to_string(InboundVerdict::accept), "accept");
  EXPECT_STREQ(to_string(InboundVerdict::originator_is_us), "originator-is-us");
  EXPECT_STREQ(to_string(InboundVerdict::cluster_loop), "cluster-loop");
  EXPECT_STREQ(to_string(InboundVerdict::as_path_loop), "as-path-loop");
  EXPECT_STREQ(to_string(static_cast<InboundVerdict>(99)), "?");
}

// ---- check_inbound -----------------------------------------------------------------------

constexpr std::array<Ipv4Address, 2> kClusterIds{Ipv4Address{0x0AFFFF01},   // 10.255.255.1
                                                 Ipv4Address{0x0AFFFF02}};  // per session
constexpr Ipv4Address kRouterId{0x0A000064};                                // 10.0.0.100

TEST(CheckInbound, AcceptsAPathWithoutLoops) {
  wire::PathAttributes a;
  a.as_path = seq({65100, 65101});
  a.originator_id = v4("10.0.0.7");
  a.cluster_list = std::vector{v4("10.255.255.9")};
  EXPECT_EQ(check_inbound(a, peer(PeerRole::client), kLocalAs, kRouterId, kClusterIds),
            InboundVerdict::accept);
  EXPECT_EQ(
      check_inbound(wire::PathAttributes{}, peer(PeerRole::ebgp), kLocalAs, kRouterId, kClusterIds),
      InboundVerdict::accept);
}

TEST(CheckInbound, RejectsOurOwnOriginatorId) {
  wire::PathAttributes a;
  a.originator_id = kRouterId;
  for (PeerRole role : kRoles) {
    EXPECT_EQ(check_inbound(a, peer(role), kLocalAs, kRouterId, kClusterIds),
              InboundVerdict::originator_is_us)
        << to_string(role);
  }
}

TEST(CheckInbound, RejectsOurGlobalClusterId) {
  wire::PathAttributes a;
  a.cluster_list = std::vector{v4("10.255.255.9"), v4("10.255.255.1")};
  EXPECT_EQ(check_inbound(a, peer(PeerRole::non_client), kLocalAs, kRouterId, kClusterIds),
            InboundVerdict::cluster_loop);
}

TEST(CheckInbound, RejectsAPerSessionClusterId) {
  wire::PathAttributes a;
  a.cluster_list = std::vector{v4("10.255.255.2")};
  EXPECT_EQ(check_inbound(a, peer(PeerRole::client), kLocalAs, kRouterId, kClusterIds),
            InboundVerdict::cluster_loop);
  // Without that ID among ours the same list is fine.
  const std::array<Ipv4Address, 1> global_only{kClusterIds[0]};
  EXPECT_EQ(check_inbound(a, peer(PeerRole::client), kLocalAs, kRouterId, global_only),
            InboundVerdict::accept);
}

TEST(CheckInbound, RejectsOurAsInThePath) {
  wire::PathAttributes a;
  a.as_path = seq({65100, kLocalAs, 65101});
  EXPECT_EQ(check_inbound(a, peer(PeerRole::ebgp, 0), kLocalAs, kRouterId, kClusterIds),
            InboundVerdict::as_path_loop);
  // allowed_local_as 1 accepts one occurrence, not two.
  EXPECT_EQ(check_inbound(a, peer(PeerRole::ebgp, 1), kLocalAs, kRouterId, kClusterIds),
            InboundVerdict::accept);
  a.as_path = seq({kLocalAs, 65100, kLocalAs});
  EXPECT_EQ(check_inbound(a, peer(PeerRole::ebgp, 1), kLocalAs, kRouterId, kClusterIds),
            InboundVerdict::as_path_loop);
  EXPECT_EQ(check_inbound(a, peer(PeerRole::ebgp, 2), kLocalAs, kRouterId, kClusterIds),
            InboundVerdict::accept);
}

TEST(CheckInbound, CountsOurAsOverEverySegment) {
  wire::PathAttributes a;
  a.as_path = AsPath{{AsPathSegment{AsSegmentType::as_sequence, {65100, kLocalAs}},
                      AsPathSegment{AsSegmentType::as_set, {65101, kLocalAs}}}};
  EXPECT_EQ(check_inbound(a, peer(PeerRole::ebgp, 1), kLocalAs, kRouterId, kClusterIds),
            InboundVerdict::as_path_loop);
  // The check applies to iBGP sources too.
  EXPECT_EQ(check_inbound(a, peer(PeerRole::client, 1), kLocalAs, kRouterId, kClusterIds),
            InboundVerdict::as_path_loop);
}

TEST(CheckInbound, ChecksOriginatorThenClusterThenAsPath) {
  wire::PathAttributes a;
  a.originator_id = kRouterId;
  a.cluster_list = std::vector{kClusterIds[0]};
  a.as_path = seq({kLocalAs});
  EXPECT_EQ(check_inbound(a, peer(PeerRole::client), kLocalAs, kRouterId, kClusterIds),
            InboundVerdict::originator_is_us);
  a.originator_id.reset();
  EXPECT_EQ(check_inbound(a, peer(PeerRole::client), kLocalAs, kRouterId, kClusterIds),
            InboundVerdict::cluster_loop);
  a.cluster_list.reset();
  EXPECT_EQ(check_inbound(a, peer(PeerRole::client), kLocalAs, kRouterId, kClusterIds),
            InboundVerdict::as_path_loop);
}

// ---- normalize_inbound -------------------------------------------------------------------

TEST(NormalizeInbound, RemovesIbgpOnlyAttributesFromEbgp) {
  wire::PathAttributes a = client_route().attributes;
  a.originator_id = v4("10.0.0.7");
  a.cluster_list = std::vector{v4("10.255.255.9")};
  wire::PathAttributes expected = a;
  expected.local_pref.reset();
  expected.originator_id.reset();
  expected.cluster_list.reset();
  normalize_inbound(a, PeerRole::ebgp);
  EXPECT_EQ(a, expected);
}

TEST(NormalizeInbound, KeepsIbgpPathsUnchanged) {
  for (PeerRole role : {PeerRole::client, PeerRole::non_client}) {
    wire::PathAttributes a = client_route().attributes;
    a.originator_id = v4("10.0.0.7");
    a.cluster_list = std::vector{v4("10.255.255.9")};
    const wire::PathAttributes before = a;
    normalize_inbound(a, role);
    EXPECT_EQ(a, before) << to_string(role);
  }
}

// ---- outbound_attributes: role pairs -----------------------------------------------------

// The iBGP-to-iBGP result: ORIGINATOR_ID and CLUSTER_LIST added, nothing else changed.
RouteAttributes reflected(RouteAttributes r, Ipv4Address originator, Ipv4Address cluster_id) {
  r.attributes.originator_id = originator;
  r.attributes.cluster_list = std::vector{cluster_id};
  return r;
}

TEST(OutboundAttributes, ClientToClientIsReflected) {
  const auto out = outbound_attributes(client_route(), wire::kIpv4Unicast, source(PeerRole::client),
                                       policy(PeerRole::client));
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, reflected(client_route(), v4("10.0.0.1"), v4("10.255.255.1")));
}

TEST(OutboundAttributes, ClientToNonClientIsReflected) {
  const auto out = outbound_attributes(client_route(), wire::kIpv4Unicast, source(PeerRole::client),
                                       policy(PeerRole::non_client));
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, reflected(client_route(), v4("10.0.0.1"), v4("10.255.255.1")));
}

TEST(OutboundAttributes, NonClientToClientIsReflected) {
  const auto out = outbound_attributes(client_route(), wire::kIpv4Unicast,
                                       source(PeerRole::non_client), policy(PeerRole::client));
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, reflected(client_route(), v4("10.0.0.1"), v4("10.255.255.1")));
}

TEST(OutboundAttributes, NonClientToNonClientIsNotAdvertised) {
  EXPECT_FALSE(outbound_attributes(client_route(), wire::kIpv4Unicast, source(PeerRole::non_client),
                                   policy(PeerRole::non_client)));
  // Whatever the next-hop mode.
  OutboundPolicy self = policy(PeerRole::non_client);
  self.next_hop_mode = NextHopMode::self;
  EXPECT_FALSE(
      outbound_attributes(client_route(), wire::kIpv4Unicast, source(PeerRole::non_client), self));
}

TEST(OutboundAttributes, EbgpToIbgpAddsLocalPrefOnly) {
  for (PeerRole to : {PeerRole::client, PeerRole::non_client}) {
    const auto out =
        outbound_attributes(ebgp_route(), wire::kIpv4Unicast, source(PeerRole::ebgp), policy(to));
    ASSERT_TRUE(out) << to_string(to);
    RouteAttributes expected = ebgp_route();
    expected.attributes.local_pref = 100;  // no ORIGINATOR_ID, no CLUSTER_LIST, same next hop
    EXPECT_EQ(*out, expected) << to_string(to);
  }
}

TEST(OutboundAttributes, EbgpToIbgpKeepsAnExistingLocalPref) {
  RouteAttributes in = ebgp_route();
  in.attributes.local_pref = 300;
  const auto out =
      outbound_attributes(in, wire::kIpv4Unicast, source(PeerRole::ebgp), policy(PeerRole::client));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->attributes.local_pref, 300U);
}

TEST(OutboundAttributes, IbgpToEbgpStripsIbgpAttributesAndPrepends) {
  for (PeerRole from : {PeerRole::client, PeerRole::non_client}) {
    RouteAttributes in = client_route();
    in.attributes.originator_id = v4("10.0.0.7");
    in.attributes.cluster_list = std::vector{v4("10.255.255.9")};
    const auto out =
        outbound_attributes(in, wire::kIpv4Unicast, source(from), policy(PeerRole::ebgp));
    ASSERT_TRUE(out) << to_string(from);
    RouteAttributes expected = client_route();
    expected.attributes.as_path = seq({kLocalAs});
    expected.attributes.local_pref.reset();
    expected.attributes.med.reset();
    expected.next_hop = MpNextHop{ip("10.0.0.100"), {}};  // automatic: ours towards eBGP
    EXPECT_EQ(*out, expected) << to_string(from);
  }
}

TEST(OutboundAttributes, EbgpToEbgpPrependsAndDropsMed) {
  const auto out = outbound_attributes(ebgp_route(), wire::kIpv4Unicast, source(PeerRole::ebgp),
                                       policy(PeerRole::ebgp));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->attributes.as_path, seq({kLocalAs, 65100, 65101}));
  EXPECT_FALSE(out->attributes.med);
  EXPECT_FALSE(out->attributes.local_pref);
  EXPECT_EQ(out->next_hop, (MpNextHop{ip("10.0.0.100"), {}}));
}

// ---- outbound_attributes: ORIGINATOR_ID and CLUSTER_LIST ---------------------------------

TEST(OutboundAttributes, OriginatorIdIsKeptWhenPresent) {
  RouteAttributes in = client_route();
  in.attributes.originator_id = v4("10.0.0.7");
  const auto out = outbound_attributes(in, wire::kIpv4Unicast, source(PeerRole::non_client),
                                       policy(PeerRole::client));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->attributes.originator_id, v4("10.0.0.7"));
}

TEST(OutboundAttributes, OriginatorIdIsTheSourceRouterIdWhenAbsent) {
  PathSource src = source(PeerRole::client);
  src.router_id = v4("192.0.2.44");
  const auto out =
      outbound_attributes(client_route(), wire::kIpv4Unicast, src, policy(PeerRole::client));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->attributes.originator_id, v4("192.0.2.44"));
}

TEST(OutboundAttributes, ClusterIdIsPrependedToAnExistingList) {
  RouteAttributes in = client_route();
  in.attributes.originator_id = v4("10.0.0.7");
  in.attributes.cluster_list = std::vector{v4("10.255.255.9"), v4("10.255.255.8")};
  const auto out = outbound_attributes(in, wire::kIpv4Unicast, source(PeerRole::non_client),
                                       policy(PeerRole::client));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->attributes.cluster_list,
            (std::vector{v4("10.255.255.1"), v4("10.255.255.9"), v4("10.255.255.8")}));
}

TEST(OutboundAttributes, ClusterIdIsPrependedEvenWhenAlreadyFirst) {
  // The receiver's loop check rejects it; the sender only prepends.
  RouteAttributes in = client_route();
  in.attributes.cluster_list = std::vector{v4("10.255.255.1")};
  const auto out = outbound_attributes(in, wire::kIpv4Unicast, source(PeerRole::client),
                                       policy(PeerRole::client));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->attributes.cluster_list, (std::vector{v4("10.255.255.1"), v4("10.255.255.1")}));
}

TEST(OutboundAttributes, PerSessionClusterIdIsUsed) {
  PathSource src = source(PeerRole::client);
  src.cluster_id = v4("10.255.255.2");
  RouteAttributes in = client_route();
  in.attributes.cluster_list = std::vector<Ipv4Address>{};  // present but empty
  const auto out = outbound_attributes(in, wire::kIpv4Unicast, src, policy(PeerRole::client));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->attributes.cluster_list, (std::vector{v4("10.255.255.2")}));
}

// ---- outbound_attributes: next hop -------------------------------------------------------

TEST(OutboundAttributes, NextHopIsUntouchedOnIbgpReflection) {
  for (NextHopMode mode : {NextHopMode::automatic, NextHopMode::keep}) {
    OutboundPolicy p = policy(PeerRole::client);
    p.next_hop_mode = mode;
    const auto out4 =
        outbound_attributes(client_route(), wire::kIpv4Unicast, source(PeerRole::client), p);
    ASSERT_TRUE(out4);
    EXPECT_EQ(out4->next_hop, client_route().next_hop);
    const auto out6 =
        outbound_attributes(v6_route(), wire::kIpv6Unicast, source(PeerRole::client), p);
    ASSERT_TRUE(out6);
    EXPECT_EQ(out6->next_hop, (MpNextHop{ip("2001:db8::10"), v6("fe80::10")}));  // link-local
    EXPECT_FALSE(out6->attributes.next_hop);
  }
}

TEST(OutboundAttributes, NextHopIsOursInSelfMode) {
  OutboundPolicy p = policy(PeerRole::client);
  p.next_hop_mode = NextHopMode::self;
  const auto out4 =
      outbound_attributes(client_route(), wire::kIpv4Unicast, source(PeerRole::client), p);
  ASSERT_TRUE(out4);
  EXPECT_EQ(out4->next_hop, (MpNextHop{ip("10.0.0.100"), {}}));
  EXPECT_FALSE(out4->attributes.next_hop);
  // Reflection attributes are still added.
  EXPECT_EQ(out4->attributes.originator_id, v4("10.0.0.1"));

  const auto out6 =
      outbound_attributes(v6_route(), wire::kIpv6Unicast, source(PeerRole::client), p);
  ASSERT_TRUE(out6);
  EXPECT_EQ(out6->next_hop, (MpNextHop{ip("2001:db8::100"), {}}));  // no link-local of ours
}

TEST(OutboundAttributes, NextHopIsOursTowardsEbgpInAutomaticMode) {
  const auto out6 = outbound_attributes(v6_route(), wire::kIpv6Unicast, source(PeerRole::client),
                                        policy(PeerRole::ebgp));
  ASSERT_TRUE(out6);
  EXPECT_EQ(out6->next_hop, (MpNextHop{ip("2001:db8::100"), {}}));
  EXPECT_FALSE(out6->attributes.next_hop);
}

TEST(OutboundAttributes, KeepModeKeepsTheNextHopTowardsEbgp) {
  OutboundPolicy p = policy(PeerRole::ebgp);
  p.next_hop_mode = NextHopMode::keep;
  const auto out4 =
      outbound_attributes(client_route(), wire::kIpv4Unicast, source(PeerRole::client), p);
  ASSERT_TRUE(out4);
  EXPECT_EQ(out4->next_hop, client_route().next_hop);
  EXPECT_EQ(out4->attributes.as_path, seq({kLocalAs}));  // the rest of the eBGP rules apply
  const auto out6 =
      outbound_attributes(v6_route(), wire::kIpv6Unicast, source(PeerRole::client), p);
  ASSERT_TRUE(out6);
  EXPECT_EQ(out6->next_hop, v6_route().next_hop);
}

TEST(OutboundAttributes, NotAdvertisedWhenOurNextHopIsMissing) {
  OutboundPolicy p = policy(PeerRole::ebgp);
  p.self_v4.reset();
  p.self_v6.reset();
  EXPECT_FALSE(
      outbound_attributes(client_route(), wire::kIpv4Unicast, source(PeerRole::client), p));
  EXPECT_FALSE(outbound_attributes(v6_route(), wire::kIpv6Unicast, source(PeerRole::client), p));

  // Only an IPv6 address of ours: fine for IPv6 routes, not for IPv4 ones with an IPv4 next hop.
  p.self_v6 = v6("2001:db8::100");
  EXPECT_FALSE(
      outbound_attributes(client_route(), wire::kIpv4Unicast, source(PeerRole::client), p));
  EXPECT_TRUE(outbound_attributes(v6_route(), wire::kIpv6Unicast, source(PeerRole::client), p));

  // Only an IPv4 address: IPv6 routes cannot be advertised with next-hop self.
  OutboundPolicy q = policy(PeerRole::client);
  q.next_hop_mode = NextHopMode::self;
  q.self_v6.reset();
  EXPECT_FALSE(outbound_attributes(v6_route(), wire::kIpv6Unicast, source(PeerRole::client), q));
  EXPECT_TRUE(outbound_attributes(client_route(), wire::kIpv4Unicast, source(PeerRole::client), q));

  // Keep mode needs no address of ours.
  OutboundPolicy keep = policy(PeerRole::ebgp);
  keep.next_hop_mode = NextHopMode::keep;
  keep.self_v4.reset();
  keep.self_v6.reset();
  EXPECT_TRUE(
      outbound_attributes(client_route(), wire::kIpv4Unicast, source(PeerRole::client), keep));
}

TEST(OutboundAttributes, Ipv4RouteWithIpv6NextHopMayTakeOurIpv6NextHop) {
  // RFC 8950: an IPv4 route carried with an IPv6 next hop.
  RouteAttributes in = client_route();
  in.next_hop = MpNextHop{ip("2001:db8::10"), v6("fe80::10")};
  OutboundPolicy p = policy(PeerRole::ebgp);
  p.self_v4.reset();
  const auto out = outbound_attributes(in, wire::kIpv4Unicast, source(PeerRole::client), p);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->next_hop, (MpNextHop{ip("2001:db8::100"), {}}));

  // With an IPv4 address of ours, that one is used.
  const auto out4 =
      outbound_attributes(in, wire::kIpv4Unicast, source(PeerRole::client), policy(PeerRole::ebgp));
  ASSERT_TRUE(out4);
  EXPECT_EQ(out4->next_hop, (MpNextHop{ip("10.0.0.100"), {}}));
}

// ---- outbound_attributes: AS_PATH prepend ------------------------------------------------

AsPath prepended(AsPath in) {
  RouteAttributes r = client_route();
  r.attributes.as_path = std::move(in);
  const auto out =
      outbound_attributes(r, wire::kIpv4Unicast, source(PeerRole::ebgp), policy(PeerRole::ebgp));
  return out && out->attributes.as_path ? *out->attributes.as_path : AsPath{};
}

TEST(OutboundAttributes, LocalAsGoesInFrontOfTheFirstSequence) {
  EXPECT_EQ(prepended(AsPath{}), seq({kLocalAs}));
  EXPECT_EQ(prepended(seq({65100, 65101})), seq({kLocalAs, 65100, 65101}));

  RouteAttributes no_path = client_route();
  no_path.attributes.as_path.reset();
  const auto out = outbound_attributes(no_path, wire::kIpv4Unicast, source(PeerRole::client),
                                       policy(PeerRole::ebgp));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->attributes.as_path, seq({kLocalAs}));
}

TEST(OutboundAttributes, LocalAsGetsANewSegmentBeforeASetOrAFullSequence) {
  const AsPath set{{AsPathSegment{AsSegmentType::as_set, {65100, 65101}}}};
  EXPECT_EQ(prepended(set), (AsPath{{AsPathSegment{AsSegmentType::as_sequence, {kLocalAs}},
                                     AsPathSegment{AsSegmentType::as_set, {65100, 65101}}}}));

  std::vector<std::uint32_t> full(255, 65100);
  std::vector<std::uint32_t> almost(254, 65100);
  EXPECT_EQ(prepended(seq(full)), (AsPath{{AsPathSegment{AsSegmentType::as_sequence, {kLocalAs}},
                                           AsPathSegment{AsSegmentType::as_sequence, full}}}));
  std::vector<std::uint32_t> grown = almost;
  grown.insert(grown.begin(), kLocalAs);
  EXPECT_EQ(prepended(seq(almost)), seq(grown));
}

TEST(OutboundAttributes, ConfederationSegmentsAreDroppedTowardsEbgp) {
  const AsPath confed{{AsPathSegment{AsSegmentType::confed_sequence, {64512, 64513}},
                       AsPathSegment{AsSegmentType::confed_set, {64514}},
                       AsPathSegment{AsSegmentType::as_sequence, {65100}}}};
  EXPECT_EQ(prepended(confed), seq({kLocalAs, 65100}));
}

TEST(OutboundAttributes, AsPathIsUnchangedTowardsIbgp) {
  RouteAttributes in = ebgp_route();
  const auto out =
      outbound_attributes(in, wire::kIpv4Unicast, source(PeerRole::ebgp), policy(PeerRole::client));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->attributes.as_path, in.attributes.as_path);
}

// ---- outbound_attributes: unknown attributes ---------------------------------------------

TEST(OutboundAttributes, UnknownAttributesAreDroppedOrMarkedPartial) {
  RouteAttributes in = client_route();
  in.attributes.unknown = {
      wire::UnknownAttribute{0x80, 30, {std::byte{0x01}}},  // optional non-transitive: dropped
      wire::UnknownAttribute{0xC0, 31, {std::byte{0x02}}},  // optional transitive: Partial set
      wire::UnknownAttribute{0xE0, 32, {std::byte{0x03}}},  // already Partial
      wire::UnknownAttribute{
          0xA0, 33, {std::byte{0x04}}},  // optional non-transitive (Partial): dropped
  };
  const std::vector<wire::UnknownAttribute> expected{
      wire::UnknownAttribute{0xE0, 31, {std::byte{0x02}}},
      wire::UnknownAttribute{0xE0, 32, {std::byte{0x03}}},
  };
  for (PeerRole to : kRoles) {
    const auto out =
        outbound_attributes(in, wire::kIpv4Unicast, source(PeerRole::client), policy(to));
    ASSERT_TRUE(out) << to_string(to);
    EXPECT_EQ(out->attributes.unknown, expected) << to_string(to);
  }
}

// ---- outbound_attributes: 2-octet peers --------------------------------------------------

TEST(OutboundAttributes, TwoOctetPeersGetTheAs4Split) {
  RouteAttributes in = ebgp_route();
  in.attributes.as_path = seq({4200000001, 65101});
  in.attributes.aggregator = wire::Aggregator{4200000001, v4("192.0.2.1")};
  OutboundPolicy p = policy(PeerRole::ebgp);
  p.local_as = 65000;
  p.four_octet_as = false;
  const auto out = outbound_attributes(in, wire::kIpv4Unicast, source(PeerRole::ebgp), p);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->attributes.as_path, seq({65000, wire::kAsTrans, 65101}));
  EXPECT_EQ(out->attributes.as4_path, seq({65000, 4200000001, 65101}));
  EXPECT_EQ(out->attributes.aggregator, (wire::Aggregator{wire::kAsTrans, v4("192.0.2.1")}));
  EXPECT_EQ(out->attributes.as4_aggregator, (wire::Aggregator{4200000001, v4("192.0.2.1")}));

  // A 4-byte local AS towards a 2-octet peer becomes AS_TRANS too.
  p.local_as = 4200000099;
  in.attributes.as_path = seq({65101});
  in.attributes.aggregator.reset();
  const auto out2 = outbound_attributes(in, wire::kIpv4Unicast, source(PeerRole::ebgp), p);
  ASSERT_TRUE(out2);
  EXPECT_EQ(out2->attributes.as_path, seq({wire::kAsTrans, 65101}));
  EXPECT_EQ(out2->attributes.as4_path, seq({4200000099, 65101}));
}

TEST(OutboundAttributes, TwoOctetSplitAppliesToReflectionToo) {
  RouteAttributes in = client_route();
  in.attributes.as_path = seq({4200000001});
  OutboundPolicy p = policy(PeerRole::client);
  p.four_octet_as = false;
  const auto out = outbound_attributes(in, wire::kIpv4Unicast, source(PeerRole::client), p);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->attributes.as_path, seq({wire::kAsTrans}));
  EXPECT_EQ(out->attributes.as4_path, seq({4200000001}));
}

TEST(OutboundAttributes, FourOctetPeersGetNoAs4Attributes) {
  RouteAttributes in = ebgp_route();
  in.attributes.as_path = seq({4200000001});
  const auto out =
      outbound_attributes(in, wire::kIpv4Unicast, source(PeerRole::ebgp), policy(PeerRole::ebgp));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->attributes.as_path, seq({kLocalAs, 4200000001}));
  EXPECT_FALSE(out->attributes.as4_path);
  EXPECT_FALSE(out->attributes.as4_aggregator);
}

// ---- outbound_attributes: everything else passes -----------------------------------------

TEST(OutboundAttributes, OtherAttributesPassUnchanged) {
  RouteAttributes in = client_route();
  in.attributes.atomic_aggregate = true;
  in.attributes.aggregator = wire::Aggregator{65100, v4("192.0.2.1")};
  in.attributes.extended_communities = {wire::ExtendedCommunity{{0, 2, 0xFD, 0xE8, 0, 0, 0, 1}}};
  in.attributes.large_communities = {wire::LargeCommunity{65000, 1, 2}};
  for (PeerRole to : kRoles) {
    const auto out =
        outbound_attributes(in, wire::kIpv4Unicast, source(PeerRole::client), policy(to));
    ASSERT_TRUE(out) << to_string(to);
    EXPECT_EQ(out->attributes.origin, in.attributes.origin);
    EXPECT_EQ(out->attributes.atomic_aggregate, true);
    EXPECT_EQ(out->attributes.aggregator, in.attributes.aggregator);
    EXPECT_EQ(out->attributes.communities, in.attributes.communities);
    EXPECT_EQ(out->attributes.extended_communities, in.attributes.extended_communities);
    EXPECT_EQ(out->attributes.large_communities, in.attributes.large_communities);
  }
}

TEST(OutboundAttributes, WellKnownCommunitiesLimitTheAdvertisement) {
  RouteAttributes no_advertise = client_route();
  no_advertise.attributes.communities.push_back(wire::community::kNoAdvertise);
  RouteAttributes no_export = client_route();
  no_export.attributes.communities.push_back(wire::community::kNoExport);
  RouteAttributes no_export_subconfed = client_route();
  no_export_subconfed.attributes.communities.push_back(wire::community::kNoExportSubconfed);
  for (PeerRole to : kRoles) {
    const auto src = source(PeerRole::client);
    EXPECT_FALSE(outbound_attributes(no_advertise, wire::kIpv4Unicast, src, policy(to)))
        << to_string(to);
    const bool ibgp = to != PeerRole::ebgp;
    EXPECT_EQ(outbound_attributes(no_export, wire::kIpv4Unicast, src, policy(to)).has_value(), ibgp)
        << to_string(to);
    EXPECT_EQ(
        outbound_attributes(no_export_subconfed, wire::kIpv4Unicast, src, policy(to)).has_value(),
        ibgp)
        << to_string(to);
  }
}

}  // namespace
}  // namespace rr::engine
