// AS_PATH / AS4_PATH codec (RFC 4271 §4.3, RFC 5065, RFC 6793), RFC 7606 §7.2 malformations, the
// RFC 6793 §4.2.3 merge and the §4.2.2 split.
#include "rr/wire/attributes/as_path.hpp"

#include <gtest/gtest.h>

#include "rr/wire/context.hpp"
#include "tests/unit/rr/wire/update_test_support.hpp"

namespace rr::wire {
namespace {

using test::hex;

AsPathSegment seq(std::vector<std::uint32_t> asns) {
  return AsPathSegment{AsSegmentType::as_sequence, std::move(asns)};
}
AsPathSegment set(std::vector<std::uint32_t> asns) {
  return AsPathSegment{AsSegmentType::as_set, std::move(asns)};
}
AsPathSegment confed_seq(std::vector<std::uint32_t> asns) {
  return AsPathSegment{AsSegmentType::confed_sequence, std::move(asns)};
}
AsPathSegment confed_set(std::vector<std::uint32_t> asns) {
  return AsPathSegment{AsSegmentType::confed_set, std::move(asns)};
}

std::string encode_hex(const AsPath& path, unsigned asn_size) {
  Bytes out;
  Writer w(out);
  encode_as_path(path, asn_size, w);
  return to_hex(out);
}

TEST(AsPathDecoder, DecodesFourOctetSegments) {
  auto p = decode_as_path(hex("0202 0000fde9 fa56ea01  0102 00000001 00000002"), 4);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, (AsPath{{seq({65001, 4200000001}), set({1, 2})}}));
}

TEST(AsPathDecoder, DecodesTwoOctetSegments) {
  auto p = decode_as_path(hex("0203 fde9 5ba0 0001"), 2);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, (AsPath{{seq({65001, kAsTrans, 1})}}));
}

TEST(AsPathDecoder, DecodesConfederationSegments) {
  auto p = decode_as_path(hex("0301 0000fdea 0402 0000fdeb 0000fdec 0201 0000fde9"), 4);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, (AsPath{{confed_seq({65002}), confed_set({65003, 65004}), seq({65001})}}));
}

TEST(AsPathDecoder, EmptyValueIsAnEmptyPath) {
  auto p = decode_as_path({}, 4);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->segments.empty());
}

TEST(AsPathDecoder, TreatsMalformedSegmentsAsWithdraw) {
  // RFC 7606 §7.2: unknown type, zero count, overrun, and an underrun that cannot hold a header.
  const std::pair<const char*, const char*> cases[] = {
      {"segment type 0", "0001 0000fde9"},
      {"segment type 5", "0501 0000fde9"},
      {"zero-length segment", "0200"},
      {"overrun", "0202 0000fde9"},
      {"one trailing octet", "0201 0000fde9 02"},
      {"2-octet AS cut in half", "0201 fd"},
  };
  for (const auto& [name, data] : cases) {
    SCOPED_TRACE(name);
    auto p = decode_as_path(hex(data), 4);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().code, ErrorCode::update_message);
    EXPECT_EQ(p.error().subcode, static_cast<std::uint8_t>(UpdateSubcode::malformed_as_path));
    EXPECT_EQ(p.error().action, ErrorAction::treat_as_withdraw);
  }
}

TEST(AsPathDecoder, WidthDecidesHowOctetsAreRead) {
  // Four octets that are one 4-octet AS or two 2-octet ASes.
  auto four = decode_as_path(hex("0201 0001 0002"), 4);
  auto two = decode_as_path(hex("0202 0001 0002"), 2);
  ASSERT_TRUE(four && two);
  EXPECT_EQ(four->segments[0].asns, (std::vector<std::uint32_t>{0x00010002}));
  EXPECT_EQ(two->segments[0].asns, (std::vector<std::uint32_t>{1, 2}));
}

