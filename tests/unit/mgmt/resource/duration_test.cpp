#include <chrono>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "mgmt/resource/codec.hpp"

namespace mgmt::resource {
namespace {

using std::chrono::milliseconds;

struct DurationVector {
  const char* text;
  std::optional<std::int64_t> ms;
};

const DurationVector kDurations[] = {
    {"0", 0},
    {"+0", 0},
    {"0s", 0},
    {"10s", 10'000},
    {"120s", 120'000},
    {"2m", 120'000},
    {"2m0s", 120'000},
    {"1h30m", 5'400'000},
    {"1.5s", 1'500},
    {".5s", 500},
    {"1.s", 1'000},
    {"500ms", 500},
    {"1500us", 1},
    {"1500\xC2\xB5s", 1},  // micro sign
    {"1500\xCE\xBCs", 1},  // Greek mu
    {"2000000ns", 2},
    {"1h1m1s1ms", 3'661'001},
    {"0.25h", 900'000},
    {"+5s", 5'000},
    {"2562047h", 2562047LL * 3'600'000},
    // Rejected.
    {"", std::nullopt},
    {"-5s", std::nullopt},
    {"-0", std::nullopt},
    {"5", std::nullopt},
    {"s", std::nullopt},
    {".s", std::nullopt},
    {"5x", std::nullopt},
    {"5 s", std::nullopt},
    {"5s ", std::nullopt},
    {"1m5", std::nullopt},
    {"5d", std::nullopt},
    {"9999999999h", std::nullopt},
    {"2562048h", std::nullopt},
};

class DurationVectors : public ::testing::TestWithParam<DurationVector> {};

TEST_P(DurationVectors, ParsesLikeGo) {
  const auto& v = GetParam();
  const auto result = parse_duration(v.text);
  if (v.ms) {
    ASSERT_TRUE(result.has_value()) << v.text << ": " << result.error();
    EXPECT_EQ(result->value, milliseconds(*v.ms)) << v.text;
    EXPECT_EQ(result->text, v.text);
  } else {
    EXPECT_FALSE(result.has_value()) << v.text << " accepted";
  }
}

INSTANTIATE_TEST_SUITE_P(Go, DurationVectors, ::testing::ValuesIn(kDurations));

TEST(Duration, WholeSecondsRound) {
  EXPECT_EQ(parse_duration("1.5s")->whole_seconds(), 2U);
  EXPECT_EQ(parse_duration("1.4s")->whole_seconds(), 1U);
  EXPECT_EQ(parse_duration("2m")->whole_seconds(), 120U);
}

}  // namespace
}  // namespace mgmt::resource
