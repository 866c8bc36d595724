// The resource kinds rrctl knows (calico-bgp-spec.md §1, §5.2): their Kind names, the plural used
// in API paths, and calicoctl's command-line aliases, as the resource layer names them
// (resource/codec.hpp), plus the API path prefix of each. Lookups are pure and may run on any
// thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mgmt::rrctl {

struct KindInfo {
  std::string_view kind;         // "BGPPeer"
  std::string_view plural;       // "bgppeers"
  std::string_view api_version;  // "projectcalico.org/v3" ("v1" for Secret)
  std::string_view api_prefix;   // "/apis/projectcalico.org/v3" ("/api/v1" for Secret)

  // "/apis/projectcalico.org/v3/bgppeers", or ".../bgppeers/<name>" when name is not empty.
  [[nodiscard]] std::string path(std::string_view name = {}) const;
  // "BGPPeerList"
  [[nodiscard]] std::string list_kind() const;
};

// Accepts the Kind ("BGPPeer"), singular and plural lower-case names and calicoctl's aliases
// ("bgpp", "bps", "bgpconfig", "no", "nos", "secret"), case-insensitively. Also accepts the list
// kind ("BGPPeerList") so that typed list documents can be resolved.
[[nodiscard]] std::optional<KindInfo> find_kind(std::string_view name);

// Percent-encodes a path segment or query value (unreserved characters stay as they are).
[[nodiscard]] std::string url_escape(std::string_view text);

}  // namespace mgmt::rrctl
