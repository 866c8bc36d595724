// The inputs of the peering computation (calico-bgp-spec.md §2.1): every Node, BGPConfiguration,
// BGPPeer, BGPFilter and Secret of the cluster, as typed resources.
//
// Plain data owned by the caller (the daemon builds one from its store snapshot); the peering
// functions only read it. No I/O, no threads.
#pragma once

#include <vector>

#include "mgmt/resource/types.hpp"

namespace mgmt::peering {

struct ClusterState {
  std::vector<resource::Node> nodes;
  std::vector<resource::BgpConfiguration>
      configurations;  // "default", "node.<name>", others ignored
  std::vector<resource::BgpPeer> peers;
  std::vector<resource::BgpFilter> filters;
  std::vector<resource::Secret> secrets;  // password.secretKeyRef{name,key} -> data[key]
};

}  // namespace mgmt::peering
