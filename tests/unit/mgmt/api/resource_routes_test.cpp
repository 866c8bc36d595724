// CRUD of Calico resources and Secrets over a real socket and a real DirStore.
#include <gtest/gtest.h>

#include "tests/unit/mgmt/api/api_fixture.hpp"

namespace mgmt::api::testing {
namespace {

using http_verb = boost::beast::http::verb;
using nlohmann::json;

constexpr const char* kPeers = "/apis/projectcalico.org/v3/bgppeers";
constexpr const char* kNodes = "/apis/projectcalico.org/v3/nodes";
constexpr const char* kConfigs = "/apis/projectcalico.org/v3/bgpconfigurations";
constexpr const char* kFilters = "/apis/projectcalico.org/v3/bgpfilters";

json peer(const std::string& name, const std::string& ip, json extra = json::object()) {
  json spec = {{"peerIP", ip}, {"asNumber", 64513}};
  spec.update(extra);
  return {{"apiVersion", "projectcalico.org/v3"},
          {"kind", "BGPPeer"},
          {"metadata", {{"name", name}}},
          {"spec", spec}};
}

json node(const std::string& name) {
  return {{"apiVersion", "projectcalico.org/v3"},
          {"kind", "Node"},
          {"metadata", {{"name", name}, {"labels", {{"rack", "r1"}}}}},
          {"spec", {{"bgp", {{"ipv4Address", "10.0.0.1/24"}, {"asNumber", 64512}}}}}};
}

json filter(const std::string& name) {
  return {
      {"apiVersion", "projectcalico.org/v3"},
      {"kind", "BGPFilter"},
      {"metadata", {{"name", name}}},
      {"spec",
       {{"exportV4", {{{"action", "Accept"}, {"cidr", "10.0.0.0/8"}, {"matchOperator", "In"}}}}}}};
}

std::string rv(const Reply& reply) {
  return reply.json()["metadata"].value("resourceVersion", std::string{});
}

class ResourceRoutes : public ApiTest {
 protected:
  Reply create(const std::string& collection, const json& body) {
    auto c = client();
    return c.request(http_verb::post, collection, body.dump(), auth_json());
  }
};

TEST_F(ResourceRoutes, CreateGetListRoundTrip) {
  auto c = client();
  const Reply created =
      c.request(http_verb::post, kPeers, peer("peer-a", "10.0.0.5").dump(), auth_json());
  ASSERT_EQ(created.status, 201u) << created.body;
  EXPECT_EQ(created.header("content-type"), "application/json");
  EXPECT_FALSE(rv(created).empty());
  EXPECT_FALSE(created.json()["metadata"].value("uid", std::string{}).empty());
  EXPECT_EQ(created.json()["spec"]["peerIP"], "10.0.0.5");

  const Reply got = c.request(http_verb::get, std::string{kPeers} + "/peer-a");
  ASSERT_EQ(got.status, 200u) << got.body;
  EXPECT_EQ(got.json()["kind"], "BGPPeer");
  EXPECT_EQ(rv(got), rv(created));
  EXPECT_TRUE(got.keep_alive);

  ASSERT_EQ(create(kPeers, peer("peer-b", "10.0.0.6")).status, 201u);
  const Reply listed = c.request(http_verb::get, kPeers);
  ASSERT_EQ(listed.status, 200u);
  const json list = listed.json();
  EXPECT_EQ(list["apiVersion"], "projectcalico.org/v3");
  EXPECT_EQ(list["kind"], "BGPPeerList");
  EXPECT_FALSE(list["metadata"]["resourceVersion"].get<std::string>().empty());
  ASSERT_EQ(list["items"].size(), 2u);
  EXPECT_EQ(list["items"][0]["metadata"]["name"], "peer-a");
  EXPECT_EQ(list["items"][1]["metadata"]["name"], "peer-b");

  const Reply empty = c.request(http_verb::get, kFilters);
  ASSERT_EQ(empty.status, 200u);
  EXPECT_EQ(empty.json()["kind"], "BGPFilterList");
  EXPECT_TRUE(empty.json()["items"].empty());
}

TEST_F(ResourceRoutes, InvalidFieldGivesCauses) {
  const Reply reply = create(kPeers, peer("peer-a", "10.0.0.1:99999"));
  ASSERT_EQ(reply.status, 400u) << reply.body;
  const json status = reply.json();
  EXPECT_EQ(status["kind"], "Status");
  EXPECT_EQ(status["apiVersion"], "v1");
  EXPECT_EQ(status["status"], "Failure");
  EXPECT_EQ(status["reason"], "Invalid");
  EXPECT_EQ(status["code"], 400);
  EXPECT_EQ(status["details"]["name"], "peer-a");
  EXPECT_EQ(status["details"]["kind"], "BGPPeer");
  ASSERT_FALSE(status["details"]["causes"].empty());
  EXPECT_EQ(status["details"]["causes"][0]["field"], "spec.peerIP");
  EXPECT_EQ(status["details"]["causes"][0]["reason"], "FieldValueInvalid");
  EXPECT_NE(status["message"].get<std::string>().find("spec.peerIP"), std::string::npos);
  EXPECT_EQ(client().request(http_verb::get, std::string{kPeers} + "/peer-a").status, 404u);
}

TEST_F(ResourceRoutes, BadJsonAndKindMismatchAre400) {
  auto c = client();
  const Reply bad = c.request(http_verb::post, kPeers, "{\"kind\": ", auth_json());
  ASSERT_EQ(bad.status, 400u);
  EXPECT_EQ(bad.json()["reason"], "BadRequest");
  const Reply not_object = c.request(http_verb::post, kPeers, "[1,2]", auth_json());
  EXPECT_EQ(not_object.status, 400u);
  const Reply mismatch =
      c.request(http_verb::post, kNodes, peer("peer-a", "10.0.0.5").dump(), auth_json());
  ASSERT_EQ(mismatch.status, 400u);
  EXPECT_EQ(mismatch.json()["reason"], "BadRequest");
  EXPECT_NE(mismatch.json()["message"].get<std::string>().find("BGPPeer"), std::string::npos);
  const Reply empty = c.request(http_verb::post, kPeers, "", auth_json());
  EXPECT_EQ(empty.status, 400u);
  const Reply deep = c.request(http_verb::post, kPeers,
                               std::string(500, '[') + std::string(500, ']'), auth_json());
  EXPECT_EQ(deep.status, 400u);
}

TEST_F(ResourceRoutes, CreateWithResourceVersionIsInvalid) {
  json body = peer("peer-a", "10.0.0.5");
  body["metadata"]["resourceVersion"] = "12";
  const Reply reply = create(kPeers, body);
  ASSERT_EQ(reply.status, 400u);
  EXPECT_EQ(reply.json()["details"]["causes"][0]["field"], "metadata.resourceVersion");
}

TEST_F(ResourceRoutes, MutationsNeedTheToken) {
  auto c = client();
  const std::string body = peer("peer-a", "10.0.0.5").dump();
  const Reply none =
      c.request(http_verb::post, kPeers, body, {{"Content-Type", "application/json"}});
  ASSERT_EQ(none.status, 401u);
  EXPECT_EQ(none.json()["reason"], "Unauthorized");
  EXPECT_NE(none.header("www-authenticate").find("Bearer"), std::string::npos);
  const Reply wrong = c.request(http_verb::post, kPeers, body, {{"Authorization", "Bearer nope"}});
  EXPECT_EQ(wrong.status, 401u);
  const Reply basic =
      c.request(http_verb::post, kPeers, body, {{"Authorization", "Basic czNjcmV0"}});
  EXPECT_EQ(basic.status, 401u);
  EXPECT_EQ(c.request(http_verb::delete_, std::string{kPeers} + "/peer-a").status, 401u);
  EXPECT_EQ(c.request(http_verb::put, std::string{kPeers} + "/peer-a", body).status, 401u);
  EXPECT_EQ(c.request(http_verb::patch, std::string{kPeers} + "/peer-a", "{}").status, 401u);
  // Reads of Calico resources need no token.
  EXPECT_EQ(c.request(http_verb::get, kPeers).status, 200u);
}

class NoTokenRoutes : public ApiTest {
 protected:
  void configure(ApiConfig& config) override { config.token.clear(); }
};

TEST_F(NoTokenRoutes, EmptyTokenRefusesMutations) {
  auto c = client();
  EXPECT_EQ(c.request(http_verb::post, kPeers, peer("peer-a", "10.0.0.5").dump(),
                      {{"Authorization", "Bearer "}})
                .status,
            401u);
  EXPECT_EQ(c.request(http_verb::post, kPeers, peer("peer-a", "10.0.0.5").dump(),
                      {{"Authorization", "Bearer s3cret-token"}})
                .status,
            401u);
  EXPECT_EQ(c.request(http_verb::get, kPeers).status, 200u);
}

TEST_F(ResourceRoutes, NotFoundPathsAndObjects) {
  auto c = client();
  const Reply object = c.request(http_verb::get, std::string{kPeers} + "/missing");
  ASSERT_EQ(object.status, 404u);
  EXPECT_EQ(object.json()["reason"], "NotFound");
  EXPECT_EQ(object.json()["details"]["name"], "missing");
  EXPECT_EQ(object.json()["details"]["kind"], "bgppeers");
  EXPECT_EQ(c.request(http_verb::get, "/apis/projectcalico.org/v3/ippools").status, 404u);
  EXPECT_EQ(c.request(http_verb::get, "/nope").status, 404u);
  EXPECT_EQ(c.request(http_verb::get, "/").status, 404u);
  EXPECT_EQ(c.request(http_verb::get, std::string{kPeers} + "/..%2F..%2Fetc").status, 404u);
  EXPECT_EQ(c.request(http_verb::delete_, std::string{kPeers} + "/missing", "", auth()).status,
            404u);
  EXPECT_EQ(c.request(http_verb::put, std::string{kPeers} + "/missing",
                      peer("missing", "10.0.0.9").dump(), auth_json())
                .status,
            404u);
  EXPECT_EQ(c.request(http_verb::patch, std::string{kPeers} + "/missing", "{}",
                      auth_json("application/merge-patch+json"))
                .status,
            404u);
}

TEST_F(ResourceRoutes, WrongMethodIs405) {
  auto c = client();
  const Reply put_collection = c.request(http_verb::put, kPeers, "{}", auth_json());
  ASSERT_EQ(put_collection.status, 405u);
  EXPECT_EQ(put_collection.json()["reason"], "MethodNotAllowed");
  EXPECT_EQ(put_collection.header("allow"), "GET, POST");
  EXPECT_EQ(c.request(http_verb::post, std::string{kPeers} + "/x", "{}", auth_json()).status, 405u);
  EXPECT_EQ(c.request(http_verb::delete_, kPeers, "", auth()).status, 405u);
  EXPECT_EQ(c.request(http_verb::options, kPeers).status, 405u);
  EXPECT_EQ(c.request(http_verb::post, "/status", "{}").status, 405u);
}

TEST_F(ResourceRoutes, AlreadyExistsIs409) {
  ASSERT_EQ(create(kPeers, peer("peer-a", "10.0.0.5")).status, 201u);
  const Reply again = create(kPeers, peer("peer-a", "10.0.0.6"));
  ASSERT_EQ(again.status, 409u);
  EXPECT_EQ(again.json()["reason"], "AlreadyExists");
  EXPECT_EQ(again.json()["code"], 409);
}

TEST_F(ResourceRoutes, PutReplacesAndHonoursResourceVersion) {
  const Reply created = create(kPeers, peer("peer-a", "10.0.0.5", {{"keepOriginalNextHop", true}}));
  ASSERT_EQ(created.status, 201u) << created.body;
  const std::string uid = created.json()["metadata"]["uid"];
  auto c = client();
  const std::string url = std::string{kPeers} + "/peer-a";

  // Unconditional replace: the whole spec is replaced (keepOriginalNextHop is gone).
  const Reply replaced =
      c.request(http_verb::put, url, peer("peer-a", "10.0.0.7").dump(), auth_json());
  ASSERT_EQ(replaced.status, 200u) << replaced.body;
  EXPECT_EQ(replaced.json()["spec"]["peerIP"], "10.0.0.7");
  EXPECT_FALSE(replaced.json()["spec"].contains("keepOriginalNextHop"));
  EXPECT_EQ(replaced.json()["metadata"]["uid"], uid);
  EXPECT_NE(rv(replaced), rv(created));

  // Stale resourceVersion: 409 Conflict.
  json stale = peer("peer-a", "10.0.0.8");
  stale["metadata"]["resourceVersion"] = rv(created);
  const Reply conflict = c.request(http_verb::put, url, stale.dump(), auth_json());
  ASSERT_EQ(conflict.status, 409u) << conflict.body;
  EXPECT_EQ(conflict.json()["reason"], "Conflict");

  // Current resourceVersion: accepted.
  json fresh = peer("peer-a", "10.0.0.8");
  fresh["metadata"]["resourceVersion"] = rv(replaced);
  const Reply ok = c.request(http_verb::put, url, fresh.dump(), auth_json());
  ASSERT_EQ(ok.status, 200u) << ok.body;
  EXPECT_EQ(ok.json()["spec"]["peerIP"], "10.0.0.8");

  // Name in the body must match the URL.
  const Reply renamed =
      c.request(http_verb::put, url, peer("peer-b", "10.0.0.8").dump(), auth_json());
  ASSERT_EQ(renamed.status, 400u);
  EXPECT_EQ(renamed.json()["reason"], "BadRequest");
  // Invalid body.
  const Reply bad = c.request(http_verb::put, url, peer("peer-a", "not-an-ip").dump(), auth_json());
  EXPECT_EQ(bad.status, 400u);
  EXPECT_EQ(bad.json()["reason"], "Invalid");
}

TEST_F(ResourceRoutes, MergePatchSemantics) {
  json body = node("node-1");
  body["metadata"]["labels"]["zone"] = "a";
  ASSERT_EQ(create(kNodes, body).status, 201u);
  auto c = client();
  const std::string url = std::string{kNodes} + "/node-1";
  // Nested merge: asNumber changes, ipv4Address stays; null removes a label.
  const Reply patched = c.request(
      http_verb::patch, url,
      R"({"metadata":{"labels":{"zone":null}},"spec":{"bgp":{"asNumber":"64514","routeReflectorClusterID":"244.0.0.1"}}})",
      auth_json("application/merge-patch+json"));
  ASSERT_EQ(patched.status, 200u) << patched.body;
  const json result = patched.json();
  EXPECT_EQ(result["spec"]["bgp"]["asNumber"], 64514);
  EXPECT_EQ(result["spec"]["bgp"]["ipv4Address"], "10.0.0.1/24");
  EXPECT_EQ(result["spec"]["bgp"]["routeReflectorClusterID"], "244.0.0.1");
  EXPECT_EQ(result["metadata"]["labels"], json({{"rack", "r1"}}));
  EXPECT_EQ(c.request(http_verb::get, url).json()["spec"]["bgp"]["asNumber"], 64514);

  // Lists are replaced wholesale (strategic-merge-patch content type is accepted too).
  ASSERT_EQ(create(kFilters, filter("f1")).status, 201u);
  ASSERT_EQ(create(kFilters, filter("f2")).status, 201u);
  ASSERT_EQ(create(kPeers, peer("peer-a", "10.0.0.5", {{"filters", {"f1", "f2"}}})).status, 201u);
  const Reply lists =
      c.request(http_verb::patch, std::string{kPeers} + "/peer-a", R"({"spec":{"filters":["f2"]}})",
                auth_json("application/strategic-merge-patch+json"));
  ASSERT_EQ(lists.status, 200u) << lists.body;
  EXPECT_EQ(lists.json()["spec"]["filters"], json({"f2"}));

  // Patch result is validated.
  const Reply invalid = c.request(http_verb::patch, url,
                                  R"({"spec":{"bgp":{"routeReflectorClusterID":"300.34.3.1"}}})",
                                  auth_json("application/json"));
  ASSERT_EQ(invalid.status, 400u);
  EXPECT_EQ(invalid.json()["details"]["causes"][0]["field"], "spec.bgp.routeReflectorClusterID");
  // A patch cannot rename.
  EXPECT_EQ(c.request(http_verb::patch, url, R"({"metadata":{"name":"node-2"}})",
                      auth_json("application/merge-patch+json"))
                .status,
            400u);
  // A resourceVersion in the patch is a precondition.
  const Reply stale = c.request(http_verb::patch, url, R"({"metadata":{"resourceVersion":"1"}})",
                                auth_json("application/merge-patch+json"));
  EXPECT_EQ(stale.status, 409u) << stale.body;
  // JSON patch is not supported; bad JSON is 400.
  EXPECT_EQ(c.request(http_verb::patch, url, "[]", auth_json("application/json-patch+json")).status,
            415u);
  EXPECT_EQ(c.request(http_verb::patch, url, "{", auth_json("application/merge-patch+json")).status,
            400u);
}

TEST_F(ResourceRoutes, PeerFiltersMustExist) {
  const Reply missing = create(kPeers, peer("peer-a", "10.0.0.5", {{"filters", {"f1", "f9"}}}));
  ASSERT_EQ(missing.status, 400u) << missing.body;
  EXPECT_NE(missing.json()["message"].get<std::string>().find("BGPFilter(s) not found: f1, f9"),
            std::string::npos);
  ASSERT_EQ(create(kFilters, filter("f1")).status, 201u);
  const Reply still = create(kPeers, peer("peer-a", "10.0.0.5", {{"filters", {"f1", "f9"}}}));
  ASSERT_EQ(still.status, 400u);
  EXPECT_NE(still.json()["message"].get<std::string>().find("not found: f9"), std::string::npos);
  ASSERT_EQ(create(kFilters, filter("f9")).status, 201u);
  EXPECT_EQ(create(kPeers, peer("peer-a", "10.0.0.5", {{"filters", {"f1", "f9"}}})).status, 201u);
}

TEST_F(ResourceRoutes, DeleteReturnsObjectAndHonoursPreconditions) {
  const Reply created = create(kPeers, peer("peer-a", "10.0.0.5"));
  ASSERT_EQ(created.status, 201u);
  auto c = client();
  const std::string url = std::string{kPeers} + "/peer-a";
  EXPECT_EQ(c.request(http_verb::delete_, url + "?resourceVersion=999999", "", auth()).status,
            409u);
  const Reply options = c.request(
      http_verb::delete_, url,
      R"({"kind":"DeleteOptions","preconditions":{"resourceVersion":"999999"}})", auth_json());
  EXPECT_EQ(options.status, 409u);
  EXPECT_EQ(c.request(http_verb::delete_, url, "{nope", auth_json()).status, 400u);
  const Reply deleted =
      c.request(http_verb::delete_, url + "?resourceVersion=" + rv(created), "", auth());
  ASSERT_EQ(deleted.status, 200u) << deleted.body;
  EXPECT_EQ(deleted.json()["metadata"]["name"], "peer-a");
  EXPECT_EQ(deleted.json()["spec"]["peerIP"], "10.0.0.5");
  EXPECT_EQ(c.request(http_verb::get, url).status, 404u);
}

TEST_F(ResourceRoutes, NodeDeleteCascades) {
  ASSERT_EQ(create(kNodes, node("node-1")).status, 201u);
  ASSERT_EQ(create(kPeers, peer("peer-of-node-1", "10.0.0.5", {{"node", "node-1"}})).status, 201u);
  ASSERT_EQ(create(kPeers, peer("peer-of-node-2", "10.0.0.6", {{"node", "node-2"}})).status, 201u);
  ASSERT_EQ(create(kPeers, peer("global-peer", "10.0.0.7")).status, 201u);
  const json node_config = {{"apiVersion", "projectcalico.org/v3"},
                            {"kind", "BGPConfiguration"},
                            {"metadata", {{"name", "node.node-1"}}},
                            {"spec", {{"logSeverityScreen", "Debug"}}}};
  const json other_config = {{"apiVersion", "projectcalico.org/v3"},
                             {"kind", "BGPConfiguration"},
                             {"metadata", {{"name", "node.node-2"}}},
                             {"spec", {{"logSeverityScreen", "Debug"}}}};
  ASSERT_EQ(create(kConfigs, node_config).status, 201u) << create(kConfigs, node_config).body;
  ASSERT_EQ(create(kConfigs, other_config).status, 201u);

  auto c = client();
  const Reply deleted = c.request(http_verb::delete_, std::string{kNodes} + "/node-1", "", auth());
  ASSERT_EQ(deleted.status, 200u) << deleted.body;
  EXPECT_EQ(deleted.json()["kind"], "Node");
  EXPECT_EQ(c.request(http_verb::get, std::string{kPeers} + "/peer-of-node-1").status, 404u);
  EXPECT_EQ(c.request(http_verb::get, std::string{kPeers} + "/peer-of-node-2").status, 200u);
  EXPECT_EQ(c.request(http_verb::get, std::string{kPeers} + "/global-peer").status, 200u);
  EXPECT_EQ(c.request(http_verb::get, std::string{kConfigs} + "/node.node-1").status, 404u);
  EXPECT_EQ(c.request(http_verb::get, std::string{kConfigs} + "/node.node-2").status, 200u);
}

TEST_F(ResourceRoutes, SecretsNeedTheTokenForEveryVerb) {
  const json secret = {{"apiVersion", "v1"},
                       {"kind", "Secret"},
                       {"metadata", {{"name", "bgp-secrets"}, {"namespace", "kube-system"}}},
                       {"stringData", {{"peer-a", "hunter2"}}}};
  auto c = client();
  EXPECT_EQ(c.request(http_verb::post, "/api/v1/secrets", secret.dump()).status, 401u);
  const Reply created = c.request(http_verb::post, "/api/v1/secrets", secret.dump(), auth_json());
  ASSERT_EQ(created.status, 201u) << created.body;
  EXPECT_EQ(created.json()["kind"], "Secret");

  EXPECT_EQ(c.request(http_verb::get, "/api/v1/secrets").status, 401u);
  EXPECT_EQ(c.request(http_verb::get, "/api/v1/secrets/bgp-secrets").status, 401u);
  EXPECT_EQ(c.request(http_verb::get, "/api/v1/namespaces/kube-system/secrets/bgp-secrets").status,
            401u);
  const Reply got = c.request(http_verb::get, "/api/v1/secrets/bgp-secrets", "", auth());
  ASSERT_EQ(got.status, 200u);
  EXPECT_EQ(got.json()["data"]["peer-a"], "aHVudGVyMg==");
  const Reply ns =
      c.request(http_verb::get, "/api/v1/namespaces/kube-system/secrets/bgp-secrets", "", auth());
  EXPECT_EQ(ns.status, 200u);
  const Reply listed = c.request(http_verb::get, "/api/v1/secrets", "", auth());
  ASSERT_EQ(listed.status, 200u);
  EXPECT_EQ(listed.json()["kind"], "SecretList");
  EXPECT_EQ(listed.json()["apiVersion"], "v1");
  EXPECT_EQ(listed.json()["items"].size(), 1u);

  EXPECT_EQ(
      c.request(http_verb::patch, "/api/v1/secrets/bgp-secrets", R"({"stringData":{"peer-b":"x"}})",
                {{"Content-Type", "application/merge-patch+json"}})
          .status,
      401u);
  const Reply patched =
      c.request(http_verb::patch, "/api/v1/secrets/bgp-secrets", R"({"stringData":{"peer-b":"x"}})",
                auth_json("application/merge-patch+json"));
  ASSERT_EQ(patched.status, 200u) << patched.body;
  EXPECT_EQ(patched.json()["data"].size(), 2u);
  EXPECT_EQ(c.request(http_verb::delete_, "/api/v1/secrets/bgp-secrets").status, 401u);
  EXPECT_EQ(c.request(http_verb::delete_, "/api/v1/namespaces/kube-system/secrets/bgp-secrets", "",
                      auth())
                .status,
            200u);
  EXPECT_EQ(c.request(http_verb::get, "/api/v1/secrets/bgp-secrets", "", auth()).status, 404u);
  // A Calico kind at the secrets URL is a mismatch.
  EXPECT_EQ(
      c.request(http_verb::post, "/api/v1/secrets", peer("peer-a", "10.0.0.5").dump(), auth_json())
          .status,
      400u);
}

}  // namespace
}  // namespace mgmt::api::testing
