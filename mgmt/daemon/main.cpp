// rrd: one route-reflector node of a Calico cluster. This file wires every thread and queue of
// the daemon (DESIGN.md §2, §4):
//
//   datastore (embedded dir or etcd) ──watch──▶ Controller thread: load cluster ─▶ plan_for(node)
//        ▲                                        ─▶ translate ─▶ Engine::reconfigure (node
//        │ CRUD                                      settings) + SessionManager::apply (by
//   ApiServer thread (Boost.Beast, one io_context)   difference: unchanged sessions stay up)
//        │ status, RIB, plan queries                         │
//        ▼                                                   ▼
//   StatusService ──▶ SessionManager / Engine ◀── N event loops (rr::session::EventLoops): each
//                                                 runs its sessions and one RIB shard; the
//                                                 listener accepts on loop 0
//   main thread: signals (SIGTERM/SIGINT stop, SIGHUP resync), housekeeping every second:
//                metrics refresh, restart heartbeat, systemd watchdog, end of graceful restart.
//
// Usage: rrd [--config /etc/rrd/rrd.yaml] [--check-config] [--version]
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <memory>
#include <pthread.h>
#include <signal.h>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <prometheus/registry.h>

#include "mgmt/api/server.hpp"
#include "mgmt/daemon/cluster_loader.hpp"
#include "mgmt/daemon/controller.hpp"
#include "mgmt/daemon/daemon_config.hpp"
#include "mgmt/daemon/log.hpp"
#include "mgmt/daemon/metrics.hpp"
#include "mgmt/daemon/restart_marker.hpp"
#include "mgmt/daemon/status_service.hpp"
#include "mgmt/daemon/systemd_notify.hpp"
#include "mgmt/daemon/token.hpp"
#include "mgmt/store/dir_store.hpp"
#include "mgmt/store/etcd_store.hpp"
#include "rr/engine/engine.hpp"
#include "rr/session/event_loops.hpp"
#include "rr/session/listener.hpp"
#include "rr/session/session_manager.hpp"

namespace {

using namespace mgmt::daemon;  // NOLINT(google-build-using-namespace): the wiring file

constexpr const char* kDefaultConfig = "/etc/rrd/rrd.yaml";
// How long a restarted rrd holds its End-of-RIB markers waiting for its peers' (RFC 4724 §4.1).
constexpr std::chrono::seconds kRestartEorWait{60};
// A previous run that died this recently counts as a restart (Calico's default restart time).
constexpr std::chrono::seconds kRestartWindow{120};

void usage() {
  std::fprintf(stderr,
               "usage: rrd [--config FILE] [--check-config] [--version]\n"
               "  --config FILE    local settings (default %s)\n"
               "  --check-config   validate the settings file and exit\n",
               kDefaultConfig);
}

tl::expected<std::unique_ptr<mgmt::store::Store>, mgmt::store::Error> open_store(
    const DaemonConfig& c) {
  if (c.datastore == DaemonConfig::Datastore::etcd)
    return mgmt::store::open_etcd_store(c.etcd_endpoints);
  return mgmt::store::open_dir_store(c.datastore_path);
}

}  // namespace

