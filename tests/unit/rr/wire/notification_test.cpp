// NOTIFICATION (RFC 4271 §4.5) and KEEPALIVE (§4.4): golden vectors for each error code with a
// typed subcode, the RFC 8203 / RFC 9003 shutdown communication (valid, invalid UTF-8, too
// long), and describe().
#include "rr/wire/notification.hpp"

#include <cstdio>
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

// A whole NOTIFICATION around `body_hex`, framed here rather than by the library.
std::string notification_hex(std::string_view body_hex) {
  const std::size_t length = hex(body_hex).size() + kHeaderSize;
  char field[5];
  std::snprintf(field, sizeof field, "%04zx", length);
  return std::string(kMarker) + field + "03" + to_hex(hex(body_hex));
}

std::string encoded(const NotificationMessage& msg) {
  Bytes out;
  encode(msg, out);
  return to_hex(out);
}

Bytes text_bytes(std::string_view text) {
  Bytes out;
  for (char c : text)
    out.push_back(static_cast<std::byte>(c));
  return out;
}

struct Golden {
  const char* name;
  std::string body;
  NotificationMessage value;
};

std::vector<Golden> golden_vectors() {
  return {
      {"header / bad message length", "01 02 0012",
       NotificationMessage::make(HeaderSubcode::bad_message_length, hex("0012"))},
      {"header / connection not synchronized", "01 01",
       NotificationMessage::make(HeaderSubcode::connection_not_synchronized)},
      {"header / bad message type", "01 03 07",
       NotificationMessage::make(HeaderSubcode::bad_message_type, hex("07"))},
      {"open / unsupported version", "02 01 0004",
       NotificationMessage::make(OpenSubcode::unsupported_version_number, hex("0004"))},
      {"open / unacceptable hold time", "02 06",
       NotificationMessage::make(OpenSubcode::unacceptable_hold_time)},
      {"open / unsupported capability", "02 07 45 04 0001 01 03",
       NotificationMessage::make(OpenSubcode::unsupported_capability, hex("45 04 0001 01 03"))},
      {"open / role mismatch", "02 0b", NotificationMessage::make(OpenSubcode::role_mismatch)},
      {"update / malformed AS_PATH", "03 0b",
       NotificationMessage::make(UpdateSubcode::malformed_as_path)},
      {"update / attribute flags error", "03 04 80 01 01 00",
       NotificationMessage::make(UpdateSubcode::attribute_flags_error, hex("80 01 01 00"))},
      {"hold timer expired", "04 00", NotificationMessage::hold_timer_expired()},
      {"fsm / unexpected message in OpenConfirm", "05 02",
       NotificationMessage::make(FsmSubcode::unexpected_message_in_open_confirm)},
      {"cease / maximum prefixes (RFC 4486 data)", "06 01 0001 01 00000064",
       NotificationMessage::make(CeaseSubcode::maximum_prefixes_reached, hex("0001 01 00000064"))},
      {"cease / peer deconfigured", "06 03",
       NotificationMessage::make(CeaseSubcode::peer_deconfigured)},
      {"cease / hard reset", "06 09 06 04",
       NotificationMessage::make(CeaseSubcode::hard_reset, hex("06 04"))},
      {"cease / administrative shutdown with communication", "06 02 0b 6d61696e74656e616e6365",
       NotificationMessage::shutdown(CeaseSubcode::administrative_shutdown, "maintenance")},
      {"route refresh / invalid message length",
       "07 01 " + std::string(kMarker) + "0018 05 0001000100",
       NotificationMessage::make(RouteRefreshSubcode::invalid_message_length,
                                 hex(std::string(kMarker) + "0018 05 0001000100"))},
      {"send hold timer expired", "08 00", NotificationMessage::send_hold_timer_expired()},
      {"unknown code kept", "2a 05 aabb",
       NotificationMessage{static_cast<ErrorCode>(42), 5, hex("aabb")}},
  };
}

TEST(NotificationMessage, GoldenVectorsDecode) {
  for (const auto& g : golden_vectors()) {
    SCOPED_TRACE(g.name);
    auto m = decode_notification(hex(g.body));
    ASSERT_TRUE(m.has_value()) << m.error().reason;
    EXPECT_EQ(*m, g.value);
  }
}

TEST(NotificationMessage, GoldenVectorsEncode) {
  for (const auto& g : golden_vectors()) {
    SCOPED_TRACE(g.name);
    EXPECT_EQ(encoded(g.value), notification_hex(g.body));
  }
}

TEST(NotificationMessage, EncodesWholeMessage) {
  EXPECT_EQ(encoded(NotificationMessage::make(OpenSubcode::bad_bgp_identifier)),
            std::string(kMarker) + "0015030203");
}

