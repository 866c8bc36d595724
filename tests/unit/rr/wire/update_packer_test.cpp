// Update packing: every NLRI exactly once and in order, every message within the negotiated size,
// every message full (the next NLRI would not have fitted), and each message byte-identical to
// what the canonical encoder writes for it.
#include "rr/wire/update_packer.hpp"

#include <gtest/gtest.h>

#include "rr/wire/update_message.hpp"
#include "tests/unit/rr/wire/update_test_support.hpp"

namespace rr::wire {
namespace {

using test::v4;
using test::v6;

CodecContext context(std::size_t max_size) {
  CodecContext ctx;
  ctx.extended_message = max_size > kMaxMessageSize;
  return ctx;
}

PathAttributes typical_attributes() {
  PathAttributes a;
  a.origin = Origin::igp;
  a.as_path = AsPath{{AsPathSegment{AsSegmentType::as_sequence, {65001, 65002}}}};
  a.next_hop = v4("192.0.2.1");
  a.local_pref = 100;
  a.communities = {0xfde90064, 0xfde900c8};
  return a;
}

// A mix of prefix lengths (so entries take 1 to 5 octets) without duplicates.
std::vector<Nlri> ipv4_prefixes(std::size_t n, std::uint32_t path_id = 0) {
  std::vector<Nlri> out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto len = static_cast<std::uint8_t>(8 + (i % 25));
    const std::uint32_t addr = (static_cast<std::uint32_t>(i) * 2654435761U) & ~0U;
    out.push_back(Nlri{Prefix::v4(Ipv4Address{addr}, len), path_id});
  }
  return out;
}

std::vector<Nlri> ipv6_prefixes(std::size_t n) {
  std::vector<Nlri> out;
  for (std::size_t i = 0; i < n; ++i) {
    Ipv6Address a = v6("2001:db8::");
    a.bytes[4] = static_cast<std::uint8_t>(i >> 8U);
    a.bytes[5] = static_cast<std::uint8_t>(i);
    a.bytes[6] = static_cast<std::uint8_t>(i * 7U);
    out.push_back(Nlri{Prefix::v6(a, static_cast<std::uint8_t>(48 + (i % 17))), 0});
  }
  return out;
}

// The NLRI a message announces or withdraws, in wire order.
std::vector<Nlri> carried(const UpdateMessage& m) {
  std::vector<Nlri> out = m.nlri;
  out.insert(out.end(), m.withdrawn.begin(), m.withdrawn.end());
  if (m.mp_reach) out.insert(out.end(), m.mp_reach->nlri.begin(), m.mp_reach->nlri.end());
  if (m.mp_unreach) {
    out.insert(out.end(), m.mp_unreach->withdrawn.begin(), m.mp_unreach->withdrawn.end());
  }
  return out;
}

// `m` with one more NLRI in whichever field carries them.
UpdateMessage with_one_more(UpdateMessage m, const Nlri& n) {
  if (m.mp_reach) {
    m.mp_reach->nlri.push_back(n);
  } else if (m.mp_unreach) {
    m.mp_unreach->withdrawn.push_back(n);
  } else if (!m.nlri.empty()) {
    m.nlri.push_back(n);
  } else {
    m.withdrawn.push_back(n);
  }
  return m;
}

// Splits `out` into messages and checks every property the packer promises. Returns the decoded
// messages.
std::vector<UpdateMessage> check_stream(const Bytes& out, const std::vector<Nlri>& expected,
                                        const CodecContext& ctx) {
  std::vector<UpdateMessage> messages;
  std::vector<Nlri> seen;
  std::size_t at = 0;
  while (at < out.size()) {
    EXPECT_GE(out.size() - at, kHeaderSize);
    if (out.size() - at < kHeaderSize) break;
    const std::size_t length =
        (static_cast<std::size_t>(out[at + 16]) << 8U) | static_cast<std::size_t>(out[at + 17]);
    EXPECT_EQ(out[at + 18], std::byte{2});
    EXPECT_LE(length, ctx.max_message_size());
    EXPECT_LE(at + length, out.size());
    if (at + length > out.size() || length < kHeaderSize) break;
    const ByteView message = ByteView(out).subspan(at, length);
    auto decoded = decode_update(message.subspan(kHeaderSize), ctx);
    EXPECT_TRUE(decoded) << decoded.error().reason;
    if (!decoded) break;
    EXPECT_EQ(decoded->action, ErrorAction::none);
    // What the canonical encoder writes for the same content.
    UpdateMessage canonical = *decoded;
    canonical.layout = AttributeLayout{};
    Bytes again;
    EXPECT_TRUE(encode(canonical, ctx, again));
    EXPECT_EQ(to_hex(again), to_hex(message));
    const auto nlri = carried(*decoded);
    EXPECT_FALSE(nlri.empty());
    seen.insert(seen.end(), nlri.begin(), nlri.end());
    messages.push_back(std::move(*decoded));
    at += length;
  }
  EXPECT_EQ(seen, expected);  // every NLRI exactly once, in order
  // Full: adding the NLRI that opens the next message would have overflowed this one.
  std::size_t index = 0;
  for (std::size_t i = 0; i + 1 < messages.size(); ++i) {
    index += carried(messages[i]).size();
    Bytes bigger;
    EXPECT_FALSE(encode(with_one_more(messages[i], expected[index]), ctx, bigger))
        << "message " << i << " had room for one more NLRI";
  }
  return messages;
}

class UpdatePackerSizes : public ::testing::TestWithParam<std::size_t> {};

TEST_P(UpdatePackerSizes, FillsIpv4MessagesWithEveryPrefixOnce) {
  const CodecContext ctx = context(GetParam());
  const auto nlri = ipv4_prefixes(40000);
  const PathAttributes attrs = typical_attributes();
  Bytes out;
  auto r = pack_announcements(kIpv4Unicast, attrs, std::nullopt, nlri, ctx, out);
  ASSERT_TRUE(r) << r.error().reason;
  const auto messages = check_stream(out, nlri, ctx);
  EXPECT_EQ(r->messages, messages.size());
  EXPECT_EQ(r->nlri, nlri.size());
  EXPECT_GT(messages.size(), 1U);
  for (const auto& m : messages)
    EXPECT_EQ(m.attributes, attrs);
}

TEST_P(UpdatePackerSizes, FillsIpv6MpReachWithLinkLocalNextHop) {
  const CodecContext ctx = context(GetParam());
  const auto nlri = ipv6_prefixes(30000);
  PathAttributes attrs = typical_attributes();
  attrs.next_hop.reset();
  MpNextHop nh;
  nh.global = IpAddress::from(v6("2001:db8::1"));
  nh.link_local = v6("fe80::1");
  Bytes out;
  auto r = pack_announcements(kIpv6Unicast, attrs, nh, nlri, ctx, out);
  ASSERT_TRUE(r) << r.error().reason;
  const auto messages = check_stream(out, nlri, ctx);
  EXPECT_EQ(r->messages, messages.size());
  for (const auto& m : messages) {
    ASSERT_TRUE(m.mp_reach);
    EXPECT_EQ(m.mp_reach->afi_safi, kIpv6Unicast);
    EXPECT_EQ(m.mp_reach->next_hop, nh);
    EXPECT_EQ(m.attributes, attrs);
  }
}

TEST_P(UpdatePackerSizes, FillsWithdrawalsForIpv4AndIpv6) {
  const CodecContext ctx = context(GetParam());
  const auto v4_nlri = ipv4_prefixes(50000);
  Bytes out;
  const PackResult r4 = pack_withdrawals(kIpv4Unicast, v4_nlri, ctx, out);
  const auto m4 = check_stream(out, v4_nlri, ctx);
  EXPECT_EQ(r4.messages, m4.size());
  EXPECT_EQ(r4.nlri, v4_nlri.size());
  for (const auto& m : m4)
    EXPECT_FALSE(m.mp_unreach);

  const auto v6_nlri = ipv6_prefixes(30000);
  Bytes out6;
  const PackResult r6 = pack_withdrawals(kIpv6Unicast, v6_nlri, ctx, out6);
  const auto m6 = check_stream(out6, v6_nlri, ctx);
  EXPECT_EQ(r6.messages, m6.size());
  for (const auto& m : m6) {
    ASSERT_TRUE(m.mp_unreach);
    EXPECT_FALSE(m.end_of_rib());
  }
}

TEST_P(UpdatePackerSizes, CarriesAddPathIdentifiers) {
  CodecContext ctx = context(GetParam());
  ctx.add_path.insert(kIpv4Unicast);
  std::vector<Nlri> nlri = ipv4_prefixes(6000, 1);
  const auto second = ipv4_prefixes(6000, 2);
  nlri.insert(nlri.end(), second.begin(), second.end());
  Bytes out;
  auto r = pack_announcements(kIpv4Unicast, typical_attributes(), std::nullopt, nlri, ctx, out);
  ASSERT_TRUE(r);
  check_stream(out, nlri, ctx);
  Bytes withdrawn;
  pack_withdrawals(kIpv4Unicast, nlri, ctx, withdrawn);
  check_stream(withdrawn, nlri, ctx);
}

INSTANTIATE_TEST_SUITE_P(MaxSizes, UpdatePackerSizes,
                         ::testing::Values(kMaxMessageSize, kMaxExtendedMessageSize));

TEST(UpdatePacker, SwitchesMpReachToExtendedLengthPast255Octets) {
  const CodecContext ctx = context(kMaxMessageSize);
  PathAttributes attrs;
  attrs.origin = Origin::igp;
  attrs.as_path = AsPath{};
  MpNextHop nh;
  nh.global = IpAddress::from(v6("2001:db8::1"));
  nh.link_local = v6("fe80::1");
  // Value = AFI/SAFI/length (4) + next hop (32) + reserved (1) + 7 octets per /48.
  std::vector<Nlri> nlri;
  for (std::size_t i = 0; i < 32; ++i) {
    Ipv6Address a = v6("2001:db8::");
    a.bytes[5] = static_cast<std::uint8_t>(i);
    nlri.push_back(Nlri{Prefix::v6(a, 48), 0});
  }
  Bytes small;
  ASSERT_TRUE(pack_announcements(kIpv6Unicast, attrs, nh, std::span(nlri).first(31), ctx, small));
  EXPECT_EQ(small[23], std::byte{0x80});  // 37 + 217 = 254 octets: one-octet length
  Bytes large;
  ASSERT_TRUE(pack_announcements(kIpv6Unicast, attrs, nh, nlri, ctx, large));
  EXPECT_EQ(large[23], std::byte{0x90});  // 37 + 224 = 261 octets: extended length
  check_stream(large, nlri, ctx);
}

TEST(UpdatePacker, FillsRightUpToTheExtendedLengthBoundary) {
  // Attributes leave about 262 octets for MP_REACH, so the last NLRI decides between a 3- and a
  // 4-octet attribute header.
  const CodecContext ctx = context(kMaxMessageSize);
  for (std::size_t communities = 945; communities <= 955; ++communities) {
    SCOPED_TRACE(communities);
    PathAttributes attrs;
    attrs.origin = Origin::igp;
    attrs.as_path = AsPath{};
    attrs.communities.assign(communities, 0xfde90001);
    MpNextHop nh;
    nh.global = IpAddress::from(v6("2001:db8::1"));
    std::vector<Nlri> nlri;
    for (std::size_t i = 0; i < 200; ++i) {
      Ipv6Address a = v6("2001:db8::");
      a.bytes[2] = static_cast<std::uint8_t>(i);
      nlri.push_back(Nlri{Prefix::v6(a, static_cast<std::uint8_t>(17 + (i % 8))), 0});
    }
    Bytes out;
    ASSERT_TRUE(pack_announcements(kIpv6Unicast, attrs, nh, nlri, ctx, out));
    check_stream(out, nlri, ctx);
  }
}

TEST(UpdatePacker, SendsIpv4NlriInMpReachWithAnIpv6NextHop) {
  // RFC 8950: IPv4 unicast NLRI with an IPv6 next hop travel in MP_REACH_NLRI.
  CodecContext ctx = context(kMaxMessageSize);
  ctx.extended_next_hop.insert(kIpv4Unicast);
  PathAttributes attrs = typical_attributes();
  attrs.next_hop.reset();
  MpNextHop nh;
  nh.global = IpAddress::from(v6("2001:db8::1"));
  const auto nlri = ipv4_prefixes(3000);
  Bytes out;
  ASSERT_TRUE(pack_announcements(kIpv4Unicast, attrs, nh, nlri, ctx, out));
  const auto messages = check_stream(out, nlri, ctx);
  for (const auto& m : messages) {
    ASSERT_TRUE(m.mp_reach);
    EXPECT_EQ(m.mp_reach->afi_safi, kIpv4Unicast);
    EXPECT_TRUE(m.nlri.empty());
  }
}

TEST(UpdatePacker, RefusesAttributesThatLeaveNoRoomForOneNlri) {
  const CodecContext ctx = context(kMaxMessageSize);
  PathAttributes attrs = typical_attributes();
  attrs.communities.assign(1100, 0xfde90001);  // 4400 octets
  Bytes out = test::hex("0102");
  auto r = pack_announcements(kIpv4Unicast, attrs, std::nullopt, ipv4_prefixes(10), ctx, out);
  ASSERT_FALSE(r);
  EXPECT_FALSE(r.error().reason.empty());
  EXPECT_EQ(out, test::hex("0102"));  // nothing half-written
  // The same attributes fit an extended message.
  EXPECT_TRUE(pack_announcements(kIpv4Unicast, attrs, std::nullopt, ipv4_prefixes(10),
                                 context(kMaxExtendedMessageSize), out));
}

TEST(UpdatePacker, RefusesMpReachWithoutANextHop) {
  Bytes out;
  auto r = pack_announcements(kIpv6Unicast, typical_attributes(), std::nullopt, ipv6_prefixes(3),
                              context(kMaxMessageSize), out);
  EXPECT_FALSE(r);
  EXPECT_TRUE(out.empty());
}

TEST(UpdatePacker, WritesNothingForNoNlri) {
  Bytes out;
  auto r = pack_announcements(kIpv4Unicast, typical_attributes(), std::nullopt, {},
                              context(kMaxMessageSize), out);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->messages, 0U);
  EXPECT_EQ(pack_withdrawals(kIpv6Unicast, {}, context(kMaxMessageSize), out).messages, 0U);
  EXPECT_TRUE(out.empty());
}

TEST(UpdatePacker, AppendsAfterWhatTheBufferHolds) {
  Bytes out;
  encode_end_of_rib(kIpv6Unicast, out);
  const std::size_t marker = out.size();
  const auto nlri = ipv4_prefixes(5);
  ASSERT_TRUE(pack_announcements(kIpv4Unicast, typical_attributes(), std::nullopt, nlri,
                                 context(kMaxMessageSize), out));
  auto eor = decode_update(ByteView(out).subspan(kHeaderSize, marker - kHeaderSize),
                           context(kMaxMessageSize));
  ASSERT_TRUE(eor);
  EXPECT_EQ(eor->end_of_rib(), kIpv6Unicast);
  check_stream(Bytes(out.begin() + static_cast<std::ptrdiff_t>(marker), out.end()), nlri,
               context(kMaxMessageSize));
}

}  // namespace
}  // namespace rr::wire
