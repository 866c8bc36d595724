// Prefix fields: RFC 4271 §4.3 length + minimal octets, RFC 7911 §3 path identifiers, RFC 7606
// §5.3 malformed fields.
#include "rr/wire/nlri.hpp"

#include <gtest/gtest.h>

#include "tests/unit/rr/wire/update_test_support.hpp"

namespace rr::wire {
namespace {

using test::hex;
using test::nlri;

std::string encode_all(const std::vector<Nlri>& list, bool add_path) {
  Bytes out;
  Writer w(out);
  for (const auto& n : list)
    encode_prefix(n, add_path, w);
  return to_hex(out);
}

TEST(PrefixDecoder, DecodesIpv4PrefixesOfEveryOctetCount) {
  std::vector<Nlri> out;
  const Bytes data = hex("18c0a801 080a 00 20c0000201 11c0a880");
  ASSERT_TRUE(decode_prefixes(data, Afi::ipv4, false, out));
  ASSERT_EQ(out.size(), 5U);
  EXPECT_EQ(out[0], nlri("192.168.1.0/24"));
  EXPECT_EQ(out[1], nlri("10.0.0.0/8"));
  EXPECT_EQ(out[2], nlri("0.0.0.0/0"));
  EXPECT_EQ(out[3], nlri("192.0.2.1/32"));
  EXPECT_EQ(out[4], nlri("192.168.128.0/17"));
}

TEST(PrefixDecoder, ClearsBitsPastThePrefixLength) {
  std::vector<Nlri> out;
  // 192.168.255.255/23 and 10.255/9 on the wire: the trailing bits are not part of the prefix.
  ASSERT_TRUE(decode_prefixes(hex("17c0a8ff 090aff"), Afi::ipv4, false, out));
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out[0].prefix.to_string(), "192.168.254.0/23");
  EXPECT_EQ(out[1].prefix.to_string(), "10.128.0.0/9");
  EXPECT_EQ(out[1], nlri("10.128.0.0/9"));
}

TEST(PrefixDecoder, ReadsPathIdentifiersWhenAddPathIsOn) {
  std::vector<Nlri> out;
  ASSERT_TRUE(decode_prefixes(hex("00000001 180a0000 fffffffe 00"), Afi::ipv4, true, out));
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out[0], nlri("10.0.0.0/24", 1));
  EXPECT_EQ(out[1], nlri("0.0.0.0/0", 0xfffffffe));
}

TEST(PrefixDecoder, DecodesIpv6Prefixes) {
  std::vector<Nlri> out;
  ASSERT_TRUE(decode_prefixes(hex("2020010db8 8020010db8000000000000000000000001 00"), Afi::ipv6,
                              false, out));
  ASSERT_EQ(out.size(), 3U);
  EXPECT_EQ(out[0], nlri("2001:db8::/32"));
  EXPECT_EQ(out[1], nlri("2001:db8::1/128"));
  EXPECT_EQ(out[2], nlri("::/0"));
}

TEST(PrefixDecoder, AppendsToWhatTheVectorHolds) {
  std::vector<Nlri> out{nlri("10.0.0.0/8")};
  ASSERT_TRUE(decode_prefixes(hex("10ac10"), Afi::ipv4, false, out));
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(out[1], nlri("172.16.0.0/16"));
}

TEST(PrefixDecoder, EmptyFieldHoldsNothing) {
  std::vector<Nlri> out;
  EXPECT_TRUE(decode_prefixes({}, Afi::ipv4, true, out));
  EXPECT_TRUE(out.empty());
}

TEST(PrefixDecoder, RejectsMalformedFieldsWithSessionReset) {
  struct Case {
    const char* name;
    const char* data;
    Afi afi;
    bool add_path;
  };
  const Case cases[] = {
      {"IPv4 length above 32", "210a000000", Afi::ipv4, false},
      {"IPv6 length above 128",
       "81"
       "20010db8000000000000000000000000"
       "00",
       Afi::ipv6, false},
      {"prefix octets missing", "18c0a8", Afi::ipv4, false},
      {"length octet missing after a path id", "00000001", Afi::ipv4, true},
      {"path id truncated", "000001", Afi::ipv4, true},
      {"second entry truncated", "080a 10ac", Afi::ipv4, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<Nlri> out;
    auto r = decode_prefixes(hex(c.data), c.afi, c.add_path, out);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::update_message);
    EXPECT_EQ(r.error().subcode, static_cast<std::uint8_t>(UpdateSubcode::invalid_network_field));
    EXPECT_EQ(r.error().action, ErrorAction::session_reset);
  }
}

TEST(PrefixDecoder, ReportsTheSubcodeItIsGiven) {
  std::vector<Nlri> out;
  auto r =
      decode_prefixes(hex("21"), Afi::ipv4, false, out, UpdateSubcode::optional_attribute_error);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().subcode, static_cast<std::uint8_t>(UpdateSubcode::optional_attribute_error));
}

TEST(PrefixEncoder, WritesTheFewestOctets) {
  EXPECT_EQ(encode_all({nlri("10.0.0.0/8"), nlri("0.0.0.0/0"), nlri("192.168.128.0/17"),
                        nlri("192.0.2.1/32")},
                       false),
            "080a0011c0a88020c0000201");
  EXPECT_EQ(encode_all({nlri("2001:db8:8000::/33")}, false), "2120010db880");
}

TEST(PrefixEncoder, WritesPathIdentifiersWhenAddPathIsOn) {
  EXPECT_EQ(encode_all({nlri("10.0.0.0/8", 7)}, true), "00000007080a");
  EXPECT_EQ(encode_all({nlri("10.0.0.0/8", 7)}, false), "080a");
}

TEST(PrefixEncoder, EncodedSizeMatchesTheOctetsWritten) {
  for (const char* p : {"0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/15", "192.0.2.1/32", "::/0",
                        "2001:db8::/32", "2001:db8::1/128"}) {
    for (bool add_path : {false, true}) {
      Bytes out;
      Writer w(out);
      encode_prefix(nlri(p, 3), add_path, w);
      EXPECT_EQ(out.size(), encoded_size(nlri(p, 3), add_path)) << p;
    }
  }
}

TEST(PrefixEncoder, RoundTripsThroughTheDecoder) {
  const std::vector<Nlri> in{nlri("2001:db8::/32", 1), nlri("2001:db8:1::/48", 2), nlri("::/0", 3),
                             nlri("2001:db8::1/128", 4)};
  const Bytes wire = hex(encode_all(in, true));
  std::vector<Nlri> out;
  ASSERT_TRUE(decode_prefixes(wire, Afi::ipv6, true, out));
  EXPECT_EQ(out, in);
}

}  // namespace
}  // namespace rr::wire
