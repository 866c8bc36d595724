// The daemon's answers to the ops API's status questions (mgmt/api/status_provider.hpp): session
// status in the shape `calicoctl node status` needs, RIB and Adj-RIB-Out inspection, dry-run
// plans for any node, readiness and liveness.
//
// Reads sessions' lock-free counters and the controller's snapshots directly; RIB queries go
// through the engine, which asks every shard on its own loop. Runs on the API's thread.
#pragma once

#include <chrono>
#include <string>

#include "mgmt/api/status_provider.hpp"
#include "mgmt/daemon/controller.hpp"
#include "mgmt/store/store.hpp"
#include "rr/engine/engine.hpp"
#include "rr/session/event_loops.hpp"
#include "rr/session/session_manager.hpp"

namespace mgmt::daemon {

class StatusService final : public api::StatusProvider {
 public:
  StatusService(std::string node, rr::session::EventLoops& loops,
                rr::session::SessionManager& sessions, rr::engine::Engine& engine,
                Controller& controller, store::Store& store);

  nlohmann::json peers() override;
  nlohmann::json status() override;
  nlohmann::json rib(std::string_view prefix) override;
  std::optional<nlohmann::json> adj_rib_out(std::string_view peer) override;
  tl::expected<nlohmann::json, std::string> plan(std::string_view node) override;
  bool ready() override;
  bool live() override;

 private:
  std::string node_;
  rr::session::EventLoops& loops_;
  rr::session::SessionManager& sessions_;
  rr::engine::Engine& engine_;
  Controller& controller_;
  store::Store& store_;  // plans are computed from the datastore as it is now
  std::chrono::system_clock::time_point started_ = std::chrono::system_clock::now();
};

}  // namespace mgmt::daemon
