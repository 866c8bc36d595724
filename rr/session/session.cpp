#include "rr/session/session.hpp"

#include <algorithm>
#include <cstring>

#include <boost/asio/buffer.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "rr/session/socket_options.hpp"

namespace rr::session {

namespace asio = boost::asio;
using asio::ip::tcp;
using wire::MessageType;
using wire::NotificationMessage;

namespace {

constexpr Seconds kLargeHoldTime{240};  // RFC 4271 §8.2.2 "a large value", 4 minutes
constexpr std::size_t kReadChunk = std::size_t{128} * 1024;
constexpr std::chrono::milliseconds kCloseLinger{500};

tcp::endpoint endpoint_of(const wire::IpAddress& a, std::uint16_t port) {
  if (a.is_v4()) return {asio::ip::address_v4(a.v4().value), port};
  asio::ip::address_v6::bytes_type b;
  std::copy(a.bytes.begin(), a.bytes.end(), b.begin());
  return {asio::ip::address_v6(b), port};
}

}  // namespace

// A restartable one-shot timer whose stale expiries are ignored (a cancelled wait whose handler
// was already queued still runs; the generation number tells).
class Session::Timer {
 public:
  explicit Timer(asio::io_context& loop) : timer_(loop) {}
  template <typename F>
  void start(std::chrono::steady_clock::duration d, std::weak_ptr<Session> owner, F f) {
    const auto gen = ++generation_;
    timer_.expires_after(d);
    timer_.async_wait([this, gen, owner = std::move(owner), f = std::move(f)](auto ec) {
      auto self = owner.lock();
      if (!self || ec || gen != generation_) return;
      f();
    });
    running_ = true;
  }
  void stop() {
    ++generation_;
    running_ = false;
    timer_.cancel();
  }
  [[nodiscard]] bool running() const { return running_; }

 private:
  asio::steady_timer timer_;
  std::uint64_t generation_ = 0;
  bool running_ = false;
};

// One TCP connection with its own FSM state. Owned by the Session; handlers hold it alive.
struct Session::Connection {
  explicit Connection(asio::io_context& loop, bool out)
      : socket(loop),
        outgoing(out),
        hold(loop),
        keepalive(loop),
        delay_open(loop),
        send_hold(loop) {}

