// Invariants of a decoded UPDATE, shared by update_fuzzer and message_fuzzer.
//
// RFC 7606 §2 verdicts are consistent with the errors listed; NLRI are well-formed for their
// field (types.hpp); End-of-RIB markers (RFC 4724 §2) are exactly what make_end_of_rib builds;
// the RFC 6793 helpers do what they promise; and an UPDATE decoded without error re-encodes to a
// message that decodes to the same value and re-encodes to the same octets.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "rr/wire/attributes/attribute_type.hpp"
#include "rr/wire/attributes/path_attributes.hpp"
#include "rr/wire/bytes.hpp"
#include "rr/wire/context.hpp"
#include "rr/wire/error.hpp"
#include "rr/wire/header.hpp"
#include "rr/wire/types.hpp"
#include "rr/wire/update_message.hpp"
#include "rr/wire/update_packer.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace fuzz {

inline bool is_decoded_family(rr::wire::AfiSafi af) {
  using rr::wire::Afi;
  using rr::wire::Safi;
  return (af.afi == Afi::ipv4 || af.afi == Afi::ipv6) &&
         (af.safi == Safi::unicast || af.safi == Safi::multicast);
}

inline void check_nlri_list(const std::vector<rr::wire::Nlri>& list, rr::wire::Afi afi,
                            bool add_path) {
  for (const auto& n : list) {
    check_prefix(n.prefix, afi);
    check(add_path || n.path_id == 0, "path_id is 0 without ADD-PATH");
  }
}

// `action` is the worst action of `errors`, and a successful decode never asks for more than
// treat-as-withdraw (update_message.hpp: worse verdicts are returned as errors).
inline void check_update_verdict(const rr::wire::UpdateMessage& m) {
  using rr::wire::ErrorAction;
  if (m.action == ErrorAction::none) {
    check(m.errors.empty(), "action none has no errors");
    return;
  }
  check(!m.errors.empty(), "an action other than none lists its errors");
  check(m.action <= ErrorAction::treat_as_withdraw,
        "decoded UPDATE action is at most treat-as-withdraw");
  ErrorAction worst = ErrorAction::none;
  for (const auto& e : m.errors) {
    check_error(e);
    check(e.code == rr::wire::ErrorCode::update_message, "UPDATE errors are UPDATE Message Errors");
    worst = std::max(worst, e.action);
  }
  check(worst == m.action, "action is the worst action of the errors");
}

inline void check_update_fields(const rr::wire::UpdateMessage& m,
                                const rr::wire::CodecContext& ctx) {
  using rr::wire::kIpv4Unicast;
  check_nlri_list(m.withdrawn, rr::wire::Afi::ipv4, ctx.add_path.contains(kIpv4Unicast));
  check_nlri_list(m.nlri, rr::wire::Afi::ipv4, ctx.add_path.contains(kIpv4Unicast));
  if (m.mp_reach) {
    const auto& r = *m.mp_reach;
    if (is_decoded_family(r.afi_safi)) {
      check_nlri_list(r.nlri, r.afi_safi.afi, ctx.add_path.contains(r.afi_safi));
      check(r.opaque_nlri.empty() && r.opaque_next_hop.empty(),
            "decoded MP_REACH families keep nothing opaque");
      check(!r.next_hop.link_local || !r.next_hop.global.is_v4(),
            "a link-local next hop comes with an IPv6 global one");
    } else {
      check(r.nlri.empty(), "undecoded MP_REACH families keep their NLRI opaque");
    }
  }
  if (m.mp_unreach) {
    const auto& u = *m.mp_unreach;
    if (is_decoded_family(u.afi_safi)) {
      check_nlri_list(u.withdrawn, u.afi_safi.afi, ctx.add_path.contains(u.afi_safi));
      check(u.opaque_withdrawn.empty(), "decoded MP_UNREACH families keep nothing opaque");
    } else {
      check(u.withdrawn.empty(), "undecoded MP_UNREACH families keep their NLRI opaque");
    }
  }
  for (const auto& a : m.attributes.unknown) {
    check((a.flags & rr::wire::attr_flag::kExtendedLength) == 0,
          "unknown attribute flags are kept without the extended-length bit");
  }
}