TEST(NotificationMessage, TypedConstructorsSetTheCode) {
  EXPECT_EQ(NotificationMessage::make(HeaderSubcode::bad_message_type).code,
            ErrorCode::message_header);
  EXPECT_EQ(NotificationMessage::make(OpenSubcode::bad_peer_as).code, ErrorCode::open_message);
  EXPECT_EQ(NotificationMessage::make(UpdateSubcode::invalid_origin_attribute).code,
            ErrorCode::update_message);
  EXPECT_EQ(NotificationMessage::make(FsmSubcode::unspecified).code, ErrorCode::fsm);
  EXPECT_EQ(NotificationMessage::make(CeaseSubcode::bfd_down).code, ErrorCode::cease);
  EXPECT_EQ(NotificationMessage::make(CeaseSubcode::bfd_down).subcode, 10);
  EXPECT_EQ(NotificationMessage::make(RouteRefreshSubcode::invalid_message_length).code,
            ErrorCode::route_refresh);
  EXPECT_EQ(NotificationMessage::hold_timer_expired().code, ErrorCode::hold_timer_expired);
  EXPECT_EQ(NotificationMessage::send_hold_timer_expired().code,
            ErrorCode::send_hold_timer_expired);
}

TEST(NotificationMessage, FromDecodeErrorCopiesCodeSubcodeAndData) {
  DecodeError e = open_error(OpenSubcode::unsupported_version_number, "v3", hex("0004"));
  const NotificationMessage n = NotificationMessage::from(e);
  EXPECT_EQ(n.code, ErrorCode::open_message);
  EXPECT_EQ(n.subcode, 1);
  EXPECT_EQ(to_hex(n.data), "0004");
}

TEST(NotificationMessage, RejectsBodyShorterThanTwoOctets) {
  for (const char* body : {"", "06"}) {
    SCOPED_TRACE(body);
    auto m = decode_notification(hex(body));
    ASSERT_FALSE(m.has_value());
    EXPECT_EQ(m.error().code, ErrorCode::message_header);
    EXPECT_EQ(m.error().subcode, static_cast<std::uint8_t>(HeaderSubcode::bad_message_length));
    EXPECT_EQ(m.error().action, ErrorAction::session_reset);
    EXPECT_EQ(m.error().data, hex(std::string(body).empty() ? "0013" : "0014"));
  }
}

TEST(ShutdownCommunication, ReadsValidUtf8) {
  auto m = decode_notification(hex("06 04 0c 57617274756e6720c3bc6272"));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->shutdown_communication(),
            "Wartung \xc3\xbc"
            "br");
}

TEST(ShutdownCommunication, ZeroLengthIsAnEmptyCommunication) {
  auto m = decode_notification(hex("06 02 00"));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->shutdown_communication(), "");
}

TEST(ShutdownCommunication, RejectsMalformedData) {
  const struct {
    const char* name;
    const char* body;
  } cases[] = {
      {"invalid octet ff", "06 02 03 61ff62"},
      {"lone continuation octet", "06 02 02 6180"},
      {"truncated two-octet character", "06 02 02 61c3"},
      {"overlong encoding of NUL", "06 02 02 c080"},
      {"overlong three-octet encoding", "06 02 03 e08080"},
      {"UTF-16 surrogate", "06 02 03 eda080"},
      {"code point past U+10FFFF", "06 02 04 f4908080"},
      {"length past the data", "06 02 05 6162"},
      {"length short of the data", "06 02 01 6162"},
      {"no data at all", "06 02"},
      {"not a shutdown subcode", "06 03 02 6162"},
      {"not a Cease", "02 02 02 6162"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto m = decode_notification(hex(c.body));
    ASSERT_TRUE(m.has_value()) << "the NOTIFICATION itself is well-formed";
    EXPECT_FALSE(m->shutdown_communication().has_value());
  }
}

TEST(ShutdownCommunication, AcceptsFourOctetCharacters) {
  auto m = decode_notification(hex("06 02 04 f09f9880"));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->shutdown_communication(), "\xf0\x9f\x98\x80");
}

TEST(ShutdownCommunication, InvalidUtf8StillRoundTripsBytewise) {
  const std::string body = "06 02 03 61ff62";
  auto m = decode_notification(hex(body));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(encoded(*m), notification_hex(body));
}

TEST(ShutdownCommunication, TruncatesTo255Octets) {
  const auto m =
      NotificationMessage::shutdown(CeaseSubcode::administrative_reset, std::string(300, 'a'));
  ASSERT_EQ(m.data.size(), 256U);
  EXPECT_EQ(m.data[0], std::byte{255});
  EXPECT_EQ(m.shutdown_communication(), std::string(255, 'a'));
}

