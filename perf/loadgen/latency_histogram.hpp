// A latency histogram for the churn workload (W2): 10 µs buckets up to 2 s, then 1 ms buckets up
// to 20 min (a daemon far behind), one overflow bucket, and the exact maximum. Percentiles are
// bucket upper bounds, so they are at most one bucket pessimistic (the generator's read
// batching, --batch-us, is coarser than 10 µs anyway).
//
// Owned by the load generator's ChurnRecord; fed by every session's RouteChecker on the one
// generator thread.
#pragma once

#include <cstdint>
#include <vector>

namespace rr::perf {

class LatencyHistogram {
 public:
  static constexpr std::uint64_t kBucketNs = 10'000;
  static constexpr std::uint64_t kRangeNs = 2'000'000'000;
  static constexpr std::uint64_t kSlowBucketNs = 1'000'000;
  static constexpr std::uint64_t kSlowRangeNs = 1'200'000'000'000;

  LatencyHistogram();

  void add(std::uint64_t ns);
  [[nodiscard]] std::uint64_t count() const { return count_; }
  [[nodiscard]] std::uint64_t max_ns() const { return max_ns_; }
  [[nodiscard]] double mean_ns() const {
    return count_ == 0 ? 0 : static_cast<double>(sum_ns_) / static_cast<double>(count_);
  }
  // The smallest bucket bound below which at least `fraction` of the samples lie (the exact
  // maximum for samples beyond the range); 0 without samples.
  [[nodiscard]] std::uint64_t percentile_ns(double fraction) const;

 private:
  std::vector<std::uint32_t> buckets_;       // [0, kRangeNs)
  std::vector<std::uint32_t> slow_buckets_;  // [kRangeNs, kSlowRangeNs)
  std::uint64_t overflow_ = 0;
  std::uint64_t count_ = 0;
  std::uint64_t sum_ns_ = 0;
  std::uint64_t max_ns_ = 0;
};

}  // namespace rr::perf
