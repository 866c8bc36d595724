// Decoding the path attribute list: one descriptor table keyed by type code (expected flags,
// fixed length, RFC 7606 action, value decoder) and a walker that applies RFC 7606 §3/§4 to the
// list. Also the value decoders of the single-value attributes:
// ORIGIN, NEXT_HOP, MULTI_EXIT_DISC, LOCAL_PREF, ATOMIC_AGGREGATE, AGGREGATOR, ORIGINATOR_ID,
// CLUSTER_LIST and AS4_AGGREGATOR.
//
// Choices worth knowing:
//   - Attribute flags (RFC 7606 §3 c): only the Optional and Transitive bits are checked; a
//     conflict is treat-as-withdraw, except MP_REACH/MP_UNREACH (§7.11: AFI/SAFI disable or
//     session reset) and AS4_PATH/AS4_AGGREGATOR (RFC 6793 §6 discards any malformed AS4
//     attribute).
//   - Unknown types: optional ones, transitive or not, are kept in PathAttributes::unknown in
//     type-code order; the engine drops the non-transitive ones and the encoder adds Partial to
//     the transitive ones (RFC 4271 §5). An unknown well-known type resets the session with
//     Unrecognized Well-known Attribute (RFC 4271 §6.3).
//   - Session-level rules (LOCAL_PREF, ORIGINATOR_ID, CLUSTER_LIST from eBGP; confederation
//     segments from eBGP; NEXT_HOP semantics; leftmost AS) need the peer type and belong to the
//     session, not to the codec.
#include "rr/wire/attributes/attribute_codec.hpp"

#include <algorithm>
#include <array>

#include "rr/wire/nlri.hpp"

