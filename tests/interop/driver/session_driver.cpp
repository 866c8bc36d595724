// rrd-session-driver: a test-only program that runs rr/session sessions from a JSON file of peer
// definitions, keeps what it receives in a simple table, announces a fixed set of routes to
// every peer, and answers commands on stdin with one JSON line each on stdout. Interop and
// stress tests (tests/interop) drive it until the management plane exists.
//
// Commands: status | routes <peer-address> | enable <addr> | disable <addr> | refresh <addr> |
//           quit
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "rr/session/event_loops.hpp"
#include "rr/session/session_manager.hpp"
#include "rr/wire/update_packer.hpp"
#include "tests/interop/driver/driver_config.hpp"

namespace {

using namespace rr;  // NOLINT(google-build-using-namespace): a test tool
using interop::fail;
using interop::json;

struct Route {
  wire::AfiSafi af;
  wire::Nlri nlri;
  wire::PathAttributes attrs;
  wire::IpAddress next_hop;
};

struct Stored {
  std::shared_ptr<const session::RouteAttributes> attrs;
  bool stale = false;
};

// The driver's RouteSink: a per-peer Adj-RIB-In under one mutex (a test tool, not the engine),
// and announcement of the configured routes on session up and on refresh.
class Table : public session::RouteSink {
 public:
  explicit Table(std::vector<Route> routes) : routes_(std::move(routes)) {}
  void set_manager(session::SessionManager* m) { manager_ = m; }

  void peer_up(session::PeerId peer, std::shared_ptr<const session::Negotiated> n,
               session::Session& /*session*/) override {
    {
      std::lock_guard lock(mu_);
      negotiated_[peer] = n;
      eor_[peer].clear();
    }
    for (const auto& af : n->families)
      announce(peer, *n, af, false);
  }
  void peer_down(session::PeerId peer, bool retain_stale) override {
    std::lock_guard lock(mu_);
    negotiated_.erase(peer);
    auto& rib = rib_[peer];
    if (!retain_stale) {
      rib.clear();
      return;
    }
    for (auto& [key, v] : rib)
      v.stale = true;
  }
  void update(session::PeerId peer, session::RouteUpdate&& u) override {
    std::lock_guard lock(mu_);
    auto& rib = rib_[peer];
    for (const auto& n : u.withdrawn)
      rib.erase({u.afi_safi, n});
    for (const auto& n : u.announced)
      rib[{u.afi_safi, n}] = Stored{u.attributes, false};
  }
  void end_of_rib(session::PeerId peer, wire::AfiSafi af) override {
    std::lock_guard lock(mu_);
    eor_[peer].insert(wire::to_string(af));
  }
  void sweep_stale(session::PeerId peer, wire::AfiSafi af) override {
    std::lock_guard lock(mu_);
    std::erase_if(rib_[peer],
                  [af](const auto& kv) { return kv.first.first == af && kv.second.stale; });
  }
  void mark_stale(session::PeerId peer, wire::AfiSafi af) override {
    std::lock_guard lock(mu_);
    for (auto& [key, v] : rib_[peer]) {
      if (key.first == af) v.stale = true;
    }
  }
  void refresh_requested(session::PeerId peer, wire::AfiSafi af) override {
    std::shared_ptr<const session::Negotiated> n;
    {
      std::lock_guard lock(mu_);
      auto it = negotiated_.find(peer);
      if (it == negotiated_.end()) return;
      n = it->second;
      ++refreshes_[peer];
    }
    announce(peer, *n, af, n->enhanced_route_refresh);
  }
  void family_disabled(session::PeerId peer, wire::AfiSafi af) override {
    std::lock_guard lock(mu_);
    std::erase_if(rib_[peer], [af](const auto& kv) { return kv.first.first == af; });
  }

  json routes_of(session::PeerId peer) {
    std::lock_guard lock(mu_);
    json out = json::array();
    for (const auto& [key, v] : rib_[peer]) {
      json r;
      r["family"] = wire::to_string(key.first);
      r["prefix"] = key.second.prefix.to_string();
      r["path_id"] = key.second.path_id;
      r["stale"] = v.stale;
      interop::put_path_attributes(r, *v.attrs);
      out.push_back(r);
    }
    return out;
  }
  json peer_extra(session::PeerId peer) {
    std::lock_guard lock(mu_);
    json j;
    j["end_of_rib"] = json::array();
    for (const auto& f : eor_[peer])
      j["end_of_rib"].push_back(f);
    j["refreshes_answered"] = refreshes_[peer];
    j["routes"] = rib_[peer].size();
    std::size_t stale = 0;
    for (const auto& [k, v] : rib_[peer])
      stale += v.stale ? 1 : 0;
    j["stale_routes"] = stale;
    auto it = negotiated_.find(peer);
    if (it != negotiated_.end()) {
      interop::put_negotiated(j, *it->second);
      j["peer_id"] = it->second->peer_id.to_string();
    }
    return j;
  }

