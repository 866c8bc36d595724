#include "mgmt/resource/base64.hpp"

#include <array>
#include <cstdint>

namespace mgmt::resource {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t group =
        (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16U) |
        (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8U) |
        static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 2]));
    out += kAlphabet[(group >> 18U) & 63U];
    out += kAlphabet[(group >> 12U) & 63U];
    out += kAlphabet[(group >> 6U) & 63U];
    out += kAlphabet[group & 63U];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const auto group = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16U;
    out += kAlphabet[(group >> 18U) & 63U];
    out += kAlphabet[(group >> 12U) & 63U];
    out += "==";
  } else if (rest == 2) {
    const std::uint32_t group =
        (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16U) |
        (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8U);
    out += kAlphabet[(group >> 18U) & 63U];
    out += kAlphabet[(group >> 12U) & 63U];
    out += kAlphabet[(group >> 6U) & 63U];
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    std::array<int, 4> values{};
    std::size_t padding = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      if (c == '=' && last && j >= 2) {
        ++padding;
        values.at(j) = 0;
        continue;
      }
      if (padding != 0) return std::nullopt;  // data after '='
      values.at(j) = sextet(c);
      if (values.at(j) < 0) return std::nullopt;
    }
    const auto group = (static_cast<std::uint32_t>(values[0]) << 18U) |
                       (static_cast<std::uint32_t>(values[1]) << 12U) |
                       (static_cast<std::uint32_t>(values[2]) << 6U) |
                       static_cast<std::uint32_t>(values[3]);
    // Non-canonical encodings (set bits hidden under the padding) are rejected, like Go's strict
    // mode would; Kubernetes clients never produce them.
    if (padding == 1 && (group & 0xFFU) != 0) return std::nullopt;
    if (padding == 2 && (group & 0xFFFFU) != 0) return std::nullopt;
    out += static_cast<char>((group >> 16U) & 0xFFU);
    if (padding < 2) out += static_cast<char>((group >> 8U) & 0xFFU);
    if (padding < 1) out += static_cast<char>(group & 0xFFU);
  }
  return out;
}

}  // namespace mgmt::resource
