// RIB shard behaviour through its public commands, read back as a peer would: reflection to the
// right roles, split horizon, withdrawals first, packing, loop checks, graceful restart,
// ADD-PATH send and the bounded journal.
#include "rr/engine/shard.hpp"

#include <gtest/gtest.h>

#include "shard_harness.hpp"

namespace rr::engine {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): the harness of these tests

session::RouteAttributes route(const char* next_hop, std::uint32_t local_pref = 100) {
  session::RouteAttributes r;
  r.attributes.origin = wire::Origin::igp;
  r.attributes.as_path = wire::AsPath{};
  r.attributes.local_pref = local_pref;
  r.next_hop = wire::MpNextHop{wire::IpAddress::parse(next_hop).value(), std::nullopt};
  return r;
}

std::vector<wire::Nlri> nlri(std::initializer_list<const char*> prefixes) {
  std::vector<wire::Nlri> out;
  for (const auto* p : prefixes)
    out.push_back(wire::Nlri{prefix(p), 0});
  return out;
}

const session::RouteAttributes* find(const PeerReader& r, const char* p, std::uint32_t id = 0) {
  const auto pf = prefix(p);
  const auto af = pf.afi == wire::Afi::ipv4 ? wire::kIpv4Unicast : wire::kIpv6Unicast;
  const auto it = r.table().find({af, wire::Nlri{pf, id}});
  return it == r.table().end() ? nullptr : &it->second;
}

struct Lab {
  explicit Lab(std::size_t shards = 2, ShardSettings settings = ShardSet::defaults())
      : set(shards, settings) {}
  PeerReader& add(PeerId id, PeerRole role, const char* address, const char* router_id,
                  bool add_path = false, std::uint32_t add_path_max = 0,
                  std::vector<wire::AfiSafi> families = {wire::kIpv4Unicast, wire::kIpv6Unicast}) {
    auto g = set.group(role, add_path, add_path_max, session::NextHopMode::automatic,
                       std::move(families));
    readers.emplace(id, std::make_unique<PeerReader>(id, set.size(), g->key.tx));
    set.up(peer_info(id, role, address, router_id), g, readers.at(id)->sink());
    return *readers.at(id);
  }
  void sync() {
    set.flush();
    for (auto& [id, r] : readers)
      EXPECT_TRUE(r->sync()) << "peer " << id << " lost its place";
  }
  ShardSet set;
  std::map<PeerId, std::unique_ptr<PeerReader>> readers;
};

TEST(Shard, ClientRouteGoesToEveryoneButItsSourceWithReflectionAttributes) {
  Lab lab;
  auto& a = lab.add(1, PeerRole::client, "192.0.2.1", "1.1.1.1");
  auto& b = lab.add(2, PeerRole::client, "192.0.2.2", "2.2.2.2");
  auto& n = lab.add(3, PeerRole::non_client, "192.0.2.3", "3.3.3.3");
  auto& e = lab.add(4, PeerRole::ebgp, "192.0.2.4", "4.4.4.4");
  lab.set.announce(1, wire::kIpv4Unicast, nlri({"10.1.0.0/26"}), route("198.18.0.1"));
  lab.sync();
  EXPECT_EQ(find(a, "10.1.0.0/26"), nullptr);
  for (auto* r : {&b, &n}) {
    const auto* got = find(*r, "10.1.0.0/26");
    ASSERT_NE(got, nullptr);
    EXPECT_EQ(got->attributes.originator_id, v4("1.1.1.1"));
    EXPECT_EQ(got->attributes.cluster_list, std::vector<wire::Ipv4Address>{v4("10.0.0.1")});
    EXPECT_EQ(got->next_hop.global, wire::IpAddress::parse("198.18.0.1").value());
  }
  const auto* ext = find(e, "10.1.0.0/26");
  ASSERT_NE(ext, nullptr);
  EXPECT_FALSE(ext->attributes.originator_id);
  EXPECT_FALSE(ext->attributes.local_pref);
  EXPECT_EQ(ext->next_hop.global, wire::IpAddress::parse("10.0.0.1").value());
  EXPECT_EQ(ext->attributes.as_path->to_string(), "65000");
}

