#include "mgmt/rrctl/crud_command.hpp"

#include <gtest/gtest.h>

#include "tests/unit/mgmt/rrctl/fake_server.hpp"

namespace mgmt::rrctl {
namespace {

using nlohmann::json;
using testing::FakeServer;
using testing::run_cli;

const char* const kTwoPeers = R"(apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata:
  name: peer-a
  uid: ignored-by-calicoctl
  labels:
    rack: "1"
spec:
  peerIP: 10.0.0.1
  asNumber: 64512
---
apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata:
  name: peer-b
spec:
  peerIP: 10.0.0.2
  asNumber: 64513
)";

json stored_peer(const std::string& name, const std::string& peer_ip) {
  return json{{"apiVersion", "projectcalico.org/v3"},
              {"kind", "BGPPeer"},
              {"metadata", {{"name", name}, {"uid", "original-uid"}}},
              {"spec", {{"peerIP", peer_ip}, {"asNumber", 64512}}}};
}

TEST(Apply, CreatesNewResources) {
  FakeServer server;
  const auto result = run_cli(server, {"apply", "-f", "-"}, kTwoPeers, {{"RRCTL_TOKEN", "s3cret"}});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "Successfully applied 2 'BGPPeer' resource(s)\n");
  EXPECT_EQ(result.err, "");
  ASSERT_EQ(server.requests.size(), 2U);
  const auto& post = server.requests[0];
  EXPECT_EQ(post.method, "POST");
  EXPECT_EQ(post.target, "/apis/projectcalico.org/v3/bgppeers");
  EXPECT_EQ(post.content_type, "application/json");
  EXPECT_EQ(post.authorization, "Bearer s3cret");
  // Only name/namespace/labels/annotations of the user's metadata are sent.
  const json body = json::parse(post.body);
  EXPECT_EQ(body["metadata"], json({{"name", "peer-a"}, {"labels", {{"rack", "1"}}}}));
  EXPECT_EQ(body["spec"]["asNumber"], 64512);
  ASSERT_NE(server.find("bgppeers", "peer-b"), nullptr);
}

TEST(Apply, UpdatesExistingWithTheCurrentVersionWhenTheFileHasNone) {
  FakeServer server;
  server.put("bgppeers", stored_peer("peer-a", "10.9.9.9"));  // version 100
  const auto result = run_cli(server, {"apply", "-f", "-"}, kTwoPeers);
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "Successfully applied 2 'BGPPeer' resource(s)\n");
  // POST (exists) -> GET -> PUT with resourceVersion 100, then POST of peer-b.
  ASSERT_EQ(server.requests.size(), 4U);
  EXPECT_EQ(server.requests[1].method, "GET");
  EXPECT_EQ(server.requests[2].method, "PUT");
  EXPECT_EQ(server.requests[2].target, "/apis/projectcalico.org/v3/bgppeers/peer-a");
  EXPECT_EQ(json::parse(server.requests[2].body)["metadata"]["resourceVersion"], "100");
  EXPECT_EQ((*server.find("bgppeers", "peer-a"))["spec"]["peerIP"], "10.0.0.1");
}

TEST(Apply, StaleVersionInTheFileIsAConflict) {
  FakeServer server;
  server.put("bgppeers", stored_peer("peer-a", "10.9.9.9"));  // version 100
  const auto result = run_cli(server, {"apply", "-f", "-"},
                              "kind: BGPPeer\nmetadata:\n  name: peer-a\n  resourceVersion: \"7\"\n"
                              "spec:\n  peerIP: 10.0.0.1\n");
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err,
            "Failed to apply 'BGPPeer' resource: [update conflict: BGPPeer(peer-a): the object has "
            "been modified; please apply your changes to the latest version and try again]\n");
  EXPECT_EQ(server.requests.back().method, "PUT");
}

TEST(Create, AlreadyExistsFailsUnlessSkipped) {
  FakeServer server;
  server.put("bgppeers", stored_peer("peer-a", "10.9.9.9"));
  auto result = run_cli(server, {"create", "-f", "-"},
                        "kind: BGPPeer\nmetadata:\n  name: peer-a\nspec:\n  peerIP: 10.0.0.1\n");
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.err,
            "Failed to create 'BGPPeer' resource: [resource already exists: BGPPeer(peer-a)]\n");

  result = run_cli(server, {"create", "-f", "-", "--skip-exists"},
                   "kind: BGPPeer\nmetadata:\n  name: peer-a\nspec:\n  peerIP: 10.0.0.1\n");
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "Successfully created 1 'BGPPeer' resource(s)\n");
  EXPECT_EQ((*server.find("bgppeers", "peer-a"))["spec"]["peerIP"], "10.9.9.9");
}

