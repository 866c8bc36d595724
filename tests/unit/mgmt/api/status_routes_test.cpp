// Status, RIB, plan, health and metrics routes over a real socket.
#include <regex>
#include <sstream>

#include <gtest/gtest.h>

#include "tests/unit/mgmt/api/api_fixture.hpp"

namespace mgmt::api::testing {
namespace {

using http_verb = boost::beast::http::verb;

class StatusRoutes : public ApiTest {};

TEST_F(StatusRoutes, StatusAndPeers) {
  auto c = client();
  const Reply status = c.request(http_verb::get, "/status");
  ASSERT_EQ(status.status, 200u);
  EXPECT_EQ(status.json()["kind"], "Status");
  const Reply peers = c.request(http_verb::get, "/status/peers");
  ASSERT_EQ(peers.status, 200u);
  EXPECT_EQ(peers.json()["kind"], "PeerStatusList");
  EXPECT_EQ(peers.json()["items"][0]["peerAddress"], "10.0.0.2");
  EXPECT_EQ(c.request(http_verb::get, "/status/other").status, 404u);
}

TEST_F(StatusRoutes, RibWholeAndByPrefix) {
  auto c = client();
  const Reply whole = c.request(http_verb::get, "/rib");
  ASSERT_EQ(whole.status, 200u);
  EXPECT_EQ(status_.last_prefix, "");
  const Reply raw = c.request(http_verb::get, "/rib/10.0.0.0/26");
  ASSERT_EQ(raw.status, 200u);
  EXPECT_EQ(status_.last_prefix, "10.0.0.0/26");
  EXPECT_EQ(raw.json()["items"][0]["prefix"], "10.0.0.0/26");
  const Reply encoded = c.request(http_verb::get, "/rib/10.0.0.0%2F26");
  ASSERT_EQ(encoded.status, 200u);
  EXPECT_EQ(status_.last_prefix, "10.0.0.0/26");
  const Reply v6 = c.request(http_verb::get, "/rib/2001:db8::%2F64");
  ASSERT_EQ(v6.status, 200u);
  EXPECT_EQ(status_.last_prefix, "2001:db8::/64");
  EXPECT_EQ(v6.json()["items"].size(), 1u);
  const Reply unknown = c.request(http_verb::get, "/rib/192.168.0.0/16");
  ASSERT_EQ(unknown.status, 200u);
  EXPECT_TRUE(unknown.json()["items"].empty());
}

TEST_F(StatusRoutes, AdjRibOut) {
  auto c = client();
  const Reply known = c.request(http_verb::get, "/adj-rib-out/Node_10_0_0_2");
  ASSERT_EQ(known.status, 200u);
  EXPECT_EQ(known.json()["kind"], "AdjRibOut");
  const Reply unknown = c.request(http_verb::get, "/adj-rib-out/nobody");
  ASSERT_EQ(unknown.status, 404u);
  EXPECT_EQ(unknown.json()["reason"], "NotFound");
}

TEST_F(StatusRoutes, Plan) {
  auto c = client();
  const Reply plan = c.request(http_verb::get, "/plan?node=node-1");
  ASSERT_EQ(plan.status, 200u);
  EXPECT_EQ(plan.json()["node"], "node-1");
  const Reply unknown = c.request(http_verb::get, "/plan?node=ghost");
  ASSERT_EQ(unknown.status, 404u);
  EXPECT_EQ(unknown.json()["kind"], "Status");
  EXPECT_NE(unknown.json()["message"].get<std::string>().find("ghost"), std::string::npos);
  EXPECT_EQ(c.request(http_verb::get, "/plan").status, 400u);
}

TEST_F(StatusRoutes, HealthAndReadiness) {
  auto c = client();
  const Reply healthy = c.request(http_verb::get, "/healthz");
  EXPECT_EQ(healthy.status, 200u);
  EXPECT_EQ(healthy.body, "ok\n");
  EXPECT_EQ(c.request(http_verb::get, "/readyz").status, 200u);
  status_.ready_ = false;
  status_.live_ = false;
  EXPECT_EQ(c.request(http_verb::get, "/readyz").status, 503u);
  EXPECT_EQ(c.request(http_verb::get, "/healthz").status, 503u);
}

TEST_F(StatusRoutes, MetricsAreWellFormedAndCountRequests) {
  auto c = client();
  ASSERT_EQ(c.request(http_verb::get, "/healthz").status, 200u);
  ASSERT_EQ(c.request(http_verb::get, "/nope").status, 404u);
  const Reply metrics = c.request(http_verb::get, "/metrics");
  ASSERT_EQ(metrics.status, 200u);
  EXPECT_EQ(metrics.header("content-type").rfind("text/plain; version=0.0.4", 0), 0u);
  const std::regex help(R"(# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*)");
  const std::regex type(
      R"(# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped))");
  const std::regex sample(
      R"([a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? [-+0-9.eEinfNa]+( -?[0-9]+)?)");
  std::istringstream lines(metrics.body);
  std::string line;
  int samples = 0;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    if (line.rfind("# HELP", 0) == 0) {
      EXPECT_TRUE(std::regex_match(line, help)) << line;
    } else if (line.rfind("# TYPE", 0) == 0) {
      EXPECT_TRUE(std::regex_match(line, type)) << line;
    } else {
      EXPECT_TRUE(std::regex_match(line, sample)) << line;
      ++samples;
    }
  }
  EXPECT_GT(samples, 0);
  EXPECT_NE(metrics.body.find("# TYPE rrd_api_requests_total counter"), std::string::npos);
  EXPECT_NE(metrics.body.find(R"(rrd_api_requests_total{code="200",method="GET"} )"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find(R"(rrd_api_requests_total{code="404",method="GET"} 1)"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("rrd_api_connections 1"), std::string::npos) << metrics.body;
}

}  // namespace
}  // namespace mgmt::api::testing
