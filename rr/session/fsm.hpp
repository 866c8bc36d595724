// The BGP finite state machine of RFC 4271 §8, as a pure transition function.
//
// transition() maps (state, event) to the next state and the actions the session must carry out
// (send a message, start or stop a timer, open or drop the TCP connection, release routes). It
// does no I/O and reads no clock: the session (rr/session/session.hpp) feeds it events from its
// socket and timers and executes the actions, on the session's own event loop. Timer values are
// the session's business; the FSM only says which timer to start or stop.
//
// Implemented as in RFC 4271 §8.2.2 with these choices (§8.1 optional attributes):
//   - DelayOpen (§8.1.1 attribute) and passive TCP establishment are per-peer options;
//   - SendNOTIFICATIONwithoutOPEN is true: header and OPEN errors found before our OPEN was sent
//     are still reported to the peer;
//   - automatic restart after an error: entering Idle from any non-Idle state starts the
//     IdleHold timer when FsmOptions::auto_restart is set; its expiry is an AutomaticStart
//     (§8.1.2 events 3/5, with the back-off handled by the session);
//   - RFC 9687 SendHoldTimer: its expiry in OpenSent, OpenConfirm or Established sends a
//     NOTIFICATION (Send Hold Timer Expired) on a best-effort basis and drops the connection.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "rr/wire/notification.hpp"

namespace rr::session {

enum class State : std::uint8_t { idle, connect, active, open_sent, open_confirm, established };

std::string_view to_string(State s);

// RFC 4271 §8.1 events (numbers in comments), plus RFC 9687's send hold timer.
enum class Event : std::uint8_t {
  manual_start,                 // 1
  manual_stop,                  // 2
  automatic_start,              // 3
  manual_start_passive,         // 4
  automatic_start_passive,      // 5
  automatic_stop,               // 8
  connect_retry_timer_expires,  // 9
  hold_timer_expires,           // 10
  keepalive_timer_expires,      // 11
  delay_open_timer_expires,     // 12
  idle_hold_timer_expires,      // 13
  tcp_connection_confirmed,     // 16 (active open acked) and 17 (passive accept)
  tcp_connection_fails,         // 18
  bgp_open,                     // 19 (20 when the DelayOpen timer runs: FsmState knows)
  bgp_header_error,             // 21
  bgp_open_message_error,       // 22
  open_collision_dump,          // 23
  notification_version_error,   // 24
  notification,                 // 25
  keepalive,                    // 26
  update,                       // 27 (ROUTE-REFRESH is handled the same way)
  update_error,                 // 28
  send_hold_timer_expires,      // RFC 9687 §4
};

std::string_view to_string(Event e);

enum class Action : std::uint8_t {
  initiate_tcp_connection,
  drop_tcp_connection,
  send_open,
  send_keepalive,
  send_notification,  // Transition::notification holds the message
  start_connect_retry_timer,
  stop_connect_retry_timer,
  start_delay_open_timer,
  stop_delay_open_timer,
  start_hold_timer_large,       // §8.2.2: "a large value", 4 minutes suggested
  start_hold_timer_negotiated,  // negotiated hold time; 0 means no hold and keepalive timers
  start_keepalive_timer,
  stop_timers,            // hold, keepalive, send hold and delay open
  start_idle_hold_timer,  // automatic restart after Idle
  process_update,         // hand the message to the route pipeline
  release_routes,         // the peer's routes go (or turn stale under graceful restart)
  session_established,    // counters, uptime, initial table
};

std::string_view to_string(Action a);

// Per-peer options of the FSM (RFC 4271 §8.1.1).
struct FsmOptions {
  bool passive = false;      // PassiveTcpEstablishment: wait for the peer to connect
  bool delay_open = false;   // DelayOpen: wait for the peer's OPEN before sending ours
  bool auto_restart = true;  // start the IdleHold timer on entering Idle after a failure
};

// The FSM's own variables (§8): the state, ConnectRetryCounter, and whether the DelayOpen timer
// runs (it decides between events 19 and 20).
struct FsmState {
  State state = State::idle;
  std::uint32_t connect_retry_counter = 0;
  bool delay_open_running = false;
  friend bool operator==(const FsmState&, const FsmState&) = default;
};

// A bounded list of actions, in the order they are to be carried out.
class ActionList {
 public:
  static constexpr std::size_t kCapacity = 10;
  void push(Action a) { items_[size_++] = a; }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] const Action* begin() const { return items_.data(); }
  [[nodiscard]] const Action* end() const { return items_.data() + size_; }
  [[nodiscard]] bool contains(Action a) const;

 private:
  std::array<Action, kCapacity> items_{};
  std::size_t size_ = 0;
};

struct Transition {
  FsmState next;
  ActionList actions;
  std::optional<wire::NotificationMessage> notification;  // set with Action::send_notification
};

// `error` is the NOTIFICATION to send for the error events (bgp_header_error,
// bgp_open_message_error, update_error); other events build their own (Cease, Hold Timer
// Expired, FSM Error with the RFC 6608 subcode for the state).
Transition transition(const FsmState& current, Event event, const FsmOptions& options,
                      const std::optional<wire::NotificationMessage>& error = std::nullopt);

}  // namespace rr::session
