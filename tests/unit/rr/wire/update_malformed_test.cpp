// Malformed UPDATEs and their RFC 7606 verdicts: a table covering every case of RFC 7606 §7, the
// structural rules of §3, §4 and §5 (and RFC 6793 §6 for the AS4 attributes), each with the
// expected action, NOTIFICATION subcode and, where RFC 4271 §6.3 specifies it, data. Then a few
// behaviours the table cannot show (what survives a treat-as-withdraw or a discard).
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "rr/wire/update_message.hpp"
#include "tests/unit/rr/wire/update_test_support.hpp"

namespace rr::wire {
namespace {

using test::compact;
using test::hex;
using test::nlri;

constexpr const char* kOrigin = "40010100";
constexpr const char* kAsPath = "4002060201 0000fde9";  // AS_SEQUENCE 65001, 4-octet
constexpr const char* kAsPath2 = "4002040201 fde9";     // the same, 2-octet
constexpr const char* kNextHop = "400304 0a000001";
constexpr const char* kNlri = "18c0a801";  // 192.168.1.0/24
// MP_REACH_NLRI ipv6-unicast, next hop 2001:db8::1, NLRI 2001:db8::/32.
constexpr const char* kMpReach = "800e1a 000201 10 20010db8000000000000000000000001 00 20 20010db8";
constexpr const char* kMpUnreach = "800f08 000201 20 20010db8";

std::string hex16(std::size_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  return {kDigits[(v >> 12U) & 0xfU], kDigits[(v >> 8U) & 0xfU], kDigits[(v >> 4U) & 0xfU],
          kDigits[v & 0xfU]};
}

// An UPDATE body with correct Withdrawn Routes Length and Total Path Attribute Length.
std::string body(std::string_view attrs, std::string_view nlri_hex = kNlri,
                 std::string_view withdrawn = "") {
  const std::string a = compact(attrs);
  const std::string w = compact(withdrawn);
  return hex16(w.size() / 2) + w + hex16(a.size() / 2) + a + compact(nlri_hex);
}

std::string well_known() {
  return std::string(kOrigin) + kAsPath + kNextHop;
}
std::string well_known2() {
  return std::string(kOrigin) + kAsPath2 + kNextHop;
}

CodecContext add_path_v4() {
  CodecContext ctx;
  ctx.add_path.insert(kIpv4Unicast);
  return ctx;
}

constexpr auto kNone = ErrorAction::none;
constexpr auto kDiscard = ErrorAction::attribute_discard;
constexpr auto kWithdraw = ErrorAction::treat_as_withdraw;
constexpr auto kDisable = ErrorAction::afi_safi_disable;
constexpr auto kReset = ErrorAction::session_reset;

using Sub = UpdateSubcode;

struct Case {
  std::string name;
  CodecContext ctx;
  std::string body;
  ErrorAction action;
  UpdateSubcode subcode = Sub::unspecific;
  std::optional<std::string> data;  // NOTIFICATION data in hex; nullopt: not checked
  std::optional<AfiSafi> afi_safi;
};

Case row(std::string name, CodecContext ctx, std::string body_hex, ErrorAction action,
         UpdateSubcode subcode = UpdateSubcode::unspecific,
         std::optional<std::string> data = std::nullopt,
         std::optional<AfiSafi> afi_safi = std::nullopt) {
  return Case{std::move(name), ctx,     std::move(body_hex), action, subcode,
              std::move(data), afi_safi};
}

std::vector<Case> cases() {
  const auto c4 = test::four_octet();
  const auto c2 = test::two_octet();
  const std::string wk = well_known();
  const std::string wk2 = well_known2();
  const std::string oa = std::string(kOrigin) + kAsPath;  // without NEXT_HOP
  return {
      // ---- RFC 7606 §7.1 ORIGIN
      row("7.1 ORIGIN length 2", c4, body(std::string("40010200 00") + kAsPath + kNextHop),
          kWithdraw, Sub::attribute_length_error, "4001020000"),
      row("7.1 ORIGIN length 0", c4, body(std::string("400100") + kAsPath + kNextHop), kWithdraw,
          Sub::attribute_length_error, "400100"),
      row("7.1 ORIGIN undefined value", c4, body(std::string("40010103") + kAsPath + kNextHop),
          kWithdraw, Sub::invalid_origin_attribute, "40010103"),
      // ---- §7.2 AS_PATH
      row("7.2 AS_PATH unknown segment type", c4,
          body(std::string(kOrigin) + "400206 0501 0000fde9" + kNextHop), kWithdraw,
          Sub::malformed_as_path, ""),
      row("7.2 AS_PATH zero-length segment", c4,
          body(std::string(kOrigin) + "400202 0200" + kNextHop), kWithdraw, Sub::malformed_as_path,
          ""),
      row("7.2 AS_PATH segment overrun", c4,
          body(std::string(kOrigin) + "400206 0202 0000fde9" + kNextHop), kWithdraw,
          Sub::malformed_as_path, ""),
      row("7.2 AS_PATH underrun", c4,
          body(std::string(kOrigin) + "400207 0201 0000fde9 02" + kNextHop), kWithdraw,
          Sub::malformed_as_path, ""),
      row("7.2 AS_PATH 2-octet on a 4-octet session", c4,
          body(std::string(kOrigin) + kAsPath2 + kNextHop), kWithdraw, Sub::malformed_as_path, ""),
      row("7.2 AS_PATH confederation segments are the session's business", c4,
          body(std::string(kOrigin) + "40020c 0301 0000fdea 0201 0000fde9" + kNextHop), kNone),
      // ---- §7.3 NEXT_HOP
      row("7.3 NEXT_HOP length 5", c4, body(oa + "400305 0a00000101"), kWithdraw,
          Sub::attribute_length_error, "4003050a00000101"),
      row("7.3 NEXT_HOP length 3", c4, body(oa + "400303 0a0000"), kWithdraw,
          Sub::attribute_length_error, "4003030a0000"),
      // ---- §7.4 MULTI_EXIT_DISC, §7.5 LOCAL_PREF
      row("7.4 MED length 3", c4, body(wk + "800403 000001"), kWithdraw,
          Sub::attribute_length_error, "800403000001"),
      row("7.5 LOCAL_PREF length 2", c4, body(wk + "400502 0001"), kWithdraw,
          Sub::attribute_length_error, "4005020001"),
      // ---- §7.6 ATOMIC_AGGREGATE, §7.7 AGGREGATOR: attribute discard
      row("7.6 ATOMIC_AGGREGATE length 1", c4, body(wk + "400601 00"), kDiscard,
          Sub::attribute_length_error, "40060100"),
      row("7.7 AGGREGATOR of 6 octets on a 4-octet session", c4, body(wk + "c00706 fde9 c0000201"),
          kDiscard, Sub::attribute_length_error, "c00706fde9c0000201"),
      row("7.7 AGGREGATOR of 8 octets on a 2-octet session", c2,
          body(wk2 + "c00708 0000fde9 c0000201"), kDiscard, Sub::attribute_length_error,
          "c007080000fde9c0000201"),
      // ---- §7.8 COMMUNITIES, §7.9 ORIGINATOR_ID, §7.10 CLUSTER_LIST
      row("7.8 COMMUNITIES length 5", c4, body(wk + "c00805 fde9006401"), kWithdraw,
          Sub::attribute_length_error, "c00805fde9006401"),
      row("7.8 COMMUNITIES length 0", c4, body(wk + "c00800"), kWithdraw,
          Sub::attribute_length_error, "c00800"),
      row("7.9 ORIGINATOR_ID length 3", c4, body(wk + "800903 0a0000"), kWithdraw,
          Sub::attribute_length_error, "8009030a0000"),
      row("7.10 CLUSTER_LIST length 6", c4, body(wk + "800a06 0a0000010a00"), kWithdraw,
          Sub::attribute_length_error, "800a060a0000010a00"),
      row("7.10 CLUSTER_LIST length 0", c4, body(wk + "800a00"), kWithdraw,
          Sub::attribute_length_error, "800a00"),
      // ---- §7.11 MP_REACH_NLRI / MP_UNREACH_NLRI: AFI/SAFI disable, or reset without a family
      row("7.11 MP_REACH IPv6 next hop of 12 octets", c4,
          body(oa + "800e16 000201 0c 20010db80000000000000001 00 20 20010db8", ""), kDisable,
          Sub::optional_attribute_error,
          "800e160002010c20010db8000000000000000100"
          "2020010db8",
          kIpv6Unicast),
      row("7.11 MP_REACH NLRI overruns", c4,
          body(oa + "800e1a 000201 10 20010db8000000000000000000000001 00 30 20010db8", ""),
          kDisable, Sub::optional_attribute_error, std::nullopt, kIpv6Unicast),
      row("7.11 MP_REACH prefix longer than 128", c4,
          body(oa + "800e1a 000201 10 20010db8000000000000000000000001 00 81 20010db8", ""),
          kDisable, Sub::optional_attribute_error, std::nullopt, kIpv6Unicast),
      row("7.11 MP_REACH next hop overruns the attribute", c4, body(oa + "800e05 000201 10 00", ""),
          kDisable, Sub::optional_attribute_error, "800e050002011000", kIpv6Unicast),
      row("7.11 MP_REACH without room for the reserved octet", c4, body(oa + "800e04 00020100", ""),
          kDisable, Sub::optional_attribute_error, std::nullopt, kIpv6Unicast),
      row("7.11 MP_REACH too short to name a family", c4, body(oa + "800e02 0002", ""), kReset,
          Sub::optional_attribute_error, "800e020002"),
      row("7.11 MP_UNREACH NLRI overruns", c4, body(std::string("800f06 000201 30 2001"), ""),
          kDisable, Sub::optional_attribute_error, "800f06000201302001", kIpv6Unicast),
      row("7.11 MP_UNREACH too short to name a family", c4, body(std::string("800f01 00"), ""),
          kReset, Sub::optional_attribute_error, "800f0100"),
      row("7.11 MP_REACH IPv6 next hop for IPv4 without RFC 8950", c4,
          body(oa + "800e19 000101 10 20010db8000000000000000000000001 00 18c0a801", ""), kDisable,
          Sub::optional_attribute_error, std::nullopt, kIpv4Unicast),
      row("7.11 MP_REACH flagged transitive", c4,
          body(oa + "c00e1a 000201 10 20010db8000000000000000000000001 00 20 20010db8", ""),
          kDisable, Sub::attribute_flags_error, std::nullopt, kIpv6Unicast),
      row("7.11 MP_REACH overrunning the attribute list", c4,
          body(oa + "800e40 000201 10 2001", ""), kReset, Sub::attribute_length_error),
      // ---- §7.12 and unknown attributes follow their category
      row("7.12 unknown optional transitive (type 24) is kept", c4, body(wk + "c01803 010203"),
          kNone),
      row("7.12 unknown optional non-transitive is kept", c4, body(wk + "806401 ff"), kNone),
      row("unknown well-known attribute", c4, body(wk + "406303 010203"), kReset,
          Sub::unrecognized_well_known_attribute, "406303010203"),
      // ---- §7.14 EXTENDED_COMMUNITIES, RFC 8092 §6 LARGE_COMMUNITY
      row("7.14 EXTENDED_COMMUNITIES length 12", c4, body(wk + "c0100c 0002fde900000001 00000000"),
          kWithdraw, Sub::attribute_length_error, "c0100c0002fde90000000100000000"),
      row("RFC 8092 LARGE_COMMUNITY length 13", c4,
          body(wk + "c0200d 0000fde9 00000001 00000001 00"), kWithdraw, Sub::attribute_length_error,
          "c0200d0000fde9000000010000000100"),
      // ---- RFC 6793 §6: AS4 attributes are discarded, never worse
      row("RFC 6793 AS4_PATH on a 4-octet session", c4, body(wk + "c01106 0201 fa56ea01"), kDiscard,
          Sub::optional_attribute_error),
      row("RFC 6793 AS4_AGGREGATOR on a 4-octet session", c4, body(wk + "c01208 fa56ea01 c0000201"),
          kDiscard, Sub::optional_attribute_error),
      row("RFC 6793 AS4_PATH malformed segment", c2, body(wk2 + "c01106 0202 fa56ea01"), kDiscard,
          Sub::malformed_as_path),
      row("RFC 6793 AS4_PATH empty", c2, body(wk2 + "c01100"), kDiscard,
          Sub::optional_attribute_error),
      row("RFC 6793 AS4_PATH confederation segments", c2,
          body(wk2 + "c0110c 0301 fa56ea02 0201 fa56ea01"), kDiscard,
          Sub::optional_attribute_error),
      row("RFC 6793 AS4_AGGREGATOR of 6 octets", c2, body(wk2 + "c01206 fde9 c0000201"), kDiscard,
          Sub::attribute_length_error, "c01206fde9c0000201"),
      row("RFC 6793 AS4_PATH with wrong flags", c2, body(wk2 + "801106 0201 fa56ea01"), kDiscard,
          Sub::attribute_flags_error, "8011060201fa56ea01"),
      // ---- §3 c: attribute flags
      row("3c ORIGIN flagged optional", c4, body(std::string("c0010100") + kAsPath + kNextHop),
          kWithdraw, Sub::attribute_flags_error, "c0010100"),
      row("3c AS_PATH not transitive", c4,
          body(std::string(kOrigin) + "000206 0201 0000fde9" + kNextHop), kWithdraw,
          Sub::attribute_flags_error,
          "0002060201"
          "0000fde9"),
      row("3c MED flagged transitive", c4, body(wk + "c00404 00000001"), kWithdraw,
          Sub::attribute_flags_error, "c0040400000001"),
      row("3c COMMUNITIES not transitive", c4, body(wk + "800804 fde90064"), kWithdraw,
          Sub::attribute_flags_error, "800804fde90064"),
      row("3c ATOMIC_AGGREGATE flagged optional", c4, body(wk + "c00600"), kWithdraw,
          Sub::attribute_flags_error, "c00600"),
      row("3c Partial on a well-known attribute is ignored", c4,
          body(std::string("60010100") + kAsPath + kNextHop), kNone),
      // ---- §3 d: missing well-known mandatory attributes
      row("3d missing ORIGIN", c4, body(std::string(kAsPath) + kNextHop), kWithdraw,
          Sub::missing_well_known_attribute, "01"),
      row("3d missing AS_PATH", c4, body(std::string(kOrigin) + kNextHop), kWithdraw,
          Sub::missing_well_known_attribute, "02"),
      row("3d missing NEXT_HOP with IPv4 NLRI", c4, body(oa), kWithdraw,
          Sub::missing_well_known_attribute, "03"),
      row("3d MP_REACH needs no NEXT_HOP", c4, body(oa + kMpReach, ""), kNone),
      row("3d MP_REACH still needs ORIGIN", c4, body(std::string(kAsPath) + kMpReach, ""),
          kWithdraw, Sub::missing_well_known_attribute, "01"),
      row("3d a withdrawal needs no attributes", c4, body("", "", "180a0000"), kNone),
      // ---- §3 g: repeated attributes
      row("3g repeated ORIGIN is discarded", c4, body(wk + "40010102"), kDiscard,
          Sub::malformed_attribute_list),
      row("3g repeated MP_REACH", c4, body(oa + kMpReach + kMpReach, ""), kReset,
          Sub::malformed_attribute_list),
      row("3g repeated MP_UNREACH", c4, body(std::string(kMpUnreach) + kMpUnreach, ""), kReset,
          Sub::malformed_attribute_list),
      // ---- §4: the attribute list disagrees with its own length
      row("4 attribute overruns the list", c4, body(wk + "c00808 fde90064"), kWithdraw,
          Sub::attribute_length_error, "c00808fde90064"),
      row("4 fewer octets than an attribute header", c4, body(wk + "c008"), kWithdraw,
          Sub::malformed_attribute_list),
      row("4 fewer octets than an extended-length header", c4, body(wk + "d00801"), kWithdraw,
          Sub::malformed_attribute_list),
      // ---- §3 b and §5.3: the fields cannot be located or parsed
      row("body shorter than its length fields", c4, "000000", kReset,
          Sub::malformed_attribute_list),
      row("Withdrawn Routes Length overruns", c4, "0005 0a00 0000", kReset,
          Sub::malformed_attribute_list),
      row("Total Path Attribute Length overruns", c4, "0000 0010 40010100", kReset,
          Sub::malformed_attribute_list),
      row("5.3 withdrawn prefix longer than 32", c4, body("", "", "210a000000"), kReset,
          Sub::invalid_network_field),
      row("5.3 NLRI truncated", c4, body(wk, "18c0a8"), kReset, Sub::invalid_network_field),
      row("5.3 NLRI prefix longer than 32", c4, body(wk, "21c0a8010000"), kReset,
          Sub::invalid_network_field),
      row("5.3 ADD-PATH NLRI with a truncated path id", add_path_v4(), body(wk, "000001"), kReset,
          Sub::invalid_network_field),
      row("NLRI without any path attribute", c4, "0000 0000 18c0a801", kReset,
          Sub::missing_well_known_attribute, "01"),
      // ---- §5.2: no reachable NLRI, so only attribute discard is survivable
      row("5.2 malformed ORIGIN in a withdrawal", c4, body("40010103", "", "180a0000"), kReset,
          Sub::invalid_origin_attribute, "40010103"),
      row("5.2 discard in a withdrawal stays a discard", c4, body("400601 00", "", "180a0000"),
          kDiscard, Sub::attribute_length_error),
      row("5.2 MP_UNREACH alone is fine", c4, body(kMpUnreach, ""), kNone),
      // ---- several errors: the worst action wins
      row("discard and treat-as-withdraw", c4, body(wk + "400601 00" + "c00805 fde9006401"),
          kWithdraw, Sub::attribute_length_error),
      row("treat-as-withdraw and reset", c4,
          body(std::string("40010103") + kAsPath + kNextHop + "406300"), kReset,
          Sub::unrecognized_well_known_attribute),
      row("treat-as-withdraw and AFI/SAFI disable", c4,
          body(std::string("40010103") + kAsPath + "800e05 000201 10 00", ""), kDisable,
          Sub::optional_attribute_error, std::nullopt, kIpv6Unicast),
  };
}

TEST(UpdateDecoder, GivesTheRfc7606VerdictForEveryMalformation) {
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.name);
    auto r = decode_update(hex(c.body), c.ctx);
    if (c.action >= ErrorAction::afi_safi_disable) {
      ASSERT_FALSE(r) << "decoded although " << to_string(c.action) << " was expected";
      const DecodeError& e = r.error();
      EXPECT_EQ(e.action, c.action) << e.reason;
      EXPECT_EQ(e.code, ErrorCode::update_message);
      EXPECT_EQ(e.subcode, static_cast<std::uint8_t>(c.subcode)) << e.reason;
      if (c.data) {
        EXPECT_EQ(to_hex(e.data), *c.data);
      }
      EXPECT_EQ(e.afi_safi, c.afi_safi);
      EXPECT_FALSE(e.reason.empty());
      continue;
    }
    ASSERT_TRUE(r) << r.error().reason;
    EXPECT_EQ(r->action, c.action);
    if (c.action == kNone) {
      EXPECT_TRUE(r->errors.empty());
      continue;
    }
    const auto it = std::find_if(r->errors.begin(), r->errors.end(), [&](const DecodeError& e) {
      return e.subcode == static_cast<std::uint8_t>(c.subcode);
    });
    ASSERT_NE(it, r->errors.end()) << "no error with the expected subcode";
    EXPECT_EQ(it->code, ErrorCode::update_message);
    EXPECT_LE(it->action, c.action);
    if (c.data) {
      EXPECT_EQ(to_hex(it->data), *c.data);
    }
    for (const auto& e : r->errors)
      EXPECT_LE(e.action, r->action);
  }
}

