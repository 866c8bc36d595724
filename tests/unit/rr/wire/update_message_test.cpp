// UPDATE golden vectors, checked both ways: hex → value equals the expected value, and the value
// (built by hand, so with the canonical layout) → hex gives the same octets; re-encoding the
// decoded value gives them too. Plus End-of-RIB markers, received layouts and size limits.
#include "rr/wire/update_message.hpp"

#include <string>

#include <gtest/gtest.h>

#include "rr/wire/update_packer.hpp"
#include "tests/unit/rr/wire/update_test_support.hpp"

namespace rr::wire {
namespace {

using test::hex;
using test::message_hex;
using test::nlri;
using test::v4;
using test::v6;

AsPathSegment seq(std::vector<std::uint32_t> asns) {
  return AsPathSegment{AsSegmentType::as_sequence, std::move(asns)};
}

// Decodes `body_hex` in `ctx`, compares with `expected`, and checks that both `expected` and the
// decoded value encode to exactly the message around `body_hex`.
void expect_golden(std::string_view body_hex, const UpdateMessage& expected,
                   const CodecContext& ctx) {
  const Bytes body = hex(body_hex);
  auto decoded = decode_update(body, ctx);
  ASSERT_TRUE(decoded) << decoded.error().reason;
  EXPECT_EQ(decoded->action, ErrorAction::none);
  EXPECT_TRUE(decoded->errors.empty());
  EXPECT_EQ(*decoded, expected);

  Bytes from_value;
  ASSERT_TRUE(encode(expected, ctx, from_value));
  EXPECT_EQ(to_hex(from_value), message_hex(body_hex));
  Bytes from_decoded;
  ASSERT_TRUE(encode(*decoded, ctx, from_decoded));
  EXPECT_EQ(to_hex(from_decoded), message_hex(body_hex));
}

TEST(UpdateGolden, Ipv4WithEveryAttribute) {
  const char* body =
      "0003 100a63"  // withdrawn 10.99.0.0/16
      "0075"
      "40010100"                                             // ORIGIN IGP
      "4002140202 0000fde9 fa56ea01 0102 0000fe4c 0000feb0"  // AS_PATH 65001 4200000001
                                                             // {65100,65200}
      "400304 c0000201"                                      // NEXT_HOP 192.0.2.1
      "800404 00000032"                                      // MED 50
      "400504 000000c8"                                      // LOCAL_PREF 200
      "400600"                                               // ATOMIC_AGGREGATE
      "c00708 0000fde9 c0000209"                             // AGGREGATOR 65001 192.0.2.9
      "c00808 fde90064 ffffff01"                             // COMMUNITIES 65001:100 NO_EXPORT
      "800904 0a000005"                                      // ORIGINATOR_ID 10.0.0.5
      "800a08 0a000001 0a000002"                             // CLUSTER_LIST
      "c01008 0002fde900000001"                              // EXTENDED_COMMUNITIES rt 65001:1
      "c0200c 0000fde9 00000001 00000002"                    // LARGE_COMMUNITY 65001:1:2
      "18c0a801 080a";                                       // NLRI
  UpdateMessage m;
  m.withdrawn = {nlri("10.99.0.0/16")};
  m.nlri = {nlri("192.168.1.0/24"), nlri("10.0.0.0/8")};
  auto& a = m.attributes;
  a.origin = Origin::igp;
  a.as_path =
      AsPath{{seq({65001, 4200000001}), AsPathSegment{AsSegmentType::as_set, {65100, 65200}}}};
  a.next_hop = v4("192.0.2.1");
  a.med = 50;
  a.local_pref = 200;
  a.atomic_aggregate = true;
  a.aggregator = Aggregator{65001, v4("192.0.2.9")};
  a.communities = {0xfde90064, community::kNoExport};
  a.originator_id = v4("10.0.0.5");
  a.cluster_list = std::vector<Ipv4Address>{v4("10.0.0.1"), v4("10.0.0.2")};
  a.extended_communities = {ExtendedCommunity{{0x00, 0x02, 0xfd, 0xe9, 0, 0, 0, 1}}};
  a.large_communities = {{65001, 1, 2}};
  expect_golden(body, m, test::four_octet());
}

TEST(UpdateGolden, Ipv6MpReachWithLinkLocalNextHop) {
  const char* body =
      "0000"
      "0048"
      "800e31 0002 01 20"                 // MP_REACH ipv6 unicast, 32-octet next hop
      "20010db8000000000000000000000001"  // global 2001:db8::1
      "fe800000000000000000000000000001"  // link-local fe80::1
      "00"                                // reserved
      "30 20010db80001 20 20010db8"       // 2001:db8:1::/48 2001:db8::/32
      "40010100"
      "400206 0201 0000fde9"
      "400504 00000064"
      "";
  UpdateMessage m;
  m.attributes.origin = Origin::igp;
  m.attributes.as_path = AsPath{{seq({65001})}};
  m.attributes.local_pref = 100;
  MpReach r;
  r.afi_safi = kIpv6Unicast;
  r.next_hop.global = IpAddress::from(v6("2001:db8::1"));
  r.next_hop.link_local = v6("fe80::1");
  r.nlri = {nlri("2001:db8:1::/48"), nlri("2001:db8::/32")};
  m.mp_reach = r;
  expect_golden(body, m, test::four_octet());
}

TEST(UpdateGolden, Ipv4AddPath) {
  CodecContext ctx;
  ctx.add_path.insert(kIpv4Unicast);
  const char* body =
      "0007 00000005 100a01"  // withdrawn 10.1.0.0/16 path 5
      "000e 40010100 400200 400304 0a000001"
      "00000001 18c0a801"
      "00000002 18c0a801";
  UpdateMessage m;
  m.withdrawn = {nlri("10.1.0.0/16", 5)};
  m.attributes.origin = Origin::igp;
  m.attributes.as_path = AsPath{};
  m.attributes.next_hop = v4("10.0.0.1");
  m.nlri = {nlri("192.168.1.0/24", 1), nlri("192.168.1.0/24", 2)};
  expect_golden(body, m, ctx);
}

TEST(UpdateGolden, Ipv6AddPathInMpReachAndMpUnreach) {
  CodecContext ctx;
  ctx.add_path.insert(kIpv6Unicast);
  const char* body =
      "0000"
      "0039"
      "800e20 000201 10 20010db8000000000000000000000001 00 00000007 30 20010db80001"
      "800f0c 000201 00000009 20 20010db8"
      "40010100 400200";
  UpdateMessage m;
  m.attributes.origin = Origin::igp;
  m.attributes.as_path = AsPath{};
  MpReach r;
  r.afi_safi = kIpv6Unicast;
  r.next_hop.global = IpAddress::from(v6("2001:db8::1"));
  r.nlri = {nlri("2001:db8:1::/48", 7)};
  m.mp_reach = r;
  MpUnreach u;
  u.afi_safi = kIpv6Unicast;
  u.withdrawn = {nlri("2001:db8::/32", 9)};
  m.mp_unreach = u;
  expect_golden(body, m, ctx);
}

TEST(UpdateGolden, TwoOctetSessionWithAs4PathAndAs4Aggregator) {
  const char* body =
      "0000 0035"
      "40010100"
      "400206 0202 fde9 5ba0"  // AS_PATH 65001 AS_TRANS
      "400304 c0000201"
      "c00706 5ba0 c0000209"           // AGGREGATOR AS_TRANS 192.0.2.9
      "c0110a 0202 0000fde9 fa56ea01"  // AS4_PATH 65001 4200000001
      "c01208 fa56ea01 c0000209"       // AS4_AGGREGATOR 4200000001 192.0.2.9
      "18c0a801";
  UpdateMessage m;
  auto& a = m.attributes;
  a.origin = Origin::igp;
  a.as_path = AsPath{{seq({65001, kAsTrans})}};
  a.next_hop = v4("192.0.2.1");
  a.aggregator = Aggregator{kAsTrans, v4("192.0.2.9")};
  a.as4_path = AsPath{{seq({65001, 4200000001})}};
  a.as4_aggregator = Aggregator{4200000001, v4("192.0.2.9")};
  m.nlri = {nlri("192.168.1.0/24")};
  expect_golden(body, m, test::two_octet());

  // What the session does next (RFC 6793 §4.2.3).
  PathAttributes merged = a;
  apply_as4_merge(merged);
  EXPECT_EQ(merged.as_path, (AsPath{{seq({65001, 4200000001})}}));
  EXPECT_EQ(merged.aggregator, (Aggregator{4200000001, v4("192.0.2.9")}));
}

TEST(UpdateGolden, UnknownTransitiveAttributeGainsPartial) {
  const std::string in =
      "0000 0018 40010100 400200 400304 c0000201"
      "c06303 010203"  // type 99, optional transitive
      "806401 ff"      // type 100, optional non-transitive
      "18c0a801";
  auto decoded = decode_update(hex(in), test::four_octet());
  ASSERT_TRUE(decoded) << decoded.error().reason;
  EXPECT_EQ(decoded->action, ErrorAction::none);
  ASSERT_EQ(decoded->attributes.unknown.size(), 2U);
  EXPECT_EQ(decoded->attributes.unknown[0], (UnknownAttribute{0xc0, 99, hex("010203")}));
  EXPECT_EQ(decoded->attributes.unknown[1], (UnknownAttribute{0x80, 100, hex("ff")}));

  std::string out = in;
  out.replace(out.find("c06303"), 6, "e06303");  // RFC 4271 §5: Partial on the way out
  Bytes encoded;
  ASSERT_TRUE(encode(*decoded, test::four_octet(), encoded));
  EXPECT_EQ(to_hex(encoded), message_hex(out));
  // A locally built copy (canonical layout) also gets Partial and keeps 0x80 for type 100.
  UpdateMessage local = *decoded;
  local.layout = AttributeLayout{};
  Bytes canonical;
  ASSERT_TRUE(encode(local, test::four_octet(), canonical));
  EXPECT_EQ(to_hex(canonical), message_hex(out));
}

TEST(UpdateGolden, EndOfRibForIpv4Ipv6AndEvpn) {
  const AfiSafi evpn{Afi::l2vpn, Safi::evpn};
  const std::pair<AfiSafi, const char*> cases[] = {
      {kIpv4Unicast, "0000 0000"},
      {kIpv6Unicast, "0000 0006 800f03 0002 01"},
      {evpn, "0000 0006 800f03 0019 46"},
  };
  for (const auto& [family, body] : cases) {
    SCOPED_TRACE(to_string(family));
    auto decoded = decode_update(hex(body), test::four_octet());
    ASSERT_TRUE(decoded) << decoded.error().reason;
    EXPECT_EQ(decoded->end_of_rib(), family);
    EXPECT_EQ(*decoded, UpdateMessage::make_end_of_rib(family));
    Bytes marker;
    encode_end_of_rib(family, marker);
    EXPECT_EQ(to_hex(marker), message_hex(body));
    Bytes encoded;
    ASSERT_TRUE(encode(UpdateMessage::make_end_of_rib(family), test::four_octet(), encoded));
    EXPECT_EQ(encoded, marker);
  }
}

TEST(UpdateGolden, OnlyEmptyMarkersAreEndOfRib) {
  for (const char* body : {
           "0004 180a0000 0000",                // an IPv4 withdrawal
           "0000 000a 800f07 000201 1820010d",  // an IPv6 withdrawal
           "0000 0006 800f03 000101",           // empty MP_UNREACH for IPv4 unicast
           "0000 0003 400600",                  // attributes but nothing else
           "0000 0004 400601 00",               // emptied by attribute discard
       }) {
    SCOPED_TRACE(body);
    auto decoded = decode_update(hex(body), test::four_octet());
    ASSERT_TRUE(decoded) << decoded.error().reason;
    EXPECT_FALSE(decoded->end_of_rib());
  }
}

TEST(UpdateGolden, ExtendedLengthAttributes) {
  // COMMUNITIES of 70 values = 280 octets: flags 0xd0, 2-octet length.
  std::string communities;
  for (int i = 0; i < 70; ++i)
    communities += "fde90001";
  const std::string body =
      "0000 012a 40010100 400200 400304 c0000201 d0080118" + communities + "18c0a801";
  UpdateMessage m;
  m.attributes.origin = Origin::igp;
  m.attributes.as_path = AsPath{};
  m.attributes.next_hop = v4("192.0.2.1");
  m.attributes.communities.assign(70, 0xfde90001);
  m.nlri = {nlri("192.168.1.0/24")};
  expect_golden(body, m, test::four_octet());
}

TEST(UpdateLayout, ReproducesTheReceivedOrderAndFlags) {
  // OpenBGPD puts MP_REACH last with Extended Length; FRR sets Extended Length on AS_PATH.
  const char* body =
      "0000 002d"
      "50020000"  // AS_PATH, extended length, empty
      "40010100"  // ORIGIN after AS_PATH
      "c00804 fde90064"
      "900e001a 000201 10 20010db8000000000000000000000001 00 20 20010db8";
  auto decoded = decode_update(hex(body), test::four_octet());
  ASSERT_TRUE(decoded) << decoded.error().reason;
  ASSERT_TRUE(decoded->mp_reach);
  EXPECT_EQ(decoded->mp_reach->nlri, (std::vector<Nlri>{nlri("2001:db8::/32")}));
  Bytes again;
  ASSERT_TRUE(encode(*decoded, test::four_octet(), again));
  EXPECT_EQ(to_hex(again), message_hex(body));

  // The same value built locally gets the canonical layout.
  UpdateMessage local = *decoded;
  local.layout = AttributeLayout{};
  EXPECT_EQ(local, *decoded);  // the layout is not part of the value
  Bytes canonical;
  ASSERT_TRUE(encode(local, test::four_octet(), canonical));
  EXPECT_EQ(to_hex(canonical),
            message_hex("0000 002b"
                        "800e1a 000201 10 20010db8000000000000000000000001 00 20 20010db8"
                        "40010100 400200 c00804 fde90064"));
}

TEST(UpdateLayout, KeepsPartialOnKnownOptionalTransitiveAttributes) {
  // A COMMUNITIES that crossed an old speaker arrives with Partial; it stays set.
  const char* body = "0000 0015 40010100 400200 400304 c0000201 e00804 fde90064 18c0a801";
  auto decoded = decode_update(hex(body), test::four_octet());
  ASSERT_TRUE(decoded);
  Bytes again;
  ASSERT_TRUE(encode(*decoded, test::four_octet(), again));
  EXPECT_EQ(to_hex(again), message_hex(body));
}

TEST(UpdateGolden, Rfc8950Ipv6NextHopForIpv4Nlri) {
  CodecContext ctx;
  ctx.extended_next_hop.insert(kIpv4Unicast);
  const char* body =
      "0000 0023"
      "800e19 000101 10 20010db8000000000000000000000001 00 18 c0a801"
      "40010100 400200";
  UpdateMessage m;
  m.attributes.origin = Origin::igp;
  m.attributes.as_path = AsPath{};
  MpReach r;
  r.afi_safi = kIpv4Unicast;
  r.next_hop.global = IpAddress::from(v6("2001:db8::1"));
  r.nlri = {nlri("192.168.1.0/24")};
  m.mp_reach = r;
  expect_golden(body, m, ctx);
}

TEST(UpdateGolden, UndecodedFamiliesKeepTheirOctets) {
  // IPv4 MPLS VPN (SAFI 128): next hop RD+IPv4, NLRI label+RD+prefix, all kept opaque.
  const char* body =
      "0000 003f"
      "800e20 000180 0c 0000000000000000 c0000201 00"
      "70 000011 0000fde900000001 0a0000"
      "80 0f12 000180 70 000011 0000fde900000001 0a0100"
      "40010100 400200";
  UpdateMessage m;
  m.attributes.origin = Origin::igp;
  m.attributes.as_path = AsPath{};
  MpReach r;
  r.afi_safi = AfiSafi{Afi::ipv4, Safi::mpls_vpn};
  r.opaque_next_hop = hex("0000000000000000c0000201");
  r.opaque_nlri = hex("700000110000fde9000000010a0000");
  m.mp_reach = r;
  MpUnreach u;
  u.afi_safi = AfiSafi{Afi::ipv4, Safi::mpls_vpn};
  u.opaque_withdrawn = hex("700000110000fde9000000010a0100");
  m.mp_unreach = u;
  expect_golden(body, m, test::four_octet());
}

TEST(UpdateEncoder, FailsCleanlyAboveTheMaximumSize) {
  UpdateMessage m;
  m.attributes.origin = Origin::igp;
  m.attributes.as_path = AsPath{};
  m.attributes.next_hop = v4("192.0.2.1");
  for (std::uint32_t i = 0; i < 1100; ++i) {
    m.nlri.push_back(Nlri{Prefix::v4(Ipv4Address{0x0a000000U + (i << 8U)}, 24), 0});
  }
  Bytes out = hex("abcd");
  auto r = encode(m, test::four_octet(), out);
  ASSERT_FALSE(r);
  EXPECT_FALSE(r.error().reason.empty());
  EXPECT_EQ(out, hex("abcd"));  // nothing left behind

  CodecContext extended;
  extended.extended_message = true;
  ASSERT_TRUE(encode(m, extended, out));
  EXPECT_EQ(out.size(), 2U + kHeaderSize + 4 + 14 + (std::size_t{1100} * 4U));
}

}  // namespace
}  // namespace rr::wire
