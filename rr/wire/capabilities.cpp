// Capabilities advertisement (RFC 5492) and the value format of each capability rrd understands.
//
// A Capabilities optional parameter holds a run of (code, length, value) triples (RFC 5492 §4).
// Each known code has a fixed value shape; a value that does not fit its shape is an OPEN Message
// Error with subcode 0 (RFC 5492 §3 names no subcode for it) and the session is reset. Codes rrd
// does not know are kept bytewise so that they can be logged and re-encoded unchanged.
#include "rr/wire/capabilities.hpp"

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

namespace rr::wire {

namespace {

// RFC 4724 §3: Restart Flags (4 bits) and Restart Time (12 bits) share the first two octets.
constexpr std::uint16_t kGrRestartingBit = 0x8000;
constexpr std::uint16_t kGrNotificationBit = 0x4000;  // RFC 8538 §2
constexpr std::uint16_t kGrRestartTimeMask = 0x0fff;
// RFC 4724 §3 / RFC 9494 §3: per-family flags, bit 0 is Forwarding State.
constexpr std::uint8_t kForwardingStateBit = 0x80;
constexpr std::uint32_t kLlgrStaleTimeMask = 0x00ffffff;

// A capability value is at most 255 octets (one length octet, RFC 5492 §4).
constexpr std::size_t kMaxCapabilityValue = 255;

tl::unexpected<DecodeError> malformed(std::string_view reason) {
  return tl::make_unexpected(open_error(OpenSubcode::unspecific, reason));
}

AfiSafi read_afi_safi(std::uint16_t afi, std::uint8_t safi) {
  return AfiSafi{static_cast<Afi>(afi), static_cast<Safi>(safi)};
}

// RFC 4760 §8: AFI (2), Reserved (1), SAFI (1). The reserved octet is ignored on receipt.
Result<Capability> decode_multiprotocol(ByteView value) {
  if (value.size() != 4) return malformed("multiprotocol capability length is not 4");
  Reader r(value);
  std::uint16_t afi = 0;
  std::uint8_t reserved = 0;
  std::uint8_t safi = 0;
  r.u16(afi);
  r.u8(reserved);
  r.u8(safi);
  return MultiprotocolCapability{read_afi_safi(afi, safi)};
}

// RFC 6793 §3: the 4-octet AS number.
Result<Capability> decode_four_octet_as(ByteView value) {
  if (value.size() != 4) return malformed("4-octet AS capability length is not 4");
  Reader r(value);
  FourOctetAsCapability cap;
  r.u32(cap.asn);
  return cap;
}

// RFC 4724 §3: Restart Flags + Restart Time (2), then AFI (2), SAFI (1), Flags (1) per family.
Result<Capability> decode_graceful_restart(ByteView value) {
  if (value.size() < 2 || (value.size() - 2) % 4 != 0) {
    return malformed("graceful restart capability length is not 2 + 4n");
  }
  Reader r(value);
  std::uint16_t head = 0;
  r.u16(head);
  GracefulRestartCapability cap;
  cap.restarting = (head & kGrRestartingBit) != 0;
  cap.notification = (head & kGrNotificationBit) != 0;
  cap.restart_time = static_cast<std::uint16_t>(head & kGrRestartTimeMask);
  while (!r.empty()) {
    std::uint16_t afi = 0;
    std::uint8_t safi = 0;
    std::uint8_t flags = 0;
    r.u16(afi);
    r.u8(safi);
    r.u8(flags);
    cap.families.push_back({read_afi_safi(afi, safi), (flags & kForwardingStateBit) != 0});
  }
  return cap;
}

// RFC 9494 §3: AFI (2), SAFI (1), Flags (1), Long-Lived Stale Time (3) per family.
Result<Capability> decode_long_lived_graceful_restart(ByteView value) {
  if (value.size() % 7 != 0)
    return malformed("long-lived graceful restart capability length is not 7n");
  Reader r(value);
  LongLivedGracefulRestartCapability cap;
  while (!r.empty()) {
    std::uint16_t afi = 0;
    std::uint8_t safi = 0;
    std::uint8_t flags = 0;
    std::uint8_t stale_high = 0;
    std::uint16_t stale_low = 0;
    r.u16(afi);
    r.u8(safi);
    r.u8(flags);
    r.u8(stale_high);
    r.u16(stale_low);
    cap.families.push_back({read_afi_safi(afi, safi), (flags & kForwardingStateBit) != 0,
                            (static_cast<std::uint32_t>(stale_high) << 16U) | stale_low});
  }
  return cap;
}

// RFC 7911 §4: AFI (2), SAFI (1), Send/Receive (1) per family; Send/Receive is 1, 2 or 3.
Result<Capability> decode_add_path(ByteView value) {
  if (value.size() % 4 != 0) return malformed("ADD-PATH capability length is not 4n");
  Reader r(value);
  AddPathCapability cap;
  while (!r.empty()) {
    std::uint16_t afi = 0;
    std::uint8_t safi = 0;
    std::uint8_t mode = 0;
    r.u16(afi);
    r.u8(safi);
    r.u8(mode);
    if (mode < static_cast<std::uint8_t>(AddPathMode::receive) ||
        mode > static_cast<std::uint8_t>(AddPathMode::both)) {
      return malformed("ADD-PATH capability Send/Receive value is not 1, 2 or 3");
    }
    cap.families.push_back({read_afi_safi(afi, safi), static_cast<AddPathMode>(mode)});
  }
  return cap;
}

// RFC 8950 §3: NLRI AFI (2), NLRI SAFI (2), Nexthop AFI (2) per entry.
Result<Capability> decode_extended_next_hop(ByteView value) {
  if (value.size() % 6 != 0) return malformed("extended next hop capability length is not 6n");
  Reader r(value);
  ExtendedNextHopCapability cap;
  while (!r.empty()) {
    std::uint16_t nlri_afi = 0;
    std::uint16_t nlri_safi = 0;
    std::uint16_t next_hop_afi = 0;
    r.u16(nlri_afi);
    r.u16(nlri_safi);
    r.u16(next_hop_afi);
    cap.entries.push_back({static_cast<Afi>(nlri_afi), nlri_safi, static_cast<Afi>(next_hop_afi)});
  }
  return cap;
}

// draft-walton-bgp-hostname-capability §3: Hostname Length (1), Hostname, Domain Name Length (1),
// Domain Name. The two strings must fill the value exactly.
Result<Capability> decode_fqdn(ByteView value) {
  Reader r(value);
  std::uint8_t host_len = 0;
  ByteView host;
  std::uint8_t domain_len = 0;
  ByteView domain;
  if (!r.u8(host_len) || !r.take(host_len, host) || !r.u8(domain_len) ||
      !r.take(domain_len, domain) || !r.empty()) {
    return malformed("FQDN capability lengths do not match its value");
  }
  FqdnCapability cap;
  cap.hostname.assign(reinterpret_cast<const char*>(host.data()), host.size());    // NOLINT
  cap.domain.assign(reinterpret_cast<const char*>(domain.data()), domain.size());  // NOLINT
  return cap;
}

// RFC 9234 §4.1: one octet, the BGP Role.
Result<Capability> decode_role(ByteView value) {
  if (value.size() != 1) return malformed("BGP role capability length is not 1");
  return RoleCapability{static_cast<BgpRole>(value[0])};
}

template <typename Empty>
Result<Capability> decode_empty(ByteView value, std::string_view reason) {
  if (!value.empty()) return malformed(reason);
  return Empty{};
}

Result<Capability> decode_one(std::uint8_t code, ByteView value) {
  switch (static_cast<CapabilityCode>(code)) {
    case CapabilityCode::multiprotocol:
      return decode_multiprotocol(value);
    case CapabilityCode::route_refresh:
      return decode_empty<RouteRefreshCapability>(value,
                                                  "route refresh capability length is not 0");
    case CapabilityCode::enhanced_route_refresh:
      return decode_empty<EnhancedRouteRefreshCapability>(
          value, "enhanced route refresh capability length is not 0");
    case CapabilityCode::extended_message:
      return decode_empty<ExtendedMessageCapability>(value,
                                                     "extended message capability length is not 0");
    case CapabilityCode::four_octet_as:
      return decode_four_octet_as(value);
    case CapabilityCode::graceful_restart:
      return decode_graceful_restart(value);
    case CapabilityCode::long_lived_graceful_restart:
      return decode_long_lived_graceful_restart(value);
    case CapabilityCode::add_path:
      return decode_add_path(value);
    case CapabilityCode::extended_next_hop:
      return decode_extended_next_hop(value);
    case CapabilityCode::fqdn:
      return decode_fqdn(value);
    case CapabilityCode::role:
      return decode_role(value);
    // ORF (RFC 5291) and the pre-standard Cisco route refresh are not interpreted: kept as
    // received like any other code.
    case CapabilityCode::outbound_route_filtering:
    case CapabilityCode::route_refresh_cisco:
      break;
  }
  return UnknownCapability{code, Bytes(value.begin(), value.end())};
}

// Writes `count` entries of `entry_size` octets at most, so that `fixed` + entries fit in one
// capability value. Over-long lists cannot be expressed in one capability; the tail is dropped.
std::size_t entries_that_fit(std::size_t count, std::size_t fixed, std::size_t entry_size) {
  return std::min(count, (kMaxCapabilityValue - fixed) / entry_size);
}

void write_afi_safi(Writer& w, AfiSafi af) {
  w.u16(static_cast<std::uint16_t>(af.afi));
  w.u8(static_cast<std::uint8_t>(af.safi));
}

// Writes the value of `cap` (without code and length).
void encode_value(const Capability& cap, Writer& w) {
  std::visit(
      [&w](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, MultiprotocolCapability>) {
          w.u16(static_cast<std::uint16_t>(c.afi_safi.afi));
          w.u8(0);  // Reserved
          w.u8(static_cast<std::uint8_t>(c.afi_safi.safi));
        } else if constexpr (std::is_same_v<T, FourOctetAsCapability>) {
          w.u32(c.asn);
        } else if constexpr (std::is_same_v<T, GracefulRestartCapability>) {
          std::uint16_t head = c.restart_time & kGrRestartTimeMask;
          if (c.restarting) head |= kGrRestartingBit;
          if (c.notification) head |= kGrNotificationBit;
          w.u16(head);
          const auto n = entries_that_fit(c.families.size(), 2, 4);
          for (std::size_t i = 0; i < n; ++i) {
            write_afi_safi(w, c.families[i].afi_safi);
            w.u8(c.families[i].forwarding_preserved ? kForwardingStateBit : 0);
          }
        } else if constexpr (std::is_same_v<T, LongLivedGracefulRestartCapability>) {
          const auto n = entries_that_fit(c.families.size(), 0, 7);
          for (std::size_t i = 0; i < n; ++i) {
            const auto& f = c.families[i];
            write_afi_safi(w, f.afi_safi);
            w.u8(f.forwarding_preserved ? kForwardingStateBit : 0);
            const std::uint32_t stale = f.stale_time & kLlgrStaleTimeMask;
            w.u8(static_cast<std::uint8_t>(stale >> 16U));
            w.u16(static_cast<std::uint16_t>(stale & 0xffffU));
          }
        } else if constexpr (std::is_same_v<T, AddPathCapability>) {
          const auto n = entries_that_fit(c.families.size(), 0, 4);
          for (std::size_t i = 0; i < n; ++i) {
            write_afi_safi(w, c.families[i].afi_safi);
            w.u8(static_cast<std::uint8_t>(c.families[i].mode));
          }
        } else if constexpr (std::is_same_v<T, ExtendedNextHopCapability>) {
          const auto n = entries_that_fit(c.entries.size(), 0, 6);
          for (std::size_t i = 0; i < n; ++i) {
            w.u16(static_cast<std::uint16_t>(c.entries[i].nlri_afi));
            w.u16(c.entries[i].nlri_safi);
            w.u16(static_cast<std::uint16_t>(c.entries[i].next_hop_afi));
          }
        } else if constexpr (std::is_same_v<T, FqdnCapability>) {
          // Both strings share the 255-octet value with their two length octets.
          const auto host_len = std::min<std::size_t>(c.hostname.size(), kMaxCapabilityValue - 2);
          const auto domain_len =
              std::min<std::size_t>(c.domain.size(), kMaxCapabilityValue - 2 - host_len);
          w.u8(static_cast<std::uint8_t>(host_len));
          w.raw(reinterpret_cast<const std::uint8_t*>(c.hostname.data()), host_len);  // NOLINT
          w.u8(static_cast<std::uint8_t>(domain_len));
          w.raw(reinterpret_cast<const std::uint8_t*>(c.domain.data()), domain_len);  // NOLINT
        } else if constexpr (std::is_same_v<T, RoleCapability>) {
          w.u8(static_cast<std::uint8_t>(c.role));
        } else if constexpr (std::is_same_v<T, UnknownCapability>) {
          w.bytes(ByteView(c.value).first(std::min(c.value.size(), kMaxCapabilityValue)));
        } else {
          // Route refresh, enhanced route refresh and extended message have no value.
          static_assert(std::is_empty_v<T>);
        }
      },
      cap);
}

}  // namespace