namespace rr::wire::detail {

namespace {

const std::uint8_t* octets(ByteView value) {
  return reinterpret_cast<const std::uint8_t*>(value.data());  // NOLINT
}

std::uint32_t load_u32(const std::uint8_t* p) {
  return (static_cast<std::uint32_t>(p[0]) << 24U) | (static_cast<std::uint32_t>(p[1]) << 16U) |
         (static_cast<std::uint32_t>(p[2]) << 8U) | static_cast<std::uint32_t>(p[3]);
}

AttrFault fault_from(const DecodeError& error) {
  return make_fault(static_cast<UpdateSubcode>(error.subcode), error.reason);
}

// ---- Value decoders. Each sees the value only; lengths fixed by the table are already checked.

using DecodeFn = std::optional<AttrFault> (*)(ByteView value, const CodecContext& ctx,
                                              UpdateMessage& msg);

std::optional<AttrFault> decode_origin(ByteView value, const CodecContext& /*ctx*/,
                                       UpdateMessage& msg) {
  // RFC 7606 §7.1: an undefined ORIGIN value is treat-as-withdraw.
  const std::uint8_t v = octets(value)[0];
  if (v > static_cast<std::uint8_t>(Origin::incomplete)) {
    return make_fault(UpdateSubcode::invalid_origin_attribute, "ORIGIN value undefined");
  }
  msg.attributes.origin = static_cast<Origin>(v);
  return std::nullopt;
}

std::optional<AttrFault> decode_as_path_attr(ByteView value, const CodecContext& ctx,
                                             UpdateMessage& msg) {
  // RFC 6793 §4.1: the width follows the negotiated capability. RFC 7606 §7.2.
  auto path = decode_as_path(value, ctx.four_octet_as ? 4U : 2U);
  if (!path) return fault_from(path.error());
  msg.attributes.as_path = std::move(*path);
  return std::nullopt;
}

std::optional<AttrFault> decode_next_hop(ByteView value, const CodecContext& /*ctx*/,
                                         UpdateMessage& msg) {
  // RFC 7606 §7.3: only the length is the codec's; whether the address is usable (the peer's
  // own address, martians) is for the session.
  msg.attributes.next_hop = Ipv4Address{load_u32(octets(value))};
  return std::nullopt;
}

std::optional<AttrFault> decode_med(ByteView value, const CodecContext& /*ctx*/,
                                    UpdateMessage& msg) {
  msg.attributes.med = load_u32(octets(value));  // RFC 7606 §7.4
  return std::nullopt;
}

std::optional<AttrFault> decode_local_pref(ByteView value, const CodecContext& /*ctx*/,
                                           UpdateMessage& msg) {
  msg.attributes.local_pref = load_u32(octets(value));  // RFC 7606 §7.5
  return std::nullopt;
}

std::optional<AttrFault> decode_atomic_aggregate(ByteView /*value*/, const CodecContext& /*ctx*/,
                                                 UpdateMessage& msg) {
  msg.attributes.atomic_aggregate = true;  // RFC 7606 §7.6
  return std::nullopt;
}

std::optional<AttrFault> decode_aggregator(ByteView value, const CodecContext& ctx,
                                           UpdateMessage& msg) {
  // RFC 7606 §7.7: 6 octets on a 2-octet session, 8 on a 4-octet one (RFC 6793 §4.1); any other
  // length is attribute discard.
  const std::size_t asn_size = ctx.four_octet_as ? 4 : 2;
  if (value.size() != asn_size + 4) {
    return make_fault(UpdateSubcode::attribute_length_error,
                      "AGGREGATOR length wrong for the AS width");
  }
  const std::uint8_t* p = octets(value);
  Aggregator agg;
  agg.asn = asn_size == 4 ? load_u32(p) : ((static_cast<std::uint32_t>(p[0]) << 8U) | p[1]);
  agg.address = Ipv4Address{load_u32(p + asn_size)};
  msg.attributes.aggregator = agg;
  return std::nullopt;
}

std::optional<AttrFault> decode_communities_attr(ByteView value, const CodecContext& /*ctx*/,
                                                 UpdateMessage& msg) {
  auto& out = msg.attributes.communities;  // RFC 7606 §7.8
  auto fault = decode_communities_into(value, out);
  if (fault) out.clear();
  return fault;
}

std::optional<AttrFault> decode_originator_id(ByteView value, const CodecContext& /*ctx*/,
                                              UpdateMessage& msg) {
  msg.attributes.originator_id = Ipv4Address{load_u32(octets(value))};  // RFC 7606 §7.9
  return std::nullopt;
}

std::optional<AttrFault> decode_cluster_list(ByteView value, const CodecContext& /*ctx*/,
                                             UpdateMessage& msg) {
  // RFC 7606 §7.10: malformed unless a non-zero multiple of 4.
  if (value.empty() || value.size() % 4 != 0) {
    return make_fault(UpdateSubcode::attribute_length_error,
                      "CLUSTER_LIST length is not a non-zero multiple of 4");
  }
  auto& list = msg.attributes.cluster_list.emplace();
  list.reserve(value.size() / 4);
  const std::uint8_t* p = octets(value);
  for (std::size_t i = 0; i < value.size(); i += 4)
    list.push_back(Ipv4Address{load_u32(p + i)});
  return std::nullopt;
}

std::optional<AttrFault> decode_extended_communities_attr(ByteView value,
                                                          const CodecContext& /*ctx*/,
                                                          UpdateMessage& msg) {
  auto& out = msg.attributes.extended_communities;  // RFC 7606 §7.14
  auto fault = decode_extended_communities_into(value, out);
  if (fault) out.clear();
  return fault;
}

std::optional<AttrFault> decode_as4_path(ByteView value, const CodecContext& ctx,
                                         UpdateMessage& msg) {
  constexpr UpdateSubcode kSub = UpdateSubcode::optional_attribute_error;
  // RFC 6793 §6: from a NEW (4-octet) speaker the attribute is discarded.
  if (ctx.four_octet_as) return make_fault(kSub, "AS4_PATH received on a 4-octet AS session");
  // RFC 6793 §6: malformed (too short to hold one AS, or a malformed segment) => discard.
  if (value.size() < 6) return make_fault(kSub, "AS4_PATH shorter than one segment");
  auto path = decode_as_path(value, 4);
  if (!path) return make_fault(UpdateSubcode::malformed_as_path, path.error().reason);
  // RFC 6793 §6: confederation segments in AS4_PATH are discarded, the rest is kept.
  auto& segs = path->segments;
  const auto confed = [](const AsPathSegment& s) {
    return s.type == AsSegmentType::confed_sequence || s.type == AsSegmentType::confed_set;
  };
  if (std::none_of(segs.begin(), segs.end(), confed)) {
    msg.attributes.as4_path = std::move(*path);
    return std::nullopt;
  }
  segs.erase(std::remove_if(segs.begin(), segs.end(), confed), segs.end());
  if (!segs.empty()) msg.attributes.as4_path = std::move(*path);
  return make_fault(kSub, "AS4_PATH confederation segments discarded");
}

std::optional<AttrFault> decode_as4_aggregator(ByteView value, const CodecContext& ctx,
                                               UpdateMessage& msg) {
  if (ctx.four_octet_as) {
    return make_fault(UpdateSubcode::optional_attribute_error,
                      "AS4_AGGREGATOR received on a 4-octet AS session");  // RFC 6793 §6
  }
  const std::uint8_t* p = octets(value);
  msg.attributes.as4_aggregator = Aggregator{load_u32(p), Ipv4Address{load_u32(p + 4)}};
  return std::nullopt;
}

std::optional<AttrFault> decode_large_communities_attr(ByteView value, const CodecContext& /*ctx*/,
                                                       UpdateMessage& msg) {
  auto& out = msg.attributes.large_communities;  // RFC 8092 §6
  auto fault = decode_large_communities_into(value, out);
  if (fault) out.clear();
  return fault;
}

// ---- The descriptor table ------------------------------------------------------------------

struct AttrDescriptor {
  DecodeFn decode = nullptr;       // nullptr: a type this codec does not interpret
  std::uint8_t flags = 0;          // the Optional and Transitive bits the type must carry
  std::int16_t fixed_length = -1;  // the only valid value length, if there is one
  ErrorAction on_malformed = ErrorAction::treat_as_withdraw;    // RFC 7606 §7
  ErrorAction on_flags_error = ErrorAction::treat_as_withdraw;  // RFC 7606 §3 c
};

constexpr std::array<AttrDescriptor, 256> kDescriptors = [] {
  std::array<AttrDescriptor, 256> t{};
  constexpr auto kWithdraw = ErrorAction::treat_as_withdraw;
  constexpr auto kDiscard = ErrorAction::attribute_discard;
  constexpr auto kDisable = ErrorAction::afi_safi_disable;
  const auto set = [&t](AttrType type, DecodeFn fn, std::uint8_t flags, std::int16_t length,
                        ErrorAction malformed, ErrorAction flags_error) {
    t[static_cast<std::uint8_t>(type)] = AttrDescriptor{fn, flags, length, malformed, flags_error};
  };
  set(AttrType::origin, decode_origin, kWellKnown, 1, kWithdraw, kWithdraw);
  set(AttrType::as_path, decode_as_path_attr, kWellKnown, -1, kWithdraw, kWithdraw);
  set(AttrType::next_hop, decode_next_hop, kWellKnown, 4, kWithdraw, kWithdraw);
  set(AttrType::multi_exit_disc, decode_med, kOptNonTransitive, 4, kWithdraw, kWithdraw);
  set(AttrType::local_pref, decode_local_pref, kWellKnown, 4, kWithdraw, kWithdraw);
  set(AttrType::atomic_aggregate, decode_atomic_aggregate, kWellKnown, 0, kDiscard, kWithdraw);
  set(AttrType::aggregator, decode_aggregator, kOptTransitive, -1, kDiscard, kWithdraw);
  set(AttrType::communities, decode_communities_attr, kOptTransitive, -1, kWithdraw, kWithdraw);
  set(AttrType::originator_id, decode_originator_id, kOptNonTransitive, 4, kWithdraw, kWithdraw);
  set(AttrType::cluster_list, decode_cluster_list, kOptNonTransitive, -1, kWithdraw, kWithdraw);
  set(AttrType::mp_reach_nlri, decode_mp_reach, kOptNonTransitive, -1, kDisable, kDisable);
  set(AttrType::mp_unreach_nlri, decode_mp_unreach, kOptNonTransitive, -1, kDisable, kDisable);
  set(AttrType::extended_communities, decode_extended_communities_attr, kOptTransitive, -1,
      kWithdraw, kWithdraw);
  set(AttrType::as4_path, decode_as4_path, kOptTransitive, -1, kDiscard, kDiscard);
  set(AttrType::as4_aggregator, decode_as4_aggregator, kOptTransitive, 8, kDiscard, kDiscard);
  set(AttrType::large_communities, decode_large_communities_attr, kOptTransitive, -1, kWithdraw,
      kWithdraw);
  return t;
}();

// RFC 4271 §6.3: these subcodes carry the offending attribute (flags, type, length, value) as
// NOTIFICATION data.
bool carries_attribute(UpdateSubcode sub) {
  switch (sub) {
    case UpdateSubcode::unrecognized_well_known_attribute:
    case UpdateSubcode::attribute_flags_error:
    case UpdateSubcode::attribute_length_error:
    case UpdateSubcode::invalid_origin_attribute:
    case UpdateSubcode::invalid_next_hop_attribute:
    case UpdateSubcode::optional_attribute_error:
      return true;
    default:
      return false;
  }
}

bool is_mp(std::uint8_t type) {
  return type == static_cast<std::uint8_t>(AttrType::mp_reach_nlri) ||
         type == static_cast<std::uint8_t>(AttrType::mp_unreach_nlri);
}

// One walk over an attribute list: which types were seen (RFC 7606 §3 g), the worst error that
// makes the UPDATE unusable, and whether unknown attributes arrived in type order. Lives on the
// stack of decode_attribute_list.
class AttributeWalk {
 public:
  AttributeWalk(const CodecContext& ctx, UpdateMessage& msg) : ctx_(ctx), msg_(msg) {}

