#include "rr/engine/engine.hpp"

#include <algorithm>
#include <atomic>
#include <future>
#include <map>
#include <mutex>
#include <unordered_map>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "rr/engine/peer_feed.hpp"
#include "rr/engine/shard.hpp"
#include "rr/engine/spsc_queue.hpp"
#include "rr/engine/update_group.hpp"
#include "rr/session/session.hpp"

namespace rr::engine {

namespace {

// A shard, its thread (one of the event loops) and its inbound queues: one per event loop
// (producer: that loop's sessions and feeds) and one for the control thread.
class ShardRunner : public std::enable_shared_from_this<ShardRunner> {
 public:
  ShardRunner(std::size_t index, ShardSettings settings, boost::asio::io_context& loop,
              std::size_t loops)
      : shard_(index, std::move(settings)), loop_(loop) {
    rings_.reserve(loops);
    for (std::size_t i = 0; i < loops; ++i)
      rings_.push_back(std::make_unique<SpscQueue<ShardCommand>>());
  }

  // On event loop `from`'s thread.
  void push(std::size_t from, ShardCommand c) {
    rings_[from]->push(std::move(c));
    schedule();
  }
  // Any other thread (rare: queries, tests).
  void push_control(ShardCommand c) {
    {
      const std::lock_guard lock(control_mu_);
      control_.push(std::move(c));
    }
    schedule();
  }
  Shard& shard() { return shard_; }

 private:
  void schedule() {
    if (scheduled_.exchange(true, std::memory_order_acq_rel)) return;
    boost::asio::post(loop_, [self = shared_from_this()] { self->run(); });
  }

  void run() {
    scheduled_.store(false, std::memory_order_seq_cst);
    constexpr std::size_t kBudget = 4096;  // commands per queue per turn: others get the loop too
    bool more = false;
    const auto handle = [this](ShardCommand&& c) { shard_.handle(std::move(c)); };
    for (auto& ring : rings_) {
      ring->drain(handle, kBudget);
      more = more || !ring->empty();
    }
    control_.drain(handle, kBudget);
    more = more || !control_.empty();
    shard_.flush();
    if (more) schedule();
  }

  Shard shard_;
  boost::asio::io_context& loop_;
  std::vector<std::unique_ptr<SpscQueue<ShardCommand>>> rings_;
  std::mutex control_mu_;  // serialises control producers; never taken on the route path
  SpscQueue<ShardCommand> control_;
  std::atomic<bool> scheduled_{false};
};

}  // namespace

struct Engine::Impl {
  session::EventLoops& loops;
  EngineConfig config;
  std::vector<std::shared_ptr<ShardRunner>> shards;

  // Registry of update groups and the peers' feeds: touched on session up/down and refresh
  // only, from any loop.
  std::mutex mu;
  std::uint64_t next_group = 1;
  struct GroupEntry {
    std::shared_ptr<const GroupSpec> spec;
    std::size_t members = 0;
  };
  std::vector<GroupEntry> groups;
  struct PeerEntry {
    std::shared_ptr<PeerFeed> feed;
    std::uint64_t group = 0;
    std::vector<wire::AfiSafi> awaiting_eor;  // families the peer has not sent End-of-RIB for
  };
  std::unordered_map<PeerId, PeerEntry> peers;

  // Restarting speaker: End-of-RIB held until enough peers sent theirs (or a timer).
  std::shared_ptr<std::atomic<bool>> hold_eor = std::make_shared<std::atomic<bool>>(false);
  std::size_t eor_expected = 0;
  std::size_t eor_received = 0;
  std::shared_ptr<boost::asio::steady_timer> eor_timer;

  // Releases the held End-of-RIBs (with `mu` held).
  void release_eor() {
    if (!hold_eor->exchange(false)) return;
    for (auto& [id, p] : peers)
      p.feed->wake();
  }

  // Releases them once the routes the peers sent before their End-of-RIBs are in the journal:
  // those may still wait in the shards' queues (one per event loop), so a task goes through
  // every queue of every shard, emits what the shard has pending, and the last one releases.
  // Any thread; `self` is this Impl.
  void release_eor_after_queued_routes(const std::weak_ptr<Impl>& self) {
    auto left = std::make_shared<std::atomic<std::size_t>>(loops.size() * shards.size());
    for (std::size_t l = 0; l < loops.size(); ++l) {
      boost::asio::post(loops.loop(l), [self, l, left] {
        const auto im = self.lock();
        if (!im) return;
        for (const auto& s : im->shards) {
          s->push(l, TaskCommand{[self, left](Shard& shard) {
                    shard.flush();
                    if (left->fetch_sub(1, std::memory_order_acq_rel) != 1) return;
                    if (const auto im2 = self.lock()) {
                      const std::lock_guard lock(im2->mu);
                      im2->release_eor();
                    }
                  }});
        }
      });
    }
  }