Result<std::monostate> decode_capabilities(ByteView parameter_value, std::vector<Capability>& out) {
  std::vector<Capability> decoded;
  Reader r(parameter_value);
  while (!r.empty()) {
    std::uint8_t code = 0;
    std::uint8_t length = 0;
    ByteView value;
    if (!r.u8(code) || !r.u8(length) || !r.take(length, value)) {
      return malformed("capability overruns its optional parameter");
    }
    auto cap = decode_one(code, value);
    if (!cap) return tl::make_unexpected(std::move(cap.error()));
    decoded.push_back(std::move(*cap));
  }
  out.insert(out.end(), std::make_move_iterator(decoded.begin()),
             std::make_move_iterator(decoded.end()));
  return std::monostate{};
}

void encode_capability(const Capability& cap, Writer& w) {
  w.u8(static_cast<std::uint8_t>(capability_code(cap)));
  const std::size_t length_offset = w.size();
  w.u8(0);  // patched below
  encode_value(cap, w);
  w.patch_u8(length_offset, static_cast<std::uint8_t>(w.size() - length_offset - 1));
}

CapabilityCode capability_code(const Capability& cap) {
  return std::visit(
      [](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, MultiprotocolCapability>) {
          return CapabilityCode::multiprotocol;
        } else if constexpr (std::is_same_v<T, RouteRefreshCapability>) {
          return CapabilityCode::route_refresh;
        } else if constexpr (std::is_same_v<T, EnhancedRouteRefreshCapability>) {
          return CapabilityCode::enhanced_route_refresh;
        } else if constexpr (std::is_same_v<T, ExtendedMessageCapability>) {
          return CapabilityCode::extended_message;
        } else if constexpr (std::is_same_v<T, FourOctetAsCapability>) {
          return CapabilityCode::four_octet_as;
        } else if constexpr (std::is_same_v<T, GracefulRestartCapability>) {
          return CapabilityCode::graceful_restart;
        } else if constexpr (std::is_same_v<T, LongLivedGracefulRestartCapability>) {
          return CapabilityCode::long_lived_graceful_restart;
        } else if constexpr (std::is_same_v<T, AddPathCapability>) {
          return CapabilityCode::add_path;
        } else if constexpr (std::is_same_v<T, ExtendedNextHopCapability>) {
          return CapabilityCode::extended_next_hop;
        } else if constexpr (std::is_same_v<T, FqdnCapability>) {
          return CapabilityCode::fqdn;
        } else if constexpr (std::is_same_v<T, RoleCapability>) {
          return CapabilityCode::role;
        } else {
          static_assert(std::is_same_v<T, UnknownCapability>);
          return static_cast<CapabilityCode>(c.code);
        }
      },
      cap);
}

