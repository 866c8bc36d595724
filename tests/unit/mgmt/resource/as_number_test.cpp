#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mgmt/resource/codec.hpp"

namespace mgmt::resource {
namespace {

struct AsVector {
  const char* input;  // JSON text
  std::optional<AsNumber> expected;
};

// calico-bgp-spec.md §1.2 [A-ASN test], plus a few type errors.
const AsVector kAsVectors[] = {
    {"0", 0},
    {"4294967295", 4294967295U},
    {R"("0")", 0},
    {R"("4294967295")", 4294967295U},
    {R"("1.10")", 65546},
    {R"("00.00")", 0},
    {R"("00.01")", 1},
    {R"("65535.65535")", 4294967295U},
    {R"("1.1.1")", std::nullopt},
    {R"("65536.65535")", std::nullopt},
    {R"("65535.65536")", std::nullopt},
    {R"("0.-1")", std::nullopt},
    {"-1", std::nullopt},
    {"4294967296", std::nullopt},
    // Not in the spec table.
    {R"("4294967296")", std::nullopt},
    {R"("")", std::nullopt},
    {R"("+5")", std::nullopt},
    {R"(" 5")", std::nullopt},
    {R"("1.")", std::nullopt},
    {R"(".1")", std::nullopt},
    {"1.5", std::nullopt},
    {"true", std::nullopt},
    {"null", std::nullopt},
    {"[1]", std::nullopt},
    {"64512", 64512},
};

class AsNumberVectors : public ::testing::TestWithParam<AsVector> {};

TEST_P(AsNumberVectors, ParseMatchesCalico) {
  const AsVector& v = GetParam();
  const auto result = parse_as_number(nlohmann::json::parse(v.input));
  if (v.expected) {
    ASSERT_TRUE(result.has_value()) << v.input << ": " << result.error();
    EXPECT_EQ(*result, *v.expected) << v.input;
  } else {
    EXPECT_FALSE(result.has_value()) << v.input << " accepted as " << *result;
  }
}

INSTANTIATE_TEST_SUITE_P(Spec, AsNumberVectors, ::testing::ValuesIn(kAsVectors));

TEST(AsNumber, FieldErrorNamesTheField) {
  const auto result = decode(nlohmann::json::parse(R"({
    "apiVersion": "projectcalico.org/v3", "kind": "BGPPeer", "metadata": {"name": "p"},
    "spec": {"peerIP": "10.0.0.1", "asNumber": "65536.65535"}})"));
  ASSERT_FALSE(result.has_value());
  ASSERT_EQ(result.error().size(), 1U);
  EXPECT_EQ(result.error()[0].field, "spec.asNumber");
}

TEST(AsNumber, AsdotIsStoredAsPlainNumber) {
  const auto result = decode(nlohmann::json::parse(R"({
    "apiVersion": "projectcalico.org/v3", "kind": "Node", "metadata": {"name": "n1"},
    "spec": {"bgp": {"asNumber": "1.10"}}})"));
  ASSERT_TRUE(result.has_value()) << to_string(result.error());
  const auto json = encode(*result);
  EXPECT_EQ(json["spec"]["bgp"]["asNumber"], nlohmann::json(65546));
  EXPECT_TRUE(json["spec"]["bgp"]["asNumber"].is_number_unsigned());
}

}  // namespace
}  // namespace mgmt::resource
