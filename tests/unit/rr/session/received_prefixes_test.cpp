// ReceivedPrefixes against a plain std::set: random adds and removes of IPv4 keys (packed,
// open addressing with backward-shift deletion, growth and shrinking) and of the keys that take
// the node-based path (IPv6, ADD-PATH IDs).
#include "rr/session/received_prefixes.hpp"

#include <random>
#include <set>
#include <tuple>

#include <gtest/gtest.h>

namespace rr::session {
namespace {

wire::Nlri v4(std::uint32_t address, std::uint8_t length, std::uint32_t path_id = 0) {
  return wire::Nlri{wire::Prefix::v4(wire::Ipv4Address{address}, length), path_id};
}

TEST(ReceivedPrefixes, CountsDistinctKeysPerFamilyAndPathId) {
  ReceivedPrefixes r;
  EXPECT_TRUE(r.add(wire::kIpv4Unicast, v4(0x0a000000, 24)));
  EXPECT_FALSE(r.add(wire::kIpv4Unicast, v4(0x0a000000, 24)));
  EXPECT_TRUE(r.add(wire::kIpv4Unicast, v4(0x0a000000, 25)));     // another length
  EXPECT_TRUE(r.add(wire::kIpv4Unicast, v4(0x0a000000, 24, 7)));  // another path ID
  const wire::Nlri six{*wire::Prefix::parse("2001:db8::/32"), 0};
  EXPECT_TRUE(r.add(wire::kIpv6Unicast, six));
  EXPECT_EQ(r.size(), 4U);
  EXPECT_FALSE(r.remove(wire::kIpv4Unicast, v4(0x0b000000, 24)));
  EXPECT_TRUE(r.remove(wire::kIpv4Unicast, v4(0x0a000000, 24)));
  EXPECT_EQ(r.size(), 3U);
  r.drop_family(wire::kIpv4Unicast);
  EXPECT_EQ(r.size(), 1U);  // only the IPv6 key is left
  r.clear();
  EXPECT_EQ(r.size(), 0U);
  EXPECT_FALSE(r.remove(wire::kIpv6Unicast, six));
}

TEST(ReceivedPrefixes, MatchesASetUnderRandomChurn) {
  ReceivedPrefixes r;
  std::set<std::tuple<int, std::uint32_t, std::uint8_t, std::uint32_t>> model;
  std::mt19937 rng(42);
  // Few distinct addresses so that adds and removes collide often; clustered addresses so that
  // probe runs form and wrap.
  std::uniform_int_distribution<std::uint32_t> address(0, 5000);
  std::uniform_int_distribution<int> op(0, 99);
  for (int step = 0; step < 200000; ++step) {
    const auto a = 0x0a000000U + (address(rng) << 8U);
    const int kind = op(rng);
    const std::uint32_t path_id = kind % 10 == 0 ? 1 : 0;
    const auto n = v4(a, 24, path_id);
    const auto key = std::make_tuple(4, a, std::uint8_t{24}, path_id);
    // Grow for the first half, then mostly withdraw (the table shrinks).
    const bool adding = step < 100000 ? kind < 70 : kind < 20;
    if (adding) {
      EXPECT_EQ(r.add(wire::kIpv4Unicast, n), model.insert(key).second);
    } else {
      EXPECT_EQ(r.remove(wire::kIpv4Unicast, n), model.erase(key) > 0);
    }
    ASSERT_EQ(r.size(), model.size()) << "at step " << step;
  }
  // Everything the model holds is still found, exactly once.
  for (const auto& [family, a, length, path_id] : model)
    EXPECT_TRUE(r.remove(wire::kIpv4Unicast, v4(a, length, path_id)));
  EXPECT_EQ(r.size(), 0U);
}

}  // namespace
}  // namespace rr::session
