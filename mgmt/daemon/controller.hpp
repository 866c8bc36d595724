// The reconciliation loop: datastore -> cluster state -> this node's peering plan -> the
// sessions and engine settings that run.
//
// The controller owns one thread. A datastore watch only marks the state dirty; the thread
// waits a short debounce (so a burst of changes is applied once), reloads the cluster, computes
// the plan of rrd's own node, translates it, and applies it: SessionManager::apply touches only
// sessions whose configuration changed, so an unrelated change never flaps a session. It also
// resynchronises periodically, which covers a watch lost while the datastore was away.
//
// Readers on other threads (the HTTP API, metrics) take immutable snapshots.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "mgmt/daemon/plan_translation.hpp"
#include "mgmt/peering/peering.hpp"
#include "mgmt/store/store.hpp"
#include "rr/engine/engine.hpp"
#include "rr/session/session_manager.hpp"

namespace mgmt::daemon {

struct ControllerOptions {
  std::string node;
  TranslationOptions translation;
  std::chrono::milliseconds debounce{20};
  std::chrono::milliseconds resync{10000};
};

// What was last applied; immutable once published.
struct AppliedState {
  std::shared_ptr<const peering::ClusterState> cluster;
  peering::Plan plan;
  Translation translation;
  std::uint64_t revision = 0;
  std::vector<std::string> rejected;  // objects in the datastore that do not decode
  std::chrono::system_clock::time_point applied_at;
};

struct ControllerStats {
  std::uint64_t reconciles = 0;
  std::uint64_t sessions_added = 0;
  std::uint64_t sessions_removed = 0;
  std::uint64_t sessions_changed = 0;
  std::uint64_t store_errors = 0;
};

class Controller {
 public:
  Controller(store::Store& store, rr::session::SessionManager& sessions, rr::engine::Engine& engine,
             ControllerOptions options);
  ~Controller();
  Controller(const Controller&) = delete;
  Controller& operator=(const Controller&) = delete;

  // Applies the datastore's current state once (on the calling thread), then starts watching.
  // Returns false when the datastore could not be read (the thread keeps retrying).
  bool start();
  void stop();

  // Any thread.
  [[nodiscard]] std::shared_ptr<const AppliedState> applied() const;
  [[nodiscard]] ControllerStats stats() const;
  // Blocks until everything the datastore held when called has been applied (tests, rrctl).
  void sync();

 private:
  bool reconcile();
  void run();

  store::Store& store_;
  rr::session::SessionManager& sessions_;
  rr::engine::Engine& engine_;
  ControllerOptions options_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool dirty_ = false;
  bool stopping_ = false;
  std::uint64_t requested_ = 0;  // bumped by each watch event and sync()
  std::uint64_t completed_ = 0;  // the request count the last reconcile covered
  std::condition_variable done_cv_;
  std::shared_ptr<const AppliedState> applied_;
  ControllerStats stats_;
  std::uint64_t watch_id_ = 0;
  bool watching_ = false;
  std::thread thread_;
};

}  // namespace mgmt::daemon
