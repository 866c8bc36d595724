// Targeted tests of the rules of calico-bgp-spec.md §2.2/§2.3 and the checklist of §7.
#include <algorithm>

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
using testing::make_peer;
using testing::make_secret;
using testing::names;
using testing::selector_peer;

bool has_warning(const Plan& plan, std::string_view text) {
  return std::any_of(
      plan.warnings.begin(), plan.warnings.end(),
      [text](const std::string& warning) { return warning.find(text) != std::string::npos; });
}

ClusterState three_nodes(std::optional<bool> mesh = false) {
  ClusterState state;
  state.configurations.push_back(make_default(mesh));
  state.nodes = {make_node("kube-master", "10.192.0.2", "fd5f::2"),
                 make_node("kube-node-1", "10.192.0.3", "fd5f::3"),
                 make_node("kube-node-2", "10.192.0.4")};
  return state;
}

TEST(PeeringRules, Port179IsTheSameKeyAsNoPort) {
  auto state = three_nodes();
  state.peers = {ip_peer("a-explicit-179", "10.0.0.5:179", 65000),
                 ip_peer("b-no-port", "10.0.0.5", 65001)};
  const auto plan = plan_for(state, "kube-master");
  EXPECT_THAT(names(plan), ElementsAre("Global_10_0_0_5"));
  EXPECT_EQ(plan.sessions.front().port, 0);
  EXPECT_EQ(plan.sessions.front().peer_as, 65000U);  // first in name order wins
  EXPECT_TRUE(has_warning(plan, "duplicates one from BGPPeer 'a-explicit-179'"));
}

TEST(PeeringRules, ListenPort179OnATargetNodeMeansNoPort) {
  auto state = three_nodes(true);
  state.configurations.push_back(make_node_config("kube-node-1", 179));
  const auto plan = plan_for(state, "kube-master");
  EXPECT_THAT(names(plan), ElementsAre("Mesh_10_192_0_3", "Mesh_10_192_0_4"));
  EXPECT_EQ(find_session(plan, "Mesh_10_192_0_3")->port, 0);
}

TEST(PeeringRules, MeshPortComesFromTheTargetButIsNotInTheName) {
  auto state = three_nodes(true);
  state.configurations.push_back(make_node_config("kube-node-1", 1790));
  const auto plan = plan_for(state, "kube-master");
  const auto* mesh = find_session(plan, "Mesh_10_192_0_3");
  ASSERT_NE(mesh, nullptr);
  EXPECT_EQ(mesh->port, 1790);
  EXPECT_EQ(plan.listen_port, std::nullopt);
  EXPECT_EQ(plan_for(state, "kube-node-1").listen_port, std::optional<std::uint16_t>(1790));
}

TEST(PeeringRules, GlobalBeatsNodeSpecific) {
  auto state = three_nodes();
  auto node_specific = ip_peer("a-node", "10.0.0.5", 65001);
  node_specific.spec.node = "kube-master";
  state.peers = {node_specific, ip_peer("z-global", "10.0.0.5", 65000)};
  const auto plan = plan_for(state, "kube-master");
  EXPECT_THAT(names(plan), ElementsAre("Global_10_0_0_5"));
  EXPECT_EQ(plan.sessions.front().peer_as, 65000U);
  EXPECT_EQ(plan.sessions.front().origin, "z-global");
  // A different port is a different key: both survive.
  state.peers[0].spec.peer_ip = "10.0.0.5:1179";
  EXPECT_THAT(names(plan_for(state, "kube-master")),
              ElementsAre("Global_10_0_0_5", "Node_10_0_0_5_port_1179"));
}

