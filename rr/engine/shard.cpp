#include "rr/engine/shard.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <tuple>
#include <utility>

#include "rr/engine/reflection.hpp"
#include "rr/wire/update_packer.hpp"

namespace rr::engine {

namespace {

std::uint64_t prefix_hash(const wire::Prefix& p) {
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  std::memcpy(&a, p.bytes.data(), 8);
  std::memcpy(&b, p.bytes.data() + 8, 8);
  std::uint64_t h = a * 0x9e3779b97f4a7c15ULL;
  h ^= (b + (std::uint64_t{p.length} << 1U) + static_cast<std::uint64_t>(p.afi)) *
       0xc2b2ae3d27d4eb4fULL;
  h ^= h >> 29U;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 32U;
  return h;
}

bool is_unicast(wire::AfiSafi af) {
  return af == wire::kIpv4Unicast || af == wire::kIpv6Unicast;
}

}  // namespace

std::size_t shard_of(const wire::Prefix& prefix, std::size_t shards) {
  if (shards <= 1) return 0;
  // The upper half of the hash, so that the shard choice and the table's bucket choice (lower
  // bits) are independent.
  return static_cast<std::size_t>((prefix_hash(prefix) >> 32U) % shards);
}

std::size_t Shard::PrefixHash::operator()(const wire::Prefix& p) const {
  return static_cast<std::size_t>(prefix_hash(p));
}

// One shard's part of an update group.
struct Shard::GroupPart {
  std::shared_ptr<const GroupSpec> spec;
  std::unique_ptr<Journal> journal;
  std::vector<PeerId> members;

  struct MemoKey {
    const AttrSet* in;
    PeerId source;
    bool v6;
    friend bool operator==(const MemoKey&, const MemoKey&) = default;
  };
  struct MemoHash {
    std::size_t operator()(const MemoKey& k) const {
      return std::hash<const void*>()(k.in) ^ (std::size_t{k.source} * 0x9e3779b97f4a7c15ULL) ^
             (k.v6 ? 1U : 0U);
    }
  };
  // Outbound set of (inbound set, source peer, family), or null when not advertised. Valid
  // during one flush or dump (the inbound sets are alive for that long).
  std::unordered_map<MemoKey, AttrRef, MemoHash> memo;

  [[nodiscard]] bool member(PeerId p) const {
    return std::find(members.begin(), members.end(), p) != members.end();
  }
  [[nodiscard]] bool add_path(wire::AfiSafi af) const { return spec->key.tx.add_path.contains(af); }
};

namespace {

// UPDATE runs for one audience, concatenated into journal entries of up to kChunk bytes: a full
// table in many small attribute sets becomes a few large entries instead of one small entry per
// set, which saves memory per entry and per-entry work in every member's pull.
class EntryChunker {
 public:
  static constexpr std::size_t kChunk = std::size_t{64} * 1024;

  EntryChunker(PeerId except, PeerId only) : except_(except), only_(only) {}

  // The buffer the next UPDATE run is encoded into.
  wire::Bytes& bytes() {
    if (!bytes_) bytes_ = std::make_shared<wire::Bytes>();
    return *bytes_;
  }
  // Counts the run just encoded into bytes(); returns the entry when that filled it.
  std::optional<JournalEntry> added(const wire::PackResult& r) {
    messages_ += static_cast<std::uint32_t>(r.messages);
    prefixes_ += static_cast<std::uint32_t>(r.nlri);
    if (bytes_ && bytes_->size() >= kChunk) return take();
    return std::nullopt;
  }
  // The entry gathered so far, if it announces anything.
  std::optional<JournalEntry> take() {
    std::optional<JournalEntry> e;
    if (bytes_ && prefixes_ > 0) {
      bytes_->shrink_to_fit();
      e = JournalEntry{std::move(bytes_), messages_, prefixes_, except_, only_};
    }
    bytes_.reset();
    messages_ = prefixes_ = 0;
    return e;
  }

