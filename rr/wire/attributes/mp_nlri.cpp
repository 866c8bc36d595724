// MP_REACH_NLRI and MP_UNREACH_NLRI codec (RFC 4760 §3, §4).
//
// MP_REACH_NLRI value: AFI (2), SAFI (1), next hop length (1), next hop, reserved (1), NLRI.
// MP_UNREACH_NLRI value: AFI (2), SAFI (1), withdrawn NLRI.
// IPv4/IPv6 unicast and multicast are decoded: next hop of 4 octets (IPv4), 16 (IPv6 global) or
// 32 (global + link-local, RFC 2545 §3); an IPv6 next hop for IPv4 NLRI is accepted when the
// extended next hop capability was negotiated for the family (RFC 8950 §3). The reserved octet
// (the old SNPA count, RFC 4760 §3) is skipped on receipt and written as zero. Other families keep
// their next hop and NLRI as opaque octets.
//
// RFC 7606 §7.11 / RFC 4760 §7: a malformed MP attribute means the NLRI cannot be trusted; the
// codec reports afi_safi_disable for the family (the session may escalate to session_reset), or
// session_reset when the attribute is too short to name a family.
#include "rr/wire/attributes/mp_nlri.hpp"

#include "rr/wire/attributes/attribute_codec.hpp"
#include "rr/wire/nlri.hpp"

