// The path attributes of a route: everything in an UPDATE except the NLRI fields and
// MP_REACH/MP_UNREACH (which live in UpdateMessage).
//
// A plain value type. The engine interns equal sets (one immutable, reference-counted object per
// distinct set); the codec only builds and reads them.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "rr/wire/attributes/as_path.hpp"
#include "rr/wire/attributes/attribute_type.hpp"
#include "rr/wire/attributes/communities.hpp"
#include "rr/wire/bytes.hpp"
#include "rr/wire/types.hpp"

namespace rr::wire {

enum class Origin : std::uint8_t { igp = 0, egp = 1, incomplete = 2 };

struct Aggregator {
  std::uint32_t asn = 0;
  Ipv4Address address;
  friend bool operator==(const Aggregator&, const Aggregator&) = default;
};

// An attribute the codec does not interpret: optional transitive ones are passed on with the
// Partial bit set (RFC 4271 §5); optional non-transitive ones are dropped by the reflector.
struct UnknownAttribute {
  std::uint8_t flags = 0;  // without the extended-length bit
  std::uint8_t type = 0;
  Bytes value;
  friend bool operator==(const UnknownAttribute&, const UnknownAttribute&) = default;
};

struct PathAttributes {
  std::optional<Origin> origin;
  std::optional<AsPath> as_path;
  std::optional<Ipv4Address> next_hop;
  std::optional<std::uint32_t> med;
  std::optional<std::uint32_t> local_pref;
  bool atomic_aggregate = false;
  std::optional<Aggregator> aggregator;
  std::vector<std::uint32_t> communities;
  std::optional<Ipv4Address> originator_id;              // RFC 4456 §8
  std::optional<std::vector<Ipv4Address>> cluster_list;  // RFC 4456 §8
  std::vector<ExtendedCommunity> extended_communities;
  std::optional<AsPath> as4_path;            // RFC 6793, 2-octet sessions only
  std::optional<Aggregator> as4_aggregator;  // RFC 6793
  std::vector<LargeCommunity> large_communities;
  std::vector<UnknownAttribute> unknown;  // in order of type code

  friend bool operator==(const PathAttributes&, const PathAttributes&) = default;
};

// RFC 6793 §4.2.3 applied to a set decoded on a 2-octet session: AS_PATH and AGGREGATOR become
// 4-octet values and AS4_PATH / AS4_AGGREGATOR are removed. No-op when neither is present.
void apply_as4_merge(PathAttributes& attrs);

// RFC 6793 §4.2.2 before sending to a 2-octet peer: AS_PATH and AGGREGATOR get AS_TRANS where
// needed and AS4_PATH / AS4_AGGREGATOR are added.
void prepare_for_two_octet(PathAttributes& attrs);

}  // namespace rr::wire
