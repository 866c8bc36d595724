#include <gtest/gtest.h>

#include "mgmt/api/auth.hpp"
#include "mgmt/api/router.hpp"
#include "mgmt/api/uri.hpp"

namespace mgmt::api {
namespace {

TEST(Uri, SplitsAndDecodesSegments) {
  auto target = parse_target("/apis/projectcalico.org/v3//bgppeers/a%2Eb/?resourceVersion=7&x=a+b");
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->segments,
            (std::vector<std::string>{"apis", "projectcalico.org", "v3", "bgppeers", "a.b"}));
  EXPECT_EQ(target->param("resourceVersion"), "7");
  EXPECT_EQ(target->param("x"), "a b");
  EXPECT_EQ(target->param("missing"), "");
}

TEST(Uri, RibPrefixRawAndEncodedJoinTheSame) {
  auto raw = parse_target("/rib/10.0.0.0/26");
  auto encoded = parse_target("/rib/10.0.0.0%2F26");
  auto v6 = parse_target("/rib/2001:db8::/64");
  ASSERT_TRUE(raw && encoded && v6);
  EXPECT_EQ(join_segments(*raw, 1), "10.0.0.0/26");
  EXPECT_EQ(join_segments(*encoded, 1), "10.0.0.0/26");
  EXPECT_EQ(join_segments(*v6, 1), "2001:db8::/64");
}

TEST(Uri, RejectsBadTargets) {
  EXPECT_FALSE(parse_target("*").has_value());
  EXPECT_FALSE(parse_target("/a%zz").has_value());
  EXPECT_FALSE(parse_target("/a%2").has_value());
  EXPECT_FALSE(parse_target("/a%00b").has_value());
  EXPECT_FALSE(parse_target("/a?x=%g1").has_value());
  auto absolute = parse_target("http://127.0.0.1:9179/healthz");
  ASSERT_TRUE(absolute.has_value());
  EXPECT_EQ(absolute->segments, std::vector<std::string>{"healthz"});
}

TEST(Uri, ObjectNamesAreDnsSubdomains) {
  EXPECT_TRUE(is_object_name("node-1"));
  EXPECT_TRUE(is_object_name("node.kube-master"));
  EXPECT_FALSE(is_object_name(".."));
  EXPECT_FALSE(is_object_name("a/b"));
  EXPECT_FALSE(is_object_name("Upper"));
  EXPECT_FALSE(is_object_name("a..b"));
  EXPECT_FALSE(is_object_name("-a"));
  EXPECT_FALSE(is_object_name(std::string(254, 'a')));
}

TEST(Router, MatchesResourceRoutes) {
  auto route = [](const char* text) { return match_resource_route(*parse_target(text)); };
  auto peers = route("/apis/projectcalico.org/v3/bgppeers");
  ASSERT_TRUE(peers.has_value());
  EXPECT_EQ(peers->kind, resource::Kind::bgp_peer);
  EXPECT_EQ(peers->name, "");
  auto node = route("/apis/projectcalico.org/v3/nodes/node-1");
  ASSERT_TRUE(node.has_value());
  EXPECT_EQ(node->kind, resource::Kind::node);
  EXPECT_EQ(node->name, "node-1");
  auto secret = route("/api/v1/namespaces/kube-system/secrets/bgp");
  ASSERT_TRUE(secret.has_value());
  EXPECT_EQ(secret->kind, resource::Kind::secret);
  EXPECT_EQ(secret->namespace_, "kube-system");
  EXPECT_EQ(secret->name, "bgp");
  EXPECT_TRUE(route("/api/v1/secrets").has_value());
  EXPECT_FALSE(route("/apis/projectcalico.org/v3/bgpp").has_value());
  EXPECT_FALSE(route("/apis/projectcalico.org/v3/ippools").has_value());
  EXPECT_FALSE(route("/apis/projectcalico.org/v3/nodes/a/b").has_value());
}

TEST(Auth, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abd", "abc"));
  EXPECT_FALSE(constant_time_equal("ab", "abc"));
  EXPECT_FALSE(constant_time_equal("abcd", "abc"));
  EXPECT_FALSE(constant_time_equal("", "abc"));
}

TEST(Auth, BearerScheme) {
  const Authenticator auth{"tok"};
  EXPECT_TRUE(auth.authorize("Bearer tok"));
  EXPECT_TRUE(auth.authorize("bearer  tok "));
  EXPECT_FALSE(auth.authorize("Bearer tok2"));
  EXPECT_FALSE(auth.authorize("Basic tok"));
  EXPECT_FALSE(auth.authorize("Bearertok"));
  EXPECT_FALSE(auth.authorize(""));
  const Authenticator disabled{""};
  EXPECT_FALSE(disabled.authorize("Bearer "));
  EXPECT_FALSE(disabled.authorize("Bearer x"));
}

}  // namespace
}  // namespace mgmt::api
