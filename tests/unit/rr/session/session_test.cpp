// Sessions over real loopback sockets, in one process: an rr/session Session on its event loop
// against a scripted raw BGP peer written with plain blocking sockets. Covers what needs bytes on
// a wire: establishment, route hand-off to the RouteSink, RFC 7606 verdicts applied per peer,
// refusal of unknown addresses, max-prefix teardown and administrative shutdown.
#include <arpa/inet.h>
#include <chrono>
#include <deque>
#include <future>
#include <mutex>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include <boost/asio/post.hpp>
#include <gtest/gtest.h>

#include "rr/session/event_loops.hpp"
#include "rr/session/listener.hpp"
#include "rr/session/output_feed.hpp"
#include "rr/session/session_manager.hpp"
#include "rr/wire/message.hpp"
#include "rr/wire/update_packer.hpp"
#include "tests/unit/rr/session/raw_peer.hpp"

namespace rr::session {
namespace {

using namespace std::chrono_literals;
using rr::testing::eventually;
using rr::testing::RawPeer;

// Records everything the sessions hand over.
class RecordingSink : public RouteSink {
 public:
  void peer_up(PeerId, std::shared_ptr<const Negotiated>, Session&) override { ++ups; }
  void peer_down(PeerId, bool retain) override {
    std::lock_guard l(mu);
    ++downs;
    last_retain = retain;
  }
  void update(PeerId, RouteUpdate&& u) override {
    std::lock_guard l(mu);
    for (const auto& n : u.withdrawn)
      withdrawn.push_back(n.prefix.to_string());
    for (const auto& n : u.announced)
      announced.push_back(n.prefix.to_string());
  }
  void end_of_rib(PeerId, wire::AfiSafi) override { ++eors; }
  void sweep_stale(PeerId, wire::AfiSafi) override {}
  void mark_stale(PeerId, wire::AfiSafi) override {}
  void refresh_requested(PeerId, wire::AfiSafi) override { ++refreshes; }
  void family_disabled(PeerId, wire::AfiSafi) override {}

  std::vector<std::string> announced_copy() {
    std::lock_guard l(mu);
    return announced;
  }
  std::vector<std::string> withdrawn_copy() {
    std::lock_guard l(mu);
    return withdrawn;
  }

  std::mutex mu;
  std::atomic<int> ups{0};
  int downs = 0;
  bool last_retain = false;
  std::atomic<int> eors{0};
  std::atomic<int> refreshes{0};
  std::vector<std::string> announced;
  std::vector<std::string> withdrawn;
};

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    listener_ = std::make_unique<Listener>(
        loops_.loop(0), [this](const wire::IpAddress& a) { return manager_.find(a); });
    ASSERT_FALSE(listener_->listen({boost::asio::ip::make_address("127.0.0.1"), 0}));
    port_ = listener_->local_endpoints().at(0).port();
    manager_.attach_listener(listener_.get());
    loops_.start();
  }
  void TearDown() override {
    manager_.stop_all("test over");
    boost::asio::post(loops_.loop(0), [this] { listener_->close(); });
    std::this_thread::sleep_for(50ms);
    loops_.stop();
  }

  PeerConfig passive_peer(const char* address) {
    PeerConfig c;
    c.name = address;
    c.remote_address = *wire::IpAddress::parse(address);
    c.local_as = 64512;
    c.remote_as = 64512;
    c.router_id = *wire::Ipv4Address::parse("10.0.0.1");
    c.passive = true;
    c.hold_time = Seconds{30};
    return c;
  }
  std::shared_ptr<Session> session(const char* address) {
    return manager_.find(*wire::IpAddress::parse(address));
  }

  static wire::Bytes announce(const char* prefix, wire::CodecContext ctx = {}) {
    wire::PathAttributes a;
    a.origin = wire::Origin::igp;
    a.as_path = wire::AsPath{};
    a.next_hop = wire::Ipv4Address::parse("192.0.2.1");
    a.local_pref = 100;
    wire::Nlri n{*wire::Prefix::parse(prefix), 0};
    wire::Bytes out;
    EXPECT_TRUE(
        wire::pack_announcements(wire::kIpv4Unicast, a, std::nullopt, std::span(&n, 1), ctx, out));
    return out;
  }

