// Turns the peering plan of rrd's own node (mgmt/peering: the sessions Calico would render into
// BIRD's configuration) into what the route-reflection engine runs: one rr::session::PeerConfig
// per session and the engine's node-wide settings (local AS, router ID, cluster ID).
//
// A pure function, tested without I/O. The daemon's controller calls it on every configuration
// change and hands the result to SessionManager::apply, which touches only sessions whose
// PeerConfig changed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mgmt/peering/peering.hpp"
#include "rr/engine/engine.hpp"
#include "rr/session/peer_config.hpp"

namespace mgmt::daemon {

struct TranslationOptions {
  std::optional<std::string> router_id;  // rrd.yaml router_id; default: the node's IPv4 address
  std::uint16_t hold_time = 240;         // BIRD's default, which Calico nodes use
  std::uint32_t update_delay_ms = 20;    // rrd.yaml update_delay_ms
};

struct Translation {
  rr::engine::EngineConfig engine;
  std::vector<rr::session::PeerConfig> peers;  // in the plan's order
  std::vector<peering::Session> sessions;      // the plan's session behind each peer, same order
  std::vector<std::string> warnings;           // sessions that could not be run, and why
};

[[nodiscard]] Translation translate(const peering::Plan& plan, const TranslationOptions& options);

// Calico's "hash" router ID: an IPv4-looking identifier derived from the node name, for nodes
// without an IPv4 address.
[[nodiscard]] rr::wire::Ipv4Address router_id_from_name(const std::string& node);

}  // namespace mgmt::daemon
