// The message header (RFC 4271 §4.1, §6.1; RFC 8654): framing, the malformed-header table and
// the begin/finish helpers every encoder uses.
#include "rr/wire/header.hpp"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace rr::wire {
namespace {

constexpr std::string_view kMarker = "ffffffffffffffffffffffffffffffff";

Bytes hex(std::string_view text) {
  auto bytes = from_hex(text);
  EXPECT_TRUE(bytes.has_value()) << "bad hex in test: " << text;
  return bytes.value_or(Bytes{});
}

// A header (and optionally more) after the all-ones marker.
Bytes after_marker(std::string_view rest) {
  return hex(std::string(kMarker) + std::string(rest));
}

TEST(Header, WaitsForNineteenOctets) {
  const Bytes full = after_marker("0013 04");
  for (std::size_t n = 0; n < kHeaderSize; ++n) {
    auto h = peek_header(ByteView(full).first(n), CodecContext{});
    ASSERT_TRUE(h.has_value()) << n;
    EXPECT_FALSE(h->has_value()) << n;
  }
}

TEST(Header, ParsesKeepalive) {
  auto h = peek_header(after_marker("0013 04"), CodecContext{});
  ASSERT_TRUE(h.has_value());
  ASSERT_TRUE(h->has_value());
  EXPECT_EQ(**h, (Header{19, MessageType::keepalive}));
}

TEST(Header, ReportsLengthBeforeTheBodyArrives) {
  // Only the header of a 100-octet UPDATE is buffered: the caller learns how much to wait for.
  auto h = peek_header(after_marker("0064 02"), CodecContext{});
  ASSERT_TRUE(h.has_value());
  ASSERT_TRUE(h->has_value());
  EXPECT_EQ(**h, (Header{100, MessageType::update}));
}

TEST(Header, ParsesEveryTypeAtItsMinimumLength) {
  const struct {
    const char* header = nullptr;
    Header expected;
  } cases[] = {
      {"001d 01", {29, MessageType::open}},          {"0017 02", {23, MessageType::update}},
      {"0015 03", {21, MessageType::notification}},  {"0013 04", {19, MessageType::keepalive}},
      {"0017 05", {23, MessageType::route_refresh}}, {"1000 02", {4096, MessageType::update}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.header);
    auto h = peek_header(after_marker(c.header), CodecContext{});
    ASSERT_TRUE(h.has_value()) << h.error().reason;
    ASSERT_TRUE(h->has_value());
    EXPECT_EQ(**h, c.expected);
  }
}

TEST(Header, AcceptsExtendedLengthOnlyWhenNegotiated) {
  CodecContext extended;
  extended.extended_message = true;
  const Bytes big = after_marker("ffff 02");
  auto h = peek_header(big, extended);
  ASSERT_TRUE(h.has_value());
  ASSERT_TRUE(h->has_value());
  EXPECT_EQ((*h)->length, 65535);

  auto rejected = peek_header(big, CodecContext{});
  ASSERT_FALSE(rejected.has_value());
  EXPECT_EQ(rejected.error().subcode, static_cast<std::uint8_t>(HeaderSubcode::bad_message_length));
  EXPECT_EQ(to_hex(rejected.error().data), "ffff");
}

struct MalformedHeader {
  const char* name;
  std::string wire;
  bool extended_message;
  HeaderSubcode subcode;
  const char* data;
};

TEST(Header, RejectsMalformedHeaders) {
  const MalformedHeader cases[] = {
      {"marker with a zero octet", "ffffffffffffffffffffffffffff00ff 0013 04", false,
       HeaderSubcode::connection_not_synchronized, ""},
      {"all-zero marker", "00000000000000000000000000000000 0013 04", false,
       HeaderSubcode::connection_not_synchronized, ""},
      {"bad marker wins over bad length", "7fffffffffffffffffffffffffffffff 0000 09", false,
       HeaderSubcode::connection_not_synchronized, ""},
      {"length 0", std::string(kMarker) + "0000 04", false, HeaderSubcode::bad_message_length,
       "0000"},
      {"length 18", std::string(kMarker) + "0012 04", false, HeaderSubcode::bad_message_length,
       "0012"},
      {"length 4097", std::string(kMarker) + "1001 02", false, HeaderSubcode::bad_message_length,
       "1001"},
      {"length 65535 unnegotiated", std::string(kMarker) + "ffff 02", false,
       HeaderSubcode::bad_message_length, "ffff"},
      {"bad length wins over bad type", std::string(kMarker) + "0012 09", false,
       HeaderSubcode::bad_message_length, "0012"},
      {"type 0", std::string(kMarker) + "0013 00", false, HeaderSubcode::bad_message_type, "00"},
      {"type 6", std::string(kMarker) + "0017 06", false, HeaderSubcode::bad_message_type, "06"},
      {"type 255", std::string(kMarker) + "0017 ff", true, HeaderSubcode::bad_message_type, "ff"},
      {"OPEN of 28", std::string(kMarker) + "001c 01", false, HeaderSubcode::bad_message_length,
       "001c"},
      {"UPDATE of 22", std::string(kMarker) + "0016 02", false, HeaderSubcode::bad_message_length,
       "0016"},
      {"NOTIFICATION of 20", std::string(kMarker) + "0014 03", false,
       HeaderSubcode::bad_message_length, "0014"},
      {"KEEPALIVE of 20", std::string(kMarker) + "0014 04", false,
       HeaderSubcode::bad_message_length, "0014"},
      {"KEEPALIVE of 4096", std::string(kMarker) + "1000 04", false,
       HeaderSubcode::bad_message_length, "1000"},
      {"ROUTE-REFRESH of 22", std::string(kMarker) + "0016 05", false,
       HeaderSubcode::bad_message_length, "0016"},
      {"ROUTE-REFRESH of 19", std::string(kMarker) + "0013 05", false,
       HeaderSubcode::bad_message_length, "0013"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    CodecContext ctx;
    ctx.extended_message = c.extended_message;
    auto h = peek_header(hex(c.wire), ctx);
    ASSERT_FALSE(h.has_value());
    EXPECT_EQ(h.error().code, ErrorCode::message_header);
    EXPECT_EQ(h.error().subcode, static_cast<std::uint8_t>(c.subcode));
    EXPECT_EQ(to_hex(h.error().data), c.data);
    EXPECT_EQ(h.error().action, ErrorAction::session_reset);
    EXPECT_FALSE(h.error().reason.empty());
  }
}

TEST(Header, LongerRouteRefreshIsLeftToItsDecoder) {
  // RFC 7313 §5 makes this a ROUTE-REFRESH Message Error, not a header error.
  auto h = peek_header(after_marker("0018 05"), CodecContext{});
  ASSERT_TRUE(h.has_value());
  ASSERT_TRUE(h->has_value());
  EXPECT_EQ((*h)->length, 24);
}

TEST(Header, NamesMessageTypes) {
  EXPECT_EQ(to_string(MessageType::open), "OPEN");
  EXPECT_EQ(to_string(MessageType::update), "UPDATE");
  EXPECT_EQ(to_string(MessageType::notification), "NOTIFICATION");
  EXPECT_EQ(to_string(MessageType::keepalive), "KEEPALIVE");
  EXPECT_EQ(to_string(MessageType::route_refresh), "ROUTE-REFRESH");
  EXPECT_FALSE(to_string(static_cast<MessageType>(9)).empty());
}

TEST(Header, BeginAndFinishFrameAMessageAfterExistingBytes) {
  Bytes out = hex("aabb");
  const std::size_t offset = begin_message(out, MessageType::route_refresh);
  EXPECT_EQ(offset, 2U);
  EXPECT_EQ(to_hex(out), "aabb" + std::string(kMarker) + "000005");
  Writer w(out);
  w.u32(0x00010001);
  finish_message(out, offset);
  EXPECT_EQ(to_hex(out), "aabb" + std::string(kMarker) + "00170500010001");
  // The framed message reads back.
  auto h = peek_header(ByteView(out).subspan(offset), CodecContext{});
  ASSERT_TRUE(h.has_value());
  ASSERT_TRUE(h->has_value());
  EXPECT_EQ(**h, (Header{23, MessageType::route_refresh}));
}

}  // namespace
}  // namespace rr::wire
