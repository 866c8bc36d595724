#include "perf/loadgen/latency_histogram.hpp"

#include <algorithm>
#include <cmath>

namespace rr::perf {

LatencyHistogram::LatencyHistogram()
    : buckets_(kRangeNs / kBucketNs, 0),
      slow_buckets_((kSlowRangeNs - kRangeNs) / kSlowBucketNs, 0) {}

void LatencyHistogram::add(std::uint64_t ns) {
  ++count_;
  sum_ns_ += ns;
  max_ns_ = std::max(max_ns_, ns);
  if (ns < kRangeNs) {
    ++buckets_[ns / kBucketNs];
  } else if (ns < kSlowRangeNs) {
    ++slow_buckets_[(ns - kRangeNs) / kSlowBucketNs];
  } else {
    ++overflow_;
  }
}

std::uint64_t LatencyHistogram::percentile_ns(double fraction) const {
  if (count_ == 0) return 0;
  const auto rank = static_cast<std::uint64_t>(
      std::ceil(std::clamp(fraction, 0.0, 1.0) * static_cast<double>(count_)));
  const std::uint64_t want = std::max<std::uint64_t>(rank, 1);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= want) return std::min<std::uint64_t>((i + 1) * kBucketNs, max_ns_);
  }
  for (std::size_t i = 0; i < slow_buckets_.size(); ++i) {
    seen += slow_buckets_[i];
    if (seen >= want) return std::min<std::uint64_t>(kRangeNs + (i + 1) * kSlowBucketNs, max_ns_);
  }
  return max_ns_;
}

}  // namespace rr::perf
