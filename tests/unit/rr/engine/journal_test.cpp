// Journal: publication order, cursors at their own positions, audience filtering, trimming (a
// slow cursor is lost, a stalled one pins nothing), cursors outliving the journal, and one writer
// with four concurrent readers.
#include "rr/engine/journal.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace rr::engine {
namespace {

using Status = Journal::Cursor::Status;

// An entry of `size` bytes, each byte the low bits of `tag`; `prefixes` carries the tag too.
JournalEntry entry(std::uint32_t tag, std::size_t size = 16) {
  JournalEntry e;
  e.bytes = std::make_shared<const wire::Bytes>(size, static_cast<std::byte>(tag & 0xffU));
  e.messages = 1;
  e.prefixes = tag;
  return e;
}

// Reads every entry available now; returns their tags.
std::vector<std::uint32_t> read_all(Journal::Cursor& c, Status* last = nullptr) {
  std::vector<std::uint32_t> tags;
  std::shared_ptr<const JournalEntry> out;
  Status s = Status::entry;
  while ((s = c.next(out)) == Status::entry)
    tags.push_back(out->prefixes);
  if (last != nullptr) *last = s;
  return tags;
}

TEST(JournalEntry, AudienceFiltering) {
  JournalEntry all;
  EXPECT_TRUE(all.for_peer(1));
  EXPECT_TRUE(all.for_peer(7));

  JournalEntry but_seven;
  but_seven.except = 7;
  EXPECT_TRUE(but_seven.for_peer(1));
  EXPECT_FALSE(but_seven.for_peer(7));

  JournalEntry only_seven;
  only_seven.only = 7;
  EXPECT_FALSE(only_seven.for_peer(1));
  EXPECT_TRUE(only_seven.for_peer(7));
}

TEST(Journal, AppendsAreReadInOrder) {
  Journal j(1 << 20);
  Journal::Cursor c = j.tail();
  EXPECT_TRUE(c.attached());
  EXPECT_EQ(c.position(), 0U);
  std::shared_ptr<const JournalEntry> out;
  EXPECT_EQ(c.next(out), Status::empty);
  EXPECT_EQ(out, nullptr);

  for (std::uint32_t i = 0; i < 3; ++i)
    j.append(entry(100 + i));
  EXPECT_EQ(j.next_sequence(), 3U);
  EXPECT_EQ(j.oldest_sequence(), 0U);
  EXPECT_EQ(j.entries(), 3U);

  for (std::uint32_t i = 0; i < 3; ++i) {
    ASSERT_EQ(c.next(out), Status::entry);
    ASSERT_NE(out, nullptr);
    EXPECT_EQ(out->prefixes, 100 + i);
    EXPECT_EQ(out->bytes->size(), 16U);
    EXPECT_EQ(c.position(), i + 1);
  }
  EXPECT_EQ(c.next(out), Status::empty);
  EXPECT_EQ(c.position(), 3U);
  j.append(entry(103));
  ASSERT_EQ(c.next(out), Status::entry);
  EXPECT_EQ(out->prefixes, 103U);
}

TEST(Journal, CursorsReadAtTheirOwnPositions) {
  Journal j(1 << 20);
  Journal::Cursor first = j.tail();
  j.append(entry(0));
  j.append(entry(1));
  Journal::Cursor second = j.tail();
  EXPECT_EQ(second.position(), 2U);
  j.append(entry(2));
  j.append(entry(3));

  std::shared_ptr<const JournalEntry> out;
  ASSERT_EQ(first.next(out), Status::entry);
  Journal::Cursor fork = first;  // a copy continues independently from the same place
  EXPECT_EQ(read_all(first), (std::vector<std::uint32_t>{1, 2, 3}));
  EXPECT_EQ(read_all(second), (std::vector<std::uint32_t>{2, 3}));
  EXPECT_EQ(read_all(fork), (std::vector<std::uint32_t>{1, 2, 3}));
  EXPECT_EQ(first.position(), 4U);
  EXPECT_EQ(second.position(), 4U);
}

TEST(Journal, TailSeesOnlyLaterEntries) {
  Journal j(1 << 20);
  for (std::uint32_t i = 0; i < 5; ++i)
    j.append(entry(i));
  Journal::Cursor c = j.tail();
  EXPECT_EQ(c.position(), 5U);
  Status last = Status::entry;
  EXPECT_TRUE(read_all(c, &last).empty());
  EXPECT_EQ(last, Status::empty);
  j.append(entry(5));
  j.append(entry(6));
  EXPECT_EQ(read_all(c, &last), (std::vector<std::uint32_t>{5, 6}));
  EXPECT_EQ(last, Status::empty);
}

TEST(Journal, DetachedCursorIsLost) {
  Journal::Cursor detached;
  EXPECT_FALSE(detached.attached());
  std::shared_ptr<const JournalEntry> out;
  EXPECT_EQ(detached.next(out), Status::lost);

  Journal j(1 << 20);
  Journal::Cursor c = j.tail();
  Journal::Cursor moved = std::move(c);
  EXPECT_TRUE(moved.attached());
  EXPECT_FALSE(c.attached());  // NOLINT(bugprone-use-after-move): moved-from is detached
  j.append(entry(1));
  EXPECT_EQ(read_all(moved), (std::vector<std::uint32_t>{1}));
}

TEST(Journal, ChargesBytesAndTrimsTheOldest) {
  const std::size_t cost = Journal::cost(entry(0, 100));
  EXPECT_EQ(cost, 100 + Journal::kEntryOverhead);
  Journal j(3 * cost);
  for (std::uint32_t i = 0; i < 3; ++i)
    j.append(entry(i, 100));
  EXPECT_EQ(j.bytes(), 3 * cost);
  EXPECT_EQ(j.entries(), 3U);
  j.append(entry(3, 100));
  EXPECT_EQ(j.entries(), 3U);
  EXPECT_EQ(j.oldest_sequence(), 1U);
  EXPECT_EQ(j.bytes(), 3 * cost);

  // An entry bigger than the whole budget is still kept, alone.
  j.append(entry(4, 10 * cost));
  EXPECT_EQ(j.entries(), 1U);
  EXPECT_EQ(j.oldest_sequence(), 4U);
  EXPECT_EQ(j.next_sequence(), 5U);
  EXPECT_EQ(j.bytes(), Journal::cost(entry(4, 10 * cost)));
}

TEST(Journal, TrimmingLosesASlowCursorWhileAFastOneContinues) {
  const std::size_t cost = Journal::cost(entry(0));
  Journal j(4 * cost);
  Journal::Cursor slow = j.tail();
  Journal::Cursor fast = j.tail();
  j.append(entry(0));
  j.append(entry(1));
  std::shared_ptr<const JournalEntry> out;
  ASSERT_EQ(slow.next(out), Status::entry);  // slow stops at position 1
  std::vector<std::uint32_t> fast_seen = read_all(fast);
  for (std::uint32_t i = 2; i < 10; ++i) {
    j.append(entry(i));
    auto more = read_all(fast);
    fast_seen.insert(fast_seen.end(), more.begin(), more.end());
  }
  EXPECT_EQ(j.oldest_sequence(), 6U);
  EXPECT_EQ(fast_seen, (std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_TRUE(fast.attached());

  EXPECT_EQ(slow.next(out), Status::lost);
  EXPECT_FALSE(slow.attached());
  EXPECT_EQ(slow.position(), 1U);
  j.append(entry(10));
  EXPECT_EQ(slow.next(out), Status::lost);  // dead for good
  EXPECT_EQ(read_all(fast), (std::vector<std::uint32_t>{10}));
}

TEST(Journal, CursorAtTheOldestRetainedEntryIsNotLost) {
  // The slot before a cursor's position being trimmed must not cost it entries still retained.
  const std::size_t cost = Journal::cost(entry(0));
  Journal j(2 * cost);
  j.append(entry(0));
  j.append(entry(1));
  Journal::Cursor c = j.tail();  // position 2
  j.append(entry(2));
  j.append(entry(3));  // trims 0 and 1; 2 and 3 retained
  EXPECT_EQ(j.oldest_sequence(), 2U);
  EXPECT_EQ(read_all(c), (std::vector<std::uint32_t>{2, 3}));

  Journal::Cursor behind = j.tail();  // position 4
  j.append(entry(4));
  std::shared_ptr<const JournalEntry> out;
  ASSERT_EQ(behind.next(out), Status::entry);
  j.append(entry(5));
  j.append(entry(6));  // retained: 5, 6; `behind` is at 5
  Status last = Status::entry;
  EXPECT_EQ(read_all(behind, &last), (std::vector<std::uint32_t>{5, 6}));
  EXPECT_EQ(last, Status::empty);
}

TEST(Journal, StalledCursorPinsNoTrimmedEntry) {
  const std::size_t cost = Journal::cost(entry(0, 64));
  Journal j(2 * cost);
  Journal::Cursor stalled = j.tail();
  Journal::Cursor holder = j.tail();
  j.append(entry(0, 64));
  j.append(entry(1, 64));
  std::weak_ptr<const wire::Bytes> first;
  std::weak_ptr<const wire::Bytes> second;
  std::shared_ptr<const JournalEntry> held;
  ASSERT_EQ(holder.next(held), Status::entry);  // holds entry 0 in `out`
  ASSERT_EQ(holder.next(held), Status::entry);  // now holds entry 1 only
  // Weak references to the bytes of entries 0 and 1, taken through a fresh reader.
  {
    Journal::Cursor again = stalled;
    std::shared_ptr<const JournalEntry> out;
    ASSERT_EQ(again.next(out), Status::entry);
    first = out->bytes;
    ASSERT_EQ(again.next(out), Status::entry);
    second = out->bytes;
    EXPECT_EQ(out, held);
  }
  EXPECT_EQ(first.use_count(), 1);  // only the journal's entry owns the bytes
  for (std::uint32_t i = 2; i < 6; ++i)
    j.append(entry(i, 64));
  EXPECT_EQ(j.oldest_sequence(), 4U);

  // `stalled` still sits at position 0, but entry 0 is gone; entry 1 lives only through `held`.
  EXPECT_TRUE(first.expired());
  EXPECT_FALSE(second.expired());
  EXPECT_EQ(held.use_count(), 1);
  held.reset();
  EXPECT_TRUE(second.expired());

  std::shared_ptr<const JournalEntry> out;
  EXPECT_EQ(stalled.next(out), Status::lost);
  EXPECT_EQ(out, nullptr);
}

TEST(Journal, CursorMayOutliveTheJournal) {
  auto j = std::make_unique<Journal>(1 << 20);
  Journal::Cursor reader = j->tail();
  Journal::Cursor at_tail = j->tail();
  j->append(entry(7));
  std::shared_ptr<const JournalEntry> held;
  ASSERT_EQ(at_tail.next(held), Status::entry);
  j.reset();

  std::shared_ptr<const JournalEntry> out;
  EXPECT_EQ(reader.next(out), Status::lost);
  EXPECT_EQ(at_tail.next(out), Status::lost);
  EXPECT_FALSE(at_tail.attached());
  // An entry already read stays valid after the journal is gone.
  EXPECT_EQ(held->prefixes, 7U);
  EXPECT_EQ(held->bytes->size(), 16U);
}

// One writer and four readers. Two readers keep up (the writer never runs more than a quarter of
// the journal ahead of them) and must read every entry in order. Two dawdle (they yield after
// every entry): for the first kEdgePhase entries the writer lets them fall back to exactly the
// oldest retained entry and no further, so they read at the edge the writer is trimming; after
// that they are on their own and must read a contiguous run in order until they finish or are
// lost. At the end the journal is destroyed under the dawdlers.
TEST(Journal, OneWriterFourReaders) {
  constexpr std::uint32_t kEntries = 100'000;
  constexpr std::uint32_t kEdgePhase = 20'000;  // entries during which dawdlers sit at the edge
  constexpr std::size_t kRetained = 1024;
  constexpr std::size_t kReaders = 4;
  constexpr std::size_t kFast = 2;
  auto journal = std::make_unique<Journal>(kRetained * Journal::cost(entry(0, 24)));

  struct Reader {
    Journal::Cursor cursor;
    std::atomic<std::uint64_t> position{0};
    std::atomic<bool> done{false};
    std::uint64_t read = 0;
    std::uint64_t errors = 0;
    bool lost = false;
  };
  std::vector<Reader> readers(kReaders);
  for (auto& r : readers)
    r.cursor = journal->tail();
  std::atomic<bool> writer_done{false};

  auto read_loop = [&writer_done](Reader& r, bool dawdle) {
    std::shared_ptr<const JournalEntry> out;
    std::uint64_t expected = r.cursor.position();
    while (true) {
      const bool finished = writer_done.load(std::memory_order_acquire);
      const Status s = r.cursor.next(out);
      if (s == Status::lost) {
        r.lost = true;
        break;
      }
      if (s == Status::empty) {
        if (finished) break;  // everything appended before `finished` was read
        std::this_thread::yield();
        continue;
      }
      const auto tag = static_cast<std::uint32_t>(expected);
      if (out->prefixes != tag || out->bytes->size() != 24 ||
          out->bytes->front() != static_cast<std::byte>(tag & 0xffU) ||
          out->bytes->back() != static_cast<std::byte>(tag & 0xffU)) {
        ++r.errors;
      }
      ++expected;
      ++r.read;
      if (r.cursor.position() != expected) ++r.errors;
      r.position.store(expected, std::memory_order_release);
      if (dawdle) std::this_thread::yield();
    }
    r.done.store(true, std::memory_order_release);
  };

  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < kReaders; ++i) {
    threads.emplace_back(read_loop, std::ref(readers[i]), i >= kFast);
  }

  // Waits until appending `seq` leaves reader `i` at most `lag` entries behind.
  auto wait_for = [&readers](std::size_t i, std::uint64_t seq, std::uint64_t lag) {
    while (seq + 1 - readers[i].position.load(std::memory_order_acquire) > lag &&
           !readers[i].done.load(std::memory_order_acquire)) {
      std::this_thread::yield();
    }
  };
  std::size_t over_budget = 0;
  for (std::uint32_t seq = 0; seq < kEntries; ++seq) {
    for (std::size_t i = 0; i < kReaders; ++i) {
      if (i < kFast) {
        wait_for(i, seq, kRetained / 4);
      } else if (seq < kEdgePhase) {
        wait_for(i, seq, kRetained);  // lag kRetained: its next entry is the oldest retained
      }
    }
    journal->append(entry(seq, 24));
    if (journal->entries() > kRetained) ++over_budget;
  }
  writer_done.store(true, std::memory_order_release);
  for (std::size_t i = 0; i < kFast; ++i) {
    while (!readers[i].done.load(std::memory_order_acquire))
      std::this_thread::yield();
  }
  journal.reset();  // the dawdlers may still be reading
  for (auto& t : threads)
    t.join();

  EXPECT_EQ(over_budget, 0U);
  for (std::size_t i = 0; i < kReaders; ++i) {
    const Reader& r = readers[i];
    EXPECT_EQ(r.errors, 0U) << "reader " << i;
    if (i < kFast) {
      EXPECT_FALSE(r.lost) << "reader " << i;
      EXPECT_EQ(r.read, kEntries) << "reader " << i;
    } else {
      EXPECT_TRUE(r.lost || r.read == kEntries) << "reader " << i;
      EXPECT_GE(r.read, kEdgePhase - kRetained) << "reader " << i;
    }
  }
}

}  // namespace
}  // namespace rr::engine