  EventLoops loops_{1};
  RecordingSink sink_;
  SessionManager manager_{loops_, sink_};
  std::unique_ptr<Listener> listener_;
  std::uint16_t port_ = 0;
};

TEST_F(SessionTest, EstablishesAndHandsRoutesToTheSink) {
  manager_.apply({passive_peer("127.0.0.2")});
  RawPeer peer("127.0.0.2", port_);
  ASSERT_TRUE(peer.connected());
  peer.establish(64512, "10.0.0.2");
  ASSERT_TRUE(
      eventually([&] { return session("127.0.0.2")->stats().state() == State::established; }));
  peer.send(announce("10.1.0.0/16"));
  peer.send(wire::Message{wire::UpdateMessage::make_end_of_rib(wire::kIpv4Unicast)});
  ASSERT_TRUE(eventually([&] { return sink_.eors.load() == 1; }));
  EXPECT_EQ(sink_.announced_copy(), std::vector<std::string>{"10.1.0.0/16"});
  EXPECT_EQ(session("127.0.0.2")->stats().snapshot().prefixes_received, 1U);
  EXPECT_EQ(sink_.ups.load(), 1);
}

// An OutputFeed serving blocks the test prepared; more can be added later from the test thread.
class ScriptedFeed : public OutputFeed {
 public:
  Pulled pull(std::vector<Block>& out, std::size_t max_bytes) override {
    std::lock_guard l(mu_);
    Pulled r;
    std::size_t bytes = 0;
    while (!blocks_.empty() && bytes < max_bytes) {
      bytes += blocks_.front()->size();
      out.push_back(std::move(blocks_.front()));
      blocks_.pop_front();
      ++r.messages;
    }
    return r;
  }
  void add(Block b) {
    std::lock_guard l(mu_);
    blocks_.push_back(std::move(b));
  }

 private:
  std::mutex mu_;
  std::deque<Block> blocks_;
};

// Writes copy runs of small blocks into one buffer (Asio gives one sendmsg at most 16 buffers)
// and write big blocks in place; after an idle spell a wake() must still get new blocks out
// (the update delay timer, not a post, then pulls them).
TEST_F(SessionTest, SmallAndBigOutputBlocksArriveWholeAndInOrder) {
  manager_.apply({passive_peer("127.0.0.2")});
  RawPeer peer("127.0.0.2", port_);
  ASSERT_TRUE(peer.connected());
  peer.establish(64512, "10.0.0.2");
  ASSERT_TRUE(
      eventually([&] { return session("127.0.0.2")->stats().state() == State::established; }));
  std::vector<std::string> expected;
  int next = 0;
  const auto block = [&](int messages) {
    auto b = std::make_shared<wire::Bytes>();
    for (int i = 0; i < messages; ++i, ++next) {
      const std::string p =
          "10." + std::to_string(next / 256) + "." + std::to_string(next % 256) + ".0/24";
      const wire::Bytes m = announce(p.c_str());
      b->insert(b->end(), m.begin(), m.end());
      expected.push_back(p);
    }
    return std::shared_ptr<const wire::Bytes>(std::move(b));
  };
  auto feed = std::make_shared<ScriptedFeed>();
  for (int i = 0; i < 40; ++i)
    feed->add(block(1));  // small: one UPDATE each
  feed->add(block(100));  // big: several KB
  feed->add(block(100));
  for (int i = 0; i < 30; ++i)
    feed->add(block(1));
  const auto s = session("127.0.0.2");
  boost::asio::post(loops_.loop(0), [s, feed] { s->set_feed(feed); });

  std::vector<std::string> got;
  const auto read_updates = [&](std::size_t until) {
    while (got.size() < until) {
      auto m = peer.receive();
      if (!m) return;
      if (const auto* u = std::get_if<wire::UpdateMessage>(&*m)) {
        for (const auto& n : u->nlri)
          got.push_back(n.prefix.to_string());
      }
    }
  };
  read_updates(expected.size());
  ASSERT_EQ(got, expected);

  std::this_thread::sleep_for(100ms);  // idle: the delay timer has run out
  for (int i = 0; i < 5; ++i) {
    feed->add(block(1));
    s->wake();
    std::this_thread::sleep_for(2ms);
  }
  read_updates(expected.size());
  EXPECT_EQ(got, expected);
}

