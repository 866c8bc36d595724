#include "rr/wire/types.hpp"

#include <arpa/inet.h>
#include <charconv>
#include <cstring>

namespace rr::wire {

namespace {

std::string afi_name(Afi afi) {
  switch (afi) {
    case Afi::ipv4:
      return "ipv4";
    case Afi::ipv6:
      return "ipv6";
    case Afi::l2vpn:
      return "l2vpn";
    case Afi::bgp_ls:
      return "bgp-ls";
  }
  return "afi" + std::to_string(static_cast<unsigned>(afi));
}

std::string safi_name(Safi safi) {
  switch (safi) {
    case Safi::unicast:
      return "unicast";
    case Safi::multicast:
      return "multicast";
    case Safi::mpls_label:
      return "labeled-unicast";
    case Safi::mpls_vpn:
      return "vpn";
    case Safi::evpn:
      return "evpn";
    case Safi::flowspec:
      return "flowspec";
    case Safi::route_target:
      return "rtc";
  }
  return "safi" + std::to_string(static_cast<unsigned>(safi));
}

// Clears the bits of `bytes` past `len`.
void mask_prefix(std::array<std::uint8_t, 16>& bytes, std::uint8_t len) {
  for (unsigned i = 0; i < bytes.size(); ++i) {
    const unsigned bit = i * 8;
    if (bit >= len) {
      bytes[i] = 0;
    } else if (bit + 8 > len) {
      bytes[i] = static_cast<std::uint8_t>(bytes[i] & (0xffU << (8 - (len - bit))));
    }
  }
}

}  // namespace

std::string to_string(AfiSafi af) {
  return afi_name(af.afi) + "-" + safi_name(af.safi);
}

std::string Ipv4Address::to_string() const {
  return std::to_string(value >> 24U) + "." + std::to_string((value >> 16U) & 0xffU) + "." +
         std::to_string((value >> 8U) & 0xffU) + "." + std::to_string(value & 0xffU);
}

std::optional<Ipv4Address> Ipv4Address::parse(std::string_view text) {
  std::uint32_t value = 0;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (int i = 0; i < 4; ++i) {
    unsigned octet = 0;
    auto [next, ec] = std::from_chars(p, end, octet);
    if (ec != std::errc{} || octet > 255 || next == p || next - p > 3) return std::nullopt;
    value = (value << 8U) | octet;
    p = next;
    if (i < 3) {
      if (p == end || *p != '.') return std::nullopt;
      ++p;
    }
  }
  if (p != end) return std::nullopt;
  return Ipv4Address{value};
}

std::string Ipv6Address::to_string() const {
  char buf[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
  return buf;
}

std::optional<Ipv6Address> Ipv6Address::parse(std::string_view text) {
  if (text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  char buf[INET6_ADDRSTRLEN] = {};
  std::memcpy(buf, text.data(), text.size());
  Ipv6Address out;
  if (::inet_pton(AF_INET6, buf, out.bytes.data()) != 1) return std::nullopt;
  return out;
}

IpAddress IpAddress::from(Ipv4Address a) {
  IpAddress out;
  out.afi = Afi::ipv4;
  out.bytes[0] = static_cast<std::uint8_t>(a.value >> 24U);
  out.bytes[1] = static_cast<std::uint8_t>(a.value >> 16U);
  out.bytes[2] = static_cast<std::uint8_t>(a.value >> 8U);
  out.bytes[3] = static_cast<std::uint8_t>(a.value);
  return out;
}

IpAddress IpAddress::from(Ipv6Address a) {
  IpAddress out;
  out.afi = Afi::ipv6;
  out.bytes = a.bytes;
  return out;
}

Ipv4Address IpAddress::v4() const {
  return Ipv4Address{(static_cast<std::uint32_t>(bytes[0]) << 24U) |
                     (static_cast<std::uint32_t>(bytes[1]) << 16U) |
                     (static_cast<std::uint32_t>(bytes[2]) << 8U) | bytes[3]};
}

Ipv6Address IpAddress::v6() const {
  return Ipv6Address{bytes};
}

std::string IpAddress::to_string() const {
  return is_v4() ? v4().to_string() : v6().to_string();
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.find(':') != std::string_view::npos) {
    if (auto a = Ipv6Address::parse(text)) return from(*a);
    return std::nullopt;
  }
  if (auto a = Ipv4Address::parse(text)) return from(*a);
  return std::nullopt;
}

Prefix Prefix::v4(Ipv4Address addr, std::uint8_t len) {
  Prefix p;
  p.afi = Afi::ipv4;
  p.length = len > 32 ? 32 : len;
  p.bytes = IpAddress::from(addr).bytes;
  mask_prefix(p.bytes, p.length);
  return p;
}

Prefix Prefix::v6(const Ipv6Address& addr, std::uint8_t len) {
  Prefix p;
  p.afi = Afi::ipv6;
  p.length = len > 128 ? 128 : len;
  p.bytes = addr.bytes;
  mask_prefix(p.bytes, p.length);
  return p;
}

std::optional<Prefix> Prefix::parse(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto addr = IpAddress::parse(text.substr(0, slash));
  if (!addr) return std::nullopt;
  const auto len_text = text.substr(slash + 1);
  unsigned len = 0;
  auto [next, ec] = std::from_chars(len_text.data(), len_text.data() + len_text.size(), len);
  if (ec != std::errc{} || next != len_text.data() + len_text.size() || len_text.empty() ||
      len > max_length(addr->afi)) {
    return std::nullopt;
  }
  return addr->is_v4() ? v4(addr->v4(), static_cast<std::uint8_t>(len))
                       : v6(addr->v6(), static_cast<std::uint8_t>(len));
}

std::string Prefix::to_string() const {
  IpAddress a;
  a.afi = afi;
  a.bytes = bytes;
  return a.to_string() + "/" + std::to_string(length);
}

}  // namespace rr::wire
