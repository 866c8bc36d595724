// ROUTE-REFRESH (RFC 2918 §3, RFC 7313 §3.2, §5): golden vectors for the three subtypes in both
// directions, the Invalid Message Length error carrying the whole message, and reserved subtypes.
#include "rr/wire/route_refresh.hpp"

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

struct Golden {
  const char* name;
  std::string message;
  RouteRefreshMessage value;
};

std::vector<Golden> golden_vectors() {
  const std::string m(kMarker);
  return {
      {"normal request, ipv4 unicast",
       m + "0017 05 0001 00 01",
       {kIpv4Unicast, RouteRefreshSubtype::request}},
      {"BoRR, ipv6 unicast",
       m + "0017 05 0002 01 01",
       {kIpv6Unicast, RouteRefreshSubtype::begin_of_rib}},
      {"EoRR, ipv6 unicast",
       m + "0017 05 0002 02 01",
       {kIpv6Unicast, RouteRefreshSubtype::end_of_rib}},
      {"normal request, l2vpn evpn",
       m + "0017 05 0019 00 46",
       {{Afi::l2vpn, Safi::evpn}, RouteRefreshSubtype::request}},
  };
}

TEST(RouteRefreshMessage, GoldenVectorsDecode) {
  for (const auto& g : golden_vectors()) {
    SCOPED_TRACE(g.name);
    const Bytes whole = hex(g.message);
    auto m = decode_route_refresh(ByteView(whole).subspan(kHeaderSize));
    ASSERT_TRUE(m.has_value()) << m.error().reason;
    EXPECT_EQ(*m, g.value);
  }
}

TEST(RouteRefreshMessage, GoldenVectorsEncode) {
  for (const auto& g : golden_vectors()) {
    SCOPED_TRACE(g.name);
    Bytes out;
    encode(g.value, out);
    EXPECT_EQ(to_hex(out), to_hex(hex(g.message)));
  }
}

TEST(RouteRefreshMessage, RejectsWrongLengthWithTheWholeMessageAsData) {
  const struct {
    const char* name;
    const char* body;
    const char* length;
  } cases[] = {
      {"one octet long", "0001 00 01 00", "0018"},
      {"one octet short", "0001 00", "0016"},
      {"empty", "", "0013"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto m = decode_route_refresh(hex(c.body));
    ASSERT_FALSE(m.has_value());
    const DecodeError& e = m.error();
    EXPECT_EQ(e.code, ErrorCode::route_refresh);
    EXPECT_EQ(e.subcode, static_cast<std::uint8_t>(RouteRefreshSubcode::invalid_message_length));
    EXPECT_EQ(e.action, ErrorAction::session_reset);
    EXPECT_EQ(to_hex(e.data), to_hex(hex(std::string(kMarker) + c.length + "05" + c.body)));
  }
}

TEST(RouteRefreshMessage, IgnoresReservedSubtypes) {
  for (const char* body : {"0001 03 01", "0002 ff 01"}) {
    SCOPED_TRACE(body);
    auto m = decode_route_refresh(hex(body));
    ASSERT_FALSE(m.has_value());
    const DecodeError& e = m.error();
    // RFC 7313 §5: ignore the message, no NOTIFICATION.
    EXPECT_EQ(e.action, ErrorAction::none);
    EXPECT_EQ(e.code, ErrorCode::route_refresh);
    EXPECT_NE(e.reason.find("ignored"), std::string_view::npos) << e.reason;
    ASSERT_TRUE(e.afi_safi.has_value());
    EXPECT_EQ(e.afi_safi->afi, static_cast<Afi>(hex(body)[1]));
  }
}

}  // namespace
}  // namespace rr::wire
