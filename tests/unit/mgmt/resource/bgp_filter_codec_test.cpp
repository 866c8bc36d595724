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

struct FilterVector {
  const char* spec;       // JSON
  const char* bad_field;  // nullptr: valid
};

void PrintTo(const FilterVector& v, std::ostream* os) {
  *os << v.spec;
}

// calico-bgp-spec.md §1.6 rule fields.
const FilterVector kFilterVectors[] = {
    {R"({})", nullptr},
    {R"({"exportV4": [{"action": "Accept"}]})", nullptr},
    {R"({"exportV4": [{"action": "accept"}]})", "spec.exportV4[0].action"},
    {R"({"importV6": [{}]})", "spec.importV6[0].action"},
    {R"({"exportV4": [{"action": "Reject", "cidr": "10.0.0.0/8", "matchOperator": "In"}]})",
     nullptr},
    {R"({"exportV4": [{"action": "Reject", "cidr": "10.0.0.0/8"}]})", "spec.exportV4[0].cidr"},
    {R"({"exportV4": [{"action": "Reject", "matchOperator": "In"}]})",
     "spec.exportV4[0].matchOperator"},
    {R"({"exportV4": [{"action": "Reject", "cidr": "10.0.0.0/8", "matchOperator": "Like"}]})",
     "spec.exportV4[0].matchOperator"},
    {R"({"exportV4": [{"action": "Reject", "cidr": "fd00::/8", "matchOperator": "In"}]})",
     "spec.exportV4[0].cidr"},
    {R"({"importV6": [{"action": "Reject", "cidr": "10.0.0.0/8", "matchOperator": "In"}]})",
     "spec.importV6[0].cidr"},
    {R"({"importV6": [{"action": "Reject", "cidr": "fd00:1234:5678::/48", "matchOperator": "NotIn"}]})",
     nullptr},
    {R"({"importV6": [{"action": "Reject", "cidr": "0000:0000:0000:0000:0000:ffff:255.255.255.255/128", "matchOperator": "Equal"}]})",
     "spec.importV6[0].cidr"},
    {R"({"importV4": [{"action": "Accept", "cidr": "10.0.0.0/8", "matchOperator": "NotEqual",
                       "prefixLength": {"min": 16, "max": 24}}]})",
     nullptr},
    {R"({"importV4": [{"action": "Accept", "prefixLength": {"min": 16}}]})",
     "spec.importV4[0].prefixLength"},
    {R"({"importV4": [{"action": "Accept", "cidr": "10.0.0.0/8", "matchOperator": "In",
                       "prefixLength": {"max": 33}}]})",
     "spec.importV4[0].prefixLength.max"},
    {R"({"importV6": [{"action": "Accept", "cidr": "fd00::/8", "matchOperator": "In",
                       "prefixLength": {"min": 48, "max": 128}}]})",
     nullptr},
    {R"({"importV6": [{"action": "Accept", "cidr": "fd00::/8", "matchOperator": "In",
                       "prefixLength": {"max": 129}}]})",
     "spec.importV6[0].prefixLength.max"},
    {R"({"importV4": [{"action": "Accept", "cidr": "10.0.0.0/8", "matchOperator": "In",
                       "prefixLength": {"min": -1}}]})",
     "spec.importV4[0].prefixLength.min"},
    {R"({"importV4": [{"action": "Accept", "cidr": "10.0.0.0/8", "matchOperator": "In",
                       "prefixLength": {"min": 24, "max": 16}}]})",
     "spec.importV4[0].prefixLength"},
    {R"({"importV4": [{"action": "Accept", "source": "RemotePeers"}]})", nullptr},
    {R"({"importV4": [{"action": "Accept", "source": "Kernel"}]})", "spec.importV4[0].source"},
    {R"({"exportV4": [{"action": "Reject", "interface": "eth*"}]})", nullptr},
    {R"({"exportV4": [{"action": "Reject", "interface": "*"}]})", nullptr},
    {R"({"exportV4": [{"action": "Reject", "interface": "eth 0"}]})", "spec.exportV4[0].interface"},
    {R"({"exportV4": [{"action": "Reject", "peerType": "iBGP"}]})", nullptr},
    {R"({"exportV4": [{"action": "Reject", "peerType": "ibgp"}]})", "spec.exportV4[0].peerType"},
    {R"({"exportV4": [{"action": "Reject", "communities": {"values": ["65000:100"]}}]})", nullptr},
    {R"({"exportV4": [{"action": "Reject", "communities": {"values": ["65000:100:1"]}}]})",
     nullptr},
    {R"({"exportV4": [{"action": "Reject", "communities": {"values": ["1:1", "2:2"]}}]})",
     "spec.exportV4[0].communities.values"},
    {R"({"exportV4": [{"action": "Reject", "communities": {"values": []}}]})",
     "spec.exportV4[0].communities.values"},
    {R"({"exportV4": [{"action": "Reject", "communities": {}}]})",
     "spec.exportV4[0].communities.values"},
    {R"({"exportV4": [{"action": "Reject", "communities": {"values": ["65536:1"]}}]})",
     "spec.exportV4[0].communities.values[0]"},
    {R"({"exportV4": [{"action": "Reject", "asPathPrefix": [65000, "1.1"]}]})", nullptr},
    {R"({"exportV4": [{"action": "Reject", "asPathPrefix": [65000, -1]}]})",
     "spec.exportV4[0].asPathPrefix[1]"},
    {R"({"exportV4": [{"action": "Reject", "priority": 1}]})", nullptr},
    {R"({"exportV4": [{"action": "Reject", "priority": 0}]})", "spec.exportV4[0].priority"},
    {R"({"exportV4": [{"action": "Reject", "priority": 2147483647}]})",
     "spec.exportV4[0].priority"},
    // Operations.
    {R"({"exportV4": [{"action": "Accept", "operations": [{"addCommunity": {"value": "65000:1"}},
        {"prependASPath": {"prefix": [65000, "1.2"]}}, {"setPriority": {"value": 10}}]}]})",
     nullptr},
    {R"({"exportV4": [{"action": "Reject", "operations": [{"setPriority": {"value": 10}}]}]})",
     "spec.exportV4[0].operations"},
    {R"({"exportV4": [{"action": "Accept", "operations": []}]})", "spec.exportV4[0].operations"},
    {R"({"exportV4": [{"action": "Accept", "operations": [
        {"setPriority": {"value": 1}}, {"setPriority": {"value": 2}}, {"setPriority": {"value": 3}},
        {"setPriority": {"value": 4}}, {"setPriority": {"value": 5}}, {"setPriority": {"value": 6}},
        {"setPriority": {"value": 7}}, {"setPriority": {"value": 8}}, {"setPriority": {"value": 9}},
        {"setPriority": {"value": 10}}, {"setPriority": {"value": 11}}]}]})",
     "spec.exportV4[0].operations"},
    {R"({"exportV4": [{"action": "Accept", "operations": [{}]}]})",
     "spec.exportV4[0].operations[0]"},
    {R"({"exportV4": [{"action": "Accept", "operations": [
        {"addCommunity": {"value": "1:1"}, "setPriority": {"value": 5}}]}]})",
     "spec.exportV4[0].operations[0]"},
    {R"({"exportV4": [{"action": "Accept", "operations": [{"addCommunity": {"value": "1:x"}}]}]})",
     "spec.exportV4[0].operations[0].addCommunity.value"},
    {R"({"exportV4": [{"action": "Accept", "operations": [{"addCommunity": {}}]}]})",
     "spec.exportV4[0].operations[0].addCommunity.value"},
    {R"({"exportV4": [{"action": "Accept", "operations": [{"prependASPath": {"prefix": []}}]}]})",
     "spec.exportV4[0].operations[0].prependASPath.prefix"},
    {R"({"exportV4": [{"action": "Accept", "operations": [{"prependASPath": {"prefix":
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]}}]}]})",
     "spec.exportV4[0].operations[0].prependASPath.prefix"},
    {R"({"exportV4": [{"action": "Accept", "operations": [{"setPriority": {"value": 0}}]}]})",
     "spec.exportV4[0].operations[0].setPriority.value"},
    {R"({"exportV4": [{"action": "Accept", "operations": [{"setPriority": {}}]}]})",
     "spec.exportV4[0].operations[0].setPriority.value"},
    {R"({"exportV4": [{"action": "Accept", "operations": [{"setMed": {"value": 1}}]}]})",
     "spec.exportV4[0].operations[0].setMed"},
    // Strictness.
    {R"({"exportV4": [{"action": "Accept", "cidrs": "10.0.0.0/8"}]})", "spec.exportV4[0].cidrs"},
    {R"({"exportv4": []})", "spec.exportv4"},
    {R"({"exportV4": {"action": "Accept"}})", "spec.exportV4"},
};

