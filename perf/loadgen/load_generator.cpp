#include "perf/loadgen/load_generator.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>

#include "rr/wire/notification.hpp"

namespace rr::perf {

namespace {
constexpr double kTickSeconds = 0.1;
constexpr std::size_t kReadChunk = std::size_t{256} * 1024;
constexpr std::size_t kMaxEvents = 512;
constexpr double kChurnSettle = 1;  // seconds between convergence and the churn stream
}  // namespace

LoadGenerator::LoadGenerator(const Options& options, const Workload& workload)
    : options_(options),
      workload_(&workload),
      churn_plan_(workload),
      churn_record_(churn_plan_),
      scratch_(kBgpMaxMessage + kReadChunk) {
  wire::encode(wire::KeepaliveMessage{}, shared_.keepalive);
  wire::encode(wire::NotificationMessage::make(wire::CeaseSubcode::administrative_shutdown),
               shared_.cease);
  wire::encode(wire::NotificationMessage::hold_timer_expired(), shared_.hold_expired);
  // Every session encodes its OPEN and UPDATEs here, before the clock starts.
  // Sessions 0 .. N-1 are the clients' (IPv4) sessions; with --v6-sessions, N + k is client k's
  // IPv6 session.
  sessions_.reserve(workload.bgp_sessions());
  const std::uint32_t n = workload.sessions();
  for (std::uint32_t t = 0; t < workload.bgp_sessions(); ++t) {
    const SessionFamilies families = !workload.v6_sessions() ? SessionFamilies::both
                                     : t < n                 ? SessionFamilies::ipv4
                                                             : SessionFamilies::ipv6;
    sessions_.push_back(
        std::make_unique<ClientSession>(workload, t % n, families, t, shared_, poller_));
    if (churn_plan_.enabled()) sessions_.back()->attach_churn(&churn_plan_, &churn_record_);
  }
}

wire::IpAddress LoadGenerator::target_of(const ClientSession& s) const {
  return s.ipv6() ? wire::IpAddress::from(options_.target6)
                  : wire::IpAddress::from(options_.target);
}

RunResult LoadGenerator::run() {
  RunResult result;
  t0_ = monotonic_seconds();
  for (auto& s : sessions_)
    s->set_start(t0_);
  const double spread_s = options_.connect_spread_ms / 1000.0;
  // Client by client; with --v6-sessions each client's IPv6 session right after its IPv4 one.
  std::vector<std::uint32_t> order;
  for (const std::uint32_t k : workload_->connect_order()) {
    order.push_back(k);
    if (workload_->v6_sessions()) order.push_back(workload_->sessions() + k);
  }
  const auto n = static_cast<std::uint32_t>(order.size());
  std::uint32_t next_connect = 0;
  double next_tick = t0_ + kTickSeconds;
  double done_at = -1;  // convergence + hold-after
  const double batch_s = options_.batch_us / 1e6;
  double last_round = 0;
  std::array<epoll_event, kMaxEvents> events{};
  for (;;) {
    double now = monotonic_seconds();
    // Connect the sessions whose slot in the spread window has come.
    while (next_connect < n &&
           (spread_s <= 0 || now - t0_ >= spread_s * next_connect / static_cast<double>(n))) {
      auto& s = *sessions_[order[next_connect]];
      s.connect(target_of(s), options_.port, now);
      ++next_connect;
    }
    int timeout_ms = static_cast<int>((next_tick - now) * 1000) + 1;
    if (next_connect < n) timeout_ms = 1;
    if (result.churn_start_s >= 0 && result.churn_end_s < 0) {
      churn(now, result);
      timeout_ms = 1;
    }
    // Read coalescing: let a busy reflector's small writes pile up in the socket buffers for up
    // to --batch-us, so one read takes many UPDATEs (timestamps are late by at most that much).
    if (batch_s > 0 && now - last_round < batch_s) {
      const auto wait_ns = static_cast<long>((batch_s - (now - last_round)) * 1e9);
      const timespec pause{0, wait_ns};
      ::nanosleep(&pause, nullptr);
    }
    last_round = monotonic_seconds();
    const int ready = poller_.wait(events, std::max(timeout_ms, 0));
    now = monotonic_seconds();
    for (int i = 0; i < ready; ++i) {
      const auto& ev = events[static_cast<std::size_t>(i)];
      sessions_[ev.data.u64]->on_event(ev.events, scratch_.data(), scratch_.size(), now);
    }
    if (now >= next_tick) {
      next_tick = now + kTickSeconds;
      tick(now, result);
      if (done_at < 0 && done(result)) done_at = now + options_.hold_after_s;
    }
    if (done_at >= 0 && now >= done_at) break;
    if (now - t0_ >= options_.timeout_s) break;
  }
  for (auto& s : sessions_)
    s->shutdown();
  result.duration_s = monotonic_seconds() - t0_;
  return result;
}

void LoadGenerator::tick(double now, RunResult& result) {
  bool all_established = true;
  bool all_converged = true;
  double last_established = 0;
  double last_converged = 0;
  for (auto& s : sessions_) {
    if (s->on_tick(now)) s->connect(target_of(*s), options_.port, now);
    const auto& st = s->stats();
    all_established = all_established && st.established_s >= 0;
    all_converged = all_converged && s->converged();
    last_established = std::max(last_established, st.established_s);
    last_converged = std::max(last_converged, st.converged_s);
  }
  if (all_established && result.t_all_established_s < 0) {
    result.t_all_established_s = last_established;
  }
  if (all_converged && !result.converged) {
    result.converged = true;
    result.t_converged_s = last_converged;
    std::printf("rrd-loadgen: converged at %.3f s\n", last_converged);
    std::fflush(stdout);
    if (churn_plan_.enabled()) result.churn_start_s = now - t0_ + kChurnSettle;
  }
  if (result.churn_end_s >= 0 && result.churn_drained_s < 0) {
    const bool drained = std::all_of(sessions_.begin(), sessions_.end(),
                                     [](const auto& s) { return s->checker().churn_held() == 0; });
    if (drained) result.churn_drained_s = now - t0_;
  }
  if (options_.expect_restart && result.converged && result.reconverged_s < 0) {
    // W3: every session went down once, came back, and holds its full table again.
    bool all_back = true;
    double first_down = -1;
    double last_back = 0;
    double last_converged_again = 0;
    for (auto& s : sessions_) {
      const auto& st = s->stats();
      if (st.down_s < 0 || st.reestablished_s < 0 || !s->converged() ||
          st.converged_s < st.reestablished_s) {
        all_back = false;
        break;
      }
      first_down = first_down < 0 ? st.down_s : std::min(first_down, st.down_s);
      last_back = std::max(last_back, st.reestablished_s);
      last_converged_again = std::max(last_converged_again, st.converged_s);
    }
    if (all_back) {
      result.first_down_s = first_down;
      result.all_reestablished_s = last_back;
      result.reconverged_s = last_converged_again;
    }
  }
}

void LoadGenerator::churn(double now, RunResult& result) {
  const double since = now - t0_ - result.churn_start_s;
  if (since < 0) return;
  const std::uint64_t total = churn_plan_.total_changes();
  const auto due =
      std::min<std::uint64_t>(total, static_cast<std::uint64_t>(since * churn_plan_.rate()) + 1);
  if (churn_next_ >= due) return;
  // The churn routes are IPv4: the Established sessions that carry IPv4 receive them.
  const auto receivers = static_cast<std::uint64_t>(std::count_if(
      sessions_.begin(), sessions_.end(),
      [](const auto& s) { return s->state() == SessionState::established && s->carries_v4(); }));
  for (; churn_next_ < due; ++churn_next_) {
    const auto change = churn_plan_.change(churn_next_);
    if (!sessions_[change.session]->send_churn(churn_plan_, churn_record_, change.slot,
                                               change.announce)) {
      ++churn_record_.skipped;
    } else if (change.announce) {
      churn_record_.expected_deliveries += receivers - 1;
    }
  }
  if (churn_next_ >= total) result.churn_end_s = monotonic_seconds() - t0_;
}

bool LoadGenerator::done(const RunResult& result) const {
  if (!result.converged) return false;
  if (churn_plan_.enabled() && result.churn_drained_s < 0) return false;
  if (options_.expect_restart && result.reconverged_s < 0) return false;
  return true;
}

}  // namespace rr::perf
