#include "mgmt/peering/session_name.hpp"

namespace mgmt::peering {

std::string_view session_prefix(PeerType type) {
  switch (type) {
    case PeerType::mesh:
      return "Mesh";
    case PeerType::global:
      return "Global";
    case PeerType::node:
      return "Node";
  }
  return "Node";
}

std::string session_name(PeerType type, std::string_view ip, std::uint16_t port) {
  std::string name(session_prefix(type));
  name += '_';
  for (const char c : ip)
    name += (c == '.' || c == ':') ? '_' : c;
  if (port != 0 && type != PeerType::mesh) name += "_port_" + std::to_string(port);
  return name;
}

}  // namespace mgmt::peering