int main(int argc, char** argv) {  // NOLINT(bugprone-exception-escape): start-up errors end it
  std::string config_path = kDefaultConfig;
  bool check_only = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--config" || arg == "-c") && i + 1 < argc) {
      config_path = argv[++i];
    } else if (arg.starts_with("--config=")) {
      config_path = arg.substr(9);
    } else if (arg == "--check-config") {
      check_only = true;
    } else if (arg == "--version") {
      std::printf("rrd %s\n", RRD_VERSION);
      return 0;
    } else {
      usage();
      return 2;
    }
  }

  auto loaded_config = load_daemon_config(config_path);
  if (!loaded_config) {
    std::fprintf(stderr, "rrd: %s\n", loaded_config.error().c_str());
    return 2;
  }
  const DaemonConfig cfg = std::move(*loaded_config);
  if (check_only) {
    std::printf("%s: ok (node %s)\n", config_path.c_str(), cfg.node.c_str());
    return 0;
  }
  LogLevel level{};
  if (parse_log_level(cfg.log_level, level)) set_log_level(level);

  // Signals are taken by the main thread only: block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  bool token_created = false;
  auto token = load_or_create_token(cfg.token_file, token_created);
  if (!token) {
    log_error("rrd", token.error());
    return 1;
  }
  if (token_created) log_info("rrd", "wrote a new API token to " + cfg.token_file.string());

  auto opened = open_store(cfg);
  if (!opened) {
    log_error("rrd", "datastore: " + opened.error().message);
    return 1;
  }
  std::unique_ptr<mgmt::store::Store> store = std::move(*opened);

  // The node's settings as the datastore has them now, to start the engine with.
  TranslationOptions translation_options{cfg.router_id, cfg.hold_time, cfg.update_delay_ms};
  Translation initial;
  if (auto cluster = load_cluster(*store)) {
    initial = translate(mgmt::peering::plan_for(cluster->state, cfg.node), translation_options);
  } else {
    log_warning("rrd", "datastore not readable yet: " + cluster.error().message);
    mgmt::peering::Plan empty;
    empty.node = cfg.node;
    initial = translate(empty, translation_options);
  }

  const unsigned threads =
      cfg.threads != 0 ? cfg.threads : std::max(1U, std::thread::hardware_concurrency());
  rr::session::EventLoops loops(threads);
  rr::engine::Engine engine(loops, initial.engine);
  rr::session::SessionManager sessions(loops, engine);
  rr::session::Listener listener(
      loops.loop(0), [&sessions](const rr::wire::IpAddress& a) { return sessions.find(a); });
  std::size_t listening = 0;
  for (const auto& address : cfg.listen_addresses) {
    const boost::asio::ip::tcp::endpoint ep(boost::asio::ip::make_address(address),
                                            cfg.listen_port);
    if (auto ec = listener.listen(ep)) {
      log_warning("rrd", "cannot listen on " + address + " port " +
                             std::to_string(cfg.listen_port) + ": " + ec.message());
    } else {
      ++listening;
    }
  }
  if (listening == 0) {
    log_error("rrd", "no BGP listen address could be bound (listen.addresses)");
    return 1;
  }
  sessions.attach_listener(&listener);

  RestartMarker marker(cfg.state_dir);
  bool restarting = false;
  if (auto ended = marker.previous_run_ended(); ended && *ended <= kRestartWindow) {
    restarting = true;
    log_info("rrd", "restarted " + std::to_string(ended->count()) +
                        " s after the previous run ended: graceful restart, holding End-of-RIB");
    sessions.set_restarting(true);
    engine.defer_end_of_rib(initial.peers.size(), kRestartEorWait);
  }
  if (!marker.beat())
    log_warning("rrd", "state_dir " + cfg.state_dir.string() + " is not writable");

  loops.start();
  ControllerOptions controller_options;
  controller_options.node = cfg.node;
  controller_options.translation = translation_options;
  Controller controller(*store, sessions, engine, controller_options);
  controller.start();

  prometheus::Registry registry;
  Metrics metrics(registry, sessions, engine, controller);
  StatusService status(cfg.node, loops, sessions, engine, controller, *store);

  boost::asio::io_context api_io;
  mgmt::api::ApiConfig api_config;
  api_config.bind_address = cfg.mgmt_address;
  api_config.port = cfg.mgmt_port;
  api_config.token = *token;
  mgmt::api::ApiServer api(api_io, api_config, *store, status, registry);
  try {
    api.start();
  } catch (const std::exception& e) {
    log_error("rrd", "ops API on " + cfg.mgmt_address + ":" + std::to_string(cfg.mgmt_port) + ": " +
                         e.what());
    controller.stop();
    sessions.stop_all("rrd failed to start");
    loops.stop();
    return 1;
  }
  std::thread api_thread([&api_io] { api_io.run(); });

  const std::string host = cfg.mgmt_address.find(':') != std::string::npos
                               ? "[" + cfg.mgmt_address + "]"
                               : cfg.mgmt_address;
  const std::string base = "http://" + host + ":" + std::to_string(api.port());
  log_info("rrd", std::string("rrd ") + RRD_VERSION + " running as node " + cfg.node +
                      ", BGP port " + std::to_string(cfg.listen_port) + ", " +
                      std::to_string(threads) + " event loops");
  log_info("rrd", "ops API " + base + "/apis/projectcalico.org/v3, metrics " + base + "/metrics");
  systemd_notify("READY=1");

  const auto watchdog = systemd_watchdog_interval();
  auto last_watchdog = std::chrono::steady_clock::now();
  int tick = 0;
  for (;;) {
    timespec timeout{1, 0};
    const int sig = sigtimedwait(&signals, nullptr, &timeout);
    if (sig == SIGTERM || sig == SIGINT) {
      log_info("rrd", std::string("stopping on ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT"));
      break;
    }
    if (sig == SIGHUP) controller.sync();
    metrics.refresh();
    if (++tick % 5 == 0) marker.beat();
    if (restarting && !engine.end_of_rib_deferred()) {
      restarting = false;
      sessions.set_restarting(false);
      log_info("rrd", "graceful restart complete: End-of-RIB sent to every peer");
    }
    if (watchdog && std::chrono::steady_clock::now() - last_watchdog >= *watchdog / 2) {
      if (status.live()) systemd_notify("WATCHDOG=1");
      last_watchdog = std::chrono::steady_clock::now();
    }
  }

  systemd_notify("STOPPING=1");
  controller.stop();
  api.stop();
  api_io.stop();
  api_thread.join();
  sessions.stop_all("rrd is shutting down");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  listener.close();
  loops.stop();
  marker.clear();
  return 0;
}
