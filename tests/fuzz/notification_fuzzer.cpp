// Fuzz target for decode_notification (RFC 4271 §4.5) and the RFC 8203 / RFC 9003 shutdown
// communication (shutdown_communication, describe, NotificationMessage::shutdown).
//
// Input: a NOTIFICATION body. Two octets or more always decode (code, subcode, data kept as
// received), shorter bodies are an error. Accepted messages round-trip. The input is also used
// as a shutdown communication: valid UTF-8 comes back as itself, truncated to 255 octets on a
// character boundary.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "rr/wire/bytes.hpp"
#include "rr/wire/context.hpp"
#include "rr/wire/error.hpp"
#include "rr/wire/header.hpp"
#include "rr/wire/notification.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

rr::wire::CodecContext extended_context() {
  rr::wire::CodecContext ctx;
  ctx.extended_message = true;
  return ctx;
}

void check_round_trip(const rr::wire::NotificationMessage& msg) {
  rr::wire::Bytes first;
  rr::wire::encode(msg, first);
  fuzz::check_framed(first, rr::wire::MessageType::notification, extended_context());
  const auto again = rr::wire::decode_notification(std::span(first).subspan(rr::wire::kHeaderSize));
  fuzz::check(again.has_value(), "re-encoded NOTIFICATION decodes");
  fuzz::check(*again == msg, "re-encoded NOTIFICATION decodes to an equal value");
  rr::wire::Bytes second;
  rr::wire::encode(*again, second);
  fuzz::check(second == first, "NOTIFICATION encoding is idempotent");
}

void check_decoded(const rr::wire::NotificationMessage& msg, rr::wire::ByteView body) {
  fuzz::check(static_cast<std::uint8_t>(msg.code) == static_cast<std::uint8_t>(body[0]),
              "code is the first octet");
  fuzz::check(msg.subcode == static_cast<std::uint8_t>(body[1]), "subcode is the second octet");
  fuzz::check(std::ranges::equal(msg.data, body.subspan(2)), "data is the rest of the body");
  fuzz::check(!msg.describe().empty(), "describe() is not empty");
  if (const auto text = msg.shutdown_communication()) {
    fuzz::check(msg.code == rr::wire::ErrorCode::cease, "only Cease carries a communication");
    fuzz::check(!msg.data.empty() && static_cast<std::size_t>(msg.data[0]) == text->size(),
                "the communication is as long as its length octet says");
    fuzz::check(fuzz::is_valid_utf8(*text), "the communication is valid UTF-8");
  }
  check_round_trip(msg);
}

void check_shutdown(rr::wire::CeaseSubcode sub, std::string_view text) {
  const auto msg = rr::wire::NotificationMessage::shutdown(sub, text);
  fuzz::check(
      msg.code == rr::wire::ErrorCode::cease && msg.subcode == static_cast<std::uint8_t>(sub),
      "shutdown() builds Cease with the given subcode");
  const auto back = msg.shutdown_communication();
  if (fuzz::is_valid_utf8(text)) {
    fuzz::check(back.has_value(), "a UTF-8 communication is readable back");
    fuzz::check(back->size() <= 255, "the communication is at most 255 octets");
    fuzz::check(text.starts_with(*back), "the communication is a prefix of the text");
    fuzz::check(back->size() == text.size() || back->size() + 3 >= 255,
                "truncation drops at most one partial character");
    fuzz::check(!msg.describe().empty(), "describe() is not empty");
  } else if (back) {
    fuzz::check(back->size() <= 255 && fuzz::is_valid_utf8(*back),
                "whatever comes back is valid UTF-8 of at most 255 octets");
  }
  check_round_trip(msg);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size + rr::wire::kHeaderSize > rr::wire::kMaxExtendedMessageSize) return 0;
  const auto body = fuzz::as_view(data, size);

  const auto decoded = rr::wire::decode_notification(body);
  if (body.size() >= 2) {
    fuzz::check(decoded.has_value(), "a NOTIFICATION of two octets or more decodes");
    check_decoded(*decoded, body);
  } else {
    fuzz::check(!decoded.has_value(), "a NOTIFICATION shorter than two octets is an error");
    fuzz::check_error(decoded.error());
  }

  const auto sub = (size % 2 == 0) ? rr::wire::CeaseSubcode::administrative_shutdown
                                   : rr::wire::CeaseSubcode::administrative_reset;
  check_shutdown(sub, fuzz::as_string_view(body));
  return 0;
}
