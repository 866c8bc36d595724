// What one BGP session is configured to be: addresses, AS numbers, timers, capabilities to offer,
// security (TCP MD5, GTSM), graceful restart and the max-prefix limit.
//
// An immutable value: the management plane (or a test driver) builds it, the session manager
// compares old and new values to decide which sessions a configuration change touches.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rr/wire/capabilities.hpp"
#include "rr/wire/types.hpp"

namespace rr::session {

using Seconds = std::chrono::seconds;

struct AddPathConfig {
  wire::AfiSafi afi_safi;
  bool receive = false;  // accept path identifiers from the peer
  bool send = false;     // send several paths per prefix (the engine decides which)
  friend bool operator==(const AddPathConfig&, const AddPathConfig&) = default;
};

struct MaxPrefixConfig {
  std::uint32_t limit = 0;    // 0: no limit
  bool warning_only = false;  // log and count instead of tearing the session down
  Seconds restart_delay{60};  // RFC 4486: how long to stay down after a Cease/max-prefix
  friend bool operator==(const MaxPrefixConfig&, const MaxPrefixConfig&) = default;
};

// How rrd's route pipeline treats the routes of this session (DESIGN.md §3). Plain data: the
// session ignores it; the engine reads it when the session comes up.
enum class NextHopMode : std::uint8_t {
  automatic,  // iBGP: keep NEXT_HOP; eBGP: our address (Calico's nextHopMode Auto)
  self,       // always our address
  keep,       // never change it (Calico's keepOriginalNextHop)
};

struct RoutePolicy {
  bool route_reflector_client = false;          // iBGP peer is a client of ours (RFC 4456)
  std::optional<wire::Ipv4Address> cluster_id;  // our cluster ID on this session; default: engine's
  NextHopMode next_hop_mode = NextHopMode::automatic;
  std::optional<wire::Ipv4Address> next_hop_v4;  // our next hop when self (default: local address)
  std::optional<wire::Ipv6Address> next_hop_v6;
  std::uint32_t add_path_send_max = 0;  // ADD-PATH send negotiated: 0 every path, N best N
  std::uint8_t allowed_local_as = 0;    // times our AS may appear in a received AS_PATH
  friend bool operator==(const RoutePolicy&, const RoutePolicy&) = default;
};

struct PeerConfig {
  std::string name;  // e.g. Calico's "Node_10_0_0_1"
  wire::IpAddress remote_address;
  std::uint16_t remote_port = 179;
  std::optional<wire::IpAddress> local_address;  // source address of active opens
  std::uint32_t local_as = 0;
  std::uint32_t remote_as = 0;
  wire::Ipv4Address router_id;  // our BGP identifier on this session
  bool passive = false;         // never dial; wait for the peer
  bool delay_open = false;
  bool enabled = true;  // administrative state: disabled sessions stay Idle

  Seconds hold_time{90};                  // proposed; the smaller of both sides wins
  std::optional<Seconds> keepalive_time;  // default: negotiated hold time / 3
  Seconds connect_retry_time{5};
  Seconds send_hold_time{0};  // RFC 9687; 0: max(8 min, 2 x hold time)
  // How long an idle session waits after new routes are ready before it writes them, so that
  // changes arriving close together leave in one write (FRR's coalesce-time, at a smaller scale).
  // A session already writing goes on at once. 0: write at once.
  std::chrono::milliseconds update_delay{20};

  std::string password;                           // TCP MD5 (RFC 2385); empty: none
  std::optional<std::uint8_t> ttl_security_hops;  // GTSM (RFC 5082): peer at most N hops away

  std::vector<wire::AfiSafi> families{wire::kIpv4Unicast, wire::kIpv6Unicast};
  std::vector<AddPathConfig> add_path;
  bool extended_message = true;
  bool extended_next_hop = false;  // RFC 8950 for IPv4 unicast
  bool route_refresh = true;       // also enhanced route refresh (RFC 7313)

  bool graceful_restart = true;  // offer GR (RFC 4724); we are at least a helper
  Seconds restart_time{120};     // advertised restart time (Calico's default)
  std::optional<Seconds>
      max_restart_time;  // cap on the peer's restart time (BGPPeer maxRestartTime)

  MaxPrefixConfig max_prefix;
  std::optional<std::string> hostname;  // FQDN capability

  RoutePolicy policy;

  [[nodiscard]] bool ibgp() const { return local_as == remote_as; }
  friend bool operator==(const PeerConfig&, const PeerConfig&) = default;
};

}  // namespace rr::session
