// The RFC 4271 §8.2.2 state table, event by event, without I/O.
#include "rr/session/fsm.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace rr::session {
namespace {

using wire::ErrorCode;
using wire::NotificationMessage;

FsmState in(State s, std::uint32_t counter = 0, bool delay_open = false) {
  return FsmState{s, counter, delay_open};
}

std::vector<Action> actions(const Transition& t) {
  return {t.actions.begin(), t.actions.end()};
}

constexpr State kAllStates[] = {State::idle,      State::connect,      State::active,
                                State::open_sent, State::open_confirm, State::established};

TEST(Fsm, IdleStartsActiveOpenIntoConnect) {
  auto t = transition(in(State::idle), Event::manual_start, {});
  EXPECT_EQ(t.next.state, State::connect);
  EXPECT_EQ(actions(t),
            (std::vector{Action::start_connect_retry_timer, Action::initiate_tcp_connection}));
}

TEST(Fsm, IdleStartsPassiveOpenIntoActive) {
  for (Event e : {Event::manual_start_passive, Event::automatic_start_passive}) {
    auto t = transition(in(State::idle), e, {});
    EXPECT_EQ(t.next.state, State::active);
    EXPECT_FALSE(t.actions.contains(Action::initiate_tcp_connection));
  }
  // A peer configured passive never dials, whichever start it gets.
  FsmOptions passive{.passive = true};
  auto t = transition(in(State::idle), Event::automatic_start, passive);
  EXPECT_EQ(t.next.state, State::active);
  EXPECT_FALSE(t.actions.contains(Action::initiate_tcp_connection));
}

TEST(Fsm, IdleIgnoresEverythingButStarts) {
  for (Event e :
       {Event::manual_stop, Event::automatic_stop, Event::hold_timer_expires, Event::bgp_open,
        Event::update, Event::tcp_connection_confirmed, Event::keepalive}) {
    auto t = transition(in(State::idle, 3), e, {});
    EXPECT_EQ(t.next, in(State::idle, 3)) << to_string(e);
    EXPECT_EQ(t.actions.size(), 0U) << to_string(e);
  }
}

TEST(Fsm, IdleHoldExpiryRestartsAutomatically) {
  auto t = transition(in(State::idle, 2), Event::idle_hold_timer_expires, {});
  EXPECT_EQ(t.next.state, State::connect);
  EXPECT_EQ(t.next.connect_retry_counter, 2U);
}

TEST(Fsm, ConnectSendsOpenWhenTcpComesUp) {
  auto t = transition(in(State::connect), Event::tcp_connection_confirmed, {});
  EXPECT_EQ(t.next.state, State::open_sent);
  EXPECT_EQ(actions(t), (std::vector{Action::stop_connect_retry_timer, Action::send_open,
                                     Action::start_hold_timer_large}));
}

TEST(Fsm, DelayOpenWaitsForThePeersOpen) {
  FsmOptions o{.delay_open = true};
  auto t = transition(in(State::connect), Event::tcp_connection_confirmed, o);
  EXPECT_EQ(t.next.state, State::connect);
  EXPECT_TRUE(t.next.delay_open_running);
  EXPECT_TRUE(t.actions.contains(Action::start_delay_open_timer));
  EXPECT_FALSE(t.actions.contains(Action::send_open));

  // Event 20: the peer's OPEN arrives while DelayOpen runs: send OPEN and KEEPALIVE.
  auto open = transition(t.next, Event::bgp_open, o);
  EXPECT_EQ(open.next.state, State::open_confirm);
  EXPECT_FALSE(open.next.delay_open_running);
  EXPECT_EQ(actions(open),
            (std::vector{Action::send_open, Action::stop_connect_retry_timer,
                         Action::stop_delay_open_timer, Action::send_keepalive,
                         Action::start_keepalive_timer, Action::start_hold_timer_negotiated}));

  // Or the timer fires first: send our OPEN.
  auto fired = transition(t.next, Event::delay_open_timer_expires, o);
  EXPECT_EQ(fired.next.state, State::open_sent);
  EXPECT_TRUE(fired.actions.contains(Action::send_open));
}

TEST(Fsm, ActiveDelayOpenFromPassiveAccept) {
  FsmOptions o{.passive = true, .delay_open = true};
  auto t = transition(in(State::active), Event::tcp_connection_confirmed, o);
  EXPECT_EQ(t.next.state, State::active);
  EXPECT_TRUE(t.next.delay_open_running);
  auto open = transition(t.next, Event::bgp_open, o);
  EXPECT_EQ(open.next.state, State::open_confirm);
}

TEST(Fsm, ConnectRetryExpiryRedials) {
  auto t = transition(in(State::connect), Event::connect_retry_timer_expires, {});
  EXPECT_EQ(t.next.state, State::connect);
  EXPECT_EQ(actions(t),
            (std::vector{Action::drop_tcp_connection, Action::stop_delay_open_timer,
                         Action::start_connect_retry_timer, Action::initiate_tcp_connection}));
  auto a = transition(in(State::active), Event::connect_retry_timer_expires, {});
  EXPECT_EQ(a.next.state, State::connect);
  EXPECT_TRUE(a.actions.contains(Action::initiate_tcp_connection));
}

TEST(Fsm, PassivePeerKeepsListeningWhenConnectRetryExpires) {
  auto t = transition(in(State::active), Event::connect_retry_timer_expires, {.passive = true});
  EXPECT_EQ(t.next.state, State::active);
  EXPECT_FALSE(t.actions.contains(Action::initiate_tcp_connection));
}

TEST(Fsm, ConnectTcpFailureGoesIdleWithoutCounting) {
  auto t = transition(in(State::connect, 1), Event::tcp_connection_fails, {});
  EXPECT_EQ(t.next.state, State::idle);
  EXPECT_EQ(t.next.connect_retry_counter, 1U);
  EXPECT_TRUE(t.actions.contains(Action::start_idle_hold_timer));
  auto no_restart =
      transition(in(State::connect), Event::tcp_connection_fails, {.auto_restart = false});
  EXPECT_FALSE(no_restart.actions.contains(Action::start_idle_hold_timer));
}

TEST(Fsm, ConnectTcpFailureWithDelayOpenFallsBackToActive) {
  auto t =
      transition(in(State::connect, 0, true), Event::tcp_connection_fails, {.delay_open = true});
  EXPECT_EQ(t.next.state, State::active);
  EXPECT_FALSE(t.next.delay_open_running);
}

TEST(Fsm, ActiveTcpFailureCounts) {
  auto t = transition(in(State::active, 4), Event::tcp_connection_fails, {});
  EXPECT_EQ(t.next.state, State::idle);
  EXPECT_EQ(t.next.connect_retry_counter, 5U);
}

TEST(Fsm, OpenWithoutDelayOpenInConnectIsAnError) {
  auto t = transition(in(State::connect), Event::bgp_open, {});
  EXPECT_EQ(t.next.state, State::idle);
  EXPECT_TRUE(t.actions.contains(Action::drop_tcp_connection));
}

TEST(Fsm, OpenSentAcceptsOpenIntoOpenConfirm) {
  auto t = transition(in(State::open_sent), Event::bgp_open, {});
  EXPECT_EQ(t.next.state, State::open_confirm);
  EXPECT_TRUE(t.actions.contains(Action::send_keepalive));
  EXPECT_TRUE(t.actions.contains(Action::start_hold_timer_negotiated));
  EXPECT_TRUE(t.actions.contains(Action::start_keepalive_timer));
  EXPECT_FALSE(t.actions.contains(Action::send_open));
}

TEST(Fsm, OpenSentTcpFailureReturnsToActive) {
  auto t = transition(in(State::open_sent), Event::tcp_connection_fails, {});
  EXPECT_EQ(t.next.state, State::active);
  EXPECT_TRUE(t.actions.contains(Action::start_connect_retry_timer));
}

TEST(Fsm, OpenConfirmKeepaliveEstablishes) {
  auto t = transition(in(State::open_confirm, 3), Event::keepalive, {});
  EXPECT_EQ(t.next.state, State::established);
  EXPECT_EQ(t.next.connect_retry_counter, 3U);
  EXPECT_EQ(actions(t),
            (std::vector{Action::start_hold_timer_negotiated, Action::session_established}));
}

TEST(Fsm, KeepaliveTimerSendsKeepaliveInOpenConfirmAndEstablished) {
  for (State s : {State::open_confirm, State::established}) {
    auto t = transition(in(s), Event::keepalive_timer_expires, {});
    EXPECT_EQ(t.next.state, s);
    EXPECT_EQ(actions(t), (std::vector{Action::send_keepalive, Action::start_keepalive_timer}));
  }
}

TEST(Fsm, EstablishedProcessesUpdatesAndRestartsHold) {
  auto t = transition(in(State::established), Event::update, {});
  EXPECT_EQ(t.next.state, State::established);
  EXPECT_EQ(actions(t), (std::vector{Action::process_update, Action::start_hold_timer_negotiated}));
  auto k = transition(in(State::established), Event::keepalive, {});
  EXPECT_EQ(actions(k), (std::vector{Action::start_hold_timer_negotiated}));
}

TEST(Fsm, HoldTimerExpirySendsNotificationFromEveryOpenState) {
  for (State s : {State::open_sent, State::open_confirm, State::established}) {
    auto t = transition(in(s, 1), Event::hold_timer_expires, {});
    EXPECT_EQ(t.next.state, State::idle) << to_string(s);
    EXPECT_EQ(t.next.connect_retry_counter, 2U);
    ASSERT_TRUE(t.notification);
    EXPECT_EQ(t.notification->code, ErrorCode::hold_timer_expired);
    EXPECT_TRUE(t.actions.contains(Action::release_routes));
    EXPECT_TRUE(t.actions.contains(Action::drop_tcp_connection));
  }
}

TEST(Fsm, SendHoldTimerExpiryPerRfc9687) {
  for (State s : {State::open_sent, State::open_confirm, State::established}) {
    auto t = transition(in(s), Event::send_hold_timer_expires, {});
    EXPECT_EQ(t.next.state, State::idle);
    ASSERT_TRUE(t.notification);
    EXPECT_EQ(t.notification->code, ErrorCode::send_hold_timer_expired);
  }
}

TEST(Fsm, ManualStopSendsCeaseAndResetsCounterWithoutRestart) {
  for (State s : {State::open_sent, State::open_confirm, State::established}) {
    auto t = transition(in(s, 7), Event::manual_stop, {});
    EXPECT_EQ(t.next, in(State::idle, 0));
    ASSERT_TRUE(t.notification);
    EXPECT_EQ(t.notification->code, ErrorCode::cease);
    EXPECT_EQ(t.notification->subcode,
              static_cast<std::uint8_t>(wire::CeaseSubcode::administrative_shutdown));
    EXPECT_FALSE(t.actions.contains(Action::start_idle_hold_timer));
  }
  for (State s : {State::connect, State::active}) {
    auto t = transition(in(s, 7), Event::manual_stop, {});
    EXPECT_EQ(t.next, in(State::idle, 0));
    EXPECT_FALSE(t.notification) << "no OPEN exchanged: nothing to notify";
  }
}

TEST(Fsm, UnexpectedMessagesGetTheRfc6608Subcode) {
  struct Case {
    State state;
    Event event;
    wire::FsmSubcode expected;
  };
  for (auto c :
       {Case{State::open_sent, Event::keepalive, wire::FsmSubcode::unexpected_message_in_open_sent},
        Case{State::open_sent, Event::update, wire::FsmSubcode::unexpected_message_in_open_sent},
        Case{State::open_confirm, Event::update,
             wire::FsmSubcode::unexpected_message_in_open_confirm},
        Case{State::open_confirm, Event::bgp_open,
             wire::FsmSubcode::unexpected_message_in_open_confirm},
        Case{State::established, Event::bgp_open,
             wire::FsmSubcode::unexpected_message_in_established}}) {
    auto t = transition(in(c.state), c.event, {});
    EXPECT_EQ(t.next.state, State::idle);
    ASSERT_TRUE(t.notification);
    EXPECT_EQ(t.notification->code, ErrorCode::fsm);
    EXPECT_EQ(t.notification->subcode, static_cast<std::uint8_t>(c.expected));
  }
}

TEST(Fsm, DecodeErrorsAreReportedWithTheirOwnNotification) {
  auto err = NotificationMessage::make(wire::UpdateSubcode::malformed_as_path);
  auto t = transition(in(State::established), Event::update_error, {}, err);
  EXPECT_EQ(t.next.state, State::idle);
  ASSERT_TRUE(t.notification);
  EXPECT_EQ(*t.notification, err);

  auto open_err = NotificationMessage::make(wire::OpenSubcode::bad_peer_as);
  for (State s : {State::connect, State::active, State::open_sent, State::open_confirm}) {
    auto o = transition(in(s), Event::bgp_open_message_error, {}, open_err);
    EXPECT_EQ(o.next.state, State::idle);
    ASSERT_TRUE(o.notification) << to_string(s);
    EXPECT_EQ(*o.notification, open_err);
  }
}

TEST(Fsm, CollisionDumpSendsCeaseCollisionResolution) {
  for (State s : {State::open_sent, State::open_confirm, State::established}) {
    auto t = transition(in(s), Event::open_collision_dump, {});
    EXPECT_EQ(t.next.state, State::idle);
    ASSERT_TRUE(t.notification);
    EXPECT_EQ(t.notification->subcode,
              static_cast<std::uint8_t>(wire::CeaseSubcode::connection_collision_resolution));
  }
}

TEST(Fsm, NotificationFromPeerClosesWithoutReply) {
  for (State s : {State::open_confirm, State::established}) {
    auto t = transition(in(s), Event::notification, {});
    EXPECT_EQ(t.next.state, State::idle);
    EXPECT_FALSE(t.notification);
    EXPECT_TRUE(t.actions.contains(Action::release_routes));
  }
  auto v = transition(in(State::open_sent, 2), Event::notification_version_error, {});
  EXPECT_EQ(v.next.connect_retry_counter, 2U) << "a version error is not counted (§8.2.2)";
}

TEST(Fsm, SecondConnectionIsLeftToCollisionDetection) {
  for (State s : {State::open_sent, State::open_confirm, State::established}) {
    auto t = transition(in(s), Event::tcp_connection_confirmed, {});
    EXPECT_EQ(t.next.state, s);
    EXPECT_EQ(t.actions.size(), 0U);
  }
}

TEST(Fsm, StartEventsAreIgnoredOnceStarted) {
  for (State s : kAllStates) {
    if (s == State::idle) continue;
    for (Event e : {Event::manual_start, Event::automatic_start, Event::manual_start_passive,
                    Event::automatic_start_passive}) {
      auto t = transition(in(s, 1), e, {});
      EXPECT_EQ(t.next, in(s, 1)) << to_string(s) << " " << to_string(e);
      EXPECT_EQ(t.actions.size(), 0U);
    }
  }
}

TEST(Fsm, EveryFailureExitReleasesAndDrops) {
  // Whatever leads from a connected state to Idle must drop the connection and the routes.
  const Event all[] = {Event::manual_stop,
                       Event::automatic_stop,
                       Event::hold_timer_expires,
                       Event::delay_open_timer_expires,
                       Event::tcp_connection_fails,
                       Event::bgp_open,
                       Event::bgp_header_error,
                       Event::bgp_open_message_error,
                       Event::open_collision_dump,
                       Event::notification_version_error,
                       Event::notification,
                       Event::keepalive,
                       Event::update,
                       Event::update_error,
                       Event::send_hold_timer_expires,
                       Event::connect_retry_timer_expires};
  for (State s : kAllStates) {
    for (Event e : all) {
      auto t = transition(in(s), e, {});
      if (s != State::idle && t.next.state == State::idle) {
        EXPECT_TRUE(t.actions.contains(Action::drop_tcp_connection))
            << to_string(s) << " " << to_string(e);
        EXPECT_TRUE(t.actions.contains(Action::release_routes))
            << to_string(s) << " " << to_string(e);
        EXPECT_TRUE(t.actions.contains(Action::stop_timers)) << to_string(s) << " " << to_string(e);
      }
    }
  }
}

}  // namespace
}  // namespace rr::session
