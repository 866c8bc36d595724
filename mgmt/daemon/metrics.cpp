#include "mgmt/daemon/metrics.hpp"

#include <array>
#include <set>

namespace mgmt::daemon {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;

prometheus::Family<prometheus::Gauge>& gauge(prometheus::Registry& r, const std::string& name,
                                             const std::string& help) {
  return BuildGauge().Name(name).Help(help).Register(r);
}

prometheus::Family<prometheus::Counter>& counter(prometheus::Registry& r, const std::string& name,
                                                 const std::string& help) {
  return BuildCounter().Name(name).Help(help).Register(r);
}

void advance(prometheus::Counter* c, std::uint64_t now, std::uint64_t& last) {
  if (now > last) c->Increment(static_cast<double>(now - last));
  last = now;
}

constexpr std::array<rr::session::State, 6> kStates{
    rr::session::State::idle,         rr::session::State::connect,
    rr::session::State::active,       rr::session::State::open_sent,
    rr::session::State::open_confirm, rr::session::State::established};

}  // namespace

Metrics::Metrics(prometheus::Registry& registry, rr::session::SessionManager& sessions,
                 rr::engine::Engine& engine, Controller& controller)
    : sessions_(sessions),
      engine_(engine),
      controller_(controller),
      sessions_by_state_(gauge(registry, "rrd_bgp_sessions", "BGP sessions by FSM state")),
      peer_up_(gauge(registry, "rrd_bgp_session_up", "1 when the session is Established")),
      prefixes_received_(
          gauge(registry, "rrd_bgp_prefixes_received", "Prefixes in the peer's Adj-RIB-In")),
      prefixes_sent_(gauge(registry, "rrd_bgp_prefixes_sent", "Prefixes announced to the peer")),
      updates_received_(
          counter(registry, "rrd_bgp_updates_received_total", "UPDATE messages received")),
      updates_sent_(counter(registry, "rrd_bgp_updates_sent_total", "UPDATE messages sent")),
      notifications_received_(counter(registry, "rrd_bgp_notifications_received_total",
                                      "NOTIFICATION messages received")),
      notifications_sent_(
          counter(registry, "rrd_bgp_notifications_sent_total", "NOTIFICATION messages sent")),
      flaps_(counter(registry, "rrd_bgp_session_flaps_total", "Established sessions lost")),
      hold_timer_expiries_(counter(registry, "rrd_bgp_hold_timer_expiries_total",
                                   "Sessions dropped because the hold timer expired")),
      rib_prefixes_(
          gauge(registry, "rrd_rib_prefixes", "Loc-RIB prefixes with a best path").Add({})),
      rib_paths_(gauge(registry, "rrd_rib_paths", "Adj-RIB-In paths").Add({})),
      attribute_sets_(
          gauge(registry, "rrd_rib_attribute_sets", "Interned path-attribute sets").Add({})),
      rejected_loops_(gauge(registry, "rrd_rib_loop_rejected_paths",
                            "Paths dropped by the ORIGINATOR_ID/CLUSTER_LIST/AS_PATH loop checks")
                          .Add({})),
      update_groups_(gauge(registry, "rrd_update_groups", "Update groups").Add({})),
      journal_bytes_(
          gauge(registry, "rrd_journal_bytes", "Bytes held in the output journals").Add({})),
      rewalks_(gauge(registry, "rrd_rewalks", "Peers served by a private re-walk").Add({})),
      config_revision_(
          gauge(registry, "rrd_config_revision", "Datastore revision of the applied configuration")
              .Add({})),
      config_invalid_objects_(gauge(registry, "rrd_config_invalid_objects",
                                    "Datastore objects ignored because they do not validate")
                                  .Add({})),
      config_reconciles_(gauge(registry, "rrd_config_reconciles",
                               "Times the configuration was recomputed and applied")
                             .Add({})),
      config_sessions_planned_(gauge(registry, "rrd_config_sessions_planned",
                                     "Sessions the peering plan of this node asks for")
                                   .Add({})) {}

