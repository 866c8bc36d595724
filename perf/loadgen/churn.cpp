#include "perf/loadgen/churn.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <string>

namespace rr::perf {

namespace {

constexpr std::size_t kHeader = 19;
constexpr std::uint8_t kUpdateType = 2;
constexpr std::uint32_t kMaxSlots = 64;

void put_u16(wire::Bytes& out, std::uint32_t v) {
  out.push_back(static_cast<std::byte>(v >> 8U));
  out.push_back(static_cast<std::byte>(v));
}

void put_u32(wire::Bytes& out, std::uint32_t v) {
  put_u16(out, v >> 16U);
  put_u16(out, v & 0xffffU);
}

void put(wire::Bytes& out, std::initializer_list<std::uint8_t> octets) {
  for (const std::uint8_t o : octets)
    out.push_back(static_cast<std::byte>(o));
}

// The 19-octet header (RFC 4271 §4.1) for a message of `length` octets.
void put_header(wire::Bytes& out, std::size_t length) {
  for (int i = 0; i < 16; ++i)
    out.push_back(std::byte{0xff});
  put_u16(out, static_cast<std::uint32_t>(length));
  out.push_back(static_cast<std::byte>(kUpdateType));
}

}  // namespace

std::uint64_t monotonic_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ULL +
         static_cast<std::uint64_t>(ts.tv_nsec);
}

std::optional<std::string> ChurnPlan::check(const WorkloadConfig& config) {
  if (config.churn_rate <= 0) return std::nullopt;
  if (config.feeders > 0) return "churn runs on the per-session (W1) scheme, not with feeders";
  if (config.churn_slots == 0 || config.churn_slots > kMaxSlots) {
    return "churn slots must be 1 .. 64";
  }
  if (static_cast<std::uint64_t>(config.sessions) * config.churn_slots > kSpace) {
    return "sessions * churn slots exceeds the 2^20 /32s of 172.16.0.0/12";
  }
  if (config.churn_seconds <= 0) return "churn seconds must be positive";
  return std::nullopt;
}

ChurnPlan::ChurnPlan(const Workload& workload)
    : workload_(&workload),
      sessions_(workload.sessions()),
      slots_(std::max<std::uint32_t>(workload.config().churn_slots, 1)),
      rate_(workload.config().churn_rate) {
  if (rate_ <= 0) return;
  const std::uint64_t cycle = std::uint64_t{2} * sessions_ * slots_;
  const auto wanted =
      static_cast<std::uint64_t>(std::ceil(rate_ * workload.config().churn_seconds));
  total_ = std::max<std::uint64_t>(1, (wanted + cycle - 1) / cycle) * cycle;
}

ChurnPlan::Change ChurnPlan::change(std::uint64_t c) const {
  const std::uint64_t per_round = std::uint64_t{sessions_} * slots_;
  return Change{static_cast<std::uint32_t>(c % sessions_),
                static_cast<std::uint32_t>((c / sessions_) % slots_), (c / per_round) % 2 == 0};
}

void ChurnPlan::encode_announce(std::uint32_t k, std::uint32_t slot, std::uint64_t sent_ns,
                                wire::Bytes& out) const {
  // ORIGIN 4 + AS_PATH 3 + NEXT_HOP 7 + LOCAL_PREF 7 + LARGE_COMMUNITY 15 octets.
  constexpr std::size_t kAttrs = 36;
  constexpr std::size_t kNlri = 5;
  put_header(out, kHeader + 4 + kAttrs + kNlri);
  put_u16(out, 0);  // no withdrawn routes
  put_u16(out, kAttrs);
  put(out, {0x40, 1, 1, 0});  // ORIGIN IGP
  put(out, {0x40, 2, 0});     // AS_PATH, empty (iBGP)
  put(out, {0x40, 3, 4});
  put_u32(out, workload_->v4_next_hop(k).value);
  put(out, {0x40, 5, 4});
  put_u32(out, Workload::kLocalPref);
  put(out, {0xc0, 32, 12});  // LARGE_COMMUNITY: optional transitive
  put_u32(out, workload_->config().asn);
  put_u32(out, static_cast<std::uint32_t>(sent_ns >> 32U));
  put_u32(out, static_cast<std::uint32_t>(sent_ns & 0xffffffffU));
  put(out, {kLength});
  put_u32(out, kBase + route(k, slot));
}

void ChurnPlan::encode_withdraw(std::uint32_t k, std::uint32_t slot, wire::Bytes& out) const {
  constexpr std::size_t kWithdrawn = 5;
  put_header(out, kHeader + 4 + kWithdrawn);
  put_u16(out, kWithdrawn);
  put(out, {kLength});
  put_u32(out, kBase + route(k, slot));
  put_u16(out, 0);  // no path attributes
}

}  // namespace rr::perf
