// Internal to rr/wire (not installed, not for the engine): the pieces of the UPDATE codec that
// update_message.cpp, update_packer.cpp and the per-family attribute files share.
//
//   - AttrFault: what a per-attribute decoder reports; the attribute-list walker turns it into a
//     DecodeError with the RFC 7606 action from the descriptor table (attribute_codec.cpp).
//   - decode_attribute_list / encode_attribute_list: the walker and its inverse.
//   - per-family value codecs that have no public declaration (sizes and writers).
//   - raw-pointer writers for the packer's hot loop (header, prefix).
//
// Everything here is a pure function over byte spans; no state, no threads.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

#include "rr/wire/attributes/as_path.hpp"
#include "rr/wire/attributes/attribute_type.hpp"
#include "rr/wire/attributes/communities.hpp"
#include "rr/wire/attributes/mp_nlri.hpp"
#include "rr/wire/attributes/path_attributes.hpp"
#include "rr/wire/bytes.hpp"
#include "rr/wire/context.hpp"
#include "rr/wire/error.hpp"
#include "rr/wire/types.hpp"
#include "rr/wire/update_message.hpp"

namespace rr::wire::detail {

// A problem found in one attribute value. `action` none means "the descriptor's action for a
// malformed attribute of this type"; `afi_safi` names the family for afi_safi_disable.
struct AttrFault {
  UpdateSubcode subcode = UpdateSubcode::malformed_attribute_list;
  std::string_view reason;
  ErrorAction action = ErrorAction::none;
  std::optional<AfiSafi> afi_safi;
};

inline AttrFault make_fault(UpdateSubcode subcode, std::string_view reason,
                            ErrorAction action = ErrorAction::none) {
  AttrFault fault;
  fault.subcode = subcode;
  fault.reason = reason;
  fault.action = action;
  return fault;
}

// Which attribute type codes appeared in a list (duplicates included once).
struct AttrTypeSet {
  std::array<std::uint64_t, 4> bits{};
  [[nodiscard]] bool contains(std::uint8_t type) const {
    return (bits[type / 64U] & (std::uint64_t{1} << (type % 64U))) != 0;
  }
  [[nodiscard]] bool contains(AttrType type) const {
    return contains(static_cast<std::uint8_t>(type));
  }
  // Sets the bit; returns whether it was already set.
  bool insert(std::uint8_t type) {
    std::uint64_t& word = bits[type / 64U];
    const std::uint64_t bit = std::uint64_t{1} << (type % 64U);
    const bool had = (word & bit) != 0;
    word |= bit;
    return had;
  }
};

struct AttributeListResult {
  // An error that makes the UPDATE unusable (session_reset, afi_safi_disable): the worst one.
  std::optional<DecodeError> fatal;
  AttrTypeSet seen;
};

// Decodes the Path Attributes field of an UPDATE into msg.attributes, msg.mp_reach and
// msg.mp_unreach, applying RFC 7606 §3 c/g, §4 and §7. Survivable errors are appended to
// msg.errors and raise msg.action; the message-level checks (§3 d missing attributes, §5.2) are
// the caller's.
AttributeListResult decode_attribute_list(ByteView attrs, const CodecContext& ctx,
                                          UpdateMessage& msg);

// Writes the attributes of an UPDATE (attribute_encoder.cpp). With an empty `layout`, the
// canonical layout: MP_REACH_NLRI and MP_UNREACH_NLRI first (RFC 7606 §5.1), then the others in
// type-code order. Otherwise the recorded order and Extended Length / Partial bits first, then
// whatever the layout does not list, canonically.
// Appends to `out`.
void encode_attribute_list(const PathAttributes& attrs, const MpReach* reach,
                           const MpUnreach* unreach, const AttributeLayout& layout,
                           const CodecContext& ctx, Bytes& out);

// The Optional/Transitive bits of each attribute category (RFC 4271 §5: well-known attributes
// are transitive).
inline constexpr std::uint8_t kWellKnown = attr_flag::kTransitive;
inline constexpr std::uint8_t kOptNonTransitive = attr_flag::kOptional;
inline constexpr std::uint8_t kOptTransitive = attr_flag::kOptional | attr_flag::kTransitive;

// ---- Octet sinks --------------------------------------------------------------------------------
// The encoders are templates over a sink with Writer's shape (u8, u16, u32, raw, bytes) and run
// twice: CountingSink measures, then PointerSink writes into storage resized once to that size.
// Writer itself checks capacity per octet and, since octets may alias the vector's own
// pointers, reloads them after every store; on the per-prefix path that doubled encode time.
class CountingSink {
 public:
  void u8(std::uint8_t /*v*/) { size_ += 1; }
  void u16(std::uint16_t /*v*/) { size_ += 2; }
  void u32(std::uint32_t /*v*/) { size_ += 4; }
  void raw(const std::uint8_t* /*p*/, std::size_t n) { size_ += n; }
  void bytes(ByteView v) { size_ += v.size(); }
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  std::size_t size_ = 0;
};

class PointerSink {
 public:
  explicit PointerSink(std::byte* p) : p_(p) {}
  void u8(std::uint8_t v) { *p_++ = static_cast<std::byte>(v); }
  void u16(std::uint16_t v) {
    const std::array<std::uint8_t, 2> b{static_cast<std::uint8_t>(v >> 8U),
                                        static_cast<std::uint8_t>(v)};
    raw(b.data(), b.size());
  }
  void u32(std::uint32_t v) {
    const std::array<std::uint8_t, 4> b{
        static_cast<std::uint8_t>(v >> 24U), static_cast<std::uint8_t>(v >> 16U),
        static_cast<std::uint8_t>(v >> 8U), static_cast<std::uint8_t>(v)};
    raw(b.data(), b.size());
  }
  void raw(const std::uint8_t* p, std::size_t n) {
    if (n != 0) std::memcpy(p_, p, n);
    p_ += n;
  }
  void bytes(ByteView v) {
    if (!v.empty()) std::memcpy(p_, v.data(), v.size());
    p_ += v.size();
  }
  [[nodiscard]] std::byte* position() const { return p_; }