TEST(AsPath, LengthCountsSetsAsOneAndConfederationsAsZero) {
  const AsPath p{{confed_seq({1, 2, 3}), seq({10, 20, 30}), set({40, 50}), confed_set({6})}};
  EXPECT_EQ(p.length(), 4U);
  EXPECT_EQ(AsPath{}.length(), 0U);
}

TEST(AsPath, FirstAsIsTheLeadingSequenceHead) {
  EXPECT_EQ((AsPath{{seq({65001, 65002})}}).first_as(), 65001U);
  EXPECT_FALSE((AsPath{{set({65001})}}).first_as());
  EXPECT_FALSE((AsPath{{confed_seq({65001}), seq({65002})}}).first_as());
  EXPECT_FALSE(AsPath{}.first_as());
}

TEST(AsPath, ContainsSearchesEverySegment) {
  const AsPath p{{seq({1, 2}), set({3}), confed_seq({4})}};
  EXPECT_TRUE(p.contains(3));
  EXPECT_TRUE(p.contains(4));
  EXPECT_FALSE(p.contains(5));
}

TEST(AsPath, PrintsInTheUsualNotation) {
  const AsPath p{{confed_seq({65005, 65006}), confed_set({7, 8}), seq({65001, 4200000001}),
                  set({65003, 65004})}};
  EXPECT_EQ(p.to_string(), "(65005 65006) [7,8] 65001 4200000001 {65003,65004}");
  EXPECT_EQ(AsPath{}.to_string(), "");
}

TEST(AsPathEncoder, WritesFourOctetSegments) {
  EXPECT_EQ(encode_hex(AsPath{{seq({65001, 4200000001}), set({1})}}, 4),
            "02020000fde9fa56ea01010100000001");
}

TEST(AsPathEncoder, WritesAsTransForWideAsesOnTwoOctetSessions) {
  EXPECT_EQ(encode_hex(AsPath{{seq({65001, 4200000001})}}, 2), "0202fde95ba0");
}

TEST(AsPathEncoder, SplitsSegmentsLongerThan255Ases) {
  std::vector<std::uint32_t> asns(300);
  for (std::size_t i = 0; i < asns.size(); ++i)
    asns[i] = static_cast<std::uint32_t>(i + 1);
  const AsPath p{{seq(asns)}};
  Bytes out;
  Writer w(out);
  encode_as_path(p, 2, w);
  ASSERT_EQ(out.size(), 2U + (255U * 2U) + 2U + (45U * 2U));
  EXPECT_EQ(out[0], std::byte{2});
  EXPECT_EQ(out[1], std::byte{255});
  EXPECT_EQ(out[2 + 510], std::byte{2});
  EXPECT_EQ(out[2 + 510 + 1], std::byte{45});
  auto back = decode_as_path(out, 2);
  ASSERT_TRUE(back);
  ASSERT_EQ(back->segments.size(), 2U);
  EXPECT_EQ(back->segments[0].asns.size(), 255U);
  EXPECT_EQ(back->segments[1].asns.back(), 300U);
  EXPECT_EQ(back->length(), 300U);
}

TEST(AsPathEncoder, RoundTripsThroughTheDecoder) {
  const AsPath p{{confed_seq({65010}), seq({65001, 4200000001, 3}), set({7, 4200000002})}};
  auto back = decode_as_path(hex(encode_hex(p, 4)), 4);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, p);
}

TEST(As4PathMerge, ReplacesTheTrailingAsesWithAs4Path) {
  // RFC 6793 §4.2.3: AS_PATH 4 ASes, AS4_PATH 3 → keep the first AS of AS_PATH.
  const AsPath as_path{{seq({65010, kAsTrans, kAsTrans, 65020})}};
  const AsPath as4_path{{seq({4200000001, 4200000002, 65020})}};
  EXPECT_EQ(merge_as4_path(as_path, as4_path),
            (AsPath{{seq({65010, 4200000001, 4200000002, 65020})}}));
}