TEST(Create, PartialSuccessListsEveryError) {
  FakeServer server;
  server.put("bgppeers", stored_peer("peer-a", "10.9.9.9"));
  const auto result = run_cli(server, {"create", "-f", "-"}, kTwoPeers);
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.out, "Partial success: created 1 out of 2 'BGPPeer' resources:\n");
  EXPECT_EQ(result.err, "Hit error: [resource already exists: BGPPeer(peer-a)]\n");
}

TEST(Create, MixedKindsAndAllFailing) {
  FakeServer server;
  const std::string mixed =
      R"([{"kind": "BGPPeer", "metadata": {"name": "a"}}, {"kind": "Node", "metadata": {"name": "n"}}])";
  auto result = run_cli(server, {"create", "-f", "-"}, mixed);
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "Successfully created 2 resource(s)\n");
  result = run_cli(server, {"create", "-f", "-"}, mixed);
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.err,
            "Failed to create any resources: [resource already exists: BGPPeer(a) resource already "
            "exists: Node(n)]\n");
}

TEST(Replace, CopiesCurrentMetadataKeepsFileLabelsAndRetriesConflicts) {
  FakeServer server;
  json stored = stored_peer("peer-a", "10.9.9.9");
  stored["metadata"]["labels"] = {{"old", "x"}};
  server.put("bgppeers", stored);
  server.conflicts_to_inject = 2;
  const auto result = run_cli(server, {"replace", "-f", "-"},
                              "kind: BGPPeer\nmetadata:\n  name: peer-a\n  labels:\n    new: y\n"
                              "spec:\n  peerIP: 10.0.0.1\n");
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "Successfully replaced 1 'BGPPeer' resource(s)\n");
  EXPECT_EQ(result.sleeps, (std::vector<std::chrono::milliseconds>(2, std::chrono::seconds(1))));
  const json& now = *server.find("bgppeers", "peer-a");
  EXPECT_EQ(now["metadata"]["uid"], "original-uid");
  EXPECT_EQ(now["metadata"]["labels"], json({{"new", "y"}}));
  EXPECT_EQ(now["spec"], json({{"peerIP", "10.0.0.1"}}));  // the whole spec is replaced
}

TEST(Replace, GivesUpAfterFiveConflicts) {
  FakeServer server;
  server.put("bgppeers", stored_peer("peer-a", "10.9.9.9"));
  server.conflicts_to_inject = 10;
  const auto result =
      run_cli(server, {"replace", "-f", "-"},
              "kind: BGPPeer\nmetadata:\n  name: peer-a\nspec:\n  peerIP: 10.0.0.1\n");
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.sleeps.size(), 4U);
  int puts = 0;
  for (const auto& request : server.requests)
    puts += request.method == "PUT" ? 1 : 0;
  EXPECT_EQ(puts, 5);
  // replace prints its error without calicoctl's brackets.
  EXPECT_EQ(
      result.err.rfind("Failed to replace 'BGPPeer' resource: update conflict: BGPPeer(peer-a)", 0),
      0U)
      << result.err;
}

TEST(Replace, StaleFileVersionIsNotRetried) {
  FakeServer server;
  server.put("bgppeers", stored_peer("peer-a", "10.9.9.9"));
  const auto result = run_cli(server, {"replace", "-f", "-"},
                              "kind: BGPPeer\nmetadata:\n  name: peer-a\n  resourceVersion: '1'\n"
                              "spec:\n  peerIP: 10.0.0.1\n");
  EXPECT_EQ(result.status, 1);
  EXPECT_TRUE(result.sleeps.empty());
  EXPECT_EQ(server.requests.size(), 1U);
  const auto missing =
      run_cli(server, {"replace", "-f", "-"}, "kind: BGPPeer\nmetadata:\n  name: nope\nspec: {}\n");
  EXPECT_EQ(missing.err,
            "Failed to replace 'BGPPeer' resource: resource does not exist: BGPPeer(nope) with "
            "error: bgppeers.projectcalico.org \"nope\" not found\n");
}

