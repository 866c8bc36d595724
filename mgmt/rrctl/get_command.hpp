// `rrctl get <KIND> [<NAME>...] [-o ps|wide|yaml|json]` and `rrctl get -f <FILE>`: fetches the
// resources and prints them like calicoctl (calico-bgp-spec.md §1.5, §5.2). The table and document
// renderers are pure and exposed for tests; run_get() does the fetching on rrctl's only thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mgmt/rrctl/command_context.hpp"
#include "mgmt/rrctl/kinds.hpp"
#include "mgmt/rrctl/options.hpp"
#include "mgmt/rrctl/table.hpp"

namespace mgmt::rrctl {

inline constexpr std::uint32_t kDefaultAsNumber = 64512;

// Column headings of the default (ps) and wide tables:
//   BGPPeer NAME PEERIP NODE ASN; BGPConfiguration NAME LOGSEVERITY MESHENABLED ASNUMBER;
//   Node NAME (wide: NAME ASN IPV4 IPV6); BGPFilter NAME; Secret NAME TYPE DATA.
[[nodiscard]] TableRow get_headings(const KindInfo& kind, bool wide);

// One table row. `default_as` is the AS a Node without spec.bgp.asNumber inherits (shown in
// parentheses in the wide Node table).
[[nodiscard]] TableRow get_row(const KindInfo& kind, const nlohmann::json& object, bool wide,
                               const std::string& default_as);

// The whole table as calicoctl prints it, including the blank line after it.
[[nodiscard]] std::string render_get_table(const KindInfo& kind,
                                           const std::vector<nlohmann::json>& objects, bool wide,
                                           const std::string& default_as);

// Whether the wide Node table needs the inherited AS (some node has spec.bgp but no asNumber).
[[nodiscard]] bool needs_default_as(const KindInfo& kind,
                                    const std::vector<nlohmann::json>& objects, bool wide);

// The -o yaml/json document: the object itself when `single`, else a `<Kind>List` document.
[[nodiscard]] nlohmann::json get_document(const KindInfo& kind,
                                          const std::vector<nlohmann::json>& objects, bool single,
                                          const nlohmann::json& list_metadata);

int run_get(const Invocation& invocation, CommandContext& context);

}  // namespace mgmt::rrctl