  Impl(session::EventLoops& l, const EngineConfig& c) : loops(l), config(c) {}

  // The index of the event loop running on this thread.
  std::size_t loop_index() const {
    thread_local const Impl* owner = nullptr;
    thread_local std::size_t index = 0;
    if (owner != this) {
      index = loops.size();
      for (std::size_t i = 0; i < loops.size(); ++i) {
        if (loops.loop(i).get_executor().running_in_this_thread()) index = i;
      }
      if (index == loops.size()) return index;  // not a loop thread: do not cache
      owner = this;
    }
    return index;
  }

  void to_shard(std::size_t shard, ShardCommand c) {
    const auto from = loop_index();
    if (from < loops.size()) {
      shards[shard]->push(from, std::move(c));
    } else {
      shards[shard]->push_control(std::move(c));
    }
  }

  void to_all(const ShardCommand& c) {
    for (std::size_t i = 0; i < shards.size(); ++i)
      to_shard(i, ShardCommand(c));
  }

  std::shared_ptr<const GroupSpec> join_group(const GroupKey& key) {
    for (auto& g : groups) {
      if (g.spec->key == key) {
        ++g.members;
        return g.spec;
      }
    }
    auto spec = std::make_shared<GroupSpec>();
    spec->id = next_group++;
    spec->key = key;
    groups.push_back(GroupEntry{spec, 1});
    return spec;
  }

  void leave_group(std::uint64_t id) {
    for (auto it = groups.begin(); it != groups.end(); ++it) {
      if (it->spec->id == id && --it->members == 0) {
        groups.erase(it);
        return;
      }
    }
  }

