#include "mgmt/peering/ip_address.hpp"

#include <arpa/inet.h>
#include <array>
#include <charconv>
#include <netinet/in.h>

namespace mgmt::peering {
namespace {

std::optional<std::uint16_t> parse_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  unsigned value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || value == 0 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

}  // namespace

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
  if (auto ip = parse_ip(text)) return PeerAddress{std::move(*ip), std::nullopt};
  std::string_view host;
  std::string_view port;
  if (text.starts_with('[')) {
    const auto close = text.find("]:");
    if (close == std::string_view::npos) return std::nullopt;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
    auto ip = parse_ip(host);
    if (!ip || ip->family != Family::ipv6) return std::nullopt;
    const auto number = parse_port(port);
    if (!number) return std::nullopt;
    return PeerAddress{std::move(*ip), number};
  }
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || text.find(':', colon + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  auto ip = parse_ip(text.substr(0, colon));
  const auto number = parse_port(text.substr(colon + 1));
  if (!ip || ip->family != Family::ipv4 || !number) return std::nullopt;
  return PeerAddress{std::move(*ip), number};
}

}  // namespace mgmt::peering
