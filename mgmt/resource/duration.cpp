// Go duration strings (time.ParseDuration): a sequence of decimal numbers, each with an optional
// fraction and a unit (ns, us/µs/μs, ms, s, m, h), e.g. "300ms", "1.5h", "2h45m"; "0" alone needs
// no unit. A leading "+" is accepted, a negative duration is not (no Calico field can use one). The
// value must fit Go's int64 nanoseconds.
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "mgmt/resource/codec.hpp"

namespace mgmt::resource {
namespace {

struct Unit {
  std::string_view name;
  std::uint64_t nanoseconds;
};

constexpr std::uint64_t kNs = 1;
constexpr std::uint64_t kUs = 1000 * kNs;
constexpr std::uint64_t kMs = 1000 * kUs;
constexpr std::uint64_t kS = 1000 * kMs;
constexpr std::uint64_t kMin = 60 * kS;
constexpr std::uint64_t kHour = 60 * kMin;

// "ms" comes before "m" so that the first match is the right one.
constexpr std::array<Unit, 8> kUnits{{
    {"ns", kNs},
    {"us", kUs},
    {"\xC2\xB5s", kUs},  // U+00B5 micro sign
    {"\xCE\xBCs", kUs},  // U+03BC Greek small letter mu
    {"ms", kMs},
    {"s", kS},
    {"m", kMin},
    {"h", kHour},
}};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

tl::unexpected<std::string> invalid(std::string_view text, std::string_view why) {
  return tl::make_unexpected("invalid duration \"" + std::string(text) + "\": " + std::string(why));
}

}  // namespace

tl::expected<Duration, std::string> parse_duration(std::string_view text) {
  constexpr std::uint64_t kMaxNs = std::numeric_limits<std::int64_t>::max();
  std::string_view rest = text;
  if (!rest.empty() && rest.front() == '-') {
    return invalid(text, "must not be negative");
  }
  if (!rest.empty() && rest.front() == '+') rest.remove_prefix(1);
  if (rest == "0") return Duration{std::string(text), std::chrono::milliseconds(0)};
  if (rest.empty()) return invalid(text, "empty");

  std::uint64_t total = 0;
  while (!rest.empty()) {
    // Integer part.
    std::uint64_t whole = 0;
    std::size_t whole_digits = 0;
    bool overflow = false;
    while (!rest.empty() && is_digit(rest.front())) {
      const auto digit = static_cast<std::uint64_t>(rest.front() - '0');
      if (whole > (kMaxNs - digit) / 10) overflow = true;
      if (!overflow) whole = whole * 10 + digit;
      rest.remove_prefix(1);
      ++whole_digits;
    }
    if (overflow) return invalid(text, "out of range");
    // Fraction: kept as digits scaled below, at most 19 significant digits (like Go).
    std::uint64_t fraction = 0;
    std::uint64_t scale = 1;
    std::size_t fraction_digits = 0;
    if (!rest.empty() && rest.front() == '.') {
      rest.remove_prefix(1);
      while (!rest.empty() && is_digit(rest.front())) {
        if (scale <= std::numeric_limits<std::uint64_t>::max() / 100) {
          fraction = fraction * 10 + static_cast<std::uint64_t>(rest.front() - '0');
          scale *= 10;
        }
        rest.remove_prefix(1);
        ++fraction_digits;
      }
    }
    if (whole_digits == 0 && fraction_digits == 0) return invalid(text, "expected a number");
    // Unit.
    const Unit* unit = nullptr;
    for (const Unit& candidate : kUnits) {
      if (rest.substr(0, candidate.name.size()) == candidate.name) {
        unit = &candidate;
        break;
      }
    }
    if (unit == nullptr) {
      return invalid(text, rest.empty() || is_digit(rest.front())
                               ? "missing unit (ns, us, ms, s, m, h)"
                               : "unknown unit");
    }
    rest.remove_prefix(unit->name.size());
    if (whole > kMaxNs / unit->nanoseconds) return invalid(text, "out of range");
    std::uint64_t part = whole * unit->nanoseconds;
    if (fraction != 0) {
      // fraction/scale of a unit, computed without overflow: unit ≤ 3.6e12 and the fraction was
      // capped so that fraction < scale ≤ 1e18; use long double for the product.
      const long double extra = static_cast<long double>(fraction) *
                                static_cast<long double>(unit->nanoseconds) /
                                static_cast<long double>(scale);
      part += static_cast<std::uint64_t>(extra);
    }
    if (part > kMaxNs - total) return invalid(text, "out of range");
    total += part;
  }
  const auto ms = static_cast<std::int64_t>(total / kMs);
  return Duration{std::string(text), std::chrono::milliseconds(ms)};
}

}  // namespace mgmt::resource
