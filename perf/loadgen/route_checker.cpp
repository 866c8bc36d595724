#include "perf/loadgen/route_checker.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace rr::perf {

namespace {

// Path attribute type codes read here (RFC 4271 §5, RFC 4456 §8, RFC 4760 §3-4).
enum class AttrType : std::uint8_t {
  as_path = 2,
  next_hop = 3,
  med = 4,
  local_pref = 5,
  communities = 8,
  originator_id = 9,
  cluster_list = 10,
  mp_reach_nlri = 14,
  mp_unreach_nlri = 15,
  large_community = 32,
};

constexpr std::uint8_t kExtendedLength = 0x10;
constexpr std::uint16_t kAfiIpv6 = 2;
constexpr std::uint8_t kSafiUnicast = 1;
constexpr std::size_t kV6NextHop = 16;
constexpr std::size_t kV6NextHopWithLinkLocal = 32;

std::uint16_t load_u16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((static_cast<unsigned>(p[0]) << 8U) | p[1]);
}

std::uint32_t load_u32(const std::uint8_t* p) {
  return (static_cast<std::uint32_t>(p[0]) << 24U) | (static_cast<std::uint32_t>(p[1]) << 16U) |
         (static_cast<std::uint32_t>(p[2]) << 8U) | static_cast<std::uint32_t>(p[3]);
}

// RFC 4271 §4.3: an AS_PATH is empty when it has no segments or only empty ones.
bool as_path_is_empty(const std::uint8_t* p, std::size_t length) {
  std::size_t pos = 0;
  while (pos + 2 <= length) {
    if (p[pos + 1] != 0) return false;
    pos += 2;
  }
  return pos == length;
}

}  // namespace

void CheckCounters::add(const CheckCounters& other) {
  announced_v4 += other.announced_v4;
  announced_v6 += other.announced_v6;
  withdrawn_v4 += other.withdrawn_v4;
  withdrawn_v6 += other.withdrawn_v6;
  bad_originator_id += other.bad_originator_id;
  bad_cluster_list += other.bad_cluster_list;
  bad_next_hop += other.bad_next_hop;
  bad_as_path += other.bad_as_path;
  missing_local_pref += other.missing_local_pref;
  echoes += other.echoes;
  unexpected += other.unexpected;
  wrong_family += other.wrong_family;
  duplicates += other.duplicates;
  malformed += other.malformed;
  bad_attributes += other.bad_attributes;
  worse_path += other.worse_path;
  transient += other.transient;
  churn_announced += other.churn_announced;
  churn_withdrawn += other.churn_withdrawn;
  lost += other.lost;
}

std::uint64_t CheckCounters::errors() const {
  return bad_originator_id + bad_cluster_list + bad_next_hop + bad_as_path + missing_local_pref +
         echoes + unexpected + duplicates + malformed + bad_attributes + worse_path + lost +
         wrong_family;
}

RouteChecker::RouteChecker(const Workload& workload, std::uint32_t self)
    : workload_(&workload),
      self_(self),
      cluster_id_(workload.config().cluster_id.value),
      seen_((workload.total_routes() + 63U) / 64U, 0),
      feed_state_(workload.feeding() ? workload.feed_prefixes() : 0, 0) {
  expect_families(true, true);
}

void RouteChecker::expect_families(bool v4, bool v6) {
  expect_v4_ = v4;
  expect_v6_ = v6;
  expected_ = (v4 ? workload_->expected_v4(self_) : 0U) + (v6 ? workload_->expected_v6() : 0U);
}

void RouteChecker::attach_churn(const ChurnPlan* plan, ChurnRecord* record) {
  churn_plan_ = plan;
  churn_record_ = record;
  churn_held_.assign(plan == nullptr ? 0 : (plan->routes() + 63U) / 64U, 0);
  churn_held_count_ = 0;
}

void RouteChecker::reset() {
  std::fill(seen_.begin(), seen_.end(), 0);
  std::fill(churn_held_.begin(), churn_held_.end(), 0);
  std::fill(gr_stale_.begin(), gr_stale_.end(), 0);
  churn_held_count_ = 0;
  gr_stale_count_ = 0;
  std::fill(feed_state_.begin(), feed_state_.end(), 0);
  held_ = 0;
  stale_ = 0;
  eor_v4_ = false;
  eor_v6_ = false;
}