class FilterVectors : public ::testing::TestWithParam<FilterVector> {};

TEST_P(FilterVectors, ValidateLikeCalico) {
  const auto& v = GetParam();
  const json object = object_of("BGPFilter", "filter-1", json::parse(v.spec));
  if (v.bad_field == nullptr) {
    EXPECT_TRUE(accepted(object));
  } else {
    EXPECT_TRUE(rejected_on(object, v.bad_field));
  }
}

INSTANTIATE_TEST_SUITE_P(Spec, FilterVectors, ::testing::ValuesIn(kFilterVectors));

TEST(BgpFilterCodec, DecodesRuleFieldsAndCanonicalisesOperations) {
  const auto result = decode(object_of("BGPFilter", "f", json::parse(R"({
      "importV4": [{"action": "Accept", "cidr": "10.0.0.0/8", "matchOperator": "In",
                    "prefixLength": {"max": 24}, "source": "RemotePeers", "interface": "eth0",
                    "peerType": "eBGP", "communities": {"values": ["1:2"]},
                    "asPathPrefix": ["1.0", 7], "priority": 100,
                    "operations": [{"prependASPath": {"prefix": ["0.5"]}}]}],
      "exportV6": [{"action": "Reject"}]})")));
  ASSERT_TRUE(result.has_value()) << to_string(result.error());
  const auto& spec = std::get<BgpFilter>(*result).spec;
  ASSERT_EQ(spec.import_v4.size(), 1U);
  ASSERT_EQ(spec.export_v6.size(), 1U);
  EXPECT_TRUE(spec.export_v4.empty());
  const auto& rule = spec.import_v4[0];
  EXPECT_EQ(rule.action, "Accept");
  EXPECT_EQ(rule.cidr, "10.0.0.0/8");
  EXPECT_EQ(rule.match_operator, "In");
  EXPECT_FALSE(rule.prefix_length_min.has_value());
  EXPECT_EQ(rule.prefix_length_max, 24);
  EXPECT_EQ(rule.source, "RemotePeers");
  EXPECT_EQ(rule.interface, "eth0");
  EXPECT_EQ(rule.peer_type, "eBGP");
  EXPECT_EQ(rule.communities, std::vector<std::string>{"1:2"});
  EXPECT_EQ(rule.as_path_prefix, (std::vector<AsNumber>{65536, 7}));
  EXPECT_EQ(rule.priority, 100);
  EXPECT_EQ(rule.operations, json::parse(R"([{"prependASPath": {"prefix": [5]}}])"));

  const json encoded = encode(*result);
  EXPECT_EQ(encoded["spec"]["importV4"][0]["asPathPrefix"], json::parse("[65536, 7]"));
  EXPECT_EQ(encoded["spec"]["importV4"][0]["prefixLength"], json::parse(R"({"max": 24})"));
  EXPECT_EQ(encoded["spec"]["exportV6"], json::parse(R"([{"action": "Reject"}])"));
  EXPECT_FALSE(encoded["spec"].contains("exportV4"));
}

}  // namespace
}  // namespace mgmt::resource
