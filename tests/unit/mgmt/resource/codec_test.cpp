#include "mgmt/resource/codec.hpp"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/unit/mgmt/resource/resource_test_util.hpp"

namespace mgmt::resource {
namespace {

using nlohmann::json;
using testing::accepted;
using testing::has_error_on;
using testing::object_of;
using testing::rejected_on;

// ---- kinds ----
struct AliasVector {
  const char* alias;
  Kind kind;
};
const AliasVector kAliases[] = {
    {"Node", Kind::node},
    {"node", Kind::node},
    {"nodes", Kind::node},
    {"no", Kind::node},
    {"nos", Kind::node},
    {"BGPPeer", Kind::bgp_peer},
    {"bgppeer", Kind::bgp_peer},
    {"bgppeers", Kind::bgp_peer},
    {"bgpp", Kind::bgp_peer},
    {"bgpps", Kind::bgp_peer},
    {"bp", Kind::bgp_peer},
    {"BPS", Kind::bgp_peer},
    {"BGPConfiguration", Kind::bgp_configuration},
    {"bgpconfig", Kind::bgp_configuration},
    {"bgpconfigs", Kind::bgp_configuration},
    {"bgpconfiguration", Kind::bgp_configuration},
    {"bgpconfigurations", Kind::bgp_configuration},
    {"BGPFilter", Kind::bgp_filter},
    {"bgpfilter", Kind::bgp_filter},
    {"bgpfilters", Kind::bgp_filter},
    {"Secret", Kind::secret},
    {"secret", Kind::secret},
    {"secrets", Kind::secret},
};

TEST(Kinds, AliasesResolve) {
  for (const auto& v : kAliases) {
    EXPECT_EQ(kind_from_name(v.alias), v.kind) << v.alias;
  }
  for (const char* unknown : {"", "peer", "bgp", "felixconfiguration", "caliconodestatus", "n"}) {
    EXPECT_FALSE(kind_from_name(unknown).has_value()) << unknown;
  }
}

TEST(Kinds, NamesPluralsAndApiVersions) {
  EXPECT_EQ(kind_name(Kind::node), "Node");
  EXPECT_EQ(kind_name(Kind::bgp_configuration), "BGPConfiguration");
  EXPECT_EQ(kind_name(Kind::bgp_peer), "BGPPeer");
  EXPECT_EQ(kind_name(Kind::bgp_filter), "BGPFilter");
  EXPECT_EQ(kind_name(Kind::secret), "Secret");
  EXPECT_EQ(plural(Kind::node), "nodes");
  EXPECT_EQ(plural(Kind::bgp_configuration), "bgpconfigurations");
  EXPECT_EQ(plural(Kind::bgp_peer), "bgppeers");
  EXPECT_EQ(plural(Kind::bgp_filter), "bgpfilters");
  EXPECT_EQ(plural(Kind::secret), "secrets");
  EXPECT_EQ(api_version(Kind::bgp_peer), "projectcalico.org/v3");
  EXPECT_EQ(api_version(Kind::secret), "v1");
}

TEST(Kinds, KindAndMetadataOfResource) {
  Resource resource = BgpFilter{};
  EXPECT_EQ(kind_of(resource), Kind::bgp_filter);
  metadata_of(resource).name = "f";
  EXPECT_EQ(std::get<BgpFilter>(resource).metadata.name, "f");
  const Resource& view = resource;
  EXPECT_EQ(metadata_of(view).name, "f");
  EXPECT_EQ(kind_of(Resource{Secret{}}), Kind::secret);
  EXPECT_EQ(kind_of(Resource{Node{}}), Kind::node);
  EXPECT_TRUE(referenced_filters(resource).empty());
}

// ---- envelope ----
TEST(Decode, EnvelopeRules) {
  EXPECT_TRUE(rejected_on(json::array(), "(root)"));
  EXPECT_TRUE(rejected_on(json::parse(R"js({"apiVersion": "projectcalico.org/v3",
                                          "metadata": {"name": "x"}})js"),
                          "kind"));
  EXPECT_TRUE(rejected_on(json::parse(R"js({"kind": "BGPPeer", "metadata": {"name": "x"}})js"),
                          "apiVersion"));
  EXPECT_TRUE(rejected_on(json::parse(R"js({"kind": "BGPPeer", "apiVersion": "projectcalico.org/v1",
                                          "metadata": {"name": "x"}})js"),
                          "apiVersion"));
  EXPECT_TRUE(rejected_on(json::parse(R"js({"kind": "Node", "apiVersion": "v1",
                                          "metadata": {"name": "x"}})js"),
                          "apiVersion"));
  EXPECT_TRUE(rejected_on(json::parse(R"js({"kind": "bgppeer", "apiVersion": "projectcalico.org/v3",
                                          "metadata": {"name": "x"}})js"),
                          "kind"));
  EXPECT_TRUE(rejected_on(json::parse(R"js({"kind": "CalicoNodeStatus",
                                          "apiVersion": "projectcalico.org/v3",
                                          "metadata": {"name": "x"}})js"),
                          "kind"));
  EXPECT_TRUE(
      rejected_on(json::parse(R"js({"kind": 5, "apiVersion": "projectcalico.org/v3"})js"), "kind"));
  json extra = object_of("BGPPeer", "p", json::object());
  extra["status"] = json::object();
  EXPECT_TRUE(rejected_on(extra, "status"));
  json top = object_of("BGPFilter", "p", json::object());
  top["Spec"] = json::object();
  EXPECT_TRUE(rejected_on(top, "Spec"));
  EXPECT_TRUE(rejected_on(object_of("BGPPeer", "p", json::array()), "spec"));
}

