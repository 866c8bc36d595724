// AS_PATH and AS4_PATH (RFC 4271 §4.3 and §5.1.2, RFC 5065 confederation segments, RFC 6793
// 4-octet AS and the AS4_PATH merge).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rr/wire/bytes.hpp"
#include "rr/wire/error.hpp"

namespace rr::wire {

enum class AsSegmentType : std::uint8_t {
  as_set = 1,
  as_sequence = 2,
  confed_sequence = 3,  // RFC 5065 §3
  confed_set = 4,
};

struct AsPathSegment {
  AsSegmentType type = AsSegmentType::as_sequence;
  std::vector<std::uint32_t> asns;
  friend bool operator==(const AsPathSegment&, const AsPathSegment&) = default;
};

struct AsPath {
  std::vector<AsPathSegment> segments;

  // RFC 4271 §9.1.2.2 a): an AS_SET counts 1, confederation segments count 0.
  [[nodiscard]] std::size_t length() const;
  // The AS the route was learnt from (first AS of a leading AS_SEQUENCE), if any.
  [[nodiscard]] std::optional<std::uint32_t> first_as() const;
  [[nodiscard]] bool contains(std::uint32_t asn) const;
  // "65001 65002 {65003,65004} (65005)" in the usual notation.
  [[nodiscard]] std::string to_string() const;
  friend bool operator==(const AsPath&, const AsPath&) = default;
};

// Decodes AS_PATH / AS4_PATH segments of `asn_size` (2 or 4) octets each. Malformed (RFC 7606
// §7.2): unknown segment type, zero-length segment, overrun or trailing octets → subcode
// malformed_as_path with action treat_as_withdraw; the caller turns it into attribute_discard for
// AS4_PATH (RFC 6793 §6).
Result<AsPath> decode_as_path(ByteView value, unsigned asn_size);

// Encodes segments with `asn_size` octets per AS; segments longer than 255 ASes are split.
// With asn_size 2, ASes above 65535 are written as AS_TRANS.
void encode_as_path(const AsPath& path, unsigned asn_size, Writer& w);

// RFC 6793 §4.2.3: rebuilds the 4-octet path from a 2-octet AS_PATH and AS4_PATH. When AS4_PATH
// is longer than AS_PATH, AS4_PATH is ignored and AS_PATH returned unchanged.
AsPath merge_as4_path(const AsPath& as_path, const AsPath& as4_path);

// RFC 6793 §4.2.2: for a 2-octet peer. Returns the AS_PATH to send (ASes above 65535 replaced
// by AS_TRANS) and, if any AS needed 4 octets, the AS4_PATH to send alongside (confederation
// segments excluded).
struct SplitAsPath {
  AsPath as_path;
  std::optional<AsPath> as4_path;
};
SplitAsPath split_for_two_octet(const AsPath& path);

}  // namespace rr::wire
