#include "mgmt/rrctl/status_command.hpp"

#include <gtest/gtest.h>

#include "tests/unit/mgmt/rrctl/fake_server.hpp"

namespace mgmt::rrctl {
namespace {

using nlohmann::json;
using testing::FakeServer;
using testing::run_cli;

const std::chrono::system_clock::time_point kNow{std::chrono::seconds(1'795'687'200)};

json session(const std::string& name, const std::string& family, const std::string& state,
             const std::string& since, const std::string& info) {
  return json{{"name", name}, {"family", family},  {"state", state},   {"since", since},
              {"info", info}, {"peerAS", 64512},   {"type", "global"}, {"peerAddress", "10.0.0.1"},
              {"port", 179},  {"rrClient", false}, {"prefixesIn", 3},  {"prefixesOut", 4}};
}

json sample_peers() {
  return json{
      {"kind", "PeerStatusList"},
      {"node", "rr1"},
      {"items",
       {session("Node_10_192_0_3_port_500", "IPv4", "start", "2024-05-02T10:00:00Z",
                "Active Socket: Connection refused"),
        session("Mesh_10_0_1_11", "IPv4", "up", "2026-11-26T08:02:17Z", "Established"),
        session("Local_Workload_10_0_0_9", "IPv4", "up", "2026-11-26T08:02:17Z", "Established"),
        session("Node_10_0_2_5", "IPv4", "down", "2026-11-26T08:02:17Z", ""),
        session("Global_10_0_0_1", "IPv4", "start", "2026-11-26T08:02:15Z", "Passive")}}};
}

const char* const kSampleStatus =
    "Calico process is running.\n"
    "\n"
    "IPv4 BGP status\n"
    "+---------------------+-------------------+-------+------------+------------------------------"
    "-----+\n"
    "|    PEER ADDRESS     |     PEER TYPE     | STATE |   SINCE    |               INFO           "
    "     |\n"
    "+---------------------+-------------------+-------+------------+------------------------------"
    "-----+\n"
    "| 10.0.0.1            | global            | start | 08:02:15   | Passive                      "
    "     |\n"
    "| 10.0.1.11           | node-to-node mesh | up    | 08:02:17   | Established                  "
    "     |\n"
    "| 10.192.0.3.port.500 | node specific     | start | 2024-05-02 | Active Socket: Connection "
    "refused |\n"
    "+---------------------+-------------------+-------+------------+------------------------------"
    "-----+\n"
    "\n"
    "IPv6 BGP status\n"
    "No IPv6 peers found.\n"
    "\n";

TEST(NodeStatus, SessionNamesAsCalicoctlReadsThem) {
  // calico-bgp-spec.md §4.1 parser vectors.
  auto mesh = parse_session_name("Mesh_172_17_8_102", false);
  ASSERT_TRUE(mesh.has_value());
  EXPECT_EQ(mesh->address, "172.17.8.102");
  EXPECT_EQ(mesh->peer_type, "node-to-node mesh");
  auto node = parse_session_name("Node_172_17_80_102", false);
  ASSERT_TRUE(node.has_value());
  EXPECT_EQ(node->peer_type, "node specific");
  auto global = parse_session_name("Global_172_17_8_133", false);
  ASSERT_TRUE(global.has_value());
  EXPECT_EQ(global->address, "172.17.8.133");
  EXPECT_EQ(global->peer_type, "global");
  EXPECT_FALSE(parse_session_name("Meshd_172_17_8_102", false).has_value());
  EXPECT_FALSE(parse_session_name("Local_Workload_10_0_0_1", false).has_value());
  EXPECT_FALSE(parse_session_name("kernel1", false).has_value());
  EXPECT_FALSE(parse_session_name("Mesh_", false).has_value());
  // The port quirk and IPv6 names (§2.4).
  EXPECT_EQ(parse_session_name("Node_10_192_0_3_port_500", false)->address, "10.192.0.3.port.500");
  EXPECT_EQ(parse_session_name("Node_fe0a__3", true)->address, "fe0a::3");
  EXPECT_EQ(parse_session_name("Mesh_fd80_24e2_f998_72d7__2", true)->address,
            "fd80:24e2:f998:72d7::2");
  EXPECT_EQ(parse_session_name("Node_ac13__57_port_50", true)->address, "ac13::57:port:50");
}

TEST(NodeStatus, RendersCalicoctlOutput) {
  EXPECT_EQ(render_node_status(sample_peers(), kNow, TimeZone::utc), kSampleStatus);
}

TEST(NodeStatus, BothFamiliesAndNoPeers) {
  const json peers{
      {"items", {session("Mesh_fd80__2", "IPv6", "up", "2026-11-26T09:59:00Z", "Established")}}};
  EXPECT_EQ(render_node_status(peers, kNow, TimeZone::utc),
            "Calico process is running.\n"
            "\n"
            "IPv4 BGP status\n"
            "No IPv4 peers found.\n"
            "\n"
            "IPv6 BGP status\n"
            "+--------------+-------------------+-------+----------+-------------+\n"
            "| PEER ADDRESS |     PEER TYPE     | STATE |  SINCE   |    INFO     |\n"
            "+--------------+-------------------+-------+----------+-------------+\n"
            "| fd80::2      | node-to-node mesh | up    | 09:59:00 | Established |\n"
            "+--------------+-------------------+-------+----------+-------------+\n"
            "\n");
}

TEST(NodeStatus, CommandPrintsTheStatusFromTheApi) {
  FakeServer server;
  server.extra["/status/peers"] = sample_peers();
  const auto result = run_cli(server, {"node", "status"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, kSampleStatus);
  ASSERT_EQ(server.requests.size(), 1U);
  EXPECT_EQ(server.requests[0].method, "GET");
  EXPECT_EQ(server.requests[0].target, "/status/peers");
}

TEST(NodeStatus, UnreachableApiMeansTheProcessIsNotRunning) {
  FakeServer server;
  server.unreachable = true;
  const auto result = run_cli(server, {"node", "status"});
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.out, "Calico process is not running.\n");
  EXPECT_NE(result.err.find("Connection refused"), std::string::npos);
}

TEST(Peers, TableWithPrefixCounts) {
  const json peers{{"items",
                    {json{{"name", "Node_10_0_0_1_port_500"},
                          {"peerAddress", "10.0.0.1"},
                          {"port", 500},
                          {"family", "IPv4"},
                          {"type", "node specific"},
                          {"peerAS", 65000},
                          {"rrClient", false},
                          {"state", "up"},
                          {"since", "2026-11-26T09:00:00Z"},
                          {"info", "Established"},
                          {"prefixesIn", 12},
                          {"prefixesOut", 7}}}}};
  EXPECT_EQ(render_peers(peers, kNow, TimeZone::utc),
            "NAME                     PEER ADDRESS   TYPE            AS      RR CLIENT   STATE   "
            "SINCE      INFO          PREFIXES IN   PREFIXES OUT\n"
            "Node_10_0_0_1_port_500   10.0.0.1:500   node specific   65000   false       up      "
            "09:00:00   Established   12            7\n");
}

TEST(Version, PrintsClientAndServerVersions) {
  FakeServer server;
  server.extra["/status"] = json{{"kind", "Status"}, {"version", "0.1.0"}, {"node", "rr1"}};
  const auto result = run_cli(server, {"version"});
  EXPECT_EQ(result.status, 0);
  EXPECT_EQ(result.out, "Client Version:    v" + std::string(client_version()) +
                            "\nCluster Version:   v0.1.0\nCluster Type:      rrd\n");
}

}  // namespace
}  // namespace mgmt::rrctl
