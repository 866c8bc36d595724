// Encoding the path attribute list (RFC 4271 §4.3).
//
// Canonical layout, used for everything the reflector builds: MP_REACH_NLRI and MP_UNREACH_NLRI
// first (RFC 7606 §5.1 asks senders for this; BIRD and FRR do it), then the other attributes in
// type-code order with unknown ones interleaved by code. The Extended Length bit is set only when
// a value exceeds 255 octets. A decoded UPDATE carries the layout it arrived with
// (AttributeLayout); encode() follows it so that received octets come back unchanged.
//
// Flags: each known attribute gets its category's Optional/Transitive bits; an unknown optional
// transitive attribute gets Partial (RFC 4271 §5). AS_PATH and AGGREGATOR use the context's AS
// width (RFC 6793 §4.1); AS4_PATH and AS4_AGGREGATOR are only sent on 2-octet sessions.
#include <algorithm>

#include "rr/wire/attributes/attribute_codec.hpp"

namespace rr::wire::detail {

namespace {

// Writes the attributes of one message, each at most once, into `Sink` (attribute_codec.hpp:
// run once to measure, once to write). The canonical pass is straight-line code; the written-set
// bookkeeping is only needed after a recorded layout was replayed. Lives on the stack of one
// encode.
template <class Sink>
class AttributeEncoder {
 public:
  AttributeEncoder(const PathAttributes& attrs, const MpReach* reach, const MpUnreach* unreach,
                   const CodecContext& ctx, Sink& w)
      : attrs_(attrs),
        reach_(reach),
        unreach_(unreach),
        ctx_(ctx),
        w_(w),
        asn_size_(ctx.four_octet_as ? 4U : 2U) {}

  // Writes the attribute of `type` as a recorded layout lists it; `wire_flags` adds Extended
  // Length and, for known attributes, Partial.
  void write_recorded(std::uint8_t type, std::uint8_t wire_flags) {
    tracking_ = true;
    if (written_.insert(type)) return;
    const auto extra =
        static_cast<std::uint8_t>(wire_flags & (attr_flag::kExtendedLength | attr_flag::kPartial));
    switch (static_cast<AttrType>(type)) {
      case AttrType::origin:
        return emit<AttrType::origin>(extra);
      case AttrType::as_path:
        return emit<AttrType::as_path>(extra);
      case AttrType::next_hop:
        return emit<AttrType::next_hop>(extra);
      case AttrType::multi_exit_disc:
        return emit<AttrType::multi_exit_disc>(extra);
      case AttrType::local_pref:
        return emit<AttrType::local_pref>(extra);
      case AttrType::atomic_aggregate:
        return emit<AttrType::atomic_aggregate>(extra);
      case AttrType::aggregator:
        return emit<AttrType::aggregator>(extra);
      case AttrType::communities:
        return emit<AttrType::communities>(extra);
      case AttrType::originator_id:
        return emit<AttrType::originator_id>(extra);
      case AttrType::cluster_list:
        return emit<AttrType::cluster_list>(extra);
      case AttrType::mp_reach_nlri:
        return emit<AttrType::mp_reach_nlri>(extra);
      case AttrType::mp_unreach_nlri:
        return emit<AttrType::mp_unreach_nlri>(extra);
      case AttrType::extended_communities:
        return emit<AttrType::extended_communities>(extra);
      case AttrType::as4_path:
        return emit<AttrType::as4_path>(extra);
      case AttrType::as4_aggregator:
        return emit<AttrType::as4_aggregator>(extra);
      case AttrType::large_communities:
        return emit<AttrType::large_communities>(extra);
    }
    write_unknown(type, wire_flags);
  }