// Reads go through one scratch buffer per event loop; a connection keeps only the part of a
// message that has not fully arrived. Messages cut at every kind of boundary, and a burst larger
// than one read, must come out whole and in order.
TEST_F(SessionTest, ReassemblesMessagesCutAcrossReads) {
  manager_.apply({passive_peer("127.0.0.2")});
  RawPeer peer("127.0.0.2", port_);
  peer.establish(64512, "10.0.0.2");
  ASSERT_TRUE(
      eventually([&] { return session("127.0.0.2")->stats().state() == State::established; }));
  // Three UPDATEs in one stream, sent in pieces of 1, 5, 13, 18 and 19 bytes and so on: a
  // header cut in two, a header alone, a body cut anywhere.
  wire::Bytes stream;
  for (const char* p : {"10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"}) {
    const auto b = announce(p);
    stream.insert(stream.end(), b.begin(), b.end());
  }
  std::size_t pos = 0;
  for (std::size_t piece = 1; pos < stream.size(); piece = piece % 19 + 4) {
    const auto n = std::min(piece, stream.size() - pos);
    peer.send(wire::Bytes(stream.begin() + static_cast<std::ptrdiff_t>(pos),
                          stream.begin() + static_cast<std::ptrdiff_t>(pos + n)));
    pos += n;
    std::this_thread::sleep_for(2ms);  // let each piece be read on its own
  }
  ASSERT_TRUE(eventually([&] { return sink_.announced_copy().size() == 3; }));
  EXPECT_EQ(sink_.announced_copy(),
            (std::vector<std::string>{"10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"}));

  // 6000 UPDATEs (about 300 KB) in one send: more than one read's worth, so messages straddle
  // the reads at arbitrary offsets.
  wire::Bytes burst;
  for (int i = 0; i < 6000; ++i) {
    const auto p = "10." + std::to_string(100 + i / 256) + "." + std::to_string(i % 256) + ".0/24";
    const auto b = announce(p.c_str());
    burst.insert(burst.end(), b.begin(), b.end());
  }
  ASSERT_GT(burst.size(), std::size_t{256} * 1024);
  peer.send(burst);
  peer.send(wire::Message{wire::UpdateMessage::make_end_of_rib(wire::kIpv4Unicast)});
  ASSERT_TRUE(eventually([&] { return sink_.eors.load() == 1; }));
  const auto got = sink_.announced_copy();
  ASSERT_EQ(got.size(), 6003U);
  EXPECT_EQ(got[3], "10.100.0.0/24");
  EXPECT_EQ(got.back(), "10.123.111.0/24");
  EXPECT_EQ(session("127.0.0.2")->stats().state(), State::established);
}

// A bad header that arrives in two pieces is still a header error (RFC 4271 §6.1).
TEST_F(SessionTest, BadHeaderCutAcrossReadsIsAHeaderError) {
  manager_.apply({passive_peer("127.0.0.2")});
  RawPeer peer("127.0.0.2", port_);
  peer.establish(64512, "10.0.0.2");
  ASSERT_TRUE(
      eventually([&] { return session("127.0.0.2")->stats().state() == State::established; }));
  // Length 18: below the minimum.
  const auto msg = *wire::from_hex("ffffffffffffffffffffffffffffffff001204");
  peer.send(wire::Bytes(msg.begin(), msg.begin() + 10));
  std::this_thread::sleep_for(20ms);
  peer.send(wire::Bytes(msg.begin() + 10, msg.end()));
  const auto n = peer.receive_until<wire::NotificationMessage>();
  ASSERT_TRUE(n);
  EXPECT_EQ(n->code, wire::ErrorCode::message_header);
  EXPECT_EQ(n->subcode, 2);  // Bad Message Length
}

TEST_F(SessionTest, RefusesUnknownAddressesAtOnce) {
  manager_.apply({passive_peer("127.0.0.2")});
  RawPeer stranger("127.0.0.9", port_);
  ASSERT_TRUE(stranger.connected());
  EXPECT_TRUE(stranger.closed_by_peer());
  EXPECT_TRUE(eventually([&] { return listener_->refused() == 1; }));
}