  // Runs f on every shard's thread and waits (not from an event loop thread).
  void on_every_shard(const std::function<void(Shard&)>& f) const {
    std::vector<std::future<void>> done;
    for (const auto& s : shards) {
      auto p = std::make_shared<std::promise<void>>();
      done.push_back(p->get_future());
      s->push_control(TaskCommand{[f, p](Shard& shard) {
        f(shard);
        p->set_value();
      }});
    }
    for (auto& d : done)
      d.wait();
  }
};

Engine::Engine(session::EventLoops& loops, const EngineConfig& config)
    : impl_(std::make_shared<Impl>(loops, config)) {
  auto& c = impl_->config;
  if (!c.cluster_id) c.cluster_id = c.router_id;
  const std::size_t n = c.shards == 0 ? loops.size() : c.shards;
  ShardSettings settings;
  settings.local_as = c.local_as;
  settings.router_id = c.router_id;
  settings.cluster_ids = {*c.cluster_id};
  settings.journal_max_bytes = c.journal_max_bytes;
  for (std::size_t i = 0; i < n; ++i) {
    impl_->shards.push_back(
        std::make_shared<ShardRunner>(i, settings, loops.loop(i % loops.size()), loops.size()));
  }
}

Engine::~Engine() {
  // The timer belongs to loop 0: cancel it there; its handler keeps it alive until then.
  if (auto t = impl_->eor_timer) boost::asio::post(impl_->loops.loop(0), [t] { t->cancel(); });
}

void Engine::peer_up(PeerId peer, std::shared_ptr<const session::Negotiated> negotiated,
                     session::Session& session) {
  auto& im = *impl_;
  const auto& cfg = session.config();
  EngineConfig engine_config;
  {
    const std::lock_guard lock(im.mu);
    engine_config = im.config;
  }
  PeerInfo info;
  info.id = peer;
  info.address = cfg.remote_address;
  info.router_id = negotiated->peer_id;
  info.peer_as = negotiated->peer_as;
  info.role = role_of(cfg);
  info.cluster_id = cfg.policy.cluster_id.value_or(*engine_config.cluster_id);
  info.allowed_local_as = cfg.policy.allowed_local_as;

  const auto key = make_group_key(cfg, *negotiated, info.role, engine_config.local_as);
  auto rewalk = [this](PeerId p, std::optional<wire::AfiSafi> af, std::uint64_t gen) {
    impl_->to_all(RewalkCommand{p, af, gen});
  };
  std::vector<wire::AfiSafi> families;
  for (const auto af : negotiated->families)
    if (af == wire::kIpv4Unicast || af == wire::kIpv6Unicast) families.push_back(af);
  auto feed = std::make_shared<PeerFeed>(peer, im.shards.size(), session.weak_from_this(), families,
                                         negotiated->enhanced_route_refresh, std::move(rewalk),
                                         im.hold_eor);
  std::shared_ptr<const GroupSpec> group;
  {
    const std::lock_guard lock(im.mu);
    if (auto it = im.peers.find(peer); it != im.peers.end()) im.leave_group(it->second.group);
    group = im.join_group(key);
    im.peers[peer] = Impl::PeerEntry{feed, group->id, families};
  }
  session.set_feed(feed);
  im.to_all(PeerUpCommand{info, group, feed});
}

void Engine::reconfigure(const EngineConfig& config) {
  auto& im = *impl_;
  ShardSettings settings;
  {
    const std::lock_guard lock(im.mu);
    im.config.local_as = config.local_as;
    im.config.router_id = config.router_id;
    im.config.cluster_id = config.cluster_id.value_or(config.router_id);
    settings.local_as = im.config.local_as;
    settings.router_id = im.config.router_id;
    settings.cluster_ids = {*im.config.cluster_id};
  }
  im.on_every_shard([settings](Shard& shard) { shard.set_settings(settings); });
}

EngineConfig Engine::config() const {
  const std::lock_guard lock(impl_->mu);
  return impl_->config;
}

void Engine::peer_down(PeerId peer, bool retain_stale) {
  auto& im = *impl_;
  {
    const std::lock_guard lock(im.mu);
    if (auto it = im.peers.find(peer); it != im.peers.end()) {
      im.leave_group(it->second.group);
      im.peers.erase(it);
    }
  }
  im.to_all(PeerDownCommand{peer, retain_stale});
}

void Engine::update(PeerId peer, session::RouteUpdate&& u) {
  auto& im = *impl_;
  const auto n = im.shards.size();
  if (n == 1) {
    im.to_shard(0, RoutesCommand{peer, u.afi_safi, std::move(u.withdrawn), std::move(u.announced),
                                 std::move(u.attributes)});
    return;
  }
  std::vector<RoutesCommand> parts(n);
  for (auto& p : parts) {
    p.peer = peer;
    p.afi_safi = u.afi_safi;
  }
  for (auto& w : u.withdrawn)
    parts[shard_of(w.prefix, n)].withdrawn.push_back(w);
  for (auto& a : u.announced)
    parts[shard_of(a.prefix, n)].announced.push_back(a);
  for (std::size_t i = 0; i < n; ++i) {
    if (parts[i].withdrawn.empty() && parts[i].announced.empty()) continue;
    if (!parts[i].announced.empty()) parts[i].attributes = u.attributes;
    im.to_shard(i, std::move(parts[i]));
  }
}

void Engine::end_of_rib(PeerId peer, wire::AfiSafi afi_safi) {
  // Stale paths are swept by sweep_stale, which the session sends first; here only the
  // restarting speaker's wait for its peers' End-of-RIB is served.
  auto& im = *impl_;
  const std::lock_guard lock(im.mu);
  const auto it = im.peers.find(peer);
  if (it == im.peers.end()) return;
  auto& waiting = it->second.awaiting_eor;
  const auto before = waiting.size();
  waiting.erase(std::remove(waiting.begin(), waiting.end(), afi_safi), waiting.end());
  if (before > 0 && waiting.empty() && ++im.eor_received == im.eor_expected &&
      im.hold_eor->load()) {
    im.release_eor_after_queued_routes(impl_);
  }
}

void Engine::defer_end_of_rib(std::size_t expected_peers, std::chrono::seconds max_wait) {
  auto& im = *impl_;
  {
    const std::lock_guard lock(im.mu);
    im.eor_expected = expected_peers;
    im.eor_received = 0;
    if (expected_peers == 0) return;
    im.hold_eor->store(true);
  }
  auto timer = std::make_shared<boost::asio::steady_timer>(im.loops.loop(0), max_wait);
  im.eor_timer = timer;
  timer->async_wait(
      [timer, weak = std::weak_ptr<Impl>(impl_)](const boost::system::error_code& ec) {
        if (ec) return;
        if (const auto self = weak.lock()) {
          const std::lock_guard lock(self->mu);
          self->release_eor();
        }
      });
}

bool Engine::end_of_rib_deferred() const {
  return impl_->hold_eor->load();
}

void Engine::sweep_stale(PeerId peer, wire::AfiSafi afi_safi) {
  impl_->to_all(StaleCommand{peer, afi_safi, StaleOp::sweep});
}

void Engine::mark_stale(PeerId peer, wire::AfiSafi afi_safi) {
  impl_->to_all(StaleCommand{peer, afi_safi, StaleOp::mark});
}

void Engine::family_disabled(PeerId peer, wire::AfiSafi afi_safi) {
  impl_->to_all(StaleCommand{peer, afi_safi, StaleOp::drop_family});
}

void Engine::refresh_requested(PeerId peer, wire::AfiSafi afi_safi) {
  std::shared_ptr<PeerFeed> feed;
  {
    const std::lock_guard lock(impl_->mu);
    if (auto it = impl_->peers.find(peer); it != impl_->peers.end()) feed = it->second.feed;
  }
  if (feed) feed->refresh(afi_safi);
}

namespace {

RibPath to_rib_path(const Shard& shard, const Shard::PathInfo& p) {
  RibPath r;
  r.peer = p.peer;
  r.path_id = p.path_id;
  r.attributes = *p.attributes;
  r.stale = p.stale;
  if (const auto* info = shard.peer(p.peer)) {
    r.peer_address = info->address;
    r.peer_router_id = info->router_id;
    r.role = info->role;
  }
  return r;
}

RibEntry to_entry(const Shard& shard, wire::AfiSafi af, const wire::Prefix& prefix,
                  const std::vector<Shard::PathInfo>& paths, DecisionStep won_by) {
  RibEntry e;
  e.afi_safi = af;
  e.prefix = prefix;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    auto p = to_rib_path(shard, paths[i]);
    p.best = i == 0;
    if (i == 0 && paths.size() > 1) p.won_by = won_by;
    e.paths.push_back(std::move(p));
  }
  return e;
}

}  // namespace

