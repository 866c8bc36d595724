// Journal: see journal.hpp for the slot chain and the argument for why it needs no lock.
#include "rr/engine/journal.hpp"

#include <utility>

namespace rr::engine {

Journal::Cursor::Cursor(Cursor&& other) noexcept
    : slot_(std::move(other.slot_)),
      position_(other.position_),
      attached_(std::exchange(other.attached_, false)) {}

Journal::Cursor& Journal::Cursor::operator=(Cursor&& other) noexcept {
  if (this != &other) {
    slot_ = std::move(other.slot_);
    position_ = other.position_;
    attached_ = std::exchange(other.attached_, false);
  }
  return *this;
}

Journal::Cursor::Status Journal::Cursor::next(std::shared_ptr<const JournalEntry>& out) {
  // Own the slot for the duration of the call; fails once the writer has let go of it.
  const std::shared_ptr<Slot> slot = slot_.lock();
  if (!slot) {
    slot_.reset();
    attached_ = false;
    return Status::lost;
  }
  // Acquire pairs with the release in append(): `entry` and `next` are complete and immutable.
  if (!slot->published.load(std::memory_order_acquire)) return Status::empty;
  out = slot->entry;
  slot_ = slot->next;
  ++position_;
  return Status::entry;
}

Journal::Journal(std::size_t max_bytes) : max_bytes_(max_bytes), tail_(std::make_shared<Slot>()) {}

Journal::~Journal() = default;

void Journal::append(JournalEntry entry) {
  auto next = std::make_shared<Slot>();
  Slot& slot = *tail_;
  slot.cost = cost(entry);
  slot.entry = std::make_shared<const JournalEntry>(std::move(entry));
  slot.next = next;
  slot.published.store(true, std::memory_order_release);

  bytes_.store(bytes_.load(std::memory_order_relaxed) + slot.cost, std::memory_order_relaxed);
  retained_.push_back(std::exchange(tail_, std::move(next)));
  ++next_sequence_;
  trim();
}

Journal::Cursor Journal::tail() const {
  return Cursor(tail_, next_sequence_);
}

void Journal::trim() {
  std::size_t total = bytes_.load(std::memory_order_relaxed);
  while (total > max_bytes_ && retained_.size() > 1) {
    total -= retained_.front()->cost;
    // Dropping the writer's reference ends the slot for every cursor that has not passed it; a
    // reader inside next() may still hold it for a moment and then frees it itself.
    retained_.pop_front();
  }
  bytes_.store(total, std::memory_order_relaxed);
}

}  // namespace rr::engine