TEST(Shard, NonClientRouteGoesToClientsAndEbgpOnly) {
  Lab lab;
  auto& a = lab.add(1, PeerRole::client, "192.0.2.1", "1.1.1.1");
  auto& n1 = lab.add(2, PeerRole::non_client, "192.0.2.2", "2.2.2.2");
  auto& n2 = lab.add(3, PeerRole::non_client, "192.0.2.3", "3.3.3.3");
  auto& e = lab.add(4, PeerRole::ebgp, "192.0.2.4", "4.4.4.4");
  lab.set.announce(2, wire::kIpv6Unicast, nlri({"2001:db8:1::/122"}), route("2001:db8:ff::2"));
  lab.sync();
  EXPECT_NE(find(a, "2001:db8:1::/122"), nullptr);
  EXPECT_NE(find(e, "2001:db8:1::/122"), nullptr);
  EXPECT_EQ(find(n1, "2001:db8:1::/122"), nullptr);
  EXPECT_EQ(find(n2, "2001:db8:1::/122"), nullptr);
}

TEST(Shard, PeersGetOnlyTheFamiliesTheyNegotiated) {
  // Calico's way: each node has an IPv4 session and an IPv6 session (same router id), each
  // negotiating one family; a third client negotiated both.
  Lab lab;
  auto& v4_only =
      lab.add(1, PeerRole::client, "192.0.2.1", "1.1.1.1", false, 0, {wire::kIpv4Unicast});
  auto& v6_only =
      lab.add(2, PeerRole::client, "2001:db8::1", "1.1.1.1", false, 0, {wire::kIpv6Unicast});
  auto& both = lab.add(3, PeerRole::client, "192.0.2.3", "3.3.3.3");
  lab.set.announce(3, wire::kIpv4Unicast, nlri({"10.3.0.0/26"}), route("198.18.0.3"));
  lab.set.announce(3, wire::kIpv6Unicast, nlri({"2001:db8:3::/122"}), route("2001:db8:ff::3"));
  lab.set.announce(1, wire::kIpv4Unicast, nlri({"10.1.0.0/26"}), route("198.18.0.1"));
  lab.set.announce(2, wire::kIpv6Unicast, nlri({"2001:db8:1::/122"}), route("2001:db8:ff::1"));
  lab.sync();
  EXPECT_NE(find(v4_only, "10.3.0.0/26"), nullptr);
  EXPECT_EQ(find(v4_only, "2001:db8:3::/122"), nullptr);
  EXPECT_EQ(find(v4_only, "2001:db8:1::/122"), nullptr);
  EXPECT_EQ(v4_only.table().size(), 1U);
  EXPECT_NE(find(v6_only, "2001:db8:3::/122"), nullptr);
  EXPECT_EQ(find(v6_only, "10.3.0.0/26"), nullptr);
  EXPECT_EQ(find(v6_only, "10.1.0.0/26"), nullptr);
  EXPECT_EQ(v6_only.table().size(), 1U);
  EXPECT_EQ(both.table().size(), 2U);
  // Withdrawals follow the same rule, and so does the table a late IPv4-only peer is handed.
  lab.set.withdraw(3, wire::kIpv6Unicast, nlri({"2001:db8:3::/122"}));
  auto& late = lab.add(4, PeerRole::client, "192.0.2.4", "4.4.4.4", false, 0, {wire::kIpv4Unicast});
  lab.sync();
  EXPECT_EQ(v4_only.withdrawn, 0U);
  EXPECT_EQ(v6_only.table().size(), 0U);
  EXPECT_EQ(late.table().size(), 2U);  // 10.1.0.0/26 and 10.3.0.0/26
  EXPECT_EQ(find(late, "2001:db8:1::/122"), nullptr);
}

TEST(Shard, PeerWhosePathBecomesBestGetsAWithdrawal) {
  Lab lab(1);
  auto& a = lab.add(1, PeerRole::client, "192.0.2.1", "1.1.1.1");
  auto& b = lab.add(2, PeerRole::client, "192.0.2.2", "2.2.2.2");
  lab.set.announce(2, wire::kIpv4Unicast, nlri({"10.9.0.0/24"}), route("198.18.0.2", 50));
  lab.sync();
  ASSERT_NE(find(a, "10.9.0.0/24"), nullptr);
  EXPECT_EQ(find(b, "10.9.0.0/24"), nullptr);
  // A's own path wins now: A must forget B's, and B gets A's.
  lab.set.announce(1, wire::kIpv4Unicast, nlri({"10.9.0.0/24"}), route("198.18.0.1", 200));
  lab.sync();
  EXPECT_EQ(find(a, "10.9.0.0/24"), nullptr);
  ASSERT_NE(find(b, "10.9.0.0/24"), nullptr);
  EXPECT_EQ(find(b, "10.9.0.0/24")->attributes.originator_id, v4("1.1.1.1"));
  // And back: A withdraws, B's path is best again; A sees it again, B loses A's.
  lab.set.withdraw(1, wire::kIpv4Unicast, nlri({"10.9.0.0/24"}));
  lab.sync();
  ASSERT_NE(find(a, "10.9.0.0/24"), nullptr);
  EXPECT_EQ(find(a, "10.9.0.0/24")->attributes.originator_id, v4("2.2.2.2"));
  EXPECT_EQ(find(b, "10.9.0.0/24"), nullptr);
}