  void run(ByteView attrs) {
    const std::uint8_t* base = octets(attrs);
    const std::size_t n = attrs.size();
    std::size_t i = 0;
    while (i < n && !stopped()) {
      const std::size_t left = n - i;
      const std::uint8_t flags = base[i];
      const std::size_t header = (flags & attr_flag::kExtendedLength) != 0 ? 4 : 3;
      if (left < header) {
        // RFC 7606 §4: fewer octets left than an attribute header. The Total Path Attribute
        // Length still locates the NLRI, so treat-as-withdraw.
        record(make_fault(UpdateSubcode::malformed_attribute_list, "attribute header truncated"),
               ErrorAction::treat_as_withdraw, attrs.subspan(i));
        return;
      }
      const std::uint8_t type = base[i + 1];
      const std::size_t length =
          header == 4 ? ((static_cast<std::size_t>(base[i + 2]) << 8U) | base[i + 3]) : base[i + 2];
      if (left - header < length) {
        // RFC 7606 §4: the attribute overruns the list; treat-as-withdraw. An overrunning MP
        // attribute takes its NLRI with it, which no session can survive.
        const AttrFault fault = make_fault(UpdateSubcode::attribute_length_error,
                                           "attribute overruns the attribute list");
        record(fault, is_mp(type) ? ErrorAction::session_reset : ErrorAction::treat_as_withdraw,
               attrs.subspan(i));
        return;
      }
      const ByteView whole = attrs.subspan(i, header + length);
      const ByteView value = attrs.subspan(i + header, length);
      i += header + length;
      visit(flags, type, value, whole);
    }
  }

