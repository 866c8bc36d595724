// Model-based test of the RIB shards: random announcements, withdrawals, session losses (with
// and without graceful restart), stale sweeps and late joiners from peers of every role, run
// through 1, 2, 3 and 5 shards. After every flush, what each Established peer has received (its
// handoffs and journal entries, decoded) must equal what a naive model computes from scratch:
// all paths per prefix, loop checks, the decision process, the reflection rules, split horizon
// and ADD-PATH best-N.
#include <algorithm>
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "rr/engine/best_path.hpp"
#include "rr/engine/reflection.hpp"
#include "shard_harness.hpp"

namespace rr::engine {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace): the harness of these tests

struct ModelPath {
  session::RouteAttributes attrs;
  bool stale = false;
};

struct PeerSpec {
  PeerId id;
  PeerRole role;
  bool add_path;
  std::uint32_t add_path_max;
};

class Model {
 public:
  Model(std::size_t shards, std::uint32_t seed) : set_(shards), rng_(seed) {
    const PeerSpec specs[] = {
        {1, PeerRole::client, false, 0},     {2, PeerRole::client, false, 0},
        {3, PeerRole::client, false, 0},     {4, PeerRole::non_client, false, 0},
        {5, PeerRole::non_client, false, 0}, {6, PeerRole::ebgp, false, 0},
        {7, PeerRole::client, true, 0},      {8, PeerRole::client, true, 2},
    };
    for (const auto& s : specs) {
      Peer p;
      p.spec = s;
      const auto addr = "192.0.2." + std::to_string(s.id);
      const auto rid = std::to_string(s.id) + "." + std::to_string(s.id) + ".0.1";
      p.info = peer_info(s.id, s.role, addr.c_str(), rid.c_str());
      p.group = set_.group(s.role, s.add_path, s.add_path_max);
      peers_[s.id] = std::move(p);
    }
    for (std::uint32_t i = 0; i < 24; ++i)
      prefixes_.emplace_back(wire::kIpv4Unicast,
                             wire::Prefix::v4(wire::Ipv4Address{0x0A000000U + (i << 6U)}, 26));
    for (std::uint8_t i = 0; i < 8; ++i) {
      auto a = wire::Ipv6Address::parse("2001:db8::").value();
      a.bytes[5] = i;
      prefixes_.emplace_back(wire::kIpv6Unicast, wire::Prefix::v6(a, 122));
    }
    for (auto& [id, p] : peers_)
      up(id);
  }

  void step() {
    const auto dice = pick(100);
    const auto peer = static_cast<PeerId>(1 + pick(peers_.size()));
    auto& p = peers_.at(peer);
    if (dice < 45) {
      if (p.up) announce(peer);
    } else if (dice < 70) {
      if (p.up) withdraw(peer);
    } else if (dice < 80) {
      check();
    } else if (dice < 86) {
      if (p.up) {
        down(peer, pick(2) == 0);
      } else {
        up(peer);
      }
    } else if (dice < 92) {
      if (p.up) stale(peer, pick(2) == 0 ? StaleOp::sweep : StaleOp::mark);
    } else if (!p.up) {
      up(peer);
    }
  }

  void check() {
    set_.flush();
    for (auto& [id, p] : peers_) {
      if (!p.up) continue;
      ASSERT_TRUE(p.reader->sync()) << "peer " << id << " lost its journal position";
      compare(p);
    }
  }