// ---- metadata ----
TEST(Metadata, NameRequiredAndValid) {
  json no_meta = object_of("BGPPeer", "p", json::object());
  no_meta.erase("metadata");
  EXPECT_TRUE(rejected_on(no_meta, "metadata.name"));
  EXPECT_TRUE(rejected_on(object_of("BGPPeer", "", json::object()), "metadata.name"));
  EXPECT_TRUE(rejected_on(object_of("BGPPeer", "my_peer", json::object()), "metadata.name"));
  EXPECT_TRUE(rejected_on(object_of("BGPPeer", "MyPeer", json::object()), "metadata.name"));
  EXPECT_TRUE(
      rejected_on(object_of("Node", std::string(254, 'n'), json::object()), "metadata.name"));
  EXPECT_TRUE(accepted(object_of("Node", std::string(253, 'n'), json::object())));
}

TEST(Metadata, NamespaceOnlyForSecrets) {
  for (const char* kind : {"Node", "BGPPeer", "BGPConfiguration", "BGPFilter"}) {
    json object = object_of(kind, "default", json::object());
    object["metadata"]["namespace"] = "kube-system";
    EXPECT_TRUE(rejected_on(object, "metadata.namespace")) << kind;
    object["metadata"]["namespace"] = "";
    EXPECT_TRUE(accepted(object)) << kind;
  }
}

TEST(Metadata, KeepsWhatCalicoctlKeepsAndDropsTheRest) {
  json object = object_of("BGPPeer", "p", json::parse(R"js({"peerSelector": "all()"})js"));
  object["metadata"] = json::parse(R"js({
      "name": "p", "resourceVersion": "42", "uid": "0b7e-11", "creationTimestamp":
      "2026-01-01T00:00:00Z", "labels": {"a": "b"}, "annotations": {"note": "free text: ok"},
      "generation": 3, "selfLink": "/x", "managedFields": [{}], "finalizers": ["f"],
      "ownerReferences": [], "generateName": "p-", "deletionTimestamp": null})js");
  const auto result = decode(object);
  ASSERT_TRUE(result.has_value()) << to_string(result.error());
  const ObjectMeta& meta = metadata_of(*result);
  EXPECT_EQ(meta.name, "p");
  EXPECT_EQ(meta.resource_version, "42");
  EXPECT_EQ(meta.uid, "0b7e-11");
  EXPECT_EQ(meta.creation_timestamp, "2026-01-01T00:00:00Z");
  EXPECT_EQ(meta.labels, (Labels{{"a", "b"}}));
  EXPECT_EQ(meta.annotations.at("note"), "free text: ok");
  const json encoded = encode(*result)["metadata"];
  EXPECT_EQ(encoded, json::parse(R"js({
      "name": "p", "resourceVersion": "42", "uid": "0b7e-11", "creationTimestamp":
      "2026-01-01T00:00:00Z", "labels": {"a": "b"}, "annotations": {"note": "free text: ok"}})js"));
}

