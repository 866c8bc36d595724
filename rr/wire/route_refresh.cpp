// ROUTE-REFRESH (RFC 2918 §3) and the enhanced route refresh subtypes (RFC 7313 §3.2).
//
// The body is AFI (2), Message Subtype (1, "Reserved" in RFC 2918), SAFI (1). Subtype 0 asks for a
// re-advertisement, 1 and 2 bracket one (Beginning / End of Route Refresh).
#include "rr/wire/route_refresh.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "rr/wire/context.hpp"
#include "rr/wire/header.hpp"

namespace rr::wire {

namespace {

constexpr std::size_t kRouteRefreshBodySize = 4;

// RFC 7313 §5: the Data of Invalid Message Length is the complete message, header included. A
// framed body is never longer than the largest message; a longer span is cut to keep the rebuilt
// length field meaningful.
Bytes whole_message(ByteView body) {
  Bytes out;
  const std::size_t header = begin_message(out, MessageType::route_refresh);
  Writer(out).bytes(body.first(std::min(body.size(), kMaxExtendedMessageSize - kHeaderSize)));
  finish_message(out, header);
  return out;
}

}  // namespace

Result<RouteRefreshMessage> decode_route_refresh(ByteView body) {
  if (body.size() != kRouteRefreshBodySize) {
    return tl::make_unexpected(route_refresh_error(RouteRefreshSubcode::invalid_message_length,
                                                   "ROUTE-REFRESH length is not 23",
                                                   whole_message(body)));
  }
  Reader r(body);
  std::uint16_t afi = 0;
  std::uint8_t subtype = 0;
  std::uint8_t safi = 0;
  r.u16(afi);
  r.u8(subtype);
  r.u8(safi);
  const AfiSafi afi_safi{static_cast<Afi>(afi), static_cast<Safi>(safi)};
  if (subtype > static_cast<std::uint8_t>(RouteRefreshSubtype::end_of_rib)) {
    // RFC 7313 §5: "When the BGP speaker receives a ROUTE-REFRESH message with a 'Message Subtype'
    // field other than 0, 1, or 2, it MUST ignore the received ROUTE-REFRESH message."
    DecodeError error = route_refresh_error(
        RouteRefreshSubcode::unspecific, "reserved ROUTE-REFRESH subtype, ignored (RFC 7313 §5)");
    error.action = ErrorAction::none;
    error.afi_safi = afi_safi;
    return tl::make_unexpected(std::move(error));
  }
  return RouteRefreshMessage{afi_safi, static_cast<RouteRefreshSubtype>(subtype)};
}

void encode(const RouteRefreshMessage& msg, Bytes& out) {
  const std::size_t header = begin_message(out, MessageType::route_refresh);
  Writer w(out);
  w.u16(static_cast<std::uint16_t>(msg.afi_safi.afi));
  w.u8(static_cast<std::uint8_t>(msg.subtype));
  w.u8(static_cast<std::uint8_t>(msg.afi_safi.safi));
  finish_message(out, header);
}

}  // namespace rr::wire
