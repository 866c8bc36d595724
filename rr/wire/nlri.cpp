// NLRI prefix codec shared by the Withdrawn Routes and NLRI fields (RFC 4271 §4.3) and by
// MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760 §5.1): a length octet in bits followed by the fewest
// octets that hold that many bits, preceded by a 4-octet path identifier when ADD-PATH is
// negotiated for the family (RFC 7911 §3).
//
// The decoder walks raw octets rather than a Reader: it is the per-prefix hot loop of UPDATE
// decoding. Bits past the prefix length are cleared so that equal prefixes compare equal
// (RFC 4271 §4.3 lets trailing bits be anything).
#include "rr/wire/nlri.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

namespace rr::wire {

namespace {

// A cheap guess at how many entries `octets` hold: an IPv4 /24 takes 4 octets, a typical IPv6
// prefix (/48) 7; ADD-PATH adds 4. Undershooting only costs a vector growth.
std::size_t estimate_entries(std::size_t octets, Afi afi, bool add_path) {
  const std::size_t typical = (afi == Afi::ipv4 ? 4U : 7U) + (add_path ? 4U : 0U);
  return (octets / typical) + 1;
}

// kPrefixMasks[n]: the 16 octets whose first n bits are set (network order), as two words in
// memory order so that a masked copy is two loads, two ANDs and two stores.
struct Mask128 {
  std::uint64_t lo = 0;
  std::uint64_t hi = 0;
};
constexpr std::array<Mask128, 129> kPrefixMasks = [] {
  std::array<Mask128, 129> masks{};
  for (unsigned length = 0; length <= 128; ++length) {
    std::array<std::uint8_t, 16> octets{};
    for (unsigned bit = 0; bit < length; ++bit) {
      octets[bit / 8] = static_cast<std::uint8_t>(octets[bit / 8] | (0x80U >> (bit % 8)));
    }
    // Memory order to a native word: byte k of memory is bits 8k..8k+7 on little endian, the
    // top byte first on big endian.
    for (unsigned k = 0; k < 8; ++k) {
      const unsigned shift = std::endian::native == std::endian::little ? 8 * k : 8 * (7 - k);
      masks[length].lo |= static_cast<std::uint64_t>(octets[k]) << shift;
      masks[length].hi |= static_cast<std::uint64_t>(octets[8 + k]) << shift;
    }
  }
  return masks;
}();

tl::unexpected<DecodeError> prefix_error(UpdateSubcode subcode, std::string_view reason) {
  DecodeError error = update_error(subcode, reason);
  error.action = ErrorAction::session_reset;
  return tl::unexpected(std::move(error));
}

}  // namespace

Result<std::monostate> decode_prefixes(ByteView data, Afi afi, bool add_path,
                                       std::vector<Nlri>& out, UpdateSubcode on_error) {
  if (data.empty()) return std::monostate{};
  out.reserve(out.size() + estimate_entries(data.size(), afi, add_path));

  const auto* p = reinterpret_cast<const std::uint8_t*>(data.data());  // NOLINT
  const std::size_t n = data.size();
  const std::uint8_t max_length = Prefix::max_length(afi);
  std::size_t i = 0;
  while (i < n) {
    // Validate first, then build the entry in place: assembling it on the stack and copying it
    // in costs a store-forwarding stall per prefix.
    std::uint32_t path_id = 0;
    if (add_path) {
      if (n - i < 5) return prefix_error(on_error, "NLRI path identifier truncated");
      path_id = (static_cast<std::uint32_t>(p[i]) << 24U) |
                (static_cast<std::uint32_t>(p[i + 1]) << 16U) |
                (static_cast<std::uint32_t>(p[i + 2]) << 8U) | static_cast<std::uint32_t>(p[i + 3]);
      i += 4;
    }
    const std::uint8_t length = p[i++];
    if (length > max_length) {
      return prefix_error(on_error, "NLRI prefix length exceeds the family maximum");
    }
    const std::size_t octets = (length + 7U) / 8U;
    if (n - i < octets) return prefix_error(on_error, "NLRI prefix overruns its field");

    Nlri& entry = out.emplace_back();
    entry.path_id = path_id;
    entry.prefix.afi = afi;
    entry.prefix.length = length;
    std::uint8_t* bytes = entry.prefix.bytes.data();
    if (n - i >= 16) {
      // Fast path: copy a whole address and mask it; the octets past the prefix (and the bits
      // past its length, RFC 4271 §4.3) come out zero.
      std::uint64_t lo = 0;
      std::uint64_t hi = 0;
      std::memcpy(&lo, p + i, 8);
      std::memcpy(&hi, p + i + 8, 8);
      lo &= kPrefixMasks[length].lo;
      hi &= kPrefixMasks[length].hi;
      std::memcpy(bytes, &lo, 8);
      std::memcpy(bytes + 8, &hi, 8);
    } else {
      for (std::size_t k = 0; k < octets; ++k)
        bytes[k] = p[i + k];
      if (octets != 0) {
        const unsigned spare = (static_cast<unsigned>(octets) * 8U) - length;
        bytes[octets - 1] = static_cast<std::uint8_t>(bytes[octets - 1] & (0xffU << spare));
      }
    }
    i += octets;
  }
  return std::monostate{};
}

void encode_prefix(const Nlri& n, bool add_path, Writer& w) {
  if (add_path) w.u32(n.path_id);
  w.u8(n.prefix.length);
  // Clamped so that an out-of-range length can never read past the array.
  const std::size_t octets =
      std::min<std::size_t>((n.prefix.length + 7U) / 8U, n.prefix.bytes.size());
  w.raw(n.prefix.bytes.data(), octets);
}

}  // namespace rr::wire
