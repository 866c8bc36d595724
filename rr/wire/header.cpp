// The BGP message header and stream framing (RFC 4271 §4.1, §6.1; RFC 8654 §4).
//
// Every BGP message starts with a 16-octet marker of all ones, a 2-octet length that counts the
// whole message (header included) and a 1-octet type. The checks below run before any body is
// parsed, in the order RFC 4271 §6.1 lists them: marker, overall length, type, then the minimum
// length of the type.
#include "rr/wire/header.hpp"

#include <algorithm>
#include <cassert>
#include <cstddef>

namespace rr::wire {

namespace {

constexpr std::size_t kMarkerSize = 16;
constexpr std::size_t kLengthOffset = 16;

// RFC 4271 §4.2-§4.5, RFC 2918 §3: the smallest legal message of each type. KEEPALIVE is exactly a
// header. ROUTE-REFRESH must be exactly 23 octets, but RFC 7313 §5 makes a longer one a
// ROUTE-REFRESH Message Error, which the ROUTE-REFRESH decoder reports.
constexpr std::size_t kMinOpenSize = 29;
constexpr std::size_t kMinUpdateSize = 23;
constexpr std::size_t kMinNotificationSize = 21;
constexpr std::size_t kKeepaliveSize = kHeaderSize;
constexpr std::size_t kMinRouteRefreshSize = 23;

Bytes length_data(std::uint16_t length) {
  return Bytes{static_cast<std::byte>(length >> 8U), static_cast<std::byte>(length & 0xffU)};
}

bool is_known_type(std::uint8_t type) {
  return type >= static_cast<std::uint8_t>(MessageType::open) &&
         type <= static_cast<std::uint8_t>(MessageType::route_refresh);
}

// RFC 4271 §6.1: "if the Length field of an OPEN message is less than the minimum length of the
// OPEN message, or if the Length field of an UPDATE message is less than the minimum length of the
// UPDATE message, or if the Length field of a KEEPALIVE message is not equal to 19, or if the
// Length field of a NOTIFICATION message is less than the minimum length of the NOTIFICATION
// message", the error is Bad Message Length.
bool length_fits_type(MessageType type, std::size_t length) {
  switch (type) {
    case MessageType::open:
      return length >= kMinOpenSize;
    case MessageType::update:
      return length >= kMinUpdateSize;
    case MessageType::notification:
      return length >= kMinNotificationSize;
    case MessageType::keepalive:
      return length == kKeepaliveSize;
    case MessageType::route_refresh:
      return length >= kMinRouteRefreshSize;
  }
  return false;
}

}  // namespace

std::string_view to_string(MessageType type) {
  switch (type) {
    case MessageType::open:
      return "OPEN";
    case MessageType::update:
      return "UPDATE";
    case MessageType::notification:
      return "NOTIFICATION";
    case MessageType::keepalive:
      return "KEEPALIVE";
    case MessageType::route_refresh:
      return "ROUTE-REFRESH";
  }
  return "unknown message type";
}

Result<std::optional<Header>> peek_header(ByteView buffered, const CodecContext& ctx) {
  if (buffered.size() < kHeaderSize) return std::optional<Header>{};

  // RFC 4271 §6.1: a marker that is not all ones is Connection Not Synchronized.
  const auto marker = buffered.first(kMarkerSize);
  if (!std::all_of(marker.begin(), marker.end(),
                   [](std::byte b) { return b == std::byte{0xff}; })) {
    return tl::make_unexpected(
        header_error(HeaderSubcode::connection_not_synchronized, "header marker is not all ones"));
  }

  Reader r(buffered.subspan(kLengthOffset));
  std::uint16_t length = 0;
  std::uint8_t type = 0;
  r.u16(length);  // cannot fail: 19 octets are buffered
  r.u8(type);

  // RFC 4271 §6.1 / RFC 8654 §4: the Data field carries the erroneous Length field.
  if (length < kHeaderSize || length > ctx.max_message_size()) {
    return tl::make_unexpected(header_error(HeaderSubcode::bad_message_length,
                                            "message length out of range", length_data(length)));
  }
  // RFC 4271 §6.1: the Data field carries the erroneous Type field.
  if (!is_known_type(type)) {
    return tl::make_unexpected(header_error(HeaderSubcode::bad_message_type, "unknown message type",
                                            Bytes{static_cast<std::byte>(type)}));
  }
  const auto message_type = static_cast<MessageType>(type);
  if (!length_fits_type(message_type, length)) {
    return tl::make_unexpected(header_error(HeaderSubcode::bad_message_length,
                                            "message length invalid for its type",
                                            length_data(length)));
  }
  return std::optional<Header>{Header{length, message_type}};
}

std::size_t begin_message(Bytes& out, MessageType type) {
  const std::size_t offset = out.size();
  out.insert(out.end(), kMarkerSize, std::byte{0xff});
  Writer w(out);
  w.u16(0);  // patched by finish_message
  w.u8(static_cast<std::uint8_t>(type));
  return offset;
}

void finish_message(Bytes& out, std::size_t header_offset) {
  assert(out.size() >= header_offset + kHeaderSize);
  const std::size_t length = out.size() - header_offset;
  // Encoders keep messages within kMaxExtendedMessageSize; a longer one is a codec bug.
  assert(length <= kMaxExtendedMessageSize);
  Writer(out).patch_u16(header_offset + kLengthOffset, static_cast<std::uint16_t>(length));
}

}  // namespace rr::wire
