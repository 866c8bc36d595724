// Attribute type names and the RFC 6793 conversions between a 2-octet session's view of a path
// (AS_PATH/AGGREGATOR with AS_TRANS plus AS4_PATH/AS4_AGGREGATOR) and the 4-octet view the engine
// keeps.
#include "rr/wire/attributes/path_attributes.hpp"

#include "rr/wire/context.hpp"

namespace rr::wire {

std::string_view to_string(AttrType type) {
  switch (type) {
    case AttrType::origin:
      return "ORIGIN";
    case AttrType::as_path:
      return "AS_PATH";
    case AttrType::next_hop:
      return "NEXT_HOP";
    case AttrType::multi_exit_disc:
      return "MULTI_EXIT_DISC";
    case AttrType::local_pref:
      return "LOCAL_PREF";
    case AttrType::atomic_aggregate:
      return "ATOMIC_AGGREGATE";
    case AttrType::aggregator:
      return "AGGREGATOR";
    case AttrType::communities:
      return "COMMUNITIES";
    case AttrType::originator_id:
      return "ORIGINATOR_ID";
    case AttrType::cluster_list:
      return "CLUSTER_LIST";
    case AttrType::mp_reach_nlri:
      return "MP_REACH_NLRI";
    case AttrType::mp_unreach_nlri:
      return "MP_UNREACH_NLRI";
    case AttrType::extended_communities:
      return "EXTENDED_COMMUNITIES";
    case AttrType::as4_path:
      return "AS4_PATH";
    case AttrType::as4_aggregator:
      return "AS4_AGGREGATOR";
    case AttrType::large_communities:
      return "LARGE_COMMUNITY";
  }
  return "UNKNOWN";
}

void apply_as4_merge(PathAttributes& attrs) {
  // RFC 6793 §4.2.3: an AGGREGATOR that is not AS_TRANS means the route was aggregated by an
  // OLD speaker after the AS4 attributes were added; both AS4 attributes are then stale and
  // ignored. Otherwise AS4_AGGREGATOR replaces AGGREGATOR and AS4_PATH is merged into AS_PATH.
  const bool stale = attrs.aggregator && attrs.aggregator->asn != kAsTrans;
  if (!stale) {
    if (attrs.aggregator && attrs.as4_aggregator) attrs.aggregator = *attrs.as4_aggregator;
    if (attrs.as_path && attrs.as4_path)
      attrs.as_path = merge_as4_path(*attrs.as_path, *attrs.as4_path);
  }
  attrs.as4_path.reset();
  attrs.as4_aggregator.reset();
}

void prepare_for_two_octet(PathAttributes& attrs) {
  attrs.as4_path.reset();
  attrs.as4_aggregator.reset();
  if (attrs.as_path) {
    SplitAsPath split = split_for_two_octet(*attrs.as_path);
    attrs.as_path = std::move(split.as_path);
    attrs.as4_path = std::move(split.as4_path);
  }
  // RFC 6793 §4.2.2: an aggregating AS that needs 4 octets goes in AS4_AGGREGATOR, with
  // AS_TRANS in AGGREGATOR.
  if (attrs.aggregator && attrs.aggregator->asn > 0xffffU) {
    attrs.as4_aggregator = attrs.aggregator;
    attrs.aggregator->asn = kAsTrans;
  }
}

}  // namespace rr::wire
