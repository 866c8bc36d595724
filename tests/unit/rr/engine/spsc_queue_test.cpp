// SpscQueue: FIFO order within and across segments, move-only values, destruction of what is left,
// and a two-thread run that checks order under real concurrency.
#include "rr/engine/spsc_queue.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

namespace rr::engine {
namespace {

// Counts live instances, so that a test can see every value destroyed exactly once.
class Counted {
 public:
  explicit Counted(int v) : value_(v) { live.fetch_add(1, std::memory_order_relaxed); }
  Counted(const Counted&) = delete;
  Counted& operator=(const Counted&) = delete;
  Counted(Counted&& other) noexcept : value_(other.value_) {
    live.fetch_add(1, std::memory_order_relaxed);
  }
  Counted& operator=(Counted&& other) noexcept {
    value_ = other.value_;
    return *this;
  }
  ~Counted() { live.fetch_sub(1, std::memory_order_relaxed); }

  [[nodiscard]] int value() const { return value_; }

  static inline std::atomic<int> live{0};

 private:
  int value_;
};

TEST(SpscQueue, PopsInPushOrder) {
  SpscQueue<int> q;
  EXPECT_TRUE(q.empty());
  int out = -1;
  EXPECT_FALSE(q.try_pop(out));
  for (int i = 0; i < 10; ++i)
    q.push(i);
  EXPECT_FALSE(q.empty());
  EXPECT_EQ(q.size_approx(), 10U);
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(q.try_pop(out));
    EXPECT_EQ(out, i);
  }
  EXPECT_FALSE(q.try_pop(out));
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.size_approx(), 0U);
}

TEST(SpscQueue, KeepsOrderAcrossSegmentBoundaries) {
  // Four-slot segments: every fifth push links a new segment, and pops retire old ones while
  // the producer is still ahead.
  SpscQueue<int, 4> q;
  int next_push = 0;
  int next_pop = 0;
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < round % 11; ++i)
      q.push(next_push++);
    for (int i = 0; i < round % 7; ++i) {
      int out = -1;
      if (!q.try_pop(out)) break;
      ASSERT_EQ(out, next_pop++);
    }
    ASSERT_EQ(q.size_approx(), static_cast<std::size_t>(next_push - next_pop));
    ASSERT_EQ(q.empty(), next_push == next_pop);
  }
  int out = -1;
  while (q.try_pop(out))
    ASSERT_EQ(out, next_pop++);
  EXPECT_EQ(next_pop, next_push);
  EXPECT_TRUE(q.empty());
  // Exactly full segment, then empty: the next push must go to a fresh (or recycled) segment.
  for (int i = 0; i < 4; ++i)
    q.push(i);
  for (int i = 0; i < 4; ++i)
    ASSERT_TRUE(q.try_pop(out));
  EXPECT_TRUE(q.empty());
  q.push(99);
  EXPECT_FALSE(q.empty());
  ASSERT_TRUE(q.try_pop(out));
  EXPECT_EQ(out, 99);
}

TEST(SpscQueue, DrainRespectsMaxAndOrder) {
  SpscQueue<int, 8> q;
  for (int i = 0; i < 100; ++i)
    q.push(i);
  std::vector<int> seen;
  EXPECT_EQ(q.drain([&](int&& v) { seen.push_back(v); }, 30), 30U);
  EXPECT_EQ(seen.size(), 30U);
  EXPECT_EQ(q.size_approx(), 70U);
  EXPECT_EQ(q.drain([&](int&& v) { seen.push_back(v); }), 70U);
  EXPECT_EQ(q.drain([&](int&& v) { seen.push_back(v); }), 0U);
  ASSERT_EQ(seen.size(), 100U);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(seen[static_cast<std::size_t>(i)], i);
}

TEST(SpscQueue, CarriesMoveOnlyValues) {
  using Event = std::variant<std::vector<std::uint32_t>, std::shared_ptr<const std::string>,
                             std::unique_ptr<int>>;
  SpscQueue<Event, 4> q;
  auto shared = std::make_shared<const std::string>("attrs");
  for (int i = 0; i < 9; ++i) {
    switch (i % 3) {
      case 0:
        q.push(std::vector<std::uint32_t>(static_cast<std::size_t>(i), 7U));
        break;
      case 1:
        q.push(shared);
        break;
      default:
        q.push(std::make_unique<int>(i));
        break;
    }
  }
  EXPECT_EQ(shared.use_count(), 4);
  Event out;
  for (int i = 0; i < 9; ++i) {
    ASSERT_TRUE(q.try_pop(out));
    ASSERT_EQ(out.index(), static_cast<std::size_t>(i % 3));
    if (i % 3 == 0) {
      EXPECT_EQ(std::get<0>(out).size(), static_cast<std::size_t>(i));
    } else if (i % 3 == 1) {
      EXPECT_EQ(std::get<1>(out), shared);
    } else {
      EXPECT_EQ(*std::get<2>(out), i);
    }
  }
  out = std::vector<std::uint32_t>{};
  EXPECT_EQ(shared.use_count(), 1);  // popped slots were destroyed, not just moved from

  q.push(std::make_unique<int>(5));
  std::size_t drained = q.drain([](Event&& e) {
    auto p = std::get<std::unique_ptr<int>>(std::move(e));
    EXPECT_EQ(*p, 5);
  });
  EXPECT_EQ(drained, 1U);
}