void Metrics::remove(PeerSeries& p) {
  peer_up_.Remove(p.up);
  prefixes_received_.Remove(p.prefixes_received);
  prefixes_sent_.Remove(p.prefixes_sent);
  updates_received_.Remove(p.updates_received);
  updates_sent_.Remove(p.updates_sent);
  notifications_received_.Remove(p.notifications_received);
  notifications_sent_.Remove(p.notifications_sent);
  flaps_.Remove(p.flaps);
  hold_timer_expiries_.Remove(p.hold_timer_expiries);
}

void Metrics::refresh() {
  std::array<std::uint64_t, kStates.size()> by_state{};
  std::set<std::string> seen;
  for (const auto& s : sessions_.sessions()) {
    const auto& cfg = s->config();
    const auto snap = s->stats().snapshot();
    by_state[static_cast<std::size_t>(snap.state)]++;
    seen.insert(cfg.name);
    auto [it, fresh] = peers_.try_emplace(cfg.name);
    auto& p = it->second;
    if (fresh) {
      const prometheus::Labels l{{"peer", cfg.name}, {"address", cfg.remote_address.to_string()}};
      p.up = &peer_up_.Add(l);
      p.prefixes_received = &prefixes_received_.Add(l);
      p.prefixes_sent = &prefixes_sent_.Add(l);
      p.updates_received = &updates_received_.Add(l);
      p.updates_sent = &updates_sent_.Add(l);
      p.notifications_received = &notifications_received_.Add(l);
      p.notifications_sent = &notifications_sent_.Add(l);
      p.flaps = &flaps_.Add(l);
      p.hold_timer_expiries = &hold_timer_expiries_.Add(l);
    }
    p.up->Set(snap.state == rr::session::State::established ? 1 : 0);
    p.prefixes_received->Set(static_cast<double>(snap.prefixes_received));
    p.prefixes_sent->Set(static_cast<double>(snap.prefixes_sent));
    advance(p.updates_received, snap.messages_in[2], p.last_updates_in);
    advance(p.updates_sent, snap.messages_out[2], p.last_updates_out);
    advance(p.notifications_received, snap.messages_in[3], p.last_notif_in);
    advance(p.notifications_sent, snap.messages_out[3], p.last_notif_out);
    advance(p.flaps, snap.flaps, p.last_flaps);
    advance(p.hold_timer_expiries, snap.hold_timer_expiries, p.last_hold);
  }
  for (auto it = peers_.begin(); it != peers_.end();) {
    if (seen.contains(it->first)) {
      ++it;
    } else {
      remove(it->second);
      it = peers_.erase(it);
    }
  }
  for (std::size_t i = 0; i < kStates.size(); ++i) {
    sessions_by_state_.Add({{"state", std::string(rr::session::to_string(kStates[i]))}})
        .Set(static_cast<double>(by_state[i]));
  }
  const auto e = engine_.stats();
  rib_prefixes_.Set(static_cast<double>(e.prefixes));
  rib_paths_.Set(static_cast<double>(e.paths));
  attribute_sets_.Set(static_cast<double>(e.attribute_sets));
  rejected_loops_.Set(static_cast<double>(e.rejected_loops));
  update_groups_.Set(static_cast<double>(e.update_groups));
  journal_bytes_.Set(static_cast<double>(e.journal_bytes));
  rewalks_.Set(static_cast<double>(e.rewalks));
  if (const auto applied = controller_.applied()) {
    config_revision_.Set(static_cast<double>(applied->revision));
    config_invalid_objects_.Set(static_cast<double>(applied->rejected.size()));
    config_sessions_planned_.Set(static_cast<double>(applied->plan.sessions.size()));
  }
  config_reconciles_.Set(static_cast<double>(controller_.stats().reconciles));
}

}  // namespace mgmt::daemon
