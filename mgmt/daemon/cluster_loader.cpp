#include "mgmt/daemon/cluster_loader.hpp"

#include <variant>

#include "mgmt/resource/codec.hpp"

namespace mgmt::daemon {

tl::expected<LoadedCluster, store::Error> load_cluster(store::Store& store) {
  using resource::Kind;
  LoadedCluster out;
  for (const auto kind :
       {Kind::node, Kind::bgp_configuration, Kind::bgp_peer, Kind::bgp_filter, Kind::secret}) {
    const auto plural = std::string(resource::plural(kind));
    auto list = store.list(plural);
    if (!list) return tl::make_unexpected(list.error());
    out.revision = std::max(out.revision, list->revision);
    for (auto& item : list->items) {
      auto decoded = resource::decode(item.value);
      if (!decoded) {
        out.rejected.push_back(plural + "/" + item.name + ": " +
                               resource::to_string(decoded.error()));
        continue;
      }
      if (resource::kind_of(*decoded) != kind) {
        out.rejected.push_back(plural + "/" + item.name + ": holds a " +
                               std::string(resource::kind_name(resource::kind_of(*decoded))));
        continue;
      }
      std::visit(
          [&out](auto&& r) {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, resource::Node>) {
              out.state.nodes.push_back(std::forward<decltype(r)>(r));
            } else if constexpr (std::is_same_v<T, resource::BgpConfiguration>) {
              out.state.configurations.push_back(std::forward<decltype(r)>(r));
            } else if constexpr (std::is_same_v<T, resource::BgpPeer>) {
              out.state.peers.push_back(std::forward<decltype(r)>(r));
            } else if constexpr (std::is_same_v<T, resource::BgpFilter>) {
              out.state.filters.push_back(std::forward<decltype(r)>(r));
            } else {
              out.state.secrets.push_back(std::forward<decltype(r)>(r));
            }
          },
          std::move(*decoded));
    }
  }
  return out;
}

}  // namespace mgmt::daemon
