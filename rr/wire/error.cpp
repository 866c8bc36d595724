#include "rr/wire/error.hpp"

#include <utility>

namespace rr::wire {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::message_header:
      return "Message Header Error";
    case ErrorCode::open_message:
      return "OPEN Message Error";
    case ErrorCode::update_message:
      return "UPDATE Message Error";
    case ErrorCode::hold_timer_expired:
      return "Hold Timer Expired";
    case ErrorCode::fsm:
      return "Finite State Machine Error";
    case ErrorCode::cease:
      return "Cease";
    case ErrorCode::route_refresh:
      return "ROUTE-REFRESH Message Error";
    case ErrorCode::send_hold_timer_expired:
      return "Send Hold Timer Expired";
  }
  return "Unknown Error";
}

namespace {

std::string_view header_subcode_name(std::uint8_t sub) {
  switch (static_cast<HeaderSubcode>(sub)) {
    case HeaderSubcode::unspecific:
      return "Unspecific";
    case HeaderSubcode::connection_not_synchronized:
      return "Connection Not Synchronized";
    case HeaderSubcode::bad_message_length:
      return "Bad Message Length";
    case HeaderSubcode::bad_message_type:
      return "Bad Message Type";
  }
  return {};
}

std::string_view open_subcode_name(std::uint8_t sub) {
  switch (static_cast<OpenSubcode>(sub)) {
    case OpenSubcode::unspecific:
      return "Unspecific";
    case OpenSubcode::unsupported_version_number:
      return "Unsupported Version Number";
    case OpenSubcode::bad_peer_as:
      return "Bad Peer AS";
    case OpenSubcode::bad_bgp_identifier:
      return "Bad BGP Identifier";
    case OpenSubcode::unsupported_optional_parameter:
      return "Unsupported Optional Parameter";
    case OpenSubcode::unacceptable_hold_time:
      return "Unacceptable Hold Time";
    case OpenSubcode::unsupported_capability:
      return "Unsupported Capability";
    case OpenSubcode::role_mismatch:
      return "Role Mismatch";
  }
  return {};
}

std::string_view update_subcode_name(std::uint8_t sub) {
  switch (static_cast<UpdateSubcode>(sub)) {
    case UpdateSubcode::unspecific:
      return "Unspecific";
    case UpdateSubcode::malformed_attribute_list:
      return "Malformed Attribute List";
    case UpdateSubcode::unrecognized_well_known_attribute:
      return "Unrecognized Well-known Attribute";
    case UpdateSubcode::missing_well_known_attribute:
      return "Missing Well-known Attribute";
    case UpdateSubcode::attribute_flags_error:
      return "Attribute Flags Error";
    case UpdateSubcode::attribute_length_error:
      return "Attribute Length Error";
    case UpdateSubcode::invalid_origin_attribute:
      return "Invalid ORIGIN Attribute";
    case UpdateSubcode::invalid_next_hop_attribute:
      return "Invalid NEXT_HOP Attribute";
    case UpdateSubcode::optional_attribute_error:
      return "Optional Attribute Error";
    case UpdateSubcode::invalid_network_field:
      return "Invalid Network Field";
    case UpdateSubcode::malformed_as_path:
      return "Malformed AS_PATH";
  }
  return {};
}

std::string_view fsm_subcode_name(std::uint8_t sub) {
  switch (static_cast<FsmSubcode>(sub)) {
    case FsmSubcode::unspecified:
      return "Unspecified Error";
    case FsmSubcode::unexpected_message_in_open_sent:
      return "Receive Unexpected Message in OpenSent State";
    case FsmSubcode::unexpected_message_in_open_confirm:
      return "Receive Unexpected Message in OpenConfirm State";
    case FsmSubcode::unexpected_message_in_established:
      return "Receive Unexpected Message in Established State";
  }
  return {};
}

std::string_view cease_subcode_name(std::uint8_t sub) {
  switch (static_cast<CeaseSubcode>(sub)) {
    case CeaseSubcode::unspecific:
      return "Unspecific";
    case CeaseSubcode::maximum_prefixes_reached:
      return "Maximum Number of Prefixes Reached";
    case CeaseSubcode::administrative_shutdown:
      return "Administrative Shutdown";
    case CeaseSubcode::peer_deconfigured:
      return "Peer De-configured";
    case CeaseSubcode::administrative_reset:
      return "Administrative Reset";
    case CeaseSubcode::connection_rejected:
      return "Connection Rejected";
    case CeaseSubcode::other_configuration_change:
      return "Other Configuration Change";
    case CeaseSubcode::connection_collision_resolution:
      return "Connection Collision Resolution";
    case CeaseSubcode::out_of_resources:
      return "Out of Resources";
    case CeaseSubcode::hard_reset:
      return "Hard Reset";
    case CeaseSubcode::bfd_down:
      return "BFD Down";
  }
  return {};
}

std::string_view route_refresh_subcode_name(std::uint8_t sub) {
  switch (static_cast<RouteRefreshSubcode>(sub)) {
    case RouteRefreshSubcode::unspecific:
      return "Unspecific";
    case RouteRefreshSubcode::invalid_message_length:
      return "Invalid Message Length";
  }
  return {};
}

DecodeError make_error(ErrorCode code, std::uint8_t sub, std::string_view reason, Bytes data) {
  DecodeError e;
  e.action = ErrorAction::session_reset;
  e.code = code;
  e.subcode = sub;
  e.data = std::move(data);
  e.reason = reason;
  return e;
}

}  // namespace