TEST(UpdateDecoder, TreatsMalformedOriginAsWithdrawButKeepsTheNlri) {
  auto r = decode_update(hex(body(std::string("40010103") + kAsPath + kNextHop, "18c0a801 080a")),
                         test::four_octet());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->action, ErrorAction::treat_as_withdraw);
  EXPECT_EQ(r->nlri, (std::vector<Nlri>{nlri("192.168.1.0/24"), nlri("10.0.0.0/8")}));
  EXPECT_FALSE(r->attributes.origin);
  EXPECT_TRUE(r->attributes.as_path);
}

TEST(UpdateDecoder, DecodesMpReachEvenWhenAnotherAttributeIsMalformed) {
  // RFC 7606 §3 e / §5: the MP_REACH NLRI are needed to withdraw them.
  auto r =
      decode_update(hex(body(std::string(kOrigin) + kAsPath + "c00805 fde9006401" + kMpReach, "")),
                    test::four_octet());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->action, ErrorAction::treat_as_withdraw);
  ASSERT_TRUE(r->mp_reach);
  EXPECT_EQ(r->mp_reach->nlri, (std::vector<Nlri>{nlri("2001:db8::/32")}));
}

TEST(UpdateDecoder, LocatesTheNlriByTheTotalLengthWhenAnAttributeOverruns) {
  auto r =
      decode_update(hex(body(well_known() + "c00808 fde90064", "18c0a801")), test::four_octet());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->action, ErrorAction::treat_as_withdraw);
  EXPECT_EQ(r->nlri, (std::vector<Nlri>{nlri("192.168.1.0/24")}));
  EXPECT_TRUE(r->attributes.communities.empty());
}

