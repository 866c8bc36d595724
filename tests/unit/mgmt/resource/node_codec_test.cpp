#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mgmt/resource/codec.hpp"
#include "tests/unit/mgmt/resource/resource_test_util.hpp"

namespace mgmt::resource {
namespace {

using nlohmann::json;
using testing::accepted;
using testing::object_of;
using testing::rejected_on;

struct NodeVector {
  const char* spec;       // JSON
  const char* bad_field;  // nullptr: valid
};

void PrintTo(const NodeVector& v, std::ostream* os) {
  *os << v.spec;
}

// calico-bgp-spec.md §1.3 "Node validation vectors" [VALT], then further cases.
const NodeVector kNodeVectors[] = {
    {R"js({})js", nullptr},
    {R"js({"bgp": {}})js", "spec.bgp"},
    {R"js({"bgp": {"ipv4Address": "192.168.1.0/24"}})js", nullptr},
    {R"js({"bgp": {"ipv6Address": "fd00::/64"}})js", nullptr},
    {R"js({"bgp": {"ipv4IPIPTunnelAddr": "10.0.0.1"}})js", nullptr},
    {R"js({"bgp": {"ipv4Address": "fd00::/64"}})js", "spec.bgp.ipv4Address"},
    {R"js({"bgp": {"ipv6Address": "192.168.1.0/24"}})js", "spec.bgp.ipv6Address"},
    {R"js({"bgp": {"ipv4Address": "10.0.0.1/24", "routeReflectorClusterID": "abcdef"}})js",
     "spec.bgp.routeReflectorClusterID"},
    {R"js({"bgp": {"ipv4Address": "10.0.0.1/24", "routeReflectorClusterID": "300.34.3.1"}})js",
     "spec.bgp.routeReflectorClusterID"},
    {R"js({"bgp": {"ipv4Address": "10.0.0.1/24", "routeReflectorClusterID": "245.0.0.1"}})js",
     nullptr},
    // Further cases.
    {R"js({"bgp": {"ipv4Address": "10.0.0.1"}})js", nullptr},
    {R"js({"bgp": {"ipv6Address": "2001:db8::1"}})js", nullptr},
    {R"js({"bgp": {"asNumber": 64512}})js", nullptr},
    {R"js({"bgp": {"asNumber": "65000.1"}})js", nullptr},
    {R"js({"bgp": {"asNumber": -1}})js", "spec.bgp.asNumber"},
    {R"js({"bgp": {"ipv4Address": "10.0.0.1/33"}})js", "spec.bgp.ipv4Address"},
    {R"js({"bgp": {"ipv4IPIPTunnelAddr": "10.0.0.1/32"}})js", "spec.bgp.ipv4IPIPTunnelAddr"},
    {R"js({"bgp": {"ipv4IPIPTunnelAddr": "fd00::1"}})js", "spec.bgp.ipv4IPIPTunnelAddr"},
    {R"js({"bgp": {"routeReflectorClusterID": "fd00::1"}})js", "spec.bgp.routeReflectorClusterID"},
    {R"js({"bgp": {"routeReflectorClusterID": "244.0.0.1"}})js", nullptr},
    {R"js({"bgp": {"ipv4address": "10.0.0.1"}})js", "spec.bgp.ipv4address"},
    {R"js({"bgp": {"ipv4Address": 10}})js", "spec.bgp.ipv4Address"},
    {R"js({"bgp": "yes"})js", "spec.bgp"},
    {R"js({"bgp": null})js", nullptr},
    {R"js({"ipv4VXLANTunnelAddr": "10.1.0.1", "orchRefs": [{"nodeName": "n", "orchestrator": "k8s"}],
        "addresses": [{"address": "10.0.0.1", "type": "InternalIP"}],
        "wireguard": {"interfaceIPv4Address": "10.2.0.1"},
        "interfaces": [{"name": "eth0", "addresses": ["10.0.0.1"]}]})js",
     nullptr},
    {R"js({"orchRefs": [{"nodeName": "n", "cluster": "x"}]})js", "spec.orchRefs[0].cluster"},
    {R"js({"wireguard": {"publicKey": "x"}})js", "spec.wireguard.publicKey"},
    {R"js({"vxlanTunnelMACAddr": 5})js", "spec.vxlanTunnelMACAddr"},
    {R"js({"podCIDR": "10.0.0.0/24"})js", "spec.podCIDR"},
};

