#include "mgmt/store/notifier.hpp"

#include <utility>
#include <vector>

namespace mgmt::store {

Notifier::Notifier() : thread_([this] { run(); }) {}

Notifier::~Notifier() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

std::uint64_t Notifier::add(Watcher watcher, std::uint64_t after_revision) {
  auto entry = std::make_shared<Entry>(Entry{std::move(watcher), after_revision});
  const std::lock_guard lock(mutex_);
  const std::uint64_t id = next_id_++;
  watchers_.emplace(id, std::move(entry));
  return id;
}

void Notifier::remove(std::uint64_t id) {
  {
    const std::lock_guard lock(mutex_);
    watchers_.erase(id);
  }
  if (std::this_thread::get_id() != thread_.get_id()) {
    // Wait for a dispatch that may still be running the removed watcher.
    const std::lock_guard dispatch(dispatch_mutex_);
  }
}

void Notifier::post(Event event) {
  {
    const std::lock_guard lock(mutex_);
    queue_.push_back(std::move(event));
  }
  wake_.notify_one();
}

void Notifier::drain() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return (queue_.empty() && !busy_) || stopping_; });
}

void Notifier::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) break;
    Event event = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    std::vector<std::pair<std::uint64_t, std::shared_ptr<Entry>>> targets(watchers_.begin(),
                                                                          watchers_.end());
    lock.unlock();
    {
      const std::lock_guard dispatch(dispatch_mutex_);
      for (const auto& [id, entry] : targets) {
        if (event.object.revision <= entry->after_revision) continue;
        {
          // Skip watchers removed while earlier ones of this event ran.
          const std::lock_guard check(mutex_);
          if (watchers_.find(id) == watchers_.end()) continue;
        }
        entry->watcher(event);
      }
    }
    lock.lock();
    busy_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
  busy_ = false;
  idle_.notify_all();
}

}  // namespace mgmt::store