 private:
  PeerId except_;
  PeerId only_;
  std::shared_ptr<wire::Bytes> bytes_;
  std::uint32_t messages_ = 0;
  std::uint32_t prefixes_ = 0;
};

}  // namespace

// Collects one group's changes during a flush and encodes them, withdrawals first, one UPDATE
// run per (family, audience, outbound attribute set).
class Shard::Emitter {
 public:
  explicit Emitter(GroupPart& g) : g_(g) {}

  void withdraw(wire::AfiSafi af, const wire::Nlri& n, PeerId except, PeerId only) {
    withdrawals_[{af, except, only}].push_back(n);
  }
  void announce(wire::AfiSafi af, const wire::Nlri& n, const AttrRef& attrs, PeerId except,
                PeerId only) {
    auto& slot = announcements_[{af, attrs.get(), except, only}];
    if (!slot.first) slot.first = attrs;
    slot.second.push_back(n);
  }
  // Appends the encoded changes to the journal; true if anything was appended.
  bool pack() {
    bool any = false;
    for (auto& [k, nlri] : withdrawals_) {
      auto bytes = std::make_shared<wire::Bytes>();
      const auto r = wire::pack_withdrawals(std::get<0>(k), nlri, g_.spec->key.tx, *bytes);
      JournalEntry e;
      e.messages = static_cast<std::uint32_t>(r.messages);
      e.bytes = std::move(bytes);
      e.except = std::get<1>(k);
      e.only = std::get<2>(k);
      g_.journal->append(std::move(e));
      any = true;
    }
    std::map<std::pair<PeerId, PeerId>, EntryChunker> open;  // by audience
    const auto append = [&](std::optional<JournalEntry> e) {
      if (!e) return;
      g_.journal->append(std::move(*e));
      any = true;
    };
    for (auto& [k, v] : announcements_) {
      const PeerId except = std::get<2>(k);
      const PeerId only = std::get<3>(k);
      auto& chunker = open.try_emplace({except, only}, except, only).first->second;
      auto& out = chunker.bytes();
      append(chunker.added(
          encode_announcements(std::get<0>(k), *v.first, v.second, g_.spec->key.tx, out)));
    }
    for (auto& [audience, chunker] : open)
      append(chunker.take());
    return any;
  }

  static wire::PackResult encode_announcements(wire::AfiSafi af,
                                               const session::RouteAttributes& attrs,
                                               std::span<const wire::Nlri> nlri,
                                               const wire::CodecContext& ctx, wire::Bytes& out) {
    if (af == wire::kIpv4Unicast && attrs.next_hop.global.is_v4()) {
      wire::PathAttributes a = attrs.attributes;
      a.next_hop = attrs.next_hop.global.v4();
      auto r = wire::pack_announcements(af, a, std::nullopt, nlri, ctx, out);
      return r ? *r : wire::PackResult{};
    }
    auto r = wire::pack_announcements(af, attrs.attributes, attrs.next_hop, nlri, ctx, out);
    return r ? *r : wire::PackResult{};
  }