TEST(PeeringRules, ExplicitBeatsReverse) {
  auto state = three_nodes();
  state.nodes[0].metadata.labels = {{"side", "a"}};
  state.nodes[1].metadata.labels = {{"side", "b"}};
  auto forward = selector_peer("a-forward", "side == 'a'", "side == 'b'");
  forward.spec.ttl_security = 5;
  auto explicit_back = ip_peer("z-explicit", "10.192.0.2", 64512);
  explicit_back.spec.node = "kube-node-1";
  explicit_back.spec.ttl_security = 2;
  state.peers = {forward, explicit_back};
  const auto plan = plan_for(state, "kube-node-1");
  EXPECT_THAT(names(plan), ElementsAre("Node_10_192_0_2"));
  EXPECT_EQ(plan.sessions.front().origin, "z-explicit");
  EXPECT_EQ(plan.sessions.front().ttl_security, std::optional<std::uint8_t>(2));
  // The IPv6 reverse session has no explicit competitor.
  const auto* v6 = find_session(plan, "Node_fd5f__2", Family::ipv6);
  ASSERT_NE(v6, nullptr);
  EXPECT_EQ(v6->origin, "a-forward");
  EXPECT_EQ(v6->ttl_security, std::optional<std::uint8_t>(5));
}

TEST(PeeringRules, SelectorPeeringYieldsBothDirectionsUnlessManual) {
  auto state = three_nodes();
  state.nodes[0].metadata.labels = {{"side", "a"}};
  state.nodes[1].metadata.labels = {{"side", "b"}};
  state.peers = {selector_peer("pair", "side == 'a'", "side == 'b'")};
  EXPECT_THAT(names(plan_for(state, "kube-master")), ElementsAre("Node_10_192_0_3"));
  EXPECT_THAT(names(plan_for(state, "kube-node-1")), ElementsAre("Node_10_192_0_2"));
  EXPECT_THAT(names(plan_for(state, "kube-node-2")), IsEmpty());
  state.peers[0].spec.reverse_peering = "Manual";
  EXPECT_THAT(names(plan_for(state, "kube-master")), ElementsAre("Node_10_192_0_3"));
  EXPECT_THAT(plan_for(state, "kube-node-1").sessions, IsEmpty());
}

TEST(PeeringRules, PeerIpAtACalicoNodeInheritsItsListenPortWhenTheAsMatches) {
  auto state = three_nodes();
  state.configurations.push_back(make_node_config("kube-node-1", 1500));
  state.peers = {ip_peer("to-node-1", "10.192.0.3", 64512)};
  auto plan = plan_for(state, "kube-master");
  EXPECT_THAT(names(plan), ElementsAre("Global_10_192_0_3_port_1500"));
  EXPECT_TRUE(plan.sessions.front().calico_node);
  EXPECT_TRUE(plan.sessions.front().passive);  // global + Calico node + higher IP
  // AS 0 means G_AS, which also matches.
  state.peers[0].spec.as_number = 0;
  EXPECT_THAT(names(plan_for(state, "kube-master")), ElementsAre("Global_10_192_0_3_port_1500"));
  // A different AS: no inherited port, still a Calico node address (passive rule applies).
  state.peers[0].spec.as_number = 65000;
  plan = plan_for(state, "kube-master");
  EXPECT_THAT(names(plan), ElementsAre("Global_10_192_0_3"));
  EXPECT_TRUE(plan.sessions.front().passive);
  EXPECT_FALSE(plan.sessions.front().ibgp);
}

TEST(PeeringRules, GlobalPeerIpAtACalicoNodeMakesThatNodePeerBackWithEveryNode) {
  auto state = three_nodes();
  state.peers = {ip_peer("to-node-1", "10.192.0.3", 64512)};
  const auto plan = plan_for(state, "kube-node-1");
  EXPECT_THAT(names(plan), ElementsAre("Node_10_192_0_2", "Node_10_192_0_4"));
  EXPECT_THAT(names(plan, Family::ipv6), IsEmpty());  // only the peerIP's family
  for (const auto& session : plan.sessions) {
    EXPECT_EQ(session.origin, "to-node-1");
    EXPECT_FALSE(session.passive);  // node records are never passive
  }
  // Another AS: not the same BGP speaker, no reverse.
  state.peers[0].spec.as_number = 65000;
  EXPECT_THAT(plan_for(state, "kube-node-1").sessions, IsEmpty());
}

TEST(PeeringRules, ReverseOfAPortedPeerIpNeedsAMatchingListenPort) {
  auto state = three_nodes();
  state.configurations.push_back(make_node_config("kube-node-1", 1500));
  state.peers = {ip_peer("wrong-port", "10.192.0.3:1600", 64512)};
  EXPECT_THAT(plan_for(state, "kube-node-1").sessions, IsEmpty());
  state.peers = {ip_peer("right-port", "10.192.0.3:1500", 64512)};
  EXPECT_THAT(names(plan_for(state, "kube-node-1")),
              ElementsAre("Node_10_192_0_2", "Node_10_192_0_4"));
}