  // MP attributes first (RFC 7606 §5.1), then the rest in type-code order with unknown ones
  // interleaved; whatever a replayed layout already wrote is skipped.
  void write_canonical() {
    canonical<AttrType::mp_reach_nlri>(false);
    canonical<AttrType::mp_unreach_nlri>(false);
    canonical<AttrType::origin>(true);
    canonical<AttrType::as_path>(true);
    canonical<AttrType::next_hop>(true);
    canonical<AttrType::multi_exit_disc>(true);
    canonical<AttrType::local_pref>(true);
    canonical<AttrType::atomic_aggregate>(true);
    canonical<AttrType::aggregator>(true);
    canonical<AttrType::communities>(true);
    canonical<AttrType::originator_id>(true);
    canonical<AttrType::cluster_list>(true);
    canonical<AttrType::extended_communities>(true);
    canonical<AttrType::as4_path>(true);
    canonical<AttrType::as4_aggregator>(true);
    canonical<AttrType::large_communities>(true);
    unknown_below(256);
  }

 private:
  template <AttrType T>
  void canonical(bool after_unknown) {
    constexpr auto kCode = static_cast<std::uint8_t>(T);
    if (after_unknown) unknown_below(kCode);
    if (tracking_ && written_.insert(kCode)) return;
    emit<T>(0);
  }

  // Unknown attributes (kept in type-code order) with a code below `code`.
  void unknown_below(unsigned code) {
    const auto& unknown = attrs_.unknown;
    for (; next_unknown_ < unknown.size() && unknown[next_unknown_].type < code; ++next_unknown_) {
      const std::uint8_t type = unknown[next_unknown_].type;
      if (tracking_ && written_.contains(type)) continue;
      write_unknown(type, 0);
    }
  }

  template <AttrType T>
  void emit(std::uint8_t extra) {
    constexpr auto kType = static_cast<std::uint8_t>(T);
    const PathAttributes& a = attrs_;
    if constexpr (T == AttrType::origin) {
      if (!a.origin) return;
      header(kWellKnown, extra, kType, 1);
      w_.u8(static_cast<std::uint8_t>(*a.origin));
    } else if constexpr (T == AttrType::as_path) {
      if (!a.as_path) return;
      header(kWellKnown, extra, kType, as_path_value_size(*a.as_path, asn_size_));
      put_as_path(w_, *a.as_path, asn_size_);
    } else if constexpr (T == AttrType::next_hop) {
      if (a.next_hop) u32_attribute(kWellKnown, extra, kType, a.next_hop->value);
    } else if constexpr (T == AttrType::multi_exit_disc) {
      if (a.med) u32_attribute(kOptNonTransitive, extra, kType, *a.med);
    } else if constexpr (T == AttrType::local_pref) {
      if (a.local_pref) u32_attribute(kWellKnown, extra, kType, *a.local_pref);
    } else if constexpr (T == AttrType::atomic_aggregate) {
      if (a.atomic_aggregate) header(kWellKnown, extra, kType, 0);
    } else if constexpr (T == AttrType::aggregator) {
      if (a.aggregator) aggregator(extra, kType, *a.aggregator, asn_size_);
    } else if constexpr (T == AttrType::communities) {
      if (a.communities.empty()) return;
      header(kOptTransitive, extra, kType, 4 * a.communities.size());
      put_communities(w_, a.communities);
    } else if constexpr (T == AttrType::originator_id) {
      if (a.originator_id) u32_attribute(kOptNonTransitive, extra, kType, a.originator_id->value);
    } else if constexpr (T == AttrType::cluster_list) {
      if (!a.cluster_list || a.cluster_list->empty()) return;
      header(kOptNonTransitive, extra, kType, 4 * a.cluster_list->size());
      for (const auto& id : *a.cluster_list)
        w_.u32(id.value);
    } else if constexpr (T == AttrType::mp_reach_nlri) {
      if (reach_ != nullptr) put_mp_reach(w_, *reach_, ctx_, extra);
    } else if constexpr (T == AttrType::mp_unreach_nlri) {
      if (unreach_ != nullptr) put_mp_unreach(w_, *unreach_, ctx_, extra);
    } else if constexpr (T == AttrType::extended_communities) {
      if (a.extended_communities.empty()) return;
      header(kOptTransitive, extra, kType, 8 * a.extended_communities.size());
      put_extended_communities(w_, a.extended_communities);
    } else if constexpr (T == AttrType::as4_path) {
      // RFC 6793 §4.1: never sent to a 4-octet speaker; an empty one would be malformed.
      if (!a.as4_path || ctx_.four_octet_as || a.as4_path->segments.empty()) return;
      header(kOptTransitive, extra, kType, as_path_value_size(*a.as4_path, 4));
      put_as_path(w_, *a.as4_path, 4);
    } else if constexpr (T == AttrType::as4_aggregator) {
      if (a.as4_aggregator && !ctx_.four_octet_as) aggregator(extra, kType, *a.as4_aggregator, 4);
    } else if constexpr (T == AttrType::large_communities) {
      if (a.large_communities.empty()) return;
      header(kOptTransitive, extra, kType, 12 * a.large_communities.size());
      put_large_communities(w_, a.large_communities);
    }
  }