  tcp::socket socket;
  bool outgoing;
  FsmState fsm;
  std::shared_ptr<Negotiated> negotiated;  // after the peer's OPEN was accepted
  wire::Bytes rx;
  std::size_t rx_used = 0;
  std::deque<Block> tx;
  std::vector<asio::const_buffer> writing;  // the gathered write in flight
  wire::Bytes gathered;                     // small blocks of the write in flight, copied
  std::size_t writing_blocks = 0;
  // The last refill took a bulk of UPDATEs (a table being sent): the next refill goes at once
  // after the write instead of waiting for the update delay.
  bool bulk = false;
  bool closing = false;
  bool closed = false;
  bool notified = false;  // we sent a NOTIFICATION on it
  bool got_notification = false;
  Timer hold;
  Timer keepalive;
  Timer delay_open;
  Timer send_hold;
};

Session::Session(asio::io_context& loop, PeerId id, PeerConfig config, RouteSink& sink)
    : loop_(loop),
      id_(id),
      config_(std::move(config)),
      sink_(sink),
      enabled_(config_.enabled),
      connect_retry_(std::make_unique<Timer>(loop)),
      idle_hold_(std::make_unique<Timer>(loop)),
      update_delay_(std::make_unique<Timer>(loop)),
      stale_(std::make_unique<Timer>(loop)) {
  primary_ = std::make_shared<Connection>(loop_, !config_.passive);
}

Session::~Session() = default;

Session::ConnectionPtr Session::other(const ConnectionPtr& c) const {
  return c == primary_ ? secondary_ : primary_;
}

void Session::start() {
  if (!enabled_) return;
  handle_event(primary_, config_.passive ? Event::automatic_start_passive : Event::automatic_start);
}

void Session::stop(wire::CeaseSubcode subcode, std::string_view communication) {
  for (const auto& c : {secondary_, primary_}) {
    if (!c) continue;
    const bool talking = c->fsm.state == State::open_sent || c->fsm.state == State::open_confirm ||
                         c->fsm.state == State::established;
    if (talking) {
      auto t = transition(c->fsm, Event::manual_stop,
                          FsmOptions{config_.passive, config_.delay_open, false});
      t.notification = communication.empty()
                           ? NotificationMessage::make(subcode)
                           : NotificationMessage::shutdown(subcode, communication);
      execute(c, t, Event::manual_stop);
    } else {
      handle_event(c, Event::manual_stop);
    }
  }
  secondary_.reset();
  idle_hold_->stop();
  connect_retry_->stop();
}

void Session::set_enabled(bool enabled) {
  if (enabled == enabled_) return;
  enabled_ = enabled;
  if (enabled) {
    start();
  } else {
    stop(wire::CeaseSubcode::administrative_shutdown, "administratively disabled");
  }
}

void Session::reconfigure(PeerConfig config) {
  PeerConfig in_place = config_;
  in_place.max_prefix = config.max_prefix;
  in_place.max_restart_time = config.max_restart_time;
  in_place.name = config.name;
  in_place.enabled = config.enabled;
  const bool reset = !(in_place == config);
  config_ = std::move(config);
  if (reset && primary_->fsm.state != State::idle) {
    auto t = transition(primary_->fsm, Event::manual_stop,
                        FsmOptions{config_.passive, config_.delay_open, false});
    t.notification = NotificationMessage::make(wire::CeaseSubcode::other_configuration_change);
    execute(primary_, t, Event::manual_stop);
    if (secondary_) {
      close(secondary_);
      secondary_.reset();
    }
    primary_ = std::make_shared<Connection>(loop_, !config_.passive);
    if (config_.enabled) start();
  }
  set_enabled(config_.enabled);
}

// ---- FSM plumbing ---------------------------------------------------------------------------

void Session::handle_event(const ConnectionPtr& c, Event event,
                           const std::optional<NotificationMessage>& error) {
  const FsmOptions options{config_.passive, config_.delay_open, enabled_ && !max_prefix_tripped_};
  execute(c, transition(c->fsm, event, options, error), event);
}

void Session::execute(const ConnectionPtr& c, const Transition& t, Event event) {
  const State before = c->fsm.state;
  c->fsm = t.next;
  auto weak = weak_from_this();
  for (Action a : t.actions) {
    switch (a) {
      case Action::initiate_tcp_connection:
        if (is_primary(c)) connect();
        break;
      case Action::drop_tcp_connection:
        close(c);
        break;
      case Action::send_open:
        queue_message(c, make_open(config_, restarting_));
        break;
      case Action::send_keepalive:
        queue_message(c, wire::KeepaliveMessage{});
        break;
      case Action::send_notification:
        if (t.notification) {
          queue_message(c, *t.notification);
          c->notified = true;
          stats_.set_last_error("sent " + t.notification->describe());
          if (t.notification->code == wire::ErrorCode::hold_timer_expired)
            stats_.count_hold_timer_expiry();
        }
        break;
      case Action::start_connect_retry_timer:
        if (is_primary(c)) {
          connect_retry_->start(config_.connect_retry_time, weak, [this] {
            handle_event(primary_, Event::connect_retry_timer_expires);
          });
        }
        break;
      case Action::stop_connect_retry_timer:
        if (is_primary(c)) connect_retry_->stop();
        break;
      case Action::start_delay_open_timer:
        c->delay_open.start(std::max(config_.hold_time / 3, Seconds{1}), weak,
                            [this, c] { handle_event(c, Event::delay_open_timer_expires); });
        break;
      case Action::stop_delay_open_timer:
        c->delay_open.stop();
        break;
      case Action::start_hold_timer_large:
        c->hold.start(kLargeHoldTime, weak,
                      [this, c] { handle_event(c, Event::hold_timer_expires); });
        break;
      case Action::start_hold_timer_negotiated:
        if (c->negotiated && c->negotiated->hold_time.count() > 0) {
          c->hold.start(c->negotiated->hold_time, weak,
                        [this, c] { handle_event(c, Event::hold_timer_expires); });
        } else {
          c->hold.stop();
        }
        break;
      case Action::start_keepalive_timer:
        if (c->negotiated && c->negotiated->keepalive_time.count() > 0) {
          c->keepalive.start(c->negotiated->keepalive_time, weak,
                             [this, c] { handle_event(c, Event::keepalive_timer_expires); });
        }
        break;
      case Action::stop_timers:
        c->hold.stop();
        c->keepalive.stop();
        c->delay_open.stop();
        c->send_hold.stop();
        break;
      case Action::start_idle_hold_timer:
        if (is_primary(c)) start_idle_hold();
        break;
      case Action::process_update:
        break;  // the caller processes the message after the transition
      case Action::release_routes:
        if (before == State::established && is_primary(c)) {
          // RFC 4724 §4.2: routes are retained (stale) when the session drops without a
          // NOTIFICATION; a NOTIFICATION (in either direction) deletes them.
          const bool gr = negotiated_ && negotiated_->graceful_restart.has_value();
          left_established(gr && !c->notified && !c->got_notification &&
                           event != Event::manual_stop && event != Event::automatic_stop);
        }
        break;
      case Action::session_established:
        became_established(c);
        break;
    }
  }
  if (c == secondary_ && c->fsm.state == State::idle) secondary_.reset();
  set_primary_state();
}

void Session::set_primary_state() {
  stats_.set_state(primary_->fsm.state, std::chrono::system_clock::now());
}

void Session::start_idle_hold() {
  // Back off on repeated failures: 1 s, then the connect-retry time times the failure count, up
  // to 2 minutes. After a max-prefix teardown, the configured restart delay.
  Seconds delay{1};
  if (max_prefix_tripped_) {
    delay = config_.max_prefix.restart_delay;
  } else if (primary_->fsm.connect_retry_counter > 1) {
    delay = std::min<Seconds>(config_.connect_retry_time * primary_->fsm.connect_retry_counter,
                              Seconds{120});
  }
  idle_hold_->start(delay, weak_from_this(), [this] {
    max_prefix_tripped_ = false;
    if (!enabled_) return;
    if (primary_->closed || primary_->closing) {
      auto fresh = std::make_shared<Connection>(loop_, !config_.passive);
      fresh->fsm = primary_->fsm;
      primary_ = fresh;
    }
    handle_event(primary_, Event::idle_hold_timer_expires);
  });
}

// ---- Connections ----------------------------------------------------------------------------

void Session::connect() {
  auto c = primary_;
  if (c->closed || c->closing || c->socket.is_open()) {
    auto fresh = std::make_shared<Connection>(loop_, true);
    fresh->fsm = c->fsm;
    c = primary_ = fresh;
  }
  c->outgoing = true;
  const auto remote = endpoint_of(config_.remote_address, config_.remote_port);
  boost::system::error_code ec;
  c->socket.open(remote.protocol(), ec);
  if (!ec && config_.local_address) {
    c->socket.set_option(tcp::socket::reuse_address(true), ec);
    c->socket.bind(endpoint_of(*config_.local_address, 0), ec);
  }
  if (!ec && !config_.password.empty()) {
    if (auto e = set_tcp_md5(c->socket.native_handle(), config_.remote_address, config_.password)) {
      ec = boost::system::error_code(e.value(), boost::system::generic_category());
    }
  }
  if (!ec && config_.ttl_security_hops) {
    if (auto e = set_ttl_security(c->socket.native_handle(), config_.remote_address.afi,
                                  *config_.ttl_security_hops)) {
      ec = boost::system::error_code(e.value(), boost::system::generic_category());
    }
  }
  if (ec) {
    stats_.set_last_error("socket setup: " + ec.message());
    asio::post(loop_, [self = shared_from_this(), c] {
      if (c == self->primary_) self->handle_event(c, Event::tcp_connection_fails);
    });
    return;
  }
  c->socket.async_connect(remote,
                          [self = shared_from_this(), c](const boost::system::error_code& e) {
                            if (c != self->primary_ || c->closed) return;
                            if (e) {
                              self->stats_.set_last_error("connect: " + e.message());
                              self->close(c);
                              self->handle_event(c, Event::tcp_connection_fails);
                              return;
                            }
                            set_no_delay(c->socket.native_handle());
                            self->start_read(c);
                            self->handle_event(c, Event::tcp_connection_confirmed);
                          });
}

void Session::accept(tcp::socket socket) {
  if (!enabled_ || max_prefix_tripped_) {
    boost::system::error_code ignored;
    socket.close(ignored);
    return;
  }
  auto c = std::make_shared<Connection>(loop_, false);
  c->socket = std::move(socket);
  set_no_delay(c->socket.native_handle());
  if (config_.ttl_security_hops) {
    set_ttl_security(c->socket.native_handle(), config_.remote_address.afi,
                     *config_.ttl_security_hops);
  }
  switch (primary_->fsm.state) {
    case State::idle:
      // Between attempts (IdleHold running): take the connection now.
      idle_hold_->stop();
      primary_ = c;
      c->fsm = FsmState{State::idle, 0, false};
      handle_event(c, Event::automatic_start_passive);
      break;
    case State::connect:
    case State::active:
      // No BGP conversation yet: the incoming connection replaces any outgoing attempt.
      if (primary_->socket.is_open()) close(primary_);
      c->fsm = primary_->fsm;
      c->fsm.state = State::active;
      primary_ = c;
      break;
    case State::open_sent:
    case State::open_confirm:
      if (secondary_) close(secondary_);
      secondary_ = c;
      c->fsm = FsmState{State::active, 0, false};
      break;
    case State::established:
      if (negotiated_ && negotiated_->graceful_restart) {
        // RFC 4724 §4.2: a new connection from an Established GR peer means it restarted.
        stats_.set_last_error("peer reconnected while Established: graceful restart");
        execute(primary_,
                transition(primary_->fsm, Event::tcp_connection_fails,
                           {config_.passive, config_.delay_open, false}),
                Event::tcp_connection_fails);
        connect_retry_->stop();
        idle_hold_->stop();
        primary_ = c;
        c->fsm = FsmState{State::active, 0, false};
      } else {
        // RFC 4271 §6.8: collision with an Established session: the new connection loses.
        queue_message(
            c, NotificationMessage::make(wire::CeaseSubcode::connection_collision_resolution));
        close(c);
        return;
      }
      break;
  }
  start_read(c);
  handle_event(c, Event::tcp_connection_confirmed);
}

void Session::close(const ConnectionPtr& c) {
  if (c->closed || c->closing) return;
  c->hold.stop();
  c->keepalive.stop();
  c->delay_open.stop();
  c->send_hold.stop();
  if (!c->socket.is_open()) {
    c->closed = true;
    return;
  }
  c->closing = true;
  if (c->tx.empty()) {
    boost::system::error_code ignored;
    c->socket.shutdown(tcp::socket::shutdown_both, ignored);
    c->socket.close(ignored);
    c->closed = true;
    return;
  }
  // Let a queued NOTIFICATION go out, but not for long.
  auto linger = std::make_shared<asio::steady_timer>(loop_, kCloseLinger);
  linger->async_wait([c, linger](auto) {
    boost::system::error_code ignored;
    c->socket.close(ignored);
    c->closed = true;
  });
}

// ---- Reading --------------------------------------------------------------------------------

// Reading is reactor-style: wait until the socket is readable, then read into the event loop's
// scratch buffer and handle every whole message straight from there. A connection keeps only the
// start of a message that has not fully arrived (at most one message), so the 500 idle sessions
// of a Calico cluster hold no read buffers, while a feeder sending a full table is read 128 KiB at
// a time.

namespace {

std::span<std::byte> read_scratch() {
  thread_local const auto buffer = std::make_unique_for_overwrite<std::byte[]>(kReadChunk);
  return {buffer.get(), kReadChunk};
}

}  // namespace

void Session::start_read(const ConnectionPtr& c) {
  if (!c->socket.non_blocking()) {
    boost::system::error_code ec;
    c->socket.non_blocking(true, ec);
    if (ec) {
      read_failed(c, ec);
      return;
    }
  }
  c->socket.async_wait(tcp::socket::wait_read,
                       [self = shared_from_this(), c](const boost::system::error_code& ec) {
                         if (c->closed || c->closing) return;
                         if (ec) {
                           self->read_failed(c, ec);
                           return;
                         }
                         self->on_readable(c);
                       });
}

void Session::read_failed(const ConnectionPtr& c, const boost::system::error_code& ec) {
  stats_.set_last_error(ec == asio::error::eof ? "connection closed by peer"
                                               : "read: " + ec.message());
  close(c);
  handle_event(c, Event::tcp_connection_fails);
}

void Session::on_readable(const ConnectionPtr& c) {
  const auto scratch = read_scratch();
  boost::system::error_code ec;
  const std::size_t n = c->socket.read_some(asio::buffer(scratch.data(), scratch.size()), ec);
  if (ec == asio::error::would_block || ec == asio::error::try_again) {
    start_read(c);
    return;
  }
  if (ec) {
    read_failed(c, ec);
    return;
  }
  wire::ByteView in(scratch.data(), n);
  // First complete the message that straddled the previous read, taking only its missing bytes.
  while (!c->rx.empty()) {
    const std::size_t missing = missing_bytes(*c);
    if (missing == 0) {
      // One whole message (or a header that does not parse: handle_messages reports it).
      if (!handle_messages(c, c->rx)) return;
      c->rx.clear();
      break;
    }
    if (in.empty()) break;
    const auto take = std::min(missing, in.size());
    c->rx.insert(c->rx.end(), in.begin(), in.begin() + static_cast<std::ptrdiff_t>(take));
    in = in.subspan(take);
  }
  if (c->rx.empty()) {
    const auto used = handle_messages(c, in);
    if (!used) return;
    c->rx.assign(in.begin() + static_cast<std::ptrdiff_t>(*used), in.end());
  }
  if (c->rx.empty() && c->rx.capacity() > wire::kMaxMessageSize) wire::Bytes().swap(c->rx);
  start_read(c);
}

// How many bytes c.rx still lacks to hold one whole message; 0 when it does, or when its header
// is already known to be bad.
std::size_t Session::missing_bytes(const Connection& c) const {
  if (c.rx.size() < wire::kHeaderSize) return wire::kHeaderSize - c.rx.size();
  const wire::CodecContext ctx = c.negotiated ? c.negotiated->rx : wire::CodecContext{};
  const auto header = wire::peek_header(c.rx, ctx);
  if (!header || !header->has_value()) return 0;
  const std::size_t length = (*header)->length;
  return length > c.rx.size() ? length - c.rx.size() : 0;
}

// Handles every whole message at the front of `buffered`; returns how many bytes they took, or
// nothing when the connection went away (or is going) meanwhile.
std::optional<std::size_t> Session::handle_messages(const ConnectionPtr& c,
                                                    wire::ByteView buffered) {
  std::size_t pos = 0;
  while (!c->closing && !c->closed) {
    // The context changes once the OPEN is accepted (extended messages): read it per message.
    const wire::CodecContext ctx = c->negotiated ? c->negotiated->rx : wire::CodecContext{};
    const auto rest = buffered.subspan(pos);
    auto header = wire::peek_header(rest, ctx);
    if (!header) {
      handle_event(c, Event::bgp_header_error, NotificationMessage::from(header.error()));
      return std::nullopt;
    }
    if (!header->has_value() || rest.size() < (*header)->length) break;
    const auto len = (*header)->length;
    if (!handle_message(c, rest.first(len))) return std::nullopt;
    pos += len;
  }
  if (c->closing || c->closed) return std::nullopt;
  return pos;
}

// Returns false when the connection went away while handling the message.
bool Session::handle_message(const ConnectionPtr& c, wire::ByteView message) {
  const auto type = static_cast<MessageType>(message[18]);
  stats_.count_in(type);
  const auto body = message.subspan(wire::kHeaderSize);
  switch (type) {
    case MessageType::open:
      return handle_open(c, message);
    case MessageType::keepalive:
      handle_event(c, Event::keepalive);
      break;
    case MessageType::notification: {
      auto n = wire::decode_notification(body);
      c->got_notification = true;
      if (n) {
        stats_.set_last_error("received " + n->describe());
        const bool version =
            n->code == wire::ErrorCode::open_message &&
            n->subcode == static_cast<std::uint8_t>(wire::OpenSubcode::unsupported_version_number);
        handle_event(c, version ? Event::notification_version_error : Event::notification);
      } else {
        stats_.set_last_error("received a malformed NOTIFICATION");
        handle_event(c, Event::notification);
      }
      break;
    }
    case MessageType::update: {
      if (c->fsm.state != State::established || !c->negotiated) {
        handle_event(c, Event::update);  // FSM error for the state
        break;
      }
      auto u = wire::decode_update(body, c->negotiated->rx);
      if (!u) {
        if (u.error().action == wire::ErrorAction::afi_safi_disable && u.error().afi_safi &&
            negotiated_ && negotiated_->families.size() > 1) {
          const auto af = *u.error().afi_safi;
          if (std::find(disabled_families_.begin(), disabled_families_.end(), af) ==
              disabled_families_.end()) {
            disabled_families_.push_back(af);
            stats_.set_last_error("disabled " + wire::to_string(af) + ": " +
                                  std::string(u.error().reason));
            received_.drop_family(af);
            stats_.set_prefixes_received(received_.size());
            sink_.family_disabled(id_, af);
          }
          handle_event(c, Event::keepalive);  // the message still counts as one
          break;
        }
        stats_.set_last_error(std::string("malformed UPDATE: ") + std::string(u.error().reason));
        handle_event(c, Event::update_error, NotificationMessage::from(u.error()));
        break;
      }
      handle_event(c, Event::update);
      if (c->fsm.state == State::established) handle_update(c, std::move(*u));
      break;
    }
    case MessageType::route_refresh: {
      auto rr = wire::decode_route_refresh(body);
      if (!rr) {
        if (rr.error().action == wire::ErrorAction::none) break;  // reserved subtype: ignore
        if (c->negotiated && c->negotiated->enhanced_route_refresh) {
          handle_event(c, Event::update_error, NotificationMessage::from(rr.error()));
        }
        break;
      }
      if (c->fsm.state != State::established) {
        handle_event(c, Event::update);
        break;
      }
      handle_event(c, Event::keepalive);  // restarts the hold timer
      handle_route_refresh(c, *rr);
      break;
    }
  }
  return !c->closed && !c->closing;
}

bool Session::handle_open(const ConnectionPtr& c, wire::ByteView message) {
  auto open = wire::decode_open(message.subspan(wire::kHeaderSize));
  if (!open) {
    stats_.set_last_error(std::string("malformed OPEN: ") + std::string(open.error().reason));
    handle_event(c, Event::bgp_open_message_error, NotificationMessage::from(open.error()));
    return false;
  }
  const bool expecting = c->fsm.state == State::open_sent ||
                         ((c->fsm.state == State::connect || c->fsm.state == State::active) &&
                          c->fsm.delay_open_running);
  if (expecting) {
    auto n = negotiate(config_, *open);
    if (!n) {
      stats_.set_last_error("refused OPEN: " + n.error().describe());
      handle_event(c, Event::bgp_open_message_error, n.error());
      return false;
    }
    boost::system::error_code ec;
    const auto local = c->socket.local_endpoint(ec);
    if (!ec) {
      const auto a = local.address();
      if (a.is_v4()) {
        n->local_address = wire::IpAddress::from(wire::Ipv4Address{a.to_v4().to_uint()});
      } else if (a.to_v6().is_v4_mapped()) {
        n->local_address = wire::IpAddress::from(wire::Ipv4Address{
            boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6()).to_uint()});
      } else {
        n->local_address = wire::IpAddress::from(wire::Ipv6Address{a.to_v6().to_bytes()});
      }
    }
    c->negotiated = std::make_shared<Negotiated>(std::move(*n));
    if (!resolve_collision(c)) return false;
  }
  handle_event(c, Event::bgp_open);
  return !c->closed && !c->closing;
}

