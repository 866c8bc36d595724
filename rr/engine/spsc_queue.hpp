// An unbounded lock-free single-producer/single-consumer FIFO: the ring between one session event
// loop and one RIB shard (DESIGN.md §2, "lock-free single-producer rings, one per (I/O thread, RIB
// shard)").
//
// Shape. A singly linked list of fixed-size segments of `SegmentSize` slots. The producer fills
// the tail segment slot by slot; when it is full it links a new one (a recycled spare if the
// consumer left one, else a fresh allocation), so push() never blocks and never fails. The
// consumer empties the head segment slot by slot; once it has consumed every slot of a segment and
// sees that segment's `next` link, it moves on and recycles (or frees) the finished segment.
//
// Memory ordering. Each segment has one atomic counter, `committed`, written only by the
// producer: the number of its slots that hold a constructed value.
//   - push: construct the value in slot i (plain writes), then committed.store(i + 1, release).
//     The consumer's committed.load(acquire) that reads a value > i therefore happens-after the
//     construction, so it may read and then destroy slot i. The producer never touches a slot
//     below `committed` again.
//   - segment change: the producer constructs slot 0 of the new segment and sets its `committed`
//     to 1 *before* publishing the segment with tail->next.store(new, release). A consumer that
//     loads `next` (acquire) as non-null sees slot 0 and committed = 1 of the new segment, and
//     knows the producer has left the old segment for good (it only ever writes to its tail
//     segment, and the old segment is full), so the consumer may free or recycle it.
//   - recycling: the consumer hands a finished segment to the producer through one atomic pointer
//     `spare_` (exchange, acq_rel); the producer takes it with exchange(nullptr, acq_rel). The
//     segment's slots were all destroyed before the hand-over; the producer resets its fields
//     before it links it, and the release on `next` publishes those resets. At most one spare is
//     kept: a second one is freed.
//   - size_approx(): two relaxed counters (pushed, popped), each with one writer. Read from another
//     thread the difference is only an estimate (clamped at zero).
// Producer-owned and consumer-owned fields sit on separate cache lines; the consumer also caches
// the last `committed` it read so that it touches the shared line only when it runs out.
//
// Threads: push() on the one producer thread; try_pop(), drain() and empty() on the one consumer
// thread; size_approx() anywhere. The destructor must run when neither side is active; it destroys
// the values still queued.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

namespace rr::engine {

template <class T, std::size_t SegmentSize = 256>
class SpscQueue {
  static_assert(SegmentSize >= 2, "a segment holds at least two slots");

 public:
  SpscQueue() : head_(new Segment), tail_(head_) {}
  SpscQueue(const SpscQueue&) = delete;
  SpscQueue& operator=(const SpscQueue&) = delete;
  SpscQueue(SpscQueue&&) = delete;
  SpscQueue& operator=(SpscQueue&&) = delete;

  ~SpscQueue() {
    Segment* seg = head_;
    std::size_t index = head_index_;
    while (seg != nullptr) {
      const std::size_t end = seg->committed.load(std::memory_order_acquire);
      for (; index < end; ++index)
        std::destroy_at(&seg->slots[index].value);
      Segment* next = seg->next.load(std::memory_order_acquire);
      delete seg;
      seg = next;
      index = 0;
    }
    delete spare_.load(std::memory_order_acquire);
  }