CapabilitySummary summarize(const std::vector<Capability>& caps) {
  CapabilitySummary s;
  for (const auto& cap : caps) {
    std::visit(
        [&s](const auto& c) {
          using T = std::decay_t<decltype(c)>;
          if constexpr (std::is_same_v<T, MultiprotocolCapability>) {
            if (std::find(s.multiprotocol.begin(), s.multiprotocol.end(), c.afi_safi) ==
                s.multiprotocol.end()) {
              s.multiprotocol.push_back(c.afi_safi);
            }
          } else if constexpr (std::is_same_v<T, RouteRefreshCapability>) {
            s.route_refresh = true;
          } else if constexpr (std::is_same_v<T, EnhancedRouteRefreshCapability>) {
            s.enhanced_route_refresh = true;
          } else if constexpr (std::is_same_v<T, ExtendedMessageCapability>) {
            s.extended_message = true;
          } else if constexpr (std::is_same_v<T, FourOctetAsCapability>) {
            s.four_octet_as = c.asn;
          } else if constexpr (std::is_same_v<T, GracefulRestartCapability>) {
            s.graceful_restart = c;
          } else if constexpr (std::is_same_v<T, LongLivedGracefulRestartCapability>) {
            s.long_lived_graceful_restart = c;
          } else if constexpr (std::is_same_v<T, AddPathCapability>) {
            // One entry per family; a later mode for the same family replaces the earlier one.
            for (const auto& f : c.families) {
              auto it = std::find_if(s.add_path.begin(), s.add_path.end(),
                                     [&f](const auto& e) { return e.afi_safi == f.afi_safi; });
              if (it == s.add_path.end()) {
                s.add_path.push_back(f);
              } else {
                it->mode = f.mode;
              }
            }
          } else if constexpr (std::is_same_v<T, ExtendedNextHopCapability>) {
            for (const auto& e : c.entries) {
              if (std::find(s.extended_next_hop.begin(), s.extended_next_hop.end(), e) ==
                  s.extended_next_hop.end()) {
                s.extended_next_hop.push_back(e);
              }
            }
          } else if constexpr (std::is_same_v<T, FqdnCapability>) {
            s.fqdn = c;
          } else if constexpr (std::is_same_v<T, RoleCapability>) {
            s.role = c.role;
          } else {
            static_assert(std::is_same_v<T, UnknownCapability>);
            // The pre-standard route refresh (code 128, empty value) means the same as code 2.
            if (c.code == static_cast<std::uint8_t>(CapabilityCode::route_refresh_cisco)) {
              s.route_refresh = true;
            } else {
              s.unknown.push_back(c);
            }
          }
        },
        cap);
  }
  return s;
}

}  // namespace rr::wire