// RFC 6793 §4.2.2 / §4.2.3 helpers on what was decoded.
inline void check_as4_helpers(const rr::wire::PathAttributes& attrs,
                              const rr::wire::CodecContext& ctx) {
  auto copy = attrs;
  if (ctx.four_octet_as) {
    rr::wire::prepare_for_two_octet(copy);
    if (copy.as_path) {
      for (const auto& seg : copy.as_path->segments) {
        for (auto asn : seg.asns)
          check(asn <= 0xFFFFU, "prepare_for_two_octet leaves 2-octet ASes");
      }
    }
    if (copy.aggregator)
      check(copy.aggregator->asn <= 0xFFFFU, "prepared AGGREGATOR AS fits 2 octets");
  } else {
    rr::wire::apply_as4_merge(copy);
    check(!copy.as4_path && !copy.as4_aggregator,
          "apply_as4_merge removes AS4_PATH/AS4_AGGREGATOR");
  }
}

// The value that re-decoding an encoded `m` must give: the encoder sets the Partial bit on
// unknown optional transitive attributes (RFC 4271 §5, update_message.hpp).
inline rr::wire::UpdateMessage expected_after_reencode(rr::wire::UpdateMessage m) {
  using namespace rr::wire::attr_flag;
  for (auto& a : m.attributes.unknown) {
    if ((a.flags & (kOptional | kTransitive)) == (kOptional | kTransitive)) a.flags |= kPartial;
  }
  return m;
}

inline void check_update_round_trip(const rr::wire::UpdateMessage& m,
                                    const rr::wire::CodecContext& ctx) {
  using rr::wire::kHeaderSize;
  rr::wire::Bytes first;
  const auto encoded = rr::wire::encode(m, ctx, first);
  // Decoded from a message that fitted: nothing the encoder adds makes it longer.
  check(encoded.has_value(), "an UPDATE decoded without error re-encodes");
  check(first.size() <= ctx.max_message_size(), "re-encoded UPDATE fits the message size");
  check_framed(first, rr::wire::MessageType::update, ctx);
  const auto again = rr::wire::decode_update(std::span(first).subspan(kHeaderSize), ctx);
  check(again.has_value(), "re-encoded UPDATE decodes");
  check(*again == expected_after_reencode(m), "re-encoded UPDATE decodes to an equal value");
  rr::wire::Bytes second;
  check(rr::wire::encode(*again, ctx, second).has_value(), "second encode succeeds");
  check(second == first, "encoding is idempotent");
}

inline void check_end_of_rib(const rr::wire::UpdateMessage& m, const rr::wire::CodecContext& ctx) {
  const auto family = m.end_of_rib();
  if (!family) return;
  check(m == rr::wire::UpdateMessage::make_end_of_rib(*family), "an End-of-RIB is make_end_of_rib");
  rr::wire::Bytes marker;
  rr::wire::encode_end_of_rib(*family, marker);
  check_framed(marker, rr::wire::MessageType::update, ctx);
  const auto decoded =
      rr::wire::decode_update(std::span(marker).subspan(rr::wire::kHeaderSize), ctx);
  check(decoded.has_value() && decoded->end_of_rib() == family, "encode_end_of_rib round-trips");
}

// Everything above, for an UPDATE that decode_update (or decode_message) accepted.
inline void check_update(const rr::wire::UpdateMessage& m, const rr::wire::CodecContext& ctx) {
  check_update_verdict(m);
  check_update_fields(m, ctx);
  check_as4_helpers(m.attributes, ctx);
  if (m.action != rr::wire::ErrorAction::none) return;
  check_end_of_rib(m, ctx);
  check_update_round_trip(m, ctx);
}

}  // namespace fuzz