 private:
  // Encodes the configured routes of `af` for the peer and queues them, then End-of-RIB (or
  // BoRR/EoRR around them for an enhanced route refresh).
  void announce(session::PeerId peer, const session::Negotiated& n, wire::AfiSafi af,
                bool enhanced) {
    auto session = find(peer);
    if (!session) return;
    auto bytes = std::make_shared<wire::Bytes>();
    std::size_t count = 0;
    if (enhanced)
      wire::encode(
          wire::Message{wire::RouteRefreshMessage{af, wire::RouteRefreshSubtype::begin_of_rib}},
          n.tx, *bytes);
    for (const auto& r : routes_) {
      if (r.af != af) continue;
      wire::PathAttributes attrs = r.attrs;
      if (!n.ibgp) attrs.local_pref.reset();
      std::optional<wire::MpNextHop> mp;
      if (af == wire::kIpv4Unicast && r.next_hop.is_v4()) {
        attrs.next_hop = r.next_hop.v4();
      } else {
        mp = wire::MpNextHop{r.next_hop, std::nullopt};
      }
      wire::Nlri nlri = r.nlri;
      if (n.tx.add_path.contains(af)) nlri.path_id = 1;
      if (!n.tx.four_octet_as) wire::prepare_for_two_octet(attrs);
      auto packed = wire::pack_announcements(af, attrs, mp, std::span(&nlri, 1), n.tx, *bytes);
      if (packed) count += packed->nlri;
    }
    if (enhanced) {
      wire::encode(
          wire::Message{wire::RouteRefreshMessage{af, wire::RouteRefreshSubtype::end_of_rib}}, n.tx,
          *bytes);
    } else {
      wire::encode_end_of_rib(af, *bytes);
    }
    boost::asio::post(session->loop(), [session, bytes, count] { session->send(bytes, count); });
  }

  std::shared_ptr<session::Session> find(session::PeerId peer) {
    for (auto& s : manager_->sessions()) {
      if (s->id() == peer) return s;
    }
    return nullptr;
  }

  std::vector<Route> routes_;
  session::SessionManager* manager_ = nullptr;
  std::mutex mu_;
  std::map<session::PeerId, std::map<std::pair<wire::AfiSafi, wire::Nlri>, Stored>> rib_;
  std::map<session::PeerId, std::shared_ptr<const session::Negotiated>> negotiated_;
  std::map<session::PeerId, std::set<std::string>> eor_;
  std::map<session::PeerId, std::uint64_t> refreshes_;
};

std::vector<Route> parse_routes(const json& top) {
  std::vector<Route> out;
  std::size_t i = 0;
  for (const auto& r : top.value("routes", json::array())) {
    const std::string at = "routes[" + std::to_string(i++) + "]";
    Route route;
    auto prefix = wire::Prefix::parse(r.at("prefix").get<std::string>());
    if (!prefix) fail(at + ".prefix: not a prefix");
    route.nlri.prefix = *prefix;
    route.af = prefix->afi == wire::Afi::ipv4 ? wire::kIpv4Unicast : wire::kIpv6Unicast;
    route.next_hop = interop::parse_address(r.at("next_hop"), at + ".next_hop");
    route.attrs.origin = wire::Origin::igp;
    route.attrs.as_path = wire::AsPath{};
    route.attrs.local_pref = r.value("local_pref", 100U);
    if (r.contains("med")) route.attrs.med = r["med"].get<std::uint32_t>();
    for (const auto& c : r.value("communities", json::array())) {
      route.attrs.communities.push_back(
          interop::parse_community(c.get<std::string>(), at + ".communities"));
    }
    out.push_back(std::move(route));
  }
  return out;
}

json peer_status(const session::Session& s, Table& table) {
  json j = table.peer_extra(s.id());
  interop::put_session_status(j, s);
  return j;
}

// routes, refresh, enable and disable <peer-address>.
std::optional<json> peer_command(session::SessionManager& manager, Table& table,
                                 const std::string& verb, const std::string& arg) {
  if (verb != "routes" && verb != "refresh" && verb != "enable" && verb != "disable")
    return std::nullopt;
  json reply;
  auto a = wire::IpAddress::parse(arg);
  auto s = a ? manager.find(*a) : nullptr;
  if (!s) {
    reply["error"] = "unknown peer " + arg;
  } else if (verb == "routes") {
    reply["routes"] = table.routes_of(s->id());
  } else if (verb == "refresh") {
    boost::asio::post(s->loop(), [s] {
      s->request_refresh(wire::kIpv4Unicast);
      s->request_refresh(wire::kIpv6Unicast);
    });
    reply["ok"] = true;
  } else {
    manager.set_enabled(*a, verb == "enable");
    reply["ok"] = true;
  }
  return reply;
}

}  // namespace

int main(int argc, char** argv) {
  const json top = interop::read_config("rrd-session-driver", argc, argv);

  std::vector<session::PeerConfig> peers;
  std::vector<Route> routes;
  try {
    peers = interop::parse_peers(top, top);
    routes = parse_routes(top);
  } catch (const json::exception& e) {
    fail(std::string("config: ") + e.what());
  }

  session::EventLoops loops(top.value("threads", 1U));
  Table table(std::move(routes));
  session::SessionManager manager(loops, table);
  table.set_manager(&manager);
  interop::serve(
      loops, manager, peers, top,
      [&table](const std::shared_ptr<session::Session>& s) { return peer_status(*s, table); },
      [&manager, &table](const std::string& verb, const std::string& arg) {
        return peer_command(manager, table, verb, arg);
      });
  return 0;
}