TEST(Shard, WithdrawalsComeBeforeAnnouncementsOfOneFlush) {
  Lab lab(1);
  lab.add(1, PeerRole::client, "192.0.2.1", "1.1.1.1");
  auto& b = lab.add(2, PeerRole::client, "192.0.2.2", "2.2.2.2");
  lab.set.announce(1, wire::kIpv4Unicast, nlri({"10.1.0.0/24"}), route("198.18.0.1"));
  lab.sync();
  b.entries.clear();
  lab.set.announce(1, wire::kIpv4Unicast, nlri({"10.2.0.0/24"}), route("198.18.0.1"));
  lab.set.withdraw(1, wire::kIpv4Unicast, nlri({"10.1.0.0/24"}));
  lab.sync();
  ASSERT_EQ(b.entries.size(), 2U);
  EXPECT_EQ(b.entries[0].at(0).withdrawn.size(), 1U);
  EXPECT_EQ(b.entries[1].at(0).nlri.size(), 1U);
}

TEST(Shard, PacksOneAttributeSetIntoFewFullMessages) {
  Lab lab(1);
  lab.add(1, PeerRole::client, "192.0.2.1", "1.1.1.1");
  auto& b = lab.add(2, PeerRole::client, "192.0.2.2", "2.2.2.2");
  std::vector<wire::Nlri> many;
  for (std::uint32_t i = 0; i < 3000; ++i)
    many.push_back(wire::Nlri{wire::Prefix::v4(wire::Ipv4Address{0x0A000000U + (i << 8U)}, 24)});
  lab.set.announce(1, wire::kIpv4Unicast, many, route("198.18.0.1"));
  lab.sync();
  EXPECT_EQ(b.table().size(), 3000U);
  EXPECT_EQ(b.announced, 3000U);  // every prefix exactly once
  EXPECT_LE(b.largest, wire::kMaxMessageSize);
  // A 4096-octet UPDATE holds about 1000 /24s next to a small attribute block.
  EXPECT_LE(b.updates, 4U);
}

TEST(Shard, GroupsPrefixesByOutboundAttributesAndHonoursTheSizeLimit) {
  Lab lab(2);
  lab.add(1, PeerRole::client, "192.0.2.1", "1.1.1.1");
  auto& b = lab.add(2, PeerRole::client, "192.0.2.2", "2.2.2.2");
  lab.add(3, PeerRole::client, "192.0.2.3", "3.3.3.3");
  std::vector<wire::Nlri> first;
  std::vector<wire::Nlri> second;
  for (std::uint32_t i = 0; i < 1500; ++i) {
    first.push_back(wire::Nlri{wire::Prefix::v4(wire::Ipv4Address{0x0A000000U + (i << 8U)}, 24)});
    second.push_back(wire::Nlri{wire::Prefix::v4(wire::Ipv4Address{0x0B000000U + (i << 8U)}, 24)});
  }
  auto big = route("198.18.0.1");
  for (std::uint32_t c = 0; c < 300; ++c)
    big.attributes.communities.push_back(0xFDE80000U + c);  // 1.2 kB of attributes
  lab.set.announce(1, wire::kIpv4Unicast, first, big);
  lab.set.announce(3, wire::kIpv4Unicast, second, route("198.18.0.3"));
  lab.sync();
  EXPECT_EQ(b.table().size(), 3000U);
  EXPECT_EQ(b.announced, 3000U);
  EXPECT_LE(b.largest, wire::kMaxMessageSize);
  // Every UPDATE carries one source's attribute set: never mixed.
  for (const auto& entry : b.entries) {
    for (const auto& u : entry) {
      if (u.nlri.empty()) continue;
      const bool from_a = u.attributes.originator_id == v4("1.1.1.1");
      EXPECT_EQ(u.attributes.communities.size(), from_a ? 300U : 0U);
      for (const auto& n : u.nlri)
        EXPECT_EQ(n.prefix.bytes[0], from_a ? 10 : 11);
    }
  }
}

