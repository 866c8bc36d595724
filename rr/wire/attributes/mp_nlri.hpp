// MP_REACH_NLRI and MP_UNREACH_NLRI (RFC 4760 §3, §4), next hops per RFC 2545 (IPv6 global +
// link-local) and RFC 8950 (IPv6 next hop for IPv4 NLRI).
#pragma once

#include <optional>
#include <vector>

#include "rr/wire/bytes.hpp"
#include "rr/wire/types.hpp"

namespace rr::wire {

struct MpNextHop {
  IpAddress global;
  std::optional<Ipv6Address> link_local;  // RFC 2545 §3: 32-octet next hop
  friend bool operator==(const MpNextHop&, const MpNextHop&) = default;
};

struct MpReach {
  AfiSafi afi_safi = kIpv6Unicast;
  MpNextHop next_hop;
  std::vector<Nlri> nlri;
  // Families the codec does not decode (not IPv4/IPv6 unicast or multicast): next hop and NLRI
  // octets kept as received.
  Bytes opaque_next_hop;
  Bytes opaque_nlri;
  friend bool operator==(const MpReach&, const MpReach&) = default;
};

struct MpUnreach {
  AfiSafi afi_safi = kIpv6Unicast;
  std::vector<Nlri> withdrawn;
  Bytes opaque_withdrawn;  // undecoded families
  friend bool operator==(const MpUnreach&, const MpUnreach&) = default;
};

}  // namespace rr::wire
