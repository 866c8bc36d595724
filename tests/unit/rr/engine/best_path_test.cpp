// The decision process: one test per step showing that it decides (in both argument orders, with
// the same reported step), the defaults for absent attributes, and antisymmetry over many
// generated pairs.
#include "rr/engine/best_path.hpp"

#include <array>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace rr::engine {
namespace {

using wire::AsPath;
using wire::AsPathSegment;
using wire::AsSegmentType;
using wire::IpAddress;
using wire::Ipv4Address;
using wire::Origin;

Ipv4Address v4(std::string_view text) {
  return Ipv4Address::parse(text).value_or(Ipv4Address{});
}

IpAddress ip(std::string_view text) {
  return IpAddress::parse(text).value_or(IpAddress{});
}

AsPath seq(std::vector<std::uint32_t> asns) {
  return AsPath{{AsPathSegment{AsSegmentType::as_sequence, std::move(asns)}}};
}

// A path and the session facts about it; view() points the PathView at the attributes.
struct Path {
  wire::PathAttributes attrs;
  bool from_ebgp = false;
  std::uint32_t peer_as = 65000;
  Ipv4Address peer_router_id = v4("10.0.0.1");
  IpAddress peer_address = ip("10.0.0.1");
  std::uint32_t path_id = 0;
  bool stale = false;

