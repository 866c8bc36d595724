#include "tests/interop/driver/driver_config.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <utility>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "rr/session/listener.hpp"

namespace rr::interop {

namespace {

using session::Seconds;

std::string& program_name() {
  static std::string name = "rrd-driver";
  return name;
}

}  // namespace

void fail(const std::string& what) {
  std::fprintf(stderr, "%s: %s\n", program_name().c_str(), what.c_str());
  std::exit(2);
}

json read_config(std::string program, int argc, char** argv) {
  program_name() = std::move(program);
  if (argc != 3 || std::string(argv[1]) != "--config")
    fail("usage: " + program_name() + " --config FILE.json");
  json top;
  try {
    std::ifstream in(argv[2]);
    if (!in) fail(std::string("cannot open ") + argv[2]);
    top = json::parse(in);
  } catch (const json::exception& e) {
    fail(std::string("config: ") + e.what());
  }
  return top;
}

wire::IpAddress parse_address(const json& j, const std::string& field) {
  if (!j.is_string()) fail(field + ": expected an IP address string");
  auto a = wire::IpAddress::parse(j.get<std::string>());
  if (!a) fail(field + ": '" + j.get<std::string>() + "' is not an IP address");
  return *a;
}

wire::Ipv4Address parse_ipv4(const json& j, const std::string& field) {
  if (!j.is_string()) fail(field + ": expected an IPv4 address string");
  auto a = wire::Ipv4Address::parse(j.get<std::string>());
  if (!a) fail(field + ": '" + j.get<std::string>() + "' is not an IPv4 address");
  return *a;
}

wire::Ipv6Address parse_ipv6(const json& j, const std::string& field) {
  if (!j.is_string()) fail(field + ": expected an IPv6 address string");
  auto a = wire::Ipv6Address::parse(j.get<std::string>());
  if (!a) fail(field + ": '" + j.get<std::string>() + "' is not an IPv6 address");
  return *a;
}

std::optional<wire::AfiSafi> parse_family(const std::string& s) {
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

session::PeerConfig parse_peer(const json& p, const json& defaults, const std::string& at) {
  session::PeerConfig c;
  c.name = p.value("name", at);
  c.remote_address = parse_address(p.at("address"), at + ".address");
  c.remote_port = p.value("port", 179);
  if (p.contains("local_address"))
    c.local_address = parse_address(p["local_address"], at + ".local_address");
  c.local_as = p.value("local_as", defaults.value("local_as", 64512U));
  c.remote_as = p.value("remote_as", c.local_as);
  auto rid = wire::Ipv4Address::parse(
      p.value("router_id", defaults.value("router_id", std::string("10.255.255.1"))));
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
      auto af = parse_family(f.get<std::string>());
      if (!af) fail(at + ".families: unknown family " + f.dump());
      c.families.push_back(*af);
    }
  }
  for (const auto& a : p.value("add_path", json::array())) {
    auto af = parse_family(a.at("family").get<std::string>());
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

std::vector<session::PeerConfig> parse_peers(const json& top, const json& defaults,
                                             const PeerExtension& extend) {
  std::vector<session::PeerConfig> out;
  std::size_t i = 0;
  for (const auto& p : top.value("peers", json::array())) {
    const std::string at = "peers[" + std::to_string(i++) + "]";
    auto c = parse_peer(p, defaults, at);
    if (extend) extend(p, at, c);
    out.push_back(std::move(c));
  }
  return out;
}

void put_session_status(json& j, const session::Session& s) {
  const auto snap = s.stats().snapshot();
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
}

void put_negotiated(json& j, const session::Negotiated& n) {
  j["hold_time"] = n.hold_time.count();
  j["keepalive_time"] = n.keepalive_time.count();
  j["four_octet_as"] = n.rx.four_octet_as;
  j["graceful_restart"] = n.graceful_restart.has_value();
  j["route_refresh"] = n.route_refresh;
  j["enhanced_route_refresh"] = n.enhanced_route_refresh;
  j["peer_as"] = n.peer_as;
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

void put_path_attributes(json& j, const session::RouteAttributes& ra) {
  const auto& a = ra.attributes;
  j["next_hop"] = ra.next_hop.global.to_string();
  if (a.as_path) j["as_path"] = a.as_path->to_string();
  if (a.local_pref) j["local_pref"] = *a.local_pref;
  if (a.med) j["med"] = *a.med;
  if (a.originator_id) j["originator_id"] = a.originator_id->to_string();
  if (a.cluster_list) {
    json cl = json::array();
    for (const auto& c : *a.cluster_list)
      cl.push_back(c.to_string());
    j["cluster_list"] = cl;
  }
  json comms = json::array();
  for (auto c : a.communities)
    comms.push_back(wire::community_to_string(c));
  j["communities"] = comms;
  json large = json::array();
  for (const auto& l : a.large_communities) {
    large.push_back(std::to_string(l.global_admin) + ":" + std::to_string(l.local_data1) + ":" +
                    std::to_string(l.local_data2));
  }
  j["large_communities"] = large;
}

void serve(session::EventLoops& loops, session::SessionManager& manager,
           const std::vector<session::PeerConfig>& peers, const json& top,
           const PeerStatus& peer_status, const CommandHandler& command) {
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
    if (verb == "quit") break;
    json reply;
    if (verb == "status") {
      reply["peers"] = json::array();
      for (auto& s : manager.sessions())
        reply["peers"].push_back(peer_status(s));
      reply["refused"] = listener.refused();
    } else if (auto answer = command(verb, arg)) {
      reply = std::move(*answer);
    } else {
      reply["error"] = "unknown command " + verb;
    }
    std::printf("%s\n", reply.dump().c_str());
    std::fflush(stdout);
  }
  manager.stop_all("driver exiting");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  loops.stop();
}

}  // namespace rr::interop
