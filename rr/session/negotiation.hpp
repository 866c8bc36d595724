// OPEN construction and capability negotiation (RFC 4271 §4.2 and §6.2, RFC 5492): from our
// configuration and the peer's OPEN to one immutable Negotiated value that the codec (via its
// receive and send contexts) and the engine read for the life of the session.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include <tl/expected.hpp>

#include "rr/session/peer_config.hpp"
#include "rr/wire/context.hpp"
#include "rr/wire/notification.hpp"
#include "rr/wire/open_message.hpp"

namespace rr::session {

struct GracefulRestartState {
  bool peer_restarting = false;  // R bit in the peer's OPEN: it restarted, keep its stale routes
  bool notification = false;     // RFC 8538 N bit on both sides
  Seconds peer_restart_time{0};  // capped by PeerConfig::max_restart_time
  std::vector<wire::AfiSafi> preserved;  // families the peer kept forwarding state for (F bit)
  friend bool operator==(const GracefulRestartState&, const GracefulRestartState&) = default;
};

struct Negotiated {
  std::uint32_t peer_as = 0;
  wire::Ipv4Address peer_id;
  bool ibgp = false;
  Seconds hold_time{0};  // 0: no hold timer and no keepalives
  Seconds keepalive_time{0};
  std::vector<wire::AfiSafi>
      families;  // both sides announced (IPv4 unicast if the peer sent no MP)
  bool route_refresh = false;
  bool enhanced_route_refresh = false;
  std::optional<GracefulRestartState> graceful_restart;  // both sides offered GR
  wire::CodecContext rx;                                 // how to read the peer's messages
  wire::CodecContext tx;                                 // how to write ours
  wire::CapabilitySummary peer_capabilities;
  std::optional<wire::IpAddress> local_address;  // our end of the TCP connection (next hop self)

  [[nodiscard]] bool has_family(wire::AfiSafi af) const;
};

// Our OPEN for a session. `restarting` sets the GR R bit (rrd came back up within its restart
// time and the peer should keep our routes, RFC 4724 §4.1).
wire::OpenMessage make_open(const PeerConfig& config, bool restarting);

// Validates the peer's OPEN against the configuration (Bad Peer AS, Bad BGP Identifier,
// Unacceptable Hold Time, 4-octet AS consistency) and negotiates. On failure returns the
// NOTIFICATION to send.
tl::expected<Negotiated, wire::NotificationMessage> negotiate(const PeerConfig& config,
                                                              const wire::OpenMessage& theirs);

// RFC 9687 §3: the send hold time in force.
Seconds send_hold_time(const PeerConfig& config, const Negotiated& negotiated);

}  // namespace rr::session
