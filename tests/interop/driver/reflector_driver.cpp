// rrd-reflector-driver: a test-only program that runs rr/session sessions from a JSON file of peer
// definitions with the reflection engine (rr/engine) as their RouteSink, so that it behaves as
// one route-reflector node. It originates no routes of its own. It answers commands on stdin with
// one JSON line each on stdout. The route-reflection interop test (tests/interop/
// test_reflection.py) drives it until the management plane exists.
//
// Config (JSON): the peer format of rrd-session-driver, plus
//   "engine": {"local_as", "router_id", "cluster_id" (optional), "shards" (optional)}
//   per peer "policy": {"rr_client", "cluster_id", "next_hop_mode" ("auto"|"self"|"keep"),
//                       "next_hop_v4", "next_hop_v6", "add_path_send_max", "allowed_local_as"}
//
// Commands: status | rib | adj-rib-out <peer-address> | stats | drain | quit
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "rr/engine/engine.hpp"
#include "rr/session/event_loops.hpp"
#include "rr/session/session_manager.hpp"
#include "tests/interop/driver/driver_config.hpp"

namespace {

using namespace rr;  // NOLINT(google-build-using-namespace): a test tool
using interop::fail;
using interop::json;
using interop::parse_ipv4;

session::RoutePolicy parse_policy(const json& p, const std::string& at) {
  session::RoutePolicy r;
  r.route_reflector_client = p.value("rr_client", false);
  if (p.contains("cluster_id")) r.cluster_id = parse_ipv4(p["cluster_id"], at + ".cluster_id");
  const auto mode = p.value("next_hop_mode", std::string("auto"));
  if (mode == "auto") {
    r.next_hop_mode = session::NextHopMode::automatic;
  } else if (mode == "self") {
    r.next_hop_mode = session::NextHopMode::self;
  } else if (mode == "keep") {
    r.next_hop_mode = session::NextHopMode::keep;
  } else {
    fail(at + ".next_hop_mode: '" + mode + "' is not auto, self or keep");
  }
  if (p.contains("next_hop_v4")) r.next_hop_v4 = parse_ipv4(p["next_hop_v4"], at + ".next_hop_v4");
  if (p.contains("next_hop_v6"))
    r.next_hop_v6 = interop::parse_ipv6(p["next_hop_v6"], at + ".next_hop_v6");
  r.add_path_send_max = p.value("add_path_send_max", 0U);
  r.allowed_local_as = p.value("allowed_local_as", std::uint8_t{0});
  return r;
}

// A peer's local_as and router_id default to the top level's, then to the engine's.
json peer_defaults(const json& top) {
  json defaults = top.value("engine", json::object());
  for (const char* key : {"local_as", "router_id"}) {
    if (top.contains(key)) defaults[key] = top[key];
  }
  return defaults;
}

void parse_peer_policy(const json& p, const std::string& at, session::PeerConfig& c) {
  c.policy = parse_policy(p.value("policy", json::object()), at + ".policy");
}

engine::EngineConfig parse_engine(const json& top) {
  const json e = top.value("engine", json::object());
  engine::EngineConfig c;
  c.local_as = e.value("local_as", top.value("local_as", 64512U));
  c.router_id = parse_ipv4(e.value("router_id", top.value("router_id", json("10.255.255.1"))),
                           "engine.router_id");
  if (e.contains("cluster_id")) c.cluster_id = parse_ipv4(e["cluster_id"], "engine.cluster_id");
  c.shards = e.value("shards", std::size_t{0});
  return c;
}

const char* origin_name(wire::Origin o) {
  switch (o) {
    case wire::Origin::igp:
      return "igp";
    case wire::Origin::egp:
      return "egp";
    case wire::Origin::incomplete:
      return "incomplete";
  }
  return "?";
}

// The attributes of a path as the tests read them (absent attributes are left out).
void put_attributes(json& r, const session::RouteAttributes& ra) {
  interop::put_path_attributes(r, ra);
  if (ra.next_hop.link_local) r["next_hop_link_local"] = ra.next_hop.link_local->to_string();
  if (ra.attributes.origin) r["origin"] = origin_name(*ra.attributes.origin);
}

json rib_json(const std::vector<engine::RibEntry>& rib) {
  json out = json::array();
  for (const auto& e : rib) {
    json entry;
    entry["afi_safi"] = wire::to_string(e.afi_safi);
    entry["prefix"] = e.prefix.to_string();
    json paths = json::array();
    for (const auto& p : e.paths) {
      json j;
      j["peer"] = p.peer_address.to_string();
      j["peer_id"] = p.peer;
      j["peer_router_id"] = p.peer_router_id.to_string();
      j["role"] = engine::to_string(p.role);
      j["path_id"] = p.path_id;
      j["best"] = p.best;
      j["stale"] = p.stale;
      j["won_by"] = engine::to_string(p.won_by);
      put_attributes(j, p.attributes);
      paths.push_back(j);
    }
    entry["paths"] = paths;
    out.push_back(entry);
  }
  return out;
}

json adj_rib_out_json(const std::vector<engine::OutRoute>& routes) {
  json out = json::array();
  for (const auto& r : routes) {
    json j;
    j["afi_safi"] = wire::to_string(r.afi_safi);
    j["prefix"] = r.nlri.prefix.to_string();
    j["path_id"] = r.nlri.path_id;
    put_attributes(j, r.attributes);
    out.push_back(j);
  }
  return out;
}

json stats_json(const engine::EngineStats& s) {
  json j;
  j["prefixes"] = s.prefixes;
  j["paths"] = s.paths;
  j["attribute_sets"] = s.attribute_sets;
  j["rejected_loops"] = s.rejected_loops;
  j["update_groups"] = s.update_groups;
  j["journal_bytes"] = s.journal_bytes;
  j["rewalks"] = s.rewalks;
  return j;
}

// What was negotiated on the session, read on its own loop (Session::negotiated() is not
// thread-safe).
json negotiated_json(const std::shared_ptr<session::Session>& s) {
  std::promise<json> done;
  auto answer = done.get_future();
  boost::asio::post(s->loop(), [s, &done] {
    json j;
    if (auto n = s->negotiated()) {
      interop::put_negotiated(j, *n);
      j["peer_router_id"] = n->peer_id.to_string();
      j["ibgp"] = n->ibgp;
      if (n->local_address) j["local_address"] = n->local_address->to_string();
    }
    done.set_value(std::move(j));
  });
  if (answer.wait_for(std::chrono::seconds(5)) != std::future_status::ready)
    fail("session loop did not answer within 5 s");
  return answer.get();
}

json peer_status(const std::shared_ptr<session::Session>& s) {
  json j = negotiated_json(s);
  interop::put_session_status(j, *s);
  j["id"] = s->id();
  j["rr_client"] = s->config().policy.route_reflector_client;
  return j;
}

// rib | adj-rib-out <peer-address> | stats | drain
std::optional<json> engine_command(engine::Engine& engine, session::SessionManager& manager,
                                   const std::string& verb, const std::string& arg) {
  json reply;
  if (verb == "rib") {
    reply["rib"] = rib_json(engine.rib());
  } else if (verb == "adj-rib-out") {
    auto a = wire::IpAddress::parse(arg);
    auto s = a ? manager.find(*a) : nullptr;
    if (!s) {
      reply["error"] = "unknown peer " + arg;
    } else {
      reply["routes"] = adj_rib_out_json(engine.adj_rib_out(s->id()));
    }
  } else if (verb == "stats") {
    reply = stats_json(engine.stats());
  } else if (verb == "drain") {
    engine.drain();
    reply["ok"] = true;
  } else {
    return std::nullopt;
  }
  return reply;
}

}  // namespace

int main(int argc, char** argv) {
  const json top = interop::read_config("rrd-reflector-driver", argc, argv);

  std::vector<session::PeerConfig> peers;
  engine::EngineConfig engine_config;
  try {
    engine_config = parse_engine(top);
    peers = interop::parse_peers(top, peer_defaults(top), parse_peer_policy);
  } catch (const json::exception& e) {
    fail(std::string("config: ") + e.what());
  }

  session::EventLoops loops(top.value("threads", 2U));
  engine::Engine engine(loops, engine_config);
  session::SessionManager manager(loops, engine);
  interop::serve(loops, manager, peers, top, peer_status,
                 [&engine, &manager](const std::string& verb, const std::string& arg) {
                   return engine_command(engine, manager, verb, arg);
                 });
  return 0;
}
