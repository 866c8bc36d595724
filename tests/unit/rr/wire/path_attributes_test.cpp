// PathAttributes helpers: attribute names, the RFC 6793 conversions for 2-octet sessions, and the
// canonical encoding of an attribute set (type order, flags, extended length).
#include "rr/wire/attributes/path_attributes.hpp"

#include <gtest/gtest.h>

#include "rr/wire/context.hpp"
#include "rr/wire/update_message.hpp"
#include "tests/unit/rr/wire/update_test_support.hpp"

namespace rr::wire {
namespace {

using test::v4;

AsPath path(std::vector<std::uint32_t> asns) {
  return AsPath{{AsPathSegment{AsSegmentType::as_sequence, std::move(asns)}}};
}

std::string encode_hex(const PathAttributes& attrs, const CodecContext& ctx) {
  Bytes out;
  Writer w(out);
  encode_path_attributes(attrs, ctx, w);
  return to_hex(out);
}

TEST(AttrType, HasItsRfcName) {
  EXPECT_EQ(to_string(AttrType::origin), "ORIGIN");
  EXPECT_EQ(to_string(AttrType::mp_reach_nlri), "MP_REACH_NLRI");
  EXPECT_EQ(to_string(AttrType::large_communities), "LARGE_COMMUNITY");
  EXPECT_EQ(to_string(static_cast<AttrType>(99)), "UNKNOWN");
}

TEST(As4Merge, UsesAs4AggregatorWhenAggregatorIsAsTrans) {
  PathAttributes a;
  a.as_path = path({65010, kAsTrans, kAsTrans});
  a.as4_path = path({4200000001, 4200000002});
  a.aggregator = Aggregator{kAsTrans, v4("192.0.2.1")};
  a.as4_aggregator = Aggregator{4200000002, v4("192.0.2.1")};
  apply_as4_merge(a);
  EXPECT_EQ(a.as_path, path({65010, 4200000001, 4200000002}));
  EXPECT_EQ(a.aggregator, (Aggregator{4200000002, v4("192.0.2.1")}));
  EXPECT_FALSE(a.as4_path);
  EXPECT_FALSE(a.as4_aggregator);
}

TEST(As4Merge, IgnoresBothAs4AttributesWhenAggregatorIsNotAsTrans) {
  // RFC 6793 §4.2.3: an OLD speaker aggregated after the AS4 attributes were added.
  PathAttributes a;
  a.as_path = path({65010, kAsTrans});
  a.as4_path = path({4200000001});
  a.aggregator = Aggregator{65010, v4("192.0.2.9")};
  a.as4_aggregator = Aggregator{4200000002, v4("192.0.2.1")};
  apply_as4_merge(a);
  EXPECT_EQ(a.as_path, path({65010, kAsTrans}));
  EXPECT_EQ(a.aggregator, (Aggregator{65010, v4("192.0.2.9")}));
  EXPECT_FALSE(a.as4_path);
  EXPECT_FALSE(a.as4_aggregator);
}

TEST(As4Merge, MergesThePathWithoutAnAggregator) {
  PathAttributes a;
  a.as_path = path({65010, kAsTrans});
  a.as4_path = path({4200000001});
  apply_as4_merge(a);
  EXPECT_EQ(a.as_path, path({65010, 4200000001}));
  EXPECT_FALSE(a.as4_path);
}

TEST(As4Merge, IgnoresALongerAs4Path) {
  PathAttributes a;
  a.as_path = path({kAsTrans});
  a.as4_path = path({4200000001, 4200000002});
  apply_as4_merge(a);
  EXPECT_EQ(a.as_path, path({kAsTrans}));
  EXPECT_FALSE(a.as4_path);
}

TEST(As4Merge, LeavesAPlainSetUnchanged) {
  PathAttributes a;
  a.as_path = path({65001});
  a.aggregator = Aggregator{65001, v4("192.0.2.1")};
  const PathAttributes before = a;
  apply_as4_merge(a);
  EXPECT_EQ(a, before);
}

TEST(PrepareForTwoOctet, AddsAs4PathAndAs4AggregatorForWideAses) {
  PathAttributes a;
  a.as_path = path({65001, 4200000001});
  a.aggregator = Aggregator{4200000001, v4("192.0.2.1")};
  prepare_for_two_octet(a);
  EXPECT_EQ(a.as_path, path({65001, kAsTrans}));
  EXPECT_EQ(a.as4_path, path({65001, 4200000001}));
  EXPECT_EQ(a.aggregator, (Aggregator{kAsTrans, v4("192.0.2.1")}));
  EXPECT_EQ(a.as4_aggregator, (Aggregator{4200000001, v4("192.0.2.1")}));
}

TEST(PrepareForTwoOctet, LeavesNarrowSetsAlone) {
  PathAttributes a;
  a.as_path = path({65001, 65002});
  a.aggregator = Aggregator{65002, v4("192.0.2.1")};
  const PathAttributes before = a;
  prepare_for_two_octet(a);
  EXPECT_EQ(a, before);
}

TEST(PrepareForTwoOctet, MergeRestoresTheFourOctetSet) {
  PathAttributes a;
  a.as_path = path({65001, 4200000001, 4200000002});
  a.aggregator = Aggregator{4200000002, v4("192.0.2.1")};
  PathAttributes b = a;
  prepare_for_two_octet(b);
  apply_as4_merge(b);
  EXPECT_EQ(b, a);
}

TEST(PathAttributeEncoder, WritesTypeCodeOrderWithCategoryFlags) {
  PathAttributes a;
  a.large_communities = {{65001, 1, 2}};
  a.communities = {0xfde90064};
  a.origin = Origin::incomplete;
  a.med = 5;
  a.as_path = path({65001});
  a.next_hop = v4("10.0.0.1");
  EXPECT_EQ(encode_hex(a, test::four_octet()),
            "40010102"
            "4002060201"
            "0000fde9"
            "4003040a000001"
            "80040400000005"
            "c00804fde90064"
            "c0200c0000fde90000000100000002");
}

TEST(PathAttributeEncoder, InterleavesUnknownAttributesByTypeCode) {
  PathAttributes a;
  a.origin = Origin::igp;
  a.extended_communities = {ExtendedCommunity{{0, 2, 0xfd, 0xe9, 0, 0, 0, 1}}};
  a.unknown = {UnknownAttribute{0xc0, 12, test::hex("aa")},
               UnknownAttribute{0x80, 40, test::hex("bb")}};
  // Unknown optional transitive gains Partial (0xe0); non-transitive keeps 0x80.
  EXPECT_EQ(encode_hex(a, test::four_octet()),
            "40010100"
            "e00c01aa"
            "c010080002fde900000001"
            "802801bb");
}

TEST(PathAttributeEncoder, SetsExtendedLengthOnlyAboveTwoHundredFiftyFiveOctets) {
  PathAttributes a;
  a.communities.assign(63, 0x00010002);  // 252 octets
  EXPECT_EQ(encode_hex(a, test::four_octet()).substr(0, 6), "c008fc");
  a.communities.assign(64, 0x00010002);  // 256 octets
  EXPECT_EQ(encode_hex(a, test::four_octet()).substr(0, 8), "d0080100");
}

TEST(PathAttributeEncoder, UsesTheSessionAsWidth) {
  PathAttributes a;
  a.as_path = path({4200000001});
  a.aggregator = Aggregator{4200000001, v4("192.0.2.1")};
  EXPECT_EQ(encode_hex(a, test::four_octet()), "4002060201fa56ea01c00708fa56ea01c0000201");
  EXPECT_EQ(encode_hex(a, test::two_octet()), "40020402015ba0c007065ba0c0000201");
}

TEST(PathAttributeEncoder, NeverSendsAs4AttributesToFourOctetSpeakers) {
  PathAttributes a;
  a.as_path = path({kAsTrans});
  a.as4_path = path({4200000001});
  a.as4_aggregator = Aggregator{4200000001, v4("192.0.2.1")};
  EXPECT_EQ(encode_hex(a, test::four_octet()),
            "40020602010000"
            "5ba0");
  EXPECT_EQ(encode_hex(a, test::two_octet()),
            "40020402015ba0"
            "c011060201fa56ea01"
            "c01208fa56ea01c0000201");
}

TEST(PathAttributeEncoder, WritesNothingForAnEmptySet) {
  EXPECT_EQ(encode_hex(PathAttributes{}, test::four_octet()), "");
}

}  // namespace
}  // namespace rr::wire
