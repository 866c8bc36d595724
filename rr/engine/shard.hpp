// One RIB shard (DESIGN.md §2): the routes of a hash-partition of the prefixes, touched only by
// the shard's own thread. It owns
//   - the Adj-RIB-In paths of every peer for its prefixes, sorted best first (the Loc-RIB best
//     path is the first), with the interned attribute sets they point at;
//   - its part of every update group: the group's output journal for these prefixes.
// The Adj-RIB-Out of a group is not stored: it is a pure function of the Loc-RIB and the group's
// key (reflection rules and outbound attributes), so the shard keeps, for the prefixes that
// changed since the last flush, the paths as they were before, and flush() encodes the
// difference between the old and the new outbound view of every group.
//
// Commands arrive through the engine's queues (engine.cpp) and are applied with handle(); the
// shard is a plain single-threaded object, so tests drive it directly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>
#include <variant>
#include <vector>

#include "rr/engine/attr_table.hpp"
#include "rr/engine/best_path.hpp"
#include "rr/engine/journal.hpp"
#include "rr/engine/peer_info.hpp"
#include "rr/engine/update_group.hpp"
#include "rr/session/route_sink.hpp"
#include "rr/wire/types.hpp"

namespace rr::engine {

class Shard;

// A re-walk of the shard's table for one peer: the encoded routes of its group as they are now,
// and where in the group's journal the peer continues afterwards.
struct Handoff {
  std::uint64_t generation = 0;
  std::vector<std::shared_ptr<const JournalEntry>> dump;
  Journal::Cursor cursor;
};

// Where a shard delivers re-walks for a peer and whom it wakes when the peer's group journal
// grew. Implemented by PeerFeed; tests use their own.
class HandoffSink {
 public:
  virtual ~HandoffSink() = default;
  virtual void deliver(std::size_t shard, Handoff handoff) = 0;  // shard thread
  virtual void wake() = 0;                                       // shard thread
};

struct PeerUpCommand {
  PeerInfo info;
  std::shared_ptr<const GroupSpec> group;
  std::shared_ptr<HandoffSink> sink;
};
struct PeerDownCommand {
  PeerId peer = 0;
  bool retain_stale = false;
};
struct RoutesCommand {
  PeerId peer = 0;
  wire::AfiSafi afi_safi = wire::kIpv4Unicast;
  std::vector<wire::Nlri> withdrawn;
  std::vector<wire::Nlri> announced;
  std::shared_ptr<const session::RouteAttributes> attributes;
};
enum class StaleOp : std::uint8_t { mark, sweep, drop_family };
struct StaleCommand {
  PeerId peer = 0;
  wire::AfiSafi afi_safi = wire::kIpv4Unicast;
  StaleOp op = StaleOp::mark;
};
struct RewalkCommand {
  PeerId peer = 0;
  std::optional<wire::AfiSafi> afi_safi;  // nullopt: every family of the peer's group
  std::uint64_t generation = 0;
};
struct TaskCommand {
  std::function<void(Shard&)> run;
};
using ShardCommand = std::variant<PeerUpCommand, PeerDownCommand, RoutesCommand, StaleCommand,
                                  RewalkCommand, TaskCommand>;

struct ShardSettings {
  std::uint32_t local_as = 0;
  wire::Ipv4Address router_id;
  std::vector<wire::Ipv4Address> cluster_ids;  // every cluster ID we use (loop check)
  std::size_t journal_max_bytes = std::size_t{16} << 20;
};

struct ShardStats {
  std::uint64_t prefixes = 0;
  std::uint64_t paths = 0;
  std::uint64_t attribute_sets = 0;
  std::uint64_t rejected_loops = 0;
  std::uint64_t groups = 0;
  std::uint64_t journal_bytes = 0;
  std::uint64_t rewalks = 0;
};

// Which shard owns a prefix.
std::size_t shard_of(const wire::Prefix& prefix, std::size_t shards);

class Shard {
 public:
  Shard(std::size_t index, ShardSettings settings);
  Shard(const Shard&) = delete;
  Shard& operator=(const Shard&) = delete;
  ~Shard();

  void handle(ShardCommand&& command);
  // Encodes what changed since the last flush into the group journals and wakes their members.
  void flush();
  // New local AS, router ID and cluster IDs (the node's configuration changed). Paths already
  // accepted stay; sessions whose own configuration changed are reset by the session manager
  // and send their routes again through the new checks.
  void set_settings(const ShardSettings& settings);

