// Small builders for the resources of peering tests: nodes, BGPConfigurations, BGPPeers, Secrets,
// and lookups into a Plan.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "mgmt/peering/peering.hpp"
#include "mgmt/resource/types.hpp"

namespace mgmt::peering::testing {

inline resource::Node make_node(std::string name, std::string ip4, std::string ip6 = {},
                                resource::Labels labels = {}) {
  resource::Node node;
  node.metadata.name = std::move(name);
  node.metadata.labels = std::move(labels);
  resource::NodeBgp bgp;
  bgp.ipv4_address = std::move(ip4);
  bgp.ipv6_address = std::move(ip6);
  node.bgp = bgp;
  return node;
}

inline resource::BgpConfiguration make_default(std::optional<bool> mesh,
                                               std::optional<resource::AsNumber> as = {}) {
  resource::BgpConfiguration config;
  config.metadata.name = "default";
  config.spec.node_to_node_mesh_enabled = mesh;
  config.spec.as_number = as;
  return config;
}

inline resource::BgpConfiguration make_node_config(const std::string& node,
                                                   std::optional<std::uint16_t> listen_port) {
  resource::BgpConfiguration config;
  config.metadata.name = "node." + node;
  config.spec.listen_port = listen_port;
  return config;
}

inline resource::BgpPeer make_peer(std::string name) {
  resource::BgpPeer peer;
  peer.metadata.name = std::move(name);
  return peer;
}

inline resource::BgpPeer selector_peer(std::string name, std::string node_selector,
                                       std::string peer_selector) {
  auto peer = make_peer(std::move(name));
  peer.spec.node_selector = std::move(node_selector);
  peer.spec.peer_selector = std::move(peer_selector);
  return peer;
}

inline resource::BgpPeer ip_peer(std::string name, std::string peer_ip, resource::AsNumber as,
                                 std::string node_selector = {}) {
  auto peer = make_peer(std::move(name));
  peer.spec.peer_ip = std::move(peer_ip);
  peer.spec.as_number = as;
  peer.spec.node_selector = std::move(node_selector);
  return peer;
}

inline resource::Duration seconds(int value) {
  return resource::Duration{std::to_string(value) + "s", std::chrono::seconds(value)};
}

inline resource::Secret make_secret(std::string name, std::string key, std::string value) {
  resource::Secret secret;
  secret.metadata.name = std::move(name);
  secret.data[std::move(key)] = std::move(value);
  return secret;
}

inline const Session* find_session(const Plan& plan, std::string_view name,
                                   Family family = Family::ipv4) {
  for (const auto& session : plan.sessions) {
    if (session.name == name && session.family == family) return &session;
  }
  return nullptr;
}

// Session names of one family, in plan order.
inline std::vector<std::string> names(const Plan& plan, Family family = Family::ipv4) {
  std::vector<std::string> out;
  for (const auto& session : plan.sessions) {
    if (session.family == family) out.push_back(session.name);
  }
  return out;
}

}  // namespace mgmt::peering::testing
