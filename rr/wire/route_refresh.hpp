// ROUTE-REFRESH (RFC 2918 §3) with the enhanced route refresh subtypes (RFC 7313 §3.2).
#pragma once

#include <cstdint>

#include "rr/wire/bytes.hpp"
#include "rr/wire/error.hpp"
#include "rr/wire/types.hpp"

namespace rr::wire {

enum class RouteRefreshSubtype : std::uint8_t {
  request = 0,       // RFC 2918 normal route refresh
  begin_of_rib = 1,  // RFC 7313 BoRR
  end_of_rib = 2,    // RFC 7313 EoRR
};

struct RouteRefreshMessage {
  AfiSafi afi_safi = kIpv4Unicast;
  RouteRefreshSubtype subtype = RouteRefreshSubtype::request;
  friend bool operator==(const RouteRefreshMessage&, const RouteRefreshMessage&) = default;
};

// RFC 7313 §5: a body whose length is not 4 is a ROUTE-REFRESH Message Error / Invalid Message
// Length (data: the whole message) when enhanced route refresh is negotiated. A reserved subtype
// (3..255) is returned as an error with action none: RFC 7313 §5 says ignore the message.
Result<RouteRefreshMessage> decode_route_refresh(ByteView body);
void encode(const RouteRefreshMessage& msg, Bytes& out);

}  // namespace rr::wire