TEST(SpscQueue, DestructorDestroysWhatIsLeft) {
  ASSERT_EQ(Counted::live.load(), 0);
  {
    SpscQueue<Counted, 4> q;
    for (int i = 0; i < 23; ++i)
      q.push(Counted(i));
    EXPECT_EQ(Counted::live.load(), 23);
    std::size_t popped = q.drain([](Counted&& c) { EXPECT_GE(c.value(), 0); }, 9);
    EXPECT_EQ(popped, 9U);
    EXPECT_EQ(Counted::live.load(), 14);
    Counted out(-1);
    ASSERT_TRUE(q.try_pop(out));
    EXPECT_EQ(out.value(), 9);
    EXPECT_EQ(Counted::live.load(), 14);  // 13 queued + `out`
  }
  EXPECT_EQ(Counted::live.load(), 0);
  {
    SpscQueue<Counted> untouched;
    untouched.push(Counted(1));
  }
  EXPECT_EQ(Counted::live.load(), 0);
}

TEST(SpscQueue, DrainAdvancesEvenWhenTheCallbackThrows) {
  SpscQueue<Counted, 4> q;
  for (int i = 0; i < 6; ++i)
    q.push(Counted(i));
  EXPECT_THROW(q.drain([](Counted&& c) {
    if (c.value() == 2) throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(q.size_approx(), 3U);
  EXPECT_EQ(Counted::live.load(), 3);
  Counted out(-1);
  ASSERT_TRUE(q.try_pop(out));
  EXPECT_EQ(out.value(), 3);
}

TEST(SpscQueue, TwoThreadsKeepOrder) {
  constexpr std::uint64_t kCount = 5'000'000;
  SpscQueue<std::uint64_t> q;
  std::thread producer([&q] {
    std::uint64_t next = 0;
    std::uint64_t burst = 1;
    while (next < kCount) {
      // Bursts of 1..4096 values, then a pause, so that the consumer sees both a queue that runs
      // dry and one that is many segments ahead.
      for (std::uint64_t i = 0; i < burst && next < kCount; ++i)
        q.push(next++);
      burst = (burst * 7 + 3) % 4096 + 1;
      if (burst % 5 == 0) std::this_thread::yield();
    }
  });
  std::uint64_t expected = 0;
  std::uint64_t errors = 0;
  std::uint64_t value = 0;
  while (expected < kCount) {
    std::size_t n = q.drain(
        [&](std::uint64_t&& v) {
          if (v != expected) ++errors;
          expected = v + 1;
        },
        1000);
    if (n == 0 && q.try_pop(value)) {
      if (value != expected) ++errors;
      expected = value + 1;
    } else if (n == 0) {
      std::this_thread::yield();
    }
  }
  producer.join();
  EXPECT_EQ(errors, 0U);
  EXPECT_EQ(expected, kCount);
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.size_approx(), 0U);
}

TEST(SpscQueue, TwoThreadsHandOverHeapValues) {
  // Values that own memory: the consumer must see what the producer constructed (TSan and ASan
  // check the hand-over), and recycled segments must come back clean.
  constexpr std::uint32_t kCount = 300'000;
  SpscQueue<std::vector<std::uint32_t>, 16> q;
  std::thread producer([&q] {
    for (std::uint32_t i = 0; i < kCount; ++i)
      q.push(std::vector<std::uint32_t>(1 + i % 5, i));
  });
  std::uint32_t expected = 0;
  std::uint32_t errors = 0;
  while (expected < kCount) {
    std::size_t n = q.drain([&](std::vector<std::uint32_t>&& v) {
      if (v.size() != 1 + expected % 5 || v.front() != expected || v.back() != expected) ++errors;
      ++expected;
    });
    if (n == 0) std::this_thread::yield();
  }
  producer.join();
  EXPECT_EQ(errors, 0U);
}

}  // namespace
}  // namespace rr::engine
