// The BGP decision process between two paths of one prefix: RFC 4271 §9.1.2.2 with the RFC 4456
// §9 route-reflection tie-breaks, returning which step decided so that `/rib/<prefix>` can say
// why the best path won.
#pragma once

#include <cstdint>

#include "rr/wire/attributes/path_attributes.hpp"
#include "rr/wire/types.hpp"

namespace rr::engine {

// What the decision reads of one path.
struct PathView {
  const wire::PathAttributes* attrs = nullptr;
  bool from_ebgp = false;
  std::uint32_t peer_as = 0;         // the neighbour AS of the session it came from
  wire::Ipv4Address peer_router_id;  // BGP identifier of the session it came from
  wire::IpAddress peer_address;      // transport address of that session
  std::uint32_t path_id = 0;         // received ADD-PATH identifier (0 without ADD-PATH)
  bool stale = false;                // kept through a graceful restart (RFC 4724)
};

// In the order they are applied.
enum class DecisionStep : std::uint8_t {
  not_stale,            // a fresh path beats one kept through a peer's graceful restart
  local_pref,           // higher LOCAL_PREF (absent: 100)
  as_path_length,       // shorter AS_PATH (RFC 4271 §9.1.2.2 a)
  origin,               // lower ORIGIN (b)
  med,                  // lower MED, only between paths from the same neighbour AS (c)
  ebgp_over_ibgp,       // (d)
  router_id,            // lower ORIGINATOR_ID, or BGP identifier without one (f, RFC 4456 §9)
  cluster_list_length,  // shorter CLUSTER_LIST (RFC 4456 §9)
  peer_address,         // lower peer address (g)
  path_id,              // lower received path identifier (same peer, ADD-PATH)
  equal,                // indistinguishable
};

const char* to_string(DecisionStep step);

struct Decision {
  bool first_wins = true;  // `a` is at least as good as `b` (true when equal)
  DecisionStep step = DecisionStep::equal;
};

// Compares two paths of the same prefix. Antisymmetric: compare(a, b) and compare(b, a) agree
// on the winner and the step, except that `equal` reports first_wins in both orders.
Decision compare(const PathView& a, const PathView& b);

// LOCAL_PREF as the decision process reads it (RFC 4271 §5.1.5: absent means 100 here).
inline std::uint32_t effective_local_pref(const wire::PathAttributes& a) {
  return a.local_pref.value_or(100);
}

}  // namespace rr::engine
