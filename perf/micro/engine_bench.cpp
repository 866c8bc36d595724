// Micro-benchmarks of one RIB shard (rr/engine/shard.hpp), driven synchronously the way the
// engine's shard thread drives it: PeerUpCommand, RoutesCommand, flush().
//
//   insert/…        RoutesCommand handling per route: Adj-RIB-In insert, interning, best path.
//                   first_path: peer 1 announces N IPv4 /24s into an empty table; second_path:
//                   peer 2 then announces the same prefixes (best path runs between 2 paths; peer
//                   2 wins on every other attribute set, through a higher LOCAL_PREF).
//                   insert_only times handle() alone; insert_flush adds the flush() that encodes
//                   the changes into the client group's journal.
//   flush/…         flush() alone after peer 1 re-announced every prefix with new attributes:
//                   the cost of turning dirty prefixes into encoded UPDATEs for one update group.
//   dump/…          handle(PeerUpCommand) of a new member joining a table of N prefixes: the
//                   re-walk that encodes the whole table for it.
//   memory/…        heap (glibc mallinfo2) and RSS growth of 1 or 2 shards loaded with N IPv4
//                   prefixes (/24s and /32s) from P peers, one attribute set per 50 prefixes and
//                   peer (20,000 per peer at 1M). One iteration: a measurement, not a loop.
//
// Every peer is an iBGP route-reflector client in one update group (a Calico reflector's
// clients), so every announcement is also reflected to the other members.
//
// Timing: the timed part of each iteration is measured in CPU time of the benchmark thread and
// reported as the manual time (the Time column); the CPU column also counts the untimed set-up.
// Counters (see perf/README.md): ns_per_route / ns_per_prefix are those nanoseconds per route
// (one path of one prefix) or per prefix; memory counters are bytes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <malloc.h>
#include <memory>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include "rr/engine/journal.hpp"
#include "rr/engine/peer_info.hpp"
#include "rr/engine/reflection.hpp"
#include "rr/engine/shard.hpp"
#include "rr/engine/update_group.hpp"
#include "rr/session/route_sink.hpp"
#include "rr/wire/attributes/as_path.hpp"
#include "rr/wire/attributes/mp_nlri.hpp"
#include "rr/wire/attributes/path_attributes.hpp"
#include "rr/wire/types.hpp"

namespace {

using rr::engine::GroupSpec;
using rr::engine::Handoff;
using rr::engine::Journal;
using rr::engine::JournalEntry;
using rr::engine::PeerId;
using rr::engine::PeerInfo;
using rr::engine::PeerRole;
using rr::engine::PeerUpCommand;
using rr::engine::RoutesCommand;
using rr::engine::Shard;
using rr::engine::ShardSettings;
using rr::session::RouteAttributes;
using rr::wire::Ipv4Address;
using rr::wire::Nlri;

constexpr std::uint32_t kLocalAs = 65000;
constexpr Ipv4Address kRouterId{0x0AFFFF01};   // 10.255.255.1
constexpr Ipv4Address kClusterId{0x0AFFFF01};  // Calico: the reflector's cluster ID
constexpr std::size_t kEngineJournal = 0;      // ShardSettings' default journal bound

ShardSettings settings(std::size_t journal_max_bytes = kEngineJournal) {
  ShardSettings s;
  s.local_as = kLocalAs;
  s.router_id = kRouterId;
  s.cluster_ids = {kClusterId};
  if (journal_max_bytes != kEngineJournal) s.journal_max_bytes = journal_max_bytes;
  return s;
}

// The update group of every iBGP client (IPv4 and IPv6 unicast, no ADD-PATH, 4-octet AS).
std::shared_ptr<const GroupSpec> client_group() {
  auto g = std::make_shared<GroupSpec>();
  g->id = 1;
  g->key.policy.to = PeerRole::client;
  g->key.policy.local_as = kLocalAs;
  g->key.policy.self_v4 = kRouterId;
  g->key.families = {rr::wire::kIpv4Unicast, rr::wire::kIpv6Unicast};
  return g;
}

// Peer n: transport address and next hop 192.168.0.n, BGP identifier 172.16.0.n.
Ipv4Address peer_address(PeerId id) {
  return Ipv4Address{0xC0A80000U + id};
}

PeerInfo client(PeerId id) {
  PeerInfo p;
  p.id = id;
  p.address = rr::wire::IpAddress::from(peer_address(id));
  p.router_id = Ipv4Address{0xAC100000U + id};
  p.peer_as = kLocalAs;
  p.role = PeerRole::client;
  p.cluster_id = kClusterId;
  return p;
}

// Keeps what the shards hand a peer; counts what a dump carried.
class Sink : public rr::engine::HandoffSink {
 public:
  void deliver(std::size_t /*shard*/, Handoff handoff) override {
    handoffs.push_back(std::move(handoff));
  }
  void wake() override {}

