#include "mgmt/rrctl/documents.hpp"

#include <sstream>

#include <gtest/gtest.h>

namespace mgmt::rrctl {
namespace {

using nlohmann::json;

TEST(Documents, MultiDocumentYaml) {
  auto resources = load_resources(R"(apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata:
  name: a
spec:
  peerIP: 10.0.0.1
  asNumber: 64512
---
apiVersion: projectcalico.org/v3
kind: BGPConfiguration
metadata:
  name: default
spec:
  nodeToNodeMeshEnabled: false
---
)");
  ASSERT_TRUE(resources.has_value()) << resources.error();
  ASSERT_EQ(resources->size(), 2U);
  EXPECT_EQ((*resources)[0]["kind"], "BGPPeer");
  EXPECT_EQ((*resources)[0]["spec"]["asNumber"], 64512);
  EXPECT_EQ((*resources)[1]["spec"]["nodeToNodeMeshEnabled"], false);
}

TEST(Documents, JsonObjectArrayAndConcatenatedValues) {
  auto single = load_resources(R"({"kind": "Node", "metadata": {"name": "n1"}, "x": 1.5})");
  ASSERT_TRUE(single.has_value()) << single.error();
  ASSERT_EQ(single->size(), 1U);
  EXPECT_EQ((*single)[0]["x"], 1.5);

  auto array = load_resources(
      R"([{"kind": "Node", "metadata": {"name": "n1"}}, {"kind": "BGPFilter", "metadata": {"name": "f"}}])");
  ASSERT_TRUE(array.has_value()) << array.error();
  ASSERT_EQ(array->size(), 2U);
  EXPECT_EQ((*array)[1]["kind"], "BGPFilter");

  auto stream = load_resources(
      "{\"kind\": \"Node\", \"metadata\": {\"name\": \"n1\"}}\n"
      "{\"kind\": \"Node\", \"metadata\": {\"name\": \"n2\"}}\n");
  ASSERT_TRUE(stream.has_value()) << stream.error();
  ASSERT_EQ(stream->size(), 2U);
  EXPECT_EQ((*stream)[1]["metadata"]["name"], "n2");
}

TEST(Documents, JsonDocumentsBetweenYamlSeparators) {
  auto docs = load_resources(
      "{\"kind\": \"Node\", \"metadata\": {\"name\": \"n1\"}}\n---\n"
      "{\"kind\": \"BGPFilter\", \"metadata\": {\"name\": \"f\"}}\n");
  ASSERT_TRUE(docs.has_value()) << docs.error();
  ASSERT_EQ(docs->size(), 2U);
  EXPECT_EQ((*docs)[1]["kind"], "BGPFilter");
  EXPECT_FALSE(load_resources("{\"kind\": \"Node\",").has_value());
}

TEST(Documents, ListKindsContributeTheirItems) {
  auto generic = load_resources(R"(apiVersion: v1
kind: List
items:
- apiVersion: projectcalico.org/v3
  kind: BGPPeer
  metadata: {name: a}
- apiVersion: projectcalico.org/v3
  kind: Node
  metadata: {name: b}
)");
  ASSERT_TRUE(generic.has_value()) << generic.error();
  ASSERT_EQ(generic->size(), 2U);
  EXPECT_EQ((*generic)[1]["kind"], "Node");

  auto typed = load_resources(R"(apiVersion: projectcalico.org/v3
kind: BGPPeerList
items:
- metadata: {name: a}
  spec: {peerIP: 10.0.0.1}
)");
  ASSERT_TRUE(typed.has_value()) << typed.error();
  ASSERT_EQ(typed->size(), 1U);
  EXPECT_EQ((*typed)[0]["kind"], "BGPPeer");
  EXPECT_EQ((*typed)[0]["apiVersion"], "projectcalico.org/v3");

  auto empty = load_resources("kind: List\nitems: []\n");
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->empty());
}

TEST(Documents, RejectsResourcesWithoutAKnownKind) {
  auto missing = load_resources("metadata:\n  name: x\n");
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().find("kind"), std::string::npos);
  auto unknown = load_resources("kind: IPPool\nmetadata:\n  name: x\n");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_NE(unknown.error().find("IPPool"), std::string::npos);
  auto scalar = load_resources("--- 5\n");
  EXPECT_FALSE(scalar.has_value());
  auto bad_json = load_resources("{\"kind\": ");
  ASSERT_FALSE(bad_json.has_value());
  EXPECT_NE(bad_json.error().find("JSON"), std::string::npos);
}

TEST(Documents, ReadsStdinForDash) {
  std::istringstream in("kind: Node\n");
  auto text = read_input("-", in);
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(*text, "kind: Node\n");
  EXPECT_FALSE(read_input("/nonexistent/rrctl-file.yaml", in).has_value());
}

}  // namespace
}  // namespace mgmt::rrctl
