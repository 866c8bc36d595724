#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mgmt/resource/base64.hpp"
#include "mgmt/resource/codec.hpp"
#include "tests/unit/mgmt/resource/resource_test_util.hpp"

namespace mgmt::resource {
namespace {

using nlohmann::json;
using testing::rejected_on;

json secret_object(const json& body) {
  json out = {{"apiVersion", "v1"},
              {"kind", "Secret"},
              {"metadata", {{"name", "bgp-secrets"}, {"namespace", "calico-system"}}}};
  out.update(body);
  return out;
}

TEST(Base64, RfcVectors) {
  // RFC 4648 §10.
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(plain), encoded);
    EXPECT_EQ(base64_decode(encoded), std::string(plain));
  }
  EXPECT_EQ(base64_decode(base64_encode(std::string("\0\xff\x80", 3))),
            std::string("\0\xff\x80", 3));
  EXPECT_FALSE(base64_decode("Zg=").has_value());
  EXPECT_FALSE(base64_decode("Zg").has_value());
  EXPECT_FALSE(base64_decode("Z===").has_value());
  EXPECT_FALSE(base64_decode("Zh==").has_value());  // non-zero bits under padding
  EXPECT_FALSE(base64_decode("Zm9v\n").has_value());
  EXPECT_FALSE(base64_decode("Zm=v").has_value());
  EXPECT_FALSE(base64_decode("Zg==Zg==").has_value());
  EXPECT_FALSE(base64_decode("Zm9-").has_value());
}

TEST(SecretCodec, DataIsBase64AndStringDataIsPlain) {
  const auto result = decode(secret_object(json::parse(R"({
      "type": "Opaque",
      "data": {"rr-password": "c2VjcmV0"},
      "stringData": {"peer-password": "plain text", "rr-password": "overridden"}})")));
  ASSERT_TRUE(result.has_value()) << to_string(result.error());
  const auto& secret = std::get<Secret>(*result);
  EXPECT_EQ(secret.metadata.namespace_, "calico-system");
  EXPECT_EQ(secret.data.at("peer-password"), "plain text");
  EXPECT_EQ(secret.data.at("rr-password"), "overridden");  // stringData wins, as in Kubernetes
  const json encoded = encode(*result);
  EXPECT_EQ(encoded["apiVersion"], "v1");
  EXPECT_EQ(encoded["kind"], "Secret");
  EXPECT_EQ(encoded["metadata"]["namespace"], "calico-system");
  EXPECT_EQ(encoded["data"]["peer-password"], base64_encode("plain text"));
  EXPECT_FALSE(encoded.contains("stringData"));
  EXPECT_FALSE(encoded.contains("type"));
  const auto again = decode(encoded);
  ASSERT_TRUE(again.has_value()) << to_string(again.error());
  EXPECT_EQ(*again, *result);
}

TEST(SecretCodec, DecodesBase64Data) {
  const auto result = decode(secret_object({{"data", {{"password", "c2VjcmV0"}}}}));
  ASSERT_TRUE(result.has_value()) << to_string(result.error());
  EXPECT_EQ(std::get<Secret>(*result).data.at("password"), "secret");
}

TEST(SecretCodec, RejectsBadData) {
  EXPECT_TRUE(
      rejected_on(secret_object({{"data", {{"password", "not base64!"}}}}), "data.password"));
  EXPECT_TRUE(rejected_on(secret_object({{"data", {{"password", 5}}}}), "data.password"));
  EXPECT_TRUE(
      rejected_on(secret_object({{"stringData", {{"bad/key", "x"}}}}), "stringData.bad/key"));
  EXPECT_TRUE(rejected_on(secret_object({{"stringData", "x"}}), "stringData"));
  EXPECT_TRUE(rejected_on(secret_object({{"spec", json::object()}}), "spec"));
}

TEST(SecretCodec, ApiVersionMustBeV1) {
  json object = secret_object({{"data", json::object()}});
  object["apiVersion"] = "projectcalico.org/v3";
  EXPECT_TRUE(rejected_on(object, "apiVersion"));
}

TEST(SecretCodec, NamespaceMustBeADnsLabel) {
  json object = secret_object(json::object());
  object["metadata"]["namespace"] = "Calico_System";
  EXPECT_TRUE(rejected_on(object, "metadata.namespace"));
}

TEST(SecretCodec, NamespaceIsOptional) {
  json object = secret_object({{"stringData", {{"k", "v"}}}});
  object["metadata"].erase("namespace");
  EXPECT_TRUE(testing::accepted(object));
}

}  // namespace
}  // namespace mgmt::resource
