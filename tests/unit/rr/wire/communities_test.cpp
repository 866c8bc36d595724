// COMMUNITIES (RFC 1997), EXTENDED_COMMUNITIES (RFC 4360), LARGE_COMMUNITY (RFC 8092) and their
// RFC 7606 §7.8 / §7.14 / RFC 8092 §6 malformations.
#include "rr/wire/attributes/communities.hpp"

#include <gtest/gtest.h>

#include "tests/unit/rr/wire/update_test_support.hpp"

namespace rr::wire {
namespace {

using test::hex;

void expect_treat_as_withdraw(const DecodeError& e) {
  EXPECT_EQ(e.code, ErrorCode::update_message);
  EXPECT_EQ(e.subcode, static_cast<std::uint8_t>(UpdateSubcode::attribute_length_error));
  EXPECT_EQ(e.action, ErrorAction::treat_as_withdraw);
}

TEST(Communities, DecodesFourOctetValues) {
  auto c = decode_communities(hex("fde90064 ffffff01 ffff029a"));
  ASSERT_TRUE(c);
  EXPECT_EQ(*c,
            (std::vector<std::uint32_t>{0xfde90064, community::kNoExport, community::kBlackhole}));
}

TEST(Communities, TreatsLengthsThatAreNotANonZeroMultipleOf4AsWithdraw) {
  for (const char* data : {"", "fde900", "fde90064ff"}) {
    SCOPED_TRACE(data);
    auto c = decode_communities(hex(data));
    ASSERT_FALSE(c);
    expect_treat_as_withdraw(c.error());
  }
}

TEST(Communities, PrintsAsHighColonLow) {
  EXPECT_EQ(community_to_string(0xfde90064), "65001:100");
  EXPECT_EQ(community_to_string(community::kNoExport), "65535:65281");
  EXPECT_EQ(community_to_string(0), "0:0");
}

TEST(ExtendedCommunities, DecodesEightOctetValuesVerbatim) {
  auto c = decode_extended_communities(hex("0002fde900000001 4003fde900000007"));
  ASSERT_TRUE(c);
  ASSERT_EQ(c->size(), 2U);
  EXPECT_EQ((*c)[0].bytes, (std::array<std::uint8_t, 8>{0x00, 0x02, 0xfd, 0xe9, 0, 0, 0, 1}));
  EXPECT_TRUE((*c)[0].transitive());
  EXPECT_FALSE((*c)[1].transitive());  // RFC 4360 §2: bit 0x40 of the type marks non-transitive
}

TEST(ExtendedCommunities, KeepsUnknownTypesWithoutError) {
  // RFC 7606 §7.14: an unrecognized type or sub-type is not an error.
  auto c = decode_extended_communities(hex("ee7f010203040506"));
  ASSERT_TRUE(c);
  EXPECT_EQ((*c)[0].bytes[0], 0xee);
}

TEST(ExtendedCommunities, TreatsLengthsThatAreNotANonZeroMultipleOf8AsWithdraw) {
  for (const char* data : {"", "0002fde900000001 0002", "00"}) {
    SCOPED_TRACE(data);
    auto c = decode_extended_communities(hex(data));
    ASSERT_FALSE(c);
    expect_treat_as_withdraw(c.error());
  }
}

TEST(LargeCommunities, DecodesTwelveOctetValues) {
  auto c = decode_large_communities(hex("0000fde9 00000001 00000001  fa56ea01 00000002 00000003"));
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, (std::vector<LargeCommunity>{{65001, 1, 1}, {4200000001, 2, 3}}));
}

TEST(LargeCommunities, TreatsLengthsThatAreNotANonZeroMultipleOf12AsWithdraw) {
  for (const char* data : {"", "0000fde9 00000001 000000", "0000fde9 00000001 00000001 00"}) {
    SCOPED_TRACE(data);
    auto c = decode_large_communities(hex(data));
    ASSERT_FALSE(c);
    expect_treat_as_withdraw(c.error());
  }
}

}  // namespace
}  // namespace rr::wire
