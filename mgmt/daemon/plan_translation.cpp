#include "mgmt/daemon/plan_translation.hpp"

#include <algorithm>
#include <set>

namespace mgmt::daemon {
namespace {

using rr::session::NextHopMode;
using rr::session::PeerConfig;
using rr::session::Seconds;

NextHopMode next_hop_mode(peering::NextHop n) {
  switch (n) {
    case peering::NextHop::automatic:
      return NextHopMode::automatic;
    case peering::NextHop::self:
      return NextHopMode::self;
    case peering::NextHop::keep:
      return NextHopMode::keep;
  }
  return NextHopMode::automatic;
}

std::optional<rr::wire::Ipv4Address> parse_v4(const std::string& text) {
  return rr::wire::Ipv4Address::parse(text);
}

}  // namespace

rr::wire::Ipv4Address router_id_from_name(const std::string& node) {
  // FNV-1a over the name; the first octet is kept out of 0 and 127 so that the identifier is a
  // plausible unicast address (RFC 6286 only asks for a non-zero value unique within the AS).
  std::uint32_t h = 2166136261U;
  for (const unsigned char c : node) {
    h ^= c;
    h *= 16777619U;
  }
  auto first = static_cast<std::uint8_t>(h >> 24);
  if (first == 0 || first == 127) first = 10;
  return rr::wire::Ipv4Address{(static_cast<std::uint32_t>(first) << 24) | (h & 0x00ffffffU) | 1U};
}

Translation translate(const peering::Plan& plan, const TranslationOptions& options) {
  Translation t;
  std::optional<rr::wire::Ipv4Address> router_id;
  if (options.router_id) router_id = parse_v4(*options.router_id);
  if (!router_id && !plan.router_id.empty()) router_id = parse_v4(plan.router_id);
  if (!router_id) {
    router_id = router_id_from_name(plan.node);
    t.warnings.push_back("node " + plan.node + " has no IPv4 address: router ID " +
                         router_id->to_string() + " derived from the node name");
  }
  t.engine.local_as = plan.local_as;
  t.engine.router_id = *router_id;
  if (!plan.cluster_id.empty()) {
    if (auto c = parse_v4(plan.cluster_id)) t.engine.cluster_id = *c;
  }

  std::set<rr::wire::IpAddress> seen;
  for (const auto& s : plan.sessions) {
    auto remote = rr::wire::IpAddress::parse(s.peer_ip);
    if (!remote) {
      t.warnings.push_back(s.name + ": peer address '" + s.peer_ip + "' is not an IP address");
      continue;
    }
    // rrd runs one session per neighbour address (as BIRD would refuse two protocols with
    // the same neighbor and port); Calico renders both Mesh_ and Node_ sessions to one address
    // only when the mesh and a BGPPeer overlap, which its documentation forbids.
    if (!seen.insert(*remote).second) {
      t.warnings.push_back(s.name + ": a session to " + s.peer_ip +
                           " is already configured; this one is ignored");
      continue;
    }
    PeerConfig c;
    c.name = s.name;
    c.remote_address = *remote;
    c.remote_port = s.port == 0 ? 179 : s.port;
    if (!s.source_address.empty()) {
      if (auto local = rr::wire::IpAddress::parse(s.source_address)) c.local_address = *local;
    }
    c.local_as = s.local_as;
    c.remote_as = s.peer_as;
    c.router_id = *router_id;
    c.passive = s.passive;
    c.hold_time = Seconds(options.hold_time);
    c.update_delay = std::chrono::milliseconds(options.update_delay_ms);
    if (s.keepalive_time) c.keepalive_time = Seconds(*s.keepalive_time);
    c.connect_retry_time = Seconds(5);  // Calico's "connect retry time 5"
    c.password = s.password;
    if (s.ttl_security && *s.ttl_security > 0) c.ttl_security_hops = *s.ttl_security;
    const auto family =
        s.family == peering::Family::ipv4 ? rr::wire::kIpv4Unicast : rr::wire::kIpv6Unicast;
    c.families = {family};
    // Calico's BIRD template says "add paths on": both directions, every path.
    c.add_path = {rr::session::AddPathConfig{family, true, true}};
    c.graceful_restart = true;
    c.restart_time = Seconds(s.restart_time.value_or(120));
    c.policy.route_reflector_client = s.rr_client;
    if (s.rr_client && !s.cluster_id.empty()) {
      if (auto cid = parse_v4(s.cluster_id)) c.policy.cluster_id = *cid;
    }
    c.policy.next_hop_mode = next_hop_mode(s.next_hop);
    c.policy.allowed_local_as =
        static_cast<std::uint8_t>(std::min<std::uint32_t>(s.allow_local_as, 255));
    t.peers.push_back(std::move(c));
    t.sessions.push_back(s);
  }
  return t;
}

}  // namespace mgmt::daemon
