#include "mgmt/peering/cluster_view.hpp"

#include <algorithm>

namespace mgmt::peering {
namespace {

constexpr std::string_view kNodeConfigPrefix = "node.";

}  // namespace

ClusterView::ClusterView(const ClusterState& state) : state_(state) {
  for (const auto& config : state.configurations) {
    if (config.metadata.name == "default") {
      default_ = &config;
      break;
    }
  }
  if (default_ != nullptr) {
    global_as_ = default_->spec.as_number.value_or(kDefaultAsNumber);
    mesh_on_ = default_->spec.node_to_node_mesh_enabled.value_or(true);
  }
  nodes_.reserve(state.nodes.size());
  for (const auto& node : state.nodes) {
    NodeInfo info;
    info.name = node.metadata.name;
    info.labels = &node.metadata.labels;
    if (node.bgp) {
      info.ip4 = ip_of_cidr(node.bgp->ipv4_address, Family::ipv4);
      info.ip6 = ip_of_cidr(node.bgp->ipv6_address, Family::ipv6);
      info.asn = node.bgp->as_number;
      info.cluster_id = node.bgp->route_reflector_cluster_id;
    }
    info.local_as = info.asn.value_or(global_as_);
    const auto* own = node_config(info.name);
    if (own != nullptr && own->spec.listen_port) {
      info.listen_port = own->spec.listen_port;
    } else if (default_ != nullptr) {
      info.listen_port = default_->spec.listen_port;
    }
    nodes_.push_back(std::move(info));
  }
  std::stable_sort(nodes_.begin(), nodes_.end(),
                   [](const NodeInfo& a, const NodeInfo& b) { return a.name < b.name; });
}

const resource::BgpConfiguration* ClusterView::node_config(std::string_view node) const {
  for (const auto& config : state_.configurations) {
    const auto& name = config.metadata.name;
    if (name.size() == kNodeConfigPrefix.size() + node.size() &&
        name.starts_with(kNodeConfigPrefix) &&
        std::string_view(name).substr(kNodeConfigPrefix.size()) == node) {
      return &config;
    }
  }
  return nullptr;
}

const NodeInfo* ClusterView::find(std::string_view name) const {
  const auto it =
      std::lower_bound(nodes_.begin(), nodes_.end(), name,
                       [](const NodeInfo& info, std::string_view key) { return info.name < key; });
  return it != nodes_.end() && it->name == name ? &*it : nullptr;
}

std::vector<const NodeInfo*> ClusterView::matching(std::string_view selector_text,
                                                   std::string_view context,
                                                   std::vector<std::string>& warnings) const {
  std::vector<const NodeInfo*> result;
  const auto selector = selector::Selector::parse(selector_text);
  if (!selector) {
    warnings.push_back(std::string(context) + ": selector \"" + std::string(selector_text) +
                       "\" does not parse (" + selector.error() + "); it matches no node");
    return result;
  }
  for (const auto& node : nodes_) {
    if (selector->matches(*node.labels)) result.push_back(&node);
  }
  return result;
}

bool ClusterView::is_node_address(const std::string& ip) const {
  return std::any_of(nodes_.begin(), nodes_.end(),
                     [&ip](const NodeInfo& node) { return node.ip4 == ip || node.ip6 == ip; });
}

std::optional<std::string> ClusterView::resolve(const resource::SecretKeyRef& ref) const {
  for (const auto& secret : state_.secrets) {
    if (secret.metadata.name != ref.name) continue;
    const auto it = secret.data.find(ref.key);
    if (it != secret.data.end()) return it->second;
    return std::nullopt;
  }
  return std::nullopt;
}

bool ClusterView::filter_exists(std::string_view name) const {
  return std::any_of(
      state_.filters.begin(), state_.filters.end(),
      [name](const resource::BgpFilter& filter) { return filter.metadata.name == name; });
}

}  // namespace mgmt::peering
