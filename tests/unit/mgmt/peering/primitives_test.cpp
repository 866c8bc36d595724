// Building blocks of the peering computation: address parsing, session names (§2.4), phase A
// records (§2.2) and the JSON form of a plan.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/mgmt/peering/builders.hpp"

namespace mgmt::peering {
namespace {

using testing::ip_peer;
using testing::make_default;
using testing::make_node;
using testing::make_node_config;
using testing::selector_peer;

TEST(IpAddress, CanonicalisesNodeAddresses) {
  EXPECT_EQ(ip_of_cidr("10.192.0.2/16", Family::ipv4), "10.192.0.2");
  EXPECT_EQ(ip_of_cidr("10.192.0.2", Family::ipv4), "10.192.0.2");
  EXPECT_EQ(ip_of_cidr("FD5F:0:0::3/64", Family::ipv6), "fd5f::3");
  EXPECT_EQ(ip_of_cidr("fd80:24e2:f998:72d7:0:0:0:2", Family::ipv6), "fd80:24e2:f998:72d7::2");
  EXPECT_EQ(ip_of_cidr("fd5f::3", Family::ipv4), "");
  EXPECT_EQ(ip_of_cidr("10.0.0.1", Family::ipv6), "");
  EXPECT_EQ(ip_of_cidr("", Family::ipv4), "");
  EXPECT_EQ(ip_of_cidr("10.0.0.300/24", Family::ipv4), "");
}

TEST(IpAddress, SplitsPeerIpAndPort) {
  auto address = parse_peer_address("192.168.1.1:500");
  ASSERT_TRUE(address.has_value());
  EXPECT_EQ(address->ip.text, "192.168.1.1");
  EXPECT_EQ(address->port, std::optional<std::uint16_t>(500));
  address = parse_peer_address("[9000::]:500");
  ASSERT_TRUE(address.has_value());
  EXPECT_EQ(address->ip, (IpAddress{Family::ipv6, "9000::"}));
  EXPECT_EQ(address->port, std::optional<std::uint16_t>(500));
  address = parse_peer_address("AC13::57");
  ASSERT_TRUE(address.has_value());
  EXPECT_EQ(address->ip.text, "ac13::57");
  EXPECT_EQ(address->port, std::nullopt);
  for (const char* bad :
       {"[192.168.0.0]:98956", "192.168.0.0:65536", "192.168.0.0:0", "192.168.0.330:170",
        "[9000::]:98956", "192.168.0.0:", "[9000::]:", "[9000::]:65536", "[9000::]:0",
        "[9000::FFFFF]:170", ":8552", "[]:8552", "[10.0.0.1]:80", "", "host:80"}) {
    EXPECT_FALSE(parse_peer_address(bad).has_value()) << bad;
  }
}

TEST(SessionName, FollowsTheCalicoScheme) {
  EXPECT_EQ(session_name(PeerType::mesh, "10.192.0.3", 0), "Mesh_10_192_0_3");
  EXPECT_EQ(session_name(PeerType::mesh, "10.192.0.3", 500), "Mesh_10_192_0_3");
  EXPECT_EQ(session_name(PeerType::node, "10.192.0.3", 500), "Node_10_192_0_3_port_500");
  EXPECT_EQ(session_name(PeerType::global, "10.192.0.1", 166), "Global_10_192_0_1_port_166");
  EXPECT_EQ(session_name(PeerType::node, "fe0a::3", 0), "Node_fe0a__3");
  EXPECT_EQ(session_name(PeerType::node, "ac13::57", 50), "Node_ac13__57_port_50");
  EXPECT_EQ(session_name(PeerType::mesh, "fd80:24e2:f998:72d7::2", 0),
            "Mesh_fd80_24e2_f998_72d7__2");
  EXPECT_EQ(peer_type_name(PeerType::mesh), "node-to-node mesh");
  EXPECT_EQ(peer_type_name(PeerType::global), "global");
  EXPECT_EQ(peer_type_name(PeerType::node), "node specific");
}

TEST(PhaseA, EmitsGlobalNodeAndReverseRecords) {
  ClusterState state;
  state.configurations = {make_default(false), make_node_config("b", 500)};
  state.nodes = {make_node("a", "10.0.0.1", "", {{"role", "client"}}),
                 make_node("b", "10.0.0.2", "", {{"role", "rr"}})};
  state.nodes[1].bgp->route_reflector_cluster_id = "1.1.1.1";
  state.peers = {selector_peer("clients-to-rr", "role == 'client'", "role == 'rr'"),
                 ip_peer("edge", "192.0.2.1:1179", 65000)};
  const auto records = phase_a(state);
  ASSERT_EQ(records.size(), 3U);

  EXPECT_EQ(records[0].scope, RecordScope::global);
  EXPECT_EQ(records[0].ip, "192.0.2.1");
  EXPECT_EQ(records[0].port, 1179);
  EXPECT_EQ(records[0].as_number, 65000U);
  EXPECT_FALSE(records[0].calico_node);
  EXPECT_EQ(records[0].source, RecordSource::peer_ip);
  EXPECT_EQ(records[0].source_address, "UseNodeIP");

  EXPECT_EQ(records[1].scope, RecordScope::node);
  EXPECT_EQ(records[1].node, "a");
  EXPECT_EQ(records[1].ip, "10.0.0.2");
  EXPECT_EQ(records[1].port, 500);
  EXPECT_EQ(records[1].rr_cluster_id, "1.1.1.1");
  EXPECT_EQ(records[1].source, RecordSource::peer_selector);

  EXPECT_EQ(records[2].scope, RecordScope::node);
  EXPECT_EQ(records[2].node, "b");
  EXPECT_EQ(records[2].ip, "10.0.0.1");
  EXPECT_EQ(records[2].port, 0);
  EXPECT_EQ(records[2].rr_cluster_id, "");
  EXPECT_EQ(records[2].source, RecordSource::reverse);
  EXPECT_EQ(records[2].origin, "clients-to-rr");
}

TEST(PhaseA, NodeFilteredComputationMatchesTheFullOne) {
  ClusterState state;
  state.configurations = {make_default(false)};
  for (int i = 1; i <= 6; ++i) {
    state.nodes.push_back(make_node("n" + std::to_string(i), "10.0.0." + std::to_string(i), "",
                                    {{"rr", i <= 2 ? "yes" : "no"}}));
  }
  state.peers = {selector_peer("mesh-to-rr", "all()", "rr == 'yes'"),
                 ip_peer("edge", "10.0.0.1", 64512, "rr == 'no'")};
  const auto all = phase_a(state);
  const ClusterView view(state);
  for (const auto& node : state.nodes) {
    const auto& name = node.metadata.name;
    std::vector<PeerRecord> expected;
    for (const auto& record : all) {
      if (record.scope == RecordScope::global || record.node == name) expected.push_back(record);
    }
    EXPECT_EQ(compute_records(view, name).records, expected) << name;
  }
}

TEST(PlanJson, UsesCamelCaseAndHidesPasswords) {
  ClusterState state;
  state.configurations = {make_default(true)};
  state.configurations[0].spec.listen_port = 1790;
  state.configurations[0].spec.node_mesh_password = resource::SecretKeyRef{"s", "k"};
  state.configurations[0].spec.node_mesh_max_restart_time = testing::seconds(30);
  state.secrets = {testing::make_secret("s", "k", "topsecret")};
  state.nodes = {make_node("a", "10.0.0.1"), make_node("b", "10.0.0.2")};
  const auto json = to_json(plan_for(state, "a"));
  EXPECT_EQ(json["node"], "a");
  EXPECT_EQ(json["nodeFound"], true);
  EXPECT_EQ(json["localAS"], 64512);
  EXPECT_EQ(json["routerID"], "10.0.0.1");
  EXPECT_EQ(json["listenPort"], 1790);
  EXPECT_EQ(json["logLevel"], "info");
  EXPECT_EQ(json["ipv4"]["enabled"], true);
  EXPECT_EQ(json["ipv6"]["enabled"], false);
  ASSERT_EQ(json["sessions"].size(), 1U);
  const auto& session = json["sessions"][0];
  EXPECT_EQ(session["name"], "Mesh_10_0_0_2");
  EXPECT_EQ(session["type"], "node-to-node mesh");
  EXPECT_EQ(session["family"], "ipv4");
  EXPECT_EQ(session["peerIP"], "10.0.0.2");
  EXPECT_EQ(session["port"], 1790);
  EXPECT_EQ(session["peerAS"], 64512);
  EXPECT_EQ(session["passive"], true);
  EXPECT_EQ(session["rrClient"], false);
  EXPECT_EQ(session["nextHop"], "auto");
  EXPECT_EQ(session["restartTime"], 30);
  EXPECT_EQ(session["passwordSet"], true);
  EXPECT_FALSE(session.contains("ttlSecurity"));
  EXPECT_EQ(json.dump().find("topsecret"), std::string::npos);
}

}  // namespace
}  // namespace mgmt::peering
