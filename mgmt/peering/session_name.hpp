// BIRD protocol names of sessions (calico-bgp-spec.md §2.4): `<Prefix>_<addr>[_port_<port>]`,
// prefix Mesh/Global/Node, address with '.' and ':' replaced by '_', the port suffix only for a
// non-default port and never for mesh sessions. Status tooling parses these names back.
//
// Pure functions; callable from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mgmt/peering/plan.hpp"

namespace mgmt::peering {

// "Mesh", "Global", "Node".
std::string_view session_prefix(PeerType type);

// `ip` in canonical form; `port` 0 means the default port.
std::string session_name(PeerType type, std::string_view ip, std::uint16_t port);

}  // namespace mgmt::peering
