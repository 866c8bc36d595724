// Phase B of the peering computation (calico-bgp-spec.md §2.3-2.8): the sessions node X opens —
// node-to-node mesh (unless X or the peer has a route-reflector cluster ID, or the mesh is off),
// every global record, X's node records — with self-exclusion, the attribute table of §2.3
// (effective local AS, iBGP/eBGP, RR-client rule, passive rule, next hop, source address, TTL
// security, timers, allow-local-as, passwords resolved from Secrets) and the node-wide settings.
//
// Pure function over a ClusterState; callable from any thread.
#pragma once

#include <string_view>

#include "mgmt/peering/cluster_state.hpp"
#include "mgmt/peering/plan.hpp"

namespace mgmt::peering {

Plan plan_for(const ClusterState& state, std::string_view node_name);

}  // namespace mgmt::peering
