// AS numbers (calico-bgp-spec.md §1.2): a JSON number 0 … 4294967295, or a string holding the
// decimal form or the asdot form "X.Y" (X, Y each 0 … 65535, value X·65536 + Y).
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "mgmt/resource/codec.hpp"

namespace mgmt::resource {
namespace {

// Decimal digits only (no sign, no spaces), value ≤ max.
bool parse_decimal(std::string_view text, std::uint64_t max, std::uint64_t& out) {
  if (text.empty()) return false;
  std::uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
    if (value > max) return false;
  }
  out = value;
  return true;
}

}  // namespace

tl::expected<AsNumber, std::string> parse_as_number(const nlohmann::json& value) {
  constexpr std::uint64_t kMaxAs = std::numeric_limits<AsNumber>::max();
  constexpr std::uint64_t kMaxHalf = std::numeric_limits<std::uint16_t>::max();
  if (value.is_number_unsigned()) {
    const auto number = value.get<std::uint64_t>();
    if (number > kMaxAs) return tl::make_unexpected("AS number must be between 0 and 4294967295");
    return static_cast<AsNumber>(number);
  }
  if (value.is_number_integer()) {  // signed: only negative values land here
    if (value.get<std::int64_t>() < 0) {
      return tl::make_unexpected("AS number must be between 0 and 4294967295");
    }
    const auto number = static_cast<std::uint64_t>(value.get<std::int64_t>());
    if (number > kMaxAs) return tl::make_unexpected("AS number must be between 0 and 4294967295");
    return static_cast<AsNumber>(number);
  }
  if (!value.is_string()) {
    return tl::make_unexpected("AS number must be an integer or a string, got " +
                               std::string(value.type_name()));
  }
  const auto& text = value.get_ref<const std::string&>();
  const std::string_view view(text);
  const auto dot = view.find('.');
  std::uint64_t number = 0;
  if (dot == std::string_view::npos) {
    if (!parse_decimal(view, kMaxAs, number)) {
      return tl::make_unexpected("invalid AS number \"" + text +
                                 "\": expected 0 … 4294967295 or asdot X.Y");
    }
    return static_cast<AsNumber>(number);
  }
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  if (!parse_decimal(view.substr(0, dot), kMaxHalf, high) ||
      !parse_decimal(view.substr(dot + 1), kMaxHalf, low)) {
    return tl::make_unexpected("invalid AS number \"" + text +
                               "\": asdot form needs X.Y with X and Y in 0 … 65535");
  }
  return static_cast<AsNumber>(high * 65536 + low);
}

}  // namespace mgmt::resource
