// Metadata rules shared by the backends: uid/creationTimestamp filling, resourceVersion
// handling, key checks and Calico-style messages.
#include "mgmt/store/object_meta.hpp"

#include <regex>
#include <set>
#include <string>

#include <gtest/gtest.h>

namespace mgmt::store {
namespace {

TEST(ObjectMeta, NewUidIsRandomVersion4) {
  const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const auto uid = new_uid();
    EXPECT_TRUE(std::regex_match(uid, uuid)) << uid;
    seen.insert(uid);
  }
  EXPECT_EQ(seen.size(), 200U);
}

TEST(ObjectMeta, TimestampIsRfc3339Utc) {
  EXPECT_TRUE(std::regex_match(rfc3339_now(),
                               std::regex("20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:"
                                          "[0-6][0-9]Z")))
      << rfc3339_now();
}

TEST(ObjectMeta, PrepareCreateStripsEmptyVersionAndFillsIdentity) {
  auto prepared = prepare_create({{"kind", "BGPPeer"}, {"metadata", {{"resourceVersion", ""}}}});
  ASSERT_TRUE(prepared);
  EXPECT_FALSE((*prepared)["metadata"].contains("resourceVersion"));
  EXPECT_TRUE((*prepared)["metadata"].contains("uid"));
  EXPECT_TRUE((*prepared)["metadata"].contains("creationTimestamp"));
  auto no_metadata = prepare_create({{"kind", "BGPPeer"}});
  ASSERT_TRUE(no_metadata);
  EXPECT_TRUE((*no_metadata)["metadata"].contains("uid"));
}

TEST(ObjectMeta, PrepareCreateRejectsVersionAndNonObjects) {
  EXPECT_EQ(prepare_create({{"metadata", {{"resourceVersion", "4"}}}}).error().code,
            ErrorCode::invalid);
  EXPECT_EQ(prepare_create(nlohmann::json::array()).error().code, ErrorCode::invalid);
  EXPECT_EQ(prepare_create({{"metadata", 3}}).error().code, ErrorCode::invalid);
}

TEST(ObjectMeta, PrepareUpdateCopiesMissingIdentityOnly) {
  const nlohmann::json stored = {
      {"metadata", {{"uid", "u-old"}, {"creationTimestamp", "2020-01-01T00:00:00Z"}}}};
  auto copied = prepare_update({{"metadata", {{"resourceVersion", "9"}}}}, stored);
  ASSERT_TRUE(copied);
  EXPECT_EQ((*copied)["metadata"]["uid"], "u-old");
  EXPECT_EQ((*copied)["metadata"]["creationTimestamp"], "2020-01-01T00:00:00Z");
  EXPECT_FALSE((*copied)["metadata"].contains("resourceVersion"));
  auto kept = prepare_update({{"metadata", {{"uid", "u-new"}}}}, stored);
  ASSERT_TRUE(kept);
  EXPECT_EQ((*kept)["metadata"]["uid"], "u-new");
}

TEST(ObjectMeta, ResourceVersionParsing) {
  EXPECT_EQ(parse_resource_version("").value(), 0U);
  EXPECT_EQ(parse_resource_version("12345").value(), 12345U);
  for (const char* bad : {"0", "-1", "1a", " 1", "x", "18446744073709551616"}) {
    EXPECT_FALSE(parse_resource_version(bad)) << bad;
  }
}

TEST(ObjectMeta, KeyChecks) {
  EXPECT_TRUE(check_key("bgppeers", "node.kube-master"));
  EXPECT_TRUE(check_key("bgppeers", "..."));
  for (const char* name : {"", ".", "..", "a/b", "/", "a\\b"}) {
    EXPECT_FALSE(check_key("bgppeers", name)) << name;
  }
  EXPECT_FALSE(check_key("bgppeers", std::string_view("a\0b", 3)));
  EXPECT_FALSE(check_key("..", "a"));
}

TEST(ObjectMeta, CalicoStyleMessages) {
  EXPECT_EQ(already_exists_error("bgppeers", "p").message, "resource already exists: BGPPeer(p)");
  EXPECT_EQ(not_found_error("nodes", "n").message, "resource does not exist: Node(n)");
  EXPECT_EQ(conflict_error("bgpconfigurations", "default").message,
            "update conflict: BGPConfiguration(default)");
  EXPECT_EQ(describe("caliconodestatuses", "s"), "CalicoNodeStatus(s)");
  EXPECT_EQ(describe("bgpfilters", "f"), "BGPFilter(f)");
  EXPECT_EQ(describe("ippools", "x"), "ippools(x)");
}

}  // namespace
}  // namespace mgmt::store
