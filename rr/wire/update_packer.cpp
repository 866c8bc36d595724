// Update packing: many NLRI sharing one attribute set go into as few UPDATEs as fit in the
// negotiated maximum size (RFC 4271 §4.1 4096 octets, RFC 8654 65535).
//
// The attribute block is encoded once. For each message the packer first counts how many NLRI
// fit, then writes the message in one go through raw pointers into pre-sized output: no per-NLRI
// allocation, and every length field is known before it is written. When NLRI travel in
// MP_REACH_NLRI / MP_UNREACH_NLRI the attribute's value grows with them and its header grows from
// 3 to 4 octets once the value passes 255 (the extended-length bit, RFC 4271 §4.3); the count
// accounts for that. MP attributes are written first (RFC 7606 §5.1), the rest follows.
#include "rr/wire/update_packer.hpp"

#include <array>

#include "rr/wire/attributes/attribute_codec.hpp"
#include "rr/wire/nlri.hpp"
#include "rr/wire/update_message.hpp"

namespace rr::wire {

namespace {

constexpr std::size_t kFixedBody = 4;  // Withdrawn Routes Length + Total Path Attribute Length

DecodeError pack_error(std::string_view reason) {
  DecodeError error;
  error.action = ErrorAction::none;
  error.code = ErrorCode::message_header;
  error.subcode = static_cast<std::uint8_t>(HeaderSubcode::bad_message_length);
  error.reason = reason;
  return error;
}

// Counts how many entries from `first` fit when `fixed` octets of the message are taken and the
// NLRI live inside an MP attribute whose value starts with `mp_fixed` octets (0 and no attribute
// header when the NLRI go in a plain field). Returns the end index and the NLRI octets.
struct Fill {
  std::size_t end = 0;
  std::size_t octets = 0;
};
template <bool kAddPath>
Fill count_fit(std::span<const Nlri> nlri, std::size_t first, std::size_t fixed,
               bool in_mp_attribute, std::size_t mp_fixed, std::size_t max_size) {
  Fill fill{first, 0};
  if (fixed >= max_size) return fill;
  const std::size_t budget = max_size - fixed;  // octets left for NLRI (and the MP attribute)
  const std::size_t n = nlri.size();
  if (!in_mp_attribute) {
    for (; fill.end < n; ++fill.end) {
      const std::size_t next = fill.octets + encoded_size(nlri[fill.end], kAddPath);
      if (next > budget) break;
      fill.octets = next;
    }
    return fill;
  }
  for (; fill.end < n; ++fill.end) {
    const std::size_t next = fill.octets + encoded_size(nlri[fill.end], kAddPath);
    const std::size_t value = mp_fixed + next;
    // The attribute header grows to 4 octets once the value passes 255 (RFC 4271 §4.3).
    if (value + detail::attribute_header_size(value) > budget) break;
    fill.octets = next;
  }
  return fill;
}

Fill count_fit(std::span<const Nlri> nlri, std::size_t first, bool add_path, std::size_t fixed,
               bool in_mp_attribute, std::size_t mp_fixed, std::size_t max_size) {
  return add_path ? count_fit<true>(nlri, first, fixed, in_mp_attribute, mp_fixed, max_size)
                  : count_fit<false>(nlri, first, fixed, in_mp_attribute, mp_fixed, max_size);
}

std::byte* put_prefixes(std::byte* p, std::span<const Nlri> nlri, std::size_t first,
                        std::size_t end, bool add_path) {
  if (add_path) {
    for (std::size_t i = first; i < end; ++i)
      p = detail::put_prefix(p, nlri[i], true);
  } else {
    for (std::size_t i = first; i < end; ++i)
      p = detail::put_prefix(p, nlri[i], false);
  }
  return p;
}

// A first guess at the output size: typical entries (an IPv4 /24, an IPv6 /48) and one message
// overhead per 4 KB. Growth past it is geometric (ensure_capacity).
std::size_t estimate_output(std::span<const Nlri> nlri, bool add_path, std::size_t overhead) {
  const bool v4 = nlri.empty() || nlri.front().prefix.afi == Afi::ipv4;
  const std::size_t payload = nlri.size() * ((v4 ? 4U : 7U) + (add_path ? 4U : 0U));
  return payload + (((payload / 4000) + 1) * overhead) + detail::kPrefixSlack;
}

std::byte* put_mp_header(std::byte* p, AttrType type, std::size_t value_length) {
  if (value_length > 255) {
    p = detail::put_u8(p, attr_flag::kOptional | attr_flag::kExtendedLength);
    p = detail::put_u8(p, static_cast<std::uint8_t>(type));
    return detail::put_u16(p, value_length);
  }
  p = detail::put_u8(p, attr_flag::kOptional);
  p = detail::put_u8(p, static_cast<std::uint8_t>(type));
  return detail::put_u8(p, static_cast<std::uint8_t>(value_length));
}

std::byte* put_afi_safi(std::byte* p, AfiSafi af) {
  p = detail::put_u16(p, static_cast<std::uint16_t>(af.afi));
  return detail::put_u8(p, static_cast<std::uint8_t>(af.safi));
}

}  // namespace

Result<PackResult> pack_announcements(AfiSafi afi_safi, const PathAttributes& attrs,
                                      const std::optional<MpNextHop>& mp_next_hop,
                                      std::span<const Nlri> nlri, const CodecContext& ctx,
                                      Bytes& out) {
  PackResult result;
  if (nlri.empty()) return result;
  const bool add_path = ctx.add_path.contains(afi_safi);
  const bool in_nlri_field = afi_safi == kIpv4Unicast && !mp_next_hop;
  if (!in_nlri_field && !mp_next_hop)
    return tl::unexpected(pack_error("MP_REACH_NLRI needs a next hop"));

  Bytes block;
  block.reserve(256);
  Writer block_writer(block);
  encode_path_attributes(attrs, ctx, block_writer);

  // MP_REACH_NLRI value before the NLRI: AFI, SAFI, next hop length, next hop, reserved.
  std::array<std::byte, 32> next_hop{};
  std::size_t next_hop_size = 0;
  if (mp_next_hop) {
    next_hop_size = detail::mp_next_hop_size(*mp_next_hop);
    detail::PointerSink nh_sink(next_hop.data());
    detail::put_mp_next_hop(nh_sink, *mp_next_hop);
  }
  const std::size_t mp_fixed = in_nlri_field ? 0 : 3 + 1 + next_hop_size + 1;
  const std::size_t fixed = kHeaderSize + kFixedBody + block.size();
  const std::size_t max_size = ctx.max_message_size();

  const std::size_t start = out.size();
  detail::ensure_capacity(out, estimate_output(nlri, add_path, fixed + mp_fixed + 4));

  std::size_t first = 0;
  while (first < nlri.size()) {
    const Fill fill = count_fit(nlri, first, add_path, fixed, !in_nlri_field, mp_fixed, max_size);
    if (fill.end == first) {
      out.resize(start);
      return tl::unexpected(pack_error("path attributes leave no room for one NLRI"));
    }
    const std::size_t mp_value = in_nlri_field ? 0 : mp_fixed + fill.octets;
    const std::size_t mp_attr =
        in_nlri_field ? 0 : detail::attribute_header_size(mp_value) + mp_value;
    const std::size_t length = fixed + mp_attr + (in_nlri_field ? fill.octets : 0);

    const std::size_t at = out.size();
    out.resize(at + length + detail::kPrefixSlack);
    std::byte* p = detail::put_update_header(out.data() + at, length);
    p = detail::put_u16(p, 0);  // no withdrawn routes
    p = detail::put_u16(p, mp_attr + block.size());
    if (!in_nlri_field) {
      p = put_mp_header(p, AttrType::mp_reach_nlri, mp_value);
      p = put_afi_safi(p, afi_safi);
      p = detail::put_u8(p, static_cast<std::uint8_t>(next_hop_size));
      std::memcpy(p, next_hop.data(), next_hop_size);
      p += next_hop_size;
      p = detail::put_u8(p, 0);  // reserved
      p = put_prefixes(p, nlri, first, fill.end, add_path);
    }
    if (!block.empty()) std::memcpy(p, block.data(), block.size());
    p += block.size();
    if (in_nlri_field) put_prefixes(p, nlri, first, fill.end, add_path);
    out.resize(at + length);

    result.messages += 1;
    result.nlri += fill.end - first;
    first = fill.end;
  }
  return result;
}

PackResult pack_withdrawals(AfiSafi afi_safi, std::span<const Nlri> nlri, const CodecContext& ctx,
                            Bytes& out) {
  PackResult result;
  if (nlri.empty()) return result;
  const bool add_path = ctx.add_path.contains(afi_safi);
  const bool in_withdrawn_field = afi_safi == kIpv4Unicast;
  constexpr std::size_t kMpFixed = 3;  // AFI, SAFI
  const std::size_t fixed = kHeaderSize + kFixedBody;
  const std::size_t max_size = ctx.max_message_size();

  detail::ensure_capacity(out, estimate_output(nlri, add_path, fixed + 7));

  std::size_t first = 0;
  while (first < nlri.size()) {
    const Fill fill =
        count_fit(nlri, first, add_path, fixed, !in_withdrawn_field, kMpFixed, max_size);
    if (fill.end == first) break;  // cannot happen: one NLRI is at most 21 octets
    const std::size_t mp_value = kMpFixed + fill.octets;
    const std::size_t mp_attr =
        in_withdrawn_field ? 0 : detail::attribute_header_size(mp_value) + mp_value;
    const std::size_t length = fixed + (in_withdrawn_field ? fill.octets : mp_attr);

    const std::size_t at = out.size();
    out.resize(at + length + detail::kPrefixSlack);
    std::byte* p = detail::put_update_header(out.data() + at, length);
    if (in_withdrawn_field) {
      p = detail::put_u16(p, fill.octets);
      p = put_prefixes(p, nlri, first, fill.end, add_path);
      detail::put_u16(p, 0);  // no path attributes
    } else {
      p = detail::put_u16(p, 0);
      p = detail::put_u16(p, mp_attr);
      p = put_mp_header(p, AttrType::mp_unreach_nlri, mp_value);
      p = put_afi_safi(p, afi_safi);
      put_prefixes(p, nlri, first, fill.end, add_path);
    }
    out.resize(at + length);
    result.messages += 1;
    result.nlri += fill.end - first;
    first = fill.end;
  }
  return result;
}

void encode_end_of_rib(AfiSafi afi_safi, Bytes& out) {
  // RFC 4724 §2: an empty UPDATE for IPv4 unicast; otherwise an UPDATE with only an empty
  // MP_UNREACH_NLRI for the family.
  const bool ipv4 = afi_safi == kIpv4Unicast;
  const std::size_t length = kHeaderSize + kFixedBody + (ipv4 ? 0 : 6);
  const std::size_t at = out.size();
  out.resize(at + length);
  std::byte* p = detail::put_update_header(out.data() + at, length);
  p = detail::put_u16(p, 0);
  p = detail::put_u16(p, ipv4 ? 0 : 6);
  if (!ipv4) {
    p = put_mp_header(p, AttrType::mp_unreach_nlri, 3);
    put_afi_safi(p, afi_safi);
  }
}

}  // namespace rr::wire
