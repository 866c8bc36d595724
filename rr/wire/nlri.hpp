// Prefix encoding in NLRI, Withdrawn Routes and MP_REACH/MP_UNREACH (RFC 4271 §4.3,
// RFC 4760 §5) with optional ADD-PATH path identifiers (RFC 7911 §3).
#pragma once

#include <cstddef>
#include <variant>
#include <vector>

#include "rr/wire/bytes.hpp"
#include "rr/wire/error.hpp"
#include "rr/wire/types.hpp"

namespace rr::wire {

// Decodes a run of (path id,) length, prefix entries filling `data` exactly, appending to `out`.
// On a malformed entry (length past the family's maximum, truncated prefix) returns an error with
// subcode `on_error` (invalid_network_field for the UPDATE fields; optional_attribute_error
// inside MP_REACH/MP_UNREACH) and action session_reset; the caller may downgrade the action as
// RFC 7606 §5.3 / §7.11 allow.
Result<std::monostate> decode_prefixes(
    ByteView data, Afi afi, bool add_path, std::vector<Nlri>& out,
    UpdateSubcode on_error = UpdateSubcode::invalid_network_field);

// Octets one NLRI entry takes on the wire.
[[nodiscard]] inline std::size_t encoded_size(const Nlri& n, bool add_path) {
  return (add_path ? 4U : 0U) + 1U + ((n.prefix.length + 7U) / 8U);
}

void encode_prefix(const Nlri& n, bool add_path, Writer& w);

}  // namespace rr::wire
