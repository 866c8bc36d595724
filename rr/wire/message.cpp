// Decoding one framed BGP message and encoding any message (RFC 4271 §4).
//
// decode_message validates the header (peek_header), checks that the caller framed exactly one
// message, and hands the body to the decoder of its type. encode dispatches on the variant.
#include "rr/wire/message.hpp"

#include <cstddef>
#include <type_traits>
#include <utility>
#include <variant>

namespace rr::wire {

namespace {

template <typename T>
Result<Message> lift(Result<T> decoded) {
  if (!decoded) return tl::make_unexpected(std::move(decoded.error()));
  // Built in place: a temporary Message here trips GCC 12's -Wmaybe-uninitialized.
  return Result<Message>(tl::in_place, std::in_place_type<T>, std::move(*decoded));
}

}  // namespace

Result<Message> decode_message(ByteView message, const CodecContext& ctx) {
  auto peeked = peek_header(message, ctx);
  if (!peeked) return tl::make_unexpected(std::move(peeked.error()));
  if (!peeked->has_value()) {
    return tl::make_unexpected(
        header_error(HeaderSubcode::bad_message_length, "message shorter than the header"));
  }
  const Header header = **peeked;
  if (message.size() != header.length) {
    // The caller framed something other than one whole message; report the Length field.
    return tl::make_unexpected(header_error(HeaderSubcode::bad_message_length,
                                            "message size differs from the header length",
                                            Bytes{static_cast<std::byte>(header.length >> 8U),
                                                  static_cast<std::byte>(header.length & 0xffU)}));
  }
  const ByteView body = message.subspan(kHeaderSize);
  switch (header.type) {
    case MessageType::open:
      return lift(decode_open(body));
    case MessageType::update:
      return lift(decode_update(body, ctx));
    case MessageType::notification:
      return lift(decode_notification(body));
    case MessageType::keepalive:
      return Result<Message>(
          tl::in_place,
          std::in_place_type<KeepaliveMessage>);  // peek_header checked the length is exactly 19
    case MessageType::route_refresh:
      return lift(decode_route_refresh(body));
  }
  return tl::make_unexpected(header_error(HeaderSubcode::bad_message_type, "unknown message type",
                                          Bytes{static_cast<std::byte>(header.type)}));
}

Result<std::monostate> encode(const Message& msg, const CodecContext& ctx, Bytes& out) {
  return std::visit(
      [&ctx, &out](const auto& m) -> Result<std::monostate> {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, UpdateMessage>) {
          return encode(m, ctx, out);
        } else if constexpr (std::is_same_v<T, OpenMessage>) {
          // RFC 8654 §4: an OPEN is never longer than 4096 octets, whatever was negotiated.
          const std::size_t start = out.size();
          encode(m, out);
          if (out.size() - start > kMaxMessageSize) {
            out.resize(start);
            return tl::make_unexpected(
                open_error(OpenSubcode::unspecific, "OPEN would exceed 4096 octets"));
          }
          return std::monostate{};
        } else {
          encode(m, out);
          return std::monostate{};
        }
      },
      msg);
}

MessageType message_type(const Message& msg) {
  return std::visit(
      [](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, OpenMessage>) {
          return MessageType::open;
        } else if constexpr (std::is_same_v<T, UpdateMessage>) {
          return MessageType::update;
        } else if constexpr (std::is_same_v<T, NotificationMessage>) {
          return MessageType::notification;
        } else if constexpr (std::is_same_v<T, KeepaliveMessage>) {
          return MessageType::keepalive;
        } else {
          static_assert(std::is_same_v<T, RouteRefreshMessage>);
          return MessageType::route_refresh;
        }
      },
      msg);
}

}  // namespace rr::wire
