#include "mgmt/daemon/route_json.hpp"

#include "rr/wire/attributes/communities.hpp"

namespace mgmt::daemon {
namespace {

using nlohmann::json;

const char* origin_name(rr::wire::Origin o) {
  switch (o) {
    case rr::wire::Origin::igp:
      return "IGP";
    case rr::wire::Origin::egp:
      return "EGP";
    case rr::wire::Origin::incomplete:
      return "Incomplete";
  }
  return "?";
}

const char* family_name(rr::wire::AfiSafi af) {
  return af == rr::wire::kIpv4Unicast ? "IPv4" : "IPv6";
}

void put_attributes(json& j, const rr::session::RouteAttributes& ra) {
  const auto& a = ra.attributes;
  j["nextHop"] = ra.next_hop.global.to_string();
  if (ra.next_hop.link_local) j["nextHopLinkLocal"] = ra.next_hop.link_local->to_string();
  j["asPath"] = a.as_path ? a.as_path->to_string() : std::string();
  if (a.origin) j["origin"] = origin_name(*a.origin);
  if (a.local_pref) j["localPref"] = *a.local_pref;
  if (a.med) j["med"] = *a.med;
  if (a.originator_id) j["originatorID"] = a.originator_id->to_string();
  if (a.cluster_list) {
    json cl = json::array();
    for (const auto& c : *a.cluster_list)
      cl.push_back(c.to_string());
    j["clusterList"] = std::move(cl);
  }
  if (!a.communities.empty()) {
    json comms = json::array();
    for (const auto c : a.communities)
      comms.push_back(rr::wire::community_to_string(c));
    j["communities"] = std::move(comms);
  }
  if (!a.large_communities.empty()) {
    json large = json::array();
    for (const auto& l : a.large_communities) {
      large.push_back(std::to_string(l.global_admin) + ":" + std::to_string(l.local_data1) + ":" +
                      std::to_string(l.local_data2));
    }
    j["largeCommunities"] = std::move(large);
  }
}

}  // namespace

json rib_entry_json(const rr::engine::RibEntry& entry,
                    const std::map<rr::wire::IpAddress, std::string>& names) {
  json paths = json::array();
  for (const auto& p : entry.paths) {
    json j;
    const auto it = names.find(p.peer_address);
    j["peer"] = it == names.end() ? p.peer_address.to_string() : it->second;
    j["peerAddress"] = p.peer_address.to_string();
    j["peerRouterID"] = p.peer_router_id.to_string();
    j["role"] = rr::engine::to_string(p.role);
    j["best"] = p.best;
    if (p.best) j["wonBy"] = rr::engine::to_string(p.won_by);
    j["stale"] = p.stale;
    if (p.path_id != 0) j["pathID"] = p.path_id;
    put_attributes(j, p.attributes);
    paths.push_back(std::move(j));
  }
  return json{{"prefix", entry.prefix.to_string()},
              {"family", family_name(entry.afi_safi)},
              {"paths", std::move(paths)}};
}

json out_route_json(const rr::engine::OutRoute& route) {
  json j{{"prefix", route.nlri.prefix.to_string()}, {"family", family_name(route.afi_safi)}};
  if (route.nlri.path_id != 0) j["pathID"] = route.nlri.path_id;
  put_attributes(j, route.attributes);
  return j;
}

}  // namespace mgmt::daemon
