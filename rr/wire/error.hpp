// NOTIFICATION error codes and subcodes, RFC 7606 error-handling actions, and the decode error
// type every parser returns.
//
// RFC 4271 §4.5 and §6, RFC 4486 / RFC 8203 / RFC 8538 / RFC 9384 (Cease), RFC 6608 (FSM),
// RFC 7313 (ROUTE-REFRESH), RFC 9687 (Send Hold Timer), RFC 5492 / RFC 9234 (OPEN).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "rr/wire/bytes.hpp"
#include "rr/wire/types.hpp"

namespace rr::wire {

enum class ErrorCode : std::uint8_t {
  message_header = 1,
  open_message = 2,
  update_message = 3,
  hold_timer_expired = 4,
  fsm = 5,
  cease = 6,
  route_refresh = 7,
  send_hold_timer_expired = 8,
};

enum class HeaderSubcode : std::uint8_t {
  unspecific = 0,
  connection_not_synchronized = 1,
  bad_message_length = 2,
  bad_message_type = 3,
};

enum class OpenSubcode : std::uint8_t {
  unspecific = 0,
  unsupported_version_number = 1,
  bad_peer_as = 2,
  bad_bgp_identifier = 3,
  unsupported_optional_parameter = 4,
  unacceptable_hold_time = 6,
  unsupported_capability = 7,
  role_mismatch = 11,
};

enum class UpdateSubcode : std::uint8_t {
  unspecific = 0,
  malformed_attribute_list = 1,
  unrecognized_well_known_attribute = 2,
  missing_well_known_attribute = 3,
  attribute_flags_error = 4,
  attribute_length_error = 5,
  invalid_origin_attribute = 6,
  invalid_next_hop_attribute = 8,
  optional_attribute_error = 9,
  invalid_network_field = 10,
  malformed_as_path = 11,
};

enum class FsmSubcode : std::uint8_t {
  unspecified = 0,
  unexpected_message_in_open_sent = 1,
  unexpected_message_in_open_confirm = 2,
  unexpected_message_in_established = 3,
};

enum class CeaseSubcode : std::uint8_t {
  unspecific = 0,
  maximum_prefixes_reached = 1,
  administrative_shutdown = 2,
  peer_deconfigured = 3,
  administrative_reset = 4,
  connection_rejected = 5,
  other_configuration_change = 6,
  connection_collision_resolution = 7,
  out_of_resources = 8,
  hard_reset = 9,
  bfd_down = 10,
};

enum class RouteRefreshSubcode : std::uint8_t {
  unspecific = 0,
  invalid_message_length = 1,
};

// Human-readable names ("UPDATE Message Error", "Malformed AS_PATH"); unknown values print as
// numbers.
std::string_view to_string(ErrorCode code);
std::string subcode_name(ErrorCode code, std::uint8_t subcode);

// RFC 7606 §2: what the receiver does about a malformed UPDATE (or any other message).
// Ordered by severity so that the worst action of several errors is the max.
enum class ErrorAction : std::uint8_t {
  none = 0,
  attribute_discard = 1,  // RFC 7606 §2 "attribute discard": drop the attribute, keep the route
  treat_as_withdraw = 2,  // RFC 7606 §2 "treat-as-withdraw": withdraw every NLRI of the UPDATE
  afi_safi_disable = 3,   // RFC 7606 §2 / RFC 4760 §7: stop using the AFI/SAFI on this session
  session_reset = 4,      // RFC 4271 §6: send the NOTIFICATION and close the session
};

std::string_view to_string(ErrorAction action);

// A decode error: what to send in a NOTIFICATION (code, subcode, data) and what RFC 7606 says to
// do. `reason` is a static description for logs and counters. `afi_safi` names the family for
// afi_safi_disable.
struct DecodeError {
  ErrorAction action = ErrorAction::session_reset;
  ErrorCode code = ErrorCode::message_header;
  std::uint8_t subcode = 0;
  Bytes data;
  std::string_view reason;
  std::optional<AfiSafi> afi_safi;

  friend bool operator==(const DecodeError&, const DecodeError&) = default;
};

template <typename T>
using Result = tl::expected<T, DecodeError>;

// Shorthands used by the parsers.
DecodeError header_error(HeaderSubcode sub, std::string_view reason, Bytes data = {});
DecodeError open_error(OpenSubcode sub, std::string_view reason, Bytes data = {});
DecodeError update_error(UpdateSubcode sub, std::string_view reason, Bytes data = {});
DecodeError route_refresh_error(RouteRefreshSubcode sub, std::string_view reason, Bytes data = {});

}  // namespace rr::wire