TEST(Metadata, CreationTimestampNullIsUnset) {
  json object = object_of("Node", "n1", json::object());
  object["metadata"]["creationTimestamp"] = nullptr;
  const auto result = decode(object);
  ASSERT_TRUE(result.has_value()) << to_string(result.error());
  EXPECT_TRUE(metadata_of(*result).creation_timestamp.empty());
  EXPECT_FALSE(encode(*result)["metadata"].contains("creationTimestamp"));
}

TEST(Metadata, UnknownFieldRejected) {
  json object = object_of("Node", "n1", json::object());
  object["metadata"]["label"] = json::object();
  EXPECT_TRUE(rejected_on(object, "metadata.label"));
}

TEST(Metadata, LabelScalarsBecomeStrings) {
  // rrctl turns unquoted YAML `route-reflector: yes` into JSON true (Calico's S7 scenario).
  json object = object_of("Node", "n1", json::object());
  object["metadata"]["labels"] =
      json::parse(R"js({"route-reflector": true, "disabled": false, "rack": 7, "ratio": 1.5,
                      "empty": null, "zone": "a"})js");
  const auto result = decode(object);
  ASSERT_TRUE(result.has_value()) << to_string(result.error());
  const Labels& labels = metadata_of(*result).labels;
  EXPECT_EQ(labels.at("route-reflector"), "true");
  EXPECT_EQ(labels.at("disabled"), "false");
  EXPECT_EQ(labels.at("rack"), "7");
  EXPECT_EQ(labels.at("ratio"), "1.5");
  EXPECT_EQ(labels.at("empty"), "");
  EXPECT_EQ(labels.at("zone"), "a");
  EXPECT_EQ(encode(*result)["metadata"]["labels"]["route-reflector"], json("true"));
  // The converted text must still be a valid label value.
  object["metadata"]["labels"] = {{"neg", -3}};
  EXPECT_TRUE(rejected_on(object, "metadata.labels.neg"));
}

TEST(Metadata, LabelKeysAndValuesValidated) {
  json object = object_of("Node", "n1", json::object());
  object["metadata"]["labels"] = {{"bad key", "x"}};
  EXPECT_TRUE(rejected_on(object, "metadata.labels.bad key"));
  object["metadata"]["labels"] = {{"ok", "not ok"}};
  EXPECT_TRUE(rejected_on(object, "metadata.labels.ok"));
  object["metadata"]["labels"] = {{"ok", json::object()}};
  EXPECT_TRUE(rejected_on(object, "metadata.labels.ok"));
  object["metadata"]["labels"] = json::array();
  EXPECT_TRUE(rejected_on(object, "metadata.labels"));
  object["metadata"]["labels"] = {{"kubernetes.io/hostname", "kube-master"}};
  EXPECT_TRUE(accepted(object));
}

TEST(Metadata, AnnotationsLimitedTo256KiB) {
  json object = object_of("Node", "n1", json::object());
  object["metadata"]["annotations"] = {{"big", std::string(256 * 1024, 'x')}};
  EXPECT_TRUE(rejected_on(object, "metadata.annotations"));
  object["metadata"]["annotations"] = {{"big", std::string(1000, 'x')}};
  EXPECT_TRUE(accepted(object));
}

// ---- errors ----
TEST(Errors, ToStringJoinsFieldAndReason) {
  const FieldErrors errors{{"spec.peerIP", "bad"}, {"metadata.name", "required"}};
  EXPECT_EQ(to_string(errors), "spec.peerIP: bad; metadata.name: required");
  EXPECT_EQ(to_string(FieldErrors{}), "");
}

