// Socket options a BGP session needs: TCP MD5 signatures (RFC 2385, Linux TCP_MD5SIG), GTSM
// (RFC 5082: send with TTL 255, accept only TTL >= 255 - hops + 1 via IP_MINTTL /
// IPV6_MINHOPCOUNT), TCP_NODELAY, and binding a source address.
//
// Thin wrappers over setsockopt on a native handle; each returns an error_code so that a failure
// is reported against the peer that asked for it.
#pragma once

#include <cstdint>
#include <string_view>
#include <system_error>

#include "rr/wire/types.hpp"

namespace rr::session {

// Installs (or, with an empty password, removes) the MD5 key for `peer` on socket `fd`. On a
// listening socket this makes the kernel verify SYNs from that peer.
std::error_code set_tcp_md5(int fd, const wire::IpAddress& peer, std::string_view password);

// GTSM on a connected or listening socket: outgoing TTL / hop limit 255 and the minimum accepted
// incoming TTL 256 - hops.
std::error_code set_ttl_security(int fd, wire::Afi family, std::uint8_t hops);

std::error_code set_no_delay(int fd);

}  // namespace rr::session
