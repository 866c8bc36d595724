// OPEN (RFC 4271 §4.2, §6.2; RFC 5492; RFC 9072): golden vectors in BIRD layout (one Capabilities
// parameter), GoBGP/FRR layout (one parameter per capability) and the extended optional
// parameters form, checked in both directions, plus the table of malformed OPENs.
#include "rr/wire/open_message.hpp"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "rr/wire/context.hpp"

namespace rr::wire {
namespace {

constexpr std::string_view kMarker = "ffffffffffffffffffffffffffffffff";

Bytes hex(std::string_view text) {
  auto bytes = from_hex(text);
  EXPECT_TRUE(bytes.has_value()) << "bad hex in test: " << text;
  return bytes.value_or(Bytes{});
}

std::string canonical(std::string_view text) {
  return to_hex(hex(text));
}

std::string encoded(const OpenMessage& msg) {
  Bytes out;
  encode(msg, out);
  return to_hex(out);
}

// The body of a whole message given as hex (the header is checked to be an OPEN header).
Bytes body_of(std::string_view message_hex) {
  Bytes whole = hex(message_hex);
  EXPECT_GE(whole.size(), kHeaderSize);
  if (whole.size() < kHeaderSize) return {};
  EXPECT_EQ(whole[18], std::byte{1}) << "not an OPEN";
  return Bytes(whole.begin() + kHeaderSize, whole.end());
}

// BIRD 2 style: one Capabilities parameter carrying everything.
std::string bird_open_hex() {
  return std::string(kMarker) +
         "0045 01"
         "04 fde8 00f0 0a000001"
         "28 02 26"
         "01 04 0001 00 01"
         "01 04 0002 00 01"
         "02 00"
         "46 00"
         "40 06 0078 0001 01 00"
         "41 04 0000fde8"
         "45 04 0001 01 03"
         "06 00";
}

OpenMessage bird_open() {
  OpenMessage m;
  m.version = 4;
  m.my_as = 65000;
  m.hold_time = 240;
  m.bgp_identifier = Ipv4Address{0x0a000001};
  m.capabilities = {
      MultiprotocolCapability{kIpv4Unicast},
      MultiprotocolCapability{kIpv6Unicast},
      RouteRefreshCapability{},
      EnhancedRouteRefreshCapability{},
      GracefulRestartCapability{false, false, 120, {{kIpv4Unicast, false}}},
      FourOctetAsCapability{65000},
      AddPathCapability{{{kIpv4Unicast, AddPathMode::both}}},
      ExtendedMessageCapability{},
  };
  m.one_parameter_per_capability = false;
  return m;
}

// GoBGP / FRR style: one Capabilities parameter per capability.
std::string gobgp_open_hex() {
  return std::string(kMarker) +
         "0051 01"
         "04 fc00 005a c0000201"
         "34"
         "02 06 01 04 0001 00 01"
         "02 06 01 04 0002 00 01"
         "02 02 02 00"
         "02 06 41 04 0000fc00"
         "02 0c 49 0a 05 6e6f646531 03 6c6162"
         "02 08 05 06 0001 0001 0002";
}

OpenMessage gobgp_open() {
  OpenMessage m;
  m.my_as = 64512;
  m.hold_time = 90;
  m.bgp_identifier = Ipv4Address{0xc0000201};
  m.capabilities = {
      MultiprotocolCapability{kIpv4Unicast},
      MultiprotocolCapability{kIpv6Unicast},
      RouteRefreshCapability{},
      FourOctetAsCapability{64512},
      FqdnCapability{"node1", "lab"},
      ExtendedNextHopCapability{{{Afi::ipv4, 1, Afi::ipv6}}},
  };
  m.one_parameter_per_capability = true;
  return m;
}

// RFC 9072: 264 octets of capabilities in one parameter need the extended form.
std::string extended_open_hex() {
  return std::string(kMarker) + "012b 01" +
         "04 5ba0 00b4 0a000002"
         "ff ff 010b"
         "02 0108"
         "01 04 0001 00 01"
         "c8 fa" +
         std::string(500, 'a') + "41 04 00005ba0";
}

OpenMessage extended_open() {
  OpenMessage m;
  m.my_as = 23456;
  m.hold_time = 180;
  m.bgp_identifier = Ipv4Address{0x0a000002};
  m.capabilities = {
      MultiprotocolCapability{kIpv4Unicast},
      UnknownCapability{200, Bytes(250, std::byte{0xaa})},
      FourOctetAsCapability{23456},
  };
  return m;
}

// An OPEN without optional parameters (RFC 4271 §4.2: Optional Parameters Length 0).
std::string bare_open_hex() {
  return std::string(kMarker) + "001d 01 04 fde9 0000 01020304 00";
}

TEST(OpenMessage, DecodesBirdLayout) {
  auto m = decode_open(body_of(bird_open_hex()));
  ASSERT_TRUE(m.has_value()) << m.error().reason;
  EXPECT_EQ(*m, bird_open());
}

TEST(OpenMessage, EncodesBirdLayout) {
  EXPECT_EQ(encoded(bird_open()), canonical(bird_open_hex()));
}

TEST(OpenMessage, DecodesGobgpLayout) {
  auto m = decode_open(body_of(gobgp_open_hex()));
  ASSERT_TRUE(m.has_value()) << m.error().reason;
  EXPECT_EQ(*m, gobgp_open());
}

TEST(OpenMessage, EncodesGobgpLayout) {
  EXPECT_EQ(encoded(gobgp_open()), canonical(gobgp_open_hex()));
}

TEST(OpenMessage, DecodesExtendedOptionalParameters) {
  auto m = decode_open(body_of(extended_open_hex()));
  ASSERT_TRUE(m.has_value()) << m.error().reason;
  EXPECT_EQ(*m, extended_open());
}

TEST(OpenMessage, EncodesExtendedOptionalParametersOnlyWhenNeeded) {
  EXPECT_EQ(encoded(extended_open()), canonical(extended_open_hex()));
  // Without the long capability everything fits in the RFC 4271 form.
  OpenMessage small = extended_open();
  small.capabilities.erase(small.capabilities.begin() + 1);
  EXPECT_EQ(encoded(small),
            canonical(std::string(kMarker) +
                      "002b 01 04 5ba0 00b4 0a000002 0e 02 0c 01 04 0001 00 01 41 04 00005ba0"));
}

TEST(OpenMessage, ExtendedFormRoundTripsOneParameterPerCapability) {
  OpenMessage m = extended_open();
  m.one_parameter_per_capability = true;
  Bytes out;
  encode(m, out);
  // RFC 9072 §2: 255, 255, then a 2-octet length; parameters have 2-octet lengths.
  ASSERT_GT(out.size(), kHeaderSize + 13);
  EXPECT_EQ(to_hex(ByteView(out).subspan(kHeaderSize + 9, 6)), "ffff01110200");
  auto back = decode_open(ByteView(out).subspan(kHeaderSize));
  ASSERT_TRUE(back.has_value()) << back.error().reason;
  EXPECT_EQ(*back, m);
}

TEST(OpenMessage, AcceptsExtendedFormEvenWhenShortWouldFit) {
  // RFC 9072 §2 allows the extended form for any length; re-encoding picks the short form.
  const std::string body = "04 fde8 00b4 0a000001 ff ff 0009 02 0006 41 04 0000fde8";
  auto m = decode_open(hex(body));
  ASSERT_TRUE(m.has_value()) << m.error().reason;
  EXPECT_EQ(m->capabilities, std::vector<Capability>{FourOctetAsCapability{65000}});
}

TEST(OpenMessage, DecodesOpenWithoutOptionalParameters) {
  auto m = decode_open(body_of(bare_open_hex()));
  ASSERT_TRUE(m.has_value()) << m.error().reason;
  EXPECT_TRUE(m->capabilities.empty());
  EXPECT_FALSE(m->one_parameter_per_capability);
  EXPECT_EQ(m->my_as, 65001);
  EXPECT_EQ(m->hold_time, 0);
  EXPECT_EQ(m->bgp_identifier, Ipv4Address{0x01020304});
  EXPECT_EQ(encoded(*m), canonical(bare_open_hex()));
}

TEST(OpenMessage, SingleParameterWithOneCapabilityIsNotPerCapabilityLayout) {
  auto m = decode_open(hex("04 fde8 00b4 0a000001 04 02 02 02 00"));
  ASSERT_TRUE(m.has_value());
  EXPECT_FALSE(m->one_parameter_per_capability);
  EXPECT_EQ(m->capabilities.size(), 1U);
}

TEST(OpenMessage, MixedParameterLayoutDecodesAllCapabilities) {
  // One parameter with two capabilities, one with one: not "one per capability".
  auto m = decode_open(hex("04 fde8 00b4 0a000001 0a 02 04 02 00 46 00 02 02 06 00"));
  ASSERT_TRUE(m.has_value()) << m.error().reason;
  EXPECT_FALSE(m->one_parameter_per_capability);
  EXPECT_EQ(m->capabilities,
            (std::vector<Capability>{RouteRefreshCapability{}, EnhancedRouteRefreshCapability{},
                                     ExtendedMessageCapability{}}));
}

TEST(OpenMessage, AcceptsHoldTimesZeroAndThree) {
  EXPECT_TRUE(decode_open(hex("04 fde8 0000 0a000001 00")).has_value());
  EXPECT_TRUE(decode_open(hex("04 fde8 0003 0a000001 00")).has_value());
  EXPECT_TRUE(decode_open(hex("04 fde8 ffff 0a000001 00")).has_value());
}

TEST(OpenMessage, AcceptsAnyNonzeroIdentifier) {
  // RFC 6286 §2.2: not required to be a valid unicast IPv4 address.
  auto m = decode_open(hex("04 fde8 00b4 ffffffff 00"));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->bgp_identifier, Ipv4Address{0xffffffff});
}

TEST(OpenMessage, AsnPrefersFourOctetCapability) {
  OpenMessage m;
  m.my_as = kAsTrans;
  EXPECT_EQ(m.asn(), kAsTrans);
  m.capabilities.emplace_back(FourOctetAsCapability{4200000001U});
  EXPECT_EQ(m.asn(), 4200000001U);
  EXPECT_EQ(bird_open().asn(), 65000U);
}

TEST(OpenMessage, RejectsHoldTimeOfOne) {
  auto m = decode_open(hex("04 fde8 0001 0a000001 00"));
  ASSERT_FALSE(m.has_value());
  EXPECT_EQ(m.error().code, ErrorCode::open_message);
  EXPECT_EQ(m.error().subcode, static_cast<std::uint8_t>(OpenSubcode::unacceptable_hold_time));
}

struct MalformedOpen {
  const char* name;
  std::string body;
  ErrorCode code;
  std::uint8_t subcode;
  const char* data;
};

TEST(OpenMessage, RejectsMalformedOpens) {
  const auto open = [](OpenSubcode s) { return static_cast<std::uint8_t>(s); };
  const MalformedOpen cases[] = {
      {"version 3", "03 fde8 00b4 0a000001 00", ErrorCode::open_message,
       open(OpenSubcode::unsupported_version_number), "0004"},
      {"version 5", "05 fde8 00b4 0a000001 00", ErrorCode::open_message,
       open(OpenSubcode::unsupported_version_number), "0004"},
      {"hold time 1", "04 fde8 0001 0a000001 00", ErrorCode::open_message,
       open(OpenSubcode::unacceptable_hold_time), ""},
      {"hold time 2", "04 fde8 0002 0a000001 00", ErrorCode::open_message,
       open(OpenSubcode::unacceptable_hold_time), ""},
      {"identifier 0", "04 fde8 00b4 00000000 00", ErrorCode::open_message,
       open(OpenSubcode::bad_bgp_identifier), ""},
      {"authentication parameter", "04 fde8 00b4 0a000001 04 01 02 0000", ErrorCode::open_message,
       open(OpenSubcode::unsupported_optional_parameter), ""},
      {"unknown parameter after capabilities", "04 fde8 00b4 0a000001 06 02 02 0200 03 00",
       ErrorCode::open_message, open(OpenSubcode::unsupported_optional_parameter), ""},
      {"parameters length past the end", "04 fde8 00b4 0a000001 05 02 02 0200",
       ErrorCode::open_message, open(OpenSubcode::unspecific), ""},
      {"octets after the parameters", "04 fde8 00b4 0a000001 04 02 02 0200 00",
       ErrorCode::open_message, open(OpenSubcode::unspecific), ""},
      {"parameter overruns", "04 fde8 00b4 0a000001 04 02 05 0200", ErrorCode::open_message,
       open(OpenSubcode::unspecific), ""},
      {"parameter header truncated", "04 fde8 00b4 0a000001 01 02", ErrorCode::open_message,
       open(OpenSubcode::unspecific), ""},
      {"extended length truncated", "04 fde8 00b4 0a000001 ff ff 00", ErrorCode::open_message,
       open(OpenSubcode::unspecific), ""},
      {"extended length past the end", "04 fde8 00b4 0a000001 ff ff 0006 02 0002 0200",
       ErrorCode::open_message, open(OpenSubcode::unspecific), ""},
      {"extended parameter overruns", "04 fde8 00b4 0a000001 ff ff 0005 02 0003 0200",
       ErrorCode::open_message, open(OpenSubcode::unspecific), ""},
      {"malformed capability", "04 fde8 00b4 0a000001 06 02 04 41 02 fde8", ErrorCode::open_message,
       open(OpenSubcode::unspecific), ""},
      {"shorter than the fixed part", "04 fde8 00b4 0a0000", ErrorCode::open_message,
       open(OpenSubcode::unspecific), ""},
      {"empty body", "", ErrorCode::open_message, open(OpenSubcode::unspecific), ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto m = decode_open(hex(c.body));
    ASSERT_FALSE(m.has_value());
    EXPECT_EQ(m.error().code, c.code);
    EXPECT_EQ(m.error().subcode, c.subcode);
    EXPECT_EQ(to_hex(m.error().data), c.data);
    EXPECT_EQ(m.error().action, ErrorAction::session_reset);
    EXPECT_FALSE(m.error().reason.empty());
  }
}

TEST(OpenMessage, MalformedCapabilityErrorNamesTheCapability) {
  auto m = decode_open(hex("04 fde8 00b4 0a000001 06 02 04 45 02 0001"));
  ASSERT_FALSE(m.has_value());
  EXPECT_NE(m.error().reason.find("ADD-PATH"), std::string_view::npos) << m.error().reason;
}

}  // namespace
}  // namespace rr::wire