  [[nodiscard]] PathView view() const {
    return PathView{&attrs, from_ebgp, peer_as, peer_router_id, peer_address, path_id, stale};
  }
};

// A typical path reflected from a client: ORIGIN IGP, empty AS_PATH, LOCAL_PREF 100.
Path base() {
  Path p;
  p.attrs.origin = Origin::igp;
  p.attrs.as_path = AsPath{};
  p.attrs.local_pref = 100;
  return p;
}

// `winner` beats `loser` at `step`, whichever argument it is.
::testing::AssertionResult beats(const Path& winner, const Path& loser, DecisionStep step) {
  const Decision forward = compare(winner.view(), loser.view());
  const Decision backward = compare(loser.view(), winner.view());
  if (!forward.first_wins || forward.step != step) {
    return ::testing::AssertionFailure()
           << "compare(winner, loser) = {first_wins " << forward.first_wins << ", "
           << to_string(forward.step) << "}, expected {1, " << to_string(step) << "}";
  }
  if (backward.first_wins || backward.step != step) {
    return ::testing::AssertionFailure()
           << "compare(loser, winner) = {first_wins " << backward.first_wins << ", "
           << to_string(backward.step) << "}, expected {0, " << to_string(step) << "}";
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult equal(const Path& a, const Path& b) {
  for (const Decision d : {compare(a.view(), b.view()), compare(b.view(), a.view())}) {
    if (!d.first_wins || d.step != DecisionStep::equal) {
      return ::testing::AssertionFailure()
             << "got {first_wins " << d.first_wins << ", " << to_string(d.step) << "}";
    }
  }
  return ::testing::AssertionSuccess();
}

TEST(BestPath, StepNamesAreStable) {
  EXPECT_STREQ(to_string(DecisionStep::not_stale), "not-stale");
  EXPECT_STREQ(to_string(DecisionStep::local_pref), "local-pref");
  EXPECT_STREQ(to_string(DecisionStep::as_path_length), "as-path-length");
  EXPECT_STREQ(to_string(DecisionStep::origin), "origin");
  EXPECT_STREQ(to_string(DecisionStep::med), "med");
  EXPECT_STREQ(to_string(DecisionStep::ebgp_over_ibgp), "ebgp-over-ibgp");
  EXPECT_STREQ(to_string(DecisionStep::router_id), "router-id");
  EXPECT_STREQ(to_string(DecisionStep::cluster_list_length), "cluster-list-length");
  EXPECT_STREQ(to_string(DecisionStep::peer_address), "peer-address");
  EXPECT_STREQ(to_string(DecisionStep::path_id), "path-id");
  EXPECT_STREQ(to_string(DecisionStep::equal), "equal");
  EXPECT_STREQ(to_string(static_cast<DecisionStep>(200)), "?");
}

TEST(BestPath, IdenticalPathsAreEqualAndTheFirstWins) {
  EXPECT_TRUE(equal(base(), base()));
  Path p = base();
  p.attrs.med = 5;
  p.attrs.cluster_list = std::vector{v4("1.1.1.1")};
  EXPECT_TRUE(equal(p, p));
}

TEST(BestPath, AttributesNotConsideredDoNotDecide) {
  Path a = base();
  Path b = base();
  b.attrs.communities = {0xFDE80064};
  b.attrs.atomic_aggregate = true;
  b.peer_as = 65099;  // the neighbour AS is read from the AS_PATH, not the session
  EXPECT_TRUE(equal(a, b));
}

TEST(BestPath, FreshPathBeatsStaleOne) {
  Path fresh = base();
  Path stale = base();
  stale.stale = true;
  EXPECT_TRUE(beats(fresh, stale, DecisionStep::not_stale));
  // It comes first: a stale path loses even with a better LOCAL_PREF.
  stale.attrs.local_pref = 1000;
  EXPECT_TRUE(beats(fresh, stale, DecisionStep::not_stale));
  // Both stale: the rest decides.
  fresh.stale = true;
  EXPECT_TRUE(beats(stale, fresh, DecisionStep::local_pref));
}

TEST(BestPath, HigherLocalPrefWins) {
  Path high = base();
  high.attrs.local_pref = 200;
  high.attrs.as_path = seq({65001, 65002, 65003});  // longer path and worse origin
  high.attrs.origin = Origin::incomplete;
  Path low = base();
  low.attrs.local_pref = 150;
  EXPECT_TRUE(beats(high, low, DecisionStep::local_pref));
}

TEST(BestPath, AbsentLocalPrefIsOneHundred) {
  Path absent = base();
  absent.attrs.local_pref.reset();
  EXPECT_EQ(effective_local_pref(absent.attrs), 100U);

  Path hundred = base();
  EXPECT_TRUE(equal(absent, hundred));
  Path above = base();
  above.attrs.local_pref = 101;
  EXPECT_TRUE(beats(above, absent, DecisionStep::local_pref));
  Path below = base();
  below.attrs.local_pref = 99;
  EXPECT_TRUE(beats(absent, below, DecisionStep::local_pref));
}

TEST(BestPath, ShorterAsPathWins) {
  Path shorter = base();
  shorter.attrs.as_path = seq({65001});
  shorter.attrs.origin = Origin::incomplete;
  shorter.attrs.med = 1000;
  Path longer = base();
  longer.attrs.as_path = seq({65001, 65002});
  EXPECT_TRUE(beats(shorter, longer, DecisionStep::as_path_length));
}

TEST(BestPath, AbsentAsPathCountsZero) {
  Path absent = base();
  absent.attrs.as_path.reset();
  Path empty = base();
  EXPECT_TRUE(equal(absent, empty));
  Path one = base();
  one.attrs.as_path = seq({65001});
  EXPECT_TRUE(beats(absent, one, DecisionStep::as_path_length));
}

TEST(BestPath, AsSetCountsOne) {
  Path with_set = base();
  with_set.attrs.as_path = AsPath{{AsPathSegment{AsSegmentType::as_sequence, {65001, 65002}},
                                   AsPathSegment{AsSegmentType::as_set, {65003, 65004, 65005}}}};
  Path four = base();
  four.attrs.as_path = seq({65001, 65002, 65003, 65004});
  EXPECT_TRUE(beats(with_set, four, DecisionStep::as_path_length));

  // Length 3 against length 3: the AS_PATH does not decide.
  Path three = base();
  three.attrs.as_path = seq({65001, 65002, 65003});
  three.attrs.origin = Origin::egp;
  EXPECT_TRUE(beats(with_set, three, DecisionStep::origin));
}

TEST(BestPath, ConfederationSegmentsCountZero) {
  Path confed = base();
  confed.attrs.as_path = AsPath{{AsPathSegment{AsSegmentType::confed_sequence, {64512, 64513}},
                                 AsPathSegment{AsSegmentType::as_sequence, {65001}}}};
  Path two = base();
  two.attrs.as_path = seq({65001, 65002});
  EXPECT_TRUE(beats(confed, two, DecisionStep::as_path_length));
}

TEST(BestPath, LowerOriginWins) {
  Path igp = base();
  igp.attrs.med = 1000;
  Path egp = base();
  egp.attrs.origin = Origin::egp;
  Path incomplete = base();
  incomplete.attrs.origin = Origin::incomplete;
  EXPECT_TRUE(beats(igp, egp, DecisionStep::origin));
  EXPECT_TRUE(beats(egp, incomplete, DecisionStep::origin));
  EXPECT_TRUE(beats(igp, incomplete, DecisionStep::origin));
}

TEST(BestPath, AbsentOriginIsIncomplete) {
  Path absent = base();
  absent.attrs.origin.reset();
  Path incomplete = base();
  incomplete.attrs.origin = Origin::incomplete;
  EXPECT_TRUE(equal(absent, incomplete));
  Path egp = base();
  egp.attrs.origin = Origin::egp;
  EXPECT_TRUE(beats(egp, absent, DecisionStep::origin));
}

TEST(BestPath, LowerMedWinsBetweenPathsFromTheSameNeighbourAs) {
  Path low = base();
  low.attrs.as_path = seq({65001, 65010});
  low.attrs.med = 10;
  low.peer_router_id = v4("10.0.0.9");  // would lose on router ID
  Path high = base();
  high.attrs.as_path = seq({65001, 65020});
  high.attrs.med = 20;
  high.from_ebgp = true;  // would win on eBGP over iBGP
  EXPECT_TRUE(beats(low, high, DecisionStep::med));
}

TEST(BestPath, MedIsNotComparedAcrossNeighbourAses) {
  Path low = base();
  low.attrs.as_path = seq({65001});
  low.attrs.med = 10;
  low.peer_router_id = v4("10.0.0.9");
  Path high = base();
  high.attrs.as_path = seq({65002});
  high.attrs.med = 20;
  EXPECT_TRUE(beats(high, low, DecisionStep::router_id));
  high.from_ebgp = true;
  EXPECT_TRUE(beats(high, low, DecisionStep::ebgp_over_ibgp));
}

TEST(BestPath, MedIsComparedBetweenPathsFromOurOwnAs) {
  // Both AS_PATHs empty (or absent): the same "local" neighbour AS.
  Path low = base();
  low.attrs.med = 10;
  low.peer_router_id = v4("10.0.0.9");
  Path high = base();
  high.attrs.as_path.reset();
  high.attrs.med = 20;
  EXPECT_TRUE(beats(low, high, DecisionStep::med));
}

TEST(BestPath, MedIsNotComparedBetweenPathsWithAndWithoutNeighbourAs) {
  // A path without a first AS (here an AS_SET behind a confederation segment, length 1) against
  // one from AS 65001 of the same length: MED is skipped, the router ID decides.
  Path no_first_as = base();
  no_first_as.attrs.as_path = AsPath{{AsPathSegment{AsSegmentType::confed_sequence, {64512}},
                                      AsPathSegment{AsSegmentType::as_set, {65005, 65006}}}};
  no_first_as.attrs.med = 10;
  no_first_as.peer_router_id = v4("10.0.0.9");
  Path external = base();
  external.attrs.as_path = seq({65001});
  external.attrs.med = 20;
  EXPECT_TRUE(beats(external, no_first_as, DecisionStep::router_id));
}

TEST(BestPath, AbsentMedIsZero) {
  Path absent = base();
  absent.attrs.med.reset();
  absent.peer_router_id = v4("10.0.0.9");
  Path zero = base();
  zero.attrs.med = 0;
  EXPECT_TRUE(beats(zero, absent, DecisionStep::router_id));  // MED equal, router ID decides
  Path one = base();
  one.attrs.med = 1;
  EXPECT_TRUE(beats(absent, one, DecisionStep::med));
}

TEST(BestPath, EbgpBeatsIbgp) {
  Path ebgp = base();
  ebgp.attrs.as_path = seq({65001});
  ebgp.from_ebgp = true;
  ebgp.peer_router_id = v4("10.0.0.9");
  Path ibgp = base();
  ibgp.attrs.as_path = seq({65002});
  EXPECT_TRUE(beats(ebgp, ibgp, DecisionStep::ebgp_over_ibgp));
}

TEST(BestPath, LowerRouterIdWins) {
  Path low = base();
  low.peer_router_id = v4("10.0.0.1");
  low.peer_address = ip("10.0.0.200");
  low.attrs.cluster_list = std::vector{v4("9.9.9.9"), v4("8.8.8.8")};
  Path high = base();
  high.peer_router_id = v4("10.0.0.2");
  EXPECT_TRUE(beats(low, high, DecisionStep::router_id));
}

TEST(BestPath, OriginatorIdReplacesTheRouterId) {
  // RFC 4456 §9: the ORIGINATOR_ID is compared in place of the peer's BGP identifier.
  Path a = base();
  a.peer_router_id = v4("10.0.0.9");
  a.attrs.originator_id = v4("10.0.0.1");
  Path b = base();
  b.peer_router_id = v4("10.0.0.5");
  EXPECT_TRUE(beats(a, b, DecisionStep::router_id));

  Path c = base();
  c.peer_router_id = v4("10.0.0.1");
  c.attrs.originator_id = v4("10.0.0.7");
  EXPECT_TRUE(beats(b, c, DecisionStep::router_id));

  // Same originator through two reflectors: falls through to later steps.
  Path d = base();
  d.peer_router_id = v4("10.0.0.3");
  d.peer_address = ip("10.0.0.3");
  d.attrs.originator_id = v4("10.0.0.1");
  Path e = base();
  e.peer_router_id = v4("10.0.0.2");
  e.peer_address = ip("10.0.0.2");
  e.attrs.originator_id = v4("10.0.0.1");
  EXPECT_TRUE(beats(e, d, DecisionStep::peer_address));
}

TEST(BestPath, ShorterClusterListWins) {
  Path shorter = base();
  shorter.attrs.originator_id = v4("10.0.0.1");
  shorter.attrs.cluster_list = std::vector{v4("1.1.1.1")};
  shorter.peer_address = ip("10.0.0.200");
  Path longer = base();
  longer.attrs.originator_id = v4("10.0.0.1");
  longer.attrs.cluster_list = std::vector{v4("2.2.2.2"), v4("1.1.1.1")};
  EXPECT_TRUE(beats(shorter, longer, DecisionStep::cluster_list_length));

  Path absent = base();
  absent.attrs.originator_id = v4("10.0.0.1");
  absent.peer_address = ip("10.0.0.200");
  EXPECT_TRUE(beats(absent, shorter, DecisionStep::cluster_list_length));
  Path empty = absent;
  empty.attrs.cluster_list = std::vector<Ipv4Address>{};
  EXPECT_TRUE(equal(absent, empty));
}

TEST(BestPath, LowerPeerAddressWins) {
  Path low = base();
  low.peer_address = ip("10.0.0.1");
  low.path_id = 9;
  Path high = base();
  high.peer_address = ip("10.0.0.2");
  EXPECT_TRUE(beats(low, high, DecisionStep::peer_address));

  Path v6_low = base();
  v6_low.peer_address = ip("2001:db8::1");
  Path v6_high = base();
  v6_high.peer_address = ip("2001:db8::2");
  EXPECT_TRUE(beats(v6_low, v6_high, DecisionStep::peer_address));
  // Across families the order is still total (IPv4 first).
  EXPECT_TRUE(beats(high, v6_low, DecisionStep::peer_address));
}

TEST(BestPath, LowerPathIdWins) {
  Path low = base();
  low.path_id = 1;
  Path high = base();
  high.path_id = 2;
  EXPECT_TRUE(beats(low, high, DecisionStep::path_id));
}

TEST(BestPath, MissingAttributesReadAsAbsent) {
  const PathView none{};
  Path absent;  // no attribute at all
  absent.peer_router_id = Ipv4Address{};
  absent.peer_address = IpAddress{};
  absent.peer_as = 0;
  EXPECT_EQ(compare(none, absent.view()).step, DecisionStep::equal);
  EXPECT_EQ(compare(absent.view(), none).step, DecisionStep::equal);
  Path better = absent;
  better.attrs.local_pref = 101;
  const Decision d = compare(none, better.view());
  EXPECT_FALSE(d.first_wins);
  EXPECT_EQ(d.step, DecisionStep::local_pref);
}

// Deterministic path generator over small value ranges, so that many pairs tie on early steps
// and every step gets to decide. Uses rng() % n rather than distributions, whose output is
// implementation-defined.
class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}

  Path next() {
    Path p;
    p.stale = pick(8) == 0;
    if (auto lp = pick(4); lp != 0) p.attrs.local_pref = lp == 1 ? 100 : 200 * lp;
    switch (pick(7)) {
      case 0:
        break;  // absent
      case 1:
        p.attrs.as_path = AsPath{};
        break;
      case 2:
        p.attrs.as_path = seq({65001});
        break;
      case 3:
        p.attrs.as_path = seq({65002});
        break;
      case 4:
        p.attrs.as_path = seq({65001, 65003});
        break;
      case 5:
        p.attrs.as_path = AsPath{{AsPathSegment{AsSegmentType::as_set, {65001, 65002}}}};
        break;
      default:
        p.attrs.as_path = AsPath{{AsPathSegment{AsSegmentType::confed_sequence, {64512}},
                                  AsPathSegment{AsSegmentType::as_sequence, {65001}}}};
        break;
    }
    if (auto o = pick(4); o != 0) p.attrs.origin = static_cast<Origin>(o - 1);
    if (auto m = pick(3); m != 0) p.attrs.med = (m - 1) * 10;
    p.from_ebgp = pick(2) == 0;
    constexpr std::array<const char*, 3> kIds{"1.1.1.1", "2.2.2.2", "3.3.3.3"};
    if (auto o = pick(3); o != 0) p.attrs.originator_id = v4(kIds[o - 1]);
    p.peer_router_id = v4(kIds[pick(3)]);
    switch (pick(4)) {
      case 0:
        break;
      case 1:
        p.attrs.cluster_list = std::vector<Ipv4Address>{};
        break;
      case 2:
        p.attrs.cluster_list = std::vector{v4("9.9.9.9")};
        break;
      default:
        p.attrs.cluster_list = std::vector{v4("9.9.9.9"), v4("8.8.8.8")};
        break;
    }
    constexpr std::array<const char*, 3> kAddresses{"10.0.0.1", "10.0.0.2", "2001:db8::1"};
    p.peer_address = ip(kAddresses[pick(3)]);
    p.path_id = pick(2);
    return p;
  }

 private:
  std::uint32_t pick(std::uint32_t n) { return static_cast<std::uint32_t>(rng_() % n); }
  std::mt19937 rng_;
};

TEST(BestPath, IsAntisymmetricOverGeneratedPairs) {
  std::set<DecisionStep> seen;
  for (std::uint32_t seed : {1U, 2U, 3U, 42U, 2024U}) {
    Generator gen(seed);
    for (int i = 0; i < 4000; ++i) {
      const Path a = gen.next();
      const Path b = gen.next();
      const Decision ab = compare(a.view(), b.view());
      const Decision ba = compare(b.view(), a.view());
      ASSERT_EQ(ab.step, ba.step) << "seed " << seed << " pair " << i;
      if (ab.step == DecisionStep::equal) {
        ASSERT_TRUE(ab.first_wins && ba.first_wins) << "seed " << seed << " pair " << i;
      } else {
        ASSERT_NE(ab.first_wins, ba.first_wins) << "seed " << seed << " pair " << i;
      }
      const Decision aa = compare(a.view(), a.view());
      ASSERT_TRUE(aa.first_wins);
      ASSERT_EQ(aa.step, DecisionStep::equal);
      seen.insert(ab.step);
    }
  }
  // The generator reaches every step, so the property covers all of them.
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(DecisionStep::equal) + 1);
}

}  // namespace
}  // namespace rr::engine