TEST(PeeringRules, PeerSelectorIgnoresLocalAsNumberAndAllowLocalAs) {
  auto state = three_nodes();
  state.nodes[1].metadata.labels = {{"peer", "yes"}};
  state.nodes[1].bgp->as_number = 65010;
  auto peer = selector_peer("sel", "", "peer == 'yes'");
  peer.spec.node = "kube-master";
  peer.spec.local_as_number = 65010;
  peer.spec.num_allowed_local_as_numbers = 3;
  state.peers = {peer};
  const auto plan = plan_for(state, "kube-master");
  const auto* session = find_session(plan, "Node_10_192_0_3");
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->peer_as, 65010U);  // the remote node's own AS
  EXPECT_EQ(session->local_as, 64512U);
  EXPECT_FALSE(session->local_as_overridden);
  EXPECT_FALSE(session->ibgp);
  EXPECT_EQ(session->allow_local_as, 0U);
}

TEST(PeeringRules, NodeWithClusterIdLeavesTheMeshOnBothSides) {
  auto state = three_nodes(std::nullopt);
  state.nodes[2].bgp->route_reflector_cluster_id = "1.2.3.4";
  const auto master = plan_for(state, "kube-master");
  EXPECT_TRUE(master.mesh_member);
  EXPECT_THAT(names(master), ElementsAre("Mesh_10_192_0_3"));
  const auto reflector = plan_for(state, "kube-node-2");
  EXPECT_FALSE(reflector.mesh_member);
  EXPECT_EQ(reflector.cluster_id, "1.2.3.4");
  EXPECT_THAT(reflector.sessions, IsEmpty());
}

TEST(PeeringRules, MeshOffMeansNoMeshSessions) {
  const auto state = three_nodes(false);
  const auto plan = plan_for(state, "kube-master");
  EXPECT_FALSE(plan.mesh_member);
  EXPECT_THAT(plan.sessions, IsEmpty());
}

TEST(PeeringRules, MeshPeerAsFallsBackToTheLocalNodesAs) {
  auto state = three_nodes(true);
  state.nodes[0].bgp->as_number = 65100;
  state.nodes[2].bgp->as_number = 65200;
  const auto plan = plan_for(state, "kube-master");
  const auto* unset = find_session(plan, "Mesh_10_192_0_3");
  const auto* own = find_session(plan, "Mesh_10_192_0_4");
  ASSERT_NE(unset, nullptr);
  ASSERT_NE(own, nullptr);
  EXPECT_EQ(unset->peer_as, 65100U);
  EXPECT_TRUE(unset->ibgp);
  EXPECT_EQ(own->peer_as, 65200U);
  EXPECT_FALSE(own->ibgp);
  EXPECT_EQ(plan.local_as, 65100U);
}

TEST(PeeringRules, EbgpPeerOfAReflectorIsNeverAnRrClient) {
  auto state = three_nodes();
  state.nodes[0].bgp->route_reflector_cluster_id = "10.0.0.1";
  auto external = ip_peer("external", "172.16.0.1", 65000);
  external.spec.node = "kube-master";
  auto internal = ip_peer("internal", "172.16.0.2", 64512);
  internal.spec.node = "kube-master";
  state.peers = {external, internal};
  const auto plan = plan_for(state, "kube-master");
  EXPECT_FALSE(find_session(plan, "Node_172_16_0_1")->rr_client);
  // An external iBGP router configured via peerIP has an empty cluster ID: made an RR client.
  EXPECT_TRUE(find_session(plan, "Node_172_16_0_2")->rr_client);
  EXPECT_EQ(find_session(plan, "Node_172_16_0_2")->cluster_id, "10.0.0.1");
}

