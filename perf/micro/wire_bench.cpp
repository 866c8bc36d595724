// Micro-benchmarks of the BGP message codec (rr/wire): decode, encode and pack of UPDATEs.
//
// Inputs are built with pack_announcements, the way the reflector builds what it sends, from
// attributes a Calico route reflector reflects (ORIGIN, AS_PATH, NEXT_HOP, LOCAL_PREF,
// COMMUNITIES, ORIGINATOR_ID, CLUSTER_LIST). Each case runs on one message of 1, 10 or as many
// prefixes as fit in 4096 octets ("full"); pack/ipv4_unicast/table packs a 65,536-prefix table
// into as many messages as it takes.
//
// Counters (see perf/README.md): per_prefix and per_msg are CPU time per prefix and per UPDATE
// message; items_per_second counts prefixes; bytes_per_second counts message octets.
// The label says how many prefixes, messages and octets one iteration handles.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include "rr/wire/attributes/as_path.hpp"
#include "rr/wire/attributes/mp_nlri.hpp"
#include "rr/wire/attributes/path_attributes.hpp"
#include "rr/wire/bytes.hpp"
#include "rr/wire/context.hpp"
#include "rr/wire/header.hpp"
#include "rr/wire/types.hpp"
#include "rr/wire/update_message.hpp"
#include "rr/wire/update_packer.hpp"

namespace {

using rr::wire::AfiSafi;
using rr::wire::Bytes;
using rr::wire::ByteView;
using rr::wire::CodecContext;
using rr::wire::Nlri;

constexpr std::size_t kFull = 0;  // as many prefixes as fit in one message

// One benchmark input: the prefixes, the attributes they share, and the UPDATE stream
// pack_announcements made of them.
struct Workload {
  std::string name;  // "ipv4_unicast", "ipv6_mp_reach_64", ...
  AfiSafi family = rr::wire::kIpv4Unicast;
  CodecContext ctx;
  rr::wire::PathAttributes attrs;
  std::optional<rr::wire::MpNextHop> mp_next_hop;
  std::vector<Nlri> nlri;  // exactly the prefixes in `stream`
  Bytes stream;            // whole UPDATE messages, headers included
  std::size_t messages = 0;
  rr::wire::UpdateMessage decoded;  // the first message, decoded (input of the encode case)
};

// What a reflected Calico/iBGP route carries (RFC 4271 §5, RFC 4456 §8).
rr::wire::PathAttributes reflected_attributes(bool ipv4_next_hop) {
  rr::wire::PathAttributes a;
  a.origin = rr::wire::Origin::igp;
  a.as_path = rr::wire::AsPath{
      {rr::wire::AsPathSegment{rr::wire::AsSegmentType::as_sequence, {65001, 65002}}}};
  if (ipv4_next_hop) a.next_hop = rr::wire::Ipv4Address{0x0A000001};  // 10.0.0.1
  a.local_pref = 100;
  a.communities = {(64512U << 16U) | 100U, (64512U << 16U) | 200U};
  a.originator_id = rr::wire::Ipv4Address{0x0A000002};  // 10.0.0.2
  a.cluster_list = std::vector<rr::wire::Ipv4Address>{rr::wire::Ipv4Address{0x0A0000FE}};
  return a;
}

// 10.a.b.0/24, i = a * 256 + b.
std::vector<Nlri> ipv4_slash24(std::size_t count, bool path_ids) {
  std::vector<Nlri> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto addr = static_cast<std::uint32_t>(0x0A000000U | ((i & 0xFFFFU) << 8U));
    out.push_back(Nlri{rr::wire::Prefix::v4(rr::wire::Ipv4Address{addr}, 24),
                       path_ids ? static_cast<std::uint32_t>(i + 1) : 0U});
  }
  return out;
}

// fd00:10:i:i::/64 or fd00:i:i::/48, i the 32-bit index.
std::vector<Nlri> ipv6_prefixes(std::size_t count, std::uint8_t length) {
  std::vector<Nlri> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    rr::wire::Ipv6Address a;
    a.bytes[0] = 0xFD;
    std::size_t at = 2;
    if (length == 64) {
      a.bytes[3] = 0x10;
      at = 4;
    }
    for (std::size_t k = 0; k < 4; ++k) {
      a.bytes[at + k] = static_cast<std::uint8_t>(i >> (8U * (3 - k)));
    }
    out.push_back(Nlri{rr::wire::Prefix::v6(a, length), 0});
  }
  return out;
}

std::size_t message_length(ByteView stream) {
  return (static_cast<std::size_t>(stream[16]) << 8U) | static_cast<std::size_t>(stream[17]);
}

// Packs `candidates`; with want == kFull keeps only the first message. Returns false (after
// printing why) if the codec cannot produce or read back the input.
bool build(Workload& w, std::vector<Nlri> candidates, std::size_t want) {
  Bytes stream;
  const auto packed =
      rr::wire::pack_announcements(w.family, w.attrs, w.mp_next_hop, candidates, w.ctx, stream);
  if (!packed || stream.size() < rr::wire::kHeaderSize) {
    std::fprintf(stderr, "wire_bench: pack_announcements failed for %s\n", w.name.c_str());
    return false;
  }
  const ByteView view(stream);
  const auto first = view.first(message_length(view));
  auto decoded = rr::wire::decode_update(first.subspan(rr::wire::kHeaderSize), w.ctx);
  if (!decoded || decoded->action != rr::wire::ErrorAction::none) {
    std::fprintf(stderr, "wire_bench: decode of the packed %s UPDATE failed\n", w.name.c_str());
    return false;
  }
  w.decoded = std::move(*decoded);
  if (want == kFull) {
    w.stream.assign(first.begin(), first.end());
    w.messages = 1;
    w.nlri = w.decoded.mp_reach ? w.decoded.mp_reach->nlri : w.decoded.nlri;
  } else {
    w.stream = std::move(stream);
    w.messages = packed->messages;
    w.nlri = std::move(candidates);
  }
  return !w.nlri.empty();
}

