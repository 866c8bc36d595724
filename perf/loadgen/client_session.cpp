#include "perf/loadgen/client_session.hpp"

#include <algorithm>
#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

#include "rr/wire/capabilities.hpp"
#include "rr/wire/open_message.hpp"

namespace rr::perf {

namespace {
constexpr double kOpenSentHold = 240;  // RFC 4271 §8.2.2: large hold time while in OpenSent
constexpr double kRetryDelay = 1;
// A connect still pending after this is abandoned and retried (a reflector with a short listen
// backlog drops SYNs, and the kernel's own SYN retries back off to 15 s and more).
constexpr double kConnectTimeout = 3;

// The retry delay of session `index` after `attempt` failures: kRetryDelay x [0.5, 1.5), so
// that hundreds of sessions dropped at once do not all come back in the same instant.
double retry_delay(std::uint32_t index, std::uint64_t attempt) {
  std::uint64_t x = (std::uint64_t{index} << 32U) ^ (attempt * 0x9e3779b97f4a7c15ULL) ^ 0x2545f491U;
  x ^= x >> 33U;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33U;
  return kRetryDelay * (0.5 + static_cast<double>(x >> 11U) / 9007199254740992.0);
}
}  // namespace

ClientSession::ClientSession(const Workload& workload, std::uint32_t index,
                             SessionFamilies families, std::uint32_t token,
                             const SharedMessages& shared, Poller& poller)
    : workload_(&workload),
      index_(index),
      families_(families),
      token_(token),
      shared_(&shared),
      poller_(&poller),
      open_(workload.encode_client_open(index, families)),
      announcements_v4_(workload.encode_family_announcements(index, wire::kIpv4Unicast)),
      announcements_v6_(workload.encode_family_announcements(index, wire::kIpv6Unicast)),
      send_v4_(perf::carries_v4(families)),
      send_v6_(perf::carries_v6(families)),
      checker_(workload, index) {
  checker_.expect_families(send_v4_, send_v6_);
}

void ClientSession::attach_churn(const ChurnPlan* plan, ChurnRecord* record) {
  checker_.attach_churn(plan, record);
  churn_ = plan != nullptr;
}

bool ClientSession::send_churn(const ChurnPlan& plan, ChurnRecord& record, std::uint32_t slot,
                               bool announce) {
  if (state_ != SessionState::established) return false;
  churn_message_.clear();
  const std::uint32_t route = plan.route(index_, slot);
  const std::uint64_t now = monotonic_ns();
  if (announce) {
    plan.encode_announce(index_, slot, now, churn_message_);
    record.withdraw_sent_ns[route] = 0;
    ++record.announcements_sent;
  } else {
    plan.encode_withdraw(index_, slot, churn_message_);
    record.withdraw_sent_ns[route] = now;
    ++record.withdrawals_sent;
  }
  out_.push(churn_message_);
  flush();
  return true;
}

void ClientSession::connect(const wire::IpAddress& target, std::uint16_t port, double now) {
  retry_at_ = -1;
  const wire::IpAddress source = ipv6() ? wire::IpAddress::from(workload_->address6(index_))
                                        : wire::IpAddress::from(workload_->address(index_));
  fd_ = connect_from(source, target, port);
  if (!fd_.valid() || !poller_->add(fd_.get(), EPOLLIN | EPOLLOUT, token_)) {
    fd_.reset();
    ++stats_.connect_failures;
    retry_at_ = now + retry_delay(token_, stats_.connect_failures + stats_.resets);
    return;
  }
  want_write_ = true;
  state_ = SessionState::connecting;
  connect_started_ = now;
}

void ClientSession::on_event(std::uint32_t events, std::uint8_t* scratch, std::size_t scratch_size,
                             double now) {
  if (state_ == SessionState::connecting) {
    if (socket_error(fd_.get()) != 0) {
      ++stats_.connect_failures;
      close_session(now);
      return;
    }
    on_connected(now);
    return;
  }
  if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) on_readable(scratch, scratch_size, now);
  if (fd_.valid() && (events & EPOLLOUT) != 0) flush();
}

void ClientSession::on_connected(double now) {
  state_ = SessionState::open_sent;
  last_received_ = now;
  hold_s_ = kOpenSentHold;
  out_.push(open_);
  flush();
}

void ClientSession::on_readable(std::uint8_t* scratch, std::size_t scratch_size, double now) {
  const std::size_t kept = framer_.restore(scratch);
  const ssize_t n = ::read(fd_.get(), scratch + kept, scratch_size - kept);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
    close_session(now);
    return;
  }
  if (n < 0) return;
  last_received_ = now;
  const bool ok =
      framer_.consume(scratch, kept + static_cast<std::size_t>(n),
                      [&](BgpType type, const std::uint8_t* body, std::size_t length,
                          const std::uint8_t*) { return on_message(type, body, length, now); });
  if (!ok && fd_.valid()) close_session(now);
}