TEST_F(SessionTest, RejectsWrongAsWithBadPeerAs) {
  manager_.apply({passive_peer("127.0.0.2")});
  RawPeer peer("127.0.0.2", port_);
  const auto open = rr::testing::make_open(65001, "10.0.0.2");
  peer.send(wire::Message{open});
  auto n = peer.receive_until<wire::NotificationMessage>();
  ASSERT_TRUE(n);
  EXPECT_EQ(n->code, wire::ErrorCode::open_message);
  EXPECT_EQ(n->subcode, static_cast<std::uint8_t>(wire::OpenSubcode::bad_peer_as));
}

TEST_F(SessionTest, TreatAsWithdrawKeepsTheSessionAndCounts) {
  manager_.apply({passive_peer("127.0.0.2")});
  RawPeer peer("127.0.0.2", port_);
  peer.establish(64512, "10.0.0.2");
  peer.send(announce("10.1.0.0/16"));
  ASSERT_TRUE(eventually([&] { return sink_.announced_copy().size() == 1; }));
  // The same prefix with an ORIGIN of length 2 (RFC 7606 §7.1: treat-as-withdraw).
  auto bad = *wire::from_hex(
      "ffffffffffffffffffffffffffffffff"
      "0030"
      "02"
      "0000"
      "0016"
      "40010200 00"
      "400200"
      "400304c0000201"
      "40050400000064"
      "10 0a01");
  bad[17] = static_cast<std::byte>(bad.size());
  peer.send(bad);
  ASSERT_TRUE(eventually([&] { return sink_.withdrawn_copy().size() == 1; }));
  EXPECT_EQ(sink_.withdrawn_copy()[0], "10.1.0.0/16");
  auto s = session("127.0.0.2")->stats().snapshot();
  EXPECT_EQ(s.state, State::established);
  EXPECT_EQ(s.updates_treat_as_withdraw, 1U);
  EXPECT_EQ(s.prefixes_received, 0U);
}

TEST_F(SessionTest, MalformedUpdateResetsOnlyThatPeer) {
  manager_.apply({passive_peer("127.0.0.2"), passive_peer("127.0.0.3")});
  RawPeer good("127.0.0.2", port_);
  good.establish(64512, "10.0.0.2");
  RawPeer bad("127.0.0.3", port_);
  bad.establish(64512, "10.0.0.3");
  // Withdrawn Routes Length overruns the message: RFC 7606 §5.1 session reset.
  auto msg = *wire::from_hex(
      "ffffffffffffffffffffffffffffffff"
      "0017"
      "02"
      "0010"
      "0000");
  bad.send(msg);
  auto n = bad.receive_until<wire::NotificationMessage>();
  ASSERT_TRUE(n);
  EXPECT_EQ(n->code, wire::ErrorCode::update_message);
  EXPECT_TRUE(
      eventually([&] { return session("127.0.0.3")->stats().state() != State::established; }));
  good.send(announce("10.2.0.0/16"));
  EXPECT_TRUE(eventually([&] { return sink_.announced_copy().size() == 1; }));
  EXPECT_EQ(session("127.0.0.2")->stats().state(), State::established);
}

TEST_F(SessionTest, MaxPrefixTearsDownWithCease) {
  auto c = passive_peer("127.0.0.2");
  c.max_prefix.limit = 2;
  c.max_prefix.restart_delay = Seconds{60};
  manager_.apply({c});
  RawPeer peer("127.0.0.2", port_);
  peer.establish(64512, "10.0.0.2");
  for (const char* p : {"10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"})
    peer.send(announce(p));
  auto n = peer.receive_until<wire::NotificationMessage>();
  ASSERT_TRUE(n);
  EXPECT_EQ(n->code, wire::ErrorCode::cease);
  EXPECT_EQ(n->subcode, static_cast<std::uint8_t>(wire::CeaseSubcode::maximum_prefixes_reached));
  EXPECT_TRUE(eventually(
      [&] { return session("127.0.0.2")->stats().snapshot().max_prefix_exceeded == 1; }));
  // During the restart delay a new connection is refused.
  RawPeer again("127.0.0.2", port_);
  EXPECT_TRUE(again.closed_by_peer());
}

