// Shared helpers of the codec fuzz targets: the libFuzzer entry point declaration, the codec
// context a target derives from its first input byte, and invariant checks that abort.
//
// Every target in this folder is one translation unit defining LLVMFuzzerTestOneInput. It is
// linked either with libFuzzer (-Dfuzz=true, clang) or with replay_main.cpp, which feeds it the
// seed corpus; a broken invariant aborts the process in both cases, so the meson test fails and
// libFuzzer saves the input as a crash. Single-threaded; no state survives between inputs.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>

#include "rr/wire/bytes.hpp"
#include "rr/wire/context.hpp"
#include "rr/wire/error.hpp"
#include "rr/wire/header.hpp"
#include "rr/wire/notification.hpp"
#include "rr/wire/types.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fuzz {

// Aborts with a message naming the broken invariant; libFuzzer and ASan print the stack.
inline void check(bool holds, const char* invariant) {
  if (!holds) {
    std::fprintf(stderr, "fuzz invariant broken: %s\n", invariant);
    std::abort();
  }
}

inline rr::wire::ByteView as_view(const std::uint8_t* data, std::size_t size) {
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
  return {reinterpret_cast<const std::byte*>(data), size};
}

inline std::string_view as_string_view(rr::wire::ByteView bytes) {
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// The negotiated context is the first input byte, one capability per bit, so that the fuzzer
// explores every combination and a seed says which one it was written for:
//   bit 0  four_octet_as                   (RFC 6793)
//   bit 1  ADD-PATH for IPv4 unicast       (RFC 7911)
//   bit 2  ADD-PATH for IPv6 unicast       (RFC 7911)
//   bit 3  extended_message                (RFC 8654)
//   bit 4  extended next hop, IPv4 unicast (RFC 8950)
inline rr::wire::CodecContext context_from(std::uint8_t selector) {
  rr::wire::CodecContext ctx;
  ctx.four_octet_as = (selector & 0x01U) != 0;
  if ((selector & 0x02U) != 0) ctx.add_path.insert(rr::wire::kIpv4Unicast);
  if ((selector & 0x04U) != 0) ctx.add_path.insert(rr::wire::kIpv6Unicast);
  ctx.extended_message = (selector & 0x08U) != 0;
  if ((selector & 0x10U) != 0) ctx.extended_next_hop.insert(rr::wire::kIpv4Unicast);
  return ctx;
}

// Whether the codec may put this subcode in a NOTIFICATION it generates: the codes of error.hpp.
inline bool is_known_subcode(rr::wire::ErrorCode code, std::uint8_t subcode) {
  using rr::wire::ErrorCode;
  switch (code) {
    case ErrorCode::message_header:
      return subcode <= 3;
    case ErrorCode::open_message:
      return subcode <= 4 || subcode == 6 || subcode == 7 || subcode == 11;
    case ErrorCode::update_message:
      return subcode <= 6 || (subcode >= 8 && subcode <= 11);
    case ErrorCode::hold_timer_expired:
    case ErrorCode::send_hold_timer_expired:
      return subcode == 0;
    case ErrorCode::fsm:
      return subcode <= 3;
    case ErrorCode::cease:
      return subcode <= 10;
    case ErrorCode::route_refresh:
      return subcode <= 1;
  }
  return false;
}

// An error the codec produced: a defined code and subcode, a defined RFC 7606 action, a family
// when the action disables one, a reason for the logs, and a NOTIFICATION that carries it.
inline void check_error(const rr::wire::DecodeError& e) {
  using rr::wire::ErrorAction;
  const auto code = static_cast<std::uint8_t>(e.code);
  check(code >= 1 && code <= 8, "error code is a defined ErrorCode");
  check(
      static_cast<std::uint8_t>(e.action) <= static_cast<std::uint8_t>(ErrorAction::session_reset),
      "error action is a defined ErrorAction");
  check(is_known_subcode(e.code, e.subcode), "error subcode is defined for its code");
  check(e.action != ErrorAction::afi_safi_disable || e.afi_safi.has_value(),
        "afi_safi_disable names the family");
  check(!e.reason.empty(), "error has a reason");
  check(!rr::wire::to_string(e.code).empty(), "to_string(ErrorCode) is not empty");
  check(!rr::wire::subcode_name(e.code, e.subcode).empty(), "subcode_name is not empty");
  check(!rr::wire::to_string(e.action).empty(), "to_string(ErrorAction) is not empty");
  const auto notification = rr::wire::NotificationMessage::from(e);
  check(notification.code == e.code && notification.subcode == e.subcode &&
            notification.data == e.data,
        "NotificationMessage::from carries code, subcode and data");
}

// `encoded` is exactly one message of `type` with a consistent header.
inline void check_framed(rr::wire::ByteView encoded, rr::wire::MessageType type,
                         const rr::wire::CodecContext& ctx) {
  const auto header = rr::wire::peek_header(encoded, ctx);
  check(header.has_value() && header->has_value(), "re-encoded message has a valid header");
  check((*header)->length == encoded.size(), "header length is the encoded size");
  check((*header)->type == type, "header type is the message type");
}

// Bits past the prefix length are zero and the length fits the family (types.hpp: the decoder
// clears trailing bits).
inline void check_prefix(const rr::wire::Prefix& p, rr::wire::Afi afi) {
  check(p.afi == afi, "prefix has the family of its field");
  check(p.length <= rr::wire::Prefix::max_length(afi), "prefix length fits the family");
  for (std::size_t bit = p.length; bit < p.bytes.size() * 8; ++bit) {
    check((p.bytes[bit / 8] & (0x80U >> (bit % 8))) == 0, "bits past the prefix length are zero");
  }
}

// Strict UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
inline bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    unsigned lo = 0x80;
    unsigned hi = 0xBF;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (s.size() - i <= extra) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      const unsigned min = k == 1 ? lo : 0x80U;
      const unsigned max = k == 1 ? hi : 0xBFU;
      if (cc < min || cc > max) return false;
    }
    i += extra + 1;
  }
  return true;
}

}  // namespace fuzz
