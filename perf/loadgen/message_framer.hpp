// Splits a TCP byte stream into BGP messages (RFC 4271 §4.1).
//
// Reads go into one scratch buffer per process: restore() copies the connection's unparsed tail
// (less than one message) to the front of it, the caller reads after that, and consume() hands
// every complete message to a callback and keeps the new tail. So a connection costs only its
// tail between reads, whatever the number of connections. Owned by one connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace rr::perf {

inline constexpr std::size_t kBgpHeaderSize = 19;
inline constexpr std::size_t kBgpMaxMessage = 4096;

enum class BgpType : std::uint8_t {
  open = 1,
  update = 2,
  notification = 3,
  keepalive = 4,
  route_refresh = 5,
};

class MessageFramer {
 public:
  // Copies the tail to `scratch` (which has room for kBgpMaxMessage octets); returns its size.
  std::size_t restore(std::uint8_t* scratch) const {
    if (!tail_.empty()) std::memcpy(scratch, tail_.data(), tail_.size());
    return tail_.size();
  }

  // Calls on_message(BgpType, const uint8_t* body, size_t body_length, const uint8_t* message)
  // for each complete message in data[0..size); it returns false to stop (connection closed).
  // Returns false on a malformed header (bad marker or length) or when stopped.
  template <class OnMessage>
  bool consume(const std::uint8_t* data, std::size_t size, OnMessage&& on_message) {
    std::size_t pos = 0;
    while (size - pos >= kBgpHeaderSize) {
      const std::uint8_t* m = data + pos;
      const std::size_t length = (static_cast<std::size_t>(m[16]) << 8U) | m[17];
      if (length < kBgpHeaderSize || length > kBgpMaxMessage || !marker_ok(m)) return false;
      if (size - pos < length) break;
      if (!on_message(static_cast<BgpType>(m[18]), m + kBgpHeaderSize, length - kBgpHeaderSize,
                      m)) {
        return false;
      }
      pos += length;
    }
    tail_.assign(data + pos, data + size);
    return true;
  }

  void clear() { tail_.clear(); }

 private:
  static bool marker_ok(const std::uint8_t* m) {
    for (std::size_t i = 0; i < 16; ++i) {
      if (m[i] != 0xff) return false;
    }
    return true;
  }

  std::vector<std::uint8_t> tail_;
};

}  // namespace rr::perf
