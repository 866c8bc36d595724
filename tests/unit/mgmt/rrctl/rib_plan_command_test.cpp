#include "mgmt/rrctl/rib_plan_command.hpp"

#include <gtest/gtest.h>

#include "tests/unit/mgmt/rrctl/fake_server.hpp"

namespace mgmt::rrctl {
namespace {

using nlohmann::json;
using testing::FakeServer;
using testing::run_cli;

json sample_rib() {
  return json::parse(R"({"kind": "Rib", "items": [
    {"prefix": "10.0.0.0/26", "family": "IPv4", "paths": [
      {"peer": "Node_10_0_0_1", "peerAddress": "10.0.0.1", "best": true, "wonBy": "local-pref",
       "nextHop": "10.0.0.1", "asPath": "", "origin": "IGP", "localPref": 200},
      {"peer": "Node_10_0_0_2", "peerAddress": "10.0.0.2", "best": false, "wonBy": "",
       "nextHop": "10.0.0.2", "asPath": "65000 65001", "origin": "IGP", "localPref": 100}]}]})");
}

TEST(Rib, TableMarksTheBestPath) {
  EXPECT_EQ(render_rib(sample_rib()),
            "PREFIX        BEST   NEXT HOP   AS PATH       LOCAL PREF   FROM       WON BY\n"
            "10.0.0.0/26   *      10.0.0.1   -             200          10.0.0.1   local-pref\n"
            "10.0.0.0/26          10.0.0.2   65000 65001   100          10.0.0.2   \n");
}

TEST(Rib, CommandAsksForThePrefixAndPrintsJson) {
  FakeServer server;
  server.extra["/rib/10.0.0.0/26"] = sample_rib();
  server.extra["/rib/10.9.0.0/16"] = json{{"kind", "Rib"}, {"items", json::array()}};
  auto result = run_cli(server, {"rib", "10.0.0.0/26", "-o", "json"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(json::parse(result.out), sample_rib());
  result = run_cli(server, {"rib", "10.9.0.0/16"});
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.err, "Network not found: 10.9.0.0/16\n");
}

TEST(AdjRibOut, TableAndUnknownPeer) {
  FakeServer server;
  server.extra["/adj-rib-out/10.0.0.5"] =
      json::parse(R"({"kind": "AdjRibOut", "peer": "Node_10_0_0_5",
    "items": [{"prefix": "10.0.0.0/26", "family": "IPv4", "nextHop": "10.0.0.1", "asPath": "",
               "origin": "IGP", "localPref": 100, "communities": ["65000:1", "65000:2"]}]})");
  auto result = run_cli(server, {"adj-rib-out", "10.0.0.5"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out,
            "PREFIX        NEXT HOP   AS PATH   ORIGIN   LOCAL PREF   MED   COMMUNITIES\n"
            "10.0.0.0/26   10.0.0.1   -         IGP      100          -     65000:1 65000:2\n");
  result = run_cli(server, {"adj-rib-out", "nope"});
  EXPECT_EQ(result.status, 1);
  EXPECT_NE(result.err.find("Failed to get the routes sent to nope"), std::string::npos);
}

TEST(Plan, TableOfSessionsWhereverTheyAreNested) {
  const json plan = json::parse(R"({"node": "rr1", "ipv4": {"sessions": [
      {"name": "Global_10_0_0_9_port_500", "peerIP": "10.0.0.9", "port": 500, "peerAS": 65000,
       "localAS": 64512, "rrClient": false, "passive": false, "nextHopMode": "Keep"},
      {"name": "Node_10_0_0_2", "peerAddress": "10.0.0.2", "peerAS": 64512, "localAS": 64512,
       "type": "node specific", "rrClient": true, "passive": true}]},
    "ipv6": {"sessions": []}})");
  EXPECT_EQ(render_plan(plan),
            "NAME                       PEER ADDRESS   PORT   AS      TYPE            IBGP/EBGP   "
            "RR CLIENT   PASSIVE   NEXT HOP\n"
            "Global_10_0_0_9_port_500   10.0.0.9       500    65000   global          eBGP        "
            "false       false     Keep\n"
            "Node_10_0_0_2              10.0.0.2       179    64512   node specific   iBGP        "
            "true        true      -\n");
}

TEST(Plan, TheDaemonsPlanDocument) {
  // peering::to_json(Plan) as /plan returns it.
  FakeServer server;
  server.extra["/plan?node=n1"] = json::parse(R"({"node": "n1", "nodeFound": true, "localAS": 64512,
    "ipv4": {"enabled": true, "address": "10.0.0.1"}, "ipv6": {"enabled": false, "address": ""},
    "sessions": [{"name": "Mesh_10_0_0_2", "family": "IPv4", "type": "node-to-node mesh",
                  "peerIP": "10.0.0.2", "port": 0, "peerAS": 64512, "localAS": 64512,
                  "ibgp": true, "passive": false, "rrClient": false, "nextHop": "auto"}],
    "warnings": ["BGPPeer p9 ignored: no AS"]})");
  const auto result = run_cli(server, {"plan", "n1"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(
      result.out,
      "NAME            PEER ADDRESS   PORT   AS      TYPE                IBGP/EBGP   RR CLIENT   "
      "PASSIVE   NEXT HOP\n"
      "Mesh_10_0_0_2   10.0.0.2       179    64512   node-to-node mesh   iBGP        false       "
      "false     auto\n");
  EXPECT_EQ(result.err, "Warning: BGPPeer p9 ignored: no AS\n");
}

TEST(Plan, WithoutANodeUsesTheServersOwn) {
  FakeServer server;
  server.extra["/status"] = json{{"node", "rr 1"}};
  server.extra["/plan?node=rr%201"] = json{{"sessions", json::array()}};
  const auto result = run_cli(server, {"plan", "-o", "yaml"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "sessions: []\n");
  ASSERT_EQ(server.requests.size(), 2U);
  EXPECT_EQ(server.requests[1].target, "/plan?node=rr%201");
}

}  // namespace
}  // namespace mgmt::rrctl