 private:
  GroupPart& g_;
  std::map<std::tuple<wire::AfiSafi, PeerId, PeerId>, std::vector<wire::Nlri>> withdrawals_;
  std::map<std::tuple<wire::AfiSafi, const AttrSet*, PeerId, PeerId>,
           std::pair<AttrRef, std::vector<wire::Nlri>>>
      announcements_;
};

Shard::Shard(std::size_t index, ShardSettings settings)
    : index_(index), settings_(std::move(settings)) {}

void Shard::set_settings(const ShardSettings& settings) {
  const auto journal_max = settings_.journal_max_bytes;
  settings_ = settings;
  settings_.journal_max_bytes = journal_max;
}

Shard::~Shard() {
  // Paths and memos reference sets of attrs_; drop them before the table goes.
  last_in_ref_ = AttrRef{};
  dirty_.clear();
  groups_.clear();
  v4_.clear();
  v6_.clear();
}

Shard::Table* Shard::table(wire::AfiSafi af) {
  if (af == wire::kIpv4Unicast) return &v4_;
  if (af == wire::kIpv6Unicast) return &v6_;
  return nullptr;
}

const Shard::Table* Shard::table(wire::AfiSafi af) const {
  if (af == wire::kIpv4Unicast) return &v4_;
  if (af == wire::kIpv6Unicast) return &v6_;
  return nullptr;
}

void Shard::handle(ShardCommand&& command) {
  std::visit(
      [this](auto&& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, PeerUpCommand>) {
          peer_up(std::forward<decltype(c)>(c));
        } else if constexpr (std::is_same_v<T, PeerDownCommand>) {
          peer_down(c);
        } else if constexpr (std::is_same_v<T, RoutesCommand>) {
          routes(std::forward<decltype(c)>(c));
        } else if constexpr (std::is_same_v<T, StaleCommand>) {
          stale(c);
        } else if constexpr (std::is_same_v<T, RewalkCommand>) {
          rewalk(c);
        } else {
          flush();
          c.run(*this);
        }
      },
      std::move(command));
}

Shard::GroupPart& Shard::group_for(const std::shared_ptr<const GroupSpec>& spec) {
  auto& slot = groups_[spec->id];
  if (!slot) {
    slot = std::make_unique<GroupPart>();
    slot->spec = spec;
    slot->journal = std::make_unique<Journal>(settings_.journal_max_bytes);
  }
  return *slot;
}

void Shard::leave_group(PeerState& p) {
  if (!p.group) return;
  auto it = groups_.find(p.group->id);
  if (it != groups_.end()) {
    auto& m = it->second->members;
    m.erase(std::remove(m.begin(), m.end(), p.info.id), m.end());
    if (m.empty()) groups_.erase(it);
  }
  p.group.reset();
}

void Shard::peer_up(PeerUpCommand&& c) {
  flush();  // the journal must hold everything up to now before the peer's cursor is taken
  auto& p = peers_[c.info.id];
  if (p.up) leave_group(p);
  p.info = c.info;
  p.group = std::move(c.group);
  p.sink = std::move(c.sink);
  p.up = true;
  auto& g = group_for(p.group);
  g.members.push_back(p.info.id);
  Handoff h;
  h.generation = 1;
  h.dump = dump(g, p.info.id, std::nullopt);
  h.cursor = g.journal->tail();
  p.sink->deliver(index_, std::move(h));
  p.sink->wake();
}

void Shard::peer_down(const PeerDownCommand& c) {
  auto it = peers_.find(c.peer);
  if (it == peers_.end()) return;
  auto& p = it->second;
  leave_group(p);
  p.up = false;
  p.sink.reset();
  went_down_.push_back(c.peer);
  // Graceful restart keeps the paths, marked stale; otherwise they go now.
  const auto op = c.retain_stale ? StaleOp::mark : StaleOp::drop_family;
  for (const auto af : {wire::kIpv4Unicast, wire::kIpv6Unicast})
    stale(StaleCommand{c.peer, af, op});
}

AttrRef Shard::inbound(PeerId peer, const std::shared_ptr<const session::RouteAttributes>& a) {
  if (a == last_in_src_ && peer == last_in_peer_) return last_in_ref_;
  last_in_src_ = a;
  last_in_peer_ = peer;
  last_in_ref_ = AttrRef{};
  last_in_rejected_ = false;
  const auto it = peers_.find(peer);
  if (it == peers_.end() || !a) return {};
  session::RouteAttributes v = *a;
  v.attributes.next_hop.reset();  // the next hop lives in v.next_hop for every family
  normalize_inbound(v.attributes, it->second.info.role);
  const auto verdict = check_inbound(v.attributes, it->second.info, settings_.local_as,
                                     settings_.router_id, settings_.cluster_ids);
  if (verdict != InboundVerdict::accept) {
    last_in_rejected_ = true;
    return {};
  }
  last_in_ref_ = attrs_.intern(std::move(v));
  return last_in_ref_;
}