TEST_F(SessionTest, MaxPrefixWarningOnlyKeepsTheSession) {
  auto c = passive_peer("127.0.0.2");
  c.max_prefix.limit = 1;
  c.max_prefix.warning_only = true;
  manager_.apply({c});
  RawPeer peer("127.0.0.2", port_);
  peer.establish(64512, "10.0.0.2");
  peer.send(announce("10.1.0.0/16"));
  peer.send(announce("10.2.0.0/16"));
  ASSERT_TRUE(eventually(
      [&] { return session("127.0.0.2")->stats().snapshot().max_prefix_exceeded >= 1; }));
  EXPECT_EQ(session("127.0.0.2")->stats().state(), State::established);
}

TEST_F(SessionTest, DisableSendsShutdownCommunicationAndLeavesOthersUp) {
  manager_.apply({passive_peer("127.0.0.2"), passive_peer("127.0.0.3")});
  RawPeer a("127.0.0.2", port_);
  a.establish(64512, "10.0.0.2");
  RawPeer b("127.0.0.3", port_);
  b.establish(64512, "10.0.0.3");
  ASSERT_TRUE(
      eventually([&] { return session("127.0.0.3")->stats().state() == State::established; }));
  ASSERT_TRUE(manager_.set_enabled(*wire::IpAddress::parse("127.0.0.2"), false));
  auto n = a.receive_until<wire::NotificationMessage>();
  ASSERT_TRUE(n);
  EXPECT_EQ(n->subcode, static_cast<std::uint8_t>(wire::CeaseSubcode::administrative_shutdown));
  ASSERT_TRUE(n->shutdown_communication());
  EXPECT_EQ(*n->shutdown_communication(), "administratively disabled");
  EXPECT_EQ(session("127.0.0.3")->stats().state(), State::established);
}

TEST_F(SessionTest, RouteRefreshReachesTheSink) {
  manager_.apply({passive_peer("127.0.0.2")});
  RawPeer peer("127.0.0.2", port_);
  peer.establish(64512, "10.0.0.2");
  peer.send(wire::Message{
      wire::RouteRefreshMessage{wire::kIpv4Unicast, wire::RouteRefreshSubtype::request}});
  EXPECT_TRUE(eventually([&] { return sink_.refreshes.load() == 1; }));
}

TEST_F(SessionTest, HoldTimerExpirySendsNotification) {
  auto c = passive_peer("127.0.0.2");
  c.hold_time = Seconds{3};
  manager_.apply({c});
  RawPeer peer("127.0.0.2", port_);
  peer.establish(64512, "10.0.0.2");
  // Say nothing more: after 3 s the session must give up on us.
  auto n = peer.receive_until<wire::NotificationMessage>();
  ASSERT_TRUE(n);
  EXPECT_EQ(n->code, wire::ErrorCode::hold_timer_expired);
  EXPECT_TRUE(eventually(
      [&] { return session("127.0.0.2")->stats().snapshot().hold_timer_expiries == 1; }));
}

TEST_F(SessionTest, LosingTcpWithGracefulRestartRetainsRoutes) {
  manager_.apply({passive_peer("127.0.0.2")});
  {
    RawPeer peer("127.0.0.2", port_);
    const auto open = rr::testing::make_open(
        64512, "10.0.0.2",
        {wire::MultiprotocolCapability{wire::kIpv4Unicast}, wire::FourOctetAsCapability{64512},
         wire::GracefulRestartCapability{false, false, 120, {{wire::kIpv4Unicast, true}}}});
    peer.send(wire::Message{open});
    ASSERT_TRUE(peer.receive_until<wire::OpenMessage>());
    peer.send(wire::Message{wire::KeepaliveMessage{}});
    ASSERT_TRUE(peer.receive_until<wire::KeepaliveMessage>());
    peer.send(announce("10.1.0.0/16"));
    ASSERT_TRUE(eventually([&] { return sink_.announced_copy().size() == 1; }));
  }  // the peer goes away without a NOTIFICATION
  ASSERT_TRUE(eventually([&] {
    std::lock_guard l(sink_.mu);
    return sink_.downs == 1;
  }));
  std::lock_guard l(sink_.mu);
  EXPECT_TRUE(sink_.last_retain);
}

