// JSON form of a Plan for the ops API and rrctl: camelCase fields, session type as calicoctl
// prints it ("node-to-node mesh", "global", "node specific"). Passwords are never shown, only
// whether one is set. Optional values that are absent are left out.
//
// Pure function; callable from any thread.
#pragma once

#include <nlohmann/json.hpp>

#include "mgmt/peering/plan.hpp"

namespace mgmt::peering {

nlohmann::json to_json(const Session& session);
nlohmann::json to_json(const Plan& plan);

}  // namespace mgmt::peering
