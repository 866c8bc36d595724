// Basic value types of the BGP wire format: address families, addresses, prefixes and NLRI.
//
// RFC 4760 §3 (AFI/SAFI), RFC 7911 §3 (path identifiers). These are plain, trivially copyable
// values owned by whoever holds them; no thread affinity.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rr::wire {

// RFC 4760 §3 / IANA "Address Family Numbers".
enum class Afi : std::uint16_t { ipv4 = 1, ipv6 = 2, l2vpn = 25, bgp_ls = 16388 };

// IANA "SAFI Values" (the ones a reflector meets).
enum class Safi : std::uint8_t {
  unicast = 1,
  multicast = 2,
  mpls_label = 4,
  mpls_vpn = 128,
  evpn = 70,
  flowspec = 133,
  route_target = 132,
};

struct AfiSafi {
  Afi afi = Afi::ipv4;
  Safi safi = Safi::unicast;
  friend constexpr auto operator<=>(const AfiSafi&, const AfiSafi&) = default;
};

inline constexpr AfiSafi kIpv4Unicast{Afi::ipv4, Safi::unicast};
inline constexpr AfiSafi kIpv6Unicast{Afi::ipv6, Safi::unicast};

std::string to_string(AfiSafi af);

// A set of AFI/SAFIs, as negotiated for ADD-PATH and the like. Known families are bits; the
// reflector only carries IPv4 and IPv6 unicast routes, other families are negotiated but never
// decoded beyond MP_REACH framing.
class AfiSafiSet {
 public:
  constexpr AfiSafiSet() = default;
  constexpr void insert(AfiSafi af) {
    if (auto b = bit(af)) {
      bits_ |= *b;
    }
  }
  constexpr void erase(AfiSafi af) {
    if (auto b = bit(af)) {
      bits_ &= static_cast<std::uint8_t>(~*b);
    }
  }
  [[nodiscard]] constexpr bool contains(AfiSafi af) const {
    auto b = bit(af);
    return b && (bits_ & *b) != 0;
  }
  [[nodiscard]] constexpr bool empty() const { return bits_ == 0; }
  friend constexpr bool operator==(const AfiSafiSet&, const AfiSafiSet&) = default;

 private:
  static constexpr std::optional<std::uint8_t> bit(AfiSafi af) {
    if (af == kIpv4Unicast) return std::uint8_t{1};
    if (af == kIpv6Unicast) return std::uint8_t{2};
    if (af == AfiSafi{Afi::ipv4, Safi::multicast}) return std::uint8_t{4};
    if (af == AfiSafi{Afi::ipv6, Safi::multicast}) return std::uint8_t{8};
    return std::nullopt;
  }
  std::uint8_t bits_ = 0;
};

// IPv4 address in host byte order (so that comparisons are numeric).
struct Ipv4Address {
  std::uint32_t value = 0;
  friend constexpr auto operator<=>(const Ipv4Address&, const Ipv4Address&) = default;
  [[nodiscard]] std::string to_string() const;
  static std::optional<Ipv4Address> parse(std::string_view text);
};

// IPv6 address in network byte order.
struct Ipv6Address {
  std::array<std::uint8_t, 16> bytes{};
  friend constexpr auto operator<=>(const Ipv6Address&, const Ipv6Address&) = default;
  [[nodiscard]] std::string to_string() const;
  [[nodiscard]] bool is_link_local() const { return bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80; }
  static std::optional<Ipv6Address> parse(std::string_view text);
};

// An IPv4 or IPv6 address; the unused tail of `bytes` is zero for IPv4.
struct IpAddress {
  Afi afi = Afi::ipv4;
  std::array<std::uint8_t, 16> bytes{};

  static IpAddress from(Ipv4Address a);
  static IpAddress from(Ipv6Address a);
  [[nodiscard]] bool is_v4() const { return afi == Afi::ipv4; }
  [[nodiscard]] Ipv4Address v4() const;
  [[nodiscard]] Ipv6Address v6() const;
  [[nodiscard]] std::string to_string() const;
  static std::optional<IpAddress> parse(std::string_view text);
  friend constexpr auto operator<=>(const IpAddress&, const IpAddress&) = default;
};

// An IP prefix. Bits past `length` are always zero (the decoder clears them, RFC 4271 §4.3
// allows trailing bits to be anything).
struct Prefix {
  Afi afi = Afi::ipv4;
  std::uint8_t length = 0;
  std::array<std::uint8_t, 16> bytes{};

  [[nodiscard]] static constexpr std::uint8_t max_length(Afi afi) {
    return afi == Afi::ipv4 ? 32 : 128;
  }
  static Prefix v4(Ipv4Address addr, std::uint8_t len);
  static Prefix v6(const Ipv6Address& addr, std::uint8_t len);
  // "10.0.0.0/8" or "2001:db8::/32"; nullopt if malformed.
  static std::optional<Prefix> parse(std::string_view text);
  [[nodiscard]] std::string to_string() const;
  friend constexpr auto operator<=>(const Prefix&, const Prefix&) = default;
};

// One NLRI entry: a prefix and, when ADD-PATH is negotiated for its family, a path identifier
// (RFC 7911 §3). path_id is 0 when ADD-PATH is not in use.
struct Nlri {
  Prefix prefix;
  std::uint32_t path_id = 0;
  friend constexpr auto operator<=>(const Nlri&, const Nlri&) = default;
};

}  // namespace rr::wire
