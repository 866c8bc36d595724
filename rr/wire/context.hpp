// The negotiated codec context: what a session agreed on that changes how bytes are read or
// written.
//
// Built once by the session after OPEN negotiation (RFC 5492), immutable afterwards; a session
// keeps one for the receive direction and one for the send direction (ADD-PATH is asymmetric,
// RFC 7911 §4).
#pragma once

#include <cstddef>

#include "rr/wire/types.hpp"

namespace rr::wire {

inline constexpr std::size_t kHeaderSize = 19;
inline constexpr std::size_t kMaxMessageSize = 4096;           // RFC 4271 §4.1
inline constexpr std::size_t kMaxExtendedMessageSize = 65535;  // RFC 8654 §4
inline constexpr std::uint16_t kAsTrans = 23456;               // RFC 6793 §9

struct CodecContext {
  bool four_octet_as = true;      // RFC 6793: AS_PATH/AGGREGATOR carry 4-octet AS numbers
  bool extended_message = false;  // RFC 8654: messages up to 65535 octets
  AfiSafiSet add_path;            // RFC 7911: families whose NLRI carry a path identifier
  AfiSafiSet extended_next_hop;   // RFC 8950: IPv4 NLRI may carry an IPv6 next hop

  [[nodiscard]] constexpr std::size_t max_message_size() const {
    return extended_message ? kMaxExtendedMessageSize : kMaxMessageSize;
  }
  friend constexpr bool operator==(const CodecContext&, const CodecContext&) = default;
};

}  // namespace rr::wire