  void finish() {
    if (unknown_sorted_) return;
    auto& u = msg_.attributes.unknown;
    std::sort(u.begin(), u.end(),
              [](const UnknownAttribute& a, const UnknownAttribute& b) { return a.type < b.type; });
  }

  AttributeListResult take_result() { return AttributeListResult{std::move(fatal_), seen_}; }

 private:
  [[nodiscard]] bool stopped() const {
    return fatal_ && fatal_->action == ErrorAction::session_reset;
  }

  void visit(std::uint8_t flags, std::uint8_t type, ByteView value, ByteView whole) {
    // RFC 7606 §3 g: a repeated MP attribute is a Malformed Attribute List; any other repeat is
    // discarded, whatever became of the first occurrence.
    if (seen_.insert(type)) {
      if (is_mp(type)) {
        record(make_fault(UpdateSubcode::malformed_attribute_list,
                          "MP_REACH_NLRI or MP_UNREACH_NLRI repeated"),
               ErrorAction::session_reset, whole);
      } else {
        record(make_fault(UpdateSubcode::malformed_attribute_list, "repeated attribute discarded"),
               ErrorAction::attribute_discard, whole);
      }
      return;
    }

    const AttrDescriptor& d = kDescriptors[type];
    // Recorded for re-encoding as received (update_message.hpp); an unknown attribute keeps its
    // Partial bit in UnknownAttribute instead.
    constexpr std::uint8_t kWireBits = attr_flag::kExtendedLength | attr_flag::kPartial;
    msg_.layout.push(type,
                     static_cast<std::uint8_t>(
                         flags & (d.decode != nullptr ? kWireBits : attr_flag::kExtendedLength)));
    if (d.decode == nullptr) {
      visit_unknown(flags, type, value, whole);
      return;
    }
    constexpr std::uint8_t kCategory = attr_flag::kOptional | attr_flag::kTransitive;
    if ((flags & kCategory) != d.flags) {
      report(make_fault(UpdateSubcode::attribute_flags_error,
                        "attribute flags conflict with the type"),
             d.on_flags_error, type, value, whole);
      return;
    }
    if (d.fixed_length >= 0 && value.size() != static_cast<std::size_t>(d.fixed_length)) {
      report(
          make_fault(UpdateSubcode::attribute_length_error, "attribute length wrong for the type"),
          d.on_malformed, type, value, whole);
      return;
    }
    if (auto fault = d.decode(value, ctx_, msg_)) {
      report(*fault, fault->action != ErrorAction::none ? fault->action : d.on_malformed, type,
             value, whole);
    }
  }

