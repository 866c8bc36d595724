#include "mgmt/peering/ip_address.hpp"

#include <arpa/inet.h>
#include <array>
#include <netinet/in.h>

#include "mgmt/resource/validators.hpp"

namespace mgmt::peering {

std::optional<IpAddress> parse_ip(std::string_view text) {
  if (text.empty() || text.size() > INET6_ADDRSTRLEN) return std::nullopt;
  const std::string copy(text);
  std::array<char, INET6_ADDRSTRLEN> out{};
  if (text.find(':') == std::string_view::npos) {
    in_addr v4{};
    if (inet_pton(AF_INET, copy.c_str(), &v4) != 1) return std::nullopt;
    if (inet_ntop(AF_INET, &v4, out.data(), out.size()) == nullptr) return std::nullopt;
    return IpAddress{Family::ipv4, out.data()};
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, copy.c_str(), &v6) != 1) return std::nullopt;
  if (inet_ntop(AF_INET6, &v6, out.data(), out.size()) == nullptr) return std::nullopt;
  return IpAddress{Family::ipv6, out.data()};
}

std::string ip_of_cidr(std::string_view text, Family family) {
  const auto slash = text.find('/');
  const auto ip = parse_ip(text.substr(0, slash));
  if (!ip || ip->family != family) return {};
  return ip->text;
}

std::optional<PeerAddress> parse_peer_address(std::string_view text) {
  // The grammar is the validator's (resource/validators.hpp); here the address is made canonical.
  const auto split = resource::validate::peer_ip(text);
  if (!split) return std::nullopt;
  auto ip = parse_ip(split->address);
  if (!ip) return std::nullopt;
  return PeerAddress{std::move(*ip), split->port};
}

}  // namespace mgmt::peering
