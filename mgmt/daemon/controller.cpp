#include "mgmt/daemon/controller.hpp"

#include "mgmt/daemon/cluster_loader.hpp"
#include "mgmt/daemon/log.hpp"

namespace mgmt::daemon {
namespace {

bool same_engine_settings(const rr::engine::EngineConfig& a, const rr::engine::EngineConfig& b) {
  return a.local_as == b.local_as && a.router_id == b.router_id &&
         a.cluster_id.value_or(a.router_id) == b.cluster_id.value_or(b.router_id);
}

}  // namespace

Controller::Controller(store::Store& store, rr::session::SessionManager& sessions,
                       rr::engine::Engine& engine, ControllerOptions options)
    : store_(store), sessions_(sessions), engine_(engine), options_(std::move(options)) {}

Controller::~Controller() {
  stop();
}

bool Controller::start() {
  watch_id_ = store_.watch([this](const store::Event&) {
    {
      const std::lock_guard lock(mu_);
      dirty_ = true;
      ++requested_;
    }
    cv_.notify_all();
  });
  watching_ = true;
  const bool ok = reconcile();
  thread_ = std::thread([this] { run(); });
  return ok;
}

void Controller::stop() {
  {
    const std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  done_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (watching_) store_.unwatch(watch_id_);
  watching_ = false;
}

std::shared_ptr<const AppliedState> Controller::applied() const {
  const std::lock_guard lock(mu_);
  return applied_;
}

ControllerStats Controller::stats() const {
  const std::lock_guard lock(mu_);
  return stats_;
}

void Controller::sync() {
  std::unique_lock lock(mu_);
  const auto target = ++requested_;
  dirty_ = true;
  cv_.notify_all();
  done_cv_.wait(lock, [&] { return stopping_ || completed_ >= target; });
}

void Controller::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, options_.resync, [this] { return stopping_ || dirty_; });
    if (stopping_) break;
    // Let a burst of changes settle, then take it as one.
    lock.unlock();
    std::this_thread::sleep_for(options_.debounce);
    lock.lock();
    dirty_ = false;
    const auto covers = requested_;
    lock.unlock();
    const bool ok = reconcile();
    lock.lock();
    if (ok) {
      completed_ = covers;
      done_cv_.notify_all();
    } else {
      // The datastore is away: try again after a pause (watchers may be gone with it).
      dirty_ = true;
      cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
    }
  }
}

bool Controller::reconcile() {
  auto loaded = load_cluster(store_);
  if (!loaded) {
    log_warning("controller", "datastore unavailable: " + loaded.error().message);
    const std::lock_guard lock(mu_);
    ++stats_.store_errors;
    return false;
  }
  auto state = std::make_shared<AppliedState>();
  state->cluster = std::make_shared<const peering::ClusterState>(std::move(loaded->state));
  state->revision = loaded->revision;
  state->rejected = std::move(loaded->rejected);
  state->plan = peering::plan_for(*state->cluster, options_.node);
  state->translation = translate(state->plan, options_.translation);
  state->applied_at = std::chrono::system_clock::now();

  const auto previous = applied();
  if (!previous || previous->rejected != state->rejected) {
    for (const auto& r : state->rejected)
      log_warning("controller", "ignoring an invalid object in the datastore: " + r);
  }
  if (!previous || previous->plan.warnings != state->plan.warnings ||
      previous->translation.warnings != state->translation.warnings) {
    for (const auto& w : state->plan.warnings)
      log_warning("peering", w);
    for (const auto& w : state->translation.warnings)
      log_warning("peering", w);
  }
  if (!state->plan.node_found && (!previous || previous->plan.node_found)) {
    log_warning("controller", "Node " + options_.node +
                                  " is not in the datastore: no sessions until it is created");
  }

  if (!same_engine_settings(engine_.config(), state->translation.engine)) {
    const auto& e = state->translation.engine;
    log_info("controller", "node settings: AS " + std::to_string(e.local_as) + ", router ID " +
                               e.router_id.to_string() + ", cluster ID " +
                               e.cluster_id.value_or(e.router_id).to_string());
    engine_.reconfigure(e);
  }
  const auto result = sessions_.apply(state->translation.peers);
  if (result.added + result.removed + result.changed > 0) {
    log_info("controller", "revision " + std::to_string(state->revision) + ": " +
                               std::to_string(result.added) + " sessions added, " +
                               std::to_string(result.removed) + " removed, " +
                               std::to_string(result.changed) + " changed, " +
                               std::to_string(result.unchanged) + " unchanged");
  }
  const std::lock_guard lock(mu_);
  ++stats_.reconciles;
  stats_.sessions_added += result.added;
  stats_.sessions_removed += result.removed;
  stats_.sessions_changed += result.changed;
  applied_ = std::move(state);
  return true;
}

}  // namespace mgmt::daemon
