// The reflection engine: the RouteSink every session feeds, RIB shards on the event loops, update
// groups and their output journals (DESIGN.md §2 and §3). This file wires the threads and queues
// together; the parts live in one file each:
//   attr_table     interned attribute sets
//   best_path      the decision process          reflection   RFC 4456 rules, outbound attributes
//   spsc_queue     session loop -> shard rings    journal      shard -> member peers' output
//   update_group   which peers share an output    shard        Adj-RIB-In, Loc-RIB, Adj-RIB-Out
//   peer_feed      one peer's cursors over the journals of its group, pulled by its session
//
// Threads: sessions run on EventLoops; shard k runs on loop k % loops. A session hands route
// changes to the shards through one single-producer/single-consumer queue per (loop, shard);
// control changes (configuration) go through one more queue per shard fed by the control
// thread. Shards pack UPDATEs into their part of each group's journal and wake the member
// sessions, which pull from their cursors. No mutex on the per-route path.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rr/engine/best_path.hpp"
#include "rr/engine/peer_info.hpp"
#include "rr/session/event_loops.hpp"
#include "rr/session/route_sink.hpp"
#include "rr/wire/types.hpp"

namespace rr::engine {

struct EngineConfig {
  std::uint32_t local_as = 0;
  wire::Ipv4Address router_id;
  std::optional<wire::Ipv4Address> cluster_id;            // default: router_id
  std::size_t shards = 0;                                 // 0: one per event loop
  std::size_t journal_max_bytes = std::size_t{16} << 20;  // per group and shard
};

// Inspection results (copies, made by the owning shards).
struct RibPath {
  PeerId peer = 0;
  wire::IpAddress peer_address;
  wire::Ipv4Address peer_router_id;
  PeerRole role = PeerRole::client;
  std::uint32_t path_id = 0;
  session::RouteAttributes attributes;
  bool best = false;
  bool stale = false;
  DecisionStep won_by = DecisionStep::equal;  // for the best path: the step that beat the runner-up
};

struct RibEntry {
  wire::AfiSafi afi_safi = wire::kIpv4Unicast;
  wire::Prefix prefix;
  std::vector<RibPath> paths;  // best first
};

struct OutRoute {
  wire::AfiSafi afi_safi = wire::kIpv4Unicast;
  wire::Nlri nlri;
  session::RouteAttributes attributes;
};

struct EngineStats {
  std::uint64_t prefixes = 0;        // Loc-RIB prefixes with a best path
  std::uint64_t paths = 0;           // Adj-RIB-In paths
  std::uint64_t attribute_sets = 0;  // interned sets alive (inbound and outbound)
  std::uint64_t rejected_loops = 0;  // paths dropped by the receiver-side loop checks
  std::uint64_t update_groups = 0;
  std::uint64_t journal_bytes = 0;
  std::uint64_t rewalks = 0;  // peers served by a private re-walk
};

class Engine final : public session::RouteSink {
 public:
  Engine(session::EventLoops& loops, const EngineConfig& config);
  ~Engine() override;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // RouteSink (called by sessions on their loops).
  void peer_up(PeerId peer, std::shared_ptr<const session::Negotiated> negotiated,
               session::Session& session) override;
  void peer_down(PeerId peer, bool retain_stale) override;
  void update(PeerId peer, session::RouteUpdate&& update) override;
  void end_of_rib(PeerId peer, wire::AfiSafi afi_safi) override;
  void sweep_stale(PeerId peer, wire::AfiSafi afi_safi) override;
  void mark_stale(PeerId peer, wire::AfiSafi afi_safi) override;
  void refresh_requested(PeerId peer, wire::AfiSafi afi_safi) override;
  void family_disabled(PeerId peer, wire::AfiSafi afi_safi) override;

  // Graceful restart, restarting speaker (RFC 4724 §4.1): rrd came back within its restart time
  // and its clients kept our routes. Hold every peer's End-of-RIB until `expected_peers` peers
  // have sent theirs for all their families (so that a client does not sweep routes we have not
  // relearned yet), or until `max_wait`. Call before the sessions start.
  void defer_end_of_rib(std::size_t expected_peers, std::chrono::seconds max_wait);
  [[nodiscard]] bool end_of_rib_deferred() const;

  // Takes a new local AS, router ID and cluster ID (shards and journal size stay). Peers that
  // come up afterwards use them; sessions already up keep their update group until they are
  // reset, which the session manager does when their PeerConfig changed. From any thread
  // except the event loops.
  void reconfigure(const EngineConfig& config);
  [[nodiscard]] EngineConfig config() const;

  // Queries, from any thread except the event loops (they wait for every shard to answer).
  [[nodiscard]] std::vector<RibEntry> rib(std::optional<wire::AfiSafi> afi_safi = {}) const;
  [[nodiscard]] std::optional<RibEntry> rib_entry(wire::AfiSafi afi_safi,
                                                  const wire::Prefix& prefix) const;
  [[nodiscard]] std::vector<OutRoute> adj_rib_out(PeerId peer) const;
  [[nodiscard]] EngineStats stats() const;
  // Blocks until every change handed in so far has been processed and packed (tests).
  void drain() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;  // shared with timer handlers that may outlive a call
};

}  // namespace rr::engine