TEST(ShutdownCommunication, TruncatesOnACharacterBoundary) {
  // 254 ASCII octets then a two-octet character that would end at octet 256.
  const auto m = NotificationMessage::shutdown(CeaseSubcode::administrative_shutdown,
                                               std::string(254, 'a') + "\xc3\xa9 tail");
  ASSERT_EQ(m.data.size(), 255U);
  EXPECT_EQ(m.data[0], std::byte{254});
  EXPECT_EQ(m.shutdown_communication(), std::string(254, 'a'));
}

TEST(ShutdownCommunication, KeepsACharacterEndingExactlyAtTheLimit) {
  const auto m = NotificationMessage::shutdown(CeaseSubcode::administrative_shutdown,
                                               std::string(253, 'a') + "\xc3\xa9");
  ASSERT_EQ(m.data.size(), 256U);
  EXPECT_EQ(m.shutdown_communication(), std::string(253, 'a') + "\xc3\xa9");
}

TEST(ShutdownCommunication, EncodesOnlyTheValidPrefixOfInvalidInput) {
  const auto m = NotificationMessage::shutdown(CeaseSubcode::administrative_shutdown, "ok\xff!");
  EXPECT_EQ(to_hex(m.data), "026f6b");
}

TEST(ShutdownCommunication, EmptyCommunicationSendsZeroLength) {
  const auto m = NotificationMessage::shutdown(CeaseSubcode::administrative_shutdown, "");
  EXPECT_EQ(m.code, ErrorCode::cease);
  EXPECT_EQ(m.subcode, 2);
  EXPECT_EQ(to_hex(m.data), "00");
  EXPECT_EQ(m.shutdown_communication(), "");
}

TEST(ShutdownCommunication, OtherCeaseSubcodesCarryNoCommunication) {
  const auto m = NotificationMessage::shutdown(CeaseSubcode::peer_deconfigured, "bye");
  EXPECT_EQ(m.subcode, 3);
  EXPECT_TRUE(m.data.empty());
}

TEST(ShutdownCommunication, DecodedFromEncodedShutdown) {
  const auto m = NotificationMessage::shutdown(CeaseSubcode::administrative_reset, "upgrade");
  Bytes out;
  encode(m, out);
  auto back = decode_notification(ByteView(out).subspan(kHeaderSize));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, m);
  EXPECT_EQ(back->shutdown_communication(), "upgrade");
  EXPECT_EQ(to_hex(back->data), "07" + to_hex(text_bytes("upgrade")));
}

TEST(NotificationMessage, DescribesWithCommunication) {
  EXPECT_EQ(NotificationMessage::shutdown(CeaseSubcode::administrative_shutdown, "maintenance")
                .describe(),
            "Cease / Administrative Shutdown: \"maintenance\"");
}

TEST(NotificationMessage, DescribesWithDataInHex) {
  EXPECT_EQ(
      NotificationMessage::make(OpenSubcode::unsupported_version_number, hex("0004")).describe(),
      "OPEN Message Error / Unsupported Version Number (data 0004)");
  EXPECT_EQ((NotificationMessage{ErrorCode::cease, 2, hex("03 61ff62")}.describe()),
            "Cease / Administrative Shutdown (data 0361ff62)");
}

TEST(NotificationMessage, DescribesWithoutData) {
  EXPECT_EQ(NotificationMessage::make(CeaseSubcode::peer_deconfigured).describe(),
            "Cease / Peer De-configured");
  EXPECT_EQ(NotificationMessage::make(UpdateSubcode::malformed_as_path).describe(),
            "UPDATE Message Error / Malformed AS_PATH");
}

TEST(NotificationMessage, DescribeNamesUnknownSubcodes) {
  const std::string text = (NotificationMessage{ErrorCode::cease, 77, {}}).describe();
  EXPECT_NE(text.find("Cease"), std::string::npos);
  EXPECT_NE(text.find("77"), std::string::npos);
}

TEST(NotificationMessage, EncodeCutsDataThatCannotFit) {
  NotificationMessage m = NotificationMessage::make(UpdateSubcode::unspecific);
  m.data.assign(70000, std::byte{0x11});
  Bytes out;
  encode(m, out);
  EXPECT_EQ(out.size(), kMaxExtendedMessageSize);
  EXPECT_EQ(to_hex(ByteView(out).subspan(16, 3)), "ffff03");
}

TEST(KeepaliveMessage, EncodesABareHeader) {
  Bytes out;
  encode(KeepaliveMessage{}, out);
  EXPECT_EQ(to_hex(out), std::string(kMarker) + "001304");
}

}  // namespace
}  // namespace rr::wire
