#include "mgmt/daemon/daemon_config.hpp"

#include <gtest/gtest.h>

namespace mgmt::daemon {
namespace {

std::string error_of(const std::string& yaml) {
  auto c = parse_daemon_config(yaml, "rrd.yaml");
  return c ? std::string("(accepted)") : c.error();
}

TEST(DaemonConfig, DefaultsNeedOnlyTheNodeName) {
  auto c = parse_daemon_config("node: rr1\n", "rrd.yaml");
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->node, "rr1");
  EXPECT_EQ(c->listen_port, 179);
  EXPECT_EQ(c->mgmt_address, "127.0.0.1");
  EXPECT_EQ(c->mgmt_port, 9179);
  EXPECT_EQ(c->datastore, DaemonConfig::Datastore::embedded);
  EXPECT_EQ(c->hold_time, 240);
  EXPECT_EQ(c->update_delay_ms, 20U);
}

TEST(DaemonConfig, ReadsEverySetting) {
  auto c = parse_daemon_config(R"(
node: rr2
listen: {addresses: ["127.0.0.5", "::1"], port: 1179}
mgmt: {address: "::1", port: 8080, token_file: /tmp/tok}
datastore: {type: etcd, endpoints: ["http://127.0.0.1:2379", "http://127.0.0.2:2379"]}
state_dir: /tmp/state
threads: 3
dataplane: none
log_level: debug
router_id: 10.0.0.9
hold_time: 90
update_delay_ms: 0
)",
                               "rrd.yaml");
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->listen_addresses, (std::vector<std::string>{"127.0.0.5", "::1"}));
  EXPECT_EQ(c->listen_port, 1179);
  EXPECT_EQ(c->mgmt_address, "::1");
  EXPECT_EQ(c->mgmt_port, 8080);
  EXPECT_EQ(c->token_file, "/tmp/tok");
  EXPECT_EQ(c->datastore, DaemonConfig::Datastore::etcd);
  EXPECT_EQ(c->etcd_endpoints.size(), 2U);
  EXPECT_EQ(c->state_dir, "/tmp/state");
  EXPECT_EQ(c->threads, 3U);
  EXPECT_EQ(c->log_level, "debug");
  EXPECT_EQ(c->router_id, "10.0.0.9");
  EXPECT_EQ(c->hold_time, 90);
  EXPECT_EQ(c->update_delay_ms, 0U);
}

TEST(DaemonConfig, ErrorsNameTheFileAndTheKey) {
  EXPECT_EQ(error_of(""), "rrd.yaml: node: required (the file is empty)");
  EXPECT_EQ(error_of("listen: {port: 179}\n"),
            "rrd.yaml: node: required: the name of the Calico Node this appliance is");
  EXPECT_EQ(error_of("node: a\nmgmt: {port: 70000}\n"),
            "rrd.yaml: mgmt.port: 70000 is more than 65535");
  EXPECT_EQ(error_of("node: a\nlisten: {port: 0}\n"),
            "rrd.yaml: listen.port: port must be between 1 and 65535");
  EXPECT_EQ(error_of("node: a\nlisten: {addresses: [\"10.0.0.300\"]}\n"),
            "rrd.yaml: listen.addresses[0]: '10.0.0.300' is not an IP address");
  EXPECT_EQ(error_of("node: a\nmgmt: {bind: x}\n"), "rrd.yaml: mgmt.bind: unknown setting");
  EXPECT_EQ(error_of("node: a\npeers: []\n"), "rrd.yaml: peers: unknown setting");
  EXPECT_EQ(error_of("node: a\ndatastore: {type: mysql}\n"),
            "rrd.yaml: datastore.type: 'mysql' is not embedded or etcd");
  EXPECT_EQ(error_of("node: a\ndatastore: {type: etcd, endpoints: [\"127.0.0.1:2379\"]}\n"),
            "rrd.yaml: datastore.endpoints[0]: '127.0.0.1:2379' is not an http:// URL");
  EXPECT_EQ(error_of("node: a\ndataplane: dpdk\n"),
            "rrd.yaml: dataplane: 'dpdk' is not available in this build (only none)");
  EXPECT_EQ(error_of("node: a\nlog_level: loud\n"),
            "rrd.yaml: log_level: 'loud' is not debug, info, warning or error");
  EXPECT_EQ(error_of("node: a\nrouter_id: \"::1\"\n"),
            "rrd.yaml: router_id: '::1' is not an IPv4 address");
  EXPECT_EQ(error_of("node: a\nhold_time: 2\n"),
            "rrd.yaml: hold_time: must be 0 or at least 3 seconds (RFC 4271 §4.2)");
  EXPECT_EQ(error_of("node: a\nthreads: many\n"), "rrd.yaml: threads: 'many' is not a number");
  EXPECT_EQ(error_of("node: a\nupdate_delay_ms: 5000\n"),
            "rrd.yaml: update_delay_ms: 5000 is more than 1000");
}

TEST(DaemonConfig, ReportsYamlSyntaxErrorsWithTheLine) {
  const auto e = error_of("node: a\nlisten: [\n");
  EXPECT_EQ(e.rfind("rrd.yaml: line ", 0), 0U) << e;
}

TEST(DaemonConfig, MissingFileIsAnError) {
  auto c = load_daemon_config("/nonexistent/rrd.yaml");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), "/nonexistent/rrd.yaml: cannot be read");
}

}  // namespace
}  // namespace mgmt::daemon