  void visit_unknown(std::uint8_t flags, std::uint8_t type, ByteView value, ByteView whole) {
    if ((flags & attr_flag::kOptional) == 0) {
      // RFC 4271 §6.3 / RFC 7606 §3: an unrecognized well-known attribute resets the session.
      record(make_fault(UpdateSubcode::unrecognized_well_known_attribute,
                        "unrecognized well-known attribute"),
             ErrorAction::session_reset, whole);
      return;
    }
    auto& unknown = msg_.attributes.unknown;
    if (!unknown.empty() && unknown.back().type > type) unknown_sorted_ = false;
    unknown.push_back(
        UnknownAttribute{static_cast<std::uint8_t>(flags & ~attr_flag::kExtendedLength), type,
                         Bytes(value.begin(), value.end())});
  }

  // Records `fault`; a generic fault (flags, length) of an MP attribute becomes AFI/SAFI
  // disable for the family it names (RFC 7606 §7.11).
  void report(const AttrFault& fault, ErrorAction action, std::uint8_t type, ByteView value,
              ByteView whole) {
    if (is_mp(type) && !fault.afi_safi && action >= ErrorAction::afi_safi_disable) {
      const AttrFault mp = mp_fault(value, fault.subcode, fault.reason);
      record(mp, mp.action, whole);
      return;
    }
    record(fault, action, whole);
  }

  // Survivable errors go to the message; unusable ones are kept, the worst first seen winning.
  void record(const AttrFault& fault, ErrorAction action, ByteView whole) {
    DecodeError error = update_error(
        fault.subcode, fault.reason,
        carries_attribute(fault.subcode) ? Bytes(whole.begin(), whole.end()) : Bytes{});
    error.action = action;
    error.afi_safi = fault.afi_safi;
    if (action >= ErrorAction::afi_safi_disable) {
      if (!fatal_ || fatal_->action < action) fatal_ = std::move(error);
      return;
    }
    msg_.action = std::max(msg_.action, action);
    msg_.errors.push_back(std::move(error));
  }

  const CodecContext& ctx_;
  UpdateMessage& msg_;
  AttrTypeSet seen_;
  std::optional<DecodeError> fatal_;
  bool unknown_sorted_ = true;
};

}  // namespace

AttributeListResult decode_attribute_list(ByteView attrs, const CodecContext& ctx,
                                          UpdateMessage& msg) {
  AttributeWalk walk(ctx, msg);
  walk.run(attrs);
  walk.finish();
  return walk.take_result();
}

}  // namespace rr::wire::detail
