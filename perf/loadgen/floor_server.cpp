#include "perf/loadgen/floor_server.hpp"

#include <arpa/inet.h>
#include <array>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rr/wire/notification.hpp"
#include "rr/wire/open_message.hpp"

namespace rr::perf {

namespace {
constexpr double kTickSeconds = 0.1;
constexpr std::size_t kReadChunk = std::size_t{256} * 1024;
constexpr std::size_t kMaxEvents = 512;
constexpr int kBacklog = 4096;
// Epoll tokens: the two listeners, then connection slot s as s + kFirstConnectionToken.
constexpr std::uint64_t kListenerToken = 0;
constexpr std::uint64_t kListener6Token = 1;
constexpr std::uint64_t kFirstConnectionToken = 2;
}  // namespace

FloorServer::FloorServer(const Options& options, const Workload& workload)
    : options_(options),
      workload_(&workload),
      open_(workload.encode_reflector_open()),
      expected_connections_(workload.bgp_sessions()),
      scratch_(kBgpMaxMessage + kReadChunk) {
  wire::encode(wire::KeepaliveMessage{}, keepalive_);
  if (workload.v6_sessions()) {
    build_stream(stream_, SessionFamilies::ipv4);
    build_stream(stream6_, SessionFamilies::ipv6);
  } else {
    build_stream(stream_, SessionFamilies::both);
  }
}

void FloorServer::build_stream(Stream& stream, SessionFamilies families) const {
  const std::uint32_t n = workload_->sessions();
  stream.end_of_ribs = Workload::encode_end_of_ribs(families);
  stream.announcements.reserve(n);
  stream.reflected_offset.reserve(n + 1);
  for (std::uint32_t k = 0; k < n; ++k) {
    stream.announcements.push_back(workload_->encode_announcements(k, families));
    stream.reflected_offset.push_back(stream.reflected.size());
    const wire::Bytes r = workload_->encode_reflected(k, families);
    stream.reflected.insert(stream.reflected.end(), r.begin(), r.end());
  }
  stream.reflected_offset.push_back(stream.reflected.size());
}

bool FloorServer::open() {
  listener_ = listen_on(wire::IpAddress::from(options_.listen), options_.port, kBacklog);
  if (!listener_.valid() || !poller_.add(listener_.get(), EPOLLIN, kListenerToken)) return false;
  if (!workload_->v6_sessions()) return true;
  listener6_ = listen_on(wire::IpAddress::from(options_.listen6), options_.port, kBacklog);
  return listener6_.valid() && poller_.add(listener6_.get(), EPOLLIN, kListener6Token);
}

void FloorServer::accept_all(int listener, double now) {
  for (;;) {
    sockaddr_storage peer{};
    socklen_t length = sizeof peer;
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    Fd fd(::accept4(listener, reinterpret_cast<sockaddr*>(&peer), &length,
                    SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (!fd.valid()) return;
    if (t0_ < 0) t0_ = now;
    const wire::IpAddress from = peer_address(peer);
    const auto client =
        from.is_v4() ? workload_->session_of(from.v4()) : workload_->session6_of(from.v6());
    if (!client) {
      ++result_.unknown_peers;
      continue;
    }
    const int one = 1;
    ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::size_t slot = 0;
    while (slot < connections_.size() && connections_[slot])
      ++slot;
    if (slot == connections_.size()) connections_.emplace_back();
    auto c = std::make_unique<Connection>();
    c->fd = std::move(fd);
    c->client = *client;
    c->stream = from.is_v4() ? &stream_ : &stream6_;
    c->last_received = now;
    if (!poller_.add(c->fd.get(), EPOLLIN, slot + kFirstConnectionToken)) continue;
    connections_[slot] = std::move(c);
    ++open_connections_;
  }
}

void FloorServer::on_event(std::size_t slot, std::uint32_t events, double now) {
  Connection& c = *connections_[slot];
  if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) {
    const std::size_t kept = c.framer.restore(scratch_.data());
    const ssize_t n = ::read(c.fd.get(), scratch_.data() + kept, scratch_.size() - kept);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
      close_connection(slot);
      return;
    }
    if (n > 0) {
      c.last_received = now;
      const bool ok = c.framer.consume(scratch_.data(), kept + static_cast<std::size_t>(n),
                                       [&](BgpType type, const std::uint8_t* body,
                                           std::size_t length, const std::uint8_t* message) {
                                         return on_message(c, type, body, length, message, now);
                                       });
      if (!ok) {
        close_connection(slot);
        return;
      }
    }
  }
  flush(slot);
}

bool FloorServer::on_message(Connection& c, BgpType type, const std::uint8_t* body,
                             std::size_t length, const std::uint8_t* message, double now) {
  switch (type) {
    case BgpType::open: {
      if (c.state != State::open_wait) return false;
      // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): octets as std::byte
      const auto* bytes = reinterpret_cast<const std::byte*>(body);
      const auto open = wire::decode_open(wire::ByteView(bytes, length));
      if (!open || open->bgp_identifier != workload_->address(c.client)) return false;
      c.hold_s = std::min<double>(open->hold_time, workload_->config().hold_time);
      c.state = State::open_confirm;
      c.out.push(open_);
      c.out.push(keepalive_);
      c.last_keepalive_sent = now;
      return true;
    }
    case BgpType::keepalive:
      if (c.state == State::open_confirm) {
        c.state = State::established;
        if (++established_ == expected_connections_) result_.t_all_established_s = now - t0_;
      }
      return true;
    case BgpType::update: {
      if (c.state != State::established) return false;
      const wire::Bytes& expected = c.stream->announcements[c.client];
      const std::size_t size = length + kBgpHeaderSize;
      if (c.input_done || c.input_pos + size > expected.size() ||
          std::memcmp(expected.data() + c.input_pos, message, size) != 0) {
        ++result_.bad_input;
        return true;
      }
      c.input_pos += size;
      if (c.input_pos == expected.size()) {
        c.input_done = true;
        if (++inputs_done_ == expected_connections_) {
          all_input_ = true;
          serve_pending_ = true;
          result_.t_all_input_s = now - t0_;
        } else if (all_input_) {
          serve(c);  // a client that came back after the others were served
        }
      }
      return true;
    }
    case BgpType::notification:
      return false;
    case BgpType::route_refresh:
      return true;
  }
  return false;
}

void FloorServer::serve(Connection& c) {
  if (c.served) return;
  c.served = true;
  const Stream& s = *c.stream;
  const std::size_t begin = s.reflected_offset[c.client];
  const std::size_t end = s.reflected_offset[c.client + 1];
  c.out.push(s.reflected.data(), begin);
  c.out.push(s.reflected.data() + end, s.reflected.size() - end);
  c.out.push(s.end_of_ribs);
  result_.bytes_written += s.reflected.size() - (end - begin) + s.end_of_ribs.size();
}

void FloorServer::flush(std::size_t slot) {
  Connection& c = *connections_[slot];
  const FlushResult r = c.out.flush(c.fd.get());
  if (r == FlushResult::failed) {
    close_connection(slot);
    return;
  }
  if (r == FlushResult::done && c.served && !c.stream_written) {
    c.stream_written = true;
    if (++written_ == expected_connections_) {
      result_.t_all_written_s = monotonic_seconds() - t0_;
      result_.served = true;
    }
  }
  const bool want = r == FlushResult::blocked;
  if (want != c.want_write) {
    c.want_write = want;
    poller_.modify(c.fd.get(), EPOLLIN | (want ? EPOLLOUT : 0U), slot + kFirstConnectionToken);
  }
}

void FloorServer::close_connection(std::size_t slot) {
  Connection& c = *connections_[slot];
  if (c.state == State::established && !c.served) ++result_.resets;
  if (c.state == State::established) --established_;
  if (c.input_done && !c.served) --inputs_done_;
  poller_.remove(c.fd.get());
  connections_[slot].reset();
  --open_connections_;
}

void FloorServer::tick(double now) {
  for (std::size_t slot = 0; slot < connections_.size(); ++slot) {
    if (!connections_[slot]) continue;
    Connection& c = *connections_[slot];
    if (c.hold_s > 0 && now - c.last_received >= c.hold_s) {
      close_connection(slot);
      continue;
    }
    if (c.state != State::open_wait && c.hold_s > 0 &&
        now - c.last_keepalive_sent >= c.hold_s / 3) {
      c.last_keepalive_sent = now;
      c.out.push(keepalive_);
      flush(slot);
    }
  }
}

FloorResult FloorServer::run() {
  const double start = monotonic_seconds();
  double next_tick = start + kTickSeconds;
  std::array<epoll_event, kMaxEvents> events{};
  for (;;) {
    const int timeout_ms = static_cast<int>((next_tick - monotonic_seconds()) * 1000) + 1;
    const int ready = poller_.wait(events, std::max(timeout_ms, 0));
    const double now = monotonic_seconds();
    for (int i = 0; i < ready; ++i) {
      const auto& ev = events[static_cast<std::size_t>(i)];
      if (ev.data.u64 == kListenerToken) {
        accept_all(listener_.get(), now);
      } else if (ev.data.u64 == kListener6Token) {
        accept_all(listener6_.get(), now);
      } else if (connections_[ev.data.u64 - kFirstConnectionToken]) {
        on_event(ev.data.u64 - kFirstConnectionToken, ev.events, now);
      }
    }
    if (serve_pending_) {
      serve_pending_ = false;
      for (std::size_t slot = 0; slot < connections_.size(); ++slot) {
        if (!connections_[slot] || !connections_[slot]->input_done) continue;
        serve(*connections_[slot]);
        flush(slot);
      }
    }
    if (now >= next_tick) {
      next_tick = now + kTickSeconds;
      tick(now);
    }
    if (result_.served && open_connections_ == 0) break;
    if (now - start >= options_.timeout_s) break;
  }
  return result_;
}

}  // namespace rr::perf
