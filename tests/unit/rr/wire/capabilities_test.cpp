// Capabilities (RFC 5492): golden vectors for every capability type in both directions, the
// malformed-value table, and the folding done by summarize().
#include "rr/wire/capabilities.hpp"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace rr::wire {
namespace {

Bytes hex(std::string_view text) {
  auto bytes = from_hex(text);
  EXPECT_TRUE(bytes.has_value()) << "bad hex in test: " << text;
  return bytes.value_or(Bytes{});
}

std::string canonical(std::string_view text) {
  return to_hex(hex(text));
}

std::string encoded(const Capability& cap) {
  Bytes out;
  Writer w(out);
  encode_capability(cap, w);
  return to_hex(out);
}

struct Golden {
  const char* name;
  const char* wire;  // code, length, value
  Capability value;
};

std::vector<Golden> golden_vectors() {
  return {
      {"multiprotocol ipv4 unicast", "01 04 0001 00 01", MultiprotocolCapability{kIpv4Unicast}},
      {"multiprotocol ipv6 unicast", "01 04 0002 00 01", MultiprotocolCapability{kIpv6Unicast}},
      {"multiprotocol l2vpn evpn", "01 04 0019 00 46",
       MultiprotocolCapability{{Afi::l2vpn, Safi::evpn}}},
      {"route refresh", "02 00", RouteRefreshCapability{}},
      {"enhanced route refresh", "46 00", EnhancedRouteRefreshCapability{}},
      {"extended message", "06 00", ExtendedMessageCapability{}},
      {"4-octet AS", "41 04 fa56ea01", FourOctetAsCapability{4200000001U}},
      {"graceful restart, R and N bits, two families", "40 0a c078 0001 01 80 0002 01 00",
       GracefulRestartCapability{true, true, 120, {{kIpv4Unicast, true}, {kIpv6Unicast, false}}}},
      {"graceful restart, helper only", "40 02 0fff",
       GracefulRestartCapability{false, false, 4095, {}}},
      {"long-lived graceful restart", "47 0e 0001 01 80 015180 0002 01 00 000e10",
       LongLivedGracefulRestartCapability{
           {{kIpv4Unicast, true, 86400}, {kIpv6Unicast, false, 3600}}}},
      {"ADD-PATH", "45 0c 0001 01 03 0002 01 01 0001 02 02",
       AddPathCapability{{{kIpv4Unicast, AddPathMode::both},
                          {kIpv6Unicast, AddPathMode::receive},
                          {{Afi::ipv4, Safi::multicast}, AddPathMode::send}}}},
      {"extended next hop", "05 0c 0001 0001 0002 0001 0080 0002",
       ExtendedNextHopCapability{{{Afi::ipv4, 1, Afi::ipv6}, {Afi::ipv4, 128, Afi::ipv6}}}},
      {"FQDN with domain", "49 10 03 727231 0b 6578616d706c652e6e6574",
       FqdnCapability{"rr1", "example.net"}},
      {"FQDN without domain", "49 05 03 727231 00", FqdnCapability{"rr1", ""}},
      {"BGP role customer", "09 01 03", RoleCapability{BgpRole::customer}},
      {"BGP role route server", "09 01 01", RoleCapability{BgpRole::route_server}},
      {"Cisco route refresh kept as unknown", "80 00", UnknownCapability{128, {}}},
      {"ORF kept as unknown", "03 07 0001 00 01 01 40 03",
       UnknownCapability{3, hex("0001 00 01 01 40 03")}},
      {"unassigned code kept bytewise", "63 03 abcdef", UnknownCapability{99, hex("abcdef")}},
  };
}

TEST(Capabilities, GoldenVectorsDecode) {
  for (const auto& g : golden_vectors()) {
    SCOPED_TRACE(g.name);
    std::vector<Capability> caps;
    auto result = decode_capabilities(hex(g.wire), caps);
    ASSERT_TRUE(result.has_value()) << result.error().reason;
    ASSERT_EQ(caps.size(), 1U);
    EXPECT_EQ(caps[0], g.value);
  }
}

TEST(Capabilities, GoldenVectorsEncode) {
  for (const auto& g : golden_vectors()) {
    SCOPED_TRACE(g.name);
    EXPECT_EQ(encoded(g.value), canonical(g.wire));
  }
}

TEST(Capabilities, DecodesARunOfCapabilitiesInOrderAndAppends) {
  std::vector<Capability> caps{RouteRefreshCapability{}};
  auto result = decode_capabilities(hex("01 04 0001 00 01  41 04 0000fde8  46 00"), caps);
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(caps.size(), 4U);
  EXPECT_EQ(caps[0], Capability{RouteRefreshCapability{}});
  EXPECT_EQ(caps[1], Capability{MultiprotocolCapability{kIpv4Unicast}});
  EXPECT_EQ(caps[2], Capability{FourOctetAsCapability{65000}});
  EXPECT_EQ(caps[3], Capability{EnhancedRouteRefreshCapability{}});
}

TEST(Capabilities, EmptyParameterHoldsNoCapabilities) {
  std::vector<Capability> caps;
  ASSERT_TRUE(decode_capabilities({}, caps).has_value());
  EXPECT_TRUE(caps.empty());
}

TEST(Capabilities, IgnoresMultiprotocolReservedOctet) {
  std::vector<Capability> caps;
  ASSERT_TRUE(decode_capabilities(hex("01 04 0002 ff 01"), caps).has_value());
  ASSERT_EQ(caps.size(), 1U);
  EXPECT_EQ(caps[0], Capability{MultiprotocolCapability{kIpv6Unicast}});
  EXPECT_EQ(encoded(caps[0]), "010400020001");
}

struct Malformed {
  const char* name;
  const char* wire;
  const char* reason_mentions;
};

TEST(Capabilities, RejectsMalformedValuesWithOpenMessageError) {
  const Malformed cases[] = {
      {"multiprotocol too short", "01 03 000100", "multiprotocol"},
      {"multiprotocol too long", "01 05 0001000100", "multiprotocol"},
      {"route refresh with a value", "02 01 00", "route refresh"},
      {"enhanced route refresh with a value", "46 01 00", "enhanced route refresh"},
      {"extended message with a value", "06 01 00", "extended message"},
      {"4-octet AS of two octets", "41 02 fde8", "4-octet AS"},
      {"graceful restart of one octet", "40 01 00", "graceful restart"},
      {"graceful restart with a partial family", "40 05 0000 000101", "graceful restart"},
      {"long-lived graceful restart of six octets", "47 06 000101800000", "long-lived"},
      {"ADD-PATH of three octets", "45 03 000101", "ADD-PATH"},
      {"ADD-PATH mode 0", "45 04 0001 01 00", "ADD-PATH"},
      {"ADD-PATH mode 4", "45 08 0001 01 01 0002 01 04", "ADD-PATH"},
      {"extended next hop of four octets", "05 04 00010001", "extended next hop"},
      {"FQDN hostname overruns", "49 03 05 6161", "FQDN"},
      {"FQDN without domain length", "49 03 02 6161", "FQDN"},
      {"FQDN with trailing octets", "49 05 01 61 01 62 ff", "FQDN"},
      {"FQDN empty value", "49 00", "FQDN"},
      {"role of zero octets", "09 00", "role"},
      {"role of two octets", "09 02 0303", "role"},
      {"capability header truncated", "01", "overruns"},
      {"capability value overruns", "01 04 0001", "overruns"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<Capability> caps;
    auto result = decode_capabilities(hex(c.wire), caps);
    ASSERT_FALSE(result.has_value());
    const DecodeError& e = result.error();
    EXPECT_EQ(e.code, ErrorCode::open_message);
    EXPECT_EQ(e.subcode, static_cast<std::uint8_t>(OpenSubcode::unspecific));
    EXPECT_EQ(e.action, ErrorAction::session_reset);
    EXPECT_TRUE(e.data.empty());
    EXPECT_NE(e.reason.find(c.reason_mentions), std::string_view::npos) << e.reason;
  }
}

TEST(Capabilities, LeavesOutputUntouchedOnError) {
  std::vector<Capability> caps{RouteRefreshCapability{}};
  ASSERT_FALSE(decode_capabilities(hex("01 04 0001 00 01  41 02 0000"), caps).has_value());
  EXPECT_EQ(caps, std::vector<Capability>{RouteRefreshCapability{}});
}

TEST(Capabilities, ReportsCapabilityCodes) {
  EXPECT_EQ(capability_code(MultiprotocolCapability{}), CapabilityCode::multiprotocol);
  EXPECT_EQ(capability_code(RouteRefreshCapability{}), CapabilityCode::route_refresh);
  EXPECT_EQ(capability_code(EnhancedRouteRefreshCapability{}),
            CapabilityCode::enhanced_route_refresh);
  EXPECT_EQ(capability_code(ExtendedMessageCapability{}), CapabilityCode::extended_message);
  EXPECT_EQ(capability_code(FourOctetAsCapability{}), CapabilityCode::four_octet_as);
  EXPECT_EQ(capability_code(GracefulRestartCapability{}), CapabilityCode::graceful_restart);
  EXPECT_EQ(capability_code(LongLivedGracefulRestartCapability{}),
            CapabilityCode::long_lived_graceful_restart);
  EXPECT_EQ(capability_code(AddPathCapability{}), CapabilityCode::add_path);
  EXPECT_EQ(capability_code(ExtendedNextHopCapability{}), CapabilityCode::extended_next_hop);
  EXPECT_EQ(capability_code(FqdnCapability{}), CapabilityCode::fqdn);
  EXPECT_EQ(capability_code(RoleCapability{}), CapabilityCode::role);
  EXPECT_EQ(capability_code(UnknownCapability{128, {}}), CapabilityCode::route_refresh_cisco);
  EXPECT_EQ(static_cast<int>(capability_code(UnknownCapability{200, {}})), 200);
}

TEST(Capabilities, EncodeMasksFieldsToTheirWireWidth) {
  // RFC 4724 §3: 12-bit restart time; RFC 9494 §3: 24-bit stale time.
  EXPECT_EQ(encoded(GracefulRestartCapability{false, false, 0xffff, {}}), "40020fff");
  EXPECT_EQ(encoded(LongLivedGracefulRestartCapability{{{kIpv4Unicast, false, 0x12345678}}}),
            "470700010100345678");
}

TEST(Capabilities, EncodeKeepsOverlongFqdnWithinOneValue) {
  const FqdnCapability big{std::string(300, 'h'), std::string(300, 'd')};
  Bytes out;
  Writer w(out);
  encode_capability(big, w);
  ASSERT_EQ(out.size(), 2U + 255U);
  EXPECT_EQ(out[1], std::byte{255});
  std::vector<Capability> caps;
  ASSERT_TRUE(decode_capabilities(out, caps).has_value());
  ASSERT_EQ(caps.size(), 1U);
  const auto& fqdn = std::get<FqdnCapability>(caps[0]);
  EXPECT_EQ(fqdn.hostname, std::string(253, 'h'));
  EXPECT_TRUE(fqdn.domain.empty());
}

TEST(Capabilities, EncodeDropsAddPathFamiliesThatDoNotFit) {
  AddPathCapability many;
  for (int i = 0; i < 70; ++i) {
    many.families.push_back({{static_cast<Afi>(i + 1), Safi::unicast}, AddPathMode::both});
  }
  Bytes out;
  Writer w(out);
  encode_capability(many, w);
  EXPECT_EQ(out.size(), 2U + 63U * 4U);
  std::vector<Capability> caps;
  ASSERT_TRUE(decode_capabilities(out, caps).has_value());
  EXPECT_EQ(std::get<AddPathCapability>(caps[0]).families.size(), 63U);
}

TEST(CapabilitySummary, FoldsEveryCapability) {
  const std::vector<Capability> caps{
      MultiprotocolCapability{kIpv4Unicast},
      MultiprotocolCapability{kIpv6Unicast},
      MultiprotocolCapability{kIpv4Unicast},  // repeated: merged
      EnhancedRouteRefreshCapability{},
      ExtendedMessageCapability{},
      FourOctetAsCapability{65001},
      FourOctetAsCapability{4200000001U},  // later duplicate wins
      GracefulRestartCapability{false, true, 90, {{kIpv4Unicast, true}}},
      LongLivedGracefulRestartCapability{{{kIpv6Unicast, false, 60}}},
      AddPathCapability{{{kIpv4Unicast, AddPathMode::receive}}},
      AddPathCapability{{{kIpv6Unicast, AddPathMode::send}, {kIpv4Unicast, AddPathMode::both}}},
      ExtendedNextHopCapability{{{Afi::ipv4, 1, Afi::ipv6}}},
      ExtendedNextHopCapability{{{Afi::ipv4, 1, Afi::ipv6}, {Afi::ipv4, 2, Afi::ipv6}}},
      FqdnCapability{"a", "b"},
      FqdnCapability{"rr1", ""},
      RoleCapability{BgpRole::provider},
      UnknownCapability{200, hex("01")},
  };
  const CapabilitySummary s = summarize(caps);
  EXPECT_EQ(s.multiprotocol, (std::vector<AfiSafi>{kIpv4Unicast, kIpv6Unicast}));
  EXPECT_FALSE(s.route_refresh);
  EXPECT_TRUE(s.enhanced_route_refresh);
  EXPECT_TRUE(s.extended_message);
  EXPECT_EQ(s.four_octet_as, 4200000001U);
  ASSERT_TRUE(s.graceful_restart.has_value());
  EXPECT_EQ(s.graceful_restart->restart_time, 90);
  EXPECT_TRUE(s.graceful_restart->notification);
  ASSERT_TRUE(s.long_lived_graceful_restart.has_value());
  EXPECT_EQ(s.long_lived_graceful_restart->families.at(0).stale_time, 60U);
  EXPECT_EQ(s.add_path, (std::vector<AddPathCapability::Family>{
                            {kIpv4Unicast, AddPathMode::both}, {kIpv6Unicast, AddPathMode::send}}));
  EXPECT_EQ(s.extended_next_hop.size(), 2U);
  EXPECT_EQ(s.fqdn, (FqdnCapability{"rr1", ""}));
  EXPECT_EQ(s.role, BgpRole::provider);
  ASSERT_EQ(s.unknown.size(), 1U);
  EXPECT_EQ(s.unknown[0].code, 200);
}

TEST(CapabilitySummary, TreatsCiscoRouteRefreshAsRouteRefresh) {
  EXPECT_TRUE(summarize({UnknownCapability{128, {}}}).route_refresh);
  EXPECT_TRUE(summarize({UnknownCapability{128, {}}}).unknown.empty());
  EXPECT_TRUE(summarize({RouteRefreshCapability{}}).route_refresh);
  EXPECT_FALSE(summarize({UnknownCapability{3, {}}}).route_refresh);
}

TEST(CapabilitySummary, EmptyListAnnouncesNothing) {
  const CapabilitySummary s = summarize({});
  EXPECT_TRUE(s.multiprotocol.empty());
  EXPECT_FALSE(s.route_refresh);
  EXPECT_FALSE(s.four_octet_as.has_value());
  EXPECT_FALSE(s.graceful_restart.has_value());
  EXPECT_FALSE(s.role.has_value());
}

}  // namespace
}  // namespace rr::wire