// RFC 4271 §6.8. Returns false if `c` lost.
bool Session::resolve_collision(const ConnectionPtr& c) {
  auto o = other(c);
  if (!o || o->closed || o->closing) return true;
  if (o->fsm.state != State::open_sent && o->fsm.state != State::open_confirm) return true;
  // The connection opened by the speaker with the higher BGP identifier survives.
  const bool local_higher = config_.router_id.value > c->negotiated->peer_id.value;
  const ConnectionPtr keep = (local_higher == o->outgoing) ? o : c;
  const ConnectionPtr drop = keep == c ? o : c;
  // The survivor becomes the primary before the loser is dumped, so that the loser's FSM exit
  // does not touch the peer-level timers.
  primary_ = keep;
  secondary_ = drop;
  handle_event(drop, Event::open_collision_dump);
  secondary_.reset();
  set_primary_state();
  return keep == c;
}

// ---- Established ----------------------------------------------------------------------------

void Session::became_established(const ConnectionPtr& c) {
  if (!is_primary(c)) {
    // Defensive: only the primary may be Established; collision resolution made it so.
    primary_ = c;
  }
  // RFC 4271 §6.8: a connection accepted while this one was already in OpenConfirm (so
  // resolve_collision() had nothing to compare yet) now collides with an Established session
  // and loses. Without this it stayed in OpenSent under the large hold timer, and if the peer
  // answered its OPEN it became a second Established session beside this one (found by
  // tests/interop test_collision_late_connection_is_dumped).
  if (secondary_ && secondary_ != c) {
    const ConnectionPtr loser = secondary_;
    handle_event(loser, Event::open_collision_dump);
    secondary_.reset();
  }
  negotiated_ = c->negotiated;
  received_.clear();
  disabled_families_.clear();
  stats_.set_prefixes_received(0);
  // RFC 4724 §4.2: a restarted peer that does not preserve forwarding state for a family (or
  // no longer offers GR) gets that family's stale routes flushed now.
  if (!stale_families_.empty()) {
    std::vector<wire::AfiSafi> keep;
    for (const auto& af : stale_families_) {
      const auto& gr = negotiated_->graceful_restart;
      const bool preserved =
          gr && std::find(gr->preserved.begin(), gr->preserved.end(), af) != gr->preserved.end();
      if (preserved) {
        keep.push_back(af);
      } else {
        sink_.sweep_stale(id_, af);
      }
    }
    stale_families_ = std::move(keep);
    if (!stale_families_.empty()) {
      // Wait for the End-of-RIB markers, but not for ever.
      stale_->start(
          std::max(negotiated_->graceful_restart->peer_restart_time, Seconds{config_.restart_time}),
          weak_from_this(), [this] { sweep_all_stale(); });
    } else {
      stale_->stop();
    }
  }
  sink_.peer_up(id_, negotiated_, *this);
}

