#include "rr/session/fsm.hpp"

#include <algorithm>

namespace rr::session {

using wire::CeaseSubcode;
using wire::FsmSubcode;
using wire::NotificationMessage;

std::string_view to_string(State s) {
  switch (s) {
    case State::idle:
      return "Idle";
    case State::connect:
      return "Connect";
    case State::active:
      return "Active";
    case State::open_sent:
      return "OpenSent";
    case State::open_confirm:
      return "OpenConfirm";
    case State::established:
      return "Established";
  }
  return "?";
}

std::string_view to_string(Event e) {
  switch (e) {
    case Event::manual_start:
      return "ManualStart";
    case Event::manual_stop:
      return "ManualStop";
    case Event::automatic_start:
      return "AutomaticStart";
    case Event::manual_start_passive:
      return "ManualStart_with_PassiveTcpEstablishment";
    case Event::automatic_start_passive:
      return "AutomaticStart_with_PassiveTcpEstablishment";
    case Event::automatic_stop:
      return "AutomaticStop";
    case Event::connect_retry_timer_expires:
      return "ConnectRetryTimer_Expires";
    case Event::hold_timer_expires:
      return "HoldTimer_Expires";
    case Event::keepalive_timer_expires:
      return "KeepaliveTimer_Expires";
    case Event::delay_open_timer_expires:
      return "DelayOpenTimer_Expires";
    case Event::idle_hold_timer_expires:
      return "IdleHoldTimer_Expires";
    case Event::tcp_connection_confirmed:
      return "TcpConnectionConfirmed";
    case Event::tcp_connection_fails:
      return "TcpConnectionFails";
    case Event::bgp_open:
      return "BGPOpen";
    case Event::bgp_header_error:
      return "BGPHeaderErr";
    case Event::bgp_open_message_error:
      return "BGPOpenMsgErr";
    case Event::open_collision_dump:
      return "OpenCollisionDump";
    case Event::notification_version_error:
      return "NotifMsgVerErr";
    case Event::notification:
      return "NotifMsg";
    case Event::keepalive:
      return "KeepAliveMsg";
    case Event::update:
      return "UpdateMsg";
    case Event::update_error:
      return "UpdateMsgErr";
    case Event::send_hold_timer_expires:
      return "SendHoldTimer_Expires";
  }
  return "?";
}

std::string_view to_string(Action a) {
  switch (a) {
    case Action::initiate_tcp_connection:
      return "initiate-tcp-connection";
    case Action::drop_tcp_connection:
      return "drop-tcp-connection";
    case Action::send_open:
      return "send-open";
    case Action::send_keepalive:
      return "send-keepalive";
    case Action::send_notification:
      return "send-notification";
    case Action::start_connect_retry_timer:
      return "start-connect-retry-timer";
    case Action::stop_connect_retry_timer:
      return "stop-connect-retry-timer";
    case Action::start_delay_open_timer:
      return "start-delay-open-timer";
    case Action::stop_delay_open_timer:
      return "stop-delay-open-timer";
    case Action::start_hold_timer_large:
      return "start-hold-timer-large";
    case Action::start_hold_timer_negotiated:
      return "start-hold-timer-negotiated";
    case Action::start_keepalive_timer:
      return "start-keepalive-timer";
    case Action::stop_timers:
      return "stop-timers";
    case Action::start_idle_hold_timer:
      return "start-idle-hold-timer";
    case Action::process_update:
      return "process-update";
    case Action::release_routes:
      return "release-routes";
    case Action::session_established:
      return "session-established";
  }
  return "?";
}

bool ActionList::contains(Action a) const {
  return std::find(begin(), end(), a) != end();
}

namespace {

// Builds one transition; the helpers below are the recurring action sequences of §8.2.2.
class Builder {
 public:
  Builder(const FsmState& current, const FsmOptions& options) : options_(options) {
    t_.next = current;
  }

  Builder& act(Action a) {
    t_.actions.push(a);
    return *this;
  }
  Builder& notify(NotificationMessage msg) {
    t_.notification = std::move(msg);
    return act(Action::send_notification);
  }
  Builder& counter_reset() {
    t_.next.connect_retry_counter = 0;
    return *this;
  }
  Builder& counter_increment() {
    ++t_.next.connect_retry_counter;
    return *this;
  }
  Builder& delay_open(bool running) {
    t_.next.delay_open_running = running;
    return *this;
  }
  Builder& go(State s) {
    t_.next.state = s;
    return *this;
  }

  // "sets the ConnectRetryTimer to zero, releases all BGP resources, drops the TCP connection,
  // increments the ConnectRetryCounter by 1, [...] changes its state to Idle" — the common
  // failure exit; the IdleHold timer implements automatic restart.
  Builder& fail_to_idle(bool increment = true) {
    act(Action::stop_connect_retry_timer).act(Action::stop_timers).act(Action::release_routes);
    act(Action::drop_tcp_connection);
    if (increment) counter_increment();
    delay_open(false);
    if (options_.auto_restart) act(Action::start_idle_hold_timer);
    return go(State::idle);
  }

