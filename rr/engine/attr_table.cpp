#include "rr/engine/attr_table.hpp"

#include <cstring>

namespace rr::engine {

namespace {

class Hasher {
 public:
  void mix(std::uint64_t v) {
    // A 64-bit multiply-xorshift mix (splitmix64 finaliser) folded into the running state.
    v += 0x9e3779b97f4a7c15ULL + h_;
    v = (v ^ (v >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    v = (v ^ (v >> 27U)) * 0x94d049bb133111ebULL;
    h_ = v ^ (v >> 31U);
  }
  void bytes(const std::uint8_t* p, std::size_t n) {
    mix(n);
    while (n >= 8) {
      std::uint64_t v = 0;
      std::memcpy(&v, p, 8);
      mix(v);
      p += 8;
      n -= 8;
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, p, n);
    mix(tail);
  }
  template <typename T>
  void opt(const std::optional<T>& o) {
    mix(o.has_value() ? 1 : 0);
    if (o) value(*o);
  }
  void value(std::uint32_t v) { mix(v); }
  void value(wire::Ipv4Address a) { mix(a.value); }
  void value(wire::Origin o) { mix(static_cast<std::uint64_t>(o)); }
  void value(const wire::Aggregator& a) { mix((std::uint64_t{a.asn} << 32U) | a.address.value); }
  void value(const wire::AsPath& p) {
    mix(p.segments.size());
    for (const auto& s : p.segments) {
      mix(static_cast<std::uint64_t>(s.type));
      for (auto asn : s.asns)
        mix(asn);
    }
  }
  void value(const std::vector<wire::Ipv4Address>& v) {
    mix(v.size());
    for (auto a : v)
      mix(a.value);
  }
  [[nodiscard]] std::size_t result() const { return static_cast<std::size_t>(h_); }

 private:
  std::uint64_t h_ = 0;
};

}  // namespace

std::size_t hash_value(const session::RouteAttributes& ra) {
  Hasher h;
  const auto& a = ra.attributes;
  h.opt(a.origin);
  h.opt(a.as_path);
  h.opt(a.next_hop);
  h.opt(a.med);
  h.opt(a.local_pref);
  h.mix(a.atomic_aggregate ? 1 : 0);
  h.opt(a.aggregator);
  h.mix(a.communities.size());
  for (auto c : a.communities)
    h.mix(c);
  h.opt(a.originator_id);
  h.opt(a.cluster_list);
  h.mix(a.extended_communities.size());
  for (const auto& e : a.extended_communities)
    h.bytes(e.bytes.data(), e.bytes.size());
  h.opt(a.as4_path);
  h.opt(a.as4_aggregator);
  h.mix(a.large_communities.size());
  for (const auto& l : a.large_communities) {
    h.mix(l.global_admin);
    h.mix((std::uint64_t{l.local_data1} << 32U) | l.local_data2);
  }
  h.mix(a.unknown.size());
  for (const auto& u : a.unknown) {
    h.mix((std::uint64_t{u.flags} << 8U) | u.type);
    h.bytes(reinterpret_cast<const std::uint8_t*>(u.value.data()), u.value.size());
  }
  h.mix(static_cast<std::uint64_t>(ra.next_hop.global.afi));
  h.bytes(ra.next_hop.global.bytes.data(), ra.next_hop.global.bytes.size());
  h.mix(ra.next_hop.link_local ? 1 : 0);
  if (ra.next_hop.link_local)
    h.bytes(ra.next_hop.link_local->bytes.data(), ra.next_hop.link_local->bytes.size());
  return h.result();
}

void AttrRef::release() {
  if (p_ != nullptr && --p_->refs_ == 0) p_->table_->erase(p_);
  p_ = nullptr;
}

AttrTable::~AttrTable() {
  // Every reference must be gone by now (paths die with their shard first); free what is left
  // rather than leak it.
  for (auto* s : sets_)
    delete s;  // NOLINT(cppcoreguidelines-owning-memory): the table owns its sets
}

AttrRef AttrTable::intern(session::RouteAttributes value) {
  const auto h = hash_value(value);
  AttrSet probe(std::move(value), h, nullptr);
  if (auto it = sets_.find(&probe); it != sets_.end()) return AttrRef(*it);
  auto* set =
      new AttrSet(std::move(probe.value_), h, this);  // NOLINT(cppcoreguidelines-owning-memory)
  sets_.insert(set);
  return AttrRef(set);
}

void AttrTable::erase(AttrSet* set) {
  sets_.erase(set);
  delete set;  // NOLINT(cppcoreguidelines-owning-memory)
}

}  // namespace rr::engine