  // Prefixes and octets in the dumps received so far.
  [[nodiscard]] std::pair<std::size_t, std::size_t> dumped() const {
    std::size_t prefixes = 0;
    std::size_t bytes = 0;
    for (const auto& h : handoffs) {
      for (const auto& e : h.dump) {
        prefixes += e->prefixes;
        bytes += e->bytes ? e->bytes->size() : 0;
      }
    }
    return {prefixes, bytes};
  }
  std::vector<Handoff> handoffs;
};

// Reads a member's journals as its session would (entries for everyone or for it).
struct Drained {
  std::size_t entries = 0;
  std::size_t messages = 0;
  std::size_t prefixes = 0;
  std::size_t bytes = 0;
};

Drained drain(Sink& sink, PeerId me) {
  Drained d;
  for (auto& h : sink.handoffs) {
    std::shared_ptr<const JournalEntry> e;
    while (h.cursor.next(e) == Journal::Cursor::Status::entry) {
      if (!e->for_peer(me)) continue;
      ++d.entries;
      d.messages += e->messages;
      d.prefixes += e->prefixes;
      d.bytes += e->bytes ? e->bytes->size() : 0;
    }
  }
  return d;
}

// Attribute set `set` of peer `from`, as a Calico client sends it (next hop = its own address),
// varied in AS_PATH, MED and COMMUNITIES. `variant` changes the MED (a re-announcement with new
// attributes). Peer 2's sets win the decision on odd sets (higher LOCAL_PREF).
std::shared_ptr<const RouteAttributes> attributes(std::size_t set, PeerId from,
                                                  std::uint32_t variant = 0) {
  RouteAttributes r;
  auto& a = r.attributes;
  a.origin = rr::wire::Origin::igp;
  const auto s = static_cast<std::uint32_t>(set);
  a.as_path = rr::wire::AsPath{{rr::wire::AsPathSegment{rr::wire::AsSegmentType::as_sequence,
                                                        {64512U + (s % 400U), 4200000000U + s}}}};
  a.med = (s % 7U) + (variant * 10U);
  a.local_pref = (from == 2 && (set % 2) == 1) ? 200U : 100U;
  a.communities = {(kLocalAs << 16U) | (s & 0xFFFFU), (kLocalAs << 16U) | (from & 0xFFFFU)};
  r.next_hop = rr::wire::MpNextHop{rr::wire::IpAddress::from(peer_address(from)), std::nullopt};
  return std::make_shared<const RouteAttributes>(std::move(r));
}

// Prefix i of the /24 workloads: 10.0.0.0/24 upwards (i < 2^24).
Nlri slash24(std::size_t i) {
  const auto addr = static_cast<std::uint32_t>(0x0A000000U + (i << 8U));
  return Nlri{rr::wire::Prefix::v4(Ipv4Address{addr}, 24), 0};
}

// Prefix i of the memory workload: three /24s (10.0.0.0/24 upwards) then one /32 (100.64.0.0
// upwards, every fourth address).
Nlri mixed(std::size_t i) {
  const std::size_t k = i / 4;
  if (i % 4 == 3) {
    const auto addr = static_cast<std::uint32_t>(0x64400000U + (k << 2U));
    return Nlri{rr::wire::Prefix::v4(Ipv4Address{addr}, 32), 0};
  }
  return slash24((k * 3) + (i % 4));
}

// The RoutesCommands of peer `from` announcing prefixes [0, count) `per_set` at a time, one
// attribute set (and one command, as one UPDATE would) per group of `per_set`.
std::vector<RoutesCommand> announcements(PeerId from, std::size_t count, std::size_t per_set,
                                         std::uint32_t variant = 0) {
  std::vector<RoutesCommand> out;
  out.reserve((count + per_set - 1) / per_set);
  for (std::size_t first = 0; first < count; first += per_set) {
    RoutesCommand c;
    c.peer = from;
    c.afi_safi = rr::wire::kIpv4Unicast;
    c.attributes = attributes(first / per_set, from, variant);
    for (std::size_t i = first; i < count && i < first + per_set; ++i)
      c.announced.push_back(slash24(i));
    out.push_back(std::move(c));
  }
  return out;
}

void up(Shard& shard, PeerId id, const std::shared_ptr<const GroupSpec>& group,
        const std::shared_ptr<Sink>& sink) {
  shard.handle(PeerUpCommand{client(id), group, sink});
}

// CPU time of this thread: the figures stay meaningful while other processes compete for the
// cores (page faults taken by the timed code count, time spent waiting for a core does not).
double thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (static_cast<double>(ts.tv_sec) * 1e9) + static_cast<double>(ts.tv_nsec);
}