  void header(std::uint8_t category, std::uint8_t extra, std::uint8_t type, std::size_t length) {
    put_attribute_header(w_, static_cast<std::uint8_t>(category | extra), type, length);
  }

  void u32_attribute(std::uint8_t category, std::uint8_t extra, std::uint8_t type,
                     std::uint32_t v) {
    header(category, extra, type, 4);
    w_.u32(v);
  }

  void aggregator(std::uint8_t extra, std::uint8_t type, const Aggregator& agg, unsigned asn_size) {
    header(kOptTransitive, extra, type, asn_size + 4);
    if (asn_size == 4) {
      w_.u32(agg.asn);
    } else {
      // RFC 6793 §4.2.2: an AS that needs four octets is sent as AS_TRANS.
      w_.u16(agg.asn > 0xffffU ? kAsTrans : static_cast<std::uint16_t>(agg.asn));
    }
    w_.u32(agg.address.value);
  }

  void write_unknown(std::uint8_t type, std::uint8_t wire_flags) {
    const auto& unknown = attrs_.unknown;
    const auto it = std::find_if(unknown.begin(), unknown.end(),
                                 [type](const UnknownAttribute& u) { return u.type == type; });
    if (it == unknown.end()) return;
    auto flags = static_cast<std::uint8_t>((it->flags & ~attr_flag::kExtendedLength) |
                                           (wire_flags & attr_flag::kExtendedLength));
    // RFC 4271 §5: an unrecognized optional transitive attribute is passed on with Partial set.
    if ((flags & kOptTransitive) == kOptTransitive) flags |= attr_flag::kPartial;
    put_attribute_header(w_, flags, type, it->value.size());
    w_.bytes(it->value);
  }

  const PathAttributes& attrs_;
  const MpReach* reach_;
  const MpUnreach* unreach_;
  const CodecContext& ctx_;
  Sink& w_;
  unsigned asn_size_;
  bool tracking_ = false;
  std::size_t next_unknown_ = 0;
  AttrTypeSet written_;
};

template <class Sink>
void run_encoder(Sink& sink, const PathAttributes& attrs, const MpReach* reach,
                 const MpUnreach* unreach, const AttributeLayout& layout, const CodecContext& ctx) {
  AttributeEncoder<Sink> encoder(attrs, reach, unreach, ctx, sink);
  for (std::size_t i = 0; i < layout.size; ++i) {
    encoder.write_recorded(layout.types[i], layout.flags[i]);
  }
  encoder.write_canonical();
}

}  // namespace

void encode_attribute_list(const PathAttributes& attrs, const MpReach* reach,
                           const MpUnreach* unreach, const AttributeLayout& layout,
                           const CodecContext& ctx, Bytes& out) {
  CountingSink count;
  run_encoder(count, attrs, reach, unreach, layout, ctx);
  const std::size_t at = out.size();
  out.resize(at + count.size());
  PointerSink sink(out.data() + at);
  run_encoder(sink, attrs, reach, unreach, layout, ctx);
}

}  // namespace rr::wire::detail

namespace rr::wire {

void encode_path_attributes(const PathAttributes& attrs, const CodecContext& ctx, Writer& w) {
  detail::encode_attribute_list(attrs, nullptr, nullptr, AttributeLayout{}, ctx, w.buffer());
}

}  // namespace rr::wire
