#include "shard_harness.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "rr/wire/header.hpp"
#include "rr/wire/message.hpp"

namespace rr::engine::testing {

wire::Ipv4Address v4(const char* text) {
  return wire::Ipv4Address::parse(text).value_or(wire::Ipv4Address{});
}

wire::Prefix prefix(const char* text) {
  return wire::Prefix::parse(text).value();
}

PeerInfo peer_info(PeerId id, PeerRole role, const char* address, const char* router_id) {
  PeerInfo p;
  p.id = id;
  p.address = wire::IpAddress::parse(address).value();
  p.router_id = v4(router_id);
  p.peer_as = role == PeerRole::ebgp ? 65100 + id : kLocalAs;
  p.role = role;
  p.cluster_id = v4("10.0.0.1");
  return p;
}

PeerReader::PeerReader(PeerId id, std::size_t shards, wire::CodecContext ctx)
    : id_(id), ctx_(ctx), cursors_(shards) {}

bool PeerReader::sync() {
  for (auto& [shard, h] : sink_->inbox) {
    for (const auto& e : h.dump)
      apply(*e);
    cursors_[shard] = std::move(h.cursor);
  }
  sink_->inbox.clear();
  bool ok = true;
  for (auto& c : cursors_) {
    while (c.attached()) {
      std::shared_ptr<const JournalEntry> e;
      const auto st = c.next(e);
      if (st == Journal::Cursor::Status::empty) break;
      if (st == Journal::Cursor::Status::lost) {
        ok = false;
        break;
      }
      if (e->for_peer(id_)) apply(*e);
    }
  }
  return ok;
}

void PeerReader::apply(const JournalEntry& e) {
  wire::ByteView rest(*e.bytes);
  std::vector<wire::UpdateMessage> decoded;
  while (!rest.empty()) {
    const auto h = wire::peek_header(rest, ctx_);
    EXPECT_TRUE(h && *h) << "bad header in a journal entry";
    if (!h || !*h) return;
    const auto len = (*h)->length;
    largest = std::max<std::size_t>(largest, len);
    auto m = wire::decode_message(rest.first(len), ctx_);
    rest = rest.subspan(len);
    EXPECT_TRUE(m) << "undecodable message in a journal entry";
    if (!m) return;
    auto* u = std::get_if<wire::UpdateMessage>(&*m);
    EXPECT_NE(u, nullptr);
    if (u == nullptr) return;
    EXPECT_EQ(u->action, wire::ErrorAction::none);
    ++updates;
    for (const auto& n : u->withdrawn) {
      table_.erase({wire::kIpv4Unicast, n});
      ++withdrawn;
    }
    if (u->mp_unreach) {
      for (const auto& n : u->mp_unreach->withdrawn) {
        table_.erase({u->mp_unreach->afi_safi, n});
        ++withdrawn;
      }
    }
    session::RouteAttributes a;
    a.attributes = u->attributes;
    a.attributes.next_hop.reset();
    if (!u->nlri.empty()) {
      auto v = a;
      v.next_hop = wire::MpNextHop{wire::IpAddress::from(*u->attributes.next_hop), std::nullopt};
      for (const auto& n : u->nlri)
        table_[{wire::kIpv4Unicast, n}] = v;
      announced += u->nlri.size();
    }
    if (u->mp_reach) {
      auto v = a;
      v.next_hop = u->mp_reach->next_hop;
      for (const auto& n : u->mp_reach->nlri)
        table_[{u->mp_reach->afi_safi, n}] = v;
      announced += u->mp_reach->nlri.size();
    }
    decoded.push_back(std::move(*u));
  }
  entries.push_back(std::move(decoded));
}

ShardSettings ShardSet::defaults() {
  ShardSettings s;
  s.local_as = kLocalAs;
  s.router_id = v4("10.0.0.1");
  s.cluster_ids = {v4("10.0.0.1")};
  return s;
}

ShardSet::ShardSet(std::size_t shards, ShardSettings settings) {
  for (std::size_t i = 0; i < shards; ++i)
    shards_.push_back(std::make_unique<Shard>(i, settings));
}

std::shared_ptr<const GroupSpec> ShardSet::group(PeerRole to, bool add_path,
                                                 std::uint32_t add_path_max,
                                                 session::NextHopMode mode,
                                                 std::vector<wire::AfiSafi> families) {
  GroupKey k;
  k.policy.to = to;
  k.policy.local_as = kLocalAs;
  k.policy.next_hop_mode = mode;
  k.policy.self_v4 = v4("10.0.0.1");
  k.policy.self_v6 = wire::Ipv6Address::parse("2001:db8::1");
  k.families = std::move(families);
  if (add_path) {
    k.tx.add_path.insert(wire::kIpv4Unicast);
    k.tx.add_path.insert(wire::kIpv6Unicast);
    k.add_path_send_max = add_path_max;
  }
  for (const auto& g : groups_)
    if (g->key == k) return g;
  auto g = std::make_shared<GroupSpec>();
  g->id = groups_.size() + 1;
  g->key = k;
  groups_.push_back(g);
  return g;
}

void ShardSet::up(const PeerInfo& info, const std::shared_ptr<const GroupSpec>& group,
                  const std::shared_ptr<HandoffSink>& sink) {
  for (auto& s : shards_)
    s->handle(PeerUpCommand{info, group, sink});
}

void ShardSet::down(PeerId peer, bool retain_stale) {
  for (auto& s : shards_)
    s->handle(PeerDownCommand{peer, retain_stale});
}

void ShardSet::announce(PeerId peer, wire::AfiSafi af, std::vector<wire::Nlri> nlri,
                        const session::RouteAttributes& attrs) {
  const auto shared = std::make_shared<const session::RouteAttributes>(attrs);
  std::vector<RoutesCommand> parts(shards_.size());
  for (auto& n : nlri)
    parts[shard_of(n.prefix, shards_.size())].announced.push_back(n);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].announced.empty()) continue;
    parts[i].peer = peer;
    parts[i].afi_safi = af;
    parts[i].attributes = shared;
    shards_[i]->handle(std::move(parts[i]));
  }
}

void ShardSet::withdraw(PeerId peer, wire::AfiSafi af, std::vector<wire::Nlri> nlri) {
  std::vector<RoutesCommand> parts(shards_.size());
  for (auto& n : nlri)
    parts[shard_of(n.prefix, shards_.size())].withdrawn.push_back(n);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].withdrawn.empty()) continue;
    parts[i].peer = peer;
    parts[i].afi_safi = af;
    shards_[i]->handle(std::move(parts[i]));
  }
}

void ShardSet::stale(PeerId peer, wire::AfiSafi af, StaleOp op) {
  for (auto& s : shards_)
    s->handle(StaleCommand{peer, af, op});
}

void ShardSet::flush() {
  for (auto& s : shards_)
    s->flush();
}

}  // namespace rr::engine::testing