TEST(Delete, ByNameAndSkipNotExists) {
  FakeServer server;
  server.put("bgppeers", stored_peer("peer-a", "10.9.9.9"));
  auto result = run_cli(server, {"delete", "bgppeer", "peer-a", "peer-b"});
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.out, "Partial success: deleted 1 out of 2 'BGPPeer' resources:\n");
  EXPECT_EQ(server.find("bgppeers", "peer-a"), nullptr);

  result = run_cli(server, {"delete", "bp", "peer-b", "--skip-not-exists"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "Successfully deleted 1 'BGPPeer' resource(s)\n");
}

TEST(Delete, FromFileIsConditionalOnTheFileVersion) {
  FakeServer server;
  server.put("bgppeers", stored_peer("peer-a", "10.9.9.9"));  // version 100
  const auto result =
      run_cli(server, {"delete", "-f", "-"},
              "kind: BGPPeer\nmetadata:\n  name: peer-a\n  resourceVersion: \"99\"\n");
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(server.requests.back().target,
            "/apis/projectcalico.org/v3/bgppeers/peer-a?resourceVersion=99");
  EXPECT_NE(server.find("bgppeers", "peer-a"), nullptr);
}

TEST(Crud, InputProblems) {
  FakeServer server;
  auto result = run_cli(server, {"apply", "-f", "-"}, "");
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.err, "No resources specified in file\n");
  result = run_cli(server, {"apply", "-f", "-"}, "kind: IPPool\n");
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.err.rfind("Failed to execute command: ", 0), 0U) << result.err;
  result = run_cli(server, {"apply", "-f", "/nonexistent/rrctl.yaml"});
  EXPECT_EQ(result.status, 1);
  EXPECT_NE(result.err.find("cannot open"), std::string::npos);
  EXPECT_TRUE(server.requests.empty());
}

TEST(Crud, UnreachableServerAndUnauthorized) {
  FakeServer server;
  server.unreachable = true;
  auto result = run_cli(server, {"apply", "-f", "-"}, kTwoPeers);
  EXPECT_EQ(result.status, 1);
  EXPECT_NE(result.err.find("Connection refused"), std::string::npos) << result.err;

  ApiError unauthorized = error_from_response(
      {401, "application/json",
       R"({"kind":"Status","message":"Unauthorized","reason":"Unauthorized","code":401})"},
      "POST");
  EXPECT_EQ(unauthorized.reason, "Unauthorized");
  EXPECT_EQ(unauthorized.to_string(), "Unauthorized");
  ApiError invalid = error_from_response(
      {400, "application/json",
       R"({"message":"BGPPeer.projectcalico.org \"x\" is invalid","reason":"Invalid",
           "details":{"causes":[{"field":"spec.peerIP","message":"bad IP"}]}})"},
      "POST");
  EXPECT_EQ(invalid.to_string(), "BGPPeer.projectcalico.org \"x\" is invalid: spec.peerIP: bad IP");
  ApiError html = error_from_response({502, "text/html", "<html>bad gateway</html>"}, "GET");
  EXPECT_EQ(html.reason, "InternalError");
  EXPECT_EQ(html.to_string(), "server returned HTTP 502: <html>bad gateway</html>");
  ApiError conflict = error_from_response({409, "", ""}, "POST");
  EXPECT_TRUE(conflict.already_exists());
}

TEST(Crud, TokenFromFiles) {
  FakeServer server;
  auto result = run_cli(server, {"delete", "bp", "x", "--skip-not-exists"}, "", {},
                        {{"/etc/rrd/token", "from-default-file\n"}});
  EXPECT_EQ(server.requests.back().authorization, "Bearer from-default-file");
  result = run_cli(server, {"delete", "bp", "x", "--skip-not-exists", "--token-file", "/t"}, "", {},
                   {{"/t", "  explicit \n"}, {"/etc/rrd/token", "default"}});
  EXPECT_EQ(server.requests.back().authorization, "Bearer explicit");
  const std::size_t before = server.requests.size();
  result = run_cli(server, {"delete", "bp", "x", "--token-file", "/missing"});
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.err, "cannot read token file '/missing'\n");
  EXPECT_EQ(server.requests.size(), before);
  result = run_cli(server, {"delete", "bp", "x", "--skip-not-exists"});
  EXPECT_EQ(server.requests.back().authorization, "");
}

}  // namespace
}  // namespace mgmt::rrctl
