// What a session hands to the route pipeline, and the interface that receives it.
//
// Sessions call RouteSink on their own event loop; an implementation that lives elsewhere (the
// engine's RIB shards) forwards through its rings and must not block. Attributes arrive as one
// immutable shared object per UPDATE so that the engine can intern them without copying.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "rr/session/negotiation.hpp"
#include "rr/wire/attributes/mp_nlri.hpp"
#include "rr/wire/attributes/path_attributes.hpp"
#include "rr/wire/types.hpp"

namespace rr::session {

class Session;
using PeerId = std::uint32_t;

// The attributes of one received UPDATE with its next hop in one form for every family
// (NEXT_HOP for IPv4 unicast, the MP_REACH next hop otherwise).
struct RouteAttributes {
  wire::PathAttributes attributes;
  wire::MpNextHop next_hop;
  friend bool operator==(const RouteAttributes&, const RouteAttributes&) = default;
};

// The route changes of one UPDATE for one family.
struct RouteUpdate {
  wire::AfiSafi afi_safi = wire::kIpv4Unicast;
  std::vector<wire::Nlri> withdrawn;
  std::vector<wire::Nlri> announced;
  std::shared_ptr<const RouteAttributes> attributes;  // set when `announced` is not empty
};

class RouteSink {
 public:
  virtual ~RouteSink() = default;
  // The session reached Established. `negotiated` stays valid (and unchanged) until peer_down.
  // `session` is the caller (on its own loop): the sink may hand it an OutputFeed.
  virtual void peer_up(PeerId peer, std::shared_ptr<const Negotiated> negotiated,
                       Session& session) = 0;
  // The session left Established. With retain_stale (graceful restart, RFC 4724 §4.2) the
  // peer's routes stay, marked stale, until end_of_rib or stale_expired sweeps them.
  virtual void peer_down(PeerId peer, bool retain_stale) = 0;
  virtual void update(PeerId peer, RouteUpdate&& update) = 0;
  virtual void end_of_rib(PeerId peer, wire::AfiSafi afi_safi) = 0;
  // Remove every route of `afi_safi` still marked stale (restart time over, or the peer came
  // back without preserving forwarding state for the family).
  virtual void sweep_stale(PeerId peer, wire::AfiSafi afi_safi) = 0;
  // RFC 7313: the peer starts (BoRR) a re-advertisement of `afi_safi`: mark its routes stale;
  // they are swept at EoRR (sweep_stale).
  virtual void mark_stale(PeerId peer, wire::AfiSafi afi_safi) = 0;
  // RFC 2918: the peer asks for our Adj-RIB-Out of `afi_safi` again.
  virtual void refresh_requested(PeerId peer, wire::AfiSafi afi_safi) = 0;
  // RFC 7606 / RFC 4760 §7: the family was disabled on this session; drop its routes.
  virtual void family_disabled(PeerId peer, wire::AfiSafi afi_safi) = 0;
};

}  // namespace rr::session