double elapsed_ns(double since) {
  return thread_cpu_ns() - since;
}

// Nanoseconds per unit over the whole run, as a plain counter.
void set_ns_per(benchmark::State& state, const char* name, double total_ns, double units) {
  state.counters[name] = units > 0 ? total_ns / units : 0.0;
}

// ---- 1. insert: RoutesCommand handling per route ------------------------------------------------

enum class Path : std::uint8_t { first, second };

// Args: prefixes, prefixes per attribute set (= per RoutesCommand), with flush (0/1).
void bench_insert(benchmark::State& state, Path which) {
  const auto prefixes = static_cast<std::size_t>(state.range(0));
  const auto per_set = static_cast<std::size_t>(state.range(1));
  const bool with_flush = state.range(2) != 0;
  const PeerId source = which == Path::first ? 1 : 2;
  double total_ns = 0;
  double routes = 0;
  std::size_t encoded = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    auto shard = std::make_unique<Shard>(0, settings());
    const auto group = client_group();
    const auto sink1 = std::make_shared<Sink>();
    const auto sink2 = std::make_shared<Sink>();
    up(*shard, 1, group, sink1);
    up(*shard, 2, group, sink2);
    if (which == Path::second) {
      for (auto& c : announcements(1, prefixes, per_set))
        shard->handle(std::move(c));
      shard->flush();
      (void)drain(*sink1, 1);
      (void)drain(*sink2, 2);
    }
    auto commands = announcements(source, prefixes, per_set);

    const auto start = thread_cpu_ns();
    for (auto& c : commands)
      shard->handle(std::move(c));
    if (with_flush) shard->flush();
    const double ns = elapsed_ns(start);

    state.SetIterationTime(ns * 1e-9);
    total_ns += ns;
    routes += static_cast<double>(prefixes);
    // What the other member was sent (the source never gets its own paths back).
    encoded += which == Path::first ? drain(*sink2, 2).prefixes : drain(*sink1, 1).prefixes;
    commands.clear();
    shard.reset();  // untimed: the manual time above is what counts
  }
  set_ns_per(state, "ns_per_route", total_ns, routes);
  state.counters["routes"] = static_cast<double>(prefixes);
  if (with_flush)
    state.counters["reflected"] =
        static_cast<double>(encoded) / static_cast<double>(state.iterations());
  state.SetLabel(std::to_string(prefixes) + " IPv4 /24s, " + std::to_string(per_set) +
                 " per set and command");
}

// ---- 2. flush (packing) and dump (re-walk for a joining member) --------------------------------

// Args: prefixes, prefixes per attribute set.
void bench_flush(benchmark::State& state) {
  const auto prefixes = static_cast<std::size_t>(state.range(0));
  const auto per_set = static_cast<std::size_t>(state.range(1));
  Shard shard(0, settings());
  const auto group = client_group();
  const auto src = std::make_shared<Sink>();
  const auto member = std::make_shared<Sink>();
  up(shard, 1, group, src);
  up(shard, 2, group, member);
  double total_ns = 0;
  double packed = 0;
  Drained total;
  std::uint32_t variant = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    for (auto& c : announcements(1, prefixes, per_set, variant))
      shard.handle(std::move(c));
    variant ^= 1U;  // every prefix changes its attributes, every time

    const auto start = thread_cpu_ns();
    shard.flush();
    const double ns = elapsed_ns(start);

    state.SetIterationTime(ns * 1e-9);
    total_ns += ns;
    const auto d = drain(*member, 2);
    packed += static_cast<double>(d.prefixes);
    total.messages += d.messages;
    total.bytes += d.bytes;
    (void)drain(*src, 1);
  }
  set_ns_per(state, "ns_per_prefix", total_ns, packed);
  state.counters["B_per_prefix"] =
      packed > 0 ? static_cast<double>(total.bytes) / packed : 0.0;  // octets sent per prefix
  state.counters["prefixes_per_msg"] =
      total.messages > 0 ? packed / static_cast<double>(total.messages) : 0.0;
  state.SetLabel(std::to_string(prefixes) + " IPv4 /24s re-announced, " + std::to_string(per_set) +
                 " per set");
}

