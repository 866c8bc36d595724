// JSON views of routes for the ops API: a Loc-RIB entry with every path (best first, and the
// decision step that made the best win) and an Adj-RIB-Out route. Pure functions.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "rr/engine/engine.hpp"

namespace mgmt::daemon {

// `names`: session name by peer address, to name where each path came from.
[[nodiscard]] nlohmann::json rib_entry_json(
    const rr::engine::RibEntry& entry, const std::map<rr::wire::IpAddress, std::string>& names);
[[nodiscard]] nlohmann::json out_route_json(const rr::engine::OutRoute& route);

}  // namespace mgmt::daemon