TEST(PeeringRules, RrClientUsesTheOverriddenLocalAs) {
  auto state = three_nodes();
  state.nodes[0].bgp->route_reflector_cluster_id = "10.0.0.1";
  auto peer = ip_peer("override", "172.16.0.1", 65000);
  peer.spec.node = "kube-master";
  peer.spec.local_as_number = 65000;
  state.peers = {peer};
  const auto plan = plan_for(state, "kube-master");
  const auto& session = plan.sessions.front();
  EXPECT_TRUE(session.ibgp);
  EXPECT_TRUE(session.rr_client);
  EXPECT_EQ(session.local_as, 65000U);
}

TEST(PeeringRules, KeepOriginalNextHopIsIgnoredOnIbgpButNextHopModeIsNot) {
  auto state = three_nodes();
  auto ibgp = ip_peer("ibgp", "172.16.0.1", 64512);
  ibgp.spec.keep_original_next_hop = true;
  auto ebgp = ip_peer("ebgp", "172.16.0.2", 65000);
  ebgp.spec.keep_original_next_hop = true;
  auto mode = ip_peer("mode", "172.16.0.3", 64512);
  mode.spec.next_hop_mode = "Keep";
  auto automatic = ip_peer("auto", "172.16.0.4", 65000);
  automatic.spec.next_hop_mode = "Auto";
  automatic.spec.keep_original_next_hop = true;
  state.peers = {ibgp, ebgp, mode, automatic};
  const auto plan = plan_for(state, "kube-master");
  EXPECT_EQ(find_session(plan, "Global_172_16_0_1")->next_hop, NextHop::automatic);
  EXPECT_EQ(find_session(plan, "Global_172_16_0_2")->next_hop, NextHop::keep);
  EXPECT_EQ(find_session(plan, "Global_172_16_0_3")->next_hop, NextHop::keep);
  EXPECT_EQ(find_session(plan, "Global_172_16_0_4")->next_hop, NextHop::automatic);
}

TEST(PeeringRules, PasswordsAreResolvedFromSecretsOrLeftOutWithAWarning) {
  auto state = three_nodes(true);
  state.secrets = {make_secret("bgp-secrets", "peer", "s3cret"),
                   make_secret("mesh-secrets", "mesh", "meshpw")};
  auto resolved = ip_peer("resolved", "172.16.0.1", 65000);
  resolved.spec.password = resource::SecretKeyRef{"bgp-secrets", "peer"};
  auto missing_key = ip_peer("missing-key", "172.16.0.2", 65000);
  missing_key.spec.password = resource::SecretKeyRef{"bgp-secrets", "nope"};
  auto missing_secret = ip_peer("missing-secret", "172.16.0.3", 65000);
  missing_secret.spec.password = resource::SecretKeyRef{"absent", "peer"};
  state.peers = {resolved, missing_key, missing_secret};
  state.configurations[0].spec.node_mesh_password = resource::SecretKeyRef{"mesh-secrets", "mesh"};
  const auto plan = plan_for(state, "kube-master");
  const auto* ok = find_session(plan, "Global_172_16_0_1");
  EXPECT_EQ(ok->password, "s3cret");
  EXPECT_FALSE(ok->password_unresolved);
  for (const auto* name : {"Global_172_16_0_2", "Global_172_16_0_3"}) {
    const auto* session = find_session(plan, name);
    ASSERT_NE(session, nullptr);
    EXPECT_EQ(session->password, "");
    EXPECT_TRUE(session->password_unresolved);
  }
  EXPECT_TRUE(has_warning(plan, "secret 'bgp-secrets' key 'nope' not found"));
  EXPECT_TRUE(has_warning(plan, "secret 'absent' key 'peer' not found"));
  EXPECT_EQ(find_session(plan, "Mesh_10_192_0_3")->password, "meshpw");
}

TEST(PeeringRules, SelfExclusionDropsRecordsPointingAtOwnAddress) {
  auto state = three_nodes();
  state.peers = {selector_peer("everyone", "all()", "all()")};
  const auto plan = plan_for(state, "kube-master");
  EXPECT_THAT(names(plan), ElementsAre("Node_10_192_0_3", "Node_10_192_0_4"));
  EXPECT_THAT(names(plan, Family::ipv6), ElementsAre("Node_fd5f__3"));
  // The global form: every node gets Global_ records to all matching nodes but itself.
  state.peers = {selector_peer("everyone", "", "all()")};
  const auto global = plan_for(state, "kube-node-1");
  EXPECT_THAT(names(global), ElementsAre("Global_10_192_0_2", "Global_10_192_0_4"));
  EXPECT_THAT(names(global, Family::ipv6), ElementsAre("Global_fd5f__2"));
}