  // Producer thread only. Never blocks; allocates a segment every SegmentSize pushes at most.
  void push(T value) {
    if (tail_index_ == SegmentSize) {
      Segment* seg = spare_.exchange(nullptr, std::memory_order_acq_rel);
      if (seg == nullptr) {
        seg = new Segment;  // default-init: the slots stay raw
      } else {
        seg->next.store(nullptr, std::memory_order_relaxed);
      }
      std::construct_at(&seg->slots[0].value, std::move(value));
      seg->committed.store(1, std::memory_order_relaxed);  // published by the release below
      tail_->next.store(seg, std::memory_order_release);
      tail_ = seg;
      tail_index_ = 1;
    } else {
      std::construct_at(&tail_->slots[tail_index_].value, std::move(value));
      ++tail_index_;
      tail_->committed.store(tail_index_, std::memory_order_release);
    }
    pushed_.store(pushed_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }

  // Consumer thread only. Moves the oldest value into `out`; false when the queue is empty.
  bool try_pop(T& out) {
    T* slot = front();
    if (slot == nullptr) return false;
    out = std::move(*slot);
    pop_front();
    return true;
  }

  // Consumer thread only. Pops up to `max` values in order, calling f(T&&) for each; returns how
  // many were popped. Values pushed while drain() runs may or may not be included.
  template <class F>
  std::size_t drain(F&& f, std::size_t max = SIZE_MAX) {
    std::size_t n = 0;
    while (n < max) {
      T* slot = front();
      if (slot == nullptr) break;
      // The slot is destroyed and the queue advanced even if f throws.
      PopGuard guard(this);
      f(std::move(*slot));
      ++n;
    }
    return n;
  }

  // Consumer thread only (from another thread the answer is a guess).
  [[nodiscard]] bool empty() const {
    if (head_index_ < head_limit_) return false;
    if (head_index_ < head_->committed.load(std::memory_order_acquire)) return false;
    return head_index_ < SegmentSize || head_->next.load(std::memory_order_acquire) == nullptr;
  }

  // Any thread: pushed minus popped, from relaxed counters.
  [[nodiscard]] std::size_t size_approx() const {
    const std::size_t popped = popped_.load(std::memory_order_relaxed);
    const std::size_t pushed = pushed_.load(std::memory_order_relaxed);
    return pushed > popped ? pushed - popped : 0;
  }

 private:
  // A slot is raw storage for one T: the union leaves `value` unconstructed until push().
  union Slot {
    Slot() {}   // leaves `value` unconstructed (`= default` would be deleted)
    ~Slot() {}  // the queue destroys `value` explicitly
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    Slot(Slot&&) = delete;
    Slot& operator=(Slot&&) = delete;
    T value;
  };

  struct Segment {
    std::atomic<std::size_t> committed{0};  // producer writes; slots [0, committed) hold values
    std::atomic<Segment*> next{nullptr};    // producer writes once, when this segment is full
    Slot slots[SegmentSize];
  };

  // Consumer: the oldest value, or nullptr. Steps onto the next segment when the head one is
  // finished, recycling it.
  T* front() {
    if (head_index_ == head_limit_) {
      if (head_index_ == SegmentSize) {
        Segment* next = head_->next.load(std::memory_order_acquire);
        if (next == nullptr) return nullptr;
        retire(head_);
        head_ = next;
        head_index_ = 0;
      }
      head_limit_ = head_->committed.load(std::memory_order_acquire);
      if (head_index_ == head_limit_) return nullptr;
    }
    return &head_->slots[head_index_].value;
  }

  // Consumer: destroys the value front() returned and advances.
  void pop_front() {
    std::destroy_at(&head_->slots[head_index_].value);
    ++head_index_;
    popped_.store(popped_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }

  struct PopGuard {
    explicit PopGuard(SpscQueue* q) : queue(q) {}
    PopGuard(const PopGuard&) = delete;
    PopGuard& operator=(const PopGuard&) = delete;
    ~PopGuard() { queue->pop_front(); }
    SpscQueue* queue;
  };

  // Consumer: hands a finished segment (all slots destroyed) back to the producer, keeping at
  // most one spare.
  void retire(Segment* seg) {
    seg->committed.store(0, std::memory_order_relaxed);  // published by the exchange below
    delete spare_.exchange(seg, std::memory_order_acq_rel);
  }

  static constexpr std::size_t kCacheLine = 64;

  // Consumer-owned.
  alignas(kCacheLine) Segment* head_;
  std::size_t head_index_ = 0;  // next slot to pop in head_
  std::size_t head_limit_ = 0;  // head_->committed as last read
  std::atomic<std::size_t> popped_{0};

  // Producer-owned.
  alignas(kCacheLine) Segment* tail_;
  std::size_t tail_index_ = 0;  // next slot to fill in tail_ (== tail_->committed)
  std::atomic<std::size_t> pushed_{0};

  // Shared: the recycled segment, if any.
  alignas(kCacheLine) std::atomic<Segment*> spare_{nullptr};
};

}  // namespace rr::engine
