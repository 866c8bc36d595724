#include "rr/session/peer_stats.hpp"

namespace rr::session {

void PeerStats::set_state(State s, std::chrono::system_clock::time_point now) {
  const State old = state_.exchange(s, std::memory_order_relaxed);
  if (old == s) return;
  state_since_ms_.store(
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count(),
      std::memory_order_relaxed);
  if (s == State::established) bump(established_);
  if (old == State::established) bump(flaps_);
}

void PeerStats::set_last_error(std::string text) {
  last_error_.store(std::make_shared<const std::string>(std::move(text)));
}

PeerStatsSnapshot PeerStats::snapshot() const {
  PeerStatsSnapshot s;
  constexpr auto kRelaxed = std::memory_order_relaxed;
  s.state = state_.load(kRelaxed);
  s.state_since_unix_ms = state_since_ms_.load(kRelaxed);
  for (std::size_t i = 0; i < s.messages_in.size(); ++i) {
    s.messages_in[i] = messages_in_[i].load(kRelaxed);
    s.messages_out[i] = messages_out_[i].load(kRelaxed);
  }
  s.prefixes_received = prefixes_received_.load(kRelaxed);
  s.prefixes_sent = prefixes_sent_.load(kRelaxed);
  s.updates_treat_as_withdraw = treat_as_withdraw_.load(kRelaxed);
  s.attributes_discarded = attribute_discard_.load(kRelaxed);
  s.established_transitions = established_.load(kRelaxed);
  s.flaps = flaps_.load(kRelaxed);
  s.hold_timer_expiries = hold_expiries_.load(kRelaxed);
  s.max_prefix_exceeded = max_prefix_.load(kRelaxed);
  if (auto e = last_error_.load()) s.last_error = *e;
  return s;
}

}  // namespace rr::session
