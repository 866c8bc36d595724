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

#include <optional>
#include <vector>

#include "rr/wire/attributes/mp_nlri.hpp"
#include "rr/wire/attributes/path_attributes.hpp"
#include "rr/wire/bytes.hpp"
#include "rr/wire/context.hpp"
#include "rr/wire/error.hpp"
#include "rr/wire/types.hpp"

namespace rr::wire {

struct UpdateMessage {
  std::vector<Nlri> withdrawn;  // IPv4 unicast Withdrawn Routes field
  PathAttributes attributes;
  std::optional<MpReach> mp_reach;
  std::optional<MpUnreach> mp_unreach;
  std::vector<Nlri> nlri;  // IPv4 unicast NLRI field

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

// Appends one whole UPDATE message. Attributes are written in type-code order with the extended
// length bit only where a value exceeds 255 octets; unknown optional transitive attributes get the
// Partial bit. Fails (with an error whose reason says why) when the message would exceed
// ctx.max_message_size().
Result<std::monostate> encode(const UpdateMessage& msg, const CodecContext& ctx, Bytes& out);

// Appends the encoded path attributes (without MP_REACH/MP_UNREACH) to `w`.
void encode_path_attributes(const PathAttributes& attrs, const CodecContext& ctx, Writer& w);

}  // namespace rr::wire