void Session::left_established(bool retain_stale) {
  feed_.reset();
  received_.clear();
  stats_.set_prefixes_received(0);
  sink_.peer_down(id_, retain_stale);
  if (retain_stale && negotiated_) {
    stale_families_ = negotiated_->families;
    const auto restart = negotiated_->graceful_restart->peer_restart_time;
    stale_->start(restart, weak_from_this(), [this] { sweep_all_stale(); });
  } else {
    stale_families_.clear();
    stale_->stop();
  }
  negotiated_.reset();
}

void Session::sweep_all_stale() {
  for (const auto& af : stale_families_)
    sink_.sweep_stale(id_, af);
  stale_families_.clear();
}

void Session::handle_update(const ConnectionPtr& c, wire::UpdateMessage&& u) {
  // RFC 6793 §4.2.3: a 2-octet peer's AS_PATH/AGGREGATOR are rebuilt from AS4_PATH/AS4_AGGREGATOR.
  if (!c->negotiated->rx.four_octet_as) wire::apply_as4_merge(u.attributes);
  if (u.action == wire::ErrorAction::treat_as_withdraw) stats_.count_treat_as_withdraw();
  if (u.action == wire::ErrorAction::attribute_discard) stats_.count_attribute_discard();
  for (const auto& e : u.errors)
    stats_.set_last_error(std::string("UPDATE: ") + std::string(e.reason));

  if (auto eor = u.end_of_rib()) {
    auto it = std::find(stale_families_.begin(), stale_families_.end(), *eor);
    if (it != stale_families_.end()) {
      sink_.sweep_stale(id_, *eor);
      stale_families_.erase(it);
      if (stale_families_.empty()) stale_->stop();
    }
    sink_.end_of_rib(id_, *eor);
    return;
  }

  const auto negotiated_family = [&](wire::AfiSafi af) {
    return c->negotiated->has_family(af) &&
           std::find(disabled_families_.begin(), disabled_families_.end(), af) ==
               disabled_families_.end();
  };
  const bool withdraw_all = u.action == wire::ErrorAction::treat_as_withdraw;

  std::shared_ptr<RouteAttributes> attrs;
  auto make_attrs = [&](wire::MpNextHop nh) {
    auto a = std::make_shared<RouteAttributes>();
    a->attributes = u.attributes;
    a->next_hop = nh;
    return a;
  };

  // IPv4 unicast fields.
  if (!u.withdrawn.empty() || !u.nlri.empty()) {
    RouteUpdate r;
    r.afi_safi = wire::kIpv4Unicast;
    r.withdrawn = std::move(u.withdrawn);
    if (withdraw_all || !u.attributes.next_hop) {
      r.withdrawn.insert(r.withdrawn.end(), u.nlri.begin(), u.nlri.end());
    } else {
      r.announced = std::move(u.nlri);
      r.attributes =
          make_attrs(wire::MpNextHop{wire::IpAddress::from(*u.attributes.next_hop), std::nullopt});
    }
    if (negotiated_family(r.afi_safi)) {
      apply_prefix_count(r);
      sink_.update(id_, std::move(r));
    }
  }
  if (u.mp_unreach && negotiated_family(u.mp_unreach->afi_safi) &&
      !u.mp_unreach->withdrawn.empty()) {
    RouteUpdate r;
    r.afi_safi = u.mp_unreach->afi_safi;
    r.withdrawn = std::move(u.mp_unreach->withdrawn);
    apply_prefix_count(r);
    sink_.update(id_, std::move(r));
  }
  if (u.mp_reach && negotiated_family(u.mp_reach->afi_safi) && !u.mp_reach->nlri.empty()) {
    RouteUpdate r;
    r.afi_safi = u.mp_reach->afi_safi;
    if (withdraw_all) {
      r.withdrawn = std::move(u.mp_reach->nlri);
    } else {
      r.announced = std::move(u.mp_reach->nlri);
      r.attributes = make_attrs(u.mp_reach->next_hop);
    }
    apply_prefix_count(r);
    sink_.update(id_, std::move(r));
  }

  if (config_.max_prefix.limit > 0 && received_.size() > config_.max_prefix.limit) {
    stats_.count_max_prefix();
    if (config_.max_prefix.warning_only) {
      stats_.set_last_error("max-prefix " + std::to_string(config_.max_prefix.limit) +
                            " exceeded (warning)");
    } else if (!max_prefix_tripped_) {
      // RFC 4486 §4: Cease / Maximum Number of Prefixes Reached, data: AFI, SAFI, limit.
      max_prefix_tripped_ = true;
      wire::Bytes data;
      wire::Writer w(data);
      w.u16(static_cast<std::uint16_t>(wire::Afi::ipv4));
      w.u8(static_cast<std::uint8_t>(wire::Safi::unicast));
      w.u32(config_.max_prefix.limit);
      auto t =
          transition(c->fsm, Event::automatic_stop, {config_.passive, config_.delay_open, true});
      t.notification =
          NotificationMessage::make(wire::CeaseSubcode::maximum_prefixes_reached, std::move(data));
      execute(c, t, Event::automatic_stop);
    }
  }
}

