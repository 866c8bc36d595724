// rrd-session-driver: a test-only program that runs rr/session sessions from a JSON file of peer
// definitions, keeps what it receives in a simple table, announces a fixed set of routes to
// every peer, and answers commands on stdin with one JSON line each on stdout. Interop and
// stress tests (tests/interop) drive it until the management plane exists.
//
// Commands: status | routes <peer-address> | enable <addr> | disable <addr> | refresh <addr> |
//           quit
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "rr/session/event_loops.hpp"
#include "rr/session/listener.hpp"
#include "rr/session/session_manager.hpp"
#include "rr/wire/update_packer.hpp"

namespace {

using json = nlohmann::json;
using namespace rr;  // NOLINT(google-build-using-namespace): a test tool
using session::Seconds;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "rrd-session-driver: %s\n", what.c_str());
  std::exit(2);
}

wire::IpAddress address(const json& j, const std::string& field) {
  if (!j.is_string()) fail(field + ": expected an IP address string");
  auto a = wire::IpAddress::parse(j.get<std::string>());
  if (!a) fail(field + ": '" + j.get<std::string>() + "' is not an IP address");
  return *a;
}

std::optional<wire::AfiSafi> family(const std::string& s) {
  if (s == "ipv4-unicast") return wire::kIpv4Unicast;
  if (s == "ipv6-unicast") return wire::kIpv6Unicast;
  return std::nullopt;
}

std::uint32_t parse_community(const std::string& s, const std::string& field) {
  const auto colon = s.find(':');
  if (colon == std::string::npos) fail(field + ": community '" + s + "' is not ASN:VALUE");
  return (static_cast<std::uint32_t>(std::stoul(s.substr(0, colon))) << 16U) |
         static_cast<std::uint32_t>(std::stoul(s.substr(colon + 1)));
}

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
      const auto& a = v.attrs->attributes;
      r["next_hop"] = v.attrs->next_hop.global.to_string();
      if (a.as_path) r["as_path"] = a.as_path->to_string();
      if (a.local_pref) r["local_pref"] = *a.local_pref;
      if (a.med) r["med"] = *a.med;
      if (a.originator_id) r["originator_id"] = a.originator_id->to_string();
      if (a.cluster_list) {
        json cl = json::array();
        for (const auto& c : *a.cluster_list)
          cl.push_back(c.to_string());
        r["cluster_list"] = cl;
      }
      json comms = json::array();
      for (auto c : a.communities)
        comms.push_back(wire::community_to_string(c));
      r["communities"] = comms;
      json large = json::array();
      for (const auto& l : a.large_communities) {
        large.push_back(std::to_string(l.global_admin) + ":" + std::to_string(l.local_data1) + ":" +
                        std::to_string(l.local_data2));
      }
      r["large_communities"] = large;
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
      const auto& n = *it->second;
      j["hold_time"] = n.hold_time.count();
      j["keepalive_time"] = n.keepalive_time.count();
      j["four_octet_as"] = n.rx.four_octet_as;
      j["graceful_restart"] = n.graceful_restart.has_value();
      j["route_refresh"] = n.route_refresh;
      j["enhanced_route_refresh"] = n.enhanced_route_refresh;
      j["peer_as"] = n.peer_as;
      j["peer_id"] = n.peer_id.to_string();
      json fams = json::array();
      for (const auto& f : n.families)
        fams.push_back(wire::to_string(f));
      j["families"] = fams;
      json ap = json::array();
      for (const auto& f : n.families) {
        if (n.rx.add_path.contains(f)) ap.push_back("rx:" + wire::to_string(f));
        if (n.tx.add_path.contains(f)) ap.push_back("tx:" + wire::to_string(f));
      }
      j["add_path"] = ap;
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

