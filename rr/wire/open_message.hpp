// The OPEN message (RFC 4271 §4.2) with Capabilities optional parameters (RFC 5492) and the
// extended optional parameters length (RFC 9072).
#pragma once

#include <cstdint>
#include <vector>

#include "rr/wire/bytes.hpp"
#include "rr/wire/capabilities.hpp"
#include "rr/wire/error.hpp"
#include "rr/wire/types.hpp"

namespace rr::wire {

struct OpenMessage {
  std::uint8_t version = 4;
  std::uint16_t my_as = 0;  // AS_TRANS when the real AS needs 4 octets (RFC 6793 §4.1)
  std::uint16_t hold_time = 0;
  Ipv4Address bgp_identifier;
  std::vector<Capability> capabilities;
  // How the capabilities were (or will be) laid out: one Capabilities optional parameter holding
  // all of them (BIRD, OpenBGPD), or one optional parameter each (GoBGP, FRR). Kept so that
  // decode and encode are exact inverses.
  bool one_parameter_per_capability = false;

  // The sender's AS: the 4-octet AS capability if present, else my_as.
  [[nodiscard]] std::uint32_t asn() const;
  friend bool operator==(const OpenMessage&, const OpenMessage&) = default;
};

// Decodes an OPEN body (the octets after the header). Errors per RFC 4271 §6.2: unsupported
// version (data: the highest supported version, 4), unacceptable hold time (1 or 2), bad BGP
// identifier (0), unsupported optional parameter, malformed lengths. The peer-AS check is the
// session's.
Result<OpenMessage> decode_open(ByteView body);

// Appends a whole OPEN message, header included.
void encode(const OpenMessage& msg, Bytes& out);

}  // namespace rr::wire