std::string subcode_name(ErrorCode code, std::uint8_t subcode) {
  std::string_view name;
  switch (code) {
    case ErrorCode::message_header:
      name = header_subcode_name(subcode);
      break;
    case ErrorCode::open_message:
      name = open_subcode_name(subcode);
      break;
    case ErrorCode::update_message:
      name = update_subcode_name(subcode);
      break;
    case ErrorCode::fsm:
      name = fsm_subcode_name(subcode);
      break;
    case ErrorCode::cease:
      name = cease_subcode_name(subcode);
      break;
    case ErrorCode::route_refresh:
      name = route_refresh_subcode_name(subcode);
      break;
    case ErrorCode::hold_timer_expired:
    case ErrorCode::send_hold_timer_expired:
      if (subcode == 0) name = "Unspecific";
      break;
  }
  if (name.empty()) return "Subcode " + std::to_string(subcode);
  return std::string(name);
}

std::string_view to_string(ErrorAction action) {
  switch (action) {
    case ErrorAction::none:
      return "none";
    case ErrorAction::attribute_discard:
      return "attribute-discard";
    case ErrorAction::treat_as_withdraw:
      return "treat-as-withdraw";
    case ErrorAction::afi_safi_disable:
      return "afi-safi-disable";
    case ErrorAction::session_reset:
      return "session-reset";
  }
  return "unknown";
}

DecodeError header_error(HeaderSubcode sub, std::string_view reason, Bytes data) {
  return make_error(ErrorCode::message_header, static_cast<std::uint8_t>(sub), reason,
                    std::move(data));
}

DecodeError open_error(OpenSubcode sub, std::string_view reason, Bytes data) {
  return make_error(ErrorCode::open_message, static_cast<std::uint8_t>(sub), reason,
                    std::move(data));
}

DecodeError update_error(UpdateSubcode sub, std::string_view reason, Bytes data) {
  return make_error(ErrorCode::update_message, static_cast<std::uint8_t>(sub), reason,
                    std::move(data));
}

DecodeError route_refresh_error(RouteRefreshSubcode sub, std::string_view reason, Bytes data) {
  return make_error(ErrorCode::route_refresh, static_cast<std::uint8_t>(sub), reason,
                    std::move(data));
}

}  // namespace rr::wire