class NodeVectors : public ::testing::TestWithParam<NodeVector> {};

TEST_P(NodeVectors, ValidateLikeCalico) {
  const auto& v = GetParam();
  const json object = object_of("Node", "node-1", json::parse(v.spec));
  if (v.bad_field == nullptr) {
    EXPECT_TRUE(accepted(object));
  } else {
    EXPECT_TRUE(rejected_on(object, v.bad_field));
  }
}

INSTANTIATE_TEST_SUITE_P(Spec, NodeVectors, ::testing::ValuesIn(kNodeVectors));

TEST(NodeCodec, DecodesBgpFields) {
  const auto result = decode(object_of("Node", "kube-master", json::parse(R"js({"bgp": {
      "asNumber": 64513, "ipv4Address": "10.0.0.1/24", "ipv6Address": "fd00::1/64",
      "ipv4IPIPTunnelAddr": "10.1.0.1", "routeReflectorClusterID": "224.0.0.1"}})js")));
  ASSERT_TRUE(result.has_value()) << to_string(result.error());
  const auto& node = std::get<Node>(*result);
  ASSERT_TRUE(node.bgp.has_value());
  EXPECT_EQ(node.bgp->as_number, 64513U);
  EXPECT_EQ(node.bgp->ipv4_address, "10.0.0.1/24");
  EXPECT_EQ(node.bgp->ipv6_address, "fd00::1/64");
  EXPECT_EQ(node.bgp->ipv4_ipip_tunnel_addr, "10.1.0.1");
  EXPECT_EQ(node.bgp->route_reflector_cluster_id, "224.0.0.1");
}

TEST(NodeCodec, KeepsOtherSpecAndStatusDroppingEmpties) {
  json object = object_of("Node", "n1", json::parse(R"js({
      "bgp": {"ipv4Address": "10.0.0.1/24"}, "ipv4VXLANTunnelAddr": "10.5.0.1",
      "vxlanTunnelMACAddr": "", "orchRefs": []})js"));
  object["status"] =
      json::parse(R"js({"podCIDRs": ["10.244.0.0/24"], "wireguardPublicKey": ""})js");
  const auto result = decode(object);
  ASSERT_TRUE(result.has_value()) << to_string(result.error());
  const auto& node = std::get<Node>(*result);
  EXPECT_EQ(node.other_spec, json::parse(R"js({"ipv4VXLANTunnelAddr": "10.5.0.1"})js"));
  EXPECT_EQ(node.status, json::parse(R"js({"podCIDRs": ["10.244.0.0/24"]})js"));
  const json encoded = encode(*result);
  EXPECT_EQ(encoded["spec"], json::parse(R"js({"bgp": {"ipv4Address": "10.0.0.1/24"},
                                              "ipv4VXLANTunnelAddr": "10.5.0.1"})js"));
  EXPECT_EQ(encoded["status"], node.status);
}

TEST(NodeCodec, UnknownStatusFieldRejected) {
  json object = object_of("Node", "n1", json::object());
  object["status"] = {{"bgpState", "up"}};
  EXPECT_TRUE(rejected_on(object, "status.bgpState"));
}

TEST(NodeCodec, EncodesEmptySpecAndNoBgp) {
  const auto result = decode(object_of("Node", "n1", json(nullptr)));
  ASSERT_TRUE(result.has_value());
  const json encoded = encode(*result);
  EXPECT_EQ(encoded["spec"], json::object());
  EXPECT_FALSE(encoded.contains("status"));
}

}  // namespace
}  // namespace mgmt::resource
