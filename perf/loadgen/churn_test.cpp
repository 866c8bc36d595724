// Unit tests of the W2 churn scheme and of the checker's churn latency and W3 graceful-restart
// (stale route) bookkeeping.
#include "perf/loadgen/churn.hpp"

#include <cstdint>
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "perf/loadgen/latency_histogram.hpp"
#include "perf/loadgen/route_checker.hpp"
#include "perf/loadgen/workload.hpp"
#include "rr/wire/context.hpp"
#include "rr/wire/update_packer.hpp"

namespace rr::perf {
namespace {

WorkloadConfig churn_config() {
  WorkloadConfig c;
  c.sessions = 20;
  c.v4_per_session = 2;
  c.v6_per_session = 1;
  c.cluster_id = wire::Ipv4Address{0xf4000001};
  c.churn_rate = 1000;
  c.churn_seconds = 0.5;
  c.churn_slots = 3;
  return c;
}

void feed(RouteChecker& checker, const wire::Bytes& stream, std::uint64_t now_ns = 0) {
  std::size_t pos = 0;
  while (pos + 19 <= stream.size()) {
    const auto* m = reinterpret_cast<const std::uint8_t*>(stream.data() + pos);
    const std::size_t length = (static_cast<std::size_t>(m[16]) << 8U) | m[17];
    ASSERT_EQ(m[18], 2) << "not an UPDATE";
    checker.on_update(m + 19, length - 19, now_ns);
    pos += length;
  }
  ASSERT_EQ(pos, stream.size());
}

// Every other session's reflected routes, then both End-of-RIBs.
void feed_full_table(RouteChecker& checker, const Workload& w, std::uint32_t self) {
  for (std::uint32_t k = 0; k < w.sessions(); ++k) {
    if (k != self) feed(checker, w.encode_reflected(k));
  }
  feed(checker, Workload::encode_end_of_ribs());
}

// Churn route (k, slot) as a correct reflector sends it: the client's attributes plus
// ORIGINATOR_ID and CLUSTER_LIST (RFC 4456 §8); `stamp` = nullopt drops the large community.
wire::Bytes reflected_churn(const Workload& w, std::uint32_t k, std::uint32_t slot,
                            std::optional<std::uint64_t> stamp) {
  const ChurnPlan plan(w);
  wire::PathAttributes attrs;
  attrs.origin = wire::Origin::igp;
  attrs.as_path = wire::AsPath{};
  attrs.next_hop = w.v4_next_hop(k);
  attrs.local_pref = Workload::kLocalPref;
  attrs.originator_id = w.address(k);
  attrs.cluster_list = std::vector<wire::Ipv4Address>{w.config().cluster_id};
  if (stamp) {
    attrs.large_communities = {{w.config().asn, static_cast<std::uint32_t>(*stamp >> 32U),
                                static_cast<std::uint32_t>(*stamp & 0xffffffffU)}};
  }
  const std::vector<wire::Nlri> nlri{
      {wire::Prefix::v4(wire::Ipv4Address{ChurnPlan::kBase + plan.route(k, slot)}, 32), 0}};
  wire::Bytes out;
  EXPECT_TRUE(wire::pack_announcements(wire::kIpv4Unicast, attrs, std::nullopt, nlri,
                                       wire::CodecContext{}, out));
  return out;
}

TEST(ChurnPlan, StreamIsWholeCyclesAndEndsWithEveryRouteWithdrawn) {
  const Workload w(churn_config());
  const ChurnPlan plan(w);
  ASSERT_TRUE(plan.enabled());
  // 500 changes wanted; one cycle = 2 x 20 sessions x 3 slots = 120 -> 5 cycles.
  EXPECT_EQ(plan.total_changes(), 600U);
  std::set<std::uint32_t> announced;
  for (std::uint64_t c = 0; c < plan.total_changes(); ++c) {
    const auto ch = plan.change(c);
    ASSERT_LT(ch.session, 20U);
    ASSERT_LT(ch.slot, 3U);
    const std::uint32_t r = plan.route(ch.session, ch.slot);
    if (ch.announce) {
      EXPECT_TRUE(announced.insert(r).second) << "announced twice in a row: " << c;
    } else {
      EXPECT_EQ(announced.erase(r), 1U) << "withdrawn while not announced: " << c;
    }
  }
  EXPECT_TRUE(announced.empty());
  // Consecutive changes come from different sessions (the load is spread).
  EXPECT_NE(plan.change(0).session, plan.change(1).session);
}

TEST(ChurnPlan, PrefixesMapBackAndBadShapesAreRejected) {
  const Workload w(churn_config());
  const ChurnPlan plan(w);
  EXPECT_EQ(plan.route_of(32, ChurnPlan::kBase + 59), 59U);
  EXPECT_EQ(plan.owner(59), 19U);
  EXPECT_FALSE(plan.route_of(32, ChurnPlan::kBase + 60));  // beyond 20 x 3
  EXPECT_FALSE(plan.route_of(31, ChurnPlan::kBase));
  EXPECT_FALSE(plan.route_of(32, 0x0a000000));

  WorkloadConfig c = churn_config();
  EXPECT_FALSE(ChurnPlan::check(c));
  c.churn_slots = 0;
  EXPECT_TRUE(ChurnPlan::check(c));
  c = churn_config();
  c.feeders = 2;
  EXPECT_TRUE(ChurnPlan::check(c));
  c = churn_config();
  c.sessions = 600000;
  c.churn_slots = 2;
  EXPECT_TRUE(ChurnPlan::check(c));  // beyond 172.16.0.0/12
  c.churn_rate = 0;
  EXPECT_FALSE(ChurnPlan::check(c));  // off: nothing to check
}

TEST(ChurnPlan, EncodedMessagesAreWhatTheCheckerExpectsUnreflected) {
  const Workload w(churn_config());
  const ChurnPlan plan(w);
  ChurnRecord record(plan);
  RouteChecker checker(w, 7);
  checker.attach_churn(&plan, &record);
  wire::Bytes out;
  plan.encode_announce(8, 2, 1'000'000, out);
  feed(checker, out, 4'000'000);
  // As the client sent it: no reflection attributes, but the stamp and everything else intact.
  EXPECT_EQ(checker.counters().churn_announced, 1U);
  EXPECT_EQ(checker.counters().bad_originator_id, 1U);
  EXPECT_EQ(checker.counters().bad_cluster_list, 1U);
  EXPECT_EQ(checker.counters().bad_next_hop + checker.counters().bad_as_path +
                checker.counters().missing_local_pref + checker.counters().bad_attributes,
            0U);
  EXPECT_EQ(checker.churn_held(), 1U);
  ASSERT_EQ(record.announce_latency.count(), 1U);
  EXPECT_EQ(record.announce_latency.max_ns(), 3'000'000U);

  out.clear();
  plan.encode_withdraw(8, 2, out);
  record.withdraw_sent_ns[plan.route(8, 2)] = 5'000'000;
  feed(checker, out, 5'500'000);
  EXPECT_EQ(checker.churn_held(), 0U);
  EXPECT_EQ(checker.counters().churn_withdrawn, 1U);
  ASSERT_EQ(record.withdraw_latency.count(), 1U);
  EXPECT_EQ(record.withdraw_latency.max_ns(), 500'000U);
}

TEST(ChurnChecker, ReflectedAnnouncementsGiveLatencyAndLeaveTheTableAlone) {
  const Workload w(churn_config());
  const ChurnPlan plan(w);
  ChurnRecord record(plan);
  RouteChecker checker(w, 7);
  checker.attach_churn(&plan, &record);
  feed_full_table(checker, w, 7);
  ASSERT_TRUE(checker.complete());
  const std::uint64_t held = checker.held();

  feed(checker, reflected_churn(w, 3, 0, 10'000'000), 12'500'000);
  feed(checker, reflected_churn(w, 4, 1, 10'000'000), 30'000'000);
  EXPECT_EQ(checker.counters().errors(), 0U);
  EXPECT_EQ(checker.churn_held(), 2U);
  EXPECT_EQ(checker.held(), held);  // churn routes are not part of the table
  EXPECT_TRUE(checker.complete());
  EXPECT_EQ(checker.counters().announced_v4, (w.sessions() - 1) * 2U);
  EXPECT_EQ(record.announce_latency.count(), 2U);
  EXPECT_EQ(record.announce_latency.percentile_ns(0.5), 2'500'000U + LatencyHistogram::kBucketNs);
  EXPECT_EQ(record.announce_latency.max_ns(), 20'000'000U);

  // A reflector that drops the time stamp, and the client's own churn route coming back.
  feed(checker, reflected_churn(w, 5, 0, std::nullopt), 40'000'000);
  EXPECT_EQ(checker.counters().bad_attributes, 1U);
  feed(checker, reflected_churn(w, 7, 0, 10'000'000), 40'000'000);
  EXPECT_EQ(checker.counters().echoes, 1U);
  EXPECT_EQ(checker.churn_held(), 3U);
}

TEST(GracefulRestart, RefreshedRoutesSurviveAndTheRestAreLostAtEndOfRib) {
  const Workload w(churn_config());
  RouteChecker checker(w, 7);
  feed_full_table(checker, w, 7);
  ASSERT_TRUE(checker.complete());
  const std::uint64_t full = checker.held();

  checker.retain_stale(true, true);
  EXPECT_FALSE(checker.complete());  // a new End-of-RIB is due
  EXPECT_EQ(checker.held(), full);
  EXPECT_EQ(checker.gr_stale(), full);
  // The restarted reflector re-sends everything but session 8's routes.
  for (std::uint32_t k = 0; k < w.sessions(); ++k) {
    if (k != 7 && k != 8) feed(checker, w.encode_reflected(k));
  }
  EXPECT_EQ(checker.counters().duplicates, 0U);  // refreshes, not duplicates
  EXPECT_EQ(checker.gr_stale(), 3U);
  feed(checker, Workload::encode_end_of_ribs());
  EXPECT_EQ(checker.counters().lost, 3U);
  EXPECT_EQ(checker.gr_stale(), 0U);
  EXPECT_EQ(checker.held(), full - 3);
  EXPECT_FALSE(checker.complete());
  EXPECT_EQ(checker.counters().errors(), 3U);
  // Session 8's routes come later: the table is complete again, the loss stays counted.
  feed(checker, w.encode_reflected(8));
  EXPECT_TRUE(checker.complete());
  EXPECT_EQ(checker.counters().lost, 3U);
}

TEST(GracefulRestart, UnpreservedFamilyIsLostAtOnceAndWithdrawalsAfterConvergenceCount) {
  const Workload w(churn_config());
  RouteChecker checker(w, 7);
  for (std::uint32_t k = 0; k < w.sessions(); ++k) {
    if (k != 7 && k != 9) feed(checker, w.encode_reflected(k));
  }
  feed(checker, w.encode_reflected(9));
  // Before the table was ever complete, a withdrawal is not a loss.
  wire::Bytes out;
  const std::vector<wire::Nlri> one{{w.v4_prefix(9, 0), 0}};
  wire::pack_withdrawals(wire::kIpv4Unicast, one, wire::CodecContext{}, out);
  feed(checker, out);
  EXPECT_EQ(checker.counters().lost, 0U);
  feed(checker, w.encode_reflected(9));
  feed(checker, Workload::encode_end_of_ribs());
  ASSERT_TRUE(checker.complete());
  feed(checker, out);
  EXPECT_EQ(checker.counters().lost, 1U);
  feed(checker, w.encode_reflected(9));

  // The reflector preserved only IPv4: the 19 IPv6 routes go at once.
  checker.retain_stale(true, false);
  EXPECT_EQ(checker.counters().lost, 1U + 19U);
  EXPECT_EQ(checker.gr_stale(), 19U * 2U);
  // The restart timer runs out before any new session: everything stale goes.
  checker.sweep_stale(true, true);
  EXPECT_EQ(checker.counters().lost, 1U + 19U + 38U);
  EXPECT_EQ(checker.held(), 0U);
}

TEST(LatencyHistogram, PercentilesAreBucketBoundsCappedByTheMaximum) {
  LatencyHistogram h;
  EXPECT_EQ(h.percentile_ns(0.99), 0U);
  for (std::uint64_t i = 1; i <= 100; ++i)
    h.add(i * 1'000'000);  // 1 .. 100 ms
  EXPECT_EQ(h.count(), 100U);
  EXPECT_EQ(h.percentile_ns(0.5), 50'000'000U + LatencyHistogram::kBucketNs);
  EXPECT_EQ(h.percentile_ns(0.99), 99'000'000U + LatencyHistogram::kBucketNs);
  EXPECT_EQ(h.percentile_ns(1.0), 100'000'000U);
  h.add(5'000'000'000);  // beyond the fine range: 1 ms buckets
  EXPECT_EQ(h.max_ns(), 5'000'000'000U);
  EXPECT_EQ(h.percentile_ns(1.0), 5'000'000'000U);
  for (int i = 0; i < 200; ++i)
    h.add(7'000'400'000);  // most samples slow: the median is a slow bucket's bound
  EXPECT_EQ(h.percentile_ns(0.5), 7'000'400'000U);  // capped by the maximum
  h.add(9'000'000'000);
  EXPECT_EQ(h.percentile_ns(0.5), 7'001'000'000U);
  EXPECT_EQ(h.max_ns(), 9'000'000'000U);
}

}  // namespace
}  // namespace rr::perf