namespace rr::wire::detail {

namespace {

constexpr std::size_t kIpv4NextHop = 4;
constexpr std::size_t kIpv6NextHop = 16;
constexpr std::size_t kIpv6NextHopWithLinkLocal = 32;

const std::uint8_t* octets(ByteView value) {
  return reinterpret_cast<const std::uint8_t*>(value.data());  // NOLINT
}

AfiSafi read_afi_safi(const std::uint8_t* p) {
  return AfiSafi{static_cast<Afi>((static_cast<unsigned>(p[0]) << 8U) | p[1]),
                 static_cast<Safi>(p[2])};
}

Ipv6Address read_ipv6(const std::uint8_t* p) {
  Ipv6Address a;
  std::memcpy(a.bytes.data(), p, a.bytes.size());
  return a;
}

std::optional<AttrFault> decode_next_hop(ByteView nh, AfiSafi af, const CodecContext& ctx,
                                         MpNextHop& out) {
  const std::uint8_t* p = octets(nh);
  if (af.afi == Afi::ipv4 && nh.size() == kIpv4NextHop) {
    out.global = IpAddress::from(Ipv4Address{
        (static_cast<std::uint32_t>(p[0]) << 24U) | (static_cast<std::uint32_t>(p[1]) << 16U) |
        (static_cast<std::uint32_t>(p[2]) << 8U) | static_cast<std::uint32_t>(p[3])});
    return std::nullopt;
  }
  const bool ipv6_allowed = af.afi == Afi::ipv6 || ctx.extended_next_hop.contains(af);
  if (ipv6_allowed && (nh.size() == kIpv6NextHop || nh.size() == kIpv6NextHopWithLinkLocal)) {
    out.global = IpAddress::from(read_ipv6(p));
    if (nh.size() == kIpv6NextHopWithLinkLocal) out.link_local = read_ipv6(p + kIpv6NextHop);
    return std::nullopt;
  }
  return mp_fault(ByteView{}, UpdateSubcode::optional_attribute_error,
                  "MP_REACH_NLRI next hop length inconsistent with AFI/SAFI");
}

}  // namespace

bool is_decoded_family(AfiSafi af) {
  return (af.afi == Afi::ipv4 || af.afi == Afi::ipv6) &&
         (af.safi == Safi::unicast || af.safi == Safi::multicast);
}

AttrFault mp_fault(ByteView value, UpdateSubcode subcode, std::string_view reason) {
  AttrFault fault{subcode, reason, ErrorAction::session_reset, std::nullopt};
  if (value.size() >= 3) {
    fault.action = ErrorAction::afi_safi_disable;
    fault.afi_safi = read_afi_safi(octets(value));
  }
  return fault;
}

std::optional<AttrFault> decode_mp_reach(ByteView value, const CodecContext& ctx,
                                         UpdateMessage& msg) {
  constexpr UpdateSubcode kSub = UpdateSubcode::optional_attribute_error;
  if (value.size() < 5) return mp_fault(value, kSub, "MP_REACH_NLRI too short");
  const std::uint8_t* p = octets(value);
  const AfiSafi af = read_afi_safi(p);
  const std::size_t nh_length = p[3];
  if (value.size() < 5 + nh_length) {
    return mp_fault(value, kSub, "MP_REACH_NLRI next hop overruns the attribute");
  }
  const ByteView nh = value.subspan(4, nh_length);
  const ByteView nlri = value.subspan(5 + nh_length);  // after the reserved octet

  MpReach& reach = msg.mp_reach.emplace();
  reach.afi_safi = af;
  if (!is_decoded_family(af)) {
    reach.opaque_next_hop.assign(nh.begin(), nh.end());
    reach.opaque_nlri.assign(nlri.begin(), nlri.end());
    return std::nullopt;
  }
  if (auto fault = decode_next_hop(nh, af, ctx, reach.next_hop)) {
    msg.mp_reach.reset();
    return mp_fault(value, kSub, fault->reason);
  }
  if (auto ok = decode_prefixes(nlri, af.afi, ctx.add_path.contains(af), reach.nlri, kSub); !ok) {
    msg.mp_reach.reset();
    return mp_fault(value, kSub, ok.error().reason);
  }
  return std::nullopt;
}

std::optional<AttrFault> decode_mp_unreach(ByteView value, const CodecContext& ctx,
                                           UpdateMessage& msg) {
  constexpr UpdateSubcode kSub = UpdateSubcode::optional_attribute_error;
  if (value.size() < 3) return mp_fault(value, kSub, "MP_UNREACH_NLRI too short");
  const AfiSafi af = read_afi_safi(octets(value));
  const ByteView withdrawn = value.subspan(3);

  MpUnreach& unreach = msg.mp_unreach.emplace();
  unreach.afi_safi = af;
  if (!is_decoded_family(af)) {
    unreach.opaque_withdrawn.assign(withdrawn.begin(), withdrawn.end());
    return std::nullopt;
  }
  if (auto ok =
          decode_prefixes(withdrawn, af.afi, ctx.add_path.contains(af), unreach.withdrawn, kSub);
      !ok) {
    msg.mp_unreach.reset();
    return mp_fault(value, kSub, ok.error().reason);
  }
  return std::nullopt;
}

std::size_t mp_next_hop_size(const MpNextHop& nh) {
  if (nh.global.is_v4()) return kIpv4NextHop;
  return nh.link_local ? kIpv6NextHopWithLinkLocal : kIpv6NextHop;
}

template <class Sink>
void put_mp_next_hop(Sink& s, const MpNextHop& nh) {
  if (nh.global.is_v4()) {
    s.u32(nh.global.v4().value);
    return;
  }
  const Ipv6Address global = nh.global.v6();
  s.raw(global.bytes.data(), global.bytes.size());
  if (nh.link_local) s.raw(nh.link_local->bytes.data(), nh.link_local->bytes.size());
}

template <class Sink>
void put_mp_reach(Sink& s, const MpReach& reach, const CodecContext& ctx, std::uint8_t wire_flags) {
  const bool decoded = is_decoded_family(reach.afi_safi);
  const bool add_path = ctx.add_path.contains(reach.afi_safi);
  const std::size_t nh_size =
      decoded ? mp_next_hop_size(reach.next_hop) : reach.opaque_next_hop.size();
  std::size_t nlri_size = 0;
  if (decoded) {
    for (const auto& n : reach.nlri)
      nlri_size += encoded_size(n, add_path);
  } else {
    nlri_size = reach.opaque_nlri.size();
  }
  put_attribute_header(s, static_cast<std::uint8_t>(kOptNonTransitive | wire_flags),
                       static_cast<std::uint8_t>(AttrType::mp_reach_nlri), 5 + nh_size + nlri_size);
  s.u16(static_cast<std::uint16_t>(reach.afi_safi.afi));
  s.u8(static_cast<std::uint8_t>(reach.afi_safi.safi));
  s.u8(static_cast<std::uint8_t>(nh_size));
  if (decoded) {
    put_mp_next_hop(s, reach.next_hop);
  } else {
    s.bytes(reach.opaque_next_hop);
  }
  s.u8(0);  // reserved
  if (decoded) {
    for (const auto& n : reach.nlri)
      put_nlri(s, n, add_path);
  } else {
    s.bytes(reach.opaque_nlri);
  }
}

template <class Sink>
void put_mp_unreach(Sink& s, const MpUnreach& unreach, const CodecContext& ctx,
                    std::uint8_t wire_flags) {
  const bool decoded = is_decoded_family(unreach.afi_safi);
  const bool add_path = ctx.add_path.contains(unreach.afi_safi);
  std::size_t nlri_size = 0;
  if (decoded) {
    for (const auto& n : unreach.withdrawn)
      nlri_size += encoded_size(n, add_path);
  } else {
    nlri_size = unreach.opaque_withdrawn.size();
  }
  put_attribute_header(s, static_cast<std::uint8_t>(kOptNonTransitive | wire_flags),
                       static_cast<std::uint8_t>(AttrType::mp_unreach_nlri), 3 + nlri_size);
  s.u16(static_cast<std::uint16_t>(unreach.afi_safi.afi));
  s.u8(static_cast<std::uint8_t>(unreach.afi_safi.safi));
  if (decoded) {
    for (const auto& n : unreach.withdrawn)
      put_nlri(s, n, add_path);
  } else {
    s.bytes(unreach.opaque_withdrawn);
  }
}

template void put_mp_next_hop<Writer>(Writer&, const MpNextHop&);
template void put_mp_next_hop<PointerSink>(PointerSink&, const MpNextHop&);
template void put_mp_reach<CountingSink>(CountingSink&, const MpReach&, const CodecContext&,
                                         std::uint8_t);
template void put_mp_reach<PointerSink>(PointerSink&, const MpReach&, const CodecContext&,
                                        std::uint8_t);
template void put_mp_unreach<CountingSink>(CountingSink&, const MpUnreach&, const CodecContext&,
                                           std::uint8_t);
template void put_mp_unreach<PointerSink>(PointerSink&, const MpUnreach&, const CodecContext&,
                                          std::uint8_t);

}  // namespace rr::wire::detail
