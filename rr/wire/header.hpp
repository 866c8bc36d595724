// The 19-octet BGP message header and stream framing (RFC 4271 §4.1, §6.1; RFC 8654).
//
// peek_header is called by the session's reader on its receive buffer: it says whether a whole
// message is buffered and validates marker, length and type before any body is parsed.
#pragma once

#include <cstdint>
#include <optional>

#include "rr/wire/bytes.hpp"
#include "rr/wire/context.hpp"
#include "rr/wire/error.hpp"

namespace rr::wire {

enum class MessageType : std::uint8_t {
  open = 1,
  update = 2,
  notification = 3,
  keepalive = 4,
  route_refresh = 5,
};

std::string_view to_string(MessageType type);

struct Header {
  std::uint16_t length = 0;  // whole message, header included
  MessageType type = MessageType::keepalive;
  friend bool operator==(const Header&, const Header&) = default;
};

// Validates the header at the start of `buffered`. Returns nullopt while fewer than 19 octets are
// buffered; otherwise the header, or a Message Header Error (connection not synchronized, bad
// message length with the offending length as data, bad message type with the type as data).
// The caller still has to wait until `length` octets are buffered.
Result<std::optional<Header>> peek_header(ByteView buffered, const CodecContext& ctx);

// Appends a header with a zero length; finish_message() patches the length once the body is
// written. Returns the offset of the header.
std::size_t begin_message(Bytes& out, MessageType type);
void finish_message(Bytes& out, std::size_t header_offset);

}  // namespace rr::wire
