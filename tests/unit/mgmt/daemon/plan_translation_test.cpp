#include "mgmt/daemon/plan_translation.hpp"

#include <gtest/gtest.h>

namespace mgmt::daemon {
namespace {

peering::Session client(const std::string& ip, const std::string& name) {
  peering::Session s;
  s.name = name;
  s.family = peering::Family::ipv4;
  s.type = peering::PeerType::node;
  s.peer_ip = ip;
  s.peer_as = 64512;
  s.local_as = 64512;
  s.ibgp = true;
  s.rr_client = true;
  s.cluster_id = "244.0.0.1";
  s.source_address = "10.0.0.1";
  return s;
}

peering::Plan reflector_plan() {
  peering::Plan p;
  p.node = "rr1";
  p.node_found = true;
  p.local_as = 64512;
  p.router_id = "10.0.0.1";
  p.cluster_id = "244.0.0.1";
  p.ipv4 = {true, "10.0.0.1"};
  p.sessions.push_back(client("10.0.0.11", "Node_10_0_0_11"));
  return p;
}

TEST(PlanTranslation, ClientSessionBecomesAReflectorClientPeer) {
  const auto t = translate(reflector_plan(), {});
  EXPECT_EQ(t.engine.local_as, 64512U);
  EXPECT_EQ(t.engine.router_id.to_string(), "10.0.0.1");
  ASSERT_TRUE(t.engine.cluster_id);
  EXPECT_EQ(t.engine.cluster_id->to_string(), "244.0.0.1");
  ASSERT_EQ(t.peers.size(), 1U);
  const auto& c = t.peers[0];
  EXPECT_EQ(c.name, "Node_10_0_0_11");
  EXPECT_EQ(c.remote_address.to_string(), "10.0.0.11");
  EXPECT_EQ(c.remote_port, 179);
  ASSERT_TRUE(c.local_address);
  EXPECT_EQ(c.local_address->to_string(), "10.0.0.1");
  EXPECT_EQ(c.local_as, 64512U);
  EXPECT_EQ(c.remote_as, 64512U);
  EXPECT_TRUE(c.ibgp());
  EXPECT_FALSE(c.passive);
  EXPECT_EQ(c.hold_time, rr::session::Seconds(240));
  EXPECT_EQ(c.connect_retry_time, rr::session::Seconds(5));
  EXPECT_EQ(c.families, (std::vector<rr::wire::AfiSafi>{rr::wire::kIpv4Unicast}));
  ASSERT_EQ(c.add_path.size(), 1U);  // Calico's "add paths on"
  EXPECT_TRUE(c.add_path[0].send);
  EXPECT_TRUE(c.add_path[0].receive);
  EXPECT_TRUE(c.graceful_restart);
  EXPECT_EQ(c.restart_time, rr::session::Seconds(120));
  EXPECT_TRUE(c.policy.route_reflector_client);
  ASSERT_TRUE(c.policy.cluster_id);
  EXPECT_EQ(c.policy.cluster_id->to_string(), "244.0.0.1");
  EXPECT_EQ(c.policy.next_hop_mode, rr::session::NextHopMode::automatic);
  EXPECT_TRUE(t.warnings.empty());
}

TEST(PlanTranslation, CarriesEverySessionAttribute) {
  auto p = reflector_plan();
  auto& s = p.sessions[0];
  s.family = peering::Family::ipv6;
  s.peer_ip = "fd5f::3";
  s.port = 500;
  s.source_address = "";
  s.peer_as = 65001;
  s.local_as = 65000;
  s.ibgp = false;
  s.rr_client = false;
  s.cluster_id = "";
  s.passive = true;
  s.password = "secret";
  s.ttl_security = 1;
  s.restart_time = 10;
  s.keepalive_time = 20;
  s.allow_local_as = 2;
  s.next_hop = peering::NextHop::keep;
  const auto t = translate(p, {.router_id = std::string("10.9.9.9"), .hold_time = 90});
  ASSERT_EQ(t.peers.size(), 1U);
  const auto& c = t.peers[0];
  EXPECT_EQ(c.remote_port, 500);
  EXPECT_FALSE(c.local_address);
  EXPECT_EQ(c.local_as, 65000U);
  EXPECT_EQ(c.remote_as, 65001U);
  EXPECT_FALSE(c.ibgp());
  EXPECT_TRUE(c.passive);
  EXPECT_EQ(c.password, "secret");
  EXPECT_EQ(c.ttl_security_hops, std::optional<std::uint8_t>(1));
  EXPECT_EQ(c.restart_time, rr::session::Seconds(10));
  EXPECT_EQ(c.keepalive_time, std::optional<rr::session::Seconds>(20));
  EXPECT_EQ(c.hold_time, rr::session::Seconds(90));
  EXPECT_EQ(c.router_id.to_string(), "10.9.9.9");
  EXPECT_EQ(t.engine.router_id.to_string(), "10.9.9.9");
  EXPECT_EQ(c.policy.allowed_local_as, 2);
  EXPECT_EQ(c.policy.next_hop_mode, rr::session::NextHopMode::keep);
  EXPECT_FALSE(c.policy.route_reflector_client);
  EXPECT_EQ(c.families, (std::vector<rr::wire::AfiSafi>{rr::wire::kIpv6Unicast}));
}

TEST(PlanTranslation, OneSessionPerNeighbourAddress) {
  auto p = reflector_plan();
  auto mesh = client("10.0.0.11", "Mesh_10_0_0_11");
  p.sessions.insert(p.sessions.begin(), mesh);
  const auto t = translate(p, {});
  ASSERT_EQ(t.peers.size(), 1U);
  EXPECT_EQ(t.peers[0].name, "Mesh_10_0_0_11");
  ASSERT_EQ(t.warnings.size(), 1U);
  EXPECT_NE(t.warnings[0].find("Node_10_0_0_11"), std::string::npos);
}

TEST(PlanTranslation, RouterIdFromTheNameWithoutIpv4) {
  auto p = reflector_plan();
  p.router_id = "";
  const auto a = translate(p, {});
  const auto b = translate(p, {});
  EXPECT_EQ(a.engine.router_id, b.engine.router_id);
  EXPECT_NE(a.engine.router_id.value, 0U);
  EXPECT_EQ(a.warnings.size(), 1U);
  p.node = "rr2";
  EXPECT_NE(translate(p, {}).engine.router_id, a.engine.router_id);
}

TEST(PlanTranslation, NoClusterIdMeansTheRouterId) {
  auto p = reflector_plan();
  p.cluster_id = "";
  const auto t = translate(p, {});
  EXPECT_FALSE(t.engine.cluster_id);
}

}  // namespace
}  // namespace mgmt::daemon
