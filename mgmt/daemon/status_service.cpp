#include "mgmt/daemon/status_service.hpp"

#include <algorithm>
#include <future>
#include <map>
#include <memory>
#include <tuple>

#include <boost/asio/post.hpp>

#include "mgmt/daemon/cluster_loader.hpp"
#include "mgmt/daemon/route_json.hpp"
#include "mgmt/store/object_meta.hpp"

namespace mgmt::daemon {
namespace {

using nlohmann::json;
using rr::session::State;

// BIRD's protocol state ("up", "start", "down") and BGP state word, which calicoctl shows.
const char* protocol_state(State s, bool enabled) {
  if (!enabled) return "down";
  return s == State::established ? "up" : "start";
}

const char* bgp_state(State s, bool passive, bool failed) {
  switch (s) {
    case State::idle:
      if (passive) return "Passive";
      return failed ? "Active" : "Idle";
    case State::connect:
      return "Connect";
    case State::active:
      return passive ? "Passive" : "Active";
    case State::open_sent:
      return "OpenSent";
    case State::open_confirm:
      return "OpenConfirm";
    case State::established:
      return "Established";
  }
  return "Idle";
}

// The last error in BIRD's words: a class ("Socket: ", "Received: ", "BGP Error: ", "Error: ")
// and the text, as calicoctl shows it after the BGP state ("Active Socket: Connection refused").
std::string bird_error(const std::string& e) {
  const auto strip = [&e](std::string_view prefix) { return e.substr(prefix.size()); };
  auto capital = [](std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
  };
  for (const std::string_view p : {"connect: ", "socket setup: ", "write: "}) {
    if (e.starts_with(p)) return "Socket: " + capital(strip(p));
  }
  if (e == "connection closed by peer") return "Socket: Connection closed";
  if (e.starts_with("received ")) return "Received: " + capital(strip("received "));
  if (e.starts_with("sent ")) return "BGP Error: " + capital(strip("sent "));
  return "Error: " + e;
}

// The plan's sessions by name, to tell each running session's type and family.
std::map<std::string, const peering::Session*> sessions_by_name(const AppliedState* applied) {
  std::map<std::string, const peering::Session*> out;
  if (applied == nullptr) return out;
  for (const auto& s : applied->translation.sessions)
    out.emplace(s.name, &s);
  return out;
}

}  // namespace

StatusService::StatusService(std::string node, rr::session::EventLoops& loops,
                             rr::session::SessionManager& sessions, rr::engine::Engine& engine,
                             Controller& controller, store::Store& store)
    : node_(std::move(node)),
      loops_(loops),
      sessions_(sessions),
      engine_(engine),
      controller_(controller),
      store_(store) {}

json StatusService::peers() {
  const auto applied = controller_.applied();
  const auto plan = sessions_by_name(applied.get());
  json items = json::array();
  for (const auto& s : sessions_.sessions()) {
    const auto& cfg = s->config();
    const auto snap = s->stats().snapshot();
    json j;
    j["name"] = cfg.name;
    j["peerAddress"] = cfg.remote_address.to_string();
    j["port"] = cfg.remote_port;
    j["family"] = cfg.remote_address.is_v4() ? "IPv4" : "IPv6";
    j["peerAS"] = cfg.remote_as;
    j["localAS"] = cfg.local_as;
    j["rrClient"] = cfg.policy.route_reflector_client;
    if (auto it = plan.find(cfg.name); it != plan.end()) {
      j["type"] = std::string(peering::peer_type_name(it->second->type));
      j["family"] = it->second->family == peering::Family::ipv4 ? "IPv4" : "IPv6";
    } else {
      j["type"] = "node specific";
    }
    const bool failed = !snap.last_error.empty();
    const auto word = bgp_state(snap.state, cfg.passive, failed);
    j["state"] = protocol_state(snap.state, cfg.enabled);
    j["bgpState"] = word;
    j["since"] = store::rfc3339(
        std::chrono::system_clock::time_point(std::chrono::milliseconds(snap.state_since_unix_ms)));
    std::string info = word;
    if (snap.state != State::established && failed) info += " " + bird_error(snap.last_error);
    j["info"] = info;
    j["prefixesIn"] = snap.prefixes_received;
    j["prefixesOut"] = snap.prefixes_sent;
    j["establishedTransitions"] = snap.established_transitions;
    j["flaps"] = snap.flaps;
    items.push_back(std::move(j));
  }
  std::sort(items.begin(), items.end(), [](const json& a, const json& b) {
    return std::tie(a["family"].get_ref<const std::string&>(),
                    a["name"].get_ref<const std::string&>()) <
           std::tie(b["family"].get_ref<const std::string&>(),
                    b["name"].get_ref<const std::string&>());
  });
  return json{{"kind", "PeerStatusList"}, {"node", node_}, {"items", std::move(items)}};
}

json StatusService::status() {
  const auto applied = controller_.applied();
  std::size_t total = 0;
  std::size_t established = 0;
  for (const auto& s : sessions_.sessions()) {
    ++total;
    established += s->stats().state() == State::established ? 1 : 0;
  }
  const auto cfg = engine_.config();
  const auto stats = engine_.stats();
  json j{{"kind", "Status"},
         {"node", node_},
         {"version", RRD_VERSION},
         {"routerID", cfg.router_id.to_string()},
         {"clusterID", cfg.cluster_id.value_or(cfg.router_id).to_string()},
         {"asNumber", cfg.local_as},
         {"ready", ready()},
         {"sessions", {{"established", established}, {"total", total}}},
         {"routes", stats.prefixes},
         {"paths", stats.paths},
         {"started", store::rfc3339(started_)}};
  if (applied) {
    j["revision"] = applied->revision;
    j["nodeFound"] = applied->plan.node_found;
    j["warnings"] = applied->plan.warnings;
    for (const auto& w : applied->translation.warnings)
      j["warnings"].push_back(w);
    j["rejectedObjects"] = applied->rejected;
  }
  return j;
}

json StatusService::rib(std::string_view prefix) {
  std::vector<rr::engine::RibEntry> entries;
  if (prefix.empty()) {
    entries = engine_.rib();
  } else if (auto p = rr::wire::Prefix::parse(prefix)) {
    const auto af = p->afi == rr::wire::Afi::ipv4 ? rr::wire::kIpv4Unicast : rr::wire::kIpv6Unicast;
    if (auto e = engine_.rib_entry(af, *p)) entries.push_back(std::move(*e));
  }
  std::map<rr::wire::IpAddress, std::string> names;
  for (const auto& s : sessions_.sessions())
    names.emplace(s->config().remote_address, s->config().name);
  json items = json::array();
  for (const auto& e : entries)
    items.push_back(rib_entry_json(e, names));
  return json{{"kind", "Rib"}, {"items", std::move(items)}};
}

std::optional<json> StatusService::adj_rib_out(std::string_view peer) {
  std::shared_ptr<rr::session::Session> found;
  for (const auto& s : sessions_.sessions()) {
    if (s->config().name == peer || s->config().remote_address.to_string() == peer) found = s;
  }
  if (!found) return std::nullopt;
  json items = json::array();
  for (const auto& r : engine_.adj_rib_out(found->id()))
    items.push_back(out_route_json(r));
  return json{{"kind", "AdjRibOut"}, {"peer", found->config().name}, {"items", std::move(items)}};
}

tl::expected<json, std::string> StatusService::plan(std::string_view node) {
  // From the datastore as it is now, so that a dry run sees every write acknowledged before it
  // (the controller applies changes a few milliseconds later).
  auto cluster = load_cluster(store_);
  if (!cluster) return tl::make_unexpected("datastore unavailable: " + cluster.error().message);
  const std::string name = node.empty() ? node_ : std::string(node);
  auto p = peering::plan_for(cluster->state, name);
  if (!p.node_found) return tl::make_unexpected("Node " + name + " does not exist");
  return peering::to_json(p);
}

bool StatusService::ready() {
  const auto applied = controller_.applied();
  if (!applied || !applied->plan.node_found) return false;
  for (const auto& s : sessions_.sessions()) {
    if (s->stats().state() != State::established) return false;
  }
  return true;
}

bool StatusService::live() {
  // Every event loop must run a posted task within 2 s.
  std::vector<std::future<void>> answers;
  for (std::size_t i = 0; i < loops_.size(); ++i) {
    auto p = std::make_shared<std::promise<void>>();
    answers.push_back(p->get_future());
    boost::asio::post(loops_.loop(i), [p] { p->set_value(); });
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  for (auto& a : answers) {
    if (a.wait_until(deadline) != std::future_status::ready) return false;
  }
  return true;
}

}  // namespace mgmt::daemon