 private:
  std::byte* p_;
};

// Attribute header: flags (extended-length bit added only when the value exceeds 255 octets,
// RFC 4271 §4.3), type code, 1- or 2-octet length. An Extended Length bit already in `flags` is
// kept (to reproduce a received layout).
inline std::size_t attribute_header_size(std::size_t value_length) {
  return value_length > 255 ? 4U : 3U;
}
template <class Sink>
void put_attribute_header(Sink& s, std::uint8_t flags, std::uint8_t type,
                          std::size_t value_length) {
  if (value_length > 255 || (flags & attr_flag::kExtendedLength) != 0) {
    s.u8(static_cast<std::uint8_t>(flags | attr_flag::kExtendedLength));
    s.u8(type);
    s.u16(static_cast<std::uint16_t>(value_length));
  } else {
    s.u8(flags);
    s.u8(type);
    s.u8(static_cast<std::uint8_t>(value_length));
  }
}

// One NLRI entry (RFC 4271 §4.3, RFC 7911 §3); the same octets as encode_prefix.
template <class Sink>
void put_nlri(Sink& s, const Nlri& n, bool add_path) {
  if (add_path) s.u32(n.path_id);
  s.u8(n.prefix.length);
  const std::size_t octets = (n.prefix.length + 7U) / 8U;
  s.raw(n.prefix.bytes.data(), octets <= n.prefix.bytes.size() ? octets : n.prefix.bytes.size());
}

// The families' value encoders below are defined in their own files and instantiated there for
// CountingSink, PointerSink and Writer.

// ---- AS_PATH family (as_path.cpp) ------------------------------------------------------------
// Octets encode_as_path writes for `path` (segments split at 255 ASes).
std::size_t as_path_value_size(const AsPath& path, unsigned asn_size);
template <class Sink>
void put_as_path(Sink& s, const AsPath& path, unsigned asn_size);

// ---- Communities family (communities.cpp) ----------------------------------------------------
// Decode straight into the attribute set's vectors (the public decoders return new vectors).
std::optional<AttrFault> decode_communities_into(ByteView value, std::vector<std::uint32_t>& out);
std::optional<AttrFault> decode_extended_communities_into(ByteView value,
                                                          std::vector<ExtendedCommunity>& out);
std::optional<AttrFault> decode_large_communities_into(ByteView value,
                                                       std::vector<LargeCommunity>& out);
template <class Sink>
void put_communities(Sink& s, const std::vector<std::uint32_t>& values);
template <class Sink>
void put_extended_communities(Sink& s, const std::vector<ExtendedCommunity>& values);
template <class Sink>
void put_large_communities(Sink& s, const std::vector<LargeCommunity>& values);

// ---- MP_REACH_NLRI / MP_UNREACH_NLRI (mp_nlri.cpp) -------------------------------------------
// True for the families whose next hop and NLRI the codec decodes (IPv4/IPv6 unicast and
// multicast); other families keep opaque octets.
bool is_decoded_family(AfiSafi af);
std::optional<AttrFault> decode_mp_reach(ByteView value, const CodecContext& ctx,
                                         UpdateMessage& msg);
std::optional<AttrFault> decode_mp_unreach(ByteView value, const CodecContext& ctx,
                                           UpdateMessage& msg);
// The fault for an MP attribute that cannot be used: afi_safi_disable for the family it names,
// or session_reset when not even AFI/SAFI can be read (RFC 7606 §7.11, RFC 4760 §7).
AttrFault mp_fault(ByteView value, UpdateSubcode subcode, std::string_view reason);
// Octets of the next hop as MP_REACH carries it: 4, 16 or 32 (RFC 2545 §3, RFC 8950 §3).
std::size_t mp_next_hop_size(const MpNextHop& nh);
template <class Sink>
void put_mp_next_hop(Sink& s, const MpNextHop& nh);
// Whole attributes, header included; `wire_flags` may add Extended Length / Partial.
template <class Sink>
void put_mp_reach(Sink& s, const MpReach& reach, const CodecContext& ctx, std::uint8_t wire_flags);
template <class Sink>
void put_mp_unreach(Sink& s, const MpUnreach& unreach, const CodecContext& ctx,
                    std::uint8_t wire_flags);

// ---- Raw writers for the packer -----------------------------------------------------------------
// The 19-octet header of an UPDATE whose total length is `length` (RFC 4271 §4.1).
inline std::byte* put_update_header(std::byte* p, std::size_t length) {
  std::memset(p, 0xff, 16);
  p[16] = static_cast<std::byte>(length >> 8U);
  p[17] = static_cast<std::byte>(length & 0xffU);
  p[18] = std::byte{2};  // MessageType::update
  return p + kHeaderSize;
}
inline std::byte* put_u8(std::byte* p, std::uint8_t v) {
  *p = static_cast<std::byte>(v);
  return p + 1;
}
inline std::byte* put_u16(std::byte* p, std::size_t v) {
  p[0] = static_cast<std::byte>((v >> 8U) & 0xffU);
  p[1] = static_cast<std::byte>(v & 0xffU);
  return p + 2;
}
// Writes one NLRI entry and returns the end of it. Copies the address as a fixed 16 octets, so
// the caller must have kPrefixSlack writable octets past the end of the entry (the octets past
// the entry are overwritten by whatever is written next, or trimmed).
inline constexpr std::size_t kPrefixSlack = 16;
inline std::byte* put_prefix(std::byte* p, const Nlri& n, bool add_path) {
  if (add_path) {
    p[0] = static_cast<std::byte>(n.path_id >> 24U);
    p[1] = static_cast<std::byte>((n.path_id >> 16U) & 0xffU);
    p[2] = static_cast<std::byte>((n.path_id >> 8U) & 0xffU);
    p[3] = static_cast<std::byte>(n.path_id & 0xffU);
    p += 4;
  }
  *p++ = static_cast<std::byte>(n.prefix.length);
  std::memcpy(p, n.prefix.bytes.data(), kPrefixSlack);
  const std::size_t octets = (n.prefix.length + 7U) / 8U;
  return p + (octets <= kPrefixSlack ? octets : kPrefixSlack);
}

// Grows `out` geometrically so that `extra` more octets fit; a plain reserve(size + extra) on
// every call would defeat amortised growth when many messages go into one buffer.
inline void ensure_capacity(Bytes& out, std::size_t extra) {
  const std::size_t need = out.size() + extra;
  if (out.capacity() < need) out.reserve(need > 2 * out.capacity() ? need : 2 * out.capacity());
}

}  // namespace rr::wire::detail
