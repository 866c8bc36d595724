// What the ops HTTP API asks the running daemon (as opposed to the datastore): session status,
// RIB inspection, dry-run plans, readiness. Implemented by the daemon (mgmt/daemon), which
// answers from the engine's and session manager's query interfaces. Called from the API's
// thread; implementations may block briefly (engine queries wait for every shard).
//
// Response bodies (JSON), which rrctl formats:
//   peers():  {"kind":"PeerStatusList","node":"<name>","items":[
//               {"name":"Node_10_0_0_1","peerAddress":"10.0.0.1","port":179,"family":"IPv4",
//                "type":"node specific"|"global"|"node-to-node mesh","peerAS":64512,
//                "rrClient":true,"state":"up"|"start"|"down","bgpState":"Established"|"Active"|
//                "Passive"|"Idle"|"Connect"|"OpenSent"|"OpenConfirm","since":"<RFC 3339 UTC>",
//                "info":"Established" | "Active Socket: Connection refused" | …,
//                "prefixesIn":N,"prefixesOut":N}, …]}
//   status(): {"kind":"Status","node":…,"version":…,"routerID":…,"clusterID":…,"asNumber":…,
//              "ready":bool,"sessions":{"established":N,"total":N},"routes":N,"uptime":"…"}
//   rib(prefix): {"kind":"Rib","items":[{"prefix":"10.0.0.0/26","family":"IPv4","paths":[
//               {"peer":"<session name>","peerAddress":…,"best":bool,"wonBy":"<decision step>",
//                "nextHop":…,"asPath":"64512 65000","origin":"IGP","localPref":N,"med":N,
//                "originatorID":…,"clusterList":[…],"communities":[…],"stale":bool}, …]}, …]}
//              prefix "" = the whole RIB; an unknown prefix gives an empty item list.
//   adj_rib_out(peer): {"kind":"AdjRibOut","peer":"<name>","items":[{"prefix":…,"family":…,
//              "nextHop":…,"asPath":…,…}]}; nullopt when no session has that name or address.
//   plan(node): peering::to_json(Plan) for that node, or an error message when the node is
//              unknown.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

namespace mgmt::api {

class StatusProvider {
 public:
  virtual ~StatusProvider() = default;
  virtual nlohmann::json peers() = 0;
  virtual nlohmann::json status() = 0;
  virtual nlohmann::json rib(std::string_view prefix) = 0;
  virtual std::optional<nlohmann::json> adj_rib_out(std::string_view peer) = 0;
  virtual tl::expected<nlohmann::json, std::string> plan(std::string_view node) = 0;
  virtual bool ready() = 0;  // /readyz: configuration loaded and every session Established
  virtual bool live() = 0;   // /healthz: event loops and engine answer
};

}  // namespace mgmt::api