void Shard::routes(RoutesCommand&& c) {
  auto* t = table(c.afi_safi);
  if (t == nullptr) return;
  const auto pit = peers_.find(c.peer);
  if (pit == peers_.end() || !pit->second.up) return;  // not (or no longer) Established
  for (const auto& n : c.withdrawn)
    remove(c.afi_safi, n, c.peer);
  if (c.announced.empty()) return;
  const AttrRef attrs = inbound(c.peer, c.attributes);
  for (const auto& n : c.announced) {
    if (attrs) {
      upsert(c.afi_safi, n, c.peer, attrs);
    } else {
      if (last_in_rejected_) ++rejected_loops_;
      remove(c.afi_safi, n, c.peer);
    }
  }
}

void Shard::touch(wire::AfiSafi af, const wire::Prefix& prefix, const Route* route) {
  auto& index = af == wire::kIpv4Unicast ? dirty_index_v4_ : dirty_index_v6_;
  auto [it, fresh] = index.try_emplace(prefix, dirty_.size());
  if (!fresh) return;
  Dirty d{af, prefix, {}};
  if (route != nullptr) d.before = route->paths;
  dirty_.push_back(std::move(d));
}

void Shard::upsert(wire::AfiSafi af, const wire::Nlri& nlri, PeerId peer, const AttrRef& attrs) {
  auto& t = *table(af);
  auto [rit, created] = t.try_emplace(nlri.prefix);
  auto& route = rit->second;
  auto pit = std::find_if(route.paths.begin(), route.paths.end(), [&](const Path& x) {
    return x.peer == peer && x.path_id == nlri.path_id;
  });
  if (pit != route.paths.end() && pit->attrs == attrs && !pit->stale) return;  // no change
  touch(af, nlri.prefix, created ? nullptr : &route);
  if (pit != route.paths.end()) {
    pit->attrs = attrs;
    pit->stale = false;
  } else {
    std::uint32_t tx = 1;
    while (std::any_of(route.paths.begin(), route.paths.end(),
                       [tx](const Path& x) { return x.tx_id == tx; }))
      ++tx;
    route.paths.push_back(Path{attrs, peer, nlri.path_id, tx, false});
    ++peers_[peer].paths;
  }
  sort(route);
}

void Shard::remove(wire::AfiSafi af, const wire::Nlri& nlri, PeerId peer) {
  auto& t = *table(af);
  auto rit = t.find(nlri.prefix);
  if (rit == t.end()) return;
  auto& paths = rit->second.paths;
  auto pit = std::find_if(paths.begin(), paths.end(), [&](const Path& x) {
    return x.peer == peer && x.path_id == nlri.path_id;
  });
  if (pit == paths.end()) return;
  touch(af, nlri.prefix, &rit->second);
  paths.erase(pit);
  --peers_[peer].paths;
  if (paths.empty()) {
    t.erase(rit);
  } else {
    sort(rit->second);
  }
}

PathView Shard::view_of(const Path& p) const {
  PathView v;
  v.attrs = &p.attrs->attributes;
  v.path_id = p.path_id;
  v.stale = p.stale;
  if (const auto* info = peer(p.peer)) {
    v.from_ebgp = info->role == PeerRole::ebgp;
    v.peer_as = info->peer_as;
    v.peer_router_id = info->router_id;
    v.peer_address = info->address;
  }
  return v;
}

void Shard::sort(Route& route) {
  auto& paths = route.paths;
  if (paths.size() > 1) {
    std::stable_sort(paths.begin(), paths.end(), [this](const Path& a, const Path& b) {
      const auto d = compare(view_of(a), view_of(b));
      return d.step != DecisionStep::equal && d.first_wins;
    });
    route.won_by = compare(view_of(paths[0]), view_of(paths[1])).step;
  } else {
    route.won_by = DecisionStep::equal;
  }
}