  // Administrative stop: like a failure, but the counter is reset and there is no restart.
  Builder& stop_to_idle() {
    act(Action::stop_connect_retry_timer).act(Action::stop_timers).act(Action::release_routes);
    act(Action::drop_tcp_connection);
    counter_reset();
    delay_open(false);
    return go(State::idle);
  }

  Transition done() { return std::move(t_); }

 private:
  const FsmOptions& options_;
  Transition t_;
};

NotificationMessage fsm_error(State s) {
  switch (s) {
    case State::open_sent:
      return NotificationMessage::make(FsmSubcode::unexpected_message_in_open_sent);
    case State::open_confirm:
      return NotificationMessage::make(FsmSubcode::unexpected_message_in_open_confirm);
    case State::established:
      return NotificationMessage::make(FsmSubcode::unexpected_message_in_established);
    default:
      return NotificationMessage::make(FsmSubcode::unspecified);
  }
}

bool is_start(Event e) {
  return e == Event::manual_start || e == Event::automatic_start ||
         e == Event::manual_start_passive || e == Event::automatic_start_passive ||
         e == Event::idle_hold_timer_expires;
}

bool is_passive_start(Event e, const FsmOptions& o) {
  return e == Event::manual_start_passive || e == Event::automatic_start_passive ||
         (e == Event::idle_hold_timer_expires && o.passive) ||
         ((e == Event::manual_start || e == Event::automatic_start) && o.passive);
}

// OPEN received and accepted (events 19/20 leading to OpenConfirm).
void open_accepted(Builder& b) {
  b.act(Action::stop_connect_retry_timer).act(Action::stop_delay_open_timer).delay_open(false);
  b.act(Action::send_keepalive)
      .act(Action::start_keepalive_timer)
      .act(Action::start_hold_timer_negotiated)
      .go(State::open_confirm);
}

Transition from_idle(const FsmState& s, Event e, const FsmOptions& o) {
  Builder b(s, o);
  if (!is_start(e)) return b.done();  // §8.2.2 Idle: every other event is ignored
  if (is_passive_start(e, o)) {
    return b.act(Action::start_connect_retry_timer).go(State::active).done();
  }
  return b.act(Action::start_connect_retry_timer)
      .act(Action::initiate_tcp_connection)
      .go(State::connect)
      .done();
}

// Connect and Active share most of their table (§8.2.2).
Transition from_connect_or_active(const FsmState& s, Event e, const FsmOptions& o,
                                  const std::optional<NotificationMessage>& error) {
  Builder b(s, o);
  const bool connect = s.state == State::connect;
  switch (e) {
    case Event::manual_start:
    case Event::automatic_start:
    case Event::manual_start_passive:
    case Event::automatic_start_passive:
    case Event::idle_hold_timer_expires:
      return b.done();
    case Event::manual_stop:
      return b.stop_to_idle().done();
    case Event::connect_retry_timer_expires:
      if (!connect && o.passive) {
        return b.act(Action::start_connect_retry_timer).done();  // passive: keep listening
      }
      if (connect) {
        b.act(Action::drop_tcp_connection).act(Action::stop_delay_open_timer).delay_open(false);
      }
      return b.act(Action::start_connect_retry_timer)
          .act(Action::initiate_tcp_connection)
          .go(State::connect)
          .done();
    case Event::delay_open_timer_expires:
      if (!s.delay_open_running) return b.done();
      return b.act(Action::stop_connect_retry_timer)
          .delay_open(false)
          .act(Action::send_open)
          .act(Action::start_hold_timer_large)
          .go(State::open_sent)
          .done();
    case Event::tcp_connection_confirmed:
      b.act(Action::stop_connect_retry_timer);
      if (o.delay_open) return b.act(Action::start_delay_open_timer).delay_open(true).done();
      return b.act(Action::send_open)
          .act(Action::start_hold_timer_large)
          .go(State::open_sent)
          .done();
    case Event::tcp_connection_fails:
      if (connect && !s.delay_open_running) {
        // Connect: no DelayOpen running → Idle.
        return b.fail_to_idle(false).done();
      }
      if (connect) {
        // DelayOpen running: go on listening in Active.
        return b.act(Action::start_connect_retry_timer)
            .act(Action::stop_delay_open_timer)
            .delay_open(false)
            .act(Action::drop_tcp_connection)
            .go(State::active)
            .done();
      }
      return b.fail_to_idle().done();
    case Event::bgp_open:
      if (s.delay_open_running) {  // event 20
        b.act(Action::send_open);
        open_accepted(b);
        return b.done();
      }
      return b.fail_to_idle().done();
    case Event::bgp_header_error:
    case Event::bgp_open_message_error:
      if (error) b.notify(*error);
      return b.fail_to_idle().done();
    case Event::notification_version_error:
      return b.fail_to_idle(!s.delay_open_running).done();
    default:
      return b.fail_to_idle().done();
  }
}

// The exits OpenSent, OpenConfirm and Established share (§8.2.2): stops, timer expiries,
// collision dumps and message errors. Returns nullopt for the events each state handles itself.
std::optional<Transition> connected_common(const FsmState& s, Event e, const FsmOptions& o,
                                           const std::optional<NotificationMessage>& error) {
  Builder b(s, o);
  switch (e) {
    case Event::manual_start:
    case Event::automatic_start:
    case Event::manual_start_passive:
    case Event::automatic_start_passive:
    case Event::tcp_connection_confirmed:  // a second connection: collision handling (§6.8)
      return b.done();
    case Event::manual_stop:
      return b.notify(NotificationMessage::make(CeaseSubcode::administrative_shutdown))
          .stop_to_idle()
          .done();
    case Event::automatic_stop:
      return b.notify(NotificationMessage::make(CeaseSubcode::unspecific)).fail_to_idle().done();
    case Event::hold_timer_expires:
      return b.notify(NotificationMessage::hold_timer_expired()).fail_to_idle().done();
    case Event::send_hold_timer_expires:
      return b.notify(NotificationMessage::send_hold_timer_expired()).fail_to_idle().done();
    case Event::open_collision_dump:
      return b.notify(NotificationMessage::make(CeaseSubcode::connection_collision_resolution))
          .fail_to_idle()
          .done();
    case Event::bgp_header_error:
    case Event::bgp_open_message_error:
      return b.notify(error ? *error : fsm_error(s.state)).fail_to_idle().done();
    case Event::notification_version_error:
      // Not counted before Established (§8.2.2 OpenSent, OpenConfirm); counted after.
      return b.fail_to_idle(s.state == State::established).done();
    default:
      return std::nullopt;
  }
}

Transition from_open_sent(const FsmState& s, Event e, const FsmOptions& o) {
  Builder b(s, o);
  switch (e) {
    case Event::tcp_connection_fails:
      return b.act(Action::drop_tcp_connection)
          .act(Action::stop_timers)
          .act(Action::start_connect_retry_timer)
          .go(State::active)
          .done();
    case Event::bgp_open:
      open_accepted(b);
      return b.done();
    default:
      return b.notify(fsm_error(s.state)).fail_to_idle().done();
  }
}

Transition from_open_confirm(const FsmState& s, Event e, const FsmOptions& o) {
  Builder b(s, o);
  switch (e) {
    case Event::keepalive_timer_expires:
      return b.act(Action::send_keepalive).act(Action::start_keepalive_timer).done();
    case Event::tcp_connection_fails:
    case Event::notification:
      return b.fail_to_idle().done();
    case Event::keepalive:
      return b.act(Action::start_hold_timer_negotiated)
          .act(Action::session_established)
          .go(State::established)
          .done();
    default:
      return b.notify(fsm_error(s.state)).fail_to_idle().done();
  }
}

Transition from_established(const FsmState& s, Event e, const FsmOptions& o,
                            const std::optional<NotificationMessage>& error) {
  Builder b(s, o);
  switch (e) {
    case Event::keepalive_timer_expires:
      return b.act(Action::send_keepalive).act(Action::start_keepalive_timer).done();
    case Event::keepalive:
      return b.act(Action::start_hold_timer_negotiated).done();
    case Event::update:
      return b.act(Action::process_update).act(Action::start_hold_timer_negotiated).done();
    case Event::update_error:
      return b.notify(error ? *error : fsm_error(s.state)).fail_to_idle().done();
    case Event::tcp_connection_fails:
    case Event::notification:
      return b.fail_to_idle().done();
    default:
      return b.notify(fsm_error(s.state)).fail_to_idle().done();
  }
}

}  // namespace

Transition transition(const FsmState& current, Event event, const FsmOptions& options,
                      const std::optional<NotificationMessage>& error) {
  switch (current.state) {
    case State::idle:
      return from_idle(current, event, options);
    case State::connect:
    case State::active:
      return from_connect_or_active(current, event, options, error);
    case State::open_sent:
    case State::open_confirm:
    case State::established:
      if (auto t = connected_common(current, event, options, error)) return std::move(*t);
      if (current.state == State::open_sent) return from_open_sent(current, event, options);
      if (current.state == State::open_confirm) return from_open_confirm(current, event, options);
      return from_established(current, event, options, error);
  }
  return Transition{current, {}, std::nullopt};
}

}  // namespace rr::session
