#include "mgmt/rrctl/get_command.hpp"

#include <gtest/gtest.h>

#include "tests/unit/mgmt/rrctl/fake_server.hpp"

namespace mgmt::rrctl {
namespace {

using nlohmann::json;
using testing::FakeServer;
using testing::run_cli;

KindInfo kind(const char* name) {
  return *find_kind(name);
}

json peer(const std::string& name, const json& spec) {
  return json{{"apiVersion", "projectcalico.org/v3"},
              {"kind", "BGPPeer"},
              {"metadata", {{"name", name}}},
              {"spec", spec}};
}

json node(const std::string& name, const json& spec) {
  return json{{"apiVersion", "projectcalico.org/v3"},
              {"kind", "Node"},
              {"metadata", {{"name", name}}},
              {"spec", spec}};
}

TEST(GetColumns, BgpPeerNodeColumnShowsGlobalNodeOrSelector) {
  const KindInfo peers = kind("bgppeers");
  EXPECT_EQ(get_headings(peers, false), (TableRow{"NAME", "PEERIP", "NODE", "ASN"}));
  EXPECT_EQ(get_row(peers, peer("g", {{"peerIP", "10.0.0.1"}, {"asNumber", 64567}}), false, ""),
            (TableRow{"g", "10.0.0.1", "(global)", "64567"}));
  EXPECT_EQ(get_row(peers, peer("n", {{"peerIP", "10.0.0.2"}, {"node", "node1"}, {"asNumber", 1}}),
                    false, ""),
            (TableRow{"n", "10.0.0.2", "node1", "1"}));
  EXPECT_EQ(
      get_row(peers, peer("s", {{"peerSelector", "rr == 'true'"}, {"nodeSelector", "!has(rr)"}}),
              false, ""),
      (TableRow{"s", "", "!has(rr)", "0"}));
}

TEST(GetColumns, BgpConfigurationShowsDashForUnset) {
  const KindInfo configs = kind("bgpconfig");
  EXPECT_EQ(get_headings(configs, false),
            (TableRow{"NAME", "LOGSEVERITY", "MESHENABLED", "ASNUMBER"}));
  const json full{
      {"metadata", {{"name", "default"}}},
      {"spec",
       {{"logSeverityScreen", "Info"}, {"nodeToNodeMeshEnabled", false}, {"asNumber", 63400}}}};
  EXPECT_EQ(get_row(configs, full, false, ""), (TableRow{"default", "Info", "false", "63400"}));
  const json empty{{"metadata", {{"name", "node.n1"}}}, {"spec", json::object()}};
  EXPECT_EQ(get_row(configs, empty, false, ""), (TableRow{"node.n1", "-", "-", "-"}));
}

TEST(GetColumns, WideNodeShowsInheritedAsInParentheses) {
  const KindInfo nodes = kind("no");
  EXPECT_EQ(get_headings(nodes, false), (TableRow{"NAME"}));
  EXPECT_EQ(get_headings(nodes, true), (TableRow{"NAME", "ASN", "IPV4", "IPV6"}));
  const json own = node("a", {{"bgp", {{"asNumber", 65001}, {"ipv4Address", "10.0.0.1/24"}}}});
  const json inherited =
      node("b", {{"bgp", {{"ipv4Address", "10.0.0.2/24"}, {"ipv6Address", "fd00::2/64"}}}});
  const json no_bgp = node("c", json::object());
  EXPECT_EQ(get_row(nodes, own, true, "64512"), (TableRow{"a", "65001", "10.0.0.1/24", ""}));
  EXPECT_EQ(get_row(nodes, inherited, true, "64512"),
            (TableRow{"b", "(64512)", "10.0.0.2/24", "fd00::2/64"}));
  EXPECT_EQ(get_row(nodes, no_bgp, true, "64512"), (TableRow{"c", "", "", ""}));
  EXPECT_EQ(get_row(nodes, inherited, false, "64512"), (TableRow{"b"}));
  EXPECT_TRUE(needs_default_as(nodes, {own, inherited}, true));
  EXPECT_FALSE(needs_default_as(nodes, {own, no_bgp}, true));
  EXPECT_FALSE(needs_default_as(nodes, {inherited}, false));
}

TEST(GetCommand, ListsBgpPeersAsATable) {
  FakeServer server;
  server.put("bgppeers", peer("peer-a", {{"peerIP", "192.20.30.40"}, {"asNumber", 64567}}));
  server.put(
      "bgppeers",
      peer("peer-b", {{"peerIP", "10.0.0.1"}, {"node", "rack1-host1"}, {"asNumber", 64512}}));
  const auto result = run_cli(server, {"get", "bgpPeers"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out,
            "NAME     PEERIP         NODE          ASN\n"
            "peer-a   192.20.30.40   (global)      64567\n"
            "peer-b   10.0.0.1       rack1-host1   64512\n"
            "\n");
  EXPECT_EQ(server.requests.at(0).target, "/apis/projectcalico.org/v3/bgppeers");
}

TEST(GetCommand, WideNodesFetchTheDefaultAs) {
  FakeServer server;
  server.put("nodes", node("node-1", {{"bgp", {{"ipv4Address", "10.0.0.1/24"}}}}));
  auto result = run_cli(server, {"get", "nodes", "-o", "wide"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out,
            "NAME     ASN       IPV4          IPV6\n"
            "node-1   (64512)   10.0.0.1/24   \n"
            "\n");
  server.put("bgpconfigurations",
             json{{"metadata", {{"name", "default"}}}, {"spec", {{"asNumber", 65100}}}});
  result = run_cli(server, {"get", "node", "-owide"});
  EXPECT_NE(result.out.find("(65100)"), std::string::npos) << result.out;
}

TEST(GetCommand, YamlOfOneNamedObjectIsTheObject) {
  FakeServer server;
  server.put("bgppeers", peer("peer-a", {{"peerIP", "10.0.0.1"}, {"asNumber", 64512}}));
  const auto result = run_cli(server, {"get", "bgppeer", "peer-a", "-o", "yaml"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out,
            "apiVersion: projectcalico.org/v3\n"
            "kind: BGPPeer\n"
            "metadata:\n"
            "  name: peer-a\n"
            "  resourceVersion: \"100\"\n"
            "  uid: uid-/apis/projectcalico.org/v3/bgppeers/peer-a\n"
            "spec:\n"
            "  asNumber: 64512\n"
            "  peerIP: 10.0.0.1\n");
}

TEST(GetCommand, YamlOfAListIsAKindListDocument) {
  FakeServer server;
  server.put("bgpfilters", json{{"kind", "BGPFilter"}, {"metadata", {{"name", "f1"}}}});
  const auto result = run_cli(server, {"get", "bgpfilters", "-o", "yaml"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out,
            "apiVersion: projectcalico.org/v3\n"
            "items:\n"
            "- kind: BGPFilter\n"
            "  metadata:\n"
            "    name: f1\n"
            "    resourceVersion: \"100\"\n"
            "    uid: uid-/apis/projectcalico.org/v3/bgpfilters/f1\n"
            "kind: BGPFilterList\n"
            "metadata:\n"
            "  resourceVersion: \"101\"\n");
  const auto json_result = run_cli(server, {"get", "bgpfilters", "--output=json"});
  const json document = json::parse(json_result.out);
  EXPECT_EQ(document["kind"], "BGPFilterList");
  EXPECT_EQ(document["items"].size(), 1U);
}

TEST(GetCommand, MissingNamesAreReportedAndFail) {
  FakeServer server;
  server.put("bgppeers", peer("a", {{"peerIP", "10.0.0.1"}}));
  const auto result = run_cli(server, {"get", "bgpp", "a", "missing"});
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.out, "NAME   PEERIP     NODE       ASN\na      10.0.0.1   (global)   0\n\n");
  EXPECT_EQ(result.err,
            "resource does not exist: BGPPeer(missing) with error: bgppeers.projectcalico.org "
            "\"missing\" not found\n");
}

TEST(GetCommand, FromFile) {
  FakeServer server;
  server.put("bgppeers", peer("a", {{"peerIP", "10.0.0.1"}}));
  const auto result =
      run_cli(server, {"get", "-f", "-", "-o", "json"}, "kind: BGPPeer\nmetadata:\n  name: a\n");
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(json::parse(result.out)["spec"]["peerIP"], "10.0.0.1");
}

}  // namespace
}  // namespace mgmt::rrctl