void Shard::stale(const StaleCommand& c) {
  auto* t = table(c.afi_safi);
  const auto pit = peers_.find(c.peer);
  if (t == nullptr || pit == peers_.end() || pit->second.paths == 0) return;
  for (auto r = t->begin(); r != t->end();) {
    auto& paths = r->second.paths;
    bool changed = false;
    for (std::size_t i = 0; i < paths.size(); ++i) {
      auto& x = paths[i];
      if (x.peer != c.peer) continue;
      const bool affected = c.op == StaleOp::drop_family || (c.op == StaleOp::sweep && x.stale) ||
                            (c.op == StaleOp::mark && !x.stale);
      if (!affected) continue;
      if (!changed) touch(c.afi_safi, r->first, &r->second);
      changed = true;
      if (c.op == StaleOp::mark) x.stale = true;
    }
    if (!changed) {
      ++r;
      continue;
    }
    if (c.op != StaleOp::mark) {
      const auto before = paths.size();
      paths.erase(std::remove_if(paths.begin(), paths.end(),
                                 [&](const Path& x) {
                                   return x.peer == c.peer &&
                                          (c.op == StaleOp::drop_family || x.stale);
                                 }),
                  paths.end());
      pit->second.paths -= before - paths.size();
    }
    if (paths.empty()) {
      r = t->erase(r);
    } else {
      sort(r->second);
      ++r;
    }
    // A peer with a full table going down touches every prefix: emit in batches rather than
    // hold a copy of every route's paths at once.
    if (dirty_.size() >= kDirtyBatch) emit_dirty();
  }
}

void Shard::rewalk(const RewalkCommand& c) {
  auto it = peers_.find(c.peer);
  if (it == peers_.end() || !it->second.up) return;
  flush();
  auto& g = group_for(it->second.group);
  Handoff h;
  h.generation = c.generation;
  h.dump = dump(g, c.peer, c.afi_safi);
  h.cursor = g.journal->tail();
  ++rewalks_;
  it->second.sink->deliver(index_, std::move(h));
  it->second.sink->wake();
}

AttrRef Shard::outbound(GroupPart& g, const Path& p, wire::AfiSafi af) {
  const GroupPart::MemoKey key{p.attrs.get(), p.peer, af == wire::kIpv6Unicast};
  if (auto it = g.memo.find(key); it != g.memo.end()) return it->second;
  AttrRef ref;
  if (const auto* info = peer(p.peer)) {
    const PathSource source{info->role, info->router_id, info->cluster_id};
    if (auto out = outbound_attributes(*p.attrs, af, source, g.spec->key.policy))
      ref = attrs_.intern(std::move(*out));
  }
  g.memo.emplace(key, ref);
  return ref;
}

void Shard::compute_view(GroupPart& g, const std::vector<Path>& paths, wire::AfiSafi af,
                         std::vector<std::pair<const Path*, AttrRef>>& out) {
  out.clear();
  if (paths.empty()) return;
  if (!g.add_path(af)) {
    if (auto o = outbound(g, paths.front(), af)) out.emplace_back(&paths.front(), std::move(o));
    return;
  }
  const auto limit = g.spec->key.add_path_send_max;
  for (const auto& p : paths) {
    if (auto o = outbound(g, p, af)) out.emplace_back(&p, std::move(o));
    if (limit != 0 && out.size() >= limit) break;
  }
}

void Shard::walk_advertised(GroupPart& g, PeerId peer, std::optional<wire::AfiSafi> only,
                            const AdvertisedFn& f) {
  std::vector<std::pair<const Path*, AttrRef>> view;
  for (const auto af : g.spec->key.families) {
    if (!is_unicast(af) || (only && *only != af)) continue;
    const bool add_path = g.add_path(af);
    for (const auto& [prefix, route] : *table(af)) {
      compute_view(g, route.paths, af, view);
      for (const auto& [path, attrs] : view) {
        if (path->peer == peer) continue;
        f(af, wire::Nlri{prefix, add_path ? path->tx_id : 0}, attrs);
      }
    }
  }
  g.memo.clear();
}