TEST_F(SessionTest, EstablishesOverIpv6Transport) {
  Listener v6(loops_.loop(0), [this](const wire::IpAddress& a) { return manager_.find(a); });
  ASSERT_FALSE(v6.listen({boost::asio::ip::make_address("::1"), 0}));
  const auto v6_port = v6.local_endpoints().at(0).port();
  manager_.apply({passive_peer("::1")});
  RawPeer peer("::1", v6_port);
  ASSERT_TRUE(peer.connected());
  peer.establish(64512, "10.0.0.2");
  ASSERT_TRUE(eventually([&] { return session("::1")->stats().state() == State::established; }));
  peer.send(announce("10.1.0.0/16"));
  EXPECT_TRUE(eventually([&] { return sink_.announced_copy().size() == 1; }));
  // Close the listener on its loop before it goes out of scope.
  std::promise<void> closed;
  boost::asio::post(loops_.loop(0), [&v6, &closed] {
    v6.close();
    closed.set_value();
  });
  closed.get_future().wait();
}

TEST_F(SessionTest, GtsmDropsAPeerMoreHopsAway) {
  auto c = passive_peer("127.0.0.2");
  c.ttl_security_hops = 1;  // the peer must send with TTL 255 (RFC 5082)
  auto far = passive_peer("127.0.0.3");
  far.ttl_security_hops = 1;
  manager_.apply({c, far});
  RawPeer near_peer("127.0.0.2", port_, nullptr, 255);
  near_peer.establish(64512, "10.0.0.2");
  EXPECT_TRUE(
      eventually([&] { return session("127.0.0.2")->stats().state() == State::established; }));
  // TTL 64: once the session has taken the connection (and set IP_MINTTL on it), the kernel
  // drops everything the peer sends, so its OPEN never arrives. (Bytes that arrive between
  // accept() and that setsockopt are not filtered; hence the wait for OpenSent.)
  RawPeer far_peer("127.0.0.3", port_, nullptr, 64);
  ASSERT_TRUE(far_peer.connected());
  ASSERT_TRUE(
      eventually([&] { return session("127.0.0.3")->stats().state() == State::open_sent; }));
  const auto open = rr::testing::make_open(64512, "10.0.0.3");
  far_peer.send(wire::Message{open});
  std::this_thread::sleep_for(500ms);
  EXPECT_NE(session("127.0.0.3")->stats().state(), State::open_confirm);
  EXPECT_NE(session("127.0.0.3")->stats().state(), State::established);
}

TEST_F(SessionTest, RestartingSpeakerSetsTheRestartBit) {
  manager_.set_restarting(true);
  manager_.apply({passive_peer("127.0.0.2")});
  RawPeer peer("127.0.0.2", port_);
  const auto open = rr::testing::make_open(
      64512, "10.0.0.2",
      {wire::MultiprotocolCapability{wire::kIpv4Unicast}, wire::FourOctetAsCapability{64512}});
  peer.send(wire::Message{open});
  const auto ours = peer.receive_until<wire::OpenMessage>();
  ASSERT_TRUE(ours);
  bool restarting = false;
  for (const auto& cap : ours->capabilities) {
    if (const auto* gr = std::get_if<wire::GracefulRestartCapability>(&cap))
      restarting = gr->restarting;
  }
  EXPECT_TRUE(restarting);
}

TEST_F(SessionTest, RouteRefreshIsOnlyRequestedForNegotiatedFamilies) {
  manager_.apply({passive_peer("127.0.0.2")});
  RawPeer peer("127.0.0.2", port_);
  const auto open =
      rr::testing::make_open(64512, "10.0.0.2",
                             {wire::MultiprotocolCapability{wire::kIpv4Unicast},
                              wire::RouteRefreshCapability{}, wire::FourOctetAsCapability{64512}});
  peer.send(wire::Message{open});
  ASSERT_TRUE(peer.receive_until<wire::OpenMessage>());
  peer.send(wire::Message{wire::KeepaliveMessage{}});
  ASSERT_TRUE(peer.receive_until<wire::KeepaliveMessage>());
  ASSERT_TRUE(
      eventually([&] { return session("127.0.0.2")->stats().state() == State::established; }));
  auto s = session("127.0.0.2");
  boost::asio::post(s->loop(), [s] {
    s->request_refresh(wire::kIpv6Unicast);  // not negotiated: nothing goes out
    s->request_refresh(wire::kIpv4Unicast);
  });
  const auto rr = peer.receive_until<wire::RouteRefreshMessage>();
  ASSERT_TRUE(rr);
  EXPECT_EQ(rr->afi_safi, wire::kIpv4Unicast);
}

}  // namespace
}  // namespace rr::session
