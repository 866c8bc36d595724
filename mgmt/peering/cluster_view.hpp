// Derived per-node and cluster values of calico-bgp-spec.md §2.1, computed once from a
// ClusterState: ip4/ip6/asn/cid/labels/listenPort/localAS of every node, G_AS and meshOn, plus the
// BGPConfiguration lookups (default and node.<name>) and Secret resolution.
//
// Built and used inside one peering computation (phase_a / plan_for); it borrows the ClusterState,
// which must outlive it. No I/O, no threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mgmt/peering/cluster_state.hpp"
#include "mgmt/peering/ip_address.hpp"
#include "mgmt/resource/types.hpp"
#include "mgmt/selector/selector.hpp"

namespace mgmt::peering {

inline constexpr resource::AsNumber kDefaultAsNumber = 64512;
inline constexpr std::uint16_t kBgpPort = 179;

// Port 0 and 179 are the same peering (§2.2): both become 0 ("BIRD default").
constexpr std::uint16_t normalise_port(std::optional<std::uint16_t> port) {
  return !port || *port == kBgpPort ? 0 : *port;
}

struct NodeInfo {
  std::string name;
  std::string ip4;  // canonical, "" if absent or unparsable
  std::string ip6;
  std::optional<resource::AsNumber> asn;
  std::string cluster_id;  // routeReflectorClusterID
  const resource::Labels* labels = nullptr;
  std::optional<std::uint16_t> listen_port;        // node.<name>, else default, else none
  resource::AsNumber local_as = kDefaultAsNumber;  // asn, else G_AS

  [[nodiscard]] const std::string& ip(Family family) const {
    return family == Family::ipv4 ? ip4 : ip6;
  }
};

class ClusterView {
 public:
  explicit ClusterView(const ClusterState& state);

  [[nodiscard]] const ClusterState& state() const { return state_; }
  [[nodiscard]] resource::AsNumber global_as() const { return global_as_; }
  [[nodiscard]] bool mesh_on() const { return mesh_on_; }
  [[nodiscard]] const resource::BgpConfiguration* default_config() const { return default_; }
  [[nodiscard]] const resource::BgpConfiguration* node_config(std::string_view node) const;

  // All nodes, sorted by name.
  [[nodiscard]] const std::vector<NodeInfo>& nodes() const { return nodes_; }
  [[nodiscard]] const NodeInfo* find(std::string_view name) const;
  // Nodes whose labels match (in name order); a selector that does not parse matches nothing and
  // adds a warning.
  [[nodiscard]] std::vector<const NodeInfo*> matching(std::string_view selector_text,
                                                      std::string_view context,
                                                      std::vector<std::string>& warnings) const;
  // Whether some node has this address (either family).
  [[nodiscard]] bool is_node_address(const std::string& ip) const;

  // secrets[name].data[key], or nullopt when either is missing.
  [[nodiscard]] std::optional<std::string> resolve(const resource::SecretKeyRef& ref) const;
  [[nodiscard]] bool filter_exists(std::string_view name) const;

 private:
  const ClusterState& state_;
  resource::AsNumber global_as_ = kDefaultAsNumber;
  bool mesh_on_ = true;
  const resource::BgpConfiguration* default_ = nullptr;
  std::vector<NodeInfo> nodes_;
};

}  // namespace mgmt::peering
