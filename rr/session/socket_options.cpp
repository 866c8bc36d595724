#include "rr/session/socket_options.hpp"

#include <cerrno>
#include <cstring>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace rr::session {

namespace {

std::error_code last_error() {
  return {errno, std::generic_category()};
}

template <typename T>
std::error_code set(int fd, int level, int name, const T& value) {
  if (::setsockopt(fd, level, name, &value, sizeof value) != 0) return last_error();
  return {};
}

}  // namespace

std::error_code set_tcp_md5(int fd, const wire::IpAddress& peer, std::string_view password) {
  if (password.size() > TCP_MD5SIG_MAXKEYLEN)
    return std::make_error_code(std::errc::invalid_argument);
  struct tcp_md5sig sig {};
  if (peer.is_v4()) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    std::memcpy(&sin.sin_addr, peer.bytes.data(), 4);
    std::memcpy(&sig.tcpm_addr, &sin, sizeof sin);
  } else {
    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    std::memcpy(&sin6.sin6_addr, peer.bytes.data(), 16);
    std::memcpy(&sig.tcpm_addr, &sin6, sizeof sin6);
  }
  sig.tcpm_keylen = static_cast<std::uint16_t>(password.size());
  std::memcpy(sig.tcpm_key, password.data(), password.size());
  const auto ec = set(fd, IPPROTO_TCP, TCP_MD5SIG, sig);
  // Removing a key that was never installed is not an error.
  if (ec && password.empty() && ec.value() == ENOENT) return {};
  return ec;
}

std::error_code set_ttl_security(int fd, wire::Afi family, std::uint8_t hops) {
  const int ttl = 255;
  const int min_ttl = 256 - (hops == 0 ? 1 : hops);
  if (family == wire::Afi::ipv4) {
    if (auto ec = set(fd, IPPROTO_IP, IP_TTL, ttl)) return ec;
    return set(fd, IPPROTO_IP, IP_MINTTL, min_ttl);
  }
  if (auto ec = set(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, ttl)) return ec;
  return set(fd, IPPROTO_IPV6, IPV6_MINHOPCOUNT, min_ttl);
}

std::error_code set_no_delay(int fd) {
  const int one = 1;
  return set(fd, IPPROTO_TCP, TCP_NODELAY, one);
}

}  // namespace rr::session
