// Unit tests of the loadgen workload scheme and the received-route checker.
#include "perf/loadgen/route_checker.hpp"

#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "perf/loadgen/workload.hpp"
#include "rr/wire/context.hpp"
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

}  // namespace
}  // namespace rr::perf