  // Inspection (shard thread).
  struct PathInfo {
    PeerId peer = 0;
    std::uint32_t path_id = 0;
    std::uint32_t tx_path_id = 0;
    const session::RouteAttributes* attributes = nullptr;
    bool stale = false;
  };
  // Calls f(afi_safi, prefix, paths best first, step the best won by) for every prefix.
  void for_each_route(
      const std::function<void(wire::AfiSafi, const wire::Prefix&, const std::vector<PathInfo>&,
                               DecisionStep)>& f) const;
  [[nodiscard]] std::optional<std::pair<std::vector<PathInfo>, DecisionStep>> route(
      wire::AfiSafi af, const wire::Prefix& prefix) const;
  // What the peer's group advertises to the peer (its own paths left out).
  void for_each_advertised(PeerId peer,
                           const std::function<void(wire::AfiSafi, const wire::Nlri&,
                                                    const session::RouteAttributes&)>& f);
  [[nodiscard]] const PeerInfo* peer(PeerId id) const;
  [[nodiscard]] ShardStats stats() const;
  [[nodiscard]] std::size_t index() const { return index_; }

 private:
  struct Path {
    AttrRef attrs;
    PeerId peer = 0;
    std::uint32_t path_id = 0;  // received
    std::uint32_t tx_id = 0;    // ours, for ADD-PATH send; unique among the prefix's paths
    bool stale = false;
  };
  struct Route {
    std::vector<Path> paths;  // best first
    DecisionStep won_by = DecisionStep::equal;
  };
  struct PrefixHash {
    std::size_t operator()(const wire::Prefix& p) const;
  };
  using Table = std::unordered_map<wire::Prefix, Route, PrefixHash>;
  struct Dirty {
    wire::AfiSafi afi_safi;
    wire::Prefix prefix;
    std::vector<Path> before;
  };
  struct PeerState {
    PeerInfo info;
    std::shared_ptr<const GroupSpec> group;
    std::shared_ptr<HandoffSink> sink;
    bool up = false;
    std::size_t paths = 0;
  };
  struct GroupPart;
  struct View;
  class Emitter;

  Table* table(wire::AfiSafi af);
  [[nodiscard]] const Table* table(wire::AfiSafi af) const;
  void peer_up(PeerUpCommand&& c);
  void peer_down(const PeerDownCommand& c);
  void routes(RoutesCommand&& c);
  void stale(const StaleCommand& c);
  void rewalk(const RewalkCommand& c);

  // Most prefixes one command may leave dirty before stale() emits them.
  static constexpr std::size_t kDirtyBatch = 4096;
  // Encodes the dirty prefixes' changes into the groups' journals and clears the dirty list.
  void emit_dirty();
  void touch(wire::AfiSafi af, const wire::Prefix& prefix, const Route* route);
  void upsert(wire::AfiSafi af, const wire::Nlri& nlri, PeerId peer, const AttrRef& attrs);
  void remove(wire::AfiSafi af, const wire::Nlri& nlri, PeerId peer);
  void sort(Route& route);
  [[nodiscard]] PathView view_of(const Path& p) const;
  [[nodiscard]] AttrRef inbound(PeerId peer,
                                const std::shared_ptr<const session::RouteAttributes>& a);
  void compute_view(GroupPart& g, const std::vector<Path>& paths, wire::AfiSafi af,
                    std::vector<std::pair<const Path*, AttrRef>>& out);
  [[nodiscard]] AttrRef outbound(GroupPart& g, const Path& p, wire::AfiSafi af);
  // What group `g` advertises to member `peer` now (its own paths left out), entry by entry.
  using AdvertisedFn = std::function<void(wire::AfiSafi, const wire::Nlri&, const AttrRef&)>;
  void walk_advertised(GroupPart& g, PeerId peer, std::optional<wire::AfiSafi> only,
                       const AdvertisedFn& f);
  std::vector<std::shared_ptr<const JournalEntry>> dump(GroupPart& g, PeerId peer,
                                                        std::optional<wire::AfiSafi> af);
  GroupPart& group_for(const std::shared_ptr<const GroupSpec>& spec);
  void leave_group(PeerState& p);
  void forget_idle_peers();

  std::size_t index_;
  ShardSettings settings_;
  AttrTable attrs_;
  Table v4_;
  Table v6_;
  std::unordered_map<PeerId, PeerState> peers_;
  std::unordered_map<std::uint64_t, std::unique_ptr<GroupPart>> groups_;
  std::vector<Dirty> dirty_;
  std::unordered_map<wire::Prefix, std::size_t, PrefixHash> dirty_index_v4_;
  std::unordered_map<wire::Prefix, std::size_t, PrefixHash> dirty_index_v6_;
  // Memo of the last inbound set (one UPDATE's prefixes share it).
  std::shared_ptr<const session::RouteAttributes> last_in_src_;
  PeerId last_in_peer_ = 0;
  AttrRef last_in_ref_;
  bool last_in_rejected_ = false;
  std::uint64_t rejected_loops_ = 0;
  std::uint64_t rewalks_ = 0;
  std::vector<PeerId> went_down_;
};

}  // namespace rr::engine
