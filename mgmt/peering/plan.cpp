#include "mgmt/peering/plan.hpp"

namespace mgmt::peering {

std::string_view peer_type_name(PeerType type) {
  switch (type) {
    case PeerType::mesh:
      return "node-to-node mesh";
    case PeerType::global:
      return "global";
    case PeerType::node:
      return "node specific";
  }
  return "node specific";
}

std::string_view next_hop_name(NextHop next_hop) {
  switch (next_hop) {
    case NextHop::automatic:
      return "auto";
    case NextHop::self:
      return "self";
    case NextHop::keep:
      return "keep";
  }
  return "auto";
}

std::string_view family_name(Family family) {
  return family == Family::ipv4 ? "ipv4" : "ipv6";
}

}  // namespace mgmt::peering
