// COMMUNITIES (RFC 1997), EXTENDED_COMMUNITIES (RFC 4360) and LARGE_COMMUNITY (RFC 8092).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <vector>

#include "rr/wire/bytes.hpp"
#include "rr/wire/error.hpp"

namespace rr::wire {

namespace community {  // RFC 1997 / RFC 7999 well-known values
inline constexpr std::uint32_t kNoExport = 0xFFFFFF01;
inline constexpr std::uint32_t kNoAdvertise = 0xFFFFFF02;
inline constexpr std::uint32_t kNoExportSubconfed = 0xFFFFFF03;
inline constexpr std::uint32_t kNoPeer = 0xFFFFFF04;
inline constexpr std::uint32_t kBlackhole = 0xFFFF029A;
inline constexpr std::uint32_t kGracefulShutdown = 0xFFFF0000;
inline constexpr std::uint32_t kLlgrStale = 0xFFFF0006;
inline constexpr std::uint32_t kNoLlgr = 0xFFFF0007;
}  // namespace community

struct ExtendedCommunity {
  std::array<std::uint8_t, 8> bytes{};
  [[nodiscard]] bool transitive() const { return (bytes[0] & 0x40U) == 0; }
  friend constexpr auto operator<=>(const ExtendedCommunity&, const ExtendedCommunity&) = default;
};

struct LargeCommunity {
  std::uint32_t global_admin = 0;
  std::uint32_t local_data1 = 0;
  std::uint32_t local_data2 = 0;
  friend constexpr auto operator<=>(const LargeCommunity&, const LargeCommunity&) = default;
};

// Value lengths that are not a multiple of 4 / 8 / 12 are malformed: treat_as_withdraw
// (RFC 7606 §7.8, RFC 7606 §7.14, RFC 8092 §6).
Result<std::vector<std::uint32_t>> decode_communities(ByteView value);
Result<std::vector<ExtendedCommunity>> decode_extended_communities(ByteView value);
Result<std::vector<LargeCommunity>> decode_large_communities(ByteView value);

std::string community_to_string(std::uint32_t c);  // "65000:100"

}  // namespace rr::wire