std::vector<RibEntry> Engine::rib(std::optional<wire::AfiSafi> afi_safi) const {
  std::mutex mu;
  std::vector<RibEntry> out;
  impl_->on_every_shard([&](Shard& shard) {
    std::vector<RibEntry> local;
    shard.for_each_route([&](wire::AfiSafi af, const wire::Prefix& prefix,
                             const std::vector<Shard::PathInfo>& paths, DecisionStep won_by) {
      if (afi_safi && *afi_safi != af) return;
      local.push_back(to_entry(shard, af, prefix, paths, won_by));
    });
    const std::lock_guard lock(mu);
    for (auto& e : local)
      out.push_back(std::move(e));
  });
  std::sort(out.begin(), out.end(), [](const RibEntry& a, const RibEntry& b) {
    return std::tie(a.afi_safi, a.prefix) < std::tie(b.afi_safi, b.prefix);
  });
  return out;
}

std::optional<RibEntry> Engine::rib_entry(wire::AfiSafi afi_safi,
                                          const wire::Prefix& prefix) const {
  const auto& shard = impl_->shards[shard_of(prefix, impl_->shards.size())];
  std::promise<std::optional<RibEntry>> p;
  auto f = p.get_future();
  shard->push_control(TaskCommand{[&](Shard& s) {
    auto r = s.route(afi_safi, prefix);
    if (!r) {
      p.set_value(std::nullopt);
      return;
    }
    p.set_value(to_entry(s, afi_safi, prefix, r->first, r->second));
  }});
  return f.get();
}

std::vector<OutRoute> Engine::adj_rib_out(PeerId peer) const {
  std::mutex mu;
  std::vector<OutRoute> out;
  impl_->on_every_shard([&](Shard& shard) {
    std::vector<OutRoute> local;
    shard.for_each_advertised(
        peer, [&](wire::AfiSafi af, const wire::Nlri& n, const session::RouteAttributes& a) {
          local.push_back(OutRoute{af, n, a});
        });
    const std::lock_guard lock(mu);
    for (auto& r : local)
      out.push_back(std::move(r));
  });
  std::sort(out.begin(), out.end(), [](const OutRoute& a, const OutRoute& b) {
    return std::tie(a.afi_safi, a.nlri) < std::tie(b.afi_safi, b.nlri);
  });
  return out;
}

EngineStats Engine::stats() const {
  std::mutex mu;
  EngineStats total;
  impl_->on_every_shard([&](Shard& shard) {
    const auto s = shard.stats();
    const std::lock_guard lock(mu);
    total.prefixes += s.prefixes;
    total.paths += s.paths;
    total.attribute_sets += s.attribute_sets;
    total.rejected_loops += s.rejected_loops;
    total.journal_bytes += s.journal_bytes;
    total.rewalks += s.rewalks;
  });
  const std::lock_guard lock(impl_->mu);
  total.update_groups = impl_->groups.size();
  return total;
}

void Engine::drain() const {
  impl_->on_every_shard([](Shard& /*shard*/) {});
}

}  // namespace rr::engine
