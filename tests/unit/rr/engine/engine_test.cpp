// The engine wired to real sessions over loopback: scripted raw BGP peers connect to a reflector
// made of EventLoops + Engine (3 shards on 2 loops) + SessionManager + Listener, and read what
// it sends: the initial table and End-of-RIB, reflection between clients, withdrawals on
// session loss, ROUTE-REFRESH answered (with BoRR/EoRR when enhanced refresh is negotiated),
// and the inspection queries.
#include "rr/engine/engine.hpp"

#include <boost/asio/post.hpp>
#include <gtest/gtest.h>

#include "rr/session/listener.hpp"
#include "rr/session/session_manager.hpp"
#include "rr/wire/route_refresh.hpp"
#include "rr/wire/update_packer.hpp"
#include "tests/unit/rr/session/raw_peer.hpp"

namespace rr::engine {
namespace {

using namespace std::chrono_literals;
using rr::testing::eventually;
using rr::testing::RawPeer;

constexpr std::uint32_t kAs = 64512;

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EngineConfig c;
    c.local_as = kAs;
    c.router_id = *wire::Ipv4Address::parse("10.0.0.1");
    c.shards = 3;
    engine_ = std::make_unique<Engine>(loops_, c);
    manager_ = std::make_unique<session::SessionManager>(loops_, *engine_);
    listener_ = std::make_unique<session::Listener>(
        loops_.loop(0), [this](const wire::IpAddress& a) { return manager_->find(a); });
    ASSERT_FALSE(listener_->listen({boost::asio::ip::make_address("127.0.0.1"), 0}));
    port_ = listener_->local_endpoints().at(0).port();
    loops_.start();
  }
  void TearDown() override {
    manager_->stop_all("test over");
    boost::asio::post(loops_.loop(0), [this] { listener_->close(); });
    std::this_thread::sleep_for(50ms);
    loops_.stop();
    manager_.reset();
  }

  static session::PeerConfig client(const char* address) {
    session::PeerConfig c;
    c.name = address;
    c.remote_address = *wire::IpAddress::parse(address);
    c.local_as = kAs;
    c.remote_as = kAs;
    c.router_id = *wire::Ipv4Address::parse("10.0.0.1");
    c.passive = true;
    c.hold_time = session::Seconds{30};
    c.policy.route_reflector_client = true;
    return c;
  }

  static wire::Bytes announce(std::initializer_list<const char*> prefixes, const char* next_hop) {
    wire::PathAttributes a;
    a.origin = wire::Origin::igp;
    a.as_path = wire::AsPath{};
    a.next_hop = wire::Ipv4Address::parse(next_hop);
    a.local_pref = 100;
    std::vector<wire::Nlri> n;
    for (const auto* p : prefixes)
      n.push_back(wire::Nlri{*wire::Prefix::parse(p), 0});
    wire::Bytes out;
    EXPECT_TRUE(wire::pack_announcements(wire::kIpv4Unicast, a, std::nullopt, n, {}, out));
    return out;
  }

  // Reads UPDATEs until End-of-RIB for both families (IPv4 and IPv6 unicast are negotiated);
  // returns the announced IPv4 prefixes.
  static std::vector<std::string> read_table(RawPeer& p, wire::UpdateMessage* last = nullptr) {
    std::vector<std::string> got;
    int eors = 0;
    for (int i = 0; i < 100; ++i) {
      auto u = p.receive_until<wire::UpdateMessage>();
      EXPECT_TRUE(u) << "no End-of-RIB";
      if (!u) break;
      if (u->end_of_rib()) {
        if (++eors == 2) break;
        continue;
      }
      for (const auto& n : u->nlri)
        got.push_back(n.prefix.to_string());
      if (last != nullptr) *last = *u;
    }
    std::sort(got.begin(), got.end());
    return got;
  }

  session::EventLoops loops_{2};
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<session::SessionManager> manager_;
  std::unique_ptr<session::Listener> listener_;
  std::uint16_t port_ = 0;
};