session::PeerConfig parse_peer(const json& p, const json& top, std::size_t index) {
  const std::string at = "peers[" + std::to_string(index) + "]";
  session::PeerConfig c;
  c.name = p.value("name", at);
  c.remote_address = address(p.at("address"), at + ".address");
  c.remote_port = p.value("port", 179);
  if (p.contains("local_address"))
    c.local_address = address(p["local_address"], at + ".local_address");
  c.local_as = p.value("local_as", top.value("local_as", 64512U));
  c.remote_as = p.value("remote_as", c.local_as);
  auto rid = wire::Ipv4Address::parse(
      p.value("router_id", top.value("router_id", std::string("10.255.255.1"))));
  if (!rid) fail(at + ".router_id: not an IPv4 address");
  c.router_id = *rid;
  c.passive = p.value("passive", false);
  c.hold_time = Seconds{p.value("hold_time", 90)};
  if (p.contains("keepalive_time")) c.keepalive_time = Seconds{p["keepalive_time"].get<int>()};
  c.connect_retry_time = Seconds{p.value("connect_retry_time", 2)};
  c.password = p.value("password", std::string());
  if (p.contains("ttl_security")) c.ttl_security_hops = p["ttl_security"].get<std::uint8_t>();
  c.graceful_restart = p.value("graceful_restart", true);
  c.restart_time = Seconds{p.value("restart_time", 120)};
  if (p.contains("max_restart_time"))
    c.max_restart_time = Seconds{p["max_restart_time"].get<int>()};
  c.extended_message = p.value("extended_message", true);
  c.delay_open = p.value("delay_open", false);
  if (p.contains("families")) {
    c.families.clear();
    for (const auto& f : p["families"]) {
      auto af = family(f.get<std::string>());
      if (!af) fail(at + ".families: unknown family " + f.dump());
      c.families.push_back(*af);
    }
  }
  for (const auto& a : p.value("add_path", json::array())) {
    auto af = family(a.at("family").get<std::string>());
    if (!af) fail(at + ".add_path.family: unknown family");
    c.add_path.push_back({*af, a.value("receive", false), a.value("send", false)});
  }
  if (p.contains("max_prefix")) {
    const auto& m = p["max_prefix"];
    c.max_prefix.limit = m.value("limit", 0U);
    c.max_prefix.warning_only = m.value("warning_only", false);
    c.max_prefix.restart_delay = Seconds{m.value("restart_delay", 60)};
  }
  return c;
}

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
    route.next_hop = address(r.at("next_hop"), at + ".next_hop");
    route.attrs.origin = wire::Origin::igp;
    route.attrs.as_path = wire::AsPath{};
    route.attrs.local_pref = r.value("local_pref", 100U);
    if (r.contains("med")) route.attrs.med = r["med"].get<std::uint32_t>();
    for (const auto& c : r.value("communities", json::array())) {
      route.attrs.communities.push_back(parse_community(c.get<std::string>(), at + ".communities"));
    }
    out.push_back(std::move(route));
  }
  return out;
}

json peer_status(session::Session& s, Table& table) {
  const auto snap = s.stats().snapshot();
  json j = table.peer_extra(s.id());
  j["name"] = s.config().name;
  j["address"] = s.config().remote_address.to_string();
  j["state"] = std::string(session::to_string(snap.state));
  j["prefixes_received"] = snap.prefixes_received;
  j["prefixes_sent"] = snap.prefixes_sent;
  j["hold_timer_expiries"] = snap.hold_timer_expiries;
  j["flaps"] = snap.flaps;
  j["established_transitions"] = snap.established_transitions;
  j["treat_as_withdraw"] = snap.updates_treat_as_withdraw;
  j["max_prefix_exceeded"] = snap.max_prefix_exceeded;
  j["last_error"] = snap.last_error;
  j["updates_in"] = snap.messages_in[2];
  j["updates_out"] = snap.messages_out[2];
  j["route_refresh_in"] = snap.messages_in[5];
  j["notifications_in"] = snap.messages_in[3];
  j["notifications_out"] = snap.messages_out[3];
  return j;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || std::string(argv[1]) != "--config")
    fail("usage: rrd-session-driver --config FILE.json");
  json top;
  try {
    std::ifstream in(argv[2]);
    if (!in) fail(std::string("cannot open ") + argv[2]);
    top = json::parse(in);
  } catch (const json::exception& e) {
    fail(std::string("config: ") + e.what());
  }

  std::vector<session::PeerConfig> peers;
  std::vector<Route> routes;
  try {
    std::size_t i = 0;
    for (const auto& p : top.value("peers", json::array()))
      peers.push_back(parse_peer(p, top, i++));
    routes = parse_routes(top);
  } catch (const json::exception& e) {
    fail(std::string("config: ") + e.what());
  }

  session::EventLoops loops(top.value("threads", 1U));
  Table table(std::move(routes));
  session::SessionManager manager(loops, table);
  table.set_manager(&manager);
  session::Listener listener(loops.loop(0),
                             [&manager](const wire::IpAddress& a) { return manager.find(a); });
  for (const auto& l : top.value("listen", json::array())) {
    const auto text = l.get<std::string>();
    const auto colon = text.rfind(':');
    auto addr = wire::IpAddress::parse(text.substr(0, colon));
    if (!addr || colon == std::string::npos) fail("listen: '" + text + "' is not ADDRESS:PORT");
    const auto port = static_cast<std::uint16_t>(std::stoi(text.substr(colon + 1)));
    boost::asio::ip::tcp::endpoint ep(boost::asio::ip::make_address(addr->to_string()), port);
    if (auto ec = listener.listen(ep)) fail("listen " + text + ": " + ec.message());
  }
  manager.attach_listener(&listener);
  manager.apply(peers);
  loops.start();
  std::printf("{\"ready\": true}\n");
  std::fflush(stdout);

  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream cmd(line);
    std::string verb;
    std::string arg;
    cmd >> verb >> arg;
    json reply;
    if (verb == "quit") break;
    if (verb == "status") {
      reply["peers"] = json::array();
      for (auto& s : manager.sessions())
        reply["peers"].push_back(peer_status(*s, table));
      reply["refused"] = listener.refused();
    } else if (verb == "routes" || verb == "refresh" || verb == "enable" || verb == "disable") {
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
    } else {
      reply["error"] = "unknown command " + verb;
    }
    std::printf("%s\n", reply.dump().c_str());
    std::fflush(stdout);
  }
  manager.stop_all("driver exiting");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  loops.stop();
  return 0;
}