bool ClientSession::on_message(BgpType type, const std::uint8_t* body, std::size_t length,
                               double now) {
  if (!fd_.valid()) return false;
  switch (type) {
    case BgpType::update: {
      if (state_ != SessionState::established) return false;
      const bool was_complete = checker_.complete();
      // The clock is read only for churn latencies.
      checker_.on_update(body, length, churn_ ? monotonic_ns() : 0);
      if (!was_complete && checker_.complete()) stats_.converged_s = now - t0_;
      return true;
    }
    case BgpType::keepalive:
      if (state_ == SessionState::open_confirm) {
        state_ = SessionState::established;
        if (stats_.established_s < 0) stats_.established_s = now - t0_;
        if (stats_.down_s >= 0 && stats_.reestablished_s < 0) stats_.reestablished_s = now - t0_;
        gr_deadline_ = -1;
        if (send_v4_) out_.push(announcements_v4_);
        if (send_v6_) out_.push(announcements_v6_);
        flush();
      }
      return true;
    case BgpType::open: {
      if (state_ != SessionState::open_sent) return false;
      // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): octets as std::byte
      const auto* bytes = reinterpret_cast<const std::byte*>(body);
      const auto open = wire::decode_open(wire::ByteView(bytes, length));
      if (!open) return false;
      hold_s_ = std::min<double>(open->hold_time, workload_->config().hold_time);
      // RFC 4760 §8: a family is used when both sides advertise it; a speaker advertising no
      // multiprotocol capability at all speaks IPv4 unicast only.
      const auto caps = wire::summarize(open->capabilities);
      const auto offered = [&](wire::AfiSafi f) {
        return std::find(caps.multiprotocol.begin(), caps.multiprotocol.end(), f) !=
               caps.multiprotocol.end();
      };
      send_v4_ = perf::carries_v4(families_) &&
                 (caps.multiprotocol.empty() || offered(wire::kIpv4Unicast));
      send_v6_ = perf::carries_v6(families_) && offered(wire::kIpv6Unicast);
      checker_.expect_families(send_v4_, send_v6_);
      peer_gr_ = workload_->config().graceful_restart && caps.graceful_restart.has_value();
      peer_gr_v4_ = peer_gr_v6_ = false;
      if (peer_gr_) {
        peer_restart_time_ = caps.graceful_restart->restart_time;
        for (const auto& f : caps.graceful_restart->families) {
          peer_gr_v4_ = peer_gr_v4_ || f.afi_safi == wire::kIpv4Unicast;
          peer_gr_v6_ = peer_gr_v6_ || f.afi_safi == wire::kIpv6Unicast;
        }
      }
      state_ = SessionState::open_confirm;
      last_keepalive_sent_ = now;
      out_.push(shared_->keepalive);
      flush();
      return true;
    }
    case BgpType::notification:
      ++stats_.notifications_received;
      close_session(now, true);
      return false;
    case BgpType::route_refresh:
      return true;
  }
  return false;
}

void ClientSession::flush() {
  const FlushResult r = out_.flush(fd_.get());
  if (r == FlushResult::failed) {
    close_session(monotonic_seconds());
    return;
  }
  const bool want = r == FlushResult::blocked;
  if (want != want_write_) {
    want_write_ = want;
    update_interest();
  }
}

void ClientSession::update_interest() {
  poller_->modify(fd_.get(), EPOLLIN | (want_write_ ? EPOLLOUT : 0U), token_);
}

void ClientSession::close_session(double now, bool notified) {
  if (!fd_.valid()) return;
  if (state_ == SessionState::established || state_ == SessionState::open_confirm) {
    ++stats_.resets;
  }
  const bool was_established = state_ == SessionState::established;
  if (was_established && stats_.down_s < 0) stats_.down_s = now - t0_;
  poller_->remove(fd_.get());
  fd_.reset();
  out_.clear();
  framer_.clear();
  if (was_established && peer_gr_ && !notified) {
    // RFC 4724 §4.2: keep the reflector's routes, stale, for its restart time.
    checker_.retain_stale(peer_gr_v4_, peer_gr_v6_);
    ++stats_.gr_retained;
    gr_deadline_ = now + peer_restart_time_;
  } else if (gr_deadline_ < 0) {
    checker_.reset();
  }
  state_ = SessionState::idle;
  retry_at_ = now + retry_delay(token_, stats_.connect_failures + stats_.resets);
}

bool ClientSession::on_tick(double now) {
  if (gr_deadline_ >= 0 && now >= gr_deadline_ && state_ != SessionState::established) {
    checker_.sweep_stale(true, true);  // the reflector did not come back in time
    ++stats_.gr_timer_expiries;
    gr_deadline_ = -1;
  }
  if (state_ == SessionState::idle) return retry_at_ >= 0 && now >= retry_at_;
  if (state_ == SessionState::connecting) {
    if (now - connect_started_ >= kConnectTimeout) {
      ++stats_.connect_failures;
      close_session(now);
    }
    return false;
  }
  if (hold_s_ > 0 && now - last_received_ >= hold_s_) {
    // RFC 4271 §6.5: send NOTIFICATION Hold Timer Expired and close.
    ++stats_.hold_expiries;
    out_.push(shared_->hold_expired);
    out_.flush(fd_.get());
    close_session(now, true);
    return false;
  }
  if ((state_ == SessionState::established || state_ == SessionState::open_confirm) &&
      hold_s_ > 0 && now - last_keepalive_sent_ >= hold_s_ / 3) {
    last_keepalive_sent_ = now;
    out_.push(shared_->keepalive);
    flush();
  }
  return false;
}

void ClientSession::shutdown() {
  if (!fd_.valid()) return;
  if (state_ == SessionState::established || state_ == SessionState::open_confirm) {
    out_.push(shared_->cease);
    out_.flush(fd_.get());
  }
  ::shutdown(fd_.get(), SHUT_WR);
  poller_->remove(fd_.get());
  fd_.reset();
  state_ = SessionState::idle;
  retry_at_ = -1;
}

}  // namespace rr::perf
