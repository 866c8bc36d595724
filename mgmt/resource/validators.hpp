// Value validators of Calico's v3 validator (calico-bgp-spec.md §1): resource names, Kubernetes
// label keys/values, IP addresses and CIDRs, BGPPeer peerIP, BGP communities, interface patterns,
// Secret keys and selectors. Each returns std::nullopt when the value is valid and otherwise the
// reason, worded to follow a field path ("spec.peerIP: <reason>"). Pure functions; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace mgmt::resource::validate {

using Verdict = std::optional<std::string>;

enum class IpFamily : std::uint8_t { v4, v6 };

// DNS-1123 subdomain, ≤253 chars: the Calico resource name rule (no '_', no upper case).
[[nodiscard]] Verdict resource_name(std::string_view text);
// DNS-1123 label, ≤63 chars (Secret namespaces).
[[nodiscard]] Verdict dns_label(std::string_view text);
// Kubernetes qualified name: [<DNS subdomain>/]<name>, name ≤63 chars of [A-Za-z0-9_.-],
// starting and ending alphanumeric. Label and annotation keys.
[[nodiscard]] Verdict qualified_name(std::string_view text);
// Kubernetes label value: empty, or ≤63 chars like the name part above.
[[nodiscard]] Verdict label_value(std::string_view text);

// A plain address (no prefix length, no zone) and its family.
[[nodiscard]] std::optional<IpFamily> ip_family(std::string_view text);
// A plain address, of `family` when given.
[[nodiscard]] Verdict ip_address(std::string_view text, std::optional<IpFamily> family);
// "<address>" or "<address>/<len>" (len ≤32 / ≤128), of `family` when given. Host bits may be set
// ("10.0.0.1/24" is a node address with its subnet).
[[nodiscard]] Verdict ip_or_cidr(std::string_view text, std::optional<IpFamily> family);
// The family of a valid ip_or_cidr() value.
[[nodiscard]] std::optional<IpFamily> cidr_family(std::string_view text);

// BGPPeer.peerIP: "<v4>", "<v6>", "<v4>:<port>" or "[<v6>]:<port>", port 1 … 65535, ≤64 chars.
struct PeerAddress {
  std::string address;
  std::optional<std::uint16_t> port;
  IpFamily family = IpFamily::v4;
};
[[nodiscard]] tl::expected<PeerAddress, std::string> peer_ip(std::string_view text);

// BGP community: "aa:nn" (each 0 … 65535) or large "aa:nn:mm" (each 0 … 4294967295).
[[nodiscard]] Verdict community(std::string_view text);
// Interface name pattern: ^[a-zA-Z0-9_.*-]{1,15}$.
[[nodiscard]] Verdict interface_pattern(std::string_view text);
// Key of a Secret's data: [-._a-zA-Z0-9]+, ≤253 chars.
[[nodiscard]] Verdict secret_key(std::string_view text);
// Calico selector (§3) of at most 1024 chars; uses mgmt::selector.
[[nodiscard]] Verdict selector(std::string_view text);

}  // namespace mgmt::resource::validate
