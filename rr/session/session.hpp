// One BGP session: a configured peer, its TCP connection(s), its FSM, timers and counters.
//
// A Session is pinned to one event loop (an io_context run by one thread, DESIGN.md §2) and all
// its members are touched only from that loop; other threads talk to it by posting to the loop
// and read its PeerStats without locks. Received messages are framed, decoded with the
// negotiated context, validated (RFC 7606 verdicts applied and counted) and handed to the
// RouteSink as RouteUpdates. Outgoing UPDATE blocks are queued by the route pipeline with send()
// and written with gathered writes.
//
// Connection handling follows RFC 4271: the FSM of rr/session/fsm.hpp decides, this class acts.
// A second connection from the peer while one is in OpenSent/OpenConfirm runs its own FSM until
// an OPEN tells the BGP identifiers apart, then RFC 4271 §6.8 collision resolution keeps one. A
// new connection while Established replaces the old one only if graceful restart was negotiated
// (RFC 4724 §4.2: the peer restarted); otherwise it is refused with Cease / Connection
// Collision Resolution.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "rr/session/fsm.hpp"
#include "rr/session/negotiation.hpp"
#include "rr/session/output_feed.hpp"
#include "rr/session/peer_config.hpp"
#include "rr/session/peer_stats.hpp"
#include "rr/session/received_prefixes.hpp"
#include "rr/session/route_sink.hpp"
#include "rr/wire/message.hpp"

namespace rr::session {

class Session : public std::enable_shared_from_this<Session> {
 public:
  using Block = std::shared_ptr<const wire::Bytes>;

  Session(boost::asio::io_context& loop, PeerId id, PeerConfig config, RouteSink& sink);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // All of the following must be called on the session's loop (post to it from elsewhere).

  // Starts the FSM (AutomaticStart, passive or active per the configuration).
  void start();
  // ManualStop: Cease with `subcode` and an optional RFC 8203 shutdown communication; the
  // session stays Idle until start().
  void stop(wire::CeaseSubcode subcode = wire::CeaseSubcode::administrative_shutdown,
            std::string_view communication = {});
  // Administrative enable/disable of this peer only.
  void set_enabled(bool enabled);
  // A connection the listener accepted from this peer's address.
  void accept(boost::asio::ip::tcp::socket socket);
  // Queues encoded UPDATEs (whole messages) carrying `prefixes` NLRI; dropped unless Established.
  void send(Block block, std::size_t prefixes = 0);
  // The feed this session pulls UPDATEs from while Established (cleared when it leaves
  // Established). Set by the route pipeline from RouteSink::peer_up.
  void set_feed(std::shared_ptr<OutputFeed> feed);
  // Any thread: the feed has more to send; the session pulls when its queue is empty.
  void wake();
  // Sends ROUTE-REFRESH for a family (RFC 2918) if the peer supports it.
  void request_refresh(wire::AfiSafi afi_safi);
  // Takes a new configuration. Changes that need a new OPEN reset the session (Cease / Other
  // Configuration Change); others (max-prefix, restart-time cap) apply in place.
  void reconfigure(PeerConfig config);
  // Drops the session with a Cease NOTIFICATION (`subcode`, RFC 4486) and lets it come back
  // through the normal restart back-off; e.g. out_of_resources for a peer that fell too far
  // behind the shared output stream. No-op unless Established.
  void reset(wire::CeaseSubcode subcode, const std::string& reason);
  // When true, OPENs carry the GR R bit (rrd restarted and wants routes kept, RFC 4724 §4.1).
  void set_restarting(bool restarting) { restarting_ = restarting; }

  [[nodiscard]] PeerId id() const { return id_; }
  [[nodiscard]] const PeerConfig& config() const { return config_; }
  [[nodiscard]] std::shared_ptr<const Negotiated> negotiated() const { return negotiated_; }
  // Safe from any thread.
  [[nodiscard]] const PeerStats& stats() const { return stats_; }
  [[nodiscard]] boost::asio::io_context& loop() { return loop_; }

  // Reasons the FSM dropped the session, for the route pipeline's GR decision.
  enum class DownReason : std::uint8_t {
    tcp_failure,
    hold_timer,
    notification_sent,
    notification_received,
    admin
  };

 private:
  class Timer;
  struct Connection;
  using ConnectionPtr = std::shared_ptr<Connection>;

  void handle_event(const ConnectionPtr& c, Event event,
                    const std::optional<wire::NotificationMessage>& error = std::nullopt);
  void execute(const ConnectionPtr& c, const Transition& t, Event event);
  void connect();
  void start_read(const ConnectionPtr& c);
  void on_readable(const ConnectionPtr& c);
  void read_failed(const ConnectionPtr& c, const boost::system::error_code& ec);
  [[nodiscard]] std::size_t missing_bytes(const Connection& c) const;
  std::optional<std::size_t> handle_messages(const ConnectionPtr& c, wire::ByteView buffered);
  bool handle_message(const ConnectionPtr& c, wire::ByteView message);
  bool handle_open(const ConnectionPtr& c, wire::ByteView message);
  void handle_update(const ConnectionPtr& c, wire::UpdateMessage&& update);
  void handle_route_refresh(const ConnectionPtr& c, const wire::RouteRefreshMessage& rr);
  bool resolve_collision(const ConnectionPtr& c);
  void queue(const ConnectionPtr& c, Block block);
  void queue_message(const ConnectionPtr& c, const wire::Message& msg);
  void flush(const ConnectionPtr& c);
  bool refill(const ConnectionPtr& c);
  // Starts the update delay timer (unless running); it flushes the primary connection.
  void arm_update_delay();
  void close(const ConnectionPtr& c);
  void set_primary_state();
  void became_established(const ConnectionPtr& c);
  void left_established(bool retain_stale);
  void apply_prefix_count(const RouteUpdate& u);
  void start_idle_hold();
  void sweep_all_stale();
  [[nodiscard]] bool is_primary(const ConnectionPtr& c) const { return c == primary_; }
  [[nodiscard]] ConnectionPtr other(const ConnectionPtr& c) const;

  boost::asio::io_context& loop_;
  PeerId id_;
  PeerConfig config_;
  RouteSink& sink_;
  PeerStats stats_;

  ConnectionPtr primary_;    // the connection whose FSM is the peer's state
  ConnectionPtr secondary_;  // a colliding incoming connection, until resolved
  std::shared_ptr<const Negotiated> negotiated_;
  std::shared_ptr<OutputFeed> feed_;
  std::atomic<bool> wake_pending_{false};
  bool restarting_ = false;
  bool enabled_ = true;
  bool max_prefix_tripped_ = false;

  std::unique_ptr<Timer> connect_retry_;
  std::unique_ptr<Timer> idle_hold_;
  std::unique_ptr<Timer> update_delay_;          // PeerConfig::update_delay, armed by wake()
  std::atomic<bool> update_delay_armed_{false};  // written on the loop, read by wake()
  std::unique_ptr<Timer> stale_;                 // GR restart / EoR wait
  std::vector<wire::AfiSafi> stale_families_;

  ReceivedPrefixes received_;  // the peer's Adj-RIB-In keys: prefix count and max-prefix
  std::vector<wire::AfiSafi> disabled_families_;
};

}  // namespace rr::session