bool RouteChecker::parse_attributes(const std::uint8_t* p, std::size_t length, Attributes& out) {
  std::size_t pos = 0;
  while (pos < length) {
    if (pos + 3 > length) return false;
    const std::uint8_t flags = p[pos];
    const auto type = static_cast<AttrType>(p[pos + 1]);
    std::size_t value_length = 0;
    if ((flags & kExtendedLength) != 0) {
      if (pos + 4 > length) return false;
      value_length = load_u16(p + pos + 2);
      pos += 4;
    } else {
      value_length = p[pos + 2];
      pos += 3;
    }
    if (pos + value_length > length) return false;
    const std::uint8_t* v = p + pos;
    switch (type) {
      case AttrType::as_path:
        out.as_path_present = true;
        out.as_path_empty = as_path_is_empty(v, value_length);
        break;
      case AttrType::next_hop:
        if (value_length != 4) return false;
        out.next_hop_present = true;
        out.next_hop = load_u32(v);
        break;
      case AttrType::local_pref:
        out.local_pref_present = value_length == 4;
        if (out.local_pref_present) out.local_pref = load_u32(v);
        break;
      case AttrType::med:
        out.med_present = value_length == 4;
        if (out.med_present) out.med = load_u32(v);
        break;
      case AttrType::communities:
        out.single_community = value_length == 4;
        if (out.single_community) out.community = load_u32(v);
        break;
      case AttrType::large_community:
        out.single_large_community = value_length == 12;
        if (out.single_large_community) {
          out.large_global = load_u32(v);
          out.large_stamp = (std::uint64_t{load_u32(v + 4)} << 32U) | load_u32(v + 8);
        }
        break;
      case AttrType::originator_id:
        if (value_length != 4) return false;
        out.originator_present = true;
        out.originator_id = load_u32(v);
        break;
      case AttrType::cluster_list:
        out.cluster_list_ok = value_length == 4 && load_u32(v) == cluster_id_;
        break;
      case AttrType::mp_reach_nlri: {
        // AFI(2) SAFI(1) NH length(1) NH reserved(1) NLRI (RFC 4760 §3).
        if (value_length < 5) return false;
        const std::size_t nh_length = v[3];
        if (5 + nh_length > value_length) return false;
        if (load_u16(v) != kAfiIpv6 || v[2] != kSafiUnicast) return false;
        out.mp_reach_present = true;
        if (nh_length == kV6NextHop || nh_length == kV6NextHopWithLinkLocal) {
          out.mp_next_hop = v + 4;
        }
        out.mp_reach_nlri = v + 5 + nh_length;
        out.mp_reach_nlri_length = value_length - 5 - nh_length;
        break;
      }
      case AttrType::mp_unreach_nlri:
        if (value_length < 3) return false;
        if (load_u16(v) != kAfiIpv6 || v[2] != kSafiUnicast) return false;
        out.mp_unreach_present = true;
        out.mp_unreach = v + 3;
        out.mp_unreach_length = value_length - 3;
        break;
      default:
        break;
    }
    pos += value_length;
  }
  return true;
}

