// Test harness for RIB shards: drives one or more Shard objects directly (no threads), and
// reads what each peer would receive by replaying its handoffs and journal entries through the
// real UPDATE decoder into a per-peer table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "rr/engine/shard.hpp"
#include "rr/engine/update_group.hpp"
#include "rr/wire/update_message.hpp"

namespace rr::engine::testing {

inline constexpr std::uint32_t kLocalAs = 65000;

wire::Ipv4Address v4(const char* text);
wire::Prefix prefix(const char* text);

// Collects what the shards hand to one peer.
class CollectingSink : public HandoffSink {
 public:
  void deliver(std::size_t shard, Handoff handoff) override {
    inbox.emplace_back(shard, std::move(handoff));
  }
  void wake() override { ++wakes; }
  std::vector<std::pair<std::size_t, Handoff>> inbox;
  std::size_t wakes = 0;
};

using Table = std::map<std::pair<wire::AfiSafi, wire::Nlri>, session::RouteAttributes>;

// One peer as seen from the outside: applies everything it was sent, in order, to a table.
class PeerReader {
 public:
  PeerReader(PeerId id, std::size_t shards, wire::CodecContext ctx);
  // Takes new handoffs and reads journals until empty. Returns false if a cursor was lost.
  bool sync();
  [[nodiscard]] const Table& table() const { return table_; }
  [[nodiscard]] std::shared_ptr<CollectingSink> sink() const { return sink_; }
  std::size_t updates = 0;                                // UPDATE messages applied
  std::size_t withdrawn = 0;                              // NLRI withdrawn
  std::size_t announced = 0;                              // NLRI announced
  std::size_t largest = 0;                                // largest message, octets
  std::vector<std::vector<wire::UpdateMessage>> entries;  // decoded, per entry applied

 private:
  void apply(const JournalEntry& e);
  PeerId id_;
  wire::CodecContext ctx_;
  std::shared_ptr<CollectingSink> sink_ = std::make_shared<CollectingSink>();
  std::vector<Journal::Cursor> cursors_;
  Table table_;
};

// S shards with the engine's prefix partition, driven synchronously.
class ShardSet {
 public:
  explicit ShardSet(std::size_t shards, ShardSettings settings = defaults());
  static ShardSettings defaults();

  // The group of peers with role `to` that negotiated `families` (sorted).
  std::shared_ptr<const GroupSpec> group(
      PeerRole to, bool add_path = false, std::uint32_t add_path_max = 0,
      session::NextHopMode mode = session::NextHopMode::automatic,
      std::vector<wire::AfiSafi> families = {wire::kIpv4Unicast, wire::kIpv6Unicast});
  void up(const PeerInfo& info, const std::shared_ptr<const GroupSpec>& group,
          const std::shared_ptr<HandoffSink>& sink);
  void down(PeerId peer, bool retain_stale);
  void announce(PeerId peer, wire::AfiSafi af, std::vector<wire::Nlri> nlri,
                const session::RouteAttributes& attrs);
  void withdraw(PeerId peer, wire::AfiSafi af, std::vector<wire::Nlri> nlri);
  void stale(PeerId peer, wire::AfiSafi af, StaleOp op);
  void flush();
  [[nodiscard]] std::size_t size() const { return shards_.size(); }
  Shard& shard(std::size_t i) { return *shards_[i]; }

 private:
  std::vector<std::unique_ptr<Shard>> shards_;
  std::vector<std::shared_ptr<const GroupSpec>> groups_;
};

PeerInfo peer_info(PeerId id, PeerRole role, const char* address, const char* router_id);

}  // namespace rr::engine::testing