TEST(Shard, DropsLoopsAtTheReceiver) {
  Lab lab(1);
  auto& b = lab.add(2, PeerRole::client, "192.0.2.2", "2.2.2.2");
  lab.add(1, PeerRole::client, "192.0.2.1", "1.1.1.1");
  auto own = route("198.18.0.1");
  own.attributes.originator_id = v4("10.0.0.1");  // our router ID
  lab.set.announce(1, wire::kIpv4Unicast, nlri({"10.1.0.0/24"}), own);
  auto looped = route("198.18.0.1");
  looped.attributes.cluster_list = std::vector{v4("9.9.9.9"), v4("10.0.0.1")};
  lab.set.announce(1, wire::kIpv4Unicast, nlri({"10.2.0.0/24"}), looped);
  lab.sync();
  EXPECT_TRUE(b.table().empty());
  EXPECT_EQ(lab.set.shard(0).stats().rejected_loops, 2U);
  EXPECT_EQ(lab.set.shard(0).stats().prefixes, 0U);
}

TEST(Shard, NewNodeSettingsApplyToTheLoopChecks) {
  Lab lab(1);
  auto& b = lab.add(2, PeerRole::client, "192.0.2.2", "2.2.2.2");
  lab.add(1, PeerRole::client, "192.0.2.1", "1.1.1.1");
  auto settings = ShardSet::defaults();
  settings.router_id = v4("10.9.9.9");
  settings.cluster_ids = {v4("244.0.0.9")};
  lab.set.shard(0).set_settings(settings);
  auto old_id = route("198.18.0.1");
  old_id.attributes.originator_id = v4("10.0.0.1");  // the router ID before the change
  lab.set.announce(1, wire::kIpv4Unicast, nlri({"10.1.0.0/24"}), old_id);
  auto new_id = route("198.18.0.1");
  new_id.attributes.originator_id = v4("10.9.9.9");
  lab.set.announce(1, wire::kIpv4Unicast, nlri({"10.2.0.0/24"}), new_id);
  auto new_cluster = route("198.18.0.1");
  new_cluster.attributes.cluster_list = std::vector{v4("244.0.0.9")};
  lab.set.announce(1, wire::kIpv4Unicast, nlri({"10.3.0.0/24"}), new_cluster);
  lab.sync();
  EXPECT_EQ(lab.set.shard(0).stats().rejected_loops, 2U);
  ASSERT_EQ(b.table().size(), 1U);
  EXPECT_EQ(b.table().begin()->first.second.prefix.to_string(), "10.1.0.0/24");
}

TEST(Shard, GracefulRestartKeepsStalePathsUntilSwept) {
  Lab lab;
  lab.add(1, PeerRole::client, "192.0.2.1", "1.1.1.1");
  auto& b = lab.add(2, PeerRole::client, "192.0.2.2", "2.2.2.2");
  lab.set.announce(1, wire::kIpv4Unicast, nlri({"10.1.0.0/24", "10.2.0.0/24"}),
                   route("198.18.0.1"));
  lab.sync();
  lab.set.down(1, true);
  lab.sync();
  EXPECT_EQ(b.table().size(), 2U);
  // The peer comes back and re-announces one of its two prefixes, then End-of-RIB sweeps.
  auto g = lab.set.group(PeerRole::client);
  auto again = std::make_unique<PeerReader>(1, lab.set.size(), g->key.tx);
  lab.set.up(peer_info(1, PeerRole::client, "192.0.2.1", "1.1.1.1"), g, again->sink());
  lab.readers[1] = std::move(again);
  lab.set.announce(1, wire::kIpv4Unicast, nlri({"10.1.0.0/24"}), route("198.18.0.1"));
  lab.sync();
  EXPECT_EQ(b.table().size(), 2U);
  lab.set.stale(1, wire::kIpv4Unicast, StaleOp::sweep);
  lab.sync();
  EXPECT_NE(find(b, "10.1.0.0/24"), nullptr);
  EXPECT_EQ(find(b, "10.2.0.0/24"), nullptr);
}

