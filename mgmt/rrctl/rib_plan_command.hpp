// rrctl's inspection commands beyond calicoctl: `rrctl rib [<PREFIX>]` (/rib: every path with the
// best-path marker and the decision step that chose the best), `rrctl adj-rib-out <PEER>`
// (/adj-rib-out/<peer>) and `rrctl plan [<NODE>]` (/plan?node=: the sessions the peering
// computation gives a node; without NODE the server's own node from /status). Renderers are pure;
// run_* fetch and print on rrctl's only thread. -o json|yaml prints the server's document.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "mgmt/rrctl/command_context.hpp"
#include "mgmt/rrctl/options.hpp"

namespace mgmt::rrctl {

// Columns PREFIX, BEST ("*" on the best path), NEXT HOP, AS PATH, LOCAL PREF, FROM, WON BY.
[[nodiscard]] std::string render_rib(const nlohmann::json& rib);
// Columns PREFIX, NEXT HOP, AS PATH, ORIGIN, LOCAL PREF, MED, COMMUNITIES.
[[nodiscard]] std::string render_adj_rib_out(const nlohmann::json& adj_rib_out);
// Columns NAME, PEER ADDRESS, PORT, AS, TYPE, IBGP/EBGP, RR CLIENT, PASSIVE, NEXT HOP; one row per
// session object found in the plan document.
[[nodiscard]] std::string render_plan(const nlohmann::json& plan);

int run_rib(const Invocation& invocation, CommandContext& context);
int run_adj_rib_out(const Invocation& invocation, CommandContext& context);
int run_plan(const Invocation& invocation, CommandContext& context);

}  // namespace mgmt::rrctl
