#include "rr/session/negotiation.hpp"

#include <algorithm>

namespace rr::session {

using wire::AddPathMode;
using wire::AfiSafi;
using wire::NotificationMessage;
using wire::OpenSubcode;

bool Negotiated::has_family(AfiSafi af) const {
  return std::find(families.begin(), families.end(), af) != families.end();
}

namespace {

bool mode_receives(AddPathMode m) {
  return m == AddPathMode::receive || m == AddPathMode::both;
}
bool mode_sends(AddPathMode m) {
  return m == AddPathMode::send || m == AddPathMode::both;
}

std::uint16_t clamp_u16(Seconds s) {
  return static_cast<std::uint16_t>(std::clamp<Seconds::rep>(s.count(), 0, 65535));
}

}  // namespace

wire::OpenMessage make_open(const PeerConfig& config, bool restarting) {
  wire::OpenMessage open;
  open.my_as =
      config.local_as > 0xffff ? wire::kAsTrans : static_cast<std::uint16_t>(config.local_as);
  open.hold_time = clamp_u16(config.hold_time);
  open.bgp_identifier = config.router_id;
  auto& caps = open.capabilities;
  for (const auto& af : config.families)
    caps.emplace_back(wire::MultiprotocolCapability{af});
  if (config.route_refresh) {
    caps.emplace_back(wire::RouteRefreshCapability{});
    caps.emplace_back(wire::EnhancedRouteRefreshCapability{});
  }
  if (config.extended_next_hop) {
    caps.emplace_back(wire::ExtendedNextHopCapability{{{wire::Afi::ipv4, 1, wire::Afi::ipv6}}});
  }
  if (config.extended_message) caps.emplace_back(wire::ExtendedMessageCapability{});
  if (config.graceful_restart) {
    wire::GracefulRestartCapability gr;
    gr.restarting = restarting;
    gr.restart_time =
        static_cast<std::uint16_t>(std::min<Seconds::rep>(config.restart_time.count(), 4095));
    // A reflector keeps no forwarding state of its own: what clients forward on is theirs. So the
    // F bit is set whenever we restart, or clients would flush our routes on our new OPEN
    // (RFC 4724 §4.2) and the restart would not be graceful for them.
    for (const auto& af : config.families)
      gr.families.push_back({af, restarting});
    caps.emplace_back(std::move(gr));
  }
  caps.emplace_back(wire::FourOctetAsCapability{config.local_as});
  if (!config.add_path.empty()) {
    wire::AddPathCapability ap;
    for (const auto& a : config.add_path) {
      if (!a.receive && !a.send) continue;
      const auto mode = a.receive && a.send ? AddPathMode::both
                        : a.receive         ? AddPathMode::receive
                                            : AddPathMode::send;
      ap.families.push_back({a.afi_safi, mode});
    }
    if (!ap.families.empty()) caps.emplace_back(std::move(ap));
  }
  if (config.hostname) caps.emplace_back(wire::FqdnCapability{*config.hostname, ""});
  return open;
}

tl::expected<Negotiated, NotificationMessage> negotiate(const PeerConfig& config,
                                                        const wire::OpenMessage& theirs) {
  Negotiated n;
  n.peer_capabilities = wire::summarize(theirs.capabilities);
  const auto& caps = n.peer_capabilities;

  // RFC 6793 §4.1: the 4-octet AS capability carries the real AS; my_as is AS_TRANS for a large
  // one. A 2-octet speaker announcing AS_TRANS without the capability cannot be told apart.
  n.peer_as = caps.four_octet_as.value_or(theirs.my_as);
  if (config.remote_as != 0 && n.peer_as != config.remote_as) {
    return tl::unexpected(NotificationMessage::make(OpenSubcode::bad_peer_as));
  }
  if (!caps.four_octet_as && theirs.my_as == wire::kAsTrans) {
    return tl::unexpected(NotificationMessage::make(OpenSubcode::bad_peer_as));
  }
  n.ibgp = n.peer_as == config.local_as;
  n.peer_id = theirs.bgp_identifier;
  // RFC 6286 §2.2: within an AS the identifiers must differ.
  if (n.ibgp && n.peer_id == config.router_id) {
    return tl::unexpected(NotificationMessage::make(OpenSubcode::bad_bgp_identifier));
  }

  // RFC 4271 §4.2: the smaller hold time; 0 disables hold and keepalive timers. 1 and 2 were
  // refused by the decoder.
  const Seconds theirs_hold{theirs.hold_time};
  n.hold_time = std::min(config.hold_time, theirs_hold);
  if (n.hold_time.count() != 0 && n.hold_time < Seconds{3}) {
    return tl::unexpected(NotificationMessage::make(OpenSubcode::unacceptable_hold_time));
  }
  if (n.hold_time.count() == 0) {
    n.keepalive_time = Seconds{0};
  } else {
    n.keepalive_time = n.hold_time / 3;
    if (config.keepalive_time && config.keepalive_time->count() > 0 &&
        *config.keepalive_time < n.hold_time) {
      n.keepalive_time = *config.keepalive_time;
    }
  }

  // RFC 4760 §8: a peer without multiprotocol capabilities speaks IPv4 unicast only.
  std::vector<AfiSafi> offered = caps.multiprotocol;
  if (offered.empty()) offered.push_back(wire::kIpv4Unicast);
  for (const auto& af : config.families) {
    if (std::find(offered.begin(), offered.end(), af) != offered.end()) n.families.push_back(af);
  }

  const bool four_octet = caps.four_octet_as.has_value();
  const bool ext_msg = config.extended_message && caps.extended_message;
  n.rx.four_octet_as = n.tx.four_octet_as = four_octet;
  n.rx.extended_message = n.tx.extended_message = ext_msg;

  for (const auto& mine : config.add_path) {
    if (!n.has_family(mine.afi_safi)) continue;
    for (const auto& peer : caps.add_path) {
      if (peer.afi_safi != mine.afi_safi) continue;
      if (mine.receive && mode_sends(peer.mode)) n.rx.add_path.insert(mine.afi_safi);
      if (mine.send && mode_receives(peer.mode)) n.tx.add_path.insert(mine.afi_safi);
    }
  }

  if (config.extended_next_hop && n.has_family(wire::kIpv4Unicast)) {
    for (const auto& e : caps.extended_next_hop) {
      if (e.nlri_afi == wire::Afi::ipv4 && e.nlri_safi == 1 && e.next_hop_afi == wire::Afi::ipv6) {
        n.rx.extended_next_hop.insert(wire::kIpv4Unicast);
        n.tx.extended_next_hop.insert(wire::kIpv4Unicast);
      }
    }
  }

  n.route_refresh = config.route_refresh && caps.route_refresh;
  n.enhanced_route_refresh = n.route_refresh && caps.enhanced_route_refresh;

  if (config.graceful_restart && caps.graceful_restart) {
    GracefulRestartState gr;
    gr.peer_restarting = caps.graceful_restart->restarting;
    gr.peer_restart_time = Seconds{caps.graceful_restart->restart_time};
    if (config.max_restart_time)
      gr.peer_restart_time = std::min(gr.peer_restart_time, *config.max_restart_time);
    for (const auto& f : caps.graceful_restart->families) {
      if (f.forwarding_preserved && n.has_family(f.afi_safi)) gr.preserved.push_back(f.afi_safi);
    }
    n.graceful_restart = std::move(gr);
  }
  return n;
}

Seconds send_hold_time(const PeerConfig& config, const Negotiated& negotiated) {
  if (config.send_hold_time.count() > 0) return config.send_hold_time;
  // RFC 9687 §3: at least 8 minutes, or twice the hold time if larger.
  return std::max(Seconds{480}, 2 * negotiated.hold_time);
}

}  // namespace rr::session
