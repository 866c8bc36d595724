// The peering computation of calico-bgp-spec.md §2 in one include: the inputs (ClusterState),
// phase A records (records.hpp), phase B sessions of a node (sessions.hpp, plan.hpp), session
// names and the JSON form of a plan.
//
// Everything here is a pure function of its arguments: no I/O, no threads, no global state; the
// daemon recomputes a Plan whenever the store changes.
#pragma once

#include "mgmt/peering/cluster_state.hpp"  // IWYU pragma: export
#include "mgmt/peering/cluster_view.hpp"   // IWYU pragma: export
#include "mgmt/peering/ip_address.hpp"     // IWYU pragma: export
#include "mgmt/peering/plan.hpp"           // IWYU pragma: export
#include "mgmt/peering/plan_json.hpp"      // IWYU pragma: export
#include "mgmt/peering/records.hpp"        // IWYU pragma: export
#include "mgmt/peering/session_name.hpp"   // IWYU pragma: export
#include "mgmt/peering/sessions.hpp"       // IWYU pragma: export