std::vector<std::shared_ptr<const JournalEntry>> Shard::dump(GroupPart& g, PeerId peer,
                                                             std::optional<wire::AfiSafi> only) {
  // Prefixes grouped by family and outbound set: one UPDATE run each.
  std::map<std::pair<wire::AfiSafi, const AttrSet*>, std::pair<AttrRef, std::vector<wire::Nlri>>>
      acc;
  walk_advertised(g, peer, only,
                  [&acc](wire::AfiSafi af, const wire::Nlri& nlri, const AttrRef& attrs) {
                    auto& slot = acc[{af, attrs.get()}];
                    if (!slot.first) slot.first = attrs;
                    slot.second.push_back(nlri);
                  });
  std::vector<std::shared_ptr<const JournalEntry>> out;
  EntryChunker chunker(0, peer);
  const auto keep = [&out](std::optional<JournalEntry> e) {
    if (e) out.push_back(std::make_shared<const JournalEntry>(std::move(*e)));
  };
  for (auto& [key, v] : acc) {
    auto& bytes = chunker.bytes();
    keep(chunker.added(
        Emitter::encode_announcements(key.first, *v.first, v.second, g.spec->key.tx, bytes)));
  }
  keep(chunker.take());
  return out;
}

void Shard::flush() {
  emit_dirty();
  forget_idle_peers();
}

void Shard::emit_dirty() {
  if (!dirty_.empty()) {
    std::vector<std::pair<const Path*, AttrRef>> before;
    std::vector<std::pair<const Path*, AttrRef>> after;
    static const std::vector<Path> no_paths;
    for (auto& [id, g] : groups_) {
      Emitter em(*g);
      const auto member_or_zero = [&g = *g](PeerId p) { return g.member(p) ? p : PeerId{0}; };
      // The RFC 4456 split horizon: a member never sees its own paths. `o` and `n` are what the
      // other members saw and now see for one NLRI; its source (if a member) saw and sees none.
      const auto emit = [&](wire::AfiSafi af, const wire::Nlri& nlri,
                            const std::pair<const Path*, AttrRef>* o,
                            const std::pair<const Path*, AttrRef>* n) {
        if (n != nullptr) {
          const PeerId ns = member_or_zero(n->first->peer);
          const bool others_change = o == nullptr || !(o->second == n->second);
          if (others_change) em.announce(af, nlri, n->second, ns, 0);
          if (o != nullptr && o->first->peer != n->first->peer) {
            if (ns != 0) em.withdraw(af, nlri, 0, ns);
            const PeerId os = member_or_zero(o->first->peer);
            if (os != 0 && !others_change) em.announce(af, nlri, n->second, 0, os);
          }
        } else if (o != nullptr) {
          em.withdraw(af, nlri, member_or_zero(o->first->peer), 0);
        }
      };
      // A group carries only the families its members negotiated (RFC 4760 §8: an IPv4-only
      // session, such as Calico's IPv4 session to a node, never gets IPv6 routes).
      const auto& families = g->spec->key.families;
      for (const auto& d : dirty_) {
        if (!std::binary_search(families.begin(), families.end(), d.afi_safi)) continue;
        const auto* t = table(d.afi_safi);
        const auto rit = t->find(d.prefix);
        const auto& now = rit == t->end() ? no_paths : rit->second.paths;
        compute_view(*g, d.before, d.afi_safi, before);
        compute_view(*g, now, d.afi_safi, after);
        if (!g->add_path(d.afi_safi)) {
          emit(d.afi_safi, wire::Nlri{d.prefix, 0}, before.empty() ? nullptr : before.data(),
               after.empty() ? nullptr : after.data());
          continue;
        }
        for (const auto& o : before) {
          const auto it = std::find_if(after.begin(), after.end(), [&](const auto& n) {
            return n.first->tx_id == o.first->tx_id;
          });
          if (it == after.end())
            emit(d.afi_safi, wire::Nlri{d.prefix, o.first->tx_id}, &o, nullptr);
        }
        for (const auto& n : after) {
          const auto it = std::find_if(before.begin(), before.end(), [&](const auto& o) {
            return o.first->tx_id == n.first->tx_id;
          });
          emit(d.afi_safi, wire::Nlri{d.prefix, n.first->tx_id},
               it == before.end() ? nullptr : &*it, &n);
        }
      }
      before.clear();
      after.clear();
      const bool appended = em.pack();
      g->memo.clear();
      if (appended) {
        for (const auto m : g->members) {
          const auto pit = peers_.find(m);
          if (pit != peers_.end() && pit->second.sink) pit->second.sink->wake();
        }
      }
    }
    // A big batch (a full table arriving) leaves the dirty list and its index at their peak
    // size; give that memory back rather than keep it for the next burst.
    constexpr std::size_t kKeep = 4096;
    if (dirty_.capacity() > kKeep) {
      std::vector<Dirty>().swap(dirty_);
      dirty_index_v4_ = {};
      dirty_index_v6_ = {};
    } else {
      dirty_.clear();
      dirty_index_v4_.clear();
      dirty_index_v6_.clear();
    }
  }
  last_in_src_.reset();
  last_in_ref_ = AttrRef{};
}

