// Path attribute type codes and flags (RFC 4271 §4.3, IANA "BGP Path Attributes").
#pragma once

#include <cstdint>
#include <string_view>

namespace rr::wire {

enum class AttrType : std::uint8_t {
  origin = 1,
  as_path = 2,
  next_hop = 3,
  multi_exit_disc = 4,
  local_pref = 5,
  atomic_aggregate = 6,
  aggregator = 7,
  communities = 8,
  originator_id = 9,
  cluster_list = 10,
  mp_reach_nlri = 14,
  mp_unreach_nlri = 15,
  extended_communities = 16,
  as4_path = 17,
  as4_aggregator = 18,
  large_communities = 32,
};

namespace attr_flag {
inline constexpr std::uint8_t kOptional = 0x80;
inline constexpr std::uint8_t kTransitive = 0x40;
inline constexpr std::uint8_t kPartial = 0x20;
inline constexpr std::uint8_t kExtendedLength = 0x10;
}  // namespace attr_flag

std::string_view to_string(AttrType type);

}  // namespace rr::wire