TEST(UpdateDecoder, DiscardsOnlyTheMalformedAttribute) {
  auto r =
      decode_update(hex(body(well_known() + "400601 00" + "c00804 fde90064")), test::four_octet());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->action, ErrorAction::attribute_discard);
  EXPECT_FALSE(r->attributes.atomic_aggregate);
  EXPECT_EQ(r->attributes.communities, (std::vector<std::uint32_t>{0xfde90064}));
  EXPECT_EQ(r->attributes.origin, Origin::igp);
}

TEST(UpdateDecoder, KeepsTheFirstOfRepeatedAttributes) {
  auto r =
      decode_update(hex(body(well_known() + "40010102" + "c00804 00000001" + "c00804 00000002")),
                    test::four_octet());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->action, ErrorAction::attribute_discard);
  EXPECT_EQ(r->attributes.origin, Origin::igp);
  EXPECT_EQ(r->attributes.communities, (std::vector<std::uint32_t>{1}));
  EXPECT_EQ(r->errors.size(), 2U);
}

TEST(UpdateDecoder, ListsEveryError) {
  auto r =
      decode_update(hex(body(well_known() + "400601 00" + "c00805 fde9006401" + "800403 000001")),
                    test::four_octet());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->action, ErrorAction::treat_as_withdraw);
  ASSERT_EQ(r->errors.size(), 3U);
  EXPECT_EQ(r->errors[0].action, ErrorAction::attribute_discard);
  EXPECT_EQ(r->errors[1].action, ErrorAction::treat_as_withdraw);
  EXPECT_EQ(r->errors[2].action, ErrorAction::treat_as_withdraw);
}

TEST(UpdateDecoder, DropsOnlyConfederationSegmentsFromAs4Path) {
  auto r = decode_update(hex(body(well_known2() + "c0110c 0301 fa56ea02 0201 fa56ea01")),
                         test::two_octet());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->action, ErrorAction::attribute_discard);
  ASSERT_TRUE(r->attributes.as4_path);
  EXPECT_EQ(r->attributes.as4_path->to_string(), "4200000001");
}

TEST(UpdateDecoder, DropsAs4AttributesFromFourOctetSpeakers) {
  auto r =
      decode_update(hex(body(well_known() + "c01106 0201 fa56ea01" + "c01208 fa56ea01 c0000201")),
                    test::four_octet());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->action, ErrorAction::attribute_discard);
  EXPECT_FALSE(r->attributes.as4_path);
  EXPECT_FALSE(r->attributes.as4_aggregator);
  EXPECT_EQ(r->errors.size(), 2U);
}

}  // namespace
}  // namespace rr::wire