void Session::apply_prefix_count(const RouteUpdate& u) {
  for (const auto& n : u.withdrawn)
    received_.remove(u.afi_safi, n);
  for (const auto& n : u.announced)
    received_.add(u.afi_safi, n);
  stats_.set_prefixes_received(received_.size());
}

void Session::handle_route_refresh(const ConnectionPtr& c, const wire::RouteRefreshMessage& rr) {
  if (!c->negotiated->has_family(rr.afi_safi)) return;  // RFC 2918 §4: ignore
  switch (rr.subtype) {
    case wire::RouteRefreshSubtype::request:
      sink_.refresh_requested(id_, rr.afi_safi);
      break;
    case wire::RouteRefreshSubtype::begin_of_rib:
      if (c->negotiated->enhanced_route_refresh) sink_.mark_stale(id_, rr.afi_safi);
      break;
    case wire::RouteRefreshSubtype::end_of_rib:
      if (c->negotiated->enhanced_route_refresh) sink_.sweep_stale(id_, rr.afi_safi);
      break;
  }
}

void Session::request_refresh(wire::AfiSafi afi_safi) {
  if (primary_->fsm.state != State::established || !negotiated_ || !negotiated_->route_refresh)
    return;
  // RFC 2918 §3: only for a family both sides negotiated.
  if (!negotiated_->has_family(afi_safi)) return;
  queue_message(primary_, wire::RouteRefreshMessage{afi_safi, wire::RouteRefreshSubtype::request});
}

