// BGP capabilities carried in OPEN (RFC 5492) and their value types.
//
// Multiprotocol (RFC 4760), route refresh (RFC 2918), enhanced route refresh (RFC 7313),
// 4-octet AS (RFC 6793), graceful restart (RFC 4724, N bit RFC 8538), long-lived graceful
// restart (RFC 9494), ADD-PATH (RFC 7911), extended message (RFC 8654), extended next hop
// (RFC 8950), FQDN (draft-walton-bgp-hostname-capability), BGP role (RFC 9234). Anything else is
// kept as an UnknownCapability and re-encoded unchanged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "rr/wire/bytes.hpp"
#include "rr/wire/error.hpp"
#include "rr/wire/types.hpp"

namespace rr::wire {

enum class CapabilityCode : std::uint8_t {
  multiprotocol = 1,
  route_refresh = 2,
  outbound_route_filtering = 3,
  extended_next_hop = 5,
  extended_message = 6,
  role = 9,
  graceful_restart = 64,
  four_octet_as = 65,
  add_path = 69,
  enhanced_route_refresh = 70,
  long_lived_graceful_restart = 71,
  fqdn = 73,
  route_refresh_cisco = 128,
};

struct MultiprotocolCapability {  // RFC 4760 §8
  AfiSafi afi_safi;
  friend bool operator==(const MultiprotocolCapability&, const MultiprotocolCapability&) = default;
};

struct RouteRefreshCapability {  // RFC 2918 §2
  friend bool operator==(const RouteRefreshCapability&, const RouteRefreshCapability&) = default;
};

struct EnhancedRouteRefreshCapability {  // RFC 7313 §3
  friend bool operator==(const EnhancedRouteRefreshCapability&,
                         const EnhancedRouteRefreshCapability&) = default;
};

struct ExtendedMessageCapability {  // RFC 8654 §3
  friend bool operator==(const ExtendedMessageCapability&,
                         const ExtendedMessageCapability&) = default;
};

struct FourOctetAsCapability {  // RFC 6793 §3
  std::uint32_t asn = 0;
  friend bool operator==(const FourOctetAsCapability&, const FourOctetAsCapability&) = default;
};

struct GracefulRestartCapability {  // RFC 4724 §3, RFC 8538 §2 (N bit)
  struct Family {
    AfiSafi afi_safi;
    bool forwarding_preserved = false;  // F bit
    friend bool operator==(const Family&, const Family&) = default;
  };
  bool restarting = false;         // R bit
  bool notification = false;       // N bit (RFC 8538)
  std::uint16_t restart_time = 0;  // seconds, 12 bits
  std::vector<Family> families;
  friend bool operator==(const GracefulRestartCapability&,
                         const GracefulRestartCapability&) = default;
};

struct LongLivedGracefulRestartCapability {  // RFC 9494 §3
  struct Family {
    AfiSafi afi_safi;
    bool forwarding_preserved = false;
    std::uint32_t stale_time = 0;  // seconds, 24 bits
    friend bool operator==(const Family&, const Family&) = default;
  };
  std::vector<Family> families;
  friend bool operator==(const LongLivedGracefulRestartCapability&,
                         const LongLivedGracefulRestartCapability&) = default;
};

enum class AddPathMode : std::uint8_t { receive = 1, send = 2, both = 3 };

struct AddPathCapability {  // RFC 7911 §4
  struct Family {
    AfiSafi afi_safi;
    AddPathMode mode = AddPathMode::both;
    friend bool operator==(const Family&, const Family&) = default;
  };
  std::vector<Family> families;
  friend bool operator==(const AddPathCapability&, const AddPathCapability&) = default;
};

struct ExtendedNextHopCapability {  // RFC 8950 §3
  struct Entry {
    Afi nlri_afi = Afi::ipv4;
    std::uint16_t nlri_safi = 1;  // 16 bits on the wire
    Afi next_hop_afi = Afi::ipv6;
    friend bool operator==(const Entry&, const Entry&) = default;
  };
  std::vector<Entry> entries;
  friend bool operator==(const ExtendedNextHopCapability&,
                         const ExtendedNextHopCapability&) = default;
};

struct FqdnCapability {  // draft-walton-bgp-hostname-capability
  std::string hostname;
  std::string domain;
  friend bool operator==(const FqdnCapability&, const FqdnCapability&) = default;
};

enum class BgpRole : std::uint8_t {
  provider = 0,
  route_server = 1,
  route_server_client = 2,
  customer = 3,
  peer = 4
};

struct RoleCapability {  // RFC 9234 §4.1
  BgpRole role = BgpRole::peer;
  friend bool operator==(const RoleCapability&, const RoleCapability&) = default;
};

struct UnknownCapability {
  std::uint8_t code = 0;
  Bytes value;
  friend bool operator==(const UnknownCapability&, const UnknownCapability&) = default;
};

using Capability =
    std::variant<MultiprotocolCapability, RouteRefreshCapability, EnhancedRouteRefreshCapability,
                 ExtendedMessageCapability, FourOctetAsCapability, GracefulRestartCapability,
                 LongLivedGracefulRestartCapability, AddPathCapability, ExtendedNextHopCapability,
                 FqdnCapability, RoleCapability, UnknownCapability>;

// Decodes the capabilities of one Capabilities optional parameter (RFC 5492 §4), appending to
// `out`. A capability whose value is malformed for its code yields an OPEN Message Error
// (subcode 0, RFC 5492 §3 leaves it unspecific) with session_reset.
Result<std::monostate> decode_capabilities(ByteView parameter_value, std::vector<Capability>& out);

// Encodes one capability (code, length, value).
void encode_capability(const Capability& cap, Writer& w);

CapabilityCode capability_code(const Capability& cap);

// Everything the peer announced, folded into one view (repeated multiprotocol and ADD-PATH
// entries are merged; a later duplicate of a single-valued capability wins, as RFC 5492 §4
// leaves to the implementation).
struct CapabilitySummary {
  std::vector<AfiSafi> multiprotocol;
  bool route_refresh = false;  // code 2 or the pre-standard 128
  bool enhanced_route_refresh = false;
  bool extended_message = false;
  std::optional<std::uint32_t> four_octet_as;
  std::optional<GracefulRestartCapability> graceful_restart;
  std::optional<LongLivedGracefulRestartCapability> long_lived_graceful_restart;
  std::vector<AddPathCapability::Family> add_path;
  std::vector<ExtendedNextHopCapability::Entry> extended_next_hop;
  std::optional<FqdnCapability> fqdn;
  std::optional<BgpRole> role;
  std::vector<UnknownCapability> unknown;
};

CapabilitySummary summarize(const std::vector<Capability>& caps);

}  // namespace rr::wire