TEST(As4PathMerge, EqualLengthsTakeAs4PathWhole) {
  const AsPath as_path{{seq({kAsTrans, 65020})}};
  const AsPath as4_path{{seq({4200000001, 65020})}};
  EXPECT_EQ(merge_as4_path(as_path, as4_path), as4_path);
}

TEST(As4PathMerge, IgnoresAs4PathLongerThanAsPath) {
  const AsPath as_path{{seq({kAsTrans, 65020})}};
  const AsPath as4_path{{seq({4200000001, 4200000002, 65020})}};
  EXPECT_EQ(merge_as4_path(as_path, as4_path), as_path);
}

TEST(As4PathMerge, CountsAnAsSetAsOneAndTakesItWhole) {
  // AS_PATH counts 1 + 2 = 3; AS4_PATH 2 → the leading AS_SET is taken.
  const AsPath as_path{{set({100, 200}), seq({kAsTrans, 300})}};
  const AsPath as4_path{{seq({4200000001, 300})}};
  EXPECT_EQ(merge_as4_path(as_path, as4_path), (AsPath{{set({100, 200}), seq({4200000001, 300})}}));
}

TEST(As4PathMerge, KeepsALeadingConfederationSegment) {
  // Confederation segments count 0; a leading one is prepended even when no AS is needed.
  const AsPath as_path{{confed_seq({65100, 65101}), seq({kAsTrans, 300})}};
  const AsPath as4_path{{seq({4200000001, 300})}};
  EXPECT_EQ(merge_as4_path(as_path, as4_path),
            (AsPath{{confed_seq({65100, 65101}), seq({4200000001, 300})}}));
}

TEST(As4PathMerge, KeepsAConfederationSegmentAdjacentToAPrependedOne) {
  const AsPath as_path{{seq({10}), confed_set({65100}), seq({kAsTrans, 300})}};
  const AsPath as4_path{{seq({4200000001, 300})}};
  EXPECT_EQ(merge_as4_path(as_path, as4_path),
            (AsPath{{seq({10}), confed_set({65100}), seq({4200000001, 300})}}));
}

TEST(SplitForTwoOctet, ReplacesWideAsesAndAddsAs4Path) {
  const AsPath path{{confed_seq({4200000100}), seq({65001, 4200000001}), set({4200000002, 7})}};
  const SplitAsPath split = split_for_two_octet(path);
  EXPECT_EQ(split.as_path,
            (AsPath{{confed_seq({kAsTrans}), seq({65001, kAsTrans}), set({kAsTrans, 7})}}));
  ASSERT_TRUE(split.as4_path);
  // RFC 6793 §4.2.2: no confederation segments in AS4_PATH.
  EXPECT_EQ(*split.as4_path, (AsPath{{seq({65001, 4200000001}), set({4200000002, 7})}}));
}

TEST(SplitForTwoOctet, NarrowPathsNeedNoAs4Path) {
  const AsPath path{{seq({65001, 65002})}};
  const SplitAsPath split = split_for_two_octet(path);
  EXPECT_EQ(split.as_path, path);
  EXPECT_FALSE(split.as4_path);
}

TEST(SplitForTwoOctet, OnlyConfederationAsesWideGivesNoAs4Path) {
  const SplitAsPath split = split_for_two_octet(AsPath{{confed_seq({4200000100})}});
  EXPECT_EQ(split.as_path, (AsPath{{confed_seq({kAsTrans})}}));
  EXPECT_FALSE(split.as4_path);
}

TEST(SplitForTwoOctet, MergeUndoesTheSplit) {
  const AsPath path{{seq({65001, 4200000001, 4200000002, 65003})}};
  const SplitAsPath split = split_for_two_octet(path);
  ASSERT_TRUE(split.as4_path);
  EXPECT_EQ(merge_as4_path(split.as_path, *split.as4_path), path);
}

}  // namespace
}  // namespace rr::wire
