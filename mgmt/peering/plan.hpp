// The result of phase B (calico-bgp-spec.md §2.3-2.8): the BGP sessions one node opens, with
// every attribute BIRD would get, plus the node-wide settings (local AS, router ID, cluster ID,
// listen address/port, log level, enabled families) and the warnings of the computation.
//
// Plain value types produced by plan_for() (sessions.hpp); the daemon turns a Plan into session
// configuration, the API shows it as JSON (plan_json.hpp). No I/O, no threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mgmt/peering/ip_address.hpp"
#include "mgmt/resource/types.hpp"

namespace mgmt::peering {

enum class PeerType : std::uint8_t { mesh, global, node };
enum class NextHop : std::uint8_t { automatic, self, keep };

// "node-to-node mesh", "global", "node specific" (calicoctl node status PEER TYPE, §2.4).
std::string_view peer_type_name(PeerType type);
// "auto", "self", "keep".
std::string_view next_hop_name(NextHop next_hop);
// "ipv4", "ipv6".
std::string_view family_name(Family family);

struct Session {
  std::string name;  // "Node_10_192_0_3_port_500" (§2.4)
  Family family = Family::ipv4;
  PeerType type = PeerType::mesh;
  std::string peer_ip;     // canonical text
  std::uint16_t port = 0;  // 0: default (179)
  resource::AsNumber peer_as = 0;
  resource::AsNumber local_as = 0;   // effective local AS E
  bool local_as_overridden = false;  // localASNumber given (BIRD "local as" in the protocol)
  bool ibgp = false;
  bool passive = false;
  bool rr_client = false;
  std::string cluster_id;       // our cluster ID when rr_client (BIRD "rr cluster id"), else ""
  std::string peer_cluster_id;  // the record's rrClusterID
  std::string source_address;   // "" when none
  NextHop next_hop = NextHop::automatic;
  std::string password;                         // resolved; "" when none
  bool password_unresolved = false;             // secretKeyRef given but secret/key missing
  std::optional<std::uint32_t> restart_time;    // seconds
  std::optional<std::uint32_t> keepalive_time;  // seconds
  std::optional<std::uint8_t> ttl_security;     // hops, when > 0
  std::uint32_t allow_local_as = 0;
  std::vector<std::string> filters;
  std::string origin;        // the BGPPeer's name, or "node-to-node mesh"
  bool calico_node = false;  // peer IP is a Calico node's address
  friend bool operator==(const Session&, const Session&) = default;
};

struct FamilyPlan {
  bool enabled = false;  // the node has an address of this family
  std::string address;   // that address
  friend bool operator==(const FamilyPlan&, const FamilyPlan&) = default;
};

struct Plan {
  std::string node;
  bool node_found = false;
  resource::AsNumber local_as = 64512;  // localAS(X)
  std::string router_id;                // the node's IPv4 address ("" if none)
  std::string cluster_id;               // cid(X)
  bool mesh_member = false;             // meshOn and cid(X) == ""
  std::optional<std::uint16_t> listen_port;
  std::string listen_address;  // bindMode NodeIP: the node's IPv4 address (else IPv6), else ""
  std::string log_level;       // as BIRD would get it: "debug", "info" or "none"
  FamilyPlan ipv4, ipv6;
  std::vector<Session> sessions;      // IPv4 sessions sorted by name, then IPv6 sorted by name
  std::vector<std::string> warnings;  // ignored peers, unresolved secrets, duplicate keys, ...
  friend bool operator==(const Plan&, const Plan&) = default;
};

}  // namespace mgmt::peering
