// Notifier: the watcher registry and dispatch thread shared by both datastore backends. A backend
// posts events in revision order (DirStore while it holds its own lock, so the queue order is the
// commit order; EtcdStore from its watch thread); the notifier's own thread pops them and calls
// the watchers, never under a store lock. Owned by the store; any thread may call its methods.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "mgmt/store/store.hpp"

namespace mgmt::store {

class Notifier {
 public:
  Notifier();
  ~Notifier();
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;
  Notifier(Notifier&&) = delete;
  Notifier& operator=(Notifier&&) = delete;

  // Registers `watcher` for events whose revision is above `after_revision` (the store revision
  // at registration, so changes committed before it are not replayed).
  std::uint64_t add(Watcher watcher, std::uint64_t after_revision);
  // After remove() returns the watcher is not running and will not be called again, unless
  // remove() is called from inside a watcher (then only the "not called again" part holds).
  void remove(std::uint64_t id);
  // Queues an event; events must be posted in revision order.
  void post(Event event);
  // Blocks until every event posted so far has been delivered (tests, orderly shutdown).
  void drain();

 private:
  struct Entry {
    Watcher watcher;
    std::uint64_t after_revision = 0;
  };

  void run();

  std::mutex mutex_;  // guards queue_, watchers_, next_id_, stopping_, busy_
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<Event> queue_;
  std::map<std::uint64_t, std::shared_ptr<Entry>> watchers_;
  std::uint64_t next_id_ = 1;
  bool stopping_ = false;
  bool busy_ = false;
  std::mutex dispatch_mutex_;  // held while watchers run (remove() waits on it)
  std::thread thread_;
};

}  // namespace mgmt::store
