// Route reflection rules (RFC 4456, with Calico's roles; DESIGN.md §3) and the attribute changes
// BGP requires between sessions (RFC 4271 §5.1): pure functions the RIB shards call.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "rr/engine/peer_info.hpp"
#include "rr/session/peer_config.hpp"
#include "rr/session/route_sink.hpp"
#include "rr/wire/types.hpp"

namespace rr::engine {

// RFC 4456 §6: may a path learned from a `from` peer be advertised to a `to` peer?
// From a client: to everyone. From a non-client: to clients and eBGP. From eBGP: to everyone.
bool may_reflect(PeerRole from, PeerRole to);

enum class InboundVerdict : std::uint8_t {
  accept,
  originator_is_us,  // ORIGINATOR_ID equals our router ID (RFC 4456 §8)
  cluster_loop,      // CLUSTER_LIST holds one of our cluster IDs (RFC 4456 §8)
  as_path_loop,      // our AS appears more often than allowed (RFC 4271 §9.1.2)
};

const char* to_string(InboundVerdict v);

// Receiver-side loop checks on a path from `from`. `cluster_ids` are every cluster ID this
// reflector uses (its own and per-session ones).
InboundVerdict check_inbound(const wire::PathAttributes& attrs, const PeerInfo& from,
                             std::uint32_t local_as, wire::Ipv4Address router_id,
                             std::span<const wire::Ipv4Address> cluster_ids);

// Normalises a received set before it is stored: from eBGP, LOCAL_PREF, ORIGINATOR_ID and
// CLUSTER_LIST are removed (they have no meaning across ASes, RFC 4271 §5.1.5, RFC 4456 §8).
void normalize_inbound(wire::PathAttributes& attrs, PeerRole from);

// The receiving side of an advertisement: one update group's outbound policy.
struct OutboundPolicy {
  PeerRole to = PeerRole::client;
  std::uint32_t local_as = 0;
  session::NextHopMode next_hop_mode = session::NextHopMode::automatic;
  std::optional<wire::Ipv4Address> self_v4;  // our next hop for IPv4 when we set it
  std::optional<wire::Ipv6Address> self_v6;  // our next hop for IPv6 when we set it
  bool four_octet_as = true;                 // false: RFC 6793 §4.2.2 AS4_PATH split
  friend bool operator==(const OutboundPolicy&, const OutboundPolicy&) = default;
};

// The source side: the session the path came from.
struct PathSource {
  PeerRole from = PeerRole::client;
  wire::Ipv4Address router_id;   // BGP identifier of that session's peer
  wire::Ipv4Address cluster_id;  // our cluster ID on that session (prepended on reflection)
};

// The attributes to advertise for a path of `afi_safi` from `source` to a peer with `policy`,
// or nullopt when the path may not be advertised (may_reflect false; NO_ADVERTISE, or NO_EXPORT /
// NO_EXPORT_SUBCONFED towards eBGP (RFC 1997); or a next hop of ours is needed and none is
// configured for the family). Applies:
// - iBGP to iBGP (reflection): ORIGINATOR_ID set to source.router_id if absent, source.cluster_id
//   prepended to CLUSTER_LIST; NEXT_HOP kept unless next_hop_mode is self.
// - eBGP source to iBGP: LOCAL_PREF 100 added when absent.
// - to eBGP: local AS prepended to AS_PATH; LOCAL_PREF, MED, ORIGINATOR_ID, CLUSTER_LIST
//   removed; NEXT_HOP ours unless next_hop_mode is keep.
// - unknown optional non-transitive attributes dropped, unknown transitive ones marked Partial.
// - with four_octet_as false, the AS_PATH / AGGREGATOR split of RFC 6793 §4.2.2.
std::optional<session::RouteAttributes> outbound_attributes(const session::RouteAttributes& in,
                                                            wire::AfiSafi afi_safi,
                                                            const PathSource& source,
                                                            const OutboundPolicy& policy);

}  // namespace rr::engine
