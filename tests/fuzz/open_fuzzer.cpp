// Fuzz target for decode_open (RFC 4271 §4.2, §6.2; RFC 5492; RFC 9072).
//
// Input: an OPEN body (the octets after the header), at most what fits a 4096-octet message
// (RFC 8654 §4 keeps OPEN at 4096). A decode error is an OPEN Message Error; an accepted OPEN
// satisfies the RFC 4271 §6.2 checks decode_open documents, re-encodes to a well-framed message
// that decodes to an equal value, and re-encodes to the same octets again.
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>

#include "rr/wire/bytes.hpp"
#include "rr/wire/capabilities.hpp"
#include "rr/wire/context.hpp"
#include "rr/wire/error.hpp"
#include "rr/wire/header.hpp"
#include "rr/wire/open_message.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using rr::wire::kHeaderSize;
  if (size + kHeaderSize > rr::wire::kMaxMessageSize) return 0;
  const auto body = fuzz::as_view(data, size);

  const auto open = rr::wire::decode_open(body);
  if (!open) {
    fuzz::check_error(open.error());
    fuzz::check(open.error().code == rr::wire::ErrorCode::open_message,
                "decode_open fails with an OPEN Message Error");
    return 0;
  }
  fuzz::check(open->version == 4, "accepted OPEN is version 4");
  fuzz::check(open->hold_time == 0 || open->hold_time >= 3, "accepted hold time is 0 or >= 3");
  fuzz::check(open->bgp_identifier.value != 0, "accepted BGP identifier is not 0");
  const auto summary = rr::wire::summarize(open->capabilities);
  fuzz::check(open->asn() == summary.four_octet_as.value_or(open->my_as),
              "asn() is the 4-octet AS capability, else my_as");

  rr::wire::Bytes first;
  rr::wire::encode(*open, first);
  fuzz::check_framed(first, rr::wire::MessageType::open, rr::wire::CodecContext{});
  const auto again = rr::wire::decode_open(std::span(first).subspan(kHeaderSize));
  fuzz::check(again.has_value(), "re-encoded OPEN decodes");
  fuzz::check(*again == *open, "re-encoded OPEN decodes to an equal value");
  rr::wire::Bytes second;
  rr::wire::encode(*again, second);
  fuzz::check(second == first, "OPEN encoding is idempotent");
  return 0;
}