void RouteChecker::on_update(const std::uint8_t* body, std::size_t length, std::uint64_t now_ns) {
  now_ns_ = now_ns;
  if (length < 4) {
    ++counters_.malformed;
    return;
  }
  const std::size_t withdrawn_length = load_u16(body);
  if (2 + withdrawn_length + 2 > length) {
    ++counters_.malformed;
    return;
  }
  const std::uint8_t* withdrawn = body + 2;
  const std::size_t attrs_length = load_u16(withdrawn + withdrawn_length);
  const std::uint8_t* attrs_begin = withdrawn + withdrawn_length + 2;
  const std::size_t header = 4 + withdrawn_length;
  if (header + attrs_length > length) {
    ++counters_.malformed;
    return;
  }
  const std::uint8_t* nlri = attrs_begin + attrs_length;
  const std::size_t nlri_length = length - header - attrs_length;

  // RFC 4724 §2: IPv4 End-of-RIB is an UPDATE with nothing in it.
  if (withdrawn_length == 0 && attrs_length == 0 && nlri_length == 0) {
    eor_v4_ = true;
    if (gr_stale_count_ > 0) sweep_stale(true, false);
    complete_once_ = complete_once_ || complete();
    return;
  }
  Attributes attrs;
  bool ok = parse_attributes(attrs_begin, attrs_length, attrs);
  if (!feed_state_.empty()) check_feed_update(attrs);
  ok = ok && walk_v4(withdrawn, withdrawn_length, nullptr);
  ok = ok && walk_v4(nlri, nlri_length, &attrs);
  if (attrs.mp_reach_present) {
    ok = ok && walk_v6(attrs.mp_reach_nlri, attrs.mp_reach_nlri_length, &attrs);
  }
  if (attrs.mp_unreach_present) {
    // An UPDATE whose only content is an empty MP_UNREACH_NLRI is the IPv6 End-of-RIB.
    if (attrs.mp_unreach_length == 0 && !attrs.mp_reach_present && withdrawn_length == 0 &&
        nlri_length == 0) {
      eor_v6_ = true;
      if (gr_stale_count_ > 0) sweep_stale(false, true);
    }
    ok = ok && walk_v6(attrs.mp_unreach, attrs.mp_unreach_length, nullptr);
  }
  if (!ok) ++counters_.malformed;
  complete_once_ = complete_once_ || complete();
}

bool RouteChecker::walk_v4(const std::uint8_t* p, std::size_t length, const Attributes* announce) {
  std::size_t pos = 0;
  while (pos < length) {
    const std::uint8_t bits = p[pos];
    const std::size_t octets = (bits + 7U) / 8U;
    if (bits > 32 || pos + 1 + octets > length) return false;
    std::uint32_t addr = 0;
    for (std::size_t i = 0; i < octets; ++i) {
      addr |= static_cast<std::uint32_t>(p[pos + 1 + i]) << (24U - 8U * i);
    }
    pos += 1 + octets;
    if (!expect_v4_) {
      ++counters_.wrong_family;
      continue;
    }
    if (churn_plan_ != nullptr) {
      if (const auto route = churn_plan_->route_of(bits, addr)) {
        if (announce != nullptr) {
          announce_churn(*route, *announce);
        } else {
          withdraw_churn(*route);
        }
        continue;
      }
    }
    if (announce != nullptr) {
      ++counters_.announced_v4;
    } else {
      ++counters_.withdrawn_v4;
    }
    if (!feed_state_.empty()) {
      const auto j = workload_->feed_index(bits, addr);
      if (!j) {
        ++counters_.unexpected;
      } else if (announce != nullptr) {
        announce_feed(*j, *announce);
      } else {
        withdraw_feed(*j);
      }
      continue;
    }
    const auto owner = workload_->v4_owner(bits, addr);
    if (!owner) {
      ++counters_.unexpected;
      continue;
    }
    if (announce != nullptr) {
      announce_route(*owner, false, *announce);
    } else {
      withdraw(*owner);
    }
  }
  return true;
}

bool RouteChecker::walk_v6(const std::uint8_t* p, std::size_t length, const Attributes* announce) {
  std::size_t pos = 0;
  std::array<std::uint8_t, 16> addr{};
  while (pos < length) {
    const std::uint8_t bits = p[pos];
    const std::size_t octets = (bits + 7U) / 8U;
    if (bits > 128 || pos + 1 + octets > length) return false;
    addr.fill(0);
    std::memcpy(addr.data(), p + pos + 1, octets);
    pos += 1 + octets;
    if (!expect_v6_) {
      ++counters_.wrong_family;
      continue;
    }
    if (announce != nullptr) {
      ++counters_.announced_v6;
    } else {
      ++counters_.withdrawn_v6;
    }
    const auto owner = workload_->v6_owner(bits, addr.data());
    if (!owner) {
      ++counters_.unexpected;
      continue;
    }
    if (announce != nullptr) {
      announce_route(*owner, true, *announce);
    } else {
      withdraw(*owner);
    }
  }
  return true;
}