// Args: prefixes, prefixes per attribute set.
void bench_dump(benchmark::State& state) {
  const auto prefixes = static_cast<std::size_t>(state.range(0));
  const auto per_set = static_cast<std::size_t>(state.range(1));
  Shard shard(0, settings());
  const auto group = client_group();
  const auto src = std::make_shared<Sink>();
  up(shard, 1, group, src);
  for (auto& c : announcements(1, prefixes, per_set))
    shard.handle(std::move(c));
  shard.flush();
  constexpr PeerId kJoiner = 3;
  double total_ns = 0;
  double dumped = 0;
  double octets = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    auto sink = std::make_shared<Sink>();

    const auto start = thread_cpu_ns();
    up(shard, kJoiner, group, sink);
    const double ns = elapsed_ns(start);

    state.SetIterationTime(ns * 1e-9);
    total_ns += ns;
    const auto [p, b] = sink->dumped();
    dumped += static_cast<double>(p);
    octets += static_cast<double>(b);
    shard.handle(rr::engine::PeerDownCommand{kJoiner, false});
    shard.flush();
  }
  set_ns_per(state, "ns_per_prefix", total_ns, dumped);
  state.counters["B_per_prefix"] = dumped > 0 ? octets / dumped : 0.0;
  state.SetLabel(std::to_string(prefixes) + " IPv4 /24s in the table, " + std::to_string(per_set) +
                 " per set");
}

// ---- 3. memory: heap and RSS per prefix and per path --------------------------------------------

constexpr std::size_t kPrefixesPerSet = 50;  // 20,000 attribute sets per peer at 1M prefixes

std::size_t heap_in_use() {
  const auto m = mallinfo2();
  return m.uordblks + m.hblkhd;  // small-chunk heap in use + mmapped chunks
}

std::size_t rss_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long long size = 0;
  unsigned long long resident = 0;
  const int n = std::fscanf(f, "%llu %llu", &size, &resident);
  std::fclose(f);
  if (n != 2) return 0;
  return static_cast<std::size_t>(resident) * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

// Loads every shard with peer `from`'s announcement of prefixes [0, count): one RoutesCommand
// per attribute set and shard (as the engine splits an UPDATE), a flush of every shard after
// each `flush_every` commands (the shard thread flushes after draining its rings, at most 4096
// commands per ring and turn).
void load(std::vector<std::unique_ptr<Shard>>& shards, PeerId from, std::size_t count,
          std::size_t flush_every) {
  std::size_t since_flush = 0;
  for (std::size_t first = 0; first < count; first += kPrefixesPerSet) {
    const auto attrs = attributes(first / kPrefixesPerSet, from);
    std::vector<RoutesCommand> parts(shards.size());
    for (std::size_t i = first; i < count && i < first + kPrefixesPerSet; ++i) {
      const auto n = mixed(i);
      parts[rr::engine::shard_of(n.prefix, shards.size())].announced.push_back(n);
    }
    for (std::size_t s = 0; s < shards.size(); ++s) {
      if (parts[s].announced.empty()) continue;
      parts[s].peer = from;
      parts[s].afi_safi = rr::wire::kIpv4Unicast;
      parts[s].attributes = attrs;
      shards[s]->handle(std::move(parts[s]));
    }
    if (++since_flush == flush_every) {
      for (auto& s : shards)
        s->flush();
      since_flush = 0;
    }
  }
  for (auto& s : shards)
    s->flush();
}

