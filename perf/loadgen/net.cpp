#include "perf/loadgen/net.hpp"

#include <arpa/inet.h>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace rr::perf {

namespace {

// The socket address of ip:port, and its length.
socklen_t to_sockaddr(const wire::IpAddress& ip, std::uint16_t port, sockaddr_storage& out) {
  out = sockaddr_storage{};
  if (ip.is_v4()) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(ip.v4().value);
    std::memcpy(&out, &sa, sizeof sa);
    return sizeof sa;
  }
  sockaddr_in6 sa{};
  sa.sin6_family = AF_INET6;
  sa.sin6_port = htons(port);
  const auto bytes = ip.v6().bytes;
  std::memcpy(&sa.sin6_addr, bytes.data(), bytes.size());
  std::memcpy(&out, &sa, sizeof sa);
  return sizeof sa;
}

// NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API takes sockaddr*.
const sockaddr* as_sockaddr(const sockaddr_storage& sa) {
  return reinterpret_cast<const sockaddr*>(&sa);
}

int family_of(const wire::IpAddress& ip) {
  return ip.is_v4() ? AF_INET : AF_INET6;
}

}  // namespace

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    reset();
    fd_ = other.release();
  }
  return *this;
}

int Fd::release() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

void Fd::reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Poller::Poller() : epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
  if (!epoll_.valid()) throw std::runtime_error("epoll_create1 failed");
}

bool Poller::add(int fd, std::uint32_t events, std::uint64_t data) {
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = data;
  return ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev) == 0;
}

bool Poller::modify(int fd, std::uint32_t events, std::uint64_t data) {
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = data;
  return ::epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, fd, &ev) == 0;
}

void Poller::remove(int fd) {
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
}

int Poller::wait(std::span<epoll_event> events, int timeout_ms) {
  const int n =
      ::epoll_wait(epoll_.get(), events.data(), static_cast<int>(events.size()), timeout_ms);
  return n < 0 ? 0 : n;
}

double monotonic_seconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::uint64_t raise_fd_limit() {
  rlimit rl{};
  if (::getrlimit(RLIMIT_NOFILE, &rl) != 0) return 0;
  rl.rlim_cur = rl.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &rl);
  ::getrlimit(RLIMIT_NOFILE, &rl);
  return rl.rlim_cur;
}

Fd connect_from(const wire::IpAddress& source, const wire::IpAddress& target, std::uint16_t port) {
  if (source.afi != target.afi) {
    errno = EAFNOSUPPORT;
    return Fd{};
  }
  Fd fd(::socket(family_of(target), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return fd;
  const int one = 1;
  ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_storage sa{};
  socklen_t length = to_sockaddr(source, 0, sa);
  if (::bind(fd.get(), as_sockaddr(sa), length) != 0) return Fd{};
  length = to_sockaddr(target, port, sa);
  if (::connect(fd.get(), as_sockaddr(sa), length) != 0 && errno != EINPROGRESS) return Fd{};
  return fd;
}

Fd listen_on(const wire::IpAddress& address, std::uint16_t port, int backlog) {
  Fd fd(::socket(family_of(address), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return fd;
  const int one = 1;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (!address.is_v4()) ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  sockaddr_storage sa{};
  const socklen_t length = to_sockaddr(address, port, sa);
  if (::bind(fd.get(), as_sockaddr(sa), length) != 0) return Fd{};
  if (::listen(fd.get(), backlog) != 0) return Fd{};
  return fd;
}

wire::IpAddress peer_address(const sockaddr_storage& peer) {
  if (peer.ss_family == AF_INET6) {
    sockaddr_in6 sa{};
    std::memcpy(&sa, &peer, sizeof sa);
    wire::Ipv6Address a;
    std::memcpy(a.bytes.data(), &sa.sin6_addr, a.bytes.size());
    return wire::IpAddress::from(a);
  }
  sockaddr_in sa{};
  std::memcpy(&sa, &peer, sizeof sa);
  return wire::IpAddress::from(wire::Ipv4Address{ntohl(sa.sin_addr.s_addr)});
}

int socket_error(int fd) {
  int error = 0;
  socklen_t length = sizeof error;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) return errno;
  return error;
}

ProcessUsage process_usage() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  ProcessUsage u;
  u.user_s =
      static_cast<double>(ru.ru_utime.tv_sec) + static_cast<double>(ru.ru_utime.tv_usec) * 1e-6;
  u.sys_s =
      static_cast<double>(ru.ru_stime.tv_sec) + static_cast<double>(ru.ru_stime.tv_usec) * 1e-6;
  // VmHWM, not ru_maxrss: the latter can carry the high-water mark of the process that exec'ed us.
  if (std::FILE* f = std::fopen("/proc/self/status", "re")) {
    std::array<char, 256> line{};
    while (std::fgets(line.data(), static_cast<int>(line.size()), f) != nullptr) {
      unsigned long long kb = 0;
      if (std::sscanf(line.data(), "VmHWM: %llu kB", &kb) == 1) u.peak_rss_bytes = kb * 1024U;
    }
    std::fclose(f);
  }
  return u;
}

}  // namespace rr::perf
