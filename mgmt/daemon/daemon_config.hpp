// rrd.yaml: the appliance's local settings, and nothing about peering (that comes from the Calico
// resources in the datastore). Read once at start-up; a broken file stops the daemon with a
// message naming the file, the key and what is wrong.
//
//   node: rr1                          # required: the Calico Node this appliance is
//   listen: {addresses: ["0.0.0.0", "::"], port: 179}
//   mgmt: {address: 127.0.0.1, port: 9179, token_file: /etc/rrd/token}
//   datastore: {type: embedded, path: /var/lib/rrd/datastore}
//            | {type: etcd, endpoints: ["http://127.0.0.1:2379"]}
//   state_dir: /var/lib/rrd            # restart detection for graceful restart
//   threads: 0                         # event loops (and RIB shards); 0: one per core
//   dataplane: none                    # forwarding-plane provider
//   log_level: info                    # debug | info | warning | error
//   router_id: 10.0.0.1                # optional; default: the node's IPv4 address
//   hold_time: 240                     # optional; BIRD's default, as Calico nodes use
//   update_delay_ms: 20                # optional; an idle session gathers new routes this long
//                                      # before it writes them (0: at once)
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

namespace mgmt::daemon {

struct DaemonConfig {
  std::string node;
  std::vector<std::string> listen_addresses{"0.0.0.0", "::"};
  std::uint16_t listen_port = 179;
  std::string mgmt_address = "127.0.0.1";
  std::uint16_t mgmt_port = 9179;
  std::filesystem::path token_file = "/etc/rrd/token";
  enum class Datastore : std::uint8_t { embedded, etcd } datastore = Datastore::embedded;
  std::filesystem::path datastore_path = "/var/lib/rrd/datastore";
  std::vector<std::string> etcd_endpoints{"http://127.0.0.1:2379"};
  std::filesystem::path state_dir = "/var/lib/rrd";
  unsigned threads = 0;
  std::string dataplane = "none";
  std::string log_level = "info";
  std::optional<std::string> router_id;
  std::uint16_t hold_time = 240;
  std::uint32_t update_delay_ms = 20;
};

// Parses YAML text; `source` names it in errors ("rrd.yaml: mgmt.port: not a port number").
[[nodiscard]] tl::expected<DaemonConfig, std::string> parse_daemon_config(
    const std::string& text, const std::string& source);
[[nodiscard]] tl::expected<DaemonConfig, std::string> load_daemon_config(
    const std::filesystem::path& path);

}  // namespace mgmt::daemon
