// rrd's Prometheus metrics: sessions (state, prefixes, messages, flaps), the RIB (prefixes,
// paths, interned attribute sets, loop drops, update groups, journal bytes) and the
// configuration (revision, reconciles, invalid objects). The ops API serves the registry at
// /metrics.
//
// Values live in the sessions, the engine and the controller; refresh() copies them into the
// registry. The daemon's housekeeping thread calls it every second; nothing else does.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include "mgmt/daemon/controller.hpp"
#include "rr/engine/engine.hpp"
#include "rr/session/session_manager.hpp"

namespace mgmt::daemon {

class Metrics {
 public:
  Metrics(prometheus::Registry& registry, rr::session::SessionManager& sessions,
          rr::engine::Engine& engine, Controller& controller);
  void refresh();

 private:
  struct PeerSeries {
    prometheus::Gauge* up = nullptr;
    prometheus::Gauge* prefixes_received = nullptr;
    prometheus::Gauge* prefixes_sent = nullptr;
    prometheus::Counter* updates_received = nullptr;
    prometheus::Counter* updates_sent = nullptr;
    prometheus::Counter* notifications_received = nullptr;
    prometheus::Counter* notifications_sent = nullptr;
    prometheus::Counter* flaps = nullptr;
    prometheus::Counter* hold_timer_expiries = nullptr;
    // What the counters above were last advanced to.
    std::uint64_t last_updates_in = 0, last_updates_out = 0, last_notif_in = 0, last_notif_out = 0,
                  last_flaps = 0, last_hold = 0;
  };
  void remove(PeerSeries& p);

  rr::session::SessionManager& sessions_;
  rr::engine::Engine& engine_;
  Controller& controller_;

  prometheus::Family<prometheus::Gauge>& sessions_by_state_;
  prometheus::Family<prometheus::Gauge>& peer_up_;
  prometheus::Family<prometheus::Gauge>& prefixes_received_;
  prometheus::Family<prometheus::Gauge>& prefixes_sent_;
  prometheus::Family<prometheus::Counter>& updates_received_;
  prometheus::Family<prometheus::Counter>& updates_sent_;
  prometheus::Family<prometheus::Counter>& notifications_received_;
  prometheus::Family<prometheus::Counter>& notifications_sent_;
  prometheus::Family<prometheus::Counter>& flaps_;
  prometheus::Family<prometheus::Counter>& hold_timer_expiries_;
  prometheus::Gauge& rib_prefixes_;
  prometheus::Gauge& rib_paths_;
  prometheus::Gauge& attribute_sets_;
  prometheus::Gauge& rejected_loops_;
  prometheus::Gauge& update_groups_;
  prometheus::Gauge& journal_bytes_;
  prometheus::Gauge& rewalks_;
  prometheus::Gauge& config_revision_;
  prometheus::Gauge& config_invalid_objects_;
  prometheus::Gauge& config_reconciles_;
  prometheus::Gauge& config_sessions_planned_;
  std::map<std::string, PeerSeries> peers_;  // by session name
};

}  // namespace mgmt::daemon
