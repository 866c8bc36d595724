// IP address text as the peering computation needs it (calico-bgp-spec.md §2.1, §1.5): the node
// addresses `ip4(N)`/`ip6(N)` in canonical form (IPv6 lower-case compressed), and BGPPeer.peerIP
// split into address and optional port.
//
// Pure functions; callable from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mgmt::peering {

enum class Family : std::uint8_t { ipv4, ipv6 };

struct IpAddress {
  Family family = Family::ipv4;
  std::string text;  // canonical
  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

// A plain IPv4 or IPv6 address (no prefix length, no port) in canonical text form.
std::optional<IpAddress> parse_ip(std::string_view text);

// The IP part of "addr" or "addr/len" when it is of `family`, canonical; "" otherwise (§2.1).
std::string ip_of_cidr(std::string_view text, Family family);

struct PeerAddress {
  IpAddress ip;
  std::optional<std::uint16_t> port;  // given explicitly: 1 … 65535
  friend bool operator==(const PeerAddress&, const PeerAddress&) = default;
};

// BGPPeer.peerIP: "<v4>", "<v6>", "<v4>:<port>" or "[<v6>]:<port>".
std::optional<PeerAddress> parse_peer_address(std::string_view text);

}  // namespace mgmt::peering
