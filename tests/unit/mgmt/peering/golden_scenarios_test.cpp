// The golden scenarios S0-S10 of calico-bgp-spec.md §2.11, rendered on node kube-master (S0 on the
// clients and reflectors of the documented route-reflector recipe).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/mgmt/peering/builders.hpp"

namespace mgmt::peering {
namespace {

using ::testing::ElementsAre;
using testing::find_session;
using testing::ip_peer;
using ::testing::IsEmpty;
using testing::make_default;
using testing::make_node;
using testing::make_node_config;
using testing::names;
using testing::selector_peer;

// S0: mesh off; rr1, rr2 reflectors; c1..c3 clients; {nodeSelector all(), peerSelector rr}.
ClusterState rr_recipe(const std::string& rr2_cluster_id) {
  ClusterState state;
  state.configurations.push_back(make_default(false));
  auto rr1 = make_node("rr1", "10.0.0.1/24", "", {{"route-reflector", "true"}});
  rr1.bgp->route_reflector_cluster_id = "244.0.0.1";
  auto rr2 = make_node("rr2", "10.0.0.2/24", "", {{"route-reflector", "true"}});
  rr2.bgp->route_reflector_cluster_id = rr2_cluster_id;
  state.nodes = {rr1, rr2, make_node("c1", "10.0.1.1"), make_node("c2", "10.0.1.2"),
                 make_node("c3", "10.0.1.3")};
  state.peers.push_back(selector_peer("rr-peering", "all()", "route-reflector == 'true'"));
  return state;
}

TEST(GoldenScenarios, S0ClientsPeerWithBothReflectors) {
  const auto state = rr_recipe("244.0.0.1");
  for (const auto* client : {"c1", "c2", "c3"}) {
    const auto plan = plan_for(state, client);
    SCOPED_TRACE(client);
    EXPECT_THAT(names(plan), ElementsAre("Node_10_0_0_1", "Node_10_0_0_2"));
    for (const auto& session : plan.sessions) {
      EXPECT_EQ(session.type, PeerType::node);
      EXPECT_EQ(session.peer_as, 64512U);
      EXPECT_TRUE(session.ibgp);
      EXPECT_FALSE(session.rr_client);
      EXPECT_FALSE(session.passive);
      EXPECT_EQ(session.peer_cluster_id, "244.0.0.1");
      EXPECT_EQ(session.next_hop, NextHop::automatic);
    }
  }
}

TEST(GoldenScenarios, S0ReflectorsTreatClientsAsRrClientsAndEachOtherAsPlainIbgp) {
  const auto state = rr_recipe("244.0.0.1");
  const auto plan = plan_for(state, "rr1");
  EXPECT_THAT(names(plan),
              ElementsAre("Node_10_0_0_2", "Node_10_0_1_1", "Node_10_0_1_2", "Node_10_0_1_3"));
  EXPECT_FALSE(plan.mesh_member);
  const auto* other_rr = find_session(plan, "Node_10_0_0_2");
  ASSERT_NE(other_rr, nullptr);
  EXPECT_FALSE(other_rr->rr_client);
  EXPECT_EQ(other_rr->cluster_id, "");
  EXPECT_EQ(other_rr->origin, "rr-peering");
  for (const auto* name : {"Node_10_0_1_1", "Node_10_0_1_2", "Node_10_0_1_3"}) {
    const auto* client = find_session(plan, name);
    ASSERT_NE(client, nullptr) << name;
    EXPECT_TRUE(client->rr_client) << name;
    EXPECT_EQ(client->cluster_id, "244.0.0.1") << name;
    EXPECT_EQ(client->peer_cluster_id, "") << name;
    EXPECT_EQ(client->source_address, "10.0.0.1") << name;
    EXPECT_FALSE(client->passive) << name;
  }
  for (const auto& session : plan.sessions)
    EXPECT_NE(session.type, PeerType::mesh);
}

TEST(GoldenScenarios, S0ReflectorsWithDifferentClusterIdsAreClientsOfEachOther) {
  const auto state = rr_recipe("244.0.0.2");
  const auto rr1 = plan_for(state, "rr1");
  const auto rr2 = plan_for(state, "rr2");
  const auto* to_rr2 = find_session(rr1, "Node_10_0_0_2");
  const auto* to_rr1 = find_session(rr2, "Node_10_0_0_1");
  ASSERT_NE(to_rr2, nullptr);
  ASSERT_NE(to_rr1, nullptr);
  EXPECT_TRUE(to_rr2->rr_client);
  EXPECT_EQ(to_rr2->cluster_id, "244.0.0.1");
  EXPECT_TRUE(to_rr1->rr_client);
  EXPECT_EQ(to_rr1->cluster_id, "244.0.0.2");
}

TEST(GoldenScenarios, S1SelectorsWithNodeSpecificListenPort) {
  ClusterState state;
  state.configurations = {make_default(false), make_node_config("kube-node-1", 500)};
  state.nodes = {make_node("kube-master", "10.192.0.2/16", "fd5f::2", {{"group", "one"}}),
                 make_node("kube-node-1", "10.192.0.3", "fd5f::3", {{"group", "two"}}),
                 make_node("kube-node-2", "10.192.0.4", "fd5f::4", {{"group", "two"}})};
  state.peers.push_back(selector_peer("selectors", "group == 'one'", "group == 'two'"));
  const auto plan = plan_for(state, "kube-master");
  EXPECT_THAT(names(plan), ElementsAre("Node_10_192_0_3_port_500", "Node_10_192_0_4"));
  EXPECT_THAT(names(plan, Family::ipv6), ElementsAre("Node_fd5f__3_port_500", "Node_fd5f__4"));
  ASSERT_EQ(plan.sessions.size(), 4U);
  EXPECT_EQ(plan.sessions[0].port, 500);
  EXPECT_EQ(plan.sessions[0].peer_ip, "10.192.0.3");
  EXPECT_EQ(plan.sessions[1].port, 0);
  for (const auto& session : plan.sessions) {
    EXPECT_EQ(session.peer_as, 64512U);
    EXPECT_EQ(session.local_as, 64512U);
    EXPECT_TRUE(session.ibgp);
    EXPECT_EQ(session.source_address, session.family == Family::ipv4 ? "10.192.0.2" : "fd5f::2");
    EXPECT_EQ(session.ttl_security, std::nullopt);
    EXPECT_FALSE(session.passive);
    EXPECT_FALSE(session.rr_client);
  }
  EXPECT_EQ(plan.router_id, "10.192.0.2");
  EXPECT_EQ(plan.listen_port, std::nullopt);
}

ClusterState route_reflector_state() {
  ClusterState state;
  state.configurations.push_back(make_default(false, 64532));
  auto master = make_node("kube-master", "10.192.0.2", "fe0a::2", {{"routeReflector", "true"}});
  master.bgp->route_reflector_cluster_id = "10.0.0.1";
  state.nodes = {master, make_node("kube-node-1", "10.192.0.3", "fe0a::3"),
                 make_node("kube-node-2", "10.192.0.4", "fe0a::4")};
  state.peers = {ip_peer("peer-1", "172.19.4.87", 64533, "has(routeReflector)"),
                 ip_peer("peer-2", "[ac13::57]:50", 64533, "has(routeReflector)")};
  return state;
}

TEST(GoldenScenarios, S2RouteReflector) {
  auto state = route_reflector_state();
  state.peers.push_back(selector_peer("peer-3", "has(routeReflector)", "!has(routeReflector)"));
  const auto plan = plan_for(state, "kube-master");
  EXPECT_THAT(names(plan), ElementsAre("Node_10_192_0_3", "Node_10_192_0_4", "Node_172_19_4_87"));
  EXPECT_THAT(names(plan, Family::ipv6),
              ElementsAre("Node_ac13__57_port_50", "Node_fe0a__3", "Node_fe0a__4"));
  EXPECT_EQ(plan.local_as, 64532U);
  EXPECT_EQ(plan.cluster_id, "10.0.0.1");
  for (const auto family : {Family::ipv4, Family::ipv6}) {
    for (const auto* name :
         {"Node_10_192_0_3", "Node_10_192_0_4", "Node_fe0a__3", "Node_fe0a__4"}) {
      const auto* client = find_session(plan, name, family);
      if (client == nullptr) continue;
      EXPECT_EQ(client->peer_as, 64532U) << name;
      EXPECT_TRUE(client->ibgp) << name;
      EXPECT_TRUE(client->rr_client) << name;
      EXPECT_EQ(client->cluster_id, "10.0.0.1") << name;
    }
  }
  const auto* external = find_session(plan, "Node_172_19_4_87");
  ASSERT_NE(external, nullptr);
  EXPECT_EQ(external->peer_as, 64533U);
  EXPECT_FALSE(external->ibgp);
  EXPECT_FALSE(external->rr_client);
  EXPECT_EQ(external->source_address, "10.192.0.2");
  const auto* external6 = find_session(plan, "Node_ac13__57_port_50", Family::ipv6);
  ASSERT_NE(external6, nullptr);
  EXPECT_EQ(external6->peer_ip, "ac13::57");
  EXPECT_EQ(external6->port, 50);
  EXPECT_EQ(external6->peer_as, 64533U);
  EXPECT_EQ(external6->source_address, "fe0a::2");
  EXPECT_FALSE(external6->rr_client);
  EXPECT_FALSE(find_session(plan, "Node_fe0a__3", Family::ipv6) == nullptr);
  EXPECT_TRUE(find_session(plan, "Node_fe0a__3", Family::ipv6)->rr_client);
}

TEST(GoldenScenarios, S3RouteReflectorWithMeshEnabled) {
  ClusterState state;
  state.configurations.push_back(make_default(true, 64532));
  auto rr = make_node("kube-node-2", "10.192.0.4", "fe0a::4", {{"routeReflector", "true"}});
  rr.bgp->route_reflector_cluster_id = "10.0.0.1";
  state.nodes = {make_node("kube-master", "10.192.0.2", "fe0a::2"),
                 make_node("kube-node-1", "10.192.0.3", "fe0a::3"), rr};
  state.peers = {ip_peer("peer-1", "172.19.4.87", 64533, "has(routeReflector)"),
                 ip_peer("peer-2", "[ac13::57]:50", 64533, "has(routeReflector)"),
                 selector_peer("peer-3", "has(routeReflector)", "!has(routeReflector)")};
  const auto plan = plan_for(state, "kube-master");
  EXPECT_THAT(names(plan), ElementsAre("Mesh_10_192_0_3", "Node_10_192_0_4"));
  EXPECT_THAT(names(plan, Family::ipv6), ElementsAre("Mesh_fe0a__3", "Node_fe0a__4"));
  const auto* mesh = find_session(plan, "Mesh_10_192_0_3");
  ASSERT_NE(mesh, nullptr);
  EXPECT_TRUE(mesh->passive);
  EXPECT_EQ(mesh->type, PeerType::mesh);
  EXPECT_EQ(mesh->peer_as, 64532U);
  EXPECT_EQ(mesh->origin, "node-to-node mesh");
  const auto* to_rr = find_session(plan, "Node_10_192_0_4");
  ASSERT_NE(to_rr, nullptr);
  EXPECT_FALSE(to_rr->rr_client);
  EXPECT_FALSE(to_rr->passive);
  EXPECT_EQ(to_rr->peer_as, 64532U);
  EXPECT_EQ(to_rr->peer_cluster_id, "10.0.0.1");
  EXPECT_EQ(to_rr->origin, "peer-3");
}

TEST(GoldenScenarios, S4GlobalPeersListenPortAndBindMode) {
  ClusterState state;
  auto config = make_default(false, 64567);
  config.spec.log_severity_screen = "Debug";
  config.spec.listen_port = 150;
  config.spec.bind_mode = "NodeIP";
  state.configurations.push_back(config);
  state.nodes = {make_node("kube-master", "10.192.0.2"), make_node("kube-node-1", "10.192.0.3"),
                 make_node("kube-node-2", "10.192.0.1")};
  auto no_source = ip_peer("bgppeer-1", "10.192.0.3", 64567);
  no_source.spec.source_address = "None";
  state.peers = {no_source, ip_peer("bgppeer-2", "10.192.0.1:166", 64567),
                 ip_peer("bgppeer-3", "10.192.0.1", 64567)};
  const auto plan = plan_for(state, "kube-master");
  EXPECT_EQ(plan.listen_address, "10.192.0.2");
  EXPECT_EQ(plan.listen_port, std::optional<std::uint16_t>(150));
  EXPECT_EQ(plan.router_id, "10.192.0.2");
  EXPECT_EQ(plan.log_level, "debug");
  EXPECT_EQ(plan.local_as, 64567U);
  EXPECT_THAT(names(plan), ElementsAre("Global_10_192_0_1_port_150", "Global_10_192_0_1_port_166",
                                       "Global_10_192_0_3_port_150"));
  EXPECT_THAT(names(plan, Family::ipv6), IsEmpty());
  const auto* inherited = find_session(plan, "Global_10_192_0_1_port_150");
  ASSERT_NE(inherited, nullptr);
  EXPECT_EQ(inherited->port, 150);
  EXPECT_FALSE(inherited->passive);
  EXPECT_TRUE(inherited->calico_node);
  EXPECT_EQ(inherited->source_address, "10.192.0.2");
  const auto* explicit_port = find_session(plan, "Global_10_192_0_1_port_166");
  ASSERT_NE(explicit_port, nullptr);
  EXPECT_EQ(explicit_port->port, 166);
  EXPECT_FALSE(explicit_port->passive);
  const auto* higher = find_session(plan, "Global_10_192_0_3_port_150");
  ASSERT_NE(higher, nullptr);
  EXPECT_EQ(higher->source_address, "");
  EXPECT_TRUE(higher->passive);
  EXPECT_EQ(higher->peer_as, 64567U);
  EXPECT_TRUE(higher->ibgp);
}

TEST(GoldenScenarios, S5LocalAsAndAllowLocalAs) {
  ClusterState state;
  state.configurations.push_back(make_default(false));
  state.nodes = {make_node("kube-master", "10.192.0.2"), make_node("kube-node-1", "10.192.0.3"),
                 make_node("kube-node-2", "10.192.0.4")};
  auto first = ip_peer("bgppeer-1", "10.192.0.3", 64512);
  first.spec.node = "kube-master";
  first.spec.local_as_number = 64512;
  first.spec.num_allowed_local_as_numbers = 1;
  auto second = ip_peer("bgppeer-2", "10.192.0.4", 64566);
  second.spec.node = "kube-master";
  second.spec.local_as_number = 65001;
  state.peers = {first, second};
  const auto plan = plan_for(state, "kube-master");
  EXPECT_THAT(names(plan), ElementsAre("Node_10_192_0_3", "Node_10_192_0_4"));
  const auto* same = find_session(plan, "Node_10_192_0_3");
  ASSERT_NE(same, nullptr);
  EXPECT_TRUE(same->local_as_overridden);
  EXPECT_EQ(same->local_as, 64512U);
  EXPECT_EQ(same->allow_local_as, 1U);
  EXPECT_TRUE(same->ibgp);
  const auto* other = find_session(plan, "Node_10_192_0_4");
  ASSERT_NE(other, nullptr);
  EXPECT_TRUE(other->local_as_overridden);
  EXPECT_EQ(other->local_as, 65001U);
  EXPECT_EQ(other->peer_as, 64566U);
  EXPECT_FALSE(other->ibgp);
  EXPECT_EQ(other->allow_local_as, 0U);
}

TEST(GoldenScenarios, S6KeepNextHopOnlyOnTheExternalPeer) {
  auto state = route_reflector_state();
  for (auto& peer : state.peers)
    peer.spec.keep_original_next_hop = true;
  state.peers.push_back(selector_peer("peer-3", "all()", "has(routeReflector)"));
  const auto plan = plan_for(state, "kube-master");
  EXPECT_THAT(names(plan), ElementsAre("Node_10_192_0_3", "Node_10_192_0_4", "Node_172_19_4_87"));
  EXPECT_THAT(names(plan, Family::ipv6),
              ElementsAre("Node_ac13__57_port_50", "Node_fe0a__3", "Node_fe0a__4"));
  EXPECT_EQ(find_session(plan, "Node_172_19_4_87")->next_hop, NextHop::keep);
  EXPECT_EQ(find_session(plan, "Node_ac13__57_port_50", Family::ipv6)->next_hop, NextHop::keep);
  for (const auto* name : {"Node_10_192_0_3", "Node_10_192_0_4"}) {
    const auto* client = find_session(plan, name);
    ASSERT_NE(client, nullptr);
    EXPECT_TRUE(client->rr_client);
    EXPECT_EQ(client->next_hop, NextHop::automatic);
  }
}

ClusterState reverse_state(std::string reverse_peering) {
  ClusterState state;
  state.configurations.push_back(make_default(false));
  state.nodes = {make_node("kube-master", "10.192.0.2", "", {{"route-reflector", "true"}}),
                 make_node("kube-node-1", "10.192.0.3"), make_node("kube-node-2", "10.192.0.4")};
  auto peer = selector_peer("peer-to-rrs", "all()", "route-reflector == 'true'");
  peer.spec.reverse_peering = std::move(reverse_peering);
  state.peers.push_back(peer);
  return state;
}

TEST(GoldenScenarios, S7ManualReversePeeringLeavesTheSelectedPeerWithoutSessions) {
  const auto state = reverse_state("Manual");
  const auto plan = plan_for(state, "kube-master");
  EXPECT_TRUE(plan.node_found);
  EXPECT_THAT(plan.sessions, IsEmpty());
  EXPECT_THAT(names(plan_for(state, "kube-node-1")), ElementsAre("Node_10_192_0_2"));
}

TEST(GoldenScenarios, S8NextHopModes) {
  auto state = reverse_state("");
  auto keep = ip_peer("rr-external-1", "10.225.0.4", 65515, "route-reflector == 'true'");
  keep.spec.next_hop_mode = "Keep";
  auto self = ip_peer("rr-external-2", "10.225.0.5", 64512, "route-reflector == 'true'");
  self.spec.next_hop_mode = "Self";
  state.peers.push_back(keep);
  state.peers.push_back(self);
  const auto plan = plan_for(state, "kube-master");
  EXPECT_THAT(names(plan), ElementsAre("Node_10_192_0_3", "Node_10_192_0_4", "Node_10_225_0_4",
                                       "Node_10_225_0_5"));
  for (const auto& session : plan.sessions)
    EXPECT_FALSE(session.rr_client) << session.name;
  EXPECT_EQ(find_session(plan, "Node_10_192_0_3")->peer_as, 64512U);
  EXPECT_EQ(find_session(plan, "Node_10_192_0_4")->next_hop, NextHop::automatic);
  const auto* to_keep = find_session(plan, "Node_10_225_0_4");
  EXPECT_EQ(to_keep->next_hop, NextHop::keep);
  EXPECT_FALSE(to_keep->ibgp);
  const auto* to_self = find_session(plan, "Node_10_225_0_5");
  EXPECT_EQ(to_self->next_hop, NextHop::self);
  EXPECT_TRUE(to_self->ibgp);
}

TEST(GoldenScenarios, S9TtlSecurityOnGlobalSelectorPeer) {
  ClusterState state;
  state.configurations.push_back(make_default(false));
  state.nodes = {make_node("kube-master", "10.192.0.2"),
                 make_node("kube-node-1", "10.192.0.3", "", {{"ttl-security-node", "true"}})};
  auto peer = testing::make_peer("ttl-security");
  peer.spec.peer_selector = "has(ttl-security-node)";
  peer.spec.ttl_security = 1;
  state.peers.push_back(peer);
  const auto plan = plan_for(state, "kube-master");
  EXPECT_THAT(names(plan), ElementsAre("Global_10_192_0_3"));
  const auto& session = plan.sessions.front();
  EXPECT_EQ(session.type, PeerType::global);
  EXPECT_EQ(session.ttl_security, std::optional<std::uint8_t>(1));
  EXPECT_FALSE(session.passive);  // peerSelector records never get the automatic passive
  EXPECT_EQ(session.source_address, "10.192.0.2");
}

TEST(GoldenScenarios, S10MeshRestartTimeAndPassive) {
  ClusterState state;
  auto config = make_default(std::nullopt);
  config.spec.node_mesh_max_restart_time = testing::seconds(10);
  state.configurations.push_back(config);
  state.nodes = {make_node("kube-master", "10.192.0.2", "fd80:24e2:f998:72d7::2"),
                 make_node("kube-node-1", "10.192.0.3", "fd80:24e2:f998:72d7::3"),
                 make_node("kube-node-2", "10.192.0.10", "fd80:24e2:f998:72d7::1")};
  const auto plan = plan_for(state, "kube-master");
  EXPECT_TRUE(plan.mesh_member);
  EXPECT_THAT(names(plan), ElementsAre("Mesh_10_192_0_10", "Mesh_10_192_0_3"));
  EXPECT_THAT(names(plan, Family::ipv6),
              ElementsAre("Mesh_fd80_24e2_f998_72d7__1", "Mesh_fd80_24e2_f998_72d7__3"));
  for (const auto& session : plan.sessions) {
    EXPECT_EQ(session.restart_time, std::optional<std::uint32_t>(10)) << session.name;
    EXPECT_EQ(session.ttl_security, std::nullopt);
    EXPECT_FALSE(session.rr_client);
    EXPECT_TRUE(session.ibgp);
  }
  // Byte-wise string comparison: "10.192.0.10" < "10.192.0.2" < "10.192.0.3".
  EXPECT_FALSE(find_session(plan, "Mesh_10_192_0_10")->passive);
  EXPECT_TRUE(find_session(plan, "Mesh_10_192_0_3")->passive);
  EXPECT_FALSE(find_session(plan, "Mesh_fd80_24e2_f998_72d7__1", Family::ipv6)->passive);
  EXPECT_TRUE(find_session(plan, "Mesh_fd80_24e2_f998_72d7__3", Family::ipv6)->passive);
  EXPECT_TRUE(find_session(plan_for(state, "kube-node-2"), "Mesh_10_192_0_2")->passive);
}

}  // namespace
}  // namespace mgmt::peering
