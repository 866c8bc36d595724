// NOTIFICATION (RFC 4271 §4.5) and KEEPALIVE (§4.4) messages, with the RFC 8203 / RFC 9003
// shutdown communication carried by Cease / Administrative Shutdown and Administrative Reset.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "rr/wire/bytes.hpp"
#include "rr/wire/error.hpp"

namespace rr::wire {

struct NotificationMessage {
  ErrorCode code = ErrorCode::cease;
  std::uint8_t subcode = 0;  // typed accessors below; unknown subcodes are kept as received
  Bytes data;

  static NotificationMessage from(const DecodeError& error);
  static NotificationMessage make(HeaderSubcode sub, Bytes data = {});
  static NotificationMessage make(OpenSubcode sub, Bytes data = {});
  static NotificationMessage make(UpdateSubcode sub, Bytes data = {});
  static NotificationMessage make(FsmSubcode sub, Bytes data = {});
  static NotificationMessage make(CeaseSubcode sub, Bytes data = {});
  static NotificationMessage make(RouteRefreshSubcode sub, Bytes data = {});
  static NotificationMessage hold_timer_expired();
  static NotificationMessage send_hold_timer_expired();
  // Cease with an RFC 8203 shutdown communication (UTF-8, truncated to 255 octets on a character
  // boundary, RFC 9003 §2).
  static NotificationMessage shutdown(CeaseSubcode sub, std::string_view communication);

  // The shutdown communication if this is Cease / Administrative Shutdown or Reset and the data
  // holds a well-formed one (length octet, then that many octets of valid UTF-8).
  [[nodiscard]] std::optional<std::string> shutdown_communication() const;
  // "Cease / Administrative Shutdown" style description, with the communication if any.
  [[nodiscard]] std::string describe() const;

  friend bool operator==(const NotificationMessage&, const NotificationMessage&) = default;
};

// NOTIFICATION bodies are at least 2 octets (RFC 4271 §6.1); anything after is data.
Result<NotificationMessage> decode_notification(ByteView body);
void encode(const NotificationMessage& msg, Bytes& out);

struct KeepaliveMessage {
  friend bool operator==(const KeepaliveMessage&, const KeepaliveMessage&) = default;
};

void encode(const KeepaliveMessage& msg, Bytes& out);

}  // namespace rr::wire