// ---- Writing --------------------------------------------------------------------------------

void Session::send(Block block, std::size_t prefixes) {
  if (primary_->fsm.state != State::established || primary_->closing) return;
  stats_.count_out(MessageType::update);
  stats_.add_prefixes_sent(prefixes);
  queue(primary_, std::move(block));
  // RFC 4271 §8.2.2: sending an UPDATE restarts the KeepaliveTimer.
  if (negotiated_ && negotiated_->keepalive_time.count() > 0) {
    auto c = primary_;
    c->keepalive.start(negotiated_->keepalive_time, weak_from_this(),
                       [this, c] { handle_event(c, Event::keepalive_timer_expires); });
  }
}

void Session::reset(wire::CeaseSubcode subcode, const std::string& reason) {
  const auto c = primary_;
  if (c->fsm.state != State::established || c->closing) return;
  stats_.set_last_error(reason);
  auto t = transition(c->fsm, Event::automatic_stop, {config_.passive, config_.delay_open, true});
  t.notification = NotificationMessage::make(subcode);
  execute(c, t, Event::automatic_stop);
}

void Session::set_feed(std::shared_ptr<OutputFeed> feed) {
  feed_ = std::move(feed);
  if (feed_ && primary_->fsm.state == State::established && primary_->writing_blocks == 0)
    flush(primary_);
}