TEST_F(EngineTest, ReflectsBetweenClientsWithEndOfRibAndWithdrawsOnSessionLoss) {
  manager_->apply({client("127.0.0.2"), client("127.0.0.3")});
  auto a = std::make_unique<RawPeer>("127.0.0.2", port_);
  a->establish(kAs, "10.0.0.2");
  EXPECT_TRUE(read_table(*a).empty());  // empty table, then End-of-RIB
  a->send(announce({"10.2.0.0/26", "10.2.0.64/26"}, "198.18.0.2"));

  RawPeer b("127.0.0.3", port_);
  ASSERT_TRUE(eventually([&] { return engine_->stats().prefixes == 2; }));
  b.establish(kAs, "10.0.0.3");
  wire::UpdateMessage u;
  EXPECT_EQ(read_table(b, &u), (std::vector<std::string>{"10.2.0.0/26", "10.2.0.64/26"}));
  EXPECT_EQ(u.attributes.originator_id, wire::Ipv4Address::parse("10.0.0.2"));
  EXPECT_EQ(u.attributes.cluster_list,
            std::vector<wire::Ipv4Address>{*wire::Ipv4Address::parse("10.0.0.1")});
  EXPECT_EQ(u.attributes.next_hop, wire::Ipv4Address::parse("198.18.0.2"));

  // B's routes reach A; A's own never come back to it.
  b.send(announce({"10.3.0.0/26"}, "198.18.0.3"));
  auto ua = a->receive_until<wire::UpdateMessage>();
  ASSERT_TRUE(ua);
  ASSERT_EQ(ua->nlri.size(), 1U);
  EXPECT_EQ(ua->nlri[0].prefix.to_string(), "10.3.0.0/26");

  // A goes away without graceful restart: B gets the withdrawals.
  a.reset();
  std::vector<std::string> withdrawn;
  ASSERT_TRUE(eventually([&] {
    if (auto w = b.receive_until<wire::UpdateMessage>()) {
      for (const auto& n : w->withdrawn)
        withdrawn.push_back(n.prefix.to_string());
    }
    return withdrawn.size() == 2;
  }));
  const auto peers = manager_->sessions();
  ASSERT_TRUE(eventually([&] { return engine_->stats().prefixes == 1; }));
  const auto rib = engine_->rib();
  ASSERT_EQ(rib.size(), 1U);
  EXPECT_EQ(rib[0].prefix.to_string(), "10.3.0.0/26");
}

TEST_F(EngineTest, AnswersRouteRefreshWithBorrAndEorrWhenEnhanced) {
  manager_->apply({client("127.0.0.2"), client("127.0.0.3")});
  RawPeer a("127.0.0.2", port_);
  a.establish(kAs, "10.0.0.2");
  read_table(a);
  a.send(announce({"10.2.0.0/26"}, "198.18.0.2"));
  RawPeer b("127.0.0.3", port_);
  ASSERT_TRUE(eventually([&] { return engine_->stats().prefixes == 1; }));
  b.establish(kAs, "10.0.0.3", {wire::EnhancedRouteRefreshCapability{}});
  EXPECT_EQ(read_table(b), std::vector<std::string>{"10.2.0.0/26"});

  b.send(wire::Message{wire::RouteRefreshMessage{wire::kIpv4Unicast}});
  auto borr = b.receive_until<wire::RouteRefreshMessage>();
  ASSERT_TRUE(borr);
  EXPECT_EQ(borr->subtype, wire::RouteRefreshSubtype::begin_of_rib);
  auto again = b.receive_until<wire::UpdateMessage>();
  ASSERT_TRUE(again);
  ASSERT_EQ(again->nlri.size(), 1U);
  auto eorr = b.receive_until<wire::RouteRefreshMessage>();
  ASSERT_TRUE(eorr);
  EXPECT_EQ(eorr->subtype, wire::RouteRefreshSubtype::end_of_rib);

  // Plain refresh (A has no enhanced refresh): the table again, no markers.
  a.send(wire::Message{wire::RouteRefreshMessage{wire::kIpv4Unicast}});
  b.send(announce({"10.3.0.0/26"}, "198.18.0.3"));
  auto u = a.receive_until<wire::UpdateMessage>();
  ASSERT_TRUE(u);
  EXPECT_EQ(u->nlri.size(), 1U);
}

TEST_F(EngineTest, RestartingSpeakerHoldsEndOfRibUntilPeersSentTheirs) {
  engine_->defer_end_of_rib(1, std::chrono::seconds(60));
  manager_->apply({client("127.0.0.2"), client("127.0.0.3")});
  RawPeer b("127.0.0.3", port_);
  b.establish(kAs, "10.0.0.3");
  RawPeer a("127.0.0.2", port_);
  a.establish(kAs, "10.0.0.2");
  a.send(announce({"10.2.0.0/26"}, "198.18.0.2"));
  // B gets A's route at once, but no End-of-RIB while we wait for A's.
  auto u = b.receive_until<wire::UpdateMessage>();
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->end_of_rib());
  EXPECT_EQ(u->nlri.size(), 1U);
  b.set_timeout(300ms);
  EXPECT_FALSE(b.receive_until<wire::UpdateMessage>());
  EXPECT_TRUE(engine_->end_of_rib_deferred());
  a.send(wire::Message{wire::UpdateMessage::make_end_of_rib(wire::kIpv4Unicast)});
  a.send(wire::Message{wire::UpdateMessage::make_end_of_rib(wire::kIpv6Unicast)});
  b.set_timeout(5000ms);
  EXPECT_TRUE(read_table(b).empty());  // the two End-of-RIBs, nothing else
  EXPECT_FALSE(engine_->end_of_rib_deferred());
}

