#include "rr/engine/update_group.hpp"

#include <algorithm>

namespace rr::engine {

PeerRole role_of(const session::PeerConfig& config) {
  if (!config.ibgp()) return PeerRole::ebgp;
  return config.policy.route_reflector_client ? PeerRole::client : PeerRole::non_client;
}

GroupKey make_group_key(const session::PeerConfig& config, const session::Negotiated& negotiated,
                        PeerRole role, std::uint32_t local_as) {
  GroupKey k;
  k.policy.to = role;
  k.policy.local_as = local_as;
  k.policy.next_hop_mode = config.policy.next_hop_mode;
  k.policy.four_octet_as = negotiated.tx.four_octet_as;
  const bool self =
      config.policy.next_hop_mode == session::NextHopMode::self ||
      (config.policy.next_hop_mode == session::NextHopMode::automatic && role == PeerRole::ebgp);
  if (self) {
    k.policy.self_v4 = config.policy.next_hop_v4;
    k.policy.self_v6 = config.policy.next_hop_v6;
    if (negotiated.local_address) {
      if (negotiated.local_address->is_v4() && !k.policy.self_v4)
        k.policy.self_v4 = negotiated.local_address->v4();
      if (!negotiated.local_address->is_v4() && !k.policy.self_v6)
        k.policy.self_v6 = negotiated.local_address->v6();
    }
  }
  k.tx = negotiated.tx;
  k.families = negotiated.families;
  std::sort(k.families.begin(), k.families.end());
  if (!k.tx.add_path.empty()) k.add_path_send_max = config.policy.add_path_send_max;
  return k;
}

std::size_t hash_value(const GroupKey& key) {
  std::size_t h = static_cast<std::size_t>(key.policy.to) * 31U + key.policy.local_as;
  const auto mix = [&h](std::size_t v) { h = (h ^ v) * 0x100000001b3ULL; };
  mix(static_cast<std::size_t>(key.policy.next_hop_mode));
  mix(key.policy.self_v4 ? key.policy.self_v4->value : 0U);
  mix(key.policy.four_octet_as ? 1U : 0U);
  mix(key.tx.extended_message ? 1U : 0U);
  for (const auto& f : key.families)
    mix((static_cast<std::size_t>(f.afi) << 8U) | static_cast<std::size_t>(f.safi));
  mix(key.add_path_send_max);
  return h;
}

}  // namespace rr::engine
