// Fuzz target for decode_route_refresh (RFC 2918 §3, RFC 7313 §3.2 and §5).
//
// Input: a ROUTE-REFRESH body. A 4-octet body with subtype 0..2 decodes to its AFI, subtype and
// SAFI and round-trips; a reserved subtype is an error with action none (ignore the message);
// any other length is ROUTE-REFRESH Message Error / Invalid Message Length.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "rr/wire/bytes.hpp"
#include "rr/wire/context.hpp"
#include "rr/wire/error.hpp"
#include "rr/wire/header.hpp"
#include "rr/wire/route_refresh.hpp"
#include "rr/wire/types.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using rr::wire::ErrorAction;
  if (size + rr::wire::kHeaderSize > rr::wire::kMaxExtendedMessageSize) return 0;
  const auto body = fuzz::as_view(data, size);

  const auto decoded = rr::wire::decode_route_refresh(body);
  if (size != 4) {
    fuzz::check(!decoded.has_value(), "a ROUTE-REFRESH body other than 4 octets is an error");
    fuzz::check_error(decoded.error());
    fuzz::check(
        decoded.error().code == rr::wire::ErrorCode::route_refresh &&
            decoded.error().subcode ==
                static_cast<std::uint8_t>(rr::wire::RouteRefreshSubcode::invalid_message_length),
        "wrong length is ROUTE-REFRESH Message Error / Invalid Message Length");
    fuzz::check(decoded.error().action != ErrorAction::none, "wrong length is not ignored");
    return 0;
  }
  if (data[2] > 2) {
    fuzz::check(!decoded.has_value(), "a reserved subtype is an error");
    fuzz::check_error(decoded.error());
    fuzz::check(decoded.error().action == ErrorAction::none, "a reserved subtype is ignored");
    return 0;
  }
  fuzz::check(decoded.has_value(), "a 4-octet ROUTE-REFRESH with a defined subtype decodes");
  const auto& msg = *decoded;
  fuzz::check(static_cast<unsigned>(msg.afi_safi.afi) == ((data[0] * 256U) + data[1]), "AFI");
  fuzz::check(static_cast<std::uint8_t>(msg.subtype) == data[2], "subtype");
  fuzz::check(static_cast<std::uint8_t>(msg.afi_safi.safi) == data[3], "SAFI");

  rr::wire::Bytes first;
  rr::wire::encode(msg, first);
  fuzz::check_framed(first, rr::wire::MessageType::route_refresh, rr::wire::CodecContext{});
  fuzz::check(std::ranges::equal(std::span(first).subspan(rr::wire::kHeaderSize), body),
              "ROUTE-REFRESH re-encodes to the received octets");
  const auto again =
      rr::wire::decode_route_refresh(std::span(first).subspan(rr::wire::kHeaderSize));
  fuzz::check(again.has_value() && *again == msg, "re-encoded ROUTE-REFRESH decodes equal");
  return 0;
}
