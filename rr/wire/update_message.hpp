// The UPDATE message (RFC 4271 §4.3) with multiprotocol NLRI (RFC 4760), ADD-PATH (RFC 7911),
// End-of-RIB markers (RFC 4724 §2) and RFC 7606 revised error handling.
//
// decode_update returns an error only when the UPDATE cannot be used at all (session_reset, or
// afi_safi_disable). Errors that RFC 7606 lets the session survive are applied while decoding
// and reported in `action` and `errors`:
//   - attribute_discard: the attribute is absent from `attributes`;
//   - treat_as_withdraw: `attributes` may be partial; every NLRI in `nlri` and `mp_reach` must be
//     treated as withdrawn (RFC 7606 §2), in addition to `withdrawn` / `mp_unreach`.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "rr/wire/attributes/mp_nlri.hpp"
#include "rr/wire/attributes/path_attributes.hpp"
#include "rr/wire/bytes.hpp"
#include "rr/wire/context.hpp"
#include "rr/wire/error.hpp"
#include "rr/wire/types.hpp"

namespace rr::wire {

// How the path attributes of a received UPDATE were laid out on the wire: their order and the
// Extended Length / Partial flag bits (Partial only for attributes the codec interprets; unknown
// ones keep their flags in UnknownAttribute). decode_update fills it so that encode() gives back
// the received octets whatever order and flags the sender used (daemons differ: BIRD and FRR put
// MP_REACH_NLRI first, OpenBGPD and ExaBGP last, GoBGP in type order; FRR always sets Extended
// Length on AS_PATH). Messages built locally leave it empty and get the canonical layout.
// Describes the encoding, not the value: equality ignores it. Lists longer than kCapacity are
// not recorded (empty layout).
struct AttributeLayout {
  static constexpr std::size_t kCapacity = 32;
  std::array<std::uint8_t, kCapacity> types{};
  std::array<std::uint8_t, kCapacity> flags{};
  std::uint8_t size = 0;
  bool overflowed = false;

  [[nodiscard]] bool empty() const { return size == 0; }
  void push(std::uint8_t type, std::uint8_t wire_flags) {
    if (overflowed) return;
    if (size == kCapacity) {
      size = 0;
      overflowed = true;
      return;
    }
    types[size] = type;
    flags[size] = wire_flags;
    ++size;
  }
  friend constexpr bool operator==(const AttributeLayout& /*a*/, const AttributeLayout& /*b*/) {
    return true;
  }
};

struct UpdateMessage {
  std::vector<Nlri> withdrawn;  // IPv4 unicast Withdrawn Routes field
  PathAttributes attributes;
  std::optional<MpReach> mp_reach;
  std::optional<MpUnreach> mp_unreach;
  std::vector<Nlri> nlri;  // IPv4 unicast NLRI field
  AttributeLayout layout;  // as received; empty for locally built messages

  // RFC 7606 outcome of decoding (none for a clean message); not encoded.
  ErrorAction action = ErrorAction::none;
  std::vector<DecodeError> errors;

  // RFC 4724 §2: the family this UPDATE marks End-of-RIB for, if it is such a marker (an empty
  // UPDATE for IPv4 unicast; an UPDATE with only an empty MP_UNREACH_NLRI for others).
  [[nodiscard]] std::optional<AfiSafi> end_of_rib() const;
  [[nodiscard]] static UpdateMessage make_end_of_rib(AfiSafi afi_safi);

  friend bool operator==(const UpdateMessage&, const UpdateMessage&) = default;
};

// Decodes an UPDATE body (the octets after the header) in the given negotiated context.
Result<UpdateMessage> decode_update(ByteView body, const CodecContext& ctx);

// Appends one whole UPDATE message. With an empty `layout`, MP_REACH_NLRI and MP_UNREACH_NLRI
// come first (RFC 7606 §5.1) and the other attributes follow in type-code order, with the
// extended length bit only where a value exceeds 255 octets; with a recorded layout, its order
// and flag bits are used (attributes it does not list follow in the canonical order). Unknown
// optional transitive attributes get the Partial bit. Fails (with an error whose reason says why)
// when the message would exceed ctx.max_message_size().
Result<std::monostate> encode(const UpdateMessage& msg, const CodecContext& ctx, Bytes& out);

// Appends the encoded path attributes (without MP_REACH/MP_UNREACH) to `w`.
void encode_path_attributes(const PathAttributes& attrs, const CodecContext& ctx, Writer& w);

}  // namespace rr::wire