TEST(PeeringRules, FamilyWithoutAnAddressIsDisabled) {
  auto state = three_nodes(true);
  const auto plan = plan_for(state, "kube-node-2");
  EXPECT_TRUE(plan.ipv4.enabled);
  EXPECT_EQ(plan.ipv4.address, "10.192.0.4");
  EXPECT_FALSE(plan.ipv6.enabled);
  EXPECT_THAT(names(plan, Family::ipv6), IsEmpty());
  EXPECT_THAT(names(plan), ElementsAre("Mesh_10_192_0_2", "Mesh_10_192_0_3"));
}

TEST(PeeringRules, NodeSpecificAttributesReachTheSession) {
  auto state = three_nodes();
  auto peer = ip_peer("full", "[2001:db8::1]:1790", 65000);
  peer.spec.node_selector = "all()";
  peer.spec.max_restart_time = testing::seconds(300);
  peer.spec.keepalive_time = testing::seconds(20);
  peer.spec.ttl_security = 0;
  peer.spec.source_address = "None";
  peer.spec.filters = {"export-only"};
  state.peers = {peer};
  state.filters.emplace_back();
  state.filters.back().metadata.name = "export-only";
  const auto plan = plan_for(state, "kube-master");
  const auto* session = find_session(plan, "Node_2001_db8__1_port_1790", Family::ipv6);
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->restart_time, std::optional<std::uint32_t>(300));
  EXPECT_EQ(session->keepalive_time, std::optional<std::uint32_t>(20));
  EXPECT_EQ(session->ttl_security, std::nullopt);  // 0 means off
  EXPECT_EQ(session->source_address, "");
  EXPECT_THAT(session->filters, ElementsAre("export-only"));
  EXPECT_FALSE(session->calico_node);
  EXPECT_FALSE(has_warning(plan, "does not exist"));
  state.filters.clear();
  EXPECT_TRUE(
      has_warning(plan_for(state, "kube-master"), "BGPFilter 'export-only' does not exist"));
  // kube-node-2 has no IPv6: no session there.
  EXPECT_THAT(plan_for(state, "kube-node-2").sessions, IsEmpty());
}

TEST(PeeringRules, LocalWorkloadPeersAndBadInputsAreIgnoredWithWarnings) {
  auto state = three_nodes();
  auto workload = make_peer("workloads");
  workload.spec.local_workload_selector = "has(vm)";
  workload.spec.as_number = 65000;
  auto bad_ip = ip_peer("bad-ip", "10.0.0.300", 65000);
  auto bad_selector = selector_peer("bad-selector", "", "a = 'b'");
  auto bad_reachable = ip_peer("bad-reachable", "10.0.0.9", 65000);
  bad_reachable.spec.reachable_by = "fd00::1";
  auto bad_node_selector = ip_peer("bad-node-selector", "10.0.0.10", 65000, "has(");
  state.peers = {workload, bad_ip, bad_selector, bad_reachable, bad_node_selector};
  const auto plan = plan_for(state, "kube-master");
  EXPECT_THAT(plan.sessions, IsEmpty());
  EXPECT_TRUE(has_warning(plan, "BGPPeer 'workloads': localWorkloadSelector"));
  EXPECT_TRUE(has_warning(plan, "BGPPeer 'bad-ip': peerIP \"10.0.0.300\" does not parse"));
  EXPECT_TRUE(has_warning(plan, "BGPPeer 'bad-selector' peerSelector"));
  EXPECT_TRUE(has_warning(plan, "BGPPeer 'bad-reachable': reachableBy"));
  EXPECT_TRUE(has_warning(plan, "BGPPeer 'bad-node-selector' nodeSelector"));
}