void set_counters(benchmark::State& state, const Workload& w) {
  using benchmark::Counter;
  const auto prefixes = static_cast<double>(w.nlri.size());
  const auto iterations = static_cast<std::int64_t>(state.iterations());
  state.SetItemsProcessed(iterations * static_cast<std::int64_t>(w.nlri.size()));
  state.SetBytesProcessed(iterations * static_cast<std::int64_t>(w.stream.size()));
  // A rate counter divides by CPU seconds; inverted, it is CPU seconds per prefix / per message,
  // printed as e.g. "per_prefix=12.7ns" (seconds in --benchmark_format=json).
  state.counters["per_prefix"] =
      Counter(prefixes, Counter::kIsIterationInvariantRate | Counter::kInvert);
  state.counters["per_msg"] = Counter(static_cast<double>(w.messages),
                                      Counter::kIsIterationInvariantRate | Counter::kInvert);
  state.SetLabel(std::to_string(w.nlri.size()) +
                 (w.nlri.size() == 1 ? " prefix in " : " prefixes in ") +
                 std::to_string(w.messages) + (w.messages == 1 ? " msg of " : " msgs, ") +
                 std::to_string(w.stream.size()) + " B");
}

void bench_decode(benchmark::State& state, const Workload* w) {
  const auto body = ByteView(w->stream).subspan(rr::wire::kHeaderSize);
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    auto decoded = rr::wire::decode_update(body, w->ctx);
    benchmark::DoNotOptimize(decoded);
  }
  set_counters(state, *w);
}

void bench_encode(benchmark::State& state, const Workload* w) {
  Bytes out;
  out.reserve(rr::wire::kMaxMessageSize);
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    out.clear();
    auto result = rr::wire::encode(w->decoded, w->ctx, out);
    benchmark::DoNotOptimize(result);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  set_counters(state, *w);
}

void bench_pack(benchmark::State& state, const Workload* w) {
  Bytes out;
  out.reserve(w->stream.size());
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    out.clear();
    auto result =
        rr::wire::pack_announcements(w->family, w->attrs, w->mp_next_hop, w->nlri, w->ctx, out);
    benchmark::DoNotOptimize(result);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  set_counters(state, *w);
}

std::string size_name(std::size_t want) {
  if (want == kFull) return "full";
  return std::to_string(want) + (want == 1 ? "_prefix" : "_prefixes");
}

// Workloads live here for the whole run (benchmarks hold pointers into it).
std::deque<Workload>& workloads() {
  static std::deque<Workload> all;
  return all;
}

Workload* add_ipv4(std::size_t want, bool add_path) {
  auto& w = workloads().emplace_back();
  w.name = add_path ? "ipv4_add_path" : "ipv4_unicast";
  w.family = rr::wire::kIpv4Unicast;
  if (add_path) w.ctx.add_path.insert(rr::wire::kIpv4Unicast);
  w.attrs = reflected_attributes(true);
  const std::size_t candidates = want == kFull ? 2048 : want;
  return build(w, ipv4_slash24(candidates, add_path), want) ? &w : nullptr;
}

Workload* add_ipv6(std::size_t want, std::uint8_t length) {
  auto& w = workloads().emplace_back();
  w.name = "ipv6_mp_reach_" + std::to_string(length);
  w.family = rr::wire::kIpv6Unicast;
  w.attrs = reflected_attributes(false);
  w.mp_next_hop = rr::wire::MpNextHop{
      rr::wire::IpAddress::from(*rr::wire::Ipv6Address::parse("fd00::1")), std::nullopt};
  const std::size_t candidates = want == kFull ? 1024 : want;
  return build(w, ipv6_prefixes(candidates, length), want) ? &w : nullptr;
}

Workload* add_ipv4_table(std::size_t prefixes) {
  auto& w = workloads().emplace_back();
  w.name = "ipv4_unicast";
  w.attrs = reflected_attributes(true);
  return build(w, ipv4_slash24(prefixes, false), prefixes) ? &w : nullptr;
}

void register_case(const std::string& op, const Workload* w, const std::string& size,
                   void (*fn)(benchmark::State&, const Workload*)) {
  const auto name = op + "/" + w->name + "/" + size;
  // The library keeps every registered benchmark until exit.
  // NOLINTNEXTLINE(clang-analyzer-cplusplus.NewDeleteLeaks)
  benchmark::RegisterBenchmark(name.c_str(), fn, w);
}

bool register_all() {
  for (const std::size_t want : {std::size_t{1}, std::size_t{10}, kFull}) {
    const auto* v4 = add_ipv4(want, false);
    const auto* v6 = add_ipv6(want, 64);
    const auto* ap = add_ipv4(want, true);
    if (v4 == nullptr || v6 == nullptr || ap == nullptr) return false;
    for (const auto* w : {v4, v6, ap}) {
      register_case("decode", w, size_name(want), bench_decode);
      register_case("encode", w, size_name(want), bench_encode);
      register_case("pack", w, size_name(want), bench_pack);
    }
  }
  const auto* v6_48 = add_ipv6(kFull, 48);
  const auto* table = add_ipv4_table(65536);
  if (v6_48 == nullptr || table == nullptr) return false;
  register_case("decode", v6_48, "full", bench_decode);
  register_case("encode", v6_48, "full", bench_encode);
  register_case("pack", v6_48, "full", bench_pack);
  register_case("pack", table, "table_65536", bench_pack);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  if (!register_all()) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
