// W2 "churn" (perf-anchors §6.2): at steady state, the clients announce and withdraw host routes
// ("borrowed" /32s, as Calico does for IPs outside a node's blocks) at a fixed total rate, and
// every receiver measures the pass-through latency.
//
// Route (k, s) of session k, slot s < slots, is the IPv4 /32 172.16.0.0 + k * slots + s (inside
// 172.16.0.0/12). Change c of the stream is made by session k = c mod N on slot (c / N) mod
// slots, and announces when (c / (N * slots)) is even, else withdraws; the stream is rounded up
// to whole announce + withdraw cycles, so every churn route ends withdrawn. At N = 500, one slot
// and 1000 changes/s a route lives 0.5 s, far longer than any sane pass-through latency, so a
// correct reflector delivers every announcement to every other client.
//
// An announcement carries ORIGIN IGP, an empty AS_PATH, the session's NEXT_HOP, LOCAL_PREF 100
// and one LARGE_COMMUNITY (RFC 8092) [asn : send time high 32 bits : low 32 bits], the send time
// in CLOCK_MONOTONIC nanoseconds, taken just before the write. The receiver (same process, same
// clock) takes now - send time as the announcement's pass-through latency. Withdrawals carry no
// attributes: their send times go into ChurnRecord::withdraw_sent_ns, which receivers read.
//
// ChurnPlan is immutable and shared read-only; ChurnRecord is the run's one set of churn
// measurements, written by the sessions and their checkers on the generator thread.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "perf/loadgen/latency_histogram.hpp"
#include "perf/loadgen/workload.hpp"
#include "rr/wire/bytes.hpp"

namespace rr::perf {

class ChurnPlan {
 public:
  static constexpr std::uint32_t kBase = 0xac100000;  // 172.16.0.0
  static constexpr std::uint32_t kSpace = 1U << 20U;  // 172.16.0.0/12
  static constexpr std::uint8_t kLength = 32;

  struct Change {
    std::uint32_t session = 0;
    std::uint32_t slot = 0;
    bool announce = true;
  };

  // Fails with a reason when the configuration cannot be represented.
  static std::optional<std::string> check(const WorkloadConfig& config);

  explicit ChurnPlan(const Workload& workload);

  [[nodiscard]] bool enabled() const { return rate_ > 0; }
  [[nodiscard]] double rate() const { return rate_; }
  [[nodiscard]] std::uint32_t slots() const { return slots_; }
  [[nodiscard]] std::uint32_t routes() const { return sessions_ * slots_; }
  // Changes in the stream: rate x seconds, rounded up to whole announce + withdraw cycles.
  [[nodiscard]] std::uint64_t total_changes() const { return total_; }
  [[nodiscard]] Change change(std::uint64_t c) const;

  [[nodiscard]] std::uint32_t route(std::uint32_t k, std::uint32_t slot) const {
    return k * slots_ + slot;
  }
  [[nodiscard]] std::uint32_t owner(std::uint32_t route) const { return route / slots_; }
  // Inverse of the prefix scheme on a received IPv4 prefix; nullopt for a non-churn prefix.
  [[nodiscard]] std::optional<std::uint32_t> route_of(std::uint8_t length,
                                                      std::uint32_t addr) const {
    if (length != kLength || addr < kBase || addr - kBase >= routes()) return std::nullopt;
    return addr - kBase;
  }

  // Appends one UPDATE announcing (stamped with `sent_ns`) or withdrawing route (k, slot).
  void encode_announce(std::uint32_t k, std::uint32_t slot, std::uint64_t sent_ns,
                       wire::Bytes& out) const;
  void encode_withdraw(std::uint32_t k, std::uint32_t slot, wire::Bytes& out) const;

 private:
  const Workload* workload_;
  std::uint32_t sessions_;
  std::uint32_t slots_;
  double rate_;
  std::uint64_t total_ = 0;
};

// The run's churn measurements.
struct ChurnRecord {
  explicit ChurnRecord(const ChurnPlan& plan) : withdraw_sent_ns(plan.routes(), 0) {}

  LatencyHistogram announce_latency;
  LatencyHistogram withdraw_latency;
  std::vector<std::uint64_t> withdraw_sent_ns;  // per churn route; 0 while announced
  std::uint64_t announcements_sent = 0;
  std::uint64_t withdrawals_sent = 0;
  std::uint64_t skipped = 0;              // changes due while their session was not Established
  std::uint64_t expected_deliveries = 0;  // announcements sent x receivers Established then
};

// CLOCK_MONOTONIC in nanoseconds (the churn time stamps).
std::uint64_t monotonic_ns();

}  // namespace rr::perf
