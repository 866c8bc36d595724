// Reads every resource the peering computation needs (Nodes, BGPConfigurations, BGPPeers,
// BGPFilters, Secrets) from the datastore into a peering::ClusterState. Objects that do not
// decode (written to a shared etcd by another tool, say) are left out and reported, so one bad
// object never stops the rest from being applied. Called from the controller's thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "mgmt/peering/peering.hpp"
#include "mgmt/store/store.hpp"

namespace mgmt::daemon {

struct LoadedCluster {
  peering::ClusterState state;
  std::uint64_t revision = 0;         // the highest list revision seen
  std::vector<std::string> rejected;  // "bgppeers/x: spec.peerIP: …"
};

[[nodiscard]] tl::expected<LoadedCluster, store::Error> load_cluster(store::Store& store);

}  // namespace mgmt::daemon