void RouteChecker::announce_route(RouteOwner owner, bool v6, const Attributes& attrs) {
  if (owner.session == self_) {
    ++counters_.echoes;
    return;
  }
  std::uint64_t& word = seen_[owner.flat_id / 64U];
  const std::uint64_t bit = std::uint64_t{1} << (owner.flat_id % 64U);
  if ((word & bit) == 0) {
    word |= bit;
    ++held_;
  } else if (gr_stale_count_ > 0 && (gr_stale_[owner.flat_id / 64U] & bit) != 0) {
    gr_stale_[owner.flat_id / 64U] &= ~bit;  // refreshed after the restart
    --gr_stale_count_;
  } else {
    ++counters_.duplicates;
  }
  check_reflected(owner.session, v6, attrs);
}

void RouteChecker::check_reflected(std::uint32_t session, bool v6, const Attributes& attrs) {
  const std::uint32_t origin = workload_->address(session).value;
  if (!attrs.originator_present || attrs.originator_id != origin) ++counters_.bad_originator_id;
  if (!attrs.cluster_list_ok) ++counters_.bad_cluster_list;
  if (!attrs.as_path_present || !attrs.as_path_empty) ++counters_.bad_as_path;
  if (!attrs.local_pref_present) ++counters_.missing_local_pref;
  if (v6) {
    const auto expected = workload_->v6_next_hop(session);
    if (attrs.mp_next_hop == nullptr ||
        std::memcmp(attrs.mp_next_hop, expected.bytes.data(), expected.bytes.size()) != 0) {
      ++counters_.bad_next_hop;
    }
  } else if (!attrs.next_hop_present || attrs.next_hop != workload_->v4_next_hop(session).value) {
    ++counters_.bad_next_hop;
  }
}

void RouteChecker::announce_churn(std::uint32_t route, const Attributes& attrs) {
  const std::uint32_t owner = churn_plan_->owner(route);
  if (owner == self_) {
    ++counters_.echoes;
    return;
  }
  ++counters_.churn_announced;
  std::uint64_t& word = churn_held_[route / 64U];
  const std::uint64_t bit = std::uint64_t{1} << (route % 64U);
  if ((word & bit) == 0) {
    word |= bit;
    ++churn_held_count_;
  }
  check_reflected(owner, false, attrs);
  if (!attrs.single_large_community || attrs.large_global != workload_->config().asn ||
      attrs.large_stamp > now_ns_) {
    ++counters_.bad_attributes;  // the time stamp did not survive the reflector
    return;
  }
  churn_record_->announce_latency.add(now_ns_ - attrs.large_stamp);
}

void RouteChecker::withdraw_churn(std::uint32_t route) {
  std::uint64_t& word = churn_held_[route / 64U];
  const std::uint64_t bit = std::uint64_t{1} << (route % 64U);
  if ((word & bit) == 0) return;  // never held here (e.g. suppressed by the reflector)
  word &= ~bit;
  --churn_held_count_;
  ++counters_.churn_withdrawn;
  const std::uint64_t sent = churn_record_->withdraw_sent_ns[route];
  if (sent != 0 && sent <= now_ns_) churn_record_->withdraw_latency.add(now_ns_ - sent);
}

void RouteChecker::retain_stale(bool v4, bool v6) {
  gr_stale_.resize(seen_.size(), 0);
  for (std::size_t w = 0; w < seen_.size(); ++w) {
    std::uint64_t bits = seen_[w];
    while (bits != 0) {
      const auto b = static_cast<unsigned>(__builtin_ctzll(bits));
      bits &= bits - 1;
      const std::uint64_t bit = std::uint64_t{1} << b;
      const bool keep = is_v6_flat(static_cast<std::uint32_t>(w * 64U + b)) ? v6 : v4;
      if (!keep) {
        seen_[w] &= ~bit;
        --held_;
        ++counters_.lost;
      } else if ((gr_stale_[w] & bit) == 0) {
        gr_stale_[w] |= bit;
        ++gr_stale_count_;
      }
    }
  }
  std::fill(churn_held_.begin(), churn_held_.end(), 0);
  churn_held_count_ = 0;
  eor_v4_ = false;
  eor_v6_ = false;
}

