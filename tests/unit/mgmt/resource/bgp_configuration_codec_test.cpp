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

struct ConfigVector {
  const char* name;
  const char* spec;       // JSON
  const char* bad_field;  // nullptr: valid
};

void PrintTo(const ConfigVector& v, std::ostream* os) {
  *os << v.name << ' ' << v.spec;
}

// calico-bgp-spec.md §1.4 validation vectors [VALT] first, then every other rule of the table.
const ConfigVector kConfigVectors[] = {
    {"default",
     R"({"nodeToNodeMeshEnabled": true, "nodeMeshPassword": {"secretKeyRef": {"name": "test-secret", "key": "bgp-password"}}})",
     nullptr},
    {"default",
     R"({"nodeToNodeMeshEnabled": false, "nodeMeshPassword": {"secretKeyRef": {"name": "test-secret", "key": "bgp-password"}}})",
     "spec.nodeMeshPassword"},
    {"default", R"({"nodeToNodeMeshEnabled": true, "nodeMeshMaxRestartTime": "200s"})", nullptr},
    {"default", R"({"nodeToNodeMeshEnabled": false, "nodeMeshMaxRestartTime": "200s"})",
     "spec.nodeMeshMaxRestartTime"},
    {"default", R"({"ignoredInterfaces": ["valid_iface*", "interface_name"]})", nullptr},
    {"default", R"({"ignoredInterfaces": ["*"]})", "spec.ignoredInterfaces[0]"},
    {"default",
     R"({"communities": [{"name": "x", "value": "100:200"}],
         "prefixAdvertisements": [{"cidr": "10.0.0.0/8", "communities": ["x"]}]})",
     nullptr},
    {"default",
     R"({"communities": [{"name": "x", "value": "65536:1"}],
         "prefixAdvertisements": [{"cidr": "10.0.0.0/8", "communities": ["x"]}]})",
     "spec.communities[0].value"},
    {"default",
     R"({"communities": [{"name": "x", "value": "4294967296:1:1"}],
         "prefixAdvertisements": [{"cidr": "10.0.0.0/8", "communities": ["x"]}]})",
     "spec.communities[0].value"},
    {"default",
     R"({"communities": [{"name": "x", "value": "100:200"}],
         "prefixAdvertisements": [{"cidr": "10.0.0.0/8", "communities": ["y"]}]})",
     "spec.prefixAdvertisements[0].communities[0]"},
    // logSeverityScreen: case-insensitive.
    {"default", R"({"logSeverityScreen": "Info"})", nullptr},
    {"default", R"({"logSeverityScreen": "info"})", nullptr},
    {"default", R"({"logSeverityScreen": "INFO"})", nullptr},
    {"default", R"({"logSeverityScreen": "debug"})", nullptr},
    {"default", R"({"logSeverityScreen": "Trace"})", nullptr},
    {"default", R"({"logSeverityScreen": "warning"})", nullptr},
    {"default", R"({"logSeverityScreen": "Error"})", nullptr},
    {"default", R"({"logSeverityScreen": "fatal"})", nullptr},
    {"default", R"({"logSeverityScreen": "invalidLvl"})", "spec.logSeverityScreen"},
    {"node.n1", R"({"logSeverityScreen": "Debug", "listenPort": 1790})", nullptr},
    // Default-only fields on other names.
    {"node.n1", R"({"nodeToNodeMeshEnabled": false})", "spec.nodeToNodeMeshEnabled"},
    {"node.n1", R"({"asNumber": 64513})", "spec.asNumber"},
    {"node.n1", R"({"serviceClusterIPs": [{"cidr": "10.96.0.0/12"}]})", "spec.serviceClusterIPs"},
    {"node.n1", R"({"serviceExternalIPs": [{"cidr": "1.2.3.0/24"}]})", "spec.serviceExternalIPs"},
    {"node.n1", R"({"serviceLoadBalancerIPs": [{"cidr": "1.2.4.0/24"}]})",
     "spec.serviceLoadBalancerIPs"},
    {"node.n1",
     R"({"nodeMeshPassword": {"secretKeyRef": {"name": "test-secret", "key": "bgp-password"}}})",
     "spec.nodeMeshPassword"},
    {"node.n1", R"({"nodeMeshMaxRestartTime": "2m"})", "spec.nodeMeshMaxRestartTime"},
    {"other", R"({"asNumber": 64513})", "spec.asNumber"},
    {"default", R"({"nodeToNodeMeshEnabled": false, "asNumber": "64513"})", nullptr},
    {"node.n1",
     R"({"communities": [{"name": "c1", "value": "65000:1:2"}],
         "prefixAdvertisements": [{"cidr": "fd00::/64", "communities": ["c1", "100:1"]}]})",
     nullptr},
    // Service CIDRs.
    {"default",
     R"({"serviceClusterIPs": [{"cidr": "1.2.3.4"}, {"cidr": "fdf5:1234::102:304"}, {"cidr": "10.96.0.0/12"}]})",
     nullptr},
    {"default", R"({"serviceClusterIPs": [{"cidr": "x.x.x.x"}]})",
     "spec.serviceClusterIPs[0].cidr"},
    {"default", R"({"serviceExternalIPs": [{"cidr": "10.0.0.0/8"}, {}]})",
     "spec.serviceExternalIPs[1].cidr"},
    {"default", R"({"serviceLoadBalancerIPs": [{"cidr": "10.0.0.0/8", "port": 1}]})",
     "spec.serviceLoadBalancerIPs[0].port"},
    {"default", R"({"serviceLoadBalancerIPs": "10.0.0.0/8"})", "spec.serviceLoadBalancerIPs"},
    // Enums.
    {"default", R"({"serviceLoadBalancerAggregation": "Disabled"})", nullptr},
    {"default", R"({"serviceLoadBalancerAggregation": "disabled"})",
     "spec.serviceLoadBalancerAggregation"},
    {"default", R"({"bindMode": "NodeIP"})", nullptr},
    {"default", R"({"bindMode": "All"})", "spec.bindMode"},
    {"default", R"({"programClusterRoutes": "EnabledIPIPOnly"})", nullptr},
    {"default", R"({"programClusterRoutes": "Sometimes"})", "spec.programClusterRoutes"},
    // Communities / prefix advertisements.
    {"default", R"({"communities": [{"name": "x", "value": "100:200"}]})", "spec.communities"},
    {"default", R"({"communities": [{"name": "Bad_Name", "value": "100:200"}],
                     "prefixAdvertisements": [{"cidr": "10.0.0.0/8", "communities": ["100:200"]}]})",
     "spec.communities[0].name"},
    {"default", R"({"communities": [{"name": "x"}],
                     "prefixAdvertisements": [{"cidr": "10.0.0.0/8", "communities": ["x"]}]})",
     "spec.communities[0].value"},
    {"default", R"({"prefixAdvertisements": [{"cidr": "10.0.0.0/8", "communities": ["100:200"]}]})",
     nullptr},
    {"default", R"({"prefixAdvertisements": [{"cidr": "10.0.0.0/8", "communities": []}]})",
     "spec.prefixAdvertisements[0].communities"},
    {"default", R"({"prefixAdvertisements": [{"communities": ["100:200"]}]})",
     "spec.prefixAdvertisements[0].cidr"},
    {"default", R"({"prefixAdvertisements": [{"cidr": "10.0.0.0/40", "communities": ["1:2"]}]})",
     "spec.prefixAdvertisements[0].cidr"},
    // listenPort.
    {"default", R"({"listenPort": 1})", nullptr},
    {"default", R"({"listenPort": 65535})", nullptr},
    {"default", R"({"listenPort": 0})", "spec.listenPort"},
    {"default", R"({"listenPort": 65536})", "spec.listenPort"},
    {"default", R"({"listenPort": -5})", "spec.listenPort"},
    {"default", R"({"listenPort": "179"})", "spec.listenPort"},
    {"default", R"({"listenPort": 179.5})", "spec.listenPort"},
    // Passwords and durations.
    {"default", R"({"nodeMeshPassword": {"secretKeyRef": {"name": "s"}}})",
     "spec.nodeMeshPassword.secretKeyRef.key"},
    {"default", R"({"nodeMeshPassword": {"secretKeyRef": {"key": "k"}}})",
     "spec.nodeMeshPassword.secretKeyRef.name"},
    {"default", R"({"nodeMeshPassword": {}})", "spec.nodeMeshPassword.secretKeyRef"},
    {"default",
     R"({"nodeMeshPassword": {"secretKeyRef": {"name": "s", "key": "k", "optional": true}}})",
     "spec.nodeMeshPassword.secretKeyRef.optional"},
    {"default", R"({"nodeMeshMaxRestartTime": "2 minutes"})", "spec.nodeMeshMaxRestartTime"},
    {"default", R"({"nodeMeshMaxRestartTime": 120})", "spec.nodeMeshMaxRestartTime"},
    // Interfaces, workload peering addresses, priorities.
    {"default", R"({"ignoredInterfaces": ["eth0", "this-is-too-long-name"]})",
     "spec.ignoredInterfaces[1]"},
    {"default",
     R"({"localWorkloadPeeringIPV4": "169.254.0.179", "localWorkloadPeeringIPV6": "fe80::179"})",
     nullptr},
    {"default", R"({"localWorkloadPeeringIPV4": "fe80::179"})", "spec.localWorkloadPeeringIPV4"},
    {"default", R"({"localWorkloadPeeringIPV6": "169.254.0.179"})",
     "spec.localWorkloadPeeringIPV6"},
    {"default", R"({"ipv4NormalRoutePriority": 1, "ipv6NormalRoutePriority": 2147483646})",
     nullptr},
    {"default", R"({"ipv4NormalRoutePriority": 0})", "spec.ipv4NormalRoutePriority"},
    {"default", R"({"ipv6NormalRoutePriority": 2147483647})", "spec.ipv6NormalRoutePriority"},
    // Strictness.
    {"default", R"({"nodeToNodeMeshEnabled": "false"})", "spec.nodeToNodeMeshEnabled"},
    {"default", R"({"nodeToNodeMeshenabled": false})", "spec.nodeToNodeMeshenabled"},
};

