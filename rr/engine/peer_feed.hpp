// One Established peer's output (DESIGN.md §2): its cursors over the journals of its update
// group (one per shard), the private re-walks the shards hand it (initial table, ROUTE-REFRESH,
// resynchronisation), and the markers around them (End-of-RIB after the initial table, RFC 7313
// BoRR/EoRR around a refresh). The peer's session pulls from it on its own loop whenever its
// send queue runs dry; shards wake it when they appended to the group's journal.
//
// Threads: deliver() and wake() run on shard threads; everything else on the session's loop.
// Handoffs cross through one single-producer/single-consumer queue per shard.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "rr/engine/journal.hpp"
#include "rr/engine/shard.hpp"
#include "rr/engine/spsc_queue.hpp"
#include "rr/session/output_feed.hpp"
#include "rr/session/session.hpp"

namespace rr::engine {

class PeerFeed final : public session::OutputFeed,
                       public HandoffSink,
                       public std::enable_shared_from_this<PeerFeed> {
 public:
  // Asks every shard to re-walk its table for this peer (all families when nullopt), tagging
  // the handoffs with `generation`. Called on the session's loop.
  using RewalkFn =
      std::function<void(PeerId, std::optional<wire::AfiSafi>, std::uint64_t generation)>;

  // `hold_eor`, when set, holds the initial End-of-RIB while it reads true (restarting speaker).
  PeerFeed(PeerId peer, std::size_t shards, std::weak_ptr<session::Session> session,
           std::vector<wire::AfiSafi> families, bool enhanced_refresh, RewalkFn rewalk,
           std::shared_ptr<const std::atomic<bool>> hold_eor = {});

  // HandoffSink: shard threads.
  void deliver(std::size_t shard, Handoff handoff) override;
  void wake() override;

  // Session loop.
  Pulled pull(std::vector<Block>& out, std::size_t max_bytes) override;
  // The peer sent ROUTE-REFRESH for a family (RFC 2918).
  void refresh(wire::AfiSafi afi_safi);
  // Counters for inspection (session loop).
  [[nodiscard]] std::uint64_t resyncs() const { return resyncs_; }

 private:
  struct PerShard {
    // Handoffs are rare (one per re-walk); small segments keep an idle peer's inbox small, and
    // there is one per (peer, shard).
    SpscQueue<Handoff, 4> inbox;
    Journal::Cursor cursor;
    std::deque<std::shared_ptr<const JournalEntry>> dump;
    std::uint64_t generation = 0;  // of the newest handoff taken
  };
  struct Marker {
    std::uint64_t generation = 0;
    std::vector<wire::AfiSafi> families;
    bool initial = false;  // End-of-RIB; otherwise BoRR/EoRR (enhanced refresh only)
    bool begun = false;
  };
  void lost(PerShard& s);
  std::uint64_t start_rewalk(std::optional<wire::AfiSafi> af, bool initial);

  PeerId peer_;
  std::weak_ptr<session::Session> session_;
  std::vector<wire::AfiSafi> families_;
  bool enhanced_refresh_;
  RewalkFn rewalk_;
  std::vector<std::unique_ptr<PerShard>> shards_;
  std::size_t next_shard_ = 0;
  std::uint64_t generation_ = 1;  // the initial walk (requested by PeerUp) is generation 1
  std::deque<Marker> markers_;
  std::uint64_t resync_generation_ = 0;
  std::uint64_t resyncs_ = 0;
  std::shared_ptr<const std::atomic<bool>> hold_eor_;
};

}  // namespace rr::engine