void Shard::forget_idle_peers() {
  for (const auto id : went_down_) {
    const auto it = peers_.find(id);
    if (it != peers_.end() && !it->second.up && it->second.paths == 0) peers_.erase(it);
  }
  went_down_.clear();
}

const PeerInfo* Shard::peer(PeerId id) const {
  const auto it = peers_.find(id);
  return it == peers_.end() ? nullptr : &it->second.info;
}

void Shard::for_each_route(
    const std::function<void(wire::AfiSafi, const wire::Prefix&, const std::vector<PathInfo>&,
                             DecisionStep)>& f) const {
  std::vector<PathInfo> infos;
  for (auto af : {wire::kIpv4Unicast, wire::kIpv6Unicast}) {
    for (const auto& [prefix, route] : *table(af)) {
      infos.clear();
      for (const auto& p : route.paths)
        infos.push_back(PathInfo{p.peer, p.path_id, p.tx_id, &*p.attrs, p.stale});
      f(af, prefix, infos, route.won_by);
    }
  }
}

std::optional<std::pair<std::vector<Shard::PathInfo>, DecisionStep>> Shard::route(
    wire::AfiSafi af, const wire::Prefix& prefix) const {
  const auto* t = table(af);
  if (t == nullptr) return std::nullopt;
  const auto it = t->find(prefix);
  if (it == t->end()) return std::nullopt;
  std::vector<PathInfo> infos;
  for (const auto& p : it->second.paths)
    infos.push_back(PathInfo{p.peer, p.path_id, p.tx_id, &*p.attrs, p.stale});
  return std::make_pair(std::move(infos), it->second.won_by);
}

void Shard::for_each_advertised(PeerId peer,
                                const std::function<void(wire::AfiSafi, const wire::Nlri&,
                                                         const session::RouteAttributes&)>& f) {
  const auto pit = peers_.find(peer);
  if (pit == peers_.end() || !pit->second.up || !pit->second.group) return;
  walk_advertised(group_for(pit->second.group), peer, std::nullopt,
                  [&f](wire::AfiSafi af, const wire::Nlri& nlri, const AttrRef& attrs) {
                    f(af, nlri, *attrs);
                  });
}

ShardStats Shard::stats() const {
  ShardStats s;
  s.prefixes = v4_.size() + v6_.size();
  for (const auto& [id, p] : peers_)
    s.paths += p.paths;
  s.attribute_sets = attrs_.size();
  s.rejected_loops = rejected_loops_;
  s.groups = groups_.size();
  for (const auto& [id, g] : groups_)
    s.journal_bytes += g->journal->bytes();
  s.rewalks = rewalks_;
  return s;
}

}  // namespace rr::engine
