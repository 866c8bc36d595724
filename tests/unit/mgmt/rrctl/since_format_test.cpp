#include "mgmt/rrctl/since_format.hpp"

#include <gtest/gtest.h>

namespace mgmt::rrctl {
namespace {

using std::chrono::system_clock;

const system_clock::time_point kNow{std::chrono::seconds(1'795'687'200)};  // 2026-11-26T10:00:00Z

TEST(SinceFormat, ParsesRfc3339) {
  auto plain = parse_rfc3339("2026-11-26T10:00:00Z");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(*plain, kNow);
  auto offset = parse_rfc3339("2026-11-26T11:30:00+01:30");
  ASSERT_TRUE(offset.has_value());
  EXPECT_EQ(*offset, kNow);
  auto negative = parse_rfc3339("2026-11-26T05:00:00-05:00");
  ASSERT_TRUE(negative.has_value());
  EXPECT_EQ(*negative, kNow);
  auto fraction = parse_rfc3339("2026-11-26T10:00:00.250Z");
  ASSERT_TRUE(fraction.has_value());
  EXPECT_EQ(*fraction - kNow, std::chrono::milliseconds(250));
  auto epoch = parse_rfc3339("1970-01-01T00:00:00Z");
  ASSERT_TRUE(epoch.has_value());
  EXPECT_EQ(epoch->time_since_epoch().count(), 0);
}

TEST(SinceFormat, RejectsOtherText) {
  for (const char* text :
       {"", "2026-11-26", "2026-11-26T10:00:00", "2026-13-01T00:00:00Z", "2026-11-26T10:00:00Zjunk",
        "2026-11-26T25:00:00Z", "2026-11-26T10:00:00.Z", "2016-11-21"}) {
    EXPECT_FALSE(parse_rfc3339(text).has_value()) << text;
  }
}

TEST(SinceFormat, RecentChangesShowTheTimeOlderOnesTheDate) {
  EXPECT_EQ(format_bird_since("2026-11-26T08:02:17Z", kNow, TimeZone::utc), "08:02:17");
  EXPECT_EQ(format_bird_since("2026-11-25T14:00:01Z", kNow, TimeZone::utc), "14:00:01");
  EXPECT_EQ(format_bird_since("2026-11-25T14:00:00Z", kNow, TimeZone::utc), "2026-11-25");
  EXPECT_EQ(format_bird_since("2024-05-02T08:02:17Z", kNow, TimeZone::utc), "2024-05-02");
  // In UTC although written with an offset.
  EXPECT_EQ(format_bird_since("2026-11-26T09:02:17+01:00", kNow, TimeZone::utc), "08:02:17");
  // A clock running behind the server's still gives a time.
  EXPECT_EQ(format_bird_since("2026-11-26T10:00:05Z", kNow, TimeZone::utc), "10:00:05");
}

TEST(SinceFormat, UnparsableTextIsShownAsGiven) {
  EXPECT_EQ(format_bird_since("2016-11-2", kNow, TimeZone::utc), "2016-11-2");
  EXPECT_EQ(format_bird_since("", kNow, TimeZone::utc), "");
}

}  // namespace
}  // namespace mgmt::rrctl