TEST(Shard, SessionLossWithoutGracefulRestartWithdrawsAtOnce) {
  Lab lab;
  lab.add(1, PeerRole::client, "192.0.2.1", "1.1.1.1");
  auto& b = lab.add(2, PeerRole::client, "192.0.2.2", "2.2.2.2");
  lab.set.announce(1, wire::kIpv4Unicast, nlri({"10.1.0.0/24", "10.2.0.0/24"}),
                   route("198.18.0.1"));
  lab.sync();
  lab.set.down(1, false);
  lab.sync();
  EXPECT_TRUE(b.table().empty());
  std::uint64_t prefixes = 0;
  for (std::size_t i = 0; i < lab.set.size(); ++i)
    prefixes += lab.set.shard(i).stats().prefixes;
  EXPECT_EQ(prefixes, 0U);
}

TEST(Shard, AddPathSendsEveryPathOrTheBestN) {
  Lab lab(1);
  lab.add(1, PeerRole::client, "192.0.2.1", "1.1.1.1");
  lab.add(2, PeerRole::client, "192.0.2.2", "2.2.2.2");
  auto& all = lab.add(3, PeerRole::client, "192.0.2.3", "3.3.3.3", true, 0);
  auto& one = lab.add(4, PeerRole::client, "192.0.2.4", "4.4.4.4", true, 1);
  lab.set.announce(1, wire::kIpv4Unicast, nlri({"10.1.0.0/24"}), route("198.18.0.1", 200));
  lab.set.announce(2, wire::kIpv4Unicast, nlri({"10.1.0.0/24"}), route("198.18.0.2", 100));
  lab.sync();
  EXPECT_EQ(all.table().size(), 2U);
  ASSERT_EQ(one.table().size(), 1U);
  EXPECT_EQ(one.table().begin()->second.attributes.originator_id, v4("1.1.1.1"));
  lab.set.withdraw(1, wire::kIpv4Unicast, nlri({"10.1.0.0/24"}));
  lab.sync();
  ASSERT_EQ(all.table().size(), 1U);
  ASSERT_EQ(one.table().size(), 1U);
  EXPECT_EQ(one.table().begin()->second.attributes.originator_id, v4("2.2.2.2"));
}

TEST(Shard, NewPeerGetsTheWholeTableInItsHandoff) {
  Lab lab(3);
  lab.add(1, PeerRole::client, "192.0.2.1", "1.1.1.1");
  std::vector<wire::Nlri> many;
  for (std::uint32_t i = 0; i < 500; ++i)
    many.push_back(wire::Nlri{wire::Prefix::v4(wire::Ipv4Address{0x0A000000U + (i << 8U)}, 24)});
  lab.set.announce(1, wire::kIpv4Unicast, many, route("198.18.0.1"));
  lab.sync();
  auto& late = lab.add(2, PeerRole::client, "192.0.2.2", "2.2.2.2");
  EXPECT_EQ(late.sink()->inbox.size(), 3U);  // one handoff per shard
  lab.sync();
  EXPECT_EQ(late.table().size(), 500U);
}

TEST(Shard, BoundedJournalLeavesASlowReaderBehind) {
  auto settings = ShardSet::defaults();
  settings.journal_max_bytes = 4096;
  ShardSet set(1, settings);
  auto g = set.group(PeerRole::client);
  PeerReader fast(1, 1, g->key.tx);
  PeerReader slow(2, 1, g->key.tx);
  set.up(peer_info(1, PeerRole::client, "192.0.2.1", "1.1.1.1"), g, fast.sink());
  set.up(peer_info(2, PeerRole::client, "192.0.2.2", "2.2.2.2"), g, slow.sink());
  set.up(peer_info(3, PeerRole::client, "192.0.2.3", "3.3.3.3"), g,
         std::make_shared<CollectingSink>());
  bool fast_ok = true;
  for (std::uint32_t i = 0; i < 200; ++i) {
    set.announce(3, wire::kIpv4Unicast,
                 {wire::Nlri{wire::Prefix::v4(wire::Ipv4Address{0x0A000000U + (i << 8U)}, 24)}},
                 route("198.18.0.3"));
    set.flush();
    fast_ok = fast.sync() && fast_ok;
  }
  EXPECT_TRUE(fast_ok);
  EXPECT_EQ(fast.table().size(), 200U);
  EXPECT_FALSE(slow.sync());
  EXPECT_LE(set.shard(0).stats().journal_bytes, 4096U);
}

}  // namespace
}  // namespace rr::engine
