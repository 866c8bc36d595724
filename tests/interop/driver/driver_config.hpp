// What the test-only drivers (rrd-session-driver, rrd-reflector-driver) share: reading the JSON
// file of peer definitions into session::PeerConfig, the JSON the tests read back (session
// status, negotiated capabilities, path attributes), and the process around the sessions
// (listeners, the "ready" line, the command loop on stdin, the shutdown).
//
// A driver names itself when it reads its configuration (read_config); every error in the
// configuration ends the process with exit status 2 and "<program>: <what>" on stderr (fail).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rr/session/event_loops.hpp"
#include "rr/session/negotiation.hpp"
#include "rr/session/peer_config.hpp"
#include "rr/session/route_sink.hpp"
#include "rr/session/session.hpp"
#include "rr/session/session_manager.hpp"
#include "rr/wire/types.hpp"

namespace rr::interop {

using json = nlohmann::json;

// Prints "<program>: <what>" on stderr and exits with status 2.
[[noreturn]] void fail(const std::string& what);

// Names the program for fail() ("rrd-session-driver") and returns the JSON file named by
// `--config FILE.json`, the only command line the drivers take.
json read_config(std::string program, int argc, char** argv);

// ---- Peer definitions ------------------------------------------------------------------------
// `field` names the value in error messages ("peers[0].address").

wire::IpAddress parse_address(const json& j, const std::string& field);
wire::Ipv4Address parse_ipv4(const json& j, const std::string& field);
wire::Ipv6Address parse_ipv6(const json& j, const std::string& field);

// "ipv4-unicast" or "ipv6-unicast"; nullopt for anything else.
std::optional<wire::AfiSafi> parse_family(const std::string& s);

// A standard community written "ASN:VALUE".
std::uint32_t parse_community(const std::string& s, const std::string& field);

// One peer definition, `at` being its place ("peers[2]"). A peer without "local_as" or
// "router_id" takes the one in `defaults` (then AS 64512, router ID 10.255.255.1).
session::PeerConfig parse_peer(const json& p, const json& defaults, const std::string& at);

// Reads what a driver keeps in a peer definition beyond parse_peer's fields.
using PeerExtension =
    std::function<void(const json& p, const std::string& at, session::PeerConfig& c)>;

// top["peers"], in order; `extend` (when set) runs on each peer after parse_peer.
std::vector<session::PeerConfig> parse_peers(const json& top, const json& defaults,
                                             const PeerExtension& extend = {});

// ---- What the tests read back ----------------------------------------------------------------

// name, address, state and the session's counters, as in each peer of the status reply.
void put_session_status(json& j, const session::Session& s);

// Hold and keepalive time, capabilities, peer AS, families and ADD-PATH directions.
void put_negotiated(json& j, const session::Negotiated& n);

// next_hop, as_path, local_pref, med, originator_id, cluster_list (when present) and
// communities, large_communities (always, maybe empty).
void put_path_attributes(json& j, const session::RouteAttributes& ra);

// ---- The process -----------------------------------------------------------------------------

// One peer of the status reply.
using PeerStatus = std::function<json(const std::shared_ptr<session::Session>&)>;
// The reply to a command other than status and quit; nullopt for an unknown command.
using CommandHandler =
    std::function<std::optional<json>(const std::string& verb, const std::string& arg)>;

// Listens on the "ADDRESS:PORT"s of top["listen"], applies `peers`, starts the loops, prints
// {"ready": true}, then answers one JSON line per command line on stdin ("status": every
// session's peer_status and the refused connections; the rest: `command`) until "quit" or the
// end of stdin, and stops the sessions and the loops.
void serve(session::EventLoops& loops, session::SessionManager& manager,
           const std::vector<session::PeerConfig>& peers, const json& top,
           const PeerStatus& peer_status, const CommandHandler& command);

}  // namespace rr::interop
