#include "mgmt/resource/validators.hpp"

#include <string>

#include <gtest/gtest.h>

namespace mgmt::resource::validate {
namespace {

struct TextVector {
  std::string text;
  bool valid;
};

void PrintTo(const TextVector& v, std::ostream* os) {
  *os << '"' << v.text << '"';
}

// ---- peerIP: calico-bgp-spec.md §1.5 table [VALT] plus bare addresses ----
const TextVector kPeerIps[] = {
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
    {"10.0.0.1", true},
    {"2001:db8::1", true},
    {"192.168.0.1:65535", true},
    {"[2001:db8::1]:1", true},
    {"[2001:db8::1]", false},
    {"[192.168.0.1]:179", false},
    {"10.0.0.1/32", false},
    {"10.0.0.1:17a", false},
    {"host.example:179", false},
    {"", false},
    {"1111:2222:3333:4444:5555:6666:7777:8888:9999:aaaa:bbbb:cccc:dddd", false},
};

class PeerIpVectors : public ::testing::TestWithParam<TextVector> {};
TEST_P(PeerIpVectors, MatchesCalico) {
  EXPECT_EQ(peer_ip(GetParam().text).has_value(), GetParam().valid) << GetParam().text;
}
INSTANTIATE_TEST_SUITE_P(Spec, PeerIpVectors, ::testing::ValuesIn(kPeerIps));

TEST(PeerIp, SplitsAddressPortAndFamily) {
  auto v6 = peer_ip("[9000::]:500");
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->address, "9000::");
  EXPECT_EQ(v6->port, 500);
  EXPECT_EQ(v6->family, IpFamily::v6);
  auto v4 = peer_ip("192.168.1.1");
  ASSERT_TRUE(v4.has_value());
  EXPECT_EQ(v4->address, "192.168.1.1");
  EXPECT_FALSE(v4->port.has_value());
  EXPECT_EQ(v4->family, IpFamily::v4);
}

// ---- resource names (DNS-1123 subdomain, §1.1) ----
const TextVector kNames[] = {
    {"default", true},
    {"node.kube-master", true},
    {"a", true},
    {"0abc", true},
    {"my-peer.example.com", true},
    {std::string(253, 'a'), true},
    {std::string(254, 'a'), false},
    {"", false},
    {"My-Peer", false},
    {"my_peer", false},
    {"-abc", false},
    {"abc-", false},
    {"a..b", false},
    {".a", false},
    {"a.", false},
    {"a b", false},
};
class NameVectors : public ::testing::TestWithParam<TextVector> {};
TEST_P(NameVectors, FollowCalicoNameRegex) {
  EXPECT_EQ(!resource_name(GetParam().text).has_value(), GetParam().valid) << GetParam().text;
}
INSTANTIATE_TEST_SUITE_P(Spec, NameVectors, ::testing::ValuesIn(kNames));

// ---- label keys (qualified names) ----
const TextVector kLabelKeys[] = {
    {"route-reflector", true},
    {"kubernetes.io/hostname", true},
    {"Example.Label_1", true},
    {"a", true},
    {std::string(63, 'k'), true},
    {std::string(64, 'k'), false},
    {"", false},
    {"/name", false},
    {"prefix/", false},
    {"Upper.Prefix/name", false},
    {"a/b/c", false},
    {"-bad", false},
    {"bad-", false},
    {"has space", false},
};
class LabelKeyVectors : public ::testing::TestWithParam<TextVector> {};
TEST_P(LabelKeyVectors, AreQualifiedNames) {
  EXPECT_EQ(!qualified_name(GetParam().text).has_value(), GetParam().valid) << GetParam().text;
}
INSTANTIATE_TEST_SUITE_P(Kubernetes, LabelKeyVectors, ::testing::ValuesIn(kLabelKeys));

const TextVector kLabelValues[] = {
    {"", true},
    {"true", true},
    {"rack-1.a_b", true},
    {std::string(63, 'v'), true},
    {std::string(64, 'v'), false},
    {"-x", false},
    {"x-", false},
    {"a b", false},
    {"a/b", false},
};
class LabelValueVectors : public ::testing::TestWithParam<TextVector> {};
TEST_P(LabelValueVectors, FollowKubernetes) {
  EXPECT_EQ(!label_value(GetParam().text).has_value(), GetParam().valid) << GetParam().text;
}
INSTANTIATE_TEST_SUITE_P(Kubernetes, LabelValueVectors, ::testing::ValuesIn(kLabelValues));

// ---- communities ----
const TextVector kCommunities[] = {
    {"100:200", true},  {"65535:65535", true}, {"0:0", true},      {"4294967295:1:1", true},
    {"1:2:3", true},    {"65536:1", false},    {"1:65536", false}, {"4294967296:1:1", false},
    {"1:2:3:4", false}, {"100", false},        {"", false},        {"a:b", false},
    {"100:", false},    {":100", false},       {"-1:5", false},
};
class CommunityVectors : public ::testing::TestWithParam<TextVector> {};
TEST_P(CommunityVectors, StandardAndLarge) {
  EXPECT_EQ(!community(GetParam().text).has_value(), GetParam().valid) << GetParam().text;
}
INSTANTIATE_TEST_SUITE_P(Spec, CommunityVectors, ::testing::ValuesIn(kCommunities));

// ---- interface patterns ----
const TextVector kInterfaces[] = {
    {"valid_iface*", true},
    {"interface_name", true},
    {"eth0", true},
    {"*", true},
    {"eth-1.100", true},
    {std::string(15, 'e'), true},
    {std::string(16, 'e'), false},
    {"", false},
    {"eth 0", false},
    {"eth/0", false},
};
class InterfaceVectors : public ::testing::TestWithParam<TextVector> {};
TEST_P(InterfaceVectors, MatchPattern) {
  EXPECT_EQ(!interface_pattern(GetParam().text).has_value(), GetParam().valid) << GetParam().text;
}
INSTANTIATE_TEST_SUITE_P(Spec, InterfaceVectors, ::testing::ValuesIn(kInterfaces));

// ---- addresses and CIDRs ----
TEST(IpAddress, FamiliesAndForms) {
  EXPECT_EQ(ip_family("10.0.0.1"), IpFamily::v4);
  EXPECT_EQ(ip_family("fdf5:1234::102:304"), IpFamily::v6);
  EXPECT_EQ(ip_family("::ffff:1.2.3.4"), IpFamily::v6);
  EXPECT_FALSE(ip_family("x.x.x.x").has_value());
  EXPECT_FALSE(ip_family("300.34.3.1").has_value());
  EXPECT_FALSE(ip_family("010.0.0.1").has_value());
  EXPECT_FALSE(ip_family("10.0.0").has_value());
  EXPECT_FALSE(ip_family("fe80::1%eth0").has_value());
  EXPECT_FALSE(ip_family("10.0.0.1/32").has_value());
  EXPECT_FALSE(ip_address("10.0.0.1", IpFamily::v6) == std::nullopt);
  EXPECT_TRUE(ip_address("10.0.0.1", IpFamily::v4) == std::nullopt);
}

TEST(IpOrCidr, AcceptsAddressOrPrefix) {
  EXPECT_FALSE(ip_or_cidr("1.2.3.4", std::nullopt).has_value());
  EXPECT_FALSE(ip_or_cidr("10.0.0.1/24", IpFamily::v4).has_value());
  EXPECT_FALSE(ip_or_cidr("10.0.0.0/0", IpFamily::v4).has_value());
  EXPECT_FALSE(ip_or_cidr("2001:db8::/32", IpFamily::v6).has_value());
  EXPECT_FALSE(ip_or_cidr("2001:db8::1/128", std::nullopt).has_value());
  EXPECT_TRUE(ip_or_cidr("10.0.0.0/33", std::nullopt).has_value());
  EXPECT_TRUE(ip_or_cidr("2001:db8::/129", std::nullopt).has_value());
  EXPECT_TRUE(ip_or_cidr("10.0.0.0/", std::nullopt).has_value());
  EXPECT_TRUE(ip_or_cidr("10.0.0.0/08", std::nullopt).has_value());
  EXPECT_TRUE(ip_or_cidr("10.0.0.0/24", IpFamily::v6).has_value());
  EXPECT_TRUE(ip_or_cidr("x.x.x.x", std::nullopt).has_value());
}

TEST(Selector, ParsedAndLengthLimited) {
  EXPECT_FALSE(selector("has(mylabel)").has_value());
  EXPECT_FALSE(selector("route-reflector == 'true'").has_value());
  EXPECT_TRUE(selector("kubernetes.io/hostname: == 'casey-crc-kadm-node-4'").has_value());
  const std::string long_selector = "a == '" + std::string(1020, 'x') + "'";
  EXPECT_TRUE(selector(long_selector).has_value());
}

TEST(SecretKey, Charset) {
  EXPECT_FALSE(secret_key("bgp-password").has_value());
  EXPECT_FALSE(secret_key("a.b_c-D").has_value());
  EXPECT_TRUE(secret_key("").has_value());
  EXPECT_TRUE(secret_key("a/b").has_value());
}

}  // namespace
}  // namespace mgmt::resource::validate
