// Unit tests of the loadgen workload scheme and the received-route checker.
#include "perf/loadgen/route_checker.hpp"

#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "perf/loadgen/workload.hpp"
#include "rr/wire/capabilities.hpp"
#include "rr/wire/context.hpp"
#include "rr/wire/open_message.hpp"
#include "rr/wire/update_packer.hpp"

namespace rr::perf {
namespace {

WorkloadConfig small_config() {
  WorkloadConfig c;
  c.sessions = 300;  // crosses a .255/.0 boundary of the source addresses
  c.v4_per_session = 3;
  c.v6_per_session = 2;
  c.cluster_id = wire::Ipv4Address{0xf4000001};
  return c;
}

// Feeds every UPDATE in `stream` (whole messages) to the checker.
void feed(RouteChecker& checker, const wire::Bytes& stream) {
  std::size_t pos = 0;
  while (pos + 19 <= stream.size()) {
    const auto* m = reinterpret_cast<const std::uint8_t*>(stream.data() + pos);
    const std::size_t length = (static_cast<std::size_t>(m[16]) << 8U) | m[17];
    ASSERT_EQ(m[18], 2) << "not an UPDATE";
    checker.on_update(m + 19, length - 19);
    pos += length;
  }
  ASSERT_EQ(pos, stream.size());
}

TEST(Workload, SourceAddressesSkipNetworkAndBroadcastOctets) {
  const Workload w(small_config());
  for (std::uint32_t k = 0; k < w.sessions(); ++k) {
    const auto last = w.address(k).value & 0xffU;
    EXPECT_NE(last, 0U);
    EXPECT_NE(last, 0xffU);
    EXPECT_EQ(w.session_of(w.address(k)), k);
  }
  EXPECT_EQ(w.address(0).to_string(), "127.1.0.1");
  EXPECT_EQ(w.address(254).to_string(), "127.1.1.1");
  EXPECT_FALSE(w.session_of(wire::Ipv4Address{0x7f000001}));
}

TEST(Workload, PrefixesMapBackToTheirOwner) {
  const Workload w(small_config());
  std::vector<bool> seen(w.total_routes());
  for (std::uint32_t k = 0; k < w.sessions(); ++k) {
    for (std::uint32_t i = 0; i < 3; ++i) {
      const wire::Prefix p = w.v4_prefix(k, i);
      const std::uint32_t addr = (std::uint32_t{p.bytes[0]} << 24U) |
                                 (std::uint32_t{p.bytes[1]} << 16U) |
                                 (std::uint32_t{p.bytes[2]} << 8U) | p.bytes[3];
      const auto owner = w.v4_owner(p.length, addr);
      ASSERT_TRUE(owner);
      EXPECT_EQ(owner->session, k);
      EXPECT_FALSE(seen[owner->flat_id]);
      seen[owner->flat_id] = true;
    }
    for (std::uint32_t i = 0; i < 2; ++i) {
      const wire::Prefix p = w.v6_prefix(k, i);
      const auto owner = w.v6_owner(p.length, p.bytes.data());
      ASSERT_TRUE(owner);
      EXPECT_EQ(owner->session, k);
      EXPECT_FALSE(seen[owner->flat_id]);
      seen[owner->flat_id] = true;
    }
  }
  EXPECT_FALSE(w.v4_owner(24, 0x0a000000));
  EXPECT_FALSE(w.v4_owner(26, 0x0b000000));
  EXPECT_FALSE(w.v4_owner(26, 0x0a000000U + (w.sessions() * 3U << 6U)));
}

TEST(Workload, RejectsConfigurationsTheSchemeCannotHold) {
  WorkloadConfig c;
  c.sessions = 100000;
  c.v4_per_session = 10;
  EXPECT_TRUE(Workload::check(c));
  EXPECT_FALSE(Workload::check(small_config()));
}

TEST(Workload, Ipv6SessionAddressesCountUpFromTheBaseAndMapBack) {
  WorkloadConfig c = small_config();
  c.v6_sessions = true;
  const Workload w(c);
  EXPECT_EQ(w.bgp_sessions(), 600U);
  EXPECT_EQ(w.address6(0).to_string(), "fd00:1::1");
  EXPECT_EQ(w.address6(255).to_string(), "fd00:1::100");
  for (std::uint32_t k = 0; k < w.sessions(); ++k)
    EXPECT_EQ(w.session6_of(w.address6(k)), k);
  EXPECT_FALSE(w.session6_of(*wire::Ipv6Address::parse("fd00:1::")));
  EXPECT_FALSE(w.session6_of(*wire::Ipv6Address::parse("fd00:1::12d")));  // 301st
  EXPECT_FALSE(w.session6_of(*wire::Ipv6Address::parse("fd00:2::1")));
  // The base may sit anywhere as long as base + k does not wrap the low 64 bits.
  c.source6_base = *wire::Ipv6Address::parse("fd00:1::ffff:ffff:ffff:ff00");
  EXPECT_TRUE(Workload::check(c));
  c.source6_base = *wire::Ipv6Address::parse("fd00:1::ffff:ffff:ffff:0");
  EXPECT_FALSE(Workload::check(c));
  EXPECT_EQ(Workload(c).address6(1).to_string(), "fd00:1::ffff:ffff:ffff:1");
}

// Families offered in an OPEN's multiprotocol capabilities.
std::vector<wire::AfiSafi> offered_families(const wire::Bytes& open) {
  const auto* m = reinterpret_cast<const std::byte*>(open.data());
  const auto decoded = wire::decode_open(wire::ByteView(m + 19, open.size() - 19));
  EXPECT_TRUE(decoded.has_value());
  return decoded ? wire::summarize(decoded->capabilities).multiprotocol
                 : std::vector<wire::AfiSafi>{};
}

TEST(Workload, SplitSessionsOfferAndCarryOneFamilyEach) {
  WorkloadConfig c = small_config();
  c.v6_sessions = true;
  c.graceful_restart = true;
  const Workload w(c);
  using F = std::vector<wire::AfiSafi>;
  EXPECT_EQ(offered_families(w.encode_client_open(4, SessionFamilies::ipv4)),
            F{wire::kIpv4Unicast});
  EXPECT_EQ(offered_families(w.encode_client_open(4, SessionFamilies::ipv6)),
            F{wire::kIpv6Unicast});
  EXPECT_EQ(offered_families(w.encode_client_open(4)), (F{wire::kIpv4Unicast, wire::kIpv6Unicast}));
  // Client 7's IPv4 session gets every other client's IPv4 routes and the IPv4 End-of-RIB only;
  // its IPv6 session the IPv6 ones.
  RouteChecker v4(w, 7);
  RouteChecker v6(w, 7);
  v4.expect_families(true, false);
  v6.expect_families(false, true);
  for (std::uint32_t k = 0; k < w.sessions(); ++k) {
    if (k == 7) continue;
    feed(v4, w.encode_reflected(k, SessionFamilies::ipv4));
    feed(v6, w.encode_reflected(k, SessionFamilies::ipv6));
  }
  feed(v4, Workload::encode_end_of_ribs(SessionFamilies::ipv4));
  EXPECT_TRUE(v4.complete());
  EXPECT_FALSE(v6.complete());  // no IPv6 End-of-RIB yet
  feed(v6, Workload::encode_end_of_ribs(SessionFamilies::ipv6));
  EXPECT_TRUE(v6.complete());
  EXPECT_EQ(v4.counters().announced_v4, (w.sessions() - 1) * 3U);
  EXPECT_EQ(v4.counters().announced_v6, 0U);
  EXPECT_EQ(v6.counters().announced_v6, (w.sessions() - 1) * 2U);
  EXPECT_EQ(v6.counters().announced_v4, 0U);
  EXPECT_EQ(v4.counters().errors() + v6.counters().errors(), 0U);
  // A route of the other family on either session is an error, and not part of its table.
  feed(v4, w.encode_reflected(8, SessionFamilies::ipv6));
  feed(v6, w.encode_reflected(8, SessionFamilies::ipv4));
  EXPECT_EQ(v4.counters().wrong_family, 2U);
  EXPECT_EQ(v6.counters().wrong_family, 3U);
  EXPECT_EQ(v4.counters().errors(), 2U);
  EXPECT_TRUE(v4.complete());
  EXPECT_TRUE(v6.complete());
}

TEST(RouteChecker, ReflectedTableOfAllOtherClientsIsComplete) {
  const Workload w(small_config());
  RouteChecker checker(w, 7);
  for (std::uint32_t k = 0; k < w.sessions(); ++k) {
    if (k != 7) feed(checker, w.encode_reflected(k));
  }
  EXPECT_FALSE(checker.complete());  // no End-of-RIB yet
  feed(checker, Workload::encode_end_of_ribs());
  EXPECT_TRUE(checker.complete());
  EXPECT_EQ(checker.held(), w.expected_per_session());
  EXPECT_EQ(checker.counters().errors(), 0U);
  EXPECT_EQ(checker.counters().announced_v4, (w.sessions() - 1) * 3U);
  EXPECT_EQ(checker.counters().announced_v6, (w.sessions() - 1) * 2U);
}

TEST(RouteChecker, CountsEchoesAndDuplicates) {
  const Workload w(small_config());
  RouteChecker checker(w, 7);
  feed(checker, w.encode_reflected(7));
  EXPECT_EQ(checker.counters().echoes, 5U);
  feed(checker, w.encode_reflected(8));
  feed(checker, w.encode_reflected(8));
  EXPECT_EQ(checker.counters().duplicates, 5U);
  EXPECT_EQ(checker.held(), 5U);
}

TEST(RouteChecker, UnreflectedRoutesLackOriginatorAndClusterList) {
  const Workload w(small_config());
  RouteChecker checker(w, 7);
  feed(checker, w.encode_announcements(8));  // as sent by the client, with its End-of-RIBs
  EXPECT_EQ(checker.counters().bad_originator_id, 5U);
  EXPECT_EQ(checker.counters().bad_cluster_list, 5U);
  EXPECT_EQ(checker.counters().bad_next_hop, 0U);
  EXPECT_EQ(checker.counters().bad_as_path, 0U);
  EXPECT_EQ(checker.counters().missing_local_pref, 0U);
  EXPECT_TRUE(checker.eor_v4());
  EXPECT_TRUE(checker.eor_v6());
}

TEST(RouteChecker, WrongClusterIdAndNextHopAreReported) {
  WorkloadConfig other = small_config();
  other.cluster_id = wire::Ipv4Address{0x01020304};
  const Workload w(small_config());
  const Workload wrong(other);
  RouteChecker checker(w, 7);
  feed(checker, wrong.encode_reflected(8));
  EXPECT_EQ(checker.counters().bad_cluster_list, 5U);
  EXPECT_EQ(checker.counters().bad_originator_id, 0U);

  // Session 9's routes carrying session 8's next hops: reported, originator too.
  RouteChecker shifted(w, 7);
  wire::PathAttributes attrs;
  attrs.origin = wire::Origin::igp;
  attrs.as_path = wire::AsPath{{{wire::AsSegmentType::as_sequence, {65000}}}};
  attrs.next_hop = w.address(8);
  attrs.originator_id = w.address(9);
  attrs.cluster_list = std::vector<wire::Ipv4Address>{w.config().cluster_id};
  const std::vector<wire::Nlri> nlri{{w.v4_prefix(9, 0), 0}};
  wire::Bytes out;
  ASSERT_TRUE(wire::pack_announcements(wire::kIpv4Unicast, attrs, std::nullopt, nlri,
                                       wire::CodecContext{}, out));
  feed(shifted, out);
  EXPECT_EQ(shifted.counters().bad_next_hop, 1U);
  EXPECT_EQ(shifted.counters().bad_as_path, 1U);
  EXPECT_EQ(shifted.counters().missing_local_pref, 1U);
  EXPECT_EQ(shifted.counters().bad_originator_id, 0U);
}

TEST(RouteChecker, WithdrawalsShrinkTheTable) {
  const Workload w(small_config());
  RouteChecker checker(w, 7);
  feed(checker, w.encode_reflected(8));
  const std::vector<wire::Nlri> v4{{w.v4_prefix(8, 0), 0}, {w.v4_prefix(8, 1), 0}};
  const std::vector<wire::Nlri> v6{{w.v6_prefix(8, 1), 0}};
  wire::Bytes out;
  wire::pack_withdrawals(wire::kIpv4Unicast, v4, wire::CodecContext{}, out);
  wire::pack_withdrawals(wire::kIpv6Unicast, v6, wire::CodecContext{}, out);
  feed(checker, out);
  EXPECT_EQ(checker.held(), 2U);
  EXPECT_EQ(checker.counters().withdrawn_v4, 2U);
  EXPECT_EQ(checker.counters().withdrawn_v6, 1U);
  EXPECT_FALSE(checker.eor_v6());
  EXPECT_EQ(checker.counters().errors(), 0U);
}

// W4 "full table", small: 2 feeders x 2000 /24s in 200 attribute sets, 5 clients.
WorkloadConfig feed_config() {
  WorkloadConfig c;
  c.sessions = 7;
  c.v4_per_session = 0;
  c.v6_per_session = 0;
  c.feeders = 2;
  c.feed_prefixes = 2000;
  c.feed_attr_sets = 200;
  c.cluster_id = wire::Ipv4Address{0xf4000001};
  return c;
}

std::uint32_t prefix_address(const wire::Prefix& p) {
  return (std::uint32_t{p.bytes[0]} << 24U) | (std::uint32_t{p.bytes[1]} << 16U) |
         (std::uint32_t{p.bytes[2]} << 8U) | p.bytes[3];
}

TEST(FeedWorkload, PrefixesAreDistinctSlash24sFrom11AndMapBack) {
  const Workload w(feed_config());
  EXPECT_EQ(w.feed_prefix(0).to_string(), "11.0.0.0/24");
  EXPECT_EQ(w.feed_prefix(256).to_string(), "11.1.0.0/24");
  for (std::uint32_t j = 0; j < w.feed_prefixes(); ++j) {
    const wire::Prefix p = w.feed_prefix(j);
    EXPECT_EQ(w.feed_index(p.length, prefix_address(p)), j);
  }
  EXPECT_FALSE(w.feed_index(24, prefix_address(w.feed_prefix(0)) - 256));  // 10.255.255.0
  EXPECT_FALSE(w.feed_index(24, 0x0b000000U + (2000U << 8U)));             // one past the end
  EXPECT_FALSE(w.feed_index(25, 0x0b000000U));
  EXPECT_FALSE(w.feed_index(24, 0x0b000080U));
  EXPECT_EQ(w.expected_v4(0), 0U);  // the winning feeder gets nothing back
  EXPECT_EQ(w.expected_v4(1), 2000U);
  EXPECT_EQ(w.expected_v4(6), 2000U);
  const auto order = w.connect_order();
  EXPECT_EQ(order, (std::vector<std::uint32_t>{2, 3, 4, 5, 6, 0, 1}));
}

TEST(FeedWorkload, AttributeSetIsPrefixIndexModuloSets) {
  for (const std::uint32_t sets : {1U, 2U, 3U, 7U, 200U, 20000U, 65537U, 1000000U}) {
    WorkloadConfig c = feed_config();
    c.feed_prefixes = 1U << 22U;
    c.feed_attr_sets = sets;
    const Workload w(c);
    for (std::uint32_t j = 0; j < (1U << 22U); j += 997)
      ASSERT_EQ(w.feed_attr_set(j), j % sets) << j << " % " << sets;
    EXPECT_EQ(w.feed_attr_set((1U << 22U) - 1), ((1U << 22U) - 1) % sets);
  }
}

TEST(FeedWorkload, OneMillionPrefixesFitAndBadShapesAreRejected) {
  WorkloadConfig c = feed_config();
  c.sessions = 102;
  c.feed_prefixes = 1000000;
  c.feed_attr_sets = 20000;
  EXPECT_FALSE(Workload::check(c));
  const Workload w(c);
  EXPECT_EQ(w.feed_prefix(999999).to_string(), "26.66.63.0/24");
  c.feed_prefixes = (1U << 22U) + 1;
  EXPECT_TRUE(Workload::check(c));
  c = feed_config();
  c.v4_per_session = 2;
  EXPECT_TRUE(Workload::check(c));
  c = feed_config();
  c.feed_attr_sets = 2001;
  EXPECT_TRUE(Workload::check(c));
  c = feed_config();
  c.feeders = 7;
  EXPECT_TRUE(Workload::check(c));
}

TEST(FeedWorkload, UpdatesAreGroupedByAttributeSet) {
  const Workload w(feed_config());
  const wire::Bytes feed = w.encode_feed(1, false);
  std::size_t updates = 0;
  for (std::size_t pos = 0; pos < feed.size(); ++updates) {
    const auto* m = reinterpret_cast<const std::uint8_t*>(feed.data() + pos);
    pos += (static_cast<std::size_t>(m[16]) << 8U) | m[17];
  }
  EXPECT_EQ(updates, 200U);  // 10 prefixes per set: one UPDATE each
  // Only feeder 0's routes are reflected; the others' never win.
  EXPECT_FALSE(w.encode_reflected(0).empty());
  EXPECT_TRUE(w.encode_reflected(1).empty());
  EXPECT_TRUE(w.encode_reflected(4).empty());
  EXPECT_TRUE(w.encode_announcements(4).size() == Workload::encode_end_of_ribs().size());
}

TEST(FeedChecker, ClientHoldingTheWinnersTableIsComplete) {
  const Workload w(feed_config());
  RouteChecker checker(w, 4);
  EXPECT_EQ(checker.expected(), 2000U);
  feed(checker, w.encode_reflected(0));
  EXPECT_FALSE(checker.complete());
  feed(checker, Workload::encode_end_of_ribs());
  EXPECT_TRUE(checker.complete());
  EXPECT_EQ(checker.held(), 2000U);
  EXPECT_EQ(checker.counters().announced_v4, 2000U);
  EXPECT_EQ(checker.counters().errors(), 0U);
  EXPECT_EQ(checker.counters().transient, 0U);
  feed(checker, w.encode_reflected(0));
  EXPECT_EQ(checker.counters().duplicates, 2000U);
}

TEST(FeedChecker, TransientLosersAreReplacedNotErrors) {
  const Workload w(feed_config());
  RouteChecker checker(w, 4);
  feed(checker, Workload::encode_end_of_ribs());  // a reflector's EoR before any table
  feed(checker, w.encode_feed(1, true));          // feeder 1's routes, best until 0's arrive
  EXPECT_EQ(checker.counters().transient, 2000U);
  EXPECT_EQ(checker.stale(), 2000U);
  EXPECT_FALSE(checker.complete());
  feed(checker, w.encode_reflected(0));
  EXPECT_EQ(checker.stale(), 0U);
  EXPECT_EQ(checker.held(), 2000U);
  EXPECT_TRUE(checker.complete());
  EXPECT_EQ(checker.counters().errors(), 0U);
  // The best path replaced by a worse one is an error, and the table is incomplete again.
  feed(checker, w.encode_feed(1, true));
  EXPECT_EQ(checker.counters().worse_path, 2000U);
  EXPECT_FALSE(checker.complete());
}

TEST(FeedChecker, WinningFeederExpectsNothingAndMustSeeTransientsWithdrawn) {
  const Workload w(feed_config());
  RouteChecker checker(w, 0);
  EXPECT_EQ(checker.expected(), 0U);
  feed(checker, Workload::encode_end_of_ribs());
  EXPECT_TRUE(checker.complete());
  feed(checker, w.encode_feed(1, true));
  EXPECT_FALSE(checker.complete());
  std::vector<wire::Nlri> nlri;
  for (std::uint32_t j = 0; j < w.feed_prefixes(); ++j)
    nlri.push_back(wire::Nlri{w.feed_prefix(j), 0});
  wire::Bytes out;
  wire::pack_withdrawals(wire::kIpv4Unicast, nlri, wire::CodecContext{}, out);
  feed(checker, out);
  EXPECT_TRUE(checker.complete());
  feed(checker, w.encode_reflected(0));  // its own routes
  EXPECT_EQ(checker.counters().echoes, 2000U);
  EXPECT_EQ(checker.counters().worse_path, 0U);
  // An echo replaces a transient route like a withdrawal would (FRR sends those).
  feed(checker, w.encode_feed(1, true));
  EXPECT_FALSE(checker.complete());
  feed(checker, w.encode_reflected(0));
  EXPECT_TRUE(checker.complete());
}

TEST(FeedChecker, WrongAttributesAreReported) {
  const Workload w(feed_config());
  RouteChecker unreflected(w, 4);
  feed(unreflected, w.encode_feed(0, false));
  EXPECT_EQ(unreflected.counters().bad_originator_id, 2000U);
  EXPECT_EQ(unreflected.held(), 0U);

  WorkloadConfig other = feed_config();
  other.feed_attr_sets = 100;  // the same prefixes, other MED / COMMUNITIES
  other.next_hop_base = wire::Ipv4Address{0xc6120001};
  RouteChecker checker(w, 4);
  feed(checker, Workload(other).encode_reflected(0));
  EXPECT_EQ(checker.counters().bad_attributes, 1000U);  // sets 0..99 agree, 100..199 do not
  EXPECT_EQ(checker.counters().bad_next_hop, 2000U);
  EXPECT_EQ(checker.counters().missing_local_pref, 0U);
  EXPECT_EQ(checker.counters().bad_cluster_list, 0U);
}

}  // namespace
}  // namespace rr::perf