// Args: prefixes, peers, shards, journal bound in octets (0: the engine's default), RoutesCommands
// per shard between flushes.
void bench_memory(benchmark::State& state) {
  const auto prefixes = static_cast<std::size_t>(state.range(0));
  const auto peers = static_cast<PeerId>(state.range(1));
  const auto shard_count = static_cast<std::size_t>(state.range(2));
  const auto journal = static_cast<std::size_t>(state.range(3));
  const auto flush_every = static_cast<std::size_t>(state.range(4));
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the loop idiom
    malloc_trim(0);       // give freed pages back so that the RSS growth below is this load's
    const auto heap0 = heap_in_use();
    const auto rss0 = rss_bytes();
    const auto start = thread_cpu_ns();

    std::vector<std::unique_ptr<Shard>> shards;
    const auto group = client_group();
    std::vector<std::shared_ptr<Sink>> sinks;
    for (std::size_t s = 0; s < shard_count; ++s)
      shards.push_back(std::make_unique<Shard>(s, settings(journal)));
    for (PeerId p = 1; p <= peers; ++p) {
      sinks.push_back(std::make_shared<Sink>());
      for (auto& s : shards)
        up(*s, p, group, sinks.back());
    }
    load(shards, 1, prefixes, flush_every);
    const auto heap1 = heap_in_use();
    for (PeerId p = 2; p <= peers; ++p)
      load(shards, p, prefixes, flush_every);
    const double ns = elapsed_ns(start);
    const auto heap2 = heap_in_use();
    const auto rss2 = rss_bytes();

    rr::engine::ShardStats total;
    for (const auto& s : shards) {
      const auto st = s->stats();
      total.prefixes += st.prefixes;
      total.paths += st.paths;
      total.attribute_sets += st.attribute_sets;
      total.journal_bytes += st.journal_bytes;
    }
    if (total.prefixes != prefixes || total.paths != prefixes * peers) {
      state.SkipWithError("the shards do not hold every path");
      break;
    }
    // Signed: under ASan, mallinfo2 does not see the sanitizer's heap.
    const auto delta = [](std::size_t to, std::size_t from) {
      return static_cast<double>(to) - static_cast<double>(from);
    };
    const auto n = static_cast<double>(prefixes);
    const auto paths = static_cast<double>(total.paths);
    const auto heap = delta(heap2, heap0);
    state.counters["heap_B_per_path"] = heap / paths;
    state.counters["heap_B_per_prefix"] = heap / n;
    state.counters["rss_B_per_path"] = delta(rss2, rss0) / paths;
    state.counters["first_path_B_per_prefix"] = delta(heap1, heap0) / n;
    if (peers > 1) state.counters["more_paths_B_per_path"] = delta(heap2, heap1) / (paths - n);
    state.counters["journal_B_per_prefix"] = static_cast<double>(total.journal_bytes) / n;
    state.counters["attr_sets"] = static_cast<double>(total.attribute_sets);
    state.counters["load_ns_per_path"] = ns / paths;
    state.SetLabel(std::to_string(prefixes) + " prefixes x " + std::to_string(peers) +
                   " peers in " + std::to_string(shard_count) + " shard(s): heap " +
                   std::to_string(static_cast<long long>(heap) >> 20U) + " MiB, RSS " +
                   std::to_string(static_cast<long long>(delta(rss2, rss0)) >> 20U) + " MiB");
    state.PauseTiming();
    shards.clear();
    state.ResumeTiming();
  }
}

void register_all() {
  constexpr std::int64_t kN = 100000;
  for (const std::int64_t flush : {0, 1}) {
    const char* kind = flush != 0 ? "insert_flush" : "insert_only";
    for (const auto path : {Path::first, Path::second}) {
      const std::string name =
          std::string(kind) + (path == Path::first ? "/first_path" : "/second_path");
      benchmark::RegisterBenchmark(name.c_str(), bench_insert, path)
          ->ArgNames({"prefixes", "per_set", "flush"})
          ->Args({kN, 100, flush})
          ->Args({kN, 500, flush})
          ->UseManualTime()
          ->Unit(benchmark::kMillisecond);
    }
  }
  benchmark::RegisterBenchmark("flush", bench_flush)
      ->ArgNames({"prefixes", "per_set"})
      ->Args({kN, 100})
      ->UseManualTime()
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("dump", bench_dump)
      ->ArgNames({"prefixes", "per_set"})
      ->Args({kN, 100})
      ->UseManualTime()
      ->Unit(benchmark::kMillisecond);
  auto* memory = benchmark::RegisterBenchmark("memory", bench_memory);
  memory->ArgNames({"prefixes", "peers", "shards", "journal", "flush_every"})
      ->Args({10000, 2, 2, 0, 64})  // the smoke-sized case
      ->Args({1000000, 2, 1, 0, 64})
      ->Args({1000000, 2, 2, 0, 64})
      ->Args({1000000, 2, 2, 1, 64})    // journal bound 1 octet: keeps only the newest entry
      ->Args({1000000, 2, 1, 0, 4096})  // one flush per 4096 commands (a whole engine turn)
      ->Args({100000, 10, 1, 0, 64})    // the shape of the BIRD anchor (10 paths per prefix)
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
