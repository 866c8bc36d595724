// Helpers shared by the UPDATE codec tests: hex in and out, whole-message framing of an UPDATE
// body, and short builders for prefixes and NLRI.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "rr/wire/bytes.hpp"
#include "rr/wire/context.hpp"
#include "rr/wire/types.hpp"

namespace rr::wire::test {

// Octets from hex; an invalid literal is a bug in the test itself.
inline Bytes hex(std::string_view text) {
  auto bytes = from_hex(text);
  EXPECT_TRUE(bytes.has_value()) << "bad hex literal: " << text;
  return bytes.value_or(Bytes{});
}

// Strips whitespace so that golden vectors can be written in readable groups.
inline std::string compact(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\t') out += c;
  }
  return out;
}

// A whole UPDATE (header included) around a body given in hex.
inline std::string message_hex(std::string_view body_hex) {
  const std::string body = compact(body_hex);
  const std::size_t length = kHeaderSize + (body.size() / 2);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(32, 'f');
  out += kDigits[(length >> 12U) & 0xfU];
  out += kDigits[(length >> 8U) & 0xfU];
  out += kDigits[(length >> 4U) & 0xfU];
  out += kDigits[length & 0xfU];
  out += "02";
  return out + body;
}

inline Prefix pfx(std::string_view text) {
  auto p = Prefix::parse(text);
  EXPECT_TRUE(p.has_value()) << "bad prefix literal: " << text;
  return p.value_or(Prefix{});
}

inline Nlri nlri(std::string_view text, std::uint32_t path_id = 0) {
  return Nlri{pfx(text), path_id};
}

inline Ipv4Address v4(std::string_view text) {
  auto a = Ipv4Address::parse(text);
  EXPECT_TRUE(a.has_value()) << "bad address literal: " << text;
  return a.value_or(Ipv4Address{});
}

inline Ipv6Address v6(std::string_view text) {
  auto a = Ipv6Address::parse(text);
  EXPECT_TRUE(a.has_value()) << "bad address literal: " << text;
  return a.value_or(Ipv6Address{});
}

inline CodecContext four_octet() {
  return CodecContext{};
}

inline CodecContext two_octet() {
  CodecContext ctx;
  ctx.four_octet_as = false;
  return ctx;
}

}  // namespace rr::wire::test
