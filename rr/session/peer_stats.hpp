// Per-peer state and counters, written only by the session's own event loop and readable from
// any thread without locks (relaxed atomics; the last error is an atomically swapped pointer to
// an immutable string, so readers never see a torn value).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "rr/session/fsm.hpp"
#include "rr/wire/header.hpp"

namespace rr::session {

struct PeerStatsSnapshot {
  State state = State::idle;
  std::int64_t state_since_unix_ms = 0;
  std::array<std::uint64_t, 6> messages_in{};  // indexed by wire::MessageType (1..5)
  std::array<std::uint64_t, 6> messages_out{};
  std::uint64_t prefixes_received = 0;  // currently in the peer's Adj-RIB-In
  std::uint64_t prefixes_sent = 0;
  std::uint64_t updates_treat_as_withdraw = 0;
  std::uint64_t attributes_discarded = 0;
  std::uint64_t established_transitions = 0;
  std::uint64_t flaps = 0;  // Established lost
  std::uint64_t hold_timer_expiries = 0;
  std::uint64_t max_prefix_exceeded = 0;
  std::string last_error;
};

class PeerStats {
 public:
  // Owner (session loop) side.
  void set_state(State s, std::chrono::system_clock::time_point now);
  void count_in(wire::MessageType t) { bump(messages_in_[index(t)]); }
  void count_out(wire::MessageType t) { bump(messages_out_[index(t)]); }
  void set_prefixes_received(std::uint64_t n) {
    prefixes_received_.store(n, std::memory_order_relaxed);
  }
  void add_prefixes_sent(std::uint64_t n) {
    prefixes_sent_.fetch_add(n, std::memory_order_relaxed);
  }
  void count_treat_as_withdraw() { bump(treat_as_withdraw_); }
  void count_attribute_discard() { bump(attribute_discard_); }
  void count_hold_timer_expiry() { bump(hold_expiries_); }
  void count_max_prefix() { bump(max_prefix_); }
  void set_last_error(std::string text);

  // Any thread.
  [[nodiscard]] PeerStatsSnapshot snapshot() const;
  [[nodiscard]] State state() const { return state_.load(std::memory_order_relaxed); }

 private:
  static void bump(std::atomic<std::uint64_t>& c) { c.fetch_add(1, std::memory_order_relaxed); }
  static std::size_t index(wire::MessageType t) {
    const auto i = static_cast<std::size_t>(t);
    return i < 6 ? i : 0;
  }

  std::atomic<State> state_{State::idle};
  std::atomic<std::int64_t> state_since_ms_{0};
  std::array<std::atomic<std::uint64_t>, 6> messages_in_{};
  std::array<std::atomic<std::uint64_t>, 6> messages_out_{};
  std::atomic<std::uint64_t> prefixes_received_{0};
  std::atomic<std::uint64_t> prefixes_sent_{0};
  std::atomic<std::uint64_t> treat_as_withdraw_{0};
  std::atomic<std::uint64_t> attribute_discard_{0};
  std::atomic<std::uint64_t> established_{0};
  std::atomic<std::uint64_t> flaps_{0};
  std::atomic<std::uint64_t> hold_expiries_{0};
  std::atomic<std::uint64_t> max_prefix_{0};
  std::atomic<std::shared_ptr<const std::string>> last_error_;
};

}  // namespace rr::session