class ConfigVectors : public ::testing::TestWithParam<ConfigVector> {};

TEST_P(ConfigVectors, ValidateLikeCalico) {
  const auto& v = GetParam();
  const json object = object_of("BGPConfiguration", v.name, json::parse(v.spec));
  if (v.bad_field == nullptr) {
    EXPECT_TRUE(accepted(object));
  } else {
    EXPECT_TRUE(rejected_on(object, v.bad_field));
  }
}

INSTANTIATE_TEST_SUITE_P(Spec, ConfigVectors, ::testing::ValuesIn(kConfigVectors));

TEST(BgpConfigurationCodec, DecodesEveryField) {
  const auto result = decode(object_of("BGPConfiguration", "default", json::parse(R"({
      "logSeverityScreen": "Debug", "nodeToNodeMeshEnabled": false, "asNumber": "1.1",
      "serviceClusterIPs": [{"cidr": "10.96.0.0/12"}],
      "serviceExternalIPs": [{"cidr": "1.2.3.0/24"}],
      "serviceLoadBalancerIPs": [{"cidr": "1.2.4.0/24"}],
      "serviceLoadBalancerAggregation": "Disabled",
      "communities": [{"name": "c", "value": "1:2"}],
      "prefixAdvertisements": [{"cidr": "1.2.3.0/24", "communities": ["c", "3:4:5"]}],
      "listenPort": 1790, "bindMode": "NodeIP", "ignoredInterfaces": ["eth9*"],
      "localWorkloadPeeringIPV4": "169.254.0.1", "localWorkloadPeeringIPV6": "fe80::1",
      "programClusterRoutes": "Enabled",
      "ipv4NormalRoutePriority": 1024, "ipv6NormalRoutePriority": 1025})")));
  ASSERT_TRUE(result.has_value()) << to_string(result.error());
  const auto& s = std::get<BgpConfiguration>(*result).spec;
  EXPECT_EQ(s.log_severity_screen, "Debug");
  EXPECT_EQ(s.node_to_node_mesh_enabled, false);
  EXPECT_EQ(s.as_number, 65537U);
  EXPECT_EQ(s.service_cluster_ips, std::vector<std::string>{"10.96.0.0/12"});
  EXPECT_EQ(s.service_external_ips, std::vector<std::string>{"1.2.3.0/24"});
  EXPECT_EQ(s.service_load_balancer_ips, std::vector<std::string>{"1.2.4.0/24"});
  EXPECT_EQ(s.service_load_balancer_aggregation, "Disabled");
  ASSERT_EQ(s.communities.size(), 1U);
  EXPECT_EQ(s.communities[0], (Community{"c", "1:2"}));
  ASSERT_EQ(s.prefix_advertisements.size(), 1U);
  EXPECT_EQ(s.prefix_advertisements[0].communities, (std::vector<std::string>{"c", "3:4:5"}));
  EXPECT_EQ(s.listen_port, 1790);
  EXPECT_EQ(s.bind_mode, "NodeIP");
  EXPECT_EQ(s.ignored_interfaces, std::vector<std::string>{"eth9*"});
  EXPECT_EQ(s.local_workload_peering_ipv4, "169.254.0.1");
  EXPECT_EQ(s.local_workload_peering_ipv6, "fe80::1");
  EXPECT_EQ(s.program_cluster_routes, "Enabled");
  EXPECT_EQ(s.ipv4_normal_route_priority, 1024);
  EXPECT_EQ(s.ipv6_normal_route_priority, 1025);

  const json spec = encode(*result)["spec"];
  EXPECT_EQ(spec["asNumber"], json(65537));
  EXPECT_EQ(spec["serviceClusterIPs"], json::parse(R"([{"cidr": "10.96.0.0/12"}])"));
  EXPECT_EQ(spec["nodeToNodeMeshEnabled"], json(false));
  EXPECT_EQ(spec["listenPort"], json(1790));
}

TEST(BgpConfigurationCodec, CollectsAllErrors) {
  const auto result = decode(object_of("BGPConfiguration", "node.n1", json::parse(R"({
      "logSeverityScreen": "loud", "listenPort": 0, "asNumber": 1, "bindMode": "x"})")));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().size(), 4U) << to_string(result.error());
}

TEST(BgpConfigurationCodec, MeshPasswordAndDurationEncoded) {
  const auto result = decode(object_of("BGPConfiguration", "default", json::parse(R"({
      "nodeMeshPassword": {"secretKeyRef": {"name": "test-secret", "key": "bgp-password"}},
      "nodeMeshMaxRestartTime": "2m"})")));
  ASSERT_TRUE(result.has_value()) << to_string(result.error());
  const auto& s = std::get<BgpConfiguration>(*result).spec;
  ASSERT_TRUE(s.node_mesh_password.has_value());
  EXPECT_EQ(s.node_mesh_password->name, "test-secret");
  EXPECT_EQ(s.node_mesh_password->key, "bgp-password");
  ASSERT_TRUE(s.node_mesh_max_restart_time.has_value());
  EXPECT_EQ(s.node_mesh_max_restart_time->whole_seconds(), 120U);
  const json spec = encode(*result)["spec"];
  EXPECT_EQ(spec["nodeMeshMaxRestartTime"], json("2m"));
  EXPECT_EQ(spec["nodeMeshPassword"],
            json::parse(R"({"secretKeyRef": {"name": "test-secret", "key": "bgp-password"}})"));
}

}  // namespace
}  // namespace mgmt::resource
