// Small POSIX helpers shared by rrd-loadgen and rrd-floor: an owned file descriptor, an epoll
// set, the monotonic clock, and the start-up socket plumbing. Single-threaded use only.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <sys/epoll.h>
#include <sys/socket.h>

#include "rr/wire/types.hpp"

namespace rr::perf {

// Owns one file descriptor; closes it on destruction.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept;
  ~Fd() { reset(); }

  [[nodiscard]] int get() const { return fd_; }
  [[nodiscard]] bool valid() const { return fd_ >= 0; }
  int release();
  void reset();

 private:
  int fd_ = -1;
};

// An epoll set; `data` is the caller's 64-bit token for the descriptor.
class Poller {
 public:
  Poller();
  bool add(int fd, std::uint32_t events, std::uint64_t data);
  bool modify(int fd, std::uint32_t events, std::uint64_t data);
  void remove(int fd);
  // Returns the number of events written to `events` (0 on timeout or EINTR).
  int wait(std::span<epoll_event> events, int timeout_ms);

 private:
  Fd epoll_;
};

// Seconds on CLOCK_MONOTONIC.
double monotonic_seconds();

// Raises RLIMIT_NOFILE's soft limit to the hard limit; returns the new soft limit.
std::uint64_t raise_fd_limit();

// A non-blocking TCP socket bound to `source` (port 0) and connecting to target:port (both of
// one family). Returns an invalid Fd and sets errno on failure; connection completion is
// reported by EPOLLOUT.
Fd connect_from(const wire::IpAddress& source, const wire::IpAddress& target, std::uint16_t port);

// A non-blocking listening socket (an IPv6 one takes IPv6 connections only).
Fd listen_on(const wire::IpAddress& address, std::uint16_t port, int backlog);

// The address of an accepted connection's peer (IPv4 or IPv6).
wire::IpAddress peer_address(const sockaddr_storage& peer);

// The pending error of a connecting socket (SO_ERROR), 0 when connected.
int socket_error(int fd);

// Peak resident set size of this process in bytes, and CPU user / system seconds.
struct ProcessUsage {
  double user_s = 0;
  double sys_s = 0;
  std::uint64_t peak_rss_bytes = 0;
};
ProcessUsage process_usage();

}  // namespace rr::perf