// The last peer's routes, sent right before its End-of-RIB, may still wait in the shards'
// queues when that End-of-RIB arrives: the held End-of-RIBs go out only after them, or a client
// (a graceful-restart helper) would sweep them as stale.
TEST_F(EngineTest, RestartingSpeakerReleasesEndOfRibOnlyAfterTheLastPeersRoutes) {
  engine_->defer_end_of_rib(1, std::chrono::seconds(60));
  // No update delay: B pulls as soon as it is woken (the delay would hide the race).
  auto quick = [](const char* address) {
    auto c = client(address);
    c.update_delay = std::chrono::milliseconds{0};
    return c;
  };
  manager_->apply({quick("127.0.0.2"), quick("127.0.0.3")});
  RawPeer b("127.0.0.3", port_);
  b.establish(kAs, "10.0.0.3");
  RawPeer a("127.0.0.2", port_);
  a.establish(kAs, "10.0.0.2");
  // 300 UPDATEs of 10 /26s, each with its own next hop (its own attribute set), then EoRs.
  wire::Bytes burst;
  for (std::uint32_t u = 0; u < 300; ++u) {
    wire::PathAttributes attrs;
    attrs.origin = wire::Origin::igp;
    attrs.as_path = wire::AsPath{};
    attrs.next_hop = wire::Ipv4Address{0xc6120000U + u + 1};
    attrs.local_pref = 100;
    std::vector<wire::Nlri> n;
    for (std::uint32_t i = 0; i < 10; ++i)
      n.push_back(wire::Nlri{
          wire::Prefix::v4(wire::Ipv4Address{0x0a000000U + ((u * 10 + i) << 6U)}, 26), 0});
    ASSERT_TRUE(wire::pack_announcements(wire::kIpv4Unicast, attrs, std::nullopt, n, {}, burst));
  }
  wire::encode_end_of_rib(wire::kIpv4Unicast, burst);
  wire::encode_end_of_rib(wire::kIpv6Unicast, burst);
  a.send(burst);
  std::size_t before_eor = 0;
  int eors = 0;
  for (int i = 0; i < 2000 && eors < 2; ++i) {
    auto u = b.receive_until<wire::UpdateMessage>();
    ASSERT_TRUE(u) << "no End-of-RIB";
    if (u->end_of_rib()) {
      ++eors;
      continue;
    }
    if (eors == 0) before_eor += u->nlri.size();
  }
  EXPECT_EQ(eors, 2);
  EXPECT_EQ(before_eor, 3000U);
}

TEST_F(EngineTest, ReconfigureTakesNewNodeSettings) {
  EngineConfig c;
  c.local_as = 65000;
  c.router_id = *wire::Ipv4Address::parse("10.0.0.9");
  c.cluster_id = *wire::Ipv4Address::parse("244.0.0.1");
  engine_->reconfigure(c);
  const auto now = engine_->config();
  EXPECT_EQ(now.local_as, 65000U);
  EXPECT_EQ(now.router_id.to_string(), "10.0.0.9");
  ASSERT_TRUE(now.cluster_id);
  EXPECT_EQ(now.cluster_id->to_string(), "244.0.0.1");
  EXPECT_EQ(now.shards, 3U);  // unchanged
  c.cluster_id.reset();       // default: the router ID
  engine_->reconfigure(c);
  EXPECT_EQ(engine_->config().cluster_id->to_string(), "10.0.0.9");
}

TEST_F(EngineTest, InspectionShowsPathsBestFirstAndEachPeersAdjRibOut) {
  manager_->apply({client("127.0.0.2"), client("127.0.0.3")});
  RawPeer a("127.0.0.2", port_);
  a.establish(kAs, "10.0.0.2");
  RawPeer b("127.0.0.3", port_);
  b.establish(kAs, "10.0.0.3");
  a.send(announce({"10.9.0.0/24"}, "198.18.0.2"));
  b.send(announce({"10.9.0.0/24"}, "198.18.0.3"));
  ASSERT_TRUE(eventually([&] { return engine_->stats().paths == 2; }));
  const auto e = engine_->rib_entry(wire::kIpv4Unicast, *wire::Prefix::parse("10.9.0.0/24"));
  ASSERT_TRUE(e);
  ASSERT_EQ(e->paths.size(), 2U);
  EXPECT_TRUE(e->paths[0].best);
  EXPECT_EQ(e->paths[0].peer_router_id, wire::Ipv4Address::parse("10.0.0.2"));
  EXPECT_EQ(e->paths[0].won_by, DecisionStep::router_id);
  const auto sa = manager_->find(*wire::IpAddress::parse("127.0.0.2"));
  const auto sb = manager_->find(*wire::IpAddress::parse("127.0.0.3"));
  // The best path is A's: B is sent it, A is sent nothing (its own path is best).
  EXPECT_TRUE(engine_->adj_rib_out(sa->id()).empty());
  const auto out_b = engine_->adj_rib_out(sb->id());
  ASSERT_EQ(out_b.size(), 1U);
  EXPECT_EQ(out_b[0].attributes.attributes.originator_id, wire::Ipv4Address::parse("10.0.0.2"));
  EXPECT_EQ(engine_->stats().update_groups, 1U);
}

}  // namespace
}  // namespace rr::engine
