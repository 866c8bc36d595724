// The decision process of best_path.hpp: each step compares one property of both paths and the
// first step that tells them apart decides.
#include "rr/engine/best_path.hpp"

#include <compare>
#include <cstddef>
#include <optional>

namespace rr::engine {
namespace {

// What a path without attributes reads as (a default PathView): every attribute absent.
const wire::PathAttributes& attributes_of(const PathView& p) {
  static const wire::PathAttributes none;
  return p.attrs != nullptr ? *p.attrs : none;
}

std::size_t as_path_length(const wire::PathAttributes& a) {
  return a.as_path ? a.as_path->length() : 0;
}

// The neighbour AS for the MED rule: the first AS of the AS_PATH; nullopt for a path from our
// own AS (empty AS_PATH), which is comparable only with other such paths.
std::optional<std::uint32_t> neighbour_as(const wire::PathAttributes& a) {
  return a.as_path ? a.as_path->first_as() : std::nullopt;
}

// RFC 4456 §9: ORIGINATOR_ID stands in for the BGP identifier when present.
wire::Ipv4Address effective_router_id(const PathView& p, const wire::PathAttributes& a) {
  return a.originator_id.value_or(p.peer_router_id);
}

std::size_t cluster_list_length(const wire::PathAttributes& a) {
  return a.cluster_list ? a.cluster_list->size() : 0;
}

// Runs the steps in order; the first one whose keys differ decides. Each step is given one key
// per path such that the lower key (by <=>) belongs to the better path.
struct Comparator {
  Decision decision{};
  bool decided = false;

  template <typename T>
  void step(DecisionStep s, const T& key_a, const T& key_b) {
    if (decided) return;
    const auto order = key_a <=> key_b;
    if (order == 0) return;
    decided = true;
    decision = Decision{order < 0, s};
  }
};

}  // namespace

const char* to_string(DecisionStep step) {
  switch (step) {
    case DecisionStep::not_stale:
      return "not-stale";
    case DecisionStep::local_pref:
      return "local-pref";
    case DecisionStep::as_path_length:
      return "as-path-length";
    case DecisionStep::origin:
      return "origin";
    case DecisionStep::med:
      return "med";
    case DecisionStep::ebgp_over_ibgp:
      return "ebgp-over-ibgp";
    case DecisionStep::router_id:
      return "router-id";
    case DecisionStep::cluster_list_length:
      return "cluster-list-length";
    case DecisionStep::peer_address:
      return "peer-address";
    case DecisionStep::path_id:
      return "path-id";
    case DecisionStep::equal:
      return "equal";
  }
  return "?";
}

Decision compare(const PathView& a, const PathView& b) {
  const wire::PathAttributes& aa = attributes_of(a);
  const wire::PathAttributes& ba = attributes_of(b);
  Comparator c;

  // false < true: the path that is not stale is the lower, better one.
  c.step(DecisionStep::not_stale, a.stale, b.stale);
  // Higher LOCAL_PREF wins: compare b's against a's.
  c.step(DecisionStep::local_pref, effective_local_pref(ba), effective_local_pref(aa));
  c.step(DecisionStep::as_path_length, as_path_length(aa), as_path_length(ba));
  c.step(DecisionStep::origin, static_cast<int>(aa.origin.value_or(wire::Origin::incomplete)),
         static_cast<int>(ba.origin.value_or(wire::Origin::incomplete)));
  if (neighbour_as(aa) == neighbour_as(ba)) {
    c.step(DecisionStep::med, aa.med.value_or(0), ba.med.value_or(0));
  }
  // eBGP wins: compare b's flag against a's.
  c.step(DecisionStep::ebgp_over_ibgp, b.from_ebgp, a.from_ebgp);
  c.step(DecisionStep::router_id, effective_router_id(a, aa), effective_router_id(b, ba));
  c.step(DecisionStep::cluster_list_length, cluster_list_length(aa), cluster_list_length(ba));
  c.step(DecisionStep::peer_address, a.peer_address, b.peer_address);
  c.step(DecisionStep::path_id, a.path_id, b.path_id);
  return c.decided ? c.decision : Decision{true, DecisionStep::equal};
}

}  // namespace rr::engine
