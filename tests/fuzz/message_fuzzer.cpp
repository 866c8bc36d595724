// Fuzz target for stream framing: peek_header (RFC 4271 §4.1, §6.1; RFC 8654) and
// decode_message over a received byte stream.
//
// Input: one context byte (fuzz_support.hpp), then the bytes a peer sent. The loop cuts the
// stream the way the session reader does: peek the header, wait (stop) if the message is not
// whole, decode it, go on until a session-resetting error. peek_header must depend on the 19
// header octets only; every decoded message must round-trip (UPDATEs: update_invariants.hpp).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>

#include "rr/wire/bytes.hpp"
#include "rr/wire/context.hpp"
#include "rr/wire/error.hpp"
#include "rr/wire/header.hpp"
#include "rr/wire/message.hpp"
#include "tests/fuzz/fuzz_support.hpp"
#include "tests/fuzz/update_invariants.hpp"

namespace {

using HeaderResult = rr::wire::Result<std::optional<rr::wire::Header>>;

bool same_result(const HeaderResult& a, const HeaderResult& b) {
  if (a.has_value() != b.has_value()) return false;
  return a.has_value() ? *a == *b : a.error() == b.error();
}

void check_round_trip(const rr::wire::Message& msg, const rr::wire::CodecContext& ctx) {
  if (const auto* update = std::get_if<rr::wire::UpdateMessage>(&msg)) {
    fuzz::check_update(*update, ctx);
    return;
  }
  rr::wire::Bytes first;
  fuzz::check(rr::wire::encode(msg, ctx, first).has_value(), "decoded message re-encodes");
  fuzz::check_framed(first, rr::wire::message_type(msg), ctx);
  const auto again = rr::wire::decode_message(first, ctx);
  fuzz::check(again.has_value(), "re-encoded message decodes");
  fuzz::check(*again == msg, "re-encoded message decodes to an equal value");
  rr::wire::Bytes second;
  fuzz::check(rr::wire::encode(*again, ctx, second).has_value(), "second encode succeeds");
  fuzz::check(second == first, "encoding is idempotent");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using rr::wire::kHeaderSize;
  if (size < 1) return 0;
  const auto ctx = fuzz::context_from(data[0]);
  auto stream = fuzz::as_view(data + 1, size - 1);

  while (true) {
    const auto peeked = rr::wire::peek_header(stream, ctx);
    fuzz::check(same_result(peeked, rr::wire::peek_header(
                                        stream.first(std::min(stream.size(), kHeaderSize)), ctx)),
                "peek_header depends on the header octets only");
    if (!peeked) {
      const auto& e = peeked.error();
      fuzz::check_error(e);
      fuzz::check(e.code == rr::wire::ErrorCode::message_header,
                  "framing errors are Message Header Errors");
      fuzz::check(e.action == rr::wire::ErrorAction::session_reset,
                  "framing errors reset the session");
      return 0;
    }
    if (!peeked->has_value()) {
      fuzz::check(stream.size() < kHeaderSize, "peek_header waits only for a partial header");
      return 0;
    }
    const auto header = **peeked;
    fuzz::check(header.length >= kHeaderSize && header.length <= ctx.max_message_size(),
                "accepted header length is within the message size limits");
    const auto type = static_cast<std::uint8_t>(header.type);
    fuzz::check(type >= 1 && type <= 5, "accepted header type is defined");
    fuzz::check(!rr::wire::to_string(header.type).empty(), "to_string(MessageType) is not empty");
    if (header.length > stream.size()) return 0;  // the reader would wait for the rest

    const auto message = stream.first(header.length);
    stream = stream.subspan(header.length);
    const auto decoded = rr::wire::decode_message(message, ctx);
    if (!decoded) {
      fuzz::check_error(decoded.error());
      if (decoded.error().action == rr::wire::ErrorAction::session_reset) return 0;
      continue;
    }
    fuzz::check(rr::wire::message_type(*decoded) == header.type,
                "decoded message has the header's type");
    check_round_trip(*decoded, ctx);
  }
}
