// `rrctl node status` (calicoctl's output, calico-bgp-spec.md §4.1, built from /status/peers),
// `rrctl peers` (every session with prefix counts) and `rrctl version`. The renderers are pure and
// take the clock as a parameter; the run_* functions fetch and print on rrctl's only thread.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mgmt/rrctl/command_context.hpp"
#include "mgmt/rrctl/options.hpp"
#include "mgmt/rrctl/since_format.hpp"
#include "mgmt/rrctl/table.hpp"

namespace mgmt::rrctl {

// calicoctl's reading of a BIRD protocol name: `^(Global|Node|Mesh)_(.+)$`, the rest with '_'
// replaced by '.' (IPv4) or ':' (IPv6) — including the `_port_N` suffix, so
// "Node_10_192_0_3_port_500" gives "10.192.0.3.port.500". nullopt for other names
// ("Local_Workload_…", "Meshd_…").
struct SessionName {
  std::string peer_type;  // "node-to-node mesh", "global", "node specific"
  std::string address;
};
[[nodiscard]] std::optional<SessionName> parse_session_name(std::string_view name, bool ipv6);

// The full `calicoctl node status` text for a /status/peers body, ending with the empty line.
[[nodiscard]] std::string render_node_status(const nlohmann::json& peers,
                                             std::chrono::system_clock::time_point now,
                                             TimeZone zone);

// `rrctl peers` table.
[[nodiscard]] std::string render_peers(const nlohmann::json& peers,
                                       std::chrono::system_clock::time_point now, TimeZone zone);

int run_node_status(const Invocation& invocation, CommandContext& context);
int run_peers(const Invocation& invocation, CommandContext& context);
int run_version(const Invocation& invocation, CommandContext& context);

// rrctl's own version (the meson project version).
[[nodiscard]] std::string_view client_version();

}  // namespace mgmt::rrctl
