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

struct PeerVector {
  const char* spec;       // JSON
  const char* bad_field;  // nullptr: valid
};

void PrintTo(const PeerVector& v, std::ostream* os) {
  *os << v.spec;
}

// calico-bgp-spec.md §1.5: "Other BGPPeer vectors" [VALT], the invalid combinations 1-7, then
// every field's own rule.
const PeerVector kPeerVectors[] = {
    {R"js({"nodeSelector": "has(mylabel)", "peerSelector": "has(mylabel)"})js", nullptr},
    {R"js({"node": "my-node", "nodeSelector": "has(mylabel)"})js", "spec.nodeSelector"},
    {R"js({"peerIP": "10.0.0.1", "peerSelector": "has(mylabel)"})js", "spec.peerSelector"},
    {R"js({"asNumber": 61234, "peerSelector": "has(mylabel)"})js", "spec.asNumber"},
    {R"js({"localWorkloadSelector": "has(labelone)"})js", "spec.asNumber"},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 64512, "reachableBy": "fd00::1"})js",
     "spec.reachableBy"},
    {R"js({"nodeSelector": "kubernetes.io/hostname: == 'casey-crc-kadm-node-4'"})js",
     "spec.nodeSelector"},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 64512, "sourceAddress": "rubbish"})js",
     "spec.sourceAddress"},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 64512, "maxRestartTime": "10s"})js", nullptr},
    // Combinations.
    {R"js({"localWorkloadSelector": "has(a)", "asNumber": 65001})js", nullptr},
    {R"js({"localWorkloadSelector": "has(a)", "asNumber": 65001, "peerIP": "10.0.0.1"})js",
     "spec.localWorkloadSelector"},
    {R"js({"localWorkloadSelector": "has(a)", "peerSelector": "has(b)"})js",
     "spec.localWorkloadSelector"},
    {R"js({"localWorkloadSelector": "has(a)", "asNumber": 0})js", "spec.asNumber"},
    {R"js({"reachableBy": "10.0.0.254"})js", "spec.reachableBy"},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "reachableBy": "10.0.0.254"})js", nullptr},
    {R"js({"peerIP": "10.0.0.1:1790", "asNumber": 1, "reachableBy": "10.0.0.254"})js", nullptr},
    {R"js({"peerIP": "[fd00::1]:1790", "asNumber": 1, "reachableBy": "fd00::fe"})js", nullptr},
    {R"js({"peerIP": "[fd00::1]:1790", "asNumber": 1, "reachableBy": "10.0.0.254"})js",
     "spec.reachableBy"},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "reachableBy": "gateway"})js", "spec.reachableBy"},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "reachableBy": "10.0.0.0/24"})js",
     "spec.reachableBy"},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "keepOriginalNextHop": true, "nextHopMode": "Self"})js",
     "spec.keepOriginalNextHop"},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "keepOriginalNextHop": true})js", nullptr},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "keepOriginalNextHop": false, "nextHopMode": "Keep"})js",
     nullptr},
    {R"js({"peerSelector": "route-reflector == 'true'"})js", nullptr},
    {R"js({"peerSelector": "has("})js", "spec.peerSelector"},
    {R"js({"localWorkloadSelector": "a ==", "asNumber": 1})js", "spec.localWorkloadSelector"},
    {R"js({"peerSelector": "all()", "asNumber": 0})js", nullptr},
    // Field rules.
    {R"js({"node": "My_Node", "peerIP": "10.0.0.1", "asNumber": 1})js", "spec.node"},
    {R"js({"node": "kube-master", "peerIP": "10.0.0.1", "asNumber": 1})js", nullptr},
    {R"js({"peerIP": "192.168.0.0:65536", "asNumber": 1})js", "spec.peerIP"},
    {R"js({"peerIP": "[9000::]:500", "asNumber": 1})js", nullptr},
    {R"js({"peerIP": "10.0.0.1", "asNumber": "1.1.1"})js", "spec.asNumber"},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "localASNumber": "65000.1"})js", nullptr},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "localASNumber": 4294967296})js",
     "spec.localASNumber"},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "nextHopMode": "Auto"})js", nullptr},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "nextHopMode": "self"})js", "spec.nextHopMode"},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "sourceAddress": "None"})js", nullptr},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "sourceAddress": "UseNodeIP"})js", nullptr},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "maxRestartTime": "ten"})js",
     "spec.maxRestartTime"},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "keepaliveTime": "20s"})js", nullptr},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "keepaliveTime": "-20s"})js", "spec.keepaliveTime"},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "numAllowedLocalASNumbers": 2})js", nullptr},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "numAllowedLocalASNumbers": 2147483648})js",
     "spec.numAllowedLocalASNumbers"},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "ttlSecurity": 0})js", nullptr},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "ttlSecurity": 255})js", nullptr},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "ttlSecurity": 256})js", "spec.ttlSecurity"},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "ttlSecurity": -1})js", "spec.ttlSecurity"},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "filters": ["f1", "export-all"]})js", nullptr},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "filters": ["f1", "Bad_Filter"]})js",
     "spec.filters[1]"},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "filters": "f1"})js", "spec.filters"},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "reversePeering": "Manual"})js", nullptr},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "reversePeering": "Never"})js",
     "spec.reversePeering"},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1,
         "password": {"secretKeyRef": {"name": "bgp-secrets", "key": "rr-password"}}})js",
     nullptr},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "password": "hunter2"})js", "spec.password"},
    {R"js({"peerIP": "10.0.0.1", "asNumber": 1, "keepOriginalNextHop": "yes"})js",
     "spec.keepOriginalNextHop"},
    {R"js({"peerIp": "10.0.0.1", "asNumber": 1})js", "spec.peerIp"},
    {R"js({"peerIP": 10, "asNumber": 1})js", "spec.peerIP"},
};

