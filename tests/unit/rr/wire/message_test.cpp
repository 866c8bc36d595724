// decode_message / encode / message_type (RFC 4271 §4): dispatch by type in both directions, the
// framing check, and one table of malformed whole messages across every decoder with the expected
// NOTIFICATION code, subcode, data and RFC 7606 action.
#include "rr/wire/message.hpp"

#include <cstdio>
#include <string>
#include <string_view>
#include <variant>

#include <gtest/gtest.h>

namespace rr::wire {
namespace {

constexpr std::string_view kMarker = "ffffffffffffffffffffffffffffffff";

Bytes hex(std::string_view text) {
  auto bytes = from_hex(text);
  EXPECT_TRUE(bytes.has_value()) << "bad hex in test: " << text;
  return bytes.value_or(Bytes{});
}

// A whole message of `type` around `body_hex`, framed here rather than by the library.
std::string framed(std::uint8_t type, std::string_view body_hex) {
  const std::size_t length = hex(body_hex).size() + kHeaderSize;
  char field[7];
  std::snprintf(field, sizeof field, "%04zx%02x", length, static_cast<unsigned>(type));
  return std::string(kMarker) + field + to_hex(hex(body_hex));
}

struct Golden {
  const char* name;
  std::string wire;
  MessageType type;
};

std::vector<Golden> golden_vectors() {
  const std::string m(kMarker);
  return {
      {"KEEPALIVE", m + "0013 04", MessageType::keepalive},
      {"OPEN", m + "0029 01 04 fde8 00b4 0a000001 0c 02 0a 41 04 0000fde8 02 00 46 00",
       MessageType::open},
      {"NOTIFICATION", m + "0017 03 06 02 01 21", MessageType::notification},
      {"ROUTE-REFRESH", m + "0017 05 0002 01 01", MessageType::route_refresh},
      {"UPDATE End-of-RIB ipv4-unicast", m + "0017 02 0000 0000", MessageType::update},
  };
}

TEST(Message, DecodesAndReencodesEveryType) {
  for (const auto& g : golden_vectors()) {
    SCOPED_TRACE(g.name);
    const Bytes wire = hex(g.wire);
    auto msg = decode_message(wire, CodecContext{});
    ASSERT_TRUE(msg.has_value()) << msg.error().reason;
    EXPECT_EQ(message_type(*msg), g.type);
    Bytes out = hex("cafe");  // encode appends
    auto result = encode(*msg, CodecContext{}, out);
    ASSERT_TRUE(result.has_value()) << result.error().reason;
    EXPECT_EQ(to_hex(out), "cafe" + to_hex(wire));
  }
}

TEST(Message, DispatchesToTheRightDecoder) {
  auto open = decode_message(hex(golden_vectors()[1].wire), CodecContext{});
  ASSERT_TRUE(open.has_value());
  ASSERT_TRUE(std::holds_alternative<OpenMessage>(*open));
  EXPECT_EQ(std::get<OpenMessage>(*open).asn(), 65000U);
  EXPECT_EQ(std::get<OpenMessage>(*open).capabilities.size(), 3U);

  auto notification = decode_message(hex(golden_vectors()[2].wire), CodecContext{});
  ASSERT_TRUE(notification.has_value());
  ASSERT_TRUE(std::holds_alternative<NotificationMessage>(*notification));
  EXPECT_EQ(std::get<NotificationMessage>(*notification).shutdown_communication(), "!");

  auto refresh = decode_message(hex(golden_vectors()[3].wire), CodecContext{});
  ASSERT_TRUE(refresh.has_value());
  ASSERT_TRUE(std::holds_alternative<RouteRefreshMessage>(*refresh));
  EXPECT_EQ(std::get<RouteRefreshMessage>(*refresh),
            (RouteRefreshMessage{kIpv6Unicast, RouteRefreshSubtype::begin_of_rib}));

  auto update = decode_message(hex(golden_vectors()[4].wire), CodecContext{});
  ASSERT_TRUE(update.has_value());
  ASSERT_TRUE(std::holds_alternative<UpdateMessage>(*update));
  EXPECT_EQ(std::get<UpdateMessage>(*update).end_of_rib(), kIpv4Unicast);
}

TEST(Message, ReportsMessageType) {
  EXPECT_EQ(message_type(OpenMessage{}), MessageType::open);
  EXPECT_EQ(message_type(UpdateMessage{}), MessageType::update);
  EXPECT_EQ(message_type(NotificationMessage{}), MessageType::notification);
  EXPECT_EQ(message_type(KeepaliveMessage{}), MessageType::keepalive);
  EXPECT_EQ(message_type(RouteRefreshMessage{}), MessageType::route_refresh);
}

TEST(Message, EncodeRefusesAnOpenLongerThan4096Octets) {
  // RFC 8654 §4: the extended message size never applies to OPEN.
  OpenMessage open;
  open.my_as = 65000;
  open.hold_time = 90;
  open.bgp_identifier = Ipv4Address{1};
  open.one_parameter_per_capability = true;
  for (int i = 0; i < 20; ++i)
    open.capabilities.emplace_back(UnknownCapability{200, Bytes(250)});
  CodecContext ctx;
  ctx.extended_message = true;
  Bytes out = hex("01");
  auto result = encode(Message{open}, ctx, out);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(to_hex(out), "01") << "nothing is appended on failure";
  // Slightly fewer capabilities fit.
  open.capabilities.resize(15);
  EXPECT_TRUE(encode(Message{open}, ctx, out).has_value());
  EXPECT_GT(out.size(), 3000U);
}

struct Malformed {
  const char* name;
  std::string wire;
  ErrorCode code;
  std::uint8_t subcode;
  std::string data;
  ErrorAction action;
};

TEST(Message, RejectsMalformedMessages) {
  const std::string m(kMarker);
  const auto header = [](HeaderSubcode s) { return static_cast<std::uint8_t>(s); };
  const auto open = [](OpenSubcode s) { return static_cast<std::uint8_t>(s); };
  const auto reset = ErrorAction::session_reset;
  const std::string rr_long = framed(5, "0001 00 01 00");
  const Malformed cases[] = {
      // Header (RFC 4271 §6.1).
      {"marker not all ones", "fffffffffffffffffffffffffffffffe 0013 04", ErrorCode::message_header,
       header(HeaderSubcode::connection_not_synchronized), "", reset},
      {"shorter than a header", m + "0013", ErrorCode::message_header,
       header(HeaderSubcode::bad_message_length), "", reset},
      {"length below 19", m + "0010 04", ErrorCode::message_header,
       header(HeaderSubcode::bad_message_length), "0010", reset},
      {"length above 4096", m + "1001 02", ErrorCode::message_header,
       header(HeaderSubcode::bad_message_length), "1001", reset},
      {"unknown type", m + "0013 07", ErrorCode::message_header,
       header(HeaderSubcode::bad_message_type), "07", reset},
      {"KEEPALIVE with a body", m + "0014 04 00", ErrorCode::message_header,
       header(HeaderSubcode::bad_message_length), "0014", reset},
      {"OPEN below minimum", framed(1, "04 fde8 00b4 0a000001"), ErrorCode::message_header,
       header(HeaderSubcode::bad_message_length), "001c", reset},
      {"NOTIFICATION below minimum", framed(3, "06"), ErrorCode::message_header,
       header(HeaderSubcode::bad_message_length), "0014", reset},
      {"UPDATE below minimum", framed(2, "0000"), ErrorCode::message_header,
       header(HeaderSubcode::bad_message_length), "0015", reset},
      {"more octets than the header says", m + "0013 04 00", ErrorCode::message_header,
       header(HeaderSubcode::bad_message_length), "0013", reset},
      {"fewer octets than the header says", m + "0017 05 0001 00", ErrorCode::message_header,
       header(HeaderSubcode::bad_message_length), "0017", reset},
      // OPEN (RFC 4271 §6.2, RFC 5492).
      {"OPEN version 3", framed(1, "03 fde8 00b4 0a000001 00"), ErrorCode::open_message,
       open(OpenSubcode::unsupported_version_number), "0004", reset},
      {"OPEN hold time 1", framed(1, "04 fde8 0001 0a000001 00"), ErrorCode::open_message,
       open(OpenSubcode::unacceptable_hold_time), "", reset},
      {"OPEN hold time 2", framed(1, "04 fde8 0002 0a000001 00"), ErrorCode::open_message,
       open(OpenSubcode::unacceptable_hold_time), "", reset},
      {"OPEN identifier 0", framed(1, "04 fde8 00b4 00000000 00"), ErrorCode::open_message,
       open(OpenSubcode::bad_bgp_identifier), "", reset},
      {"OPEN unsupported parameter", framed(1, "04 fde8 00b4 0a000001 03 05 01 00"),
       ErrorCode::open_message, open(OpenSubcode::unsupported_optional_parameter), "", reset},
      {"OPEN parameters length mismatch", framed(1, "04 fde8 00b4 0a000001 09 02 02 0200"),
       ErrorCode::open_message, open(OpenSubcode::unspecific), "", reset},
      // Capabilities (RFC 5492 §3: OPEN Message Error, subcode unspecific).
      {"multiprotocol of 3 octets", framed(1, "04 fde8 00b4 0a000001 07 02 05 01 03 000100"),
       ErrorCode::open_message, open(OpenSubcode::unspecific), "", reset},
      {"4-octet AS of 2 octets", framed(1, "04 fde8 00b4 0a000001 06 02 04 41 02 fde8"),
       ErrorCode::open_message, open(OpenSubcode::unspecific), "", reset},
      {"graceful restart of 3 octets", framed(1, "04 fde8 00b4 0a000001 07 02 05 40 03 000000"),
       ErrorCode::open_message, open(OpenSubcode::unspecific), "", reset},
      {"ADD-PATH mode 0", framed(1, "04 fde8 00b4 0a000001 08 02 06 45 04 0001 01 00"),
       ErrorCode::open_message, open(OpenSubcode::unspecific), "", reset},
      {"role of 2 octets", framed(1, "04 fde8 00b4 0a000001 06 02 04 09 02 0000"),
       ErrorCode::open_message, open(OpenSubcode::unspecific), "", reset},
      // ROUTE-REFRESH (RFC 7313 §5).
      {"ROUTE-REFRESH of 24 octets", rr_long, ErrorCode::route_refresh,
       static_cast<std::uint8_t>(RouteRefreshSubcode::invalid_message_length), to_hex(hex(rr_long)),
       reset},
      {"ROUTE-REFRESH reserved subtype", framed(5, "0001 07 01"), ErrorCode::route_refresh,
       static_cast<std::uint8_t>(RouteRefreshSubcode::unspecific), "", ErrorAction::none},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto msg = decode_message(hex(c.wire), CodecContext{});
    ASSERT_FALSE(msg.has_value());
    const DecodeError& e = msg.error();
    EXPECT_EQ(e.code, c.code);
    EXPECT_EQ(e.subcode, c.subcode);
    EXPECT_EQ(to_hex(e.data), c.data);
    EXPECT_EQ(e.action, c.action);
    EXPECT_FALSE(e.reason.empty());
  }
}

TEST(Message, AcceptsExtendedLengthWhenNegotiated) {
  CodecContext ctx;
  ctx.extended_message = true;
  // A 5000-octet NOTIFICATION: only framing is of interest here.
  const std::string wire = framed(3, "06 00" + std::string(std::size_t{2} * (5000 - 21), '0'));
  auto msg = decode_message(hex(wire), ctx);
  ASSERT_TRUE(msg.has_value()) << msg.error().reason;
  EXPECT_EQ(std::get<NotificationMessage>(*msg).data.size(), 5000U - 21U);
  EXPECT_FALSE(decode_message(hex(wire), CodecContext{}).has_value());
}

}  // namespace
}  // namespace rr::wire
