// Reflection rules and outbound attribute changes of reflection.hpp.
#include "rr/engine/reflection.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "rr/wire/attributes/path_attributes.hpp"

namespace rr::engine {
namespace {

constexpr std::uint8_t kFlagOptional = 0x80;
constexpr std::uint8_t kFlagTransitive = 0x40;
constexpr std::uint8_t kFlagPartial = 0x20;
constexpr std::size_t kMaxSegmentAses = 255;  // one octet of segment length (RFC 4271 §4.3)
constexpr std::uint32_t kDefaultLocalPref = 100;

bool is_confed(wire::AsSegmentType t) {
  return t == wire::AsSegmentType::confed_sequence || t == wire::AsSegmentType::confed_set;
}

std::size_t occurrences(const wire::AsPath& path, std::uint32_t asn) {
  std::size_t n = 0;
  for (const auto& seg : path.segments) {
    n += static_cast<std::size_t>(std::count(seg.asns.begin(), seg.asns.end(), asn));
  }
  return n;
}

// RFC 4271 §5.1.2 b) with RFC 5065 §5.3: confederation segments are removed when the path
// leaves the (confederation) AS, then our AS goes in front of the first AS_SEQUENCE, or in a new
// one when the first segment is an AS_SET or full.
void prepend_as(wire::PathAttributes& attrs, std::uint32_t local_as) {
  wire::AsPath& path = attrs.as_path ? *attrs.as_path : attrs.as_path.emplace();
  auto& segs = path.segments;
  segs.erase(std::remove_if(segs.begin(), segs.end(),
                            [](const wire::AsPathSegment& s) { return is_confed(s.type); }),
             segs.end());
  if (!segs.empty() && segs.front().type == wire::AsSegmentType::as_sequence &&
      segs.front().asns.size() < kMaxSegmentAses) {
    segs.front().asns.insert(segs.front().asns.begin(), local_as);
  } else {
    segs.insert(segs.begin(), wire::AsPathSegment{wire::AsSegmentType::as_sequence, {local_as}});
  }
}

// RFC 4271 §5 / §9.1: unrecognised optional non-transitive attributes are not passed on;
// unrecognised optional transitive ones are, with the Partial bit set. (An unrecognised
// well-known attribute is an error the codec rejects; one that got here is passed unchanged.)
void pass_unknown_attributes(std::vector<wire::UnknownAttribute>& unknown) {
  std::erase_if(unknown, [](const wire::UnknownAttribute& u) {
    return (u.flags & kFlagOptional) != 0 && (u.flags & kFlagTransitive) == 0;
  });
  for (auto& u : unknown) {
    if ((u.flags & kFlagOptional) != 0) u.flags |= kFlagPartial;
  }
}

// Our next hop for a route of `afi_safi` whose current next hop is `current`, or nullopt when
// none is configured for the family.
std::optional<wire::MpNextHop> self_next_hop(wire::AfiSafi afi_safi, const wire::MpNextHop& current,
                                             const OutboundPolicy& policy) {
  if (afi_safi.afi == wire::Afi::ipv4) {
    if (policy.self_v4) return wire::MpNextHop{wire::IpAddress::from(*policy.self_v4), {}};
    // RFC 8950: an IPv4 route already carried with an IPv6 next hop may take our IPv6 one.
    if (policy.self_v6 && !current.global.is_v4()) {
      return wire::MpNextHop{wire::IpAddress::from(*policy.self_v6), {}};
    }
    return std::nullopt;
  }
  if (policy.self_v6) return wire::MpNextHop{wire::IpAddress::from(*policy.self_v6), {}};
  return std::nullopt;
}

bool wants_self_next_hop(const OutboundPolicy& policy) {
  switch (policy.next_hop_mode) {
    case session::NextHopMode::self:
      return true;
    case session::NextHopMode::automatic:
      return policy.to == PeerRole::ebgp;
    case session::NextHopMode::keep:
      return false;
  }
  return false;
}

}  // namespace

bool may_reflect(PeerRole from, PeerRole to) {
  // RFC 4456 §6: only a path from a non-client is kept away from other non-clients.
  return !(from == PeerRole::non_client && to == PeerRole::non_client);
}

const char* to_string(InboundVerdict v) {
  switch (v) {
    case InboundVerdict::accept:
      return "accept";
    case InboundVerdict::originator_is_us:
      return "originator-is-us";
    case InboundVerdict::cluster_loop:
      return "cluster-loop";
    case InboundVerdict::as_path_loop:
      return "as-path-loop";
  }
  return "?";
}

InboundVerdict check_inbound(const wire::PathAttributes& attrs, const PeerInfo& from,
                             std::uint32_t local_as, wire::Ipv4Address router_id,
                             std::span<const wire::Ipv4Address> cluster_ids) {
  if (attrs.originator_id && *attrs.originator_id == router_id) {
    return InboundVerdict::originator_is_us;
  }
  if (attrs.cluster_list) {
    for (const wire::Ipv4Address& id : *attrs.cluster_list) {
      if (std::find(cluster_ids.begin(), cluster_ids.end(), id) != cluster_ids.end()) {
        return InboundVerdict::cluster_loop;
      }
    }
  }
  if (attrs.as_path && occurrences(*attrs.as_path, local_as) > from.allowed_local_as) {
    return InboundVerdict::as_path_loop;
  }
  return InboundVerdict::accept;
}

void normalize_inbound(wire::PathAttributes& attrs, PeerRole from) {
  if (from != PeerRole::ebgp) return;
  attrs.local_pref.reset();
  attrs.originator_id.reset();
  attrs.cluster_list.reset();
}

std::optional<session::RouteAttributes> outbound_attributes(const session::RouteAttributes& in,
                                                            wire::AfiSafi afi_safi,
                                                            const PathSource& source,
                                                            const OutboundPolicy& policy) {
  if (!may_reflect(source.from, policy.to)) return std::nullopt;
  // RFC 1997 well-known communities: NO_ADVERTISE stops at us; NO_EXPORT (and, without
  // confederations, NO_EXPORT_SUBCONFED) stops at the AS border.
  const auto has = [&in](std::uint32_t c) {
    const auto& cs = in.attributes.communities;
    return std::find(cs.begin(), cs.end(), c) != cs.end();
  };
  if (has(wire::community::kNoAdvertise)) return std::nullopt;
  if (policy.to == PeerRole::ebgp &&
      (has(wire::community::kNoExport) || has(wire::community::kNoExportSubconfed)))
    return std::nullopt;

  session::RouteAttributes out = in;
  wire::PathAttributes& attrs = out.attributes;
  attrs.next_hop.reset();  // the next hop lives in out.next_hop only

  if (wants_self_next_hop(policy)) {
    auto self = self_next_hop(afi_safi, in.next_hop, policy);
    if (!self) return std::nullopt;
    out.next_hop = *self;
  }

  const bool to_ibgp = policy.to != PeerRole::ebgp;
  if (to_ibgp && source.from != PeerRole::ebgp) {
    // RFC 4456 §8: reflection.
    if (!attrs.originator_id) attrs.originator_id = source.router_id;
    auto& list = attrs.cluster_list ? *attrs.cluster_list : attrs.cluster_list.emplace();
    list.insert(list.begin(), source.cluster_id);
  } else if (to_ibgp) {
    // RFC 4271 §5.1.5: LOCAL_PREF is included in every UPDATE to an internal peer.
    if (!attrs.local_pref) attrs.local_pref = kDefaultLocalPref;
  } else {
    prepend_as(attrs, policy.local_as);
    attrs.local_pref.reset();
    attrs.med.reset();
    attrs.originator_id.reset();
    attrs.cluster_list.reset();
  }

  pass_unknown_attributes(attrs.unknown);

  // The engine keeps the 4-octet view; AS4_PATH / AS4_AGGREGATOR exist only towards 2-octet
  // peers (RFC 6793 §4.2.2).
  attrs.as4_path.reset();
  attrs.as4_aggregator.reset();
  if (!policy.four_octet_as) wire::prepare_for_two_octet(attrs);
  return out;
}

}  // namespace rr::engine
