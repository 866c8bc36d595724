// One iBGP session of the load generator: connects from its client's own 127.x address (or, for
// the IPv6 session of --v6-sessions, its own IPv6 address), runs the
// RFC 4271 §8 session states it needs (Connect -> OpenSent -> OpenConfirm -> Established),
// keeps the KEEPALIVE and hold timers (hold/3, RFC 4271 §10), sends its pre-encoded UPDATEs and
// End-of-RIBs once Established, and feeds every received UPDATE to its RouteChecker.
//
// A session that goes down (NOTIFICATION, EOF, hold timer) counts a reset and reconnects after
// 0.5 to 1.5 s (a connect pending for 3 s is abandoned and retried the same way); its checker
// starts a fresh table, except under graceful restart (W3, RFC 4724 §4.2): when both sides
// advertised the capability and the session dropped without a NOTIFICATION, the checker keeps the
// routes as stale until the new session's End-of-RIB, or until the restart time the reflector
// advertised runs out with no new session. W2: send_churn() writes one churn change at once. Owned
// by LoadGenerator, driven by its epoll loop on the one generator thread.
#pragma once

#include <cstddef>
#include <cstdint>

#include "perf/loadgen/churn.hpp"
#include "perf/loadgen/message_framer.hpp"
#include "perf/loadgen/net.hpp"
#include "perf/loadgen/output_queue.hpp"
#include "perf/loadgen/route_checker.hpp"
#include "perf/loadgen/workload.hpp"
#include "rr/wire/bytes.hpp"

namespace rr::perf {

enum class SessionState : std::uint8_t { idle, connecting, open_sent, open_confirm, established };

struct SessionStats {
  double established_s = -1;  // first time Established, seconds from the run's start
  double converged_s = -1;    // last time the table became complete (full table, no stale
                              // route, both EoRs); -1 if it never did
  std::uint64_t notifications_received = 0;
  std::uint64_t resets = 0;  // Established or OpenConfirm sessions that went down
  std::uint64_t hold_expiries = 0;
  std::uint64_t connect_failures = 0;
  // W3.
  double down_s = -1;             // first time an Established session went down
  double reestablished_s = -1;    // first time Established again after that
  std::uint64_t gr_retained = 0;  // times the routes were kept stale through a drop
  std::uint64_t gr_timer_expiries = 0;
};

// Messages shared by every session, encoded once.
struct SharedMessages {
  wire::Bytes keepalive;
  wire::Bytes cease;         // NOTIFICATION Cease / Administrative Shutdown
  wire::Bytes hold_expired;  // NOTIFICATION Hold Timer Expired
};

class ClientSession {
 public:
  // Client `index`'s session carrying `families`; `token` is its epoll token (its place in the
  // generator's session list).
  ClientSession(const Workload& workload, std::uint32_t index, SessionFamilies families,
                std::uint32_t token, const SharedMessages& shared, Poller& poller);

  // W2: churn routes are checked against `plan`; latencies go to `record`.
  void attach_churn(const ChurnPlan* plan, ChurnRecord* record);
  // W2: announces (stamped now) or withdraws churn slot `slot` of this session. False when the
  // session is not Established (nothing sent).
  bool send_churn(const ChurnPlan& plan, ChurnRecord& record, std::uint32_t slot, bool announce);

  // The run's time origin (set when the clock starts, after every session was encoded).
  void set_start(double t0) { t0_ = t0; }

  // Starts connecting to target:port (of the session's address family); on failure schedules a
  // retry.
  void connect(const wire::IpAddress& target, std::uint16_t port, double now);
  void on_event(std::uint32_t events, std::uint8_t* scratch, std::size_t scratch_size, double now);
  // Timers: keepalive, hold, reconnect. Returns true when the session wants a reconnect now.
  bool on_tick(double now);
  // Sends a Cease and closes.
  void shutdown();

  [[nodiscard]] SessionState state() const { return state_; }
  // The session is over IPv6 (the second session of a --v6-sessions client).
  [[nodiscard]] bool ipv6() const { return families_ == SessionFamilies::ipv6; }
  // The last OPEN exchange made IPv4 unicast part of the session (it receives IPv4 routes).
  [[nodiscard]] bool carries_v4() const { return send_v4_; }
  // The table is complete now (W4: a session can lose completeness again, e.g. feeder 0 when a
  // transient route reaches it, until the reflector withdraws it).
  [[nodiscard]] bool converged() const { return checker_.complete(); }
  [[nodiscard]] const SessionStats& stats() const { return stats_; }
  [[nodiscard]] const RouteChecker& checker() const { return checker_; }

 private:
  void on_connected(double now);
  void on_readable(std::uint8_t* scratch, std::size_t scratch_size, double now);
  bool on_message(BgpType type, const std::uint8_t* body, std::size_t length, double now);
  void flush();
  // `notified`: the session ends with a NOTIFICATION (sent or received), which rules out
  // graceful restart (RFC 4724 §4.2; RFC 8538 is not used here).
  void close_session(double now, bool notified = false);
  void update_interest();

  const Workload* workload_;
  std::uint32_t index_;
  SessionFamilies families_;
  std::uint32_t token_;
  const SharedMessages* shared_;
  Poller* poller_;
  double t0_ = 0;
  wire::Bytes open_;
  wire::Bytes announcements_v4_;
  wire::Bytes announcements_v6_;
  bool send_v4_ = true;
  bool send_v6_ = true;
  Fd fd_;
  SessionState state_ = SessionState::idle;
  bool want_write_ = false;
  MessageFramer framer_;
  OutputQueue out_;
  RouteChecker checker_;
  SessionStats stats_;
  double hold_s_ = 0;
  double last_received_ = 0;
  double last_keepalive_sent_ = 0;
  double retry_at_ = -1;
  double connect_started_ = 0;
  // The reflector's graceful restart capability on the last session (W3).
  bool peer_gr_ = false;
  bool peer_gr_v4_ = false;
  bool peer_gr_v6_ = false;
  double peer_restart_time_ = 0;
  double gr_deadline_ = -1;  // restart timer: stale routes go if no session is back by then
  wire::Bytes churn_message_;
  bool churn_ = false;  // a churn plan is attached
};

}  // namespace rr::perf