TEST(Errors, AllErrorsOfAnObjectAreCollected) {
  json object = object_of("BGPPeer", "Bad_Name", json::parse(R"js({
      "peerIP": "10.0.0.1:0", "asNumber": "x", "node": "A", "extra": true})js"));
  object["metadata"]["namespace"] = "ns";
  const auto result = decode(object);
  ASSERT_FALSE(result.has_value());
  for (const char* field : {"metadata.name", "metadata.namespace", "spec.peerIP", "spec.asNumber",
                            "spec.node", "spec.extra"}) {
    EXPECT_TRUE(has_error_on(result.error(), field)) << field << ": " << to_string(result.error());
  }
}

// ---- canonical encoding ----
TEST(Encode, CanonicalStoredForm) {
  const auto result = decode(json::parse(R"js({
      "kind": "BGPPeer", "apiVersion": "projectcalico.org/v3",
      "metadata": {"name": "peer-with-route-reflectors", "labels": {}},
      "spec": {"nodeSelector": "all()", "peerSelector": "route-reflector == 'true'",
               "peerIP": "", "filters": []}})js"));
  ASSERT_TRUE(result.has_value()) << to_string(result.error());
  EXPECT_EQ(encode(*result), json::parse(R"js({
      "kind": "BGPPeer", "apiVersion": "projectcalico.org/v3",
      "metadata": {"name": "peer-with-route-reflectors"},
      "spec": {"nodeSelector": "all()", "peerSelector": "route-reflector == 'true'"}})js"));
}

TEST(Encode, RoundTripsEveryKind) {
  const char* const objects[] = {
      R"js({"kind": "Node", "apiVersion": "projectcalico.org/v3",
          "metadata": {"name": "kube-master", "labels": {"route-reflector": "true"}},
          "spec": {"bgp": {"asNumber": 64512, "ipv4Address": "10.0.0.1/24",
                           "ipv6Address": "fd00::1/64", "routeReflectorClusterID": "224.0.0.1"},
                   "addresses": [{"address": "10.0.0.1", "type": "InternalIP"}]},
          "status": {"podCIDRs": ["10.244.0.0/24"]}})js",
      R"js({"kind": "BGPConfiguration", "apiVersion": "projectcalico.org/v3",
          "metadata": {"name": "default", "uid": "u", "creationTimestamp": "t"},
          "spec": {"logSeverityScreen": "Info", "nodeToNodeMeshEnabled": false,
                   "asNumber": 63400, "listenPort": 178, "bindMode": "NodeIP",
                   "serviceClusterIPs": [{"cidr": "10.96.0.0/12"}],
                   "communities": [{"name": "c", "value": "1:2"}],
                   "prefixAdvertisements": [{"cidr": "10.0.0.0/8", "communities": ["c"]}],
                   "ignoredInterfaces": ["eth9"]}})js",
      R"js({"kind": "BGPPeer", "apiVersion": "projectcalico.org/v3",
          "metadata": {"name": "p", "annotations": {"a": "b"}},
          "spec": {"peerIP": "[fd00::9]:1790", "asNumber": 65000, "localASNumber": 64999,
                   "nextHopMode": "Self", "ttlSecurity": 1, "maxRestartTime": "1m30s",
                   "reachableBy": "fd00::fe", "filters": ["f"]}})js",
      R"js({"kind": "BGPFilter", "apiVersion": "projectcalico.org/v3", "metadata": {"name": "f"},
          "spec": {"exportV4": [{"action": "Accept", "cidr": "10.0.0.0/8",
                                 "matchOperator": "In", "prefixLength": {"min": 8, "max": 24},
                                 "operations": [{"addCommunity": {"value": "1:2:3"}}]}],
                   "importV6": [{"action": "Reject", "interface": "eth*"}]}})js",
      R"js({"kind": "Secret", "apiVersion": "v1",
          "metadata": {"name": "s", "namespace": "calico-system"},
          "data": {"k": "dmFsdWU="}})js",
  };
  for (const char* text : objects) {
    const json input = json::parse(text);
    const auto result = decode(input);
    ASSERT_TRUE(result.has_value()) << text << ": " << to_string(result.error());
    // These inputs are already canonical: encode gives them back exactly.
    EXPECT_EQ(encode(*result), input) << encode(*result).dump();
    const auto again = decode(encode(*result));
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, *result);
  }
}

}  // namespace
}  // namespace mgmt::resource