 private:
  struct Peer {
    PeerSpec spec{};
    PeerInfo info;
    std::shared_ptr<const GroupSpec> group;
    bool up = false;
    std::unique_ptr<PeerReader> reader;
  };
  using Key = std::tuple<wire::AfiSafi, wire::Prefix, PeerId, std::uint32_t>;

  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }

  session::RouteAttributes random_attrs(PeerId peer, wire::AfiSafi af) {
    session::RouteAttributes r;
    r.attributes.origin = static_cast<wire::Origin>(pick(2));
    r.attributes.as_path = wire::AsPath{};
    if (peers_.at(peer).spec.role == PeerRole::ebgp || pick(3) == 0) {
      std::vector<std::uint32_t> asns{65100 + peer};
      for (std::size_t i = pick(3); i > 0; --i)
        asns.push_back(64600 + static_cast<std::uint32_t>(pick(4)));
      if (pick(20) == 0) asns.push_back(kLocalAs);  // an AS loop
      r.attributes.as_path->segments.push_back({wire::AsSegmentType::as_sequence, asns});
    }
    if (pick(2) == 0) r.attributes.local_pref = pick(2) == 0 ? 100 : 200;
    if (pick(3) == 0) r.attributes.med = static_cast<std::uint32_t>(pick(3));
    if (pick(4) == 0)
      r.attributes.communities = {0xFDE80000U + static_cast<std::uint32_t>(pick(3))};
    if (peers_.at(peer).spec.role != PeerRole::ebgp) {
      const auto o = pick(12);
      if (o == 0) r.attributes.originator_id = v4("10.0.0.1");  // ours: a loop
      if (o == 1) r.attributes.originator_id = v4("9.9.9.9");
      const auto c = pick(12);
      if (c == 0) r.attributes.cluster_list = std::vector{v4("10.0.0.1")};  // ours: a loop
      if (c == 1) r.attributes.cluster_list = std::vector{v4("10.0.0.9"), v4("10.0.0.8")};
    }
    if (af == wire::kIpv4Unicast) {
      r.next_hop.global = wire::IpAddress::from(wire::Ipv4Address{0xC6120000U + peer});
    } else {
      auto a = wire::Ipv6Address::parse("2001:db8:ffff::").value();
      a.bytes[15] = static_cast<std::uint8_t>(peer);
      r.next_hop.global = wire::IpAddress::from(a);
    }
    return r;
  }

  void announce(PeerId peer) {
    const auto af = pick(4) == 0 ? wire::kIpv6Unicast : wire::kIpv4Unicast;
    const auto attrs = random_attrs(peer, af);
    std::vector<wire::Nlri> nlri;
    for (std::size_t i = 1 + pick(4); i > 0; --i) {
      const auto& [paf, pfx] = prefixes_[pick(prefixes_.size())];
      if (paf != af) continue;
      const std::uint32_t path_id = peer == 1 ? static_cast<std::uint32_t>(pick(2)) : 0;
      nlri.push_back(wire::Nlri{pfx, path_id});
    }
    if (nlri.empty()) return;
    set_.announce(peer, af, nlri, attrs);
    // The model: the receiver's normalisation and loop checks, then store or withdraw.
    auto v = attrs;
    v.attributes.next_hop.reset();
    const auto& info = peers_.at(peer).info;
    normalize_inbound(v.attributes, info.role);
    const auto s = ShardSet::defaults();
    const bool ok = check_inbound(v.attributes, info, kLocalAs, s.router_id, s.cluster_ids) ==
                    InboundVerdict::accept;
    for (const auto& n : nlri) {
      const Key k{af, n.prefix, peer, n.path_id};
      if (ok) {
        adj_in_[k] = ModelPath{v, false};
      } else {
        adj_in_.erase(k);
      }
    }
  }

  void withdraw(PeerId peer) {
    std::vector<Key> mine;
    for (const auto& [k, v] : adj_in_)
      if (std::get<2>(k) == peer) mine.push_back(k);
    if (mine.empty()) return;
    const auto k = mine[pick(mine.size())];
    set_.withdraw(peer, std::get<0>(k), {wire::Nlri{std::get<1>(k), std::get<3>(k)}});
    adj_in_.erase(k);
  }

  void down(PeerId peer, bool retain) {
    set_.down(peer, retain);
    auto& p = peers_.at(peer);
    p.up = false;
    p.reader.reset();
    for (auto it = adj_in_.begin(); it != adj_in_.end();) {
      if (std::get<2>(it->first) != peer) {
        ++it;
      } else if (retain) {
        it->second.stale = true;
        ++it;
      } else {
        it = adj_in_.erase(it);
      }
    }
  }

  void up(PeerId peer) {
    auto& p = peers_.at(peer);
    p.reader = std::make_unique<PeerReader>(peer, set_.size(), p.group->key.tx);
    set_.up(p.info, p.group, p.reader->sink());
    p.up = true;
  }

  void stale(PeerId peer, StaleOp op) {
    const auto af = pick(2) == 0 ? wire::kIpv4Unicast : wire::kIpv6Unicast;
    set_.stale(peer, af, op);
    for (auto it = adj_in_.begin(); it != adj_in_.end();) {
      const bool mine = std::get<2>(it->first) == peer && std::get<0>(it->first) == af;
      if (mine && op == StaleOp::mark) it->second.stale = true;
      if (mine && op == StaleOp::sweep && it->second.stale) {
        it = adj_in_.erase(it);
      } else {
        ++it;
      }
    }
  }

  void compare(const Peer& p) {
    // Expected: per (family, prefix), the outbound attribute sets the group advertises, without
    // the peer's own paths. Path identifiers are the engine's choice, so compare multisets.
    using Expect = std::map<std::pair<wire::AfiSafi, wire::Prefix>, std::multiset<std::size_t>>;
    std::map<std::pair<wire::AfiSafi, wire::Prefix>,
             std::vector<std::pair<PeerId, const ModelPath*>>>
        by_prefix;
    std::map<std::pair<wire::AfiSafi, wire::Prefix>, std::vector<std::uint32_t>> path_ids;
    for (const auto& [k, v] : adj_in_)
      by_prefix[{std::get<0>(k), std::get<1>(k)}].emplace_back(std::get<2>(k), &v);
    std::vector<session::RouteAttributes> sets;
    const auto index_of = [&sets](const session::RouteAttributes& a) {
      for (std::size_t i = 0; i < sets.size(); ++i)
        if (sets[i] == a) return i;
      sets.push_back(a);
      return sets.size() - 1;
    };
    Expect expected;
    for (auto& [key, paths] : by_prefix) {
      std::vector<std::tuple<PathView, PeerId, const ModelPath*>> views;
      for (const auto& [peer, mp] : paths) {
        const auto& info = peers_.at(peer).info;
        PathView v;
        v.attrs = &mp->attrs.attributes;
        v.from_ebgp = info.role == PeerRole::ebgp;
        v.peer_as = info.peer_as;
        v.peer_router_id = info.router_id;
        v.peer_address = info.address;
        v.stale = mp->stale;
        views.emplace_back(v, peer, mp);
      }
      // Path identifiers of peer 1 tie-break last; fetch them from the keys.
      for (auto& [v, peer, mp] : views) {
        for (const auto& [k, m] : adj_in_)
          if (&m == mp) v.path_id = std::get<3>(k);
      }
      std::stable_sort(views.begin(), views.end(), [](const auto& a, const auto& b) {
        const auto d = compare_paths(std::get<0>(a), std::get<0>(b));
        return d.step != DecisionStep::equal && d.first_wins;
      });
      const bool add_path = p.spec.add_path;
      std::size_t taken = 0;
      for (const auto& [v, peer, mp] : views) {
        const auto& src = peers_.at(peer).info;
        const auto out = outbound_attributes(mp->attrs, key.first,
                                             PathSource{src.role, src.router_id, src.cluster_id},
                                             p.group->key.policy);
        if (!add_path) {
          if (out && peer != p.spec.id) expected[key].insert(index_of(*out));
          break;  // only the best path, advertised or not
        }
        if (!out) continue;
        ++taken;
        if (peer != p.spec.id) expected[key].insert(index_of(*out));
        if (p.spec.add_path_max != 0 && taken >= p.spec.add_path_max) break;
      }
    }
    Expect got;
    for (const auto& [k, attrs] : p.reader->table()) {
      got[{k.first, k.second.prefix}].insert(index_of(attrs));
      path_ids[{k.first, k.second.prefix}].push_back(k.second.path_id);
    }
    std::erase_if(expected, [](const auto& e) { return e.second.empty(); });
    ASSERT_EQ(got.size(), expected.size()) << "peer " << p.spec.id << ": prefix count differs";
    for (const auto& [k, want] : expected) {
      const auto it = got.find(k);
      ASSERT_NE(it, got.end()) << "peer " << p.spec.id << " misses " << k.second.to_string();
      EXPECT_EQ(it->second, want) << "peer " << p.spec.id << " has other paths for "
                                  << k.second.to_string();
    }
  }

  static Decision compare_paths(const PathView& a, const PathView& b) {
    return rr::engine::compare(a, b);
  }

  ShardSet set_;
  std::mt19937 rng_;
  std::map<PeerId, Peer> peers_;
  std::vector<std::pair<wire::AfiSafi, wire::Prefix>> prefixes_;
  std::map<Key, ModelPath> adj_in_;
};

class ModelTest : public ::testing::TestWithParam<std::size_t> {};

TEST_P(ModelTest, EveryPeerReceivesWhatTheNaiveModelComputes) {
  for (std::uint32_t seed = 1; seed <= 25; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Model m(GetParam(), seed);
    for (int i = 0; i < 400; ++i) {
      m.step();
      if (::testing::Test::HasFatalFailure()) return;
    }
    m.check();
    if (::testing::Test::HasFatalFailure()) return;
  }
}

INSTANTIATE_TEST_SUITE_P(Shards, ModelTest, ::testing::Values(1, 2, 3, 5));

}  // namespace
}  // namespace rr::engine
