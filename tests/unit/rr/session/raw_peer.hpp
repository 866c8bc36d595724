// Test helpers over real loopback sockets: a scripted BGP speaker on a plain blocking socket,
// and a poll-with-deadline. Shared by the session and engine tests.
#pragma once

#include <arpa/inet.h>
#include <chrono>
#include <netinet/in.h>
#include <optional>
#include <string_view>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "rr/wire/message.hpp"

namespace rr::testing {

using namespace std::chrono_literals;

template <typename F>
inline bool eventually(F pred, std::chrono::milliseconds deadline = 5000ms) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return pred();
}

// An OPEN with hold time 30 and the given capabilities.
inline wire::OpenMessage make_open(std::uint32_t asn, const char* id,
                                   std::vector<wire::Capability> capabilities = {}) {
  wire::OpenMessage open;
  open.my_as = static_cast<std::uint16_t>(asn);
  open.hold_time = 30;
  open.bgp_identifier = *wire::Ipv4Address::parse(id);
  open.capabilities = std::move(capabilities);
  return open;
}

// A scripted BGP speaker on a blocking socket bound to its own 127.x address.
class RawPeer {
 public:
  // Binds `local` and connects to `remote`:`port`; IPv6 when `local` has a colon. `ttl` (if not
  // 0) is set before connecting, for GTSM tests.
  RawPeer(const char* local, std::uint16_t port, const char* remote = nullptr, int ttl = 0) {
    const bool v6 = std::string_view(local).find(':') != std::string_view::npos;
    fd_ = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
    if (ttl != 0) {
      if (v6) {
        ::setsockopt(fd_, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl, sizeof ttl);
      } else {
        ::setsockopt(fd_, IPPROTO_IP, IP_TTL, &ttl, sizeof ttl);
      }
    }
    if (v6) {
      sockaddr_in6 me{};
      me.sin6_family = AF_INET6;
      ::inet_pton(AF_INET6, local, &me.sin6_addr);
      EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&me), sizeof me), 0);
      sockaddr_in6 to{};
      to.sin6_family = AF_INET6;
      to.sin6_port = htons(port);
      ::inet_pton(AF_INET6, remote != nullptr ? remote : "::1", &to.sin6_addr);
      connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0;
    } else {
      sockaddr_in me{};
      me.sin_family = AF_INET;
      ::inet_pton(AF_INET, local, &me.sin_addr);
      EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&me), sizeof me), 0);
      sockaddr_in to{};
      to.sin_family = AF_INET;
      to.sin_port = htons(port);
      ::inet_pton(AF_INET, remote != nullptr ? remote : "127.0.0.1", &to.sin_addr);
      connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0;
    }
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~RawPeer() { ::close(fd_); }
  RawPeer(const RawPeer&) = delete;
  RawPeer& operator=(const RawPeer&) = delete;

  [[nodiscard]] bool connected() const { return connected_; }
  void set_timeout(std::chrono::milliseconds t) {
    timeval tv{static_cast<time_t>(t.count() / 1000),
               static_cast<suseconds_t>((t.count() % 1000) * 1000)};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  void send(const wire::Bytes& b) {
    ASSERT_EQ(::send(fd_, b.data(), b.size(), MSG_NOSIGNAL), static_cast<ssize_t>(b.size()));
  }
  void send(const wire::Message& m) {
    wire::Bytes b;
    ASSERT_TRUE(wire::encode(m, ctx, b).has_value());
    send(b);
  }
  // Reads one whole message; nullopt on EOF or timeout.
  std::optional<wire::Message> receive() {
    wire::Bytes header(19);
    if (!read_exact(header.data(), 19)) return std::nullopt;
    const std::size_t len =
        (static_cast<std::size_t>(header[16]) << 8U) | static_cast<std::size_t>(header[17]);
    wire::Bytes msg = header;
    msg.resize(len);
    if (len > 19 && !read_exact(msg.data() + 19, len - 19)) return std::nullopt;
    auto m = wire::decode_message(msg, ctx);
    if (!m) return std::nullopt;
    return *m;
  }
  // Reads until a message of type T arrives (skipping others).
  template <typename T>
  std::optional<T> receive_until() {
    for (int i = 0; i < 50; ++i) {
      auto m = receive();
      if (!m) return std::nullopt;
      if (auto* t = std::get_if<T>(&*m)) return *t;
    }
    return std::nullopt;
  }
  // OPEN, then KEEPALIVE, until the session is Established from our side.
  void establish(std::uint32_t asn, const char* id,
                 const std::vector<wire::Capability>& extra = {}) {
    wire::OpenMessage open;
    open.my_as = static_cast<std::uint16_t>(asn);
    open.hold_time = 30;
    open.bgp_identifier = *wire::Ipv4Address::parse(id);
    open.capabilities = {wire::MultiprotocolCapability{wire::kIpv4Unicast},
                         wire::MultiprotocolCapability{wire::kIpv6Unicast},
                         wire::RouteRefreshCapability{}, wire::FourOctetAsCapability{asn}};
    for (const auto& c : extra)
      open.capabilities.push_back(c);
    send(wire::Message{open});
    ASSERT_TRUE(receive_until<wire::OpenMessage>());
    send(wire::Message{wire::KeepaliveMessage{}});
    ASSERT_TRUE(receive_until<wire::KeepaliveMessage>());
  }
  bool closed_by_peer() {
    char c;
    return ::recv(fd_, &c, 1, 0) == 0;
  }

  wire::CodecContext ctx;

 private:
  bool read_exact(std::byte* p, std::size_t n) {
    while (n > 0) {
      const auto r = ::recv(fd_, p, n, 0);
      if (r <= 0) return false;
      p += r;
      n -= static_cast<std::size_t>(r);
    }
    return true;
  }
  int fd_ = -1;
  bool connected_ = false;
};

}  // namespace rr::testing
