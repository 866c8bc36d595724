#include "rr/engine/peer_feed.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>

#include "rr/wire/route_refresh.hpp"
#include "rr/wire/update_packer.hpp"

namespace rr::engine {

namespace {

std::shared_ptr<const wire::Bytes> route_refresh(wire::AfiSafi af, wire::RouteRefreshSubtype t) {
  auto b = std::make_shared<wire::Bytes>();
  wire::encode(wire::RouteRefreshMessage{af, t}, *b);
  return b;
}

}  // namespace

PeerFeed::PeerFeed(PeerId peer, std::size_t shards, std::weak_ptr<session::Session> session,
                   std::vector<wire::AfiSafi> families, bool enhanced_refresh, RewalkFn rewalk,
                   std::shared_ptr<const std::atomic<bool>> hold_eor)
    : peer_(peer),
      session_(std::move(session)),
      families_(std::move(families)),
      enhanced_refresh_(enhanced_refresh),
      rewalk_(std::move(rewalk)),
      hold_eor_(std::move(hold_eor)) {
  shards_.reserve(shards);
  for (std::size_t i = 0; i < shards; ++i)
    shards_.push_back(std::make_unique<PerShard>());
  markers_.push_back(Marker{1, families_, true, true});
}

void PeerFeed::deliver(std::size_t shard, Handoff handoff) {
  shards_.at(shard)->inbox.push(std::move(handoff));
}

void PeerFeed::wake() {
  if (auto s = session_.lock()) s->wake();
}

std::uint64_t PeerFeed::start_rewalk(std::optional<wire::AfiSafi> af, bool initial) {
  const auto gen = ++generation_;
  Marker m;
  m.generation = gen;
  m.initial = initial;
  if (af) {
    m.families = {*af};
  } else {
    m.families = families_;
  }
  markers_.push_back(std::move(m));
  rewalk_(peer_, af, gen);
  return gen;
}

void PeerFeed::refresh(wire::AfiSafi afi_safi) {
  if (std::find(families_.begin(), families_.end(), afi_safi) == families_.end()) return;
  start_rewalk(afi_safi, false);
  wake();
}

void PeerFeed::lost(PerShard& s) {
  // The peer fell behind the shared stream and entries it never read are gone: what it holds
  // may include routes withdrawn since. With enhanced route refresh, re-send everything between
  // BoRR and EoRR (RFC 7313 §4: the peer drops what was not re-advertised); without it, reset
  // the session so that the peer starts from a clean table.
  s.cursor = Journal::Cursor{};
  if (resync_generation_ > s.generation) return;  // a resync that covers this shard is coming
  ++resyncs_;
  if (enhanced_refresh_) {
    resync_generation_ = start_rewalk(std::nullopt, false);
    return;
  }
  if (auto session = session_.lock()) {
    boost::asio::post(session->loop(), [weak = session_] {
      if (auto sp = weak.lock())
        sp->reset(wire::CeaseSubcode::out_of_resources,
                  "fell behind the update group's output; resetting");
    });
  }
}

session::OutputFeed::Pulled PeerFeed::pull(std::vector<Block>& out, std::size_t max_bytes) {
  Pulled r;
  std::size_t bytes = 0;
  // Read before the journal: once the restarting speaker's hold is released, every route the
  // shards emitted before the release is in the journal and this pull's cursors see it.
  const bool eor_held = hold_eor_ && hold_eor_->load(std::memory_order_acquire);
  bool drained = true;  // every cursor reached the journal's end in this pull
  const auto add = [&](Block b, std::size_t messages, std::size_t prefixes) {
    bytes += b->size();
    out.push_back(std::move(b));
    r.messages += messages;
    r.prefixes += prefixes;
  };

  // BoRR of refreshes that start now (RFC 7313 §4).
  for (auto& m : markers_) {
    if (m.begun) continue;
    m.begun = true;
    if (!enhanced_refresh_) continue;
    for (const auto af : m.families)
      add(route_refresh(af, wire::RouteRefreshSubtype::begin_of_rib), 0, 0);
  }

  const auto n = shards_.size();
  for (std::size_t k = 0; k < n; ++k) {
    auto& s = *shards_[(next_shard_ + k) % n];
    if (bytes >= max_bytes) {
      drained = false;
      break;
    }
    Handoff h;
    while (s.inbox.try_pop(h)) {
      s.cursor = std::move(h.cursor);
      s.generation = std::max(s.generation, h.generation);
      for (auto& e : h.dump)
        s.dump.push_back(std::move(e));
    }
    if (s.generation == 0) continue;  // the shard's initial walk has not arrived yet
    while (!s.dump.empty() && bytes < max_bytes) {
      const auto e = std::move(s.dump.front());
      s.dump.pop_front();
      add(e->bytes, e->messages, e->prefixes);
    }
    if (!s.dump.empty()) {
      drained = false;
      break;
    }
    while (s.cursor.attached()) {
      if (bytes >= max_bytes) {
        drained = false;
        break;
      }
      std::shared_ptr<const JournalEntry> e;
      const auto status = s.cursor.next(e);
      if (status == Journal::Cursor::Status::empty) break;
      if (status == Journal::Cursor::Status::lost) {
        lost(s);
        break;
      }
      if (e->for_peer(peer_)) add(e->bytes, e->messages, e->prefixes);
    }
  }
  next_shard_ = (next_shard_ + 1) % std::max<std::size_t>(n, 1);

  // End-of-RIB after the initial table; EoRR after a refresh (RFC 4724 §2, RFC 7313 §4); both
  // only once this pull took everything the journal had.
  while (drained && !markers_.empty()) {
    const auto& m = markers_.front();
    const bool done = std::all_of(shards_.begin(), shards_.end(), [&](const auto& s) {
      return s->generation >= m.generation && s->dump.empty();
    });
    if (!done) break;
    if (m.initial && eor_held) break;
    for (const auto af : m.families) {
      if (m.initial) {
        auto b = std::make_shared<wire::Bytes>();
        wire::encode_end_of_rib(af, *b);
        add(std::move(b), 1, 0);
      } else if (enhanced_refresh_) {
        add(route_refresh(af, wire::RouteRefreshSubtype::end_of_rib), 0, 0);
      }
    }
    markers_.pop_front();
  }
  return r;
}

}  // namespace rr::engine
