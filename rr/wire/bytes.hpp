// Byte buffers, a bounded read cursor and an append-only writer for the codec.
//
// Reader never reads past its span; every accessor reports failure instead of throwing, so
// parsers stay exception-free on the data path (CONVENTIONS.md). Writer appends big-endian
// fields to a std::vector<std::byte> and can back-patch length fields.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rr::wire {

using Bytes = std::vector<std::byte>;
using ByteView = std::span<const std::byte>;

// A bounded cursor over received bytes.
class Reader {
 public:
  explicit Reader(ByteView data) : data_(data) {}

  [[nodiscard]] std::size_t remaining() const { return data_.size() - pos_; }
  [[nodiscard]] bool empty() const { return pos_ == data_.size(); }
  [[nodiscard]] std::size_t position() const { return pos_; }
  [[nodiscard]] ByteView rest() const { return data_.subspan(pos_); }

  bool u8(std::uint8_t& out) {
    if (remaining() < 1) return false;
    out = static_cast<std::uint8_t>(data_[pos_]);
    pos_ += 1;
    return true;
  }
  bool u16(std::uint16_t& out) {
    if (remaining() < 2) return false;
    out = static_cast<std::uint16_t>((static_cast<unsigned>(data_[pos_]) << 8U) |
                                     static_cast<unsigned>(data_[pos_ + 1]));
    pos_ += 2;
    return true;
  }
  bool u32(std::uint32_t& out) {
    if (remaining() < 4) return false;
    out = (static_cast<std::uint32_t>(data_[pos_]) << 24U) |
          (static_cast<std::uint32_t>(data_[pos_ + 1]) << 16U) |
          (static_cast<std::uint32_t>(data_[pos_ + 2]) << 8U) |
          static_cast<std::uint32_t>(data_[pos_ + 3]);
    pos_ += 4;
    return true;
  }
  // Takes the next n bytes as a sub-span.
  bool take(std::size_t n, ByteView& out) {
    if (remaining() < n) return false;
    out = data_.subspan(pos_, n);
    pos_ += n;
    return true;
  }
  bool skip(std::size_t n) {
    if (remaining() < n) return false;
    pos_ += n;
    return true;
  }

 private:
  ByteView data_;
  std::size_t pos_ = 0;
};

// Appends big-endian fields to a byte vector.
class Writer {
 public:
  explicit Writer(Bytes& out) : out_(out) {}

  void u8(std::uint8_t v) { out_.push_back(static_cast<std::byte>(v)); }
  void u16(std::uint16_t v) {
    out_.push_back(static_cast<std::byte>(v >> 8U));
    out_.push_back(static_cast<std::byte>(v & 0xffU));
  }
  void u32(std::uint32_t v) {
    out_.push_back(static_cast<std::byte>(v >> 24U));
    out_.push_back(static_cast<std::byte>((v >> 16U) & 0xffU));
    out_.push_back(static_cast<std::byte>((v >> 8U) & 0xffU));
    out_.push_back(static_cast<std::byte>(v & 0xffU));
  }
  void bytes(ByteView v) { out_.insert(out_.end(), v.begin(), v.end()); }
  void raw(const std::uint8_t* p, std::size_t n) {
    const auto* b = reinterpret_cast<const std::byte*>(
        p);  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
    out_.insert(out_.end(), b, b + n);
  }
  [[nodiscard]] std::size_t size() const { return out_.size(); }
  // Overwrites a 16-bit field written earlier at `offset`.
  void patch_u16(std::size_t offset, std::uint16_t v) {
    out_[offset] = static_cast<std::byte>(v >> 8U);
    out_[offset + 1] = static_cast<std::byte>(v & 0xffU);
  }
  void patch_u8(std::size_t offset, std::uint8_t v) { out_[offset] = static_cast<std::byte>(v); }
  Bytes& buffer() { return out_; }

 private:
  Bytes& out_;
};

// Hex helpers for tests, logs and golden vectors. from_hex ignores whitespace and returns nullopt
// on any other non-hex character or an odd digit count.
std::string to_hex(ByteView data);
std::optional<Bytes> from_hex(std::string_view text);

}  // namespace rr::wire
