// NOTIFICATION (RFC 4271 §4.5) and KEEPALIVE (RFC 4271 §4.4) messages, and the shutdown
// communication of Cease / Administrative Shutdown and Administrative Reset (RFC 8203, updated by
// RFC 9003 to 255 octets).
//
// A NOTIFICATION body is Error Code (1), Error Subcode (1) and Data (the rest). Codes and subcodes
// the codec does not know are kept as received so that they can be logged. A KEEPALIVE is a bare
// header.
#include "rr/wire/notification.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "rr/wire/context.hpp"
#include "rr/wire/header.hpp"

namespace rr::wire {

namespace {

// RFC 9003 §2: the communication is at most 255 octets of UTF-8.
constexpr std::size_t kMaxShutdownCommunication = 255;
constexpr std::size_t kNotificationFixedSize = 2;

// Octets taken by the well-formed UTF-8 character (RFC 3629 §4) starting at `text[pos]`, or 0 if
// the bytes there are not one (overlong forms, surrogates and code points past U+10FFFF included).
std::size_t utf8_char_length(std::string_view text, std::size_t pos) {
  const auto at = [&text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = at(pos);
  std::size_t length = 0;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xbf;
  if (lead < 0x80) {
    return 1;
  } else if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) second_min = 0xa0;  // overlong
    if (lead == 0xed) second_max = 0x9f;  // UTF-16 surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) second_min = 0x90;  // overlong
    if (lead == 0xf4) second_max = 0x8f;  // past U+10FFFF
  } else {
    return 0;
  }
  if (text.size() - pos < length) return 0;
  if (at(pos + 1) < second_min || at(pos + 1) > second_max) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (at(pos + i) < 0x80 || at(pos + i) > 0xbf) return 0;
  }
  return length;
}

// The longest prefix of `text` that is well-formed UTF-8 and at most `limit` octets.
std::string_view valid_utf8_prefix(std::string_view text, std::size_t limit) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t n = utf8_char_length(text, pos);
    if (n == 0 || pos + n > limit) break;
    pos += n;
  }
  return text.substr(0, pos);
}

bool carries_shutdown_communication(ErrorCode code, std::uint8_t subcode) {
  return code == ErrorCode::cease &&
         (subcode == static_cast<std::uint8_t>(CeaseSubcode::administrative_shutdown) ||
          subcode == static_cast<std::uint8_t>(CeaseSubcode::administrative_reset));
}

NotificationMessage with(ErrorCode code, std::uint8_t subcode, Bytes data) {
  NotificationMessage msg;
  msg.code = code;
  msg.subcode = subcode;
  msg.data = std::move(data);
  return msg;
}

}  // namespace

NotificationMessage NotificationMessage::from(const DecodeError& error) {
  return with(error.code, error.subcode, error.data);
}

NotificationMessage NotificationMessage::make(HeaderSubcode sub, Bytes data) {
  return with(ErrorCode::message_header, static_cast<std::uint8_t>(sub), std::move(data));
}

NotificationMessage NotificationMessage::make(OpenSubcode sub, Bytes data) {
  return with(ErrorCode::open_message, static_cast<std::uint8_t>(sub), std::move(data));
}

NotificationMessage NotificationMessage::make(UpdateSubcode sub, Bytes data) {
  return with(ErrorCode::update_message, static_cast<std::uint8_t>(sub), std::move(data));
}

NotificationMessage NotificationMessage::make(FsmSubcode sub, Bytes data) {
  return with(ErrorCode::fsm, static_cast<std::uint8_t>(sub), std::move(data));
}

NotificationMessage NotificationMessage::make(CeaseSubcode sub, Bytes data) {
  return with(ErrorCode::cease, static_cast<std::uint8_t>(sub), std::move(data));
}

NotificationMessage NotificationMessage::make(RouteRefreshSubcode sub, Bytes data) {
  return with(ErrorCode::route_refresh, static_cast<std::uint8_t>(sub), std::move(data));
}

NotificationMessage NotificationMessage::hold_timer_expired() {
  return with(ErrorCode::hold_timer_expired, 0, {});
}

// RFC 9687 §3: Send Hold Timer Expired, no subcode.
NotificationMessage NotificationMessage::send_hold_timer_expired() {
  return with(ErrorCode::send_hold_timer_expired, 0, {});
}

// RFC 9003 §2: Length (1) then the communication; an empty communication is a zero length
// octet. A subcode other than Administrative Shutdown or Reset gets no data: RFC 9003 defines no
// communication for it.
NotificationMessage NotificationMessage::shutdown(CeaseSubcode sub,
                                                  std::string_view communication) {
  NotificationMessage msg = make(sub);
  if (!carries_shutdown_communication(msg.code, msg.subcode)) return msg;
  const std::string_view text = valid_utf8_prefix(communication, kMaxShutdownCommunication);
  msg.data.reserve(1 + text.size());
  msg.data.push_back(static_cast<std::byte>(text.size()));
  for (const char c : text)
    msg.data.push_back(static_cast<std::byte>(c));
  return msg;
}

std::optional<std::string> NotificationMessage::shutdown_communication() const {
  if (!carries_shutdown_communication(code, subcode) || data.empty()) return std::nullopt;
  const auto length = static_cast<std::size_t>(data[0]);
  // RFC 9003 §4: a length that does not match the data, or invalid UTF-8, is not a communication.
  if (length != data.size() - 1) return std::nullopt;
  std::string text(length, '\0');
  std::transform(data.begin() + 1, data.end(), text.begin(),
                 [](std::byte b) { return static_cast<char>(b); });
  if (valid_utf8_prefix(text, kMaxShutdownCommunication).size() != text.size()) return std::nullopt;
  return text;
}

std::string NotificationMessage::describe() const {
  std::string out(to_string(code));
  out += " / ";
  out += subcode_name(code, subcode);
  if (auto text = shutdown_communication(); text && !text->empty()) {
    out += ": \"";
    out += *text;
    out += '"';
  } else if (!data.empty()) {
    out += " (data ";
    out += to_hex(data);
    out += ')';
  }
  return out;
}

Result<NotificationMessage> decode_notification(ByteView body) {
  Reader r(body);
  std::uint8_t code = 0;
  std::uint8_t subcode = 0;
  if (!r.u8(code) || !r.u8(subcode)) {
    // RFC 4271 §6.1: shorter than the minimum NOTIFICATION. The data is the Length field.
    const auto length = static_cast<std::uint16_t>(body.size() + kHeaderSize);
    return tl::make_unexpected(header_error(
        HeaderSubcode::bad_message_length, "NOTIFICATION shorter than its fixed part",
        Bytes{static_cast<std::byte>(length >> 8U), static_cast<std::byte>(length & 0xffU)}));
  }
  const ByteView data = r.rest();
  return with(static_cast<ErrorCode>(code), subcode, Bytes(data.begin(), data.end()));
}

void encode(const NotificationMessage& msg, Bytes& out) {
  const std::size_t header = begin_message(out, MessageType::notification);
  Writer w(out);
  w.u8(static_cast<std::uint8_t>(msg.code));
  w.u8(msg.subcode);
  // Data echoed from a received message can only be as long as that message was; cut anything
  // that would not fit in the largest message the length field can express.
  const std::size_t room = kMaxExtendedMessageSize - kHeaderSize - kNotificationFixedSize;
  w.bytes(ByteView(msg.data).first(std::min(msg.data.size(), room)));
  finish_message(out, header);
}

void encode(const KeepaliveMessage& /*msg*/, Bytes& out) {
  const std::size_t header = begin_message(out, MessageType::keepalive);
  finish_message(out, header);
}

}  // namespace rr::wire
