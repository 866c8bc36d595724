#include "rr/wire/bytes.hpp"

#include <gtest/gtest.h>

namespace rr::wire {
namespace {

TEST(Hex, RoundTripsAndIgnoresWhitespace) {
  auto bytes = from_hex("00 ff\n10\tAb");
  ASSERT_TRUE(bytes);
  ASSERT_EQ(bytes->size(), 4U);
  EXPECT_EQ((*bytes)[1], std::byte{0xff});
  EXPECT_EQ(to_hex(*bytes), "00ff10ab");
}

TEST(Hex, RejectsOddDigitsAndNonHex) {
  EXPECT_FALSE(from_hex("abc"));
  EXPECT_FALSE(from_hex("zz"));
}

TEST(Reader, ReadsBigEndianAndStopsAtEnd) {
  auto bytes = *from_hex("0102 03040506 07");
  Reader r(bytes);
  std::uint16_t a = 0;
  std::uint32_t b = 0;
  std::uint8_t c = 0;
  ASSERT_TRUE(r.u16(a));
  ASSERT_TRUE(r.u32(b));
  ASSERT_TRUE(r.u8(c));
  EXPECT_EQ(a, 0x0102);
  EXPECT_EQ(b, 0x03040506U);
  EXPECT_EQ(c, 7);
  EXPECT_TRUE(r.empty());
  EXPECT_FALSE(r.u8(c));
  EXPECT_EQ(c, 7) << "a failed read leaves the output untouched";
}

TEST(Reader, RefusesToOverrun) {
  auto bytes = *from_hex("010203");
  Reader r(bytes);
  std::uint32_t v = 0;
  EXPECT_FALSE(r.u32(v));
  EXPECT_EQ(r.remaining(), 3U) << "a failed read consumes nothing";
  ByteView span;
  EXPECT_FALSE(r.take(4, span));
  EXPECT_TRUE(r.take(3, span));
  EXPECT_EQ(span.size(), 3U);
  EXPECT_FALSE(r.skip(1));
}

TEST(Writer, WritesBigEndianAndPatches) {
  Bytes out;
  Writer w(out);
  w.u8(1);
  w.u16(0x0203);
  w.u32(0x04050607);
  w.patch_u16(1, 0xaabb);
  EXPECT_EQ(to_hex(out), "01aabb04050607");
}

}  // namespace
}  // namespace rr::wire
