// One update group's output for one RIB shard: an append-only sequence of immutable encoded UPDATE
// blocks, written by the shard and read by every member peer's session at its own pace (DESIGN.md
// §2, "update group output journal"). Bounded: appending trims the oldest entries, and a reader
// that had not read them learns it was left behind (Status::lost) and falls back to a re-walk.
//
// Structure. The journal is a chain of reference-counted slots, one per sequence number. Slot s
// holds entry s once it is published, plus a weak link to slot s + 1. The writer owns every
// retained slot through a std::shared_ptr (a deque from the oldest retained entry to the newest,
// plus the empty "tail" slot that the next append fills). A Cursor at position s holds only a
// std::weak_ptr to slot s and the number s; it never owns a slot between calls.
//
// Why this is race-free without a mutex:
//   - Publication: append() writes the entry and the link to the new tail slot into the old tail
//     slot with plain writes, then sets its `published` flag with a release store. A reader reads
//     the entry and link only after loading `published == true` with acquire, so those reads
//     happen-after the writes; before that it reads nothing but the flag. After publication the
//     writer never writes to the slot again: slots are immutable once readable.
//   - Lifetime: a reader first turns its weak_ptr into a shared_ptr (weak_ptr::lock(), a lock-free
//     compare-and-swap on the use count that fails once the count has reached zero). While it holds
//     that shared_ptr the slot cannot be destroyed, even if the writer trims it in the meantime
//     (the last owner to let go destroys it, possibly on the reader's thread). Copying the entry's
//     shared_ptr and the weak link out of a live, immutable slot is then a const read.
//   - Trimming: the writer drops its shared_ptr to the oldest slot. From then on lock() on that
//     slot fails, which is exactly "entry s was trimmed before this cursor read it" -> lost. The
//     link from slot s to s + 1 is weak, so a cursor does not lose entries that are still retained
//     just because the slot before them was trimmed, and no slot keeps a newer one alive.
//   - A stalled cursor pins no entry: its weak_ptr keeps at most one slot's control block and shell
//     (tens of bytes; slots are make_shared) but the slot's entry, and so its bytes, is released
//     when the writer trims the slot. A reader pins exactly the entries it holds in `out`.
//
// Ownership and threads. The Journal object belongs to the writer (the shard's thread): append(),
// tail(), next_sequence(), oldest_sequence() and entries() run there; bytes() may be read anywhere.
// Cursors do not refer to the Journal object, only to slots, so the Journal may be held by value
// or unique_ptr and destroyed while cursors still exist: their next() then reports lost (the group
// is gone: re-walk). It is neither copyable nor movable. Each Cursor is used by one thread at a
// time (its peer's session loop); cursors are independent of each other.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <utility>

#include "rr/wire/bytes.hpp"

namespace rr::engine {

// One immutable block of the journal: whole encoded BGP messages and who they are for.
struct JournalEntry {
  std::shared_ptr<const wire::Bytes> bytes;  // one or more whole BGP messages
  std::uint32_t messages = 0;
  std::uint32_t prefixes = 0;
  // Audience: both 0 = every member; except != 0: every member but that peer; only != 0: only
  // that peer (a route is never advertised back to the peer it came from: DESIGN.md §2).
  std::uint32_t except = 0;  // PeerId
  std::uint32_t only = 0;    // PeerId

  [[nodiscard]] bool for_peer(std::uint32_t peer) const {
    return (only == 0 || peer == only) && (except == 0 || peer != except);
  }
};

class Journal {
  struct Slot;

 public:
  // Memory charged per entry on top of its bytes, so that a journal of tiny entries is bounded too.
  static constexpr std::size_t kEntryOverhead = 128;

  // A reader's position in the journal. Default-constructed = detached. Movable and copyable (a
  // copy is an independent cursor at the same position). One thread at a time.
  class Cursor {
   public:
    enum class Status {
      entry,  // `out` holds the next entry; the cursor moved past it
      empty,  // nothing after the cursor yet; try again after the next append
      lost,   // entries this cursor had not read were trimmed, the journal is gone, or the cursor
              // is detached: it is dead from now on (re-walk and take a new tail())
    };

    Cursor() = default;
    Cursor(const Cursor&) = default;
    Cursor& operator=(const Cursor&) = default;
    Cursor(Cursor&& other) noexcept;
    Cursor& operator=(Cursor&& other) noexcept;
    ~Cursor() = default;

    // The entry after the cursor's position. On `entry` the cursor advances by one.
    Status next(std::shared_ptr<const JournalEntry>& out);

    // Sequence number of the entry next() would return.
    [[nodiscard]] std::uint64_t position() const { return position_; }
    // False when default-constructed, moved from, or after next() returned lost.
    [[nodiscard]] bool attached() const { return attached_; }

   private:
    friend class Journal;
    Cursor(std::weak_ptr<Slot> slot, std::uint64_t position)
        : slot_(std::move(slot)), position_(position), attached_(true) {}

    std::weak_ptr<Slot> slot_;  // the slot for `position_`
    std::uint64_t position_ = 0;
    bool attached_ = false;
  };

  // `max_bytes`: the retained entries' bytes (plus kEntryOverhead each) stay within it, except
  // that the newest entry is always kept.
  explicit Journal(std::size_t max_bytes);
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;
  Journal(Journal&&) = delete;
  Journal& operator=(Journal&&) = delete;
  ~Journal();

  // Writer thread. Publishes `entry` with sequence number next_sequence(), then trims the oldest
  // entries while over max_bytes.
  void append(JournalEntry entry);

  // Writer thread. A cursor positioned after the newest entry: it will read only later appends.
  [[nodiscard]] Cursor tail() const;

  // Writer thread. The sequence number the next append gets (the first is 0).
  [[nodiscard]] std::uint64_t next_sequence() const { return next_sequence_; }
  // Writer thread. Sequence number of the oldest retained entry (== next_sequence() if none).
  [[nodiscard]] std::uint64_t oldest_sequence() const { return next_sequence_ - retained_.size(); }
  // Writer thread. How many entries are retained.
  [[nodiscard]] std::size_t entries() const { return retained_.size(); }

  // Any thread (relaxed): the memory charged for the retained entries.
  [[nodiscard]] std::size_t bytes() const { return bytes_.load(std::memory_order_relaxed); }
  [[nodiscard]] std::size_t max_bytes() const { return max_bytes_; }

  // The charge for one entry: its bytes plus kEntryOverhead.
  [[nodiscard]] static std::size_t cost(const JournalEntry& entry) {
    return (entry.bytes ? entry.bytes->size() : 0) + kEntryOverhead;
  }

 private:
  struct Slot {
    std::atomic<bool> published{false};
    // Written once by the writer before `published` is set; immutable afterwards.
    std::shared_ptr<const JournalEntry> entry;
    std::weak_ptr<Slot> next;
    std::size_t cost = 0;  // writer only
  };

  void trim();

  std::size_t max_bytes_;
  std::deque<std::shared_ptr<Slot>> retained_;  // published slots, oldest first
  std::shared_ptr<Slot> tail_;                  // the unpublished slot for next_sequence_
  std::uint64_t next_sequence_ = 0;
  std::atomic<std::size_t> bytes_{0};
};

}  // namespace rr::engine
