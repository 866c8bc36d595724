// Update groups (DESIGN.md §2): peers whose outbound result is identical share one Adj-RIB-Out
// and one encoded stream. The key is everything that changes the bytes a peer must receive: its
// role, the next-hop rule in force for it, the families, and the negotiated send-side codec
// context (4-octet AS, ADD-PATH, extended message, extended next hop). A peer joins the group of
// its key when its session comes up; a renegotiated session may land in another group.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "rr/engine/peer_info.hpp"
#include "rr/engine/reflection.hpp"
#include "rr/session/negotiation.hpp"
#include "rr/session/peer_config.hpp"
#include "rr/wire/context.hpp"

namespace rr::engine {

struct GroupKey {
  OutboundPolicy policy;
  wire::CodecContext tx;
  std::vector<wire::AfiSafi> families;  // sorted
  std::uint32_t add_path_send_max = 0;  // only when tx.add_path is not empty
  friend bool operator==(const GroupKey&, const GroupKey&) = default;
};

std::size_t hash_value(const GroupKey& key);

// Immutable description of a group, shared by every shard's part of it.
struct GroupSpec {
  std::uint64_t id = 0;
  GroupKey key;
};

// The group key of a peer from its configuration and negotiated session. Addresses the group
// will never use (self next hops when NEXT_HOP is kept) are left out so that such peers share.
GroupKey make_group_key(const session::PeerConfig& config, const session::Negotiated& negotiated,
                        PeerRole role, std::uint32_t local_as);

// The role of a peer from its configuration (eBGP when the AS numbers differ).
PeerRole role_of(const session::PeerConfig& config);

}  // namespace rr::engine