void Session::wake() {
  // While the update delay timer runs, it pulls everything appended before it fires: no need to
  // post (churn calls this for every peer on every change). The fence pairs with the one in
  // arm_update_delay's expiry, so that either the timer's pull sees the caller's new entries or
  // this call sees the timer disarmed.
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (update_delay_armed_.load(std::memory_order_relaxed)) return;
  if (wake_pending_.exchange(true, std::memory_order_acq_rel)) return;
  asio::post(loop_, [weak = weak_from_this()] {
    auto self = weak.lock();
    if (!self) return;
    self->wake_pending_.store(false, std::memory_order_release);
    if (!self->feed_) return;
    if (self->config_.update_delay.count() == 0) {
      // A write in flight refills when it completes.
      if (self->primary_->writing_blocks == 0) self->flush(self->primary_);
      return;
    }
    // Also while a write is in flight: after a small write the session pulls only when woken.
    self->arm_update_delay();
  });
}

void Session::arm_update_delay() {
  if (update_delay_armed_.load(std::memory_order_relaxed)) return;
  update_delay_armed_.store(true, std::memory_order_relaxed);
  update_delay_->start(config_.update_delay, weak_from_this(), [this] {
    update_delay_armed_.store(false, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (!feed_) return;
    if (primary_->writing_blocks != 0) {
      arm_update_delay();  // a slow write: pull after the next delay
      return;
    }
    flush(primary_);
  });
}

bool Session::refill(const ConnectionPtr& c) {
  if (!feed_ || !is_primary(c) || c->fsm.state != State::established || c->closing) return false;
  constexpr std::size_t kRefillBytes = std::size_t{256} * 1024;
  constexpr std::size_t kBulkBytes = std::size_t{32} * 1024;
  std::vector<Block> blocks;
  const auto pulled = feed_->pull(blocks, kRefillBytes);
  std::size_t bytes = 0;
  for (const auto& b : blocks)
    bytes += b->size();
  c->bulk = bytes >= kBulkBytes;
  if (blocks.empty()) return false;
  for (std::size_t i = 0; i < pulled.messages; ++i)
    stats_.count_out(MessageType::update);
  stats_.add_prefixes_sent(pulled.prefixes);
  for (auto& b : blocks)
    c->tx.push_back(std::move(b));
  // RFC 4271 §8.2.2: sending an UPDATE restarts the KeepaliveTimer.
  if (negotiated_ && negotiated_->keepalive_time.count() > 0) {
    c->keepalive.start(negotiated_->keepalive_time, weak_from_this(),
                       [this, c] { handle_event(c, Event::keepalive_timer_expires); });
  }
  return true;
}

void Session::queue_message(const ConnectionPtr& c, const wire::Message& msg) {
  auto bytes = std::make_shared<wire::Bytes>();
  const auto ctx = c->negotiated ? c->negotiated->tx : wire::CodecContext{};
  if (!wire::encode(msg, ctx, *bytes)) return;
  stats_.count_out(wire::message_type(msg));
  queue(c, std::move(bytes));
}

void Session::queue(const ConnectionPtr& c, Block block) {
  if (c->closed || !c->socket.is_open()) return;
  c->tx.push_back(std::move(block));
  if (c->writing_blocks == 0) flush(c);
}

void Session::flush(const ConnectionPtr& c) {
  if (c->closed) return;
  if (c->tx.empty() && !refill(c)) return;
  // Asio hands at most 16 buffers to one sendmsg, and trickling routes (churn) come one small
  // UPDATE per block: a run of small blocks is copied into one buffer so that one system call
  // takes them all. Big blocks (a table being sent) are written in place, up to 16 at a time.
  constexpr std::size_t kCopyBelow = 2048;
  constexpr std::size_t kMaxCopy = std::size_t{64} * 1024;
  constexpr std::size_t kMaxInPlace = 16;
  c->writing.clear();
  c->gathered.clear();
  std::size_t n = 0;
  if (c->tx.front()->size() < kCopyBelow) {
    while (n < c->tx.size() && c->tx[n]->size() < kCopyBelow &&
           c->gathered.size() + c->tx[n]->size() <= kMaxCopy) {
      c->gathered.insert(c->gathered.end(), c->tx[n]->begin(), c->tx[n]->end());
      ++n;
    }
    c->writing.emplace_back(asio::buffer(c->gathered));
  } else {
    while (n < c->tx.size() && n < kMaxInPlace && c->tx[n]->size() >= kCopyBelow) {
      c->writing.emplace_back(asio::buffer(*c->tx[n]));
      ++n;
    }
  }
  c->writing_blocks = n;
  // RFC 9687: the send hold timer runs while we have data the peer does not take.
  if (c->negotiated && c->fsm.state != State::idle) {
    c->send_hold.start(send_hold_time(config_, *c->negotiated), weak_from_this(),
                       [this, c] { handle_event(c, Event::send_hold_timer_expires); });
  }
  asio::async_write(
      c->socket, c->writing,
      [self = shared_from_this(), c](const boost::system::error_code& ec, std::size_t) {
        for (std::size_t i = 0; i < c->writing_blocks && !c->tx.empty(); ++i)
          c->tx.pop_front();
        c->writing_blocks = 0;
        c->send_hold.stop();
        if (c->closed) return;
        if (ec) {
          if (!c->closing) {
            self->stats_.set_last_error("write: " + ec.message());
            self->close(c);
            self->handle_event(c, Event::tcp_connection_fails);
          }
          return;
        }
        if (c->closing && c->tx.empty()) {
          boost::system::error_code ignored;
          c->socket.shutdown(tcp::socket::shutdown_both, ignored);
          c->socket.close(ignored);
          c->closed = true;
          return;
        }
        // Update delay: after a small write (routes trickling in, e.g. churn) the session goes
        // idle; routes that arrive from now on (or arrived during the write) woke it, which
        // armed the delay timer, so they are gathered rather than sent one write each. A table
        // in bulk goes on at once.
        if (c->tx.empty() && !c->bulk && self->config_.update_delay.count() > 0 &&
            self->is_primary(c)) {
          return;
        }
        self->flush(c);
      });
}

}  // namespace rr::session
