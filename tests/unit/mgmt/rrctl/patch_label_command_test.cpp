#include "mgmt/rrctl/patch_label_command.hpp"

#include <gtest/gtest.h>

#include "tests/unit/mgmt/rrctl/fake_server.hpp"

namespace mgmt::rrctl {
namespace {

using nlohmann::json;
using testing::FakeServer;
using testing::run_cli;

json stored_node(const json& labels) {
  json node{{"apiVersion", "projectcalico.org/v3"},
            {"kind", "Node"},
            {"metadata", {{"name", "node-1"}}},
            {"spec", {{"bgp", {{"ipv4Address", "10.0.0.1/24"}}}}}};
  if (!labels.is_null()) node["metadata"]["labels"] = labels;
  return node;
}

TEST(Patch, SendsAMergePatch) {
  FakeServer server;
  server.put("bgpconfigurations", json{{"kind", "BGPConfiguration"},
                                       {"metadata", {{"name", "default"}}},
                                       {"spec", {{"logSeverityScreen", "Info"}}}});
  const auto result = run_cli(server, {"patch", "bgpconfiguration", "default", "-p",
                                       R"({"spec":{"nodeToNodeMeshEnabled":false}})"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "Successfully patched 1 'BGPConfiguration' resource\n");
  const auto& request = server.requests.back();
  EXPECT_EQ(request.method, "PATCH");
  EXPECT_EQ(request.target, "/apis/projectcalico.org/v3/bgpconfigurations/default");
  EXPECT_EQ(request.content_type, "application/merge-patch+json");
  EXPECT_EQ(json::parse(request.body), json::parse(R"({"spec":{"nodeToNodeMeshEnabled":false}})"));
  const json& now = *server.find("bgpconfigurations", "default");
  EXPECT_EQ(now["spec"]["logSeverityScreen"], "Info");
  EXPECT_EQ(now["spec"]["nodeToNodeMeshEnabled"], false);
}

TEST(Patch, AcceptsYamlAndReportsMissingResources) {
  EXPECT_EQ(*parse_patch("spec:\n  asNumber: \"64513\"\n"),
            json::parse(R"({"spec":{"asNumber":"64513"}})"));
  EXPECT_FALSE(parse_patch("[1, 2]").has_value());
  EXPECT_FALSE(parse_patch("a: [").has_value());
  FakeServer server;
  const auto result = run_cli(server, {"patch", "node", "ghost", "-p", "{\"spec\":{}}"});
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.err,
            "Failed to patch 'Node' resource: resource does not exist: Node(ghost) with error: "
            "nodes.projectcalico.org \"ghost\" not found\n");
}

TEST(Label, SetsALabelWithAConditionalUpdate) {
  FakeServer server;
  server.put("nodes", stored_node(json()));  // version 100
  const auto result = run_cli(server, {"label", "nodes", "node-1", "route-reflector=true"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "Successfully set label route-reflector on nodes node-1\n");
  const auto& put = server.requests.back();
  EXPECT_EQ(put.method, "PUT");
  EXPECT_EQ(json::parse(put.body)["metadata"]["resourceVersion"], "100");
  EXPECT_EQ((*server.find("nodes", "node-1"))["metadata"]["labels"],
            json({{"route-reflector", "true"}}));
}

TEST(Label, ExistingKeyNeedsOverwrite) {
  FakeServer server;
  server.put("nodes", stored_node({{"rack", "1"}}));
  auto result = run_cli(server, {"label", "nodes", "node-1", "rack=2"});
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.err,
            "failed to update label of nodes node-1, key rack is already present. please use "
            "'--overwrite' to set a new value.\n");
  // The same value is fine and changes nothing.
  const std::size_t before = server.requests.size();
  result = run_cli(server, {"label", "nodes", "node-1", "rack=1"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(server.requests.size(), before + 1);  // GET only
  result = run_cli(server, {"label", "nodes", "node-1", "rack=2", "--overwrite"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ((*server.find("nodes", "node-1"))["metadata"]["labels"]["rack"], "2");
}

TEST(Label, Remove) {
  FakeServer server;
  server.put("nodes", stored_node({{"rack", "1"}, {"zone", "a"}}));
  auto result = run_cli(server, {"label", "no", "node-1", "rack", "--remove"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "Successfully removed label rack from no node-1\n");
  EXPECT_EQ((*server.find("nodes", "node-1"))["metadata"]["labels"], json({{"zone", "a"}}));
  result = run_cli(server, {"label", "no", "node-1", "rack", "--remove"});
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.err, "can not remove label of no node-1, label rack does not exist\n");
}

TEST(Label, ConcurrentChangeIsAConflict) {
  FakeServer server;
  server.put("nodes", stored_node(json()));
  server.conflicts_to_inject = 1;
  const auto result = run_cli(server, {"label", "nodes", "node-1", "a=b"});
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.err.rfind("update conflict: Node(node-1)", 0), 0U) << result.err;
}

}  // namespace
}  // namespace mgmt::rrctl