void RouteChecker::sweep_stale(bool v4, bool v6) {
  for (std::size_t w = 0; w < gr_stale_.size() && gr_stale_count_ > 0; ++w) {
    std::uint64_t bits = gr_stale_[w];
    while (bits != 0) {
      const auto b = static_cast<unsigned>(__builtin_ctzll(bits));
      bits &= bits - 1;
      const std::uint64_t bit = std::uint64_t{1} << b;
      if (!(is_v6_flat(static_cast<std::uint32_t>(w * 64U + b)) ? v6 : v4)) continue;
      gr_stale_[w] &= ~bit;
      --gr_stale_count_;
      seen_[w] &= ~bit;
      --held_;
      ++counters_.lost;
    }
  }
}

void RouteChecker::check_feed_update(Attributes& attrs) {
  if (!attrs.originator_present) return;
  if (!last_originator_session_ || attrs.originator_id != last_originator_id_) {
    last_originator_id_ = attrs.originator_id;
    last_originator_session_ = workload_->session_of(wire::Ipv4Address{attrs.originator_id});
  }
  const auto feeder = last_originator_session_;
  attrs.originator_session = feeder;
  if (!feeder || !workload_->is_feeder(*feeder)) return;
  attrs.feed_cluster_bad = !attrs.cluster_list_ok;
  attrs.feed_as_path_bad = !attrs.as_path_present || !attrs.as_path_empty;
  attrs.feed_local_pref_bad =
      !attrs.local_pref_present || attrs.local_pref != Workload::feed_local_pref(*feeder);
  attrs.feed_next_hop_bad =
      !attrs.next_hop_present || attrs.next_hop != workload_->v4_next_hop(*feeder).value;
}

void RouteChecker::announce_feed(std::uint32_t j, const Attributes& attrs) {
  // Either of these replaces (RFC 4271 §9: implicitly withdraws) whatever route the prefix held:
  // the receiver ignores a route with its own ORIGINATOR_ID (RFC 4456 §8).
  const auto feeder = attrs.originator_session;
  if (!feeder || !workload_->is_feeder(*feeder)) {
    ++counters_.bad_originator_id;
    withdraw_feed(j);
    return;
  }
  if (*feeder == self_) {
    ++counters_.echoes;
    withdraw_feed(j);
    return;
  }
  if (attrs.feed_cluster_bad) ++counters_.bad_cluster_list;
  if (attrs.feed_as_path_bad) ++counters_.bad_as_path;
  if (attrs.feed_local_pref_bad) ++counters_.missing_local_pref;
  if (attrs.feed_next_hop_bad) ++counters_.bad_next_hop;
  const std::uint32_t set = workload_->feed_attr_set(j);
  if (!attrs.med_present || attrs.med != Workload::feed_med(set) || !attrs.single_community ||
      attrs.community != Workload::feed_community(set)) {
    ++counters_.bad_attributes;
  }
  const bool best = *feeder == Workload::kFeedWinner;
  if (!best) ++counters_.transient;
  std::uint8_t& state = feed_state_[j];
  const auto now = static_cast<std::uint8_t>(*feeder + 1);
  if (state == now) {
    ++counters_.duplicates;
    return;
  }
  if (state == Workload::kFeedWinner + 1) {
    ++counters_.worse_path;  // the best route replaced by a worse one
    --held_;
  } else if (state != 0) {
    --stale_;
  }
  state = now;
  if (best) {
    ++held_;
  } else {
    ++stale_;
  }
}

void RouteChecker::withdraw_feed(std::uint32_t j) {
  std::uint8_t& state = feed_state_[j];
  if (state == Workload::kFeedWinner + 1) {
    --held_;
  } else if (state != 0) {
    --stale_;
  }
  state = 0;
}

void RouteChecker::withdraw(RouteOwner owner) {
  std::uint64_t& word = seen_[owner.flat_id / 64U];
  const std::uint64_t bit = std::uint64_t{1} << (owner.flat_id % 64U);
  if ((word & bit) == 0) return;
  word &= ~bit;
  --held_;
  if (gr_stale_count_ > 0 && (gr_stale_[owner.flat_id / 64U] & bit) != 0) {
    gr_stale_[owner.flat_id / 64U] &= ~bit;
    --gr_stale_count_;
  }
  if (complete_once_) ++counters_.lost;
}

}  // namespace rr::perf