TEST(PeeringRules, LogLevelFollowsBirdMapping) {
  auto state = three_nodes();
  EXPECT_EQ(plan_for(state, "kube-master").log_level, "info");
  state.configurations[0].spec.log_severity_screen = "Trace";
  EXPECT_EQ(plan_for(state, "kube-master").log_level, "none");
  state.configurations[0].spec.log_severity_screen = "INFO";
  EXPECT_EQ(plan_for(state, "kube-master").log_level, "info");
  auto own = make_node_config("kube-master", std::nullopt);
  own.spec.log_severity_screen = "debug";
  state.configurations.push_back(own);
  EXPECT_EQ(plan_for(state, "kube-master").log_level, "debug");
  EXPECT_EQ(plan_for(state, "kube-node-1").log_level, "info");
}

TEST(PeeringRules, DefaultsWithoutAnyConfiguration) {
  ClusterState state;
  state.nodes = {make_node("a", "10.0.0.1"), make_node("b", "10.0.0.2")};
  auto other = make_default(false);
  other.metadata.name = "unrelated";
  state.configurations = {other};
  const auto plan = plan_for(state, "a");
  EXPECT_EQ(plan.local_as, 64512U);
  EXPECT_TRUE(plan.mesh_member);
  EXPECT_THAT(names(plan), ElementsAre("Mesh_10_0_0_2"));
  EXPECT_EQ(plan.listen_address, "");
  EXPECT_TRUE(has_warning(plan, "BGPConfiguration 'unrelated'"));
}

TEST(PeeringRules, UnknownNodeHasNoSessions) {
  const auto state = three_nodes(true);
  const auto plan = plan_for(state, "nope");
  EXPECT_FALSE(plan.node_found);
  EXPECT_THAT(plan.sessions, IsEmpty());
  EXPECT_EQ(plan.node, "nope");
}

TEST(PeeringRules, NodeWithoutBgpHasNoFamilies) {
  auto state = three_nodes(true);
  state.nodes.emplace_back();
  state.nodes.back().metadata.name = "no-bgp";
  const auto plan = plan_for(state, "no-bgp");
  EXPECT_TRUE(plan.node_found);
  EXPECT_FALSE(plan.ipv4.enabled);
  EXPECT_FALSE(plan.ipv6.enabled);
  EXPECT_EQ(plan.router_id, "");
  EXPECT_THAT(plan.sessions, IsEmpty());
  EXPECT_THAT(names(plan_for(state, "kube-master")),
              ElementsAre("Mesh_10_192_0_3", "Mesh_10_192_0_4"));
}

TEST(PeeringRules, ResultDoesNotDependOnInputOrder) {
  auto state = three_nodes(true);
  state.nodes[1].metadata.labels = {{"rr", "yes"}};
  state.peers = {ip_peer("b", "10.0.0.5", 65001), ip_peer("a", "10.0.0.5", 65002),
                 selector_peer("c", "all()", "rr == 'yes'")};
  const auto first = plan_for(state, "kube-master");
  std::reverse(state.peers.begin(), state.peers.end());
  std::reverse(state.nodes.begin(), state.nodes.end());
  const auto second = plan_for(state, "kube-master");
  EXPECT_EQ(first.sessions, second.sessions);
  EXPECT_EQ(find_session(first, "Global_10_0_0_5")->peer_as, 65002U);
}

TEST(PeeringRules, MeshAndBgpPeerTowardsTheSameNeighbourAreBothRendered) {
  auto state = three_nodes(true);
  state.peers = {selector_peer("dup", "all()", "all()")};
  const auto plan = plan_for(state, "kube-master");
  EXPECT_THAT(names(plan), ElementsAre("Mesh_10_192_0_3", "Mesh_10_192_0_4", "Node_10_192_0_3",
                                       "Node_10_192_0_4"));
}

TEST(PeeringRules, DuplicateNodeAddressesKeepOneMeshSession) {
  auto state = three_nodes(true);
  state.nodes.push_back(make_node("kube-node-3", "10.192.0.4"));
  const auto plan = plan_for(state, "kube-master");
  EXPECT_THAT(names(plan), ElementsAre("Mesh_10_192_0_3", "Mesh_10_192_0_4"));
  EXPECT_TRUE(has_warning(plan, "duplicate session Mesh_10_192_0_4"));
}

}  // namespace
}  // namespace mgmt::peering
