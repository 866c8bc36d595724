#include "mgmt/rrctl/yaml_json.hpp"

#include <gtest/gtest.h>

namespace mgmt::rrctl {
namespace {

using nlohmann::json;

json one_document(const std::string& text) {
  auto documents = parse_yaml_documents(text);
  EXPECT_TRUE(documents.has_value()) << (documents ? "" : documents.error());
  if (!documents || documents->size() != 1) return json();
  return documents->front();
}

TEST(YamlToJson, PlainBooleansInEveryUsualSpelling) {
  for (const char* word : {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"}) {
    EXPECT_EQ(resolve_plain_scalar(word), json(true)) << word;
  }
  for (const char* word : {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"}) {
    EXPECT_EQ(resolve_plain_scalar(word), json(false)) << word;
  }
  // Not YAML 1.1 booleans in our reading: mixed case and single letters stay strings.
  EXPECT_EQ(resolve_plain_scalar("tRue"), json("tRue"));
  EXPECT_EQ(resolve_plain_scalar("y"), json("y"));
}

TEST(YamlToJson, IntegersBecomeNumbers) {
  EXPECT_EQ(resolve_plain_scalar("64512"), json(64512));
  EXPECT_EQ(resolve_plain_scalar("-5"), json(-5));
  EXPECT_EQ(resolve_plain_scalar("+7"), json(7));
  EXPECT_EQ(resolve_plain_scalar("0"), json(0));
  EXPECT_EQ(resolve_plain_scalar("4294967295"), json(4294967295U));
  EXPECT_EQ(resolve_plain_scalar("18446744073709551615"), json(18446744073709551615U));
  EXPECT_EQ(resolve_plain_scalar("0x1F"), json(31));
  EXPECT_EQ(resolve_plain_scalar("0o17"), json(15));
  EXPECT_EQ(resolve_plain_scalar("017"), json(15));  // YAML 1.1 octal
  EXPECT_TRUE(resolve_plain_scalar("64512").is_number_integer());
  // Too big for 64 bits, not a number.
  EXPECT_EQ(resolve_plain_scalar("99999999999999999999"), json("99999999999999999999"));
}

TEST(YamlToJson, FloatsNullsAndOtherText) {
  EXPECT_EQ(resolve_plain_scalar("1.5"), json(1.5));
  EXPECT_EQ(resolve_plain_scalar("1e3"), json(1000.0));
  EXPECT_TRUE(resolve_plain_scalar("1.10").is_number_float());
  for (const char* word : {"", "~", "null", "Null", "NULL"}) {
    EXPECT_TRUE(resolve_plain_scalar(word).is_null()) << word;
  }
  EXPECT_EQ(resolve_plain_scalar("10.0.0.1"), json("10.0.0.1"));
  EXPECT_EQ(resolve_plain_scalar("192.168.1.1:500"), json("192.168.1.1:500"));
  EXPECT_EQ(resolve_plain_scalar("all()"), json("all()"));
  EXPECT_EQ(resolve_plain_scalar("09"), json("09"));
  EXPECT_EQ(resolve_plain_scalar(".inf"), json(".inf"));
}

TEST(YamlToJson, QuotedScalarsStayStrings) {
  const json doc =
      one_document("a: \"true\"\nb: '123'\nc: \"\"\nd: 'null'\ne: \"64512\"\nf: |\n  yes\n");
  EXPECT_EQ(doc["a"], json("true"));
  EXPECT_EQ(doc["b"], json("123"));
  EXPECT_EQ(doc["c"], json(""));
  EXPECT_EQ(doc["d"], json("null"));
  EXPECT_EQ(doc["e"], json("64512"));
  EXPECT_EQ(doc["f"], json("yes\n"));
}

TEST(YamlToJson, ExplicitTags) {
  const json doc = one_document("a: !!str 123\nb: !!int \"42\"\nc: !!bool \"yes\"\n");
  EXPECT_EQ(doc["a"], json("123"));
  EXPECT_EQ(doc["b"], json(42));
  EXPECT_EQ(doc["c"], json(true));
  EXPECT_FALSE(parse_yaml_documents("a: !!int abc\n").has_value());
}

TEST(YamlToJson, NestedResource) {
  const json doc = one_document(R"(apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata:
  name: peer-1
  labels:
    rack: "7"
    enabled: true
spec:
  peerIP: 192.168.1.1
  asNumber: 64513
  nodeSelector: '!has(route-reflector)'
  keepOriginalNextHop: yes
  filters:
    - f1
    - f2
  password:
  ttlSecurity: ~
)");
  const json expected = json::parse(R"js({
    "apiVersion": "projectcalico.org/v3", "kind": "BGPPeer",
    "metadata": {"name": "peer-1", "labels": {"rack": "7", "enabled": true}},
    "spec": {"peerIP": "192.168.1.1", "asNumber": 64513, "nodeSelector": "!has(route-reflector)",
             "keepOriginalNextHop": true, "filters": ["f1", "f2"], "password": null,
             "ttlSecurity": null}})js");
  EXPECT_EQ(doc, expected);
}

TEST(YamlToJson, MultiDocumentKeepsEmptyDocumentsAsNull) {
  auto documents = parse_yaml_documents("---\na: 1\n---\n---\nb: 2\n...\n");
  ASSERT_TRUE(documents.has_value());
  ASSERT_EQ(documents->size(), 3U);
  EXPECT_EQ((*documents)[0], json({{"a", 1}}));
  EXPECT_TRUE((*documents)[1].is_null());
  EXPECT_EQ((*documents)[2], json({{"b", 2}}));
}

TEST(YamlToJson, SyntaxErrorNamesTheLine) {
  auto documents = parse_yaml_documents("a: 1\nb: [1, 2\n");
  ASSERT_FALSE(documents.has_value());
  EXPECT_NE(documents.error().find("line "), std::string::npos) << documents.error();
}

TEST(JsonToYaml, QuotesStringsThatWouldReadAsOtherTypes) {
  EXPECT_EQ(yaml_quote("true"), "\"true\"");
  EXPECT_EQ(yaml_quote("No"), "\"No\"");
  EXPECT_EQ(yaml_quote("y"), "\"y\"");
  EXPECT_EQ(yaml_quote("123"), "\"123\"");
  EXPECT_EQ(yaml_quote("1.10"), "\"1.10\"");
  EXPECT_EQ(yaml_quote(""), "\"\"");
  EXPECT_EQ(yaml_quote("null"), "\"null\"");
  EXPECT_EQ(yaml_quote("~"), "\"~\"");
  EXPECT_EQ(yaml_quote("100:200"), "\"100:200\"");
  EXPECT_EQ(yaml_quote("2024-05-02"), "\"2024-05-02\"");
  EXPECT_EQ(yaml_quote("a\nb"), "\"a\\nb\"");
}

TEST(JsonToYaml, SingleQuotesIndicatorsAndLeavesPlainTextAlone) {
  EXPECT_EQ(yaml_quote("!has(a)"), "'!has(a)'");
  EXPECT_EQ(yaml_quote("a: b"), "'a: b'");
  EXPECT_EQ(yaml_quote("x #y"), "'x #y'");
  EXPECT_EQ(yaml_quote("it's"), "it's");
  EXPECT_EQ(yaml_quote("'q'"), "'''q'''");
  EXPECT_EQ(yaml_quote(" lead"), "' lead'");
  EXPECT_EQ(yaml_quote("*"), "'*'");
  EXPECT_EQ(yaml_quote("10.0.0.1"), "10.0.0.1");
  EXPECT_EQ(yaml_quote("all()"), "all()");
  EXPECT_EQ(yaml_quote("has(a) && b == 'x'"), "has(a) && b == 'x'");
  EXPECT_EQ(yaml_quote("projectcalico.org/v3"), "projectcalico.org/v3");
}

TEST(JsonToYaml, BlockLayoutLikeCalicoctl) {
  const json object = json::parse(R"({
    "apiVersion": "projectcalico.org/v3", "kind": "BGPPeerList",
    "items": [{"metadata": {"name": "p1", "resourceVersion": "123"},
               "spec": {"asNumber": 64512, "filters": ["a", "b"], "peerIP": "10.0.0.1"}}],
    "metadata": {}})");
  EXPECT_EQ(json_to_yaml(object), R"(apiVersion: projectcalico.org/v3
items:
- metadata:
    name: p1
    resourceVersion: "123"
  spec:
    asNumber: 64512
    filters:
    - a
    - b
    peerIP: 10.0.0.1
kind: BGPPeerList
metadata: {}
)");
  EXPECT_EQ(json_to_yaml(json::parse(R"({"a": [[1, 2], []], "b": null, "c": false})")),
            "a:\n- - 1\n  - 2\n- []\nb: null\nc: false\n");
}

TEST(JsonToYaml, RoundTripsThroughTheReader) {
  const json original = json::parse(R"js({
    "metadata": {"name": "n1", "labels": {"flag": "true", "num": "123", "empty": "", "colon": "a: b",
                 "sel": "!has(x)", "quote": "'", "nl": "a\nb", "tilde": "~", "yes": "yes",
                 "hash": "a #b", "date": "2001-12-14", "neg": "-1", "dash": "- x"}},
    "spec": {"asNumber": 64512, "big": 4294967295, "neg": -3, "on": true, "off": false,
             "none": null, "list": [{"a": 1, "b": ["x", {"c": "d"}]}, [], {}],
             "ratio": 0.5}})js");
  const std::string text = json_to_yaml(original);
  auto documents = parse_yaml_documents(text);
  ASSERT_TRUE(documents.has_value()) << documents.error() << "\n" << text;
  ASSERT_EQ(documents->size(), 1U);
  EXPECT_EQ(documents->front(), original) << text;
}

}  // namespace
}  // namespace mgmt::rrctl
