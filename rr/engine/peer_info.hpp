// What the engine knows about one Established peer: who it is and how routes flow to and from it.
// Built once when the session comes up (from its PeerConfig and Negotiated) and immutable after.
#pragma once

#include <cstdint>

#include "rr/session/route_sink.hpp"
#include "rr/wire/types.hpp"

namespace rr::engine {

using PeerId = session::PeerId;

// RFC 4456 roles, with Calico's client rule decided by the management plane (DESIGN.md §3).
enum class PeerRole : std::uint8_t {
  client,      // iBGP route-reflector client
  non_client,  // iBGP, not a client (e.g. a reflector with our cluster ID)
  ebgp,
};

const char* to_string(PeerRole role);

struct PeerInfo {
  PeerId id = 0;
  wire::IpAddress address;      // the peer's transport address
  wire::Ipv4Address router_id;  // its BGP identifier (from its OPEN)
  std::uint32_t peer_as = 0;
  PeerRole role = PeerRole::client;
  wire::Ipv4Address cluster_id;  // our cluster ID on this session
  std::uint8_t allowed_local_as = 0;
};

}  // namespace rr::engine
