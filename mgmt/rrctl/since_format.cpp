#include "mgmt/rrctl/since_format.hpp"

#include <array>
#include <cstdio>
#include <ctime>

namespace mgmt::rrctl {
namespace {

using std::chrono::system_clock;

constexpr auto kRecentLimit = std::chrono::hours(20);  // BIRD 1.x short ISO format switch-over

// Reads exactly `count` decimal digits at `pos`.
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

bool to_tm(system_clock::time_point time, TimeZone zone, std::tm& out) {
  const std::time_t seconds = system_clock::to_time_t(time);
  if (zone == TimeZone::utc) return gmtime_r(&seconds, &out) != nullptr;
  return localtime_r(&seconds, &out) != nullptr;
}

}  // namespace

std::optional<system_clock::time_point> parse_rfc3339(std::string_view text) {
  const auto year = digits(text, 0, 4);
  const auto month = digits(text, 5, 2);
  const auto day = digits(text, 8, 2);
  const auto hour = digits(text, 11, 2);
  const auto minute = digits(text, 14, 2);
  const auto second = digits(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || text[13] != ':' ||
      text[16] != ':') {
    return std::nullopt;
  }
  if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 ||
      *second > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::chrono::nanoseconds fraction{0};
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::int64_t scale = 100'000'000;
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      fraction += std::chrono::nanoseconds(static_cast<std::int64_t>(text[pos] - '0') * scale);
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  std::chrono::seconds offset{0};
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const auto offset_hours = digits(text, pos + 1, 2);
    const auto offset_minutes = digits(text, pos + 4, 2);
    if (!offset_hours || !offset_minutes || pos + 3 >= text.size() || text[pos + 3] != ':') {
      return std::nullopt;
    }
    offset = std::chrono::hours(*offset_hours) + std::chrono::minutes(*offset_minutes);
    if (text[pos] == '-') offset = -offset;
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;

  const std::int64_t days =
      days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
  const auto since_epoch = std::chrono::seconds(days * 86400 + std::int64_t{*hour} * 3600 +
                                                std::int64_t{*minute} * 60 + *second) -
                           offset;
  return system_clock::time_point(
      std::chrono::duration_cast<system_clock::duration>(since_epoch + fraction));
}

std::string format_bird_since(std::string_view since, system_clock::time_point now, TimeZone zone) {
  const auto time = parse_rfc3339(since);
  std::tm parts{};
  if (!time || !to_tm(*time, zone, parts)) return std::string(since);
  std::array<char, 32> buffer{};
  const bool recent = now - *time < kRecentLimit;
  const int written = recent ? std::snprintf(buffer.data(), buffer.size(), "%02d:%02d:%02d",
                                             parts.tm_hour, parts.tm_min, parts.tm_sec)
                             : std::snprintf(buffer.data(), buffer.size(), "%04d-%02d-%02d",
                                             parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday);
  if (written <= 0) return std::string(since);
  return std::string(buffer.data(), static_cast<std::size_t>(written));
}

}  // namespace mgmt::rrctl