class PeerVectors : public ::testing::TestWithParam<PeerVector> {};

TEST_P(PeerVectors, ValidateLikeCalico) {
  const auto& v = GetParam();
  const json object = object_of("BGPPeer", "peer-1", json::parse(v.spec));
  if (v.bad_field == nullptr) {
    EXPECT_TRUE(accepted(object));
  } else {
    EXPECT_TRUE(rejected_on(object, v.bad_field));
  }
}

INSTANTIATE_TEST_SUITE_P(Spec, PeerVectors, ::testing::ValuesIn(kPeerVectors));

// The peerIP table of §1.5 inside a whole BGPPeer: the error is on spec.peerIP.
struct PeerIpVector {
  const char* peer_ip;
  bool valid;
};
const PeerIpVector kPeerIpTable[] = {
    {"192.168.1.1:500", true},
    {"[9000::]:500", true},
    {"[192.168.0.0]:98956", false},
    {"192.168.0.0:65536", false},
    {"192.168.0.0:0", false},
    {"192.168.0.330:170", false},
    {"[9000::]:98956", false},
    {"192.168.0.0:", false},
    {"[9000::]:", false},
    {"[9000::]:65536", false},
    {"[9000::]:0", false},
    {"[9000::FFFFF]:170", false},
    {":8552", false},
    {"[]:8552", false},
};

TEST(BgpPeerCodec, PeerIpTable) {
  for (const auto& v : kPeerIpTable) {
    const json object = object_of("BGPPeer", "p", {{"peerIP", v.peer_ip}, {"asNumber", 64512}});
    if (v.valid) {
      EXPECT_TRUE(accepted(object)) << v.peer_ip;
    } else {
      EXPECT_TRUE(rejected_on(object, "spec.peerIP")) << v.peer_ip;
    }
  }
}

TEST(BgpPeerCodec, DecodesAndEncodesEveryField) {
  const json input = object_of("BGPPeer", "rr-peer", json::parse(R"js({
      "node": "kube-master", "peerIP": "10.0.0.9:1790", "asNumber": "1.10",
      "localASNumber": 65010, "keepOriginalNextHop": true,
      "password": {"secretKeyRef": {"name": "bgp-secrets", "key": "pw"}},
      "sourceAddress": "None", "maxRestartTime": "2m", "keepaliveTime": "10s",
      "numAllowedLocalASNumbers": 1, "ttlSecurity": 2, "reachableBy": "10.0.0.254",
      "filters": ["a", "b"], "reversePeering": "Manual"})js"));
  const auto result = decode(input);
  ASSERT_TRUE(result.has_value()) << to_string(result.error());
  const auto& s = std::get<BgpPeer>(*result).spec;
  EXPECT_EQ(s.node, "kube-master");
  EXPECT_EQ(s.peer_ip, "10.0.0.9:1790");
  EXPECT_EQ(s.as_number, 65546U);
  EXPECT_EQ(s.local_as_number, 65010U);
  EXPECT_TRUE(s.keep_original_next_hop);
  ASSERT_TRUE(s.password.has_value());
  EXPECT_EQ(s.password->key, "pw");
  EXPECT_EQ(s.source_address, "None");
  ASSERT_TRUE(s.max_restart_time.has_value());
  EXPECT_EQ(s.max_restart_time->whole_seconds(), 120U);
  ASSERT_TRUE(s.keepalive_time.has_value());
  EXPECT_EQ(s.keepalive_time->whole_seconds(), 10U);
  EXPECT_EQ(s.num_allowed_local_as_numbers, 1);
  EXPECT_EQ(s.ttl_security, 2);
  EXPECT_EQ(s.reachable_by, "10.0.0.254");
  EXPECT_EQ(s.filters, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(s.reverse_peering, "Manual");
  EXPECT_EQ(referenced_filters(*result), (std::vector<std::string>{"a", "b"}));

  json expected = input;
  expected["spec"]["asNumber"] = 65546;
  EXPECT_EQ(encode(*result), expected);
}

TEST(BgpPeerCodec, OmitsUnsetFields) {
  const auto result = decode(object_of(
      "BGPPeer", "p", json::parse(R"js({"nodeSelector": "all()", "peerSelector": "rr == 'true'",
                                     "asNumber": 0, "keepOriginalNextHop": false,
                                     "node": "", "filters": []})js")));
  ASSERT_TRUE(result.has_value()) << to_string(result.error());
  EXPECT_EQ(encode(*result)["spec"],
            json::parse(R"js({"nodeSelector": "all()", "peerSelector": "rr == 'true'"})js"));
}

TEST(BgpPeerCodec, CollectsAllErrors) {
  const auto result = decode(object_of("BGPPeer", "p", json::parse(R"js({
      "peerIP": "300.1.1.1", "ttlSecurity": 300, "sourceAddress": "x", "bogus": 1})js")));
  ASSERT_FALSE(result.has_value());
  const auto& errors = result.error();
  EXPECT_TRUE(testing::has_error_on(errors, "spec.peerIP"));
  EXPECT_TRUE(testing::has_error_on(errors, "spec.ttlSecurity"));
  EXPECT_TRUE(testing::has_error_on(errors, "spec.sourceAddress"));
  EXPECT_TRUE(testing::has_error_on(errors, "spec.bogus"));
  EXPECT_EQ(errors.size(), 4U) << to_string(errors);
}

TEST(BgpPeerCodec, ErrorTextNamesFieldAndReason) {
  const auto result =
      decode(object_of("BGPPeer", "p", json::parse(R"js({"peerIp": "10.0.0.1"})js")));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(to_string(result.error()), "spec.peerIp: unknown field");
}

}  // namespace
}  // namespace mgmt::resource
