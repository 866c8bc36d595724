#include "perf/loadgen/workload.hpp"

#include <algorithm>
#include <vector>

#include "rr/wire/attributes/mp_nlri.hpp"
#include "rr/wire/attributes/path_attributes.hpp"
#include "rr/wire/capabilities.hpp"
#include "rr/wire/context.hpp"
#include "rr/wire/open_message.hpp"
#include "rr/wire/update_packer.hpp"

namespace rr::perf {

namespace {

constexpr std::uint32_t kV4Base = 0x0a000000;  // 10.0.0.0
constexpr std::uint8_t kV6Top = 0xfd;
constexpr std::uint32_t kMaxSessions = 1U << 20U;
constexpr std::uint32_t kMaxV6PerSession = 1U << 26U;
constexpr std::uint32_t kMaxFeeders = 254;  // the checker keeps 1 + feeder in one octet

std::uint32_t load_u32(const std::uint8_t* p) {
  return (static_cast<std::uint32_t>(p[0]) << 24U) | (static_cast<std::uint32_t>(p[1]) << 16U) |
         (static_cast<std::uint32_t>(p[2]) << 8U) | static_cast<std::uint32_t>(p[3]);
}

void store_u32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24U);
  p[1] = static_cast<std::uint8_t>(v >> 16U);
  p[2] = static_cast<std::uint8_t>(v >> 8U);
  p[3] = static_cast<std::uint8_t>(v);
}

std::uint64_t load_u64(const std::uint8_t* p) {
  return (std::uint64_t{load_u32(p)} << 32U) | load_u32(p + 4);
}

void store_u64(std::uint8_t* p, std::uint64_t v) {
  store_u32(p, static_cast<std::uint32_t>(v >> 32U));
  store_u32(p + 4, static_cast<std::uint32_t>(v));
}

}  // namespace

wire::Ipv6Address default_source6_base() {
  wire::Ipv6Address a;
  a.bytes[0] = 0xfd;
  a.bytes[3] = 0x01;
  a.bytes[15] = 0x01;
  return a;
}

wire::Ipv4Address next_host_address(wire::Ipv4Address a) {
  std::uint32_t v = a.value + 1;
  while ((v & 0xffU) == 0 || (v & 0xffU) == 0xff)
    ++v;
  return wire::Ipv4Address{v};
}

std::optional<std::string> Workload::check(const WorkloadConfig& config) {
  if (config.sessions < 2) return "need at least 2 sessions";
  if (config.sessions > kMaxSessions) return "too many sessions";
  if (config.feeders > 0) {
    if (config.feeders >= config.sessions) return "need at least one client besides the feeders";
    if (config.feeders > kMaxFeeders) return "at most 254 feeders";
    if (config.v4_per_session + config.v6_per_session != 0) {
      return "feeders (W4) need --v4 0 --v6 0: clients announce nothing";
    }
    if (config.feed_prefixes == 0 || config.feed_prefixes > kFeedSpace) {
      return "feed prefixes must be 1 .. 2^22 (/24s from 11.0.0.0)";
    }
    if (config.feed_attr_sets == 0 || config.feed_attr_sets > config.feed_prefixes) {
      return "feed attribute sets must be 1 .. feed prefixes";
    }
  } else if (config.v4_per_session + config.v6_per_session == 0) {
    return "no routes per session";
  }
  if (static_cast<std::uint64_t>(config.sessions) * config.v4_per_session > kV4Space) {
    return "sessions * v4 exceeds the 2^18 /26 routes of 10.0.0.0/8";
  }
  if (config.v6_per_session >= kMaxV6PerSession) return "too many IPv6 routes per session";
  if (config.hold_time != 0 && config.hold_time < 3) return "hold time must be 0 or >= 3";
  const auto last_octet = config.source_base.value & 0xffU;
  if (last_octet == 0 || last_octet == 0xff) return "source base must not end in .0 or .255";
  // The last source address must stay inside 127.0.0.0/8.
  const std::uint64_t span = config.sessions + (config.sessions / 254U + 1U) * 2U;
  if ((config.source_base.value >> 24U) != 127 ||
      (config.source_base.value & 0x00ffffffU) + span > 0x00ffffffU) {
    return "source addresses must stay inside 127.0.0.0/8";
  }
  if (config.v6_sessions) {
    if (config.feeders > 0) return "--v6-sessions is for the per-client scheme, not feeders";
    // source6_base + k changes the low 64 bits only.
    if (load_u64(&config.source6_base.bytes[8]) > ~std::uint64_t{0} - config.sessions) {
      return "IPv6 source addresses must not wrap the low 64 bits";
    }
  }
  if (config.next_hop_base &&
      std::uint64_t{config.next_hop_base->value} + span > std::uint64_t{0xdfffffffU}) {
    return "next hops must stay below 224.0.0.0";
  }
  return std::nullopt;
}

Workload::Workload(const WorkloadConfig& config) : config_(config) {
  if (config.feed_attr_sets > 0) feed_mod_magic_ = ~std::uint64_t{0} / config.feed_attr_sets + 1;
  addresses_.reserve(config.sessions);
  wire::Ipv4Address a = config.source_base;
  for (std::uint32_t k = 0; k < config.sessions; ++k) {
    addresses_.push_back(a);
    a = next_host_address(a);
  }
}

std::optional<std::uint32_t> Workload::session_of(wire::Ipv4Address address) const {
  const auto it = std::lower_bound(addresses_.begin(), addresses_.end(), address);
  if (it == addresses_.end() || *it != address) return std::nullopt;
  return static_cast<std::uint32_t>(it - addresses_.begin());
}

wire::Ipv6Address Workload::address6(std::uint32_t k) const {
  wire::Ipv6Address a = config_.source6_base;
  store_u64(&a.bytes[8], load_u64(&a.bytes[8]) + k);
  return a;
}

std::optional<std::uint32_t> Workload::session6_of(const wire::Ipv6Address& address) const {
  const auto& base = config_.source6_base.bytes;
  if (!std::equal(base.begin(), base.begin() + 8, address.bytes.begin())) return std::nullopt;
  const std::uint64_t low = load_u64(&address.bytes[8]);
  const std::uint64_t first = load_u64(&base[8]);
  if (low < first || low - first >= sessions()) return std::nullopt;
  return static_cast<std::uint32_t>(low - first);
}

wire::Ipv4Address Workload::v4_next_hop(std::uint32_t k) const {
  if (!config_.next_hop_base) return address(k);
  return wire::Ipv4Address{config_.next_hop_base->value +
                           (address(k).value - config_.source_base.value)};
}

wire::Ipv6Address Workload::v6_next_hop(std::uint32_t k) const {
  wire::Ipv6Address a;
  a.bytes[0] = kV6Top;
  a.bytes[2] = 0xff;
  a.bytes[3] = 0xff;
  store_u32(&a.bytes[12], k + 1);  // fd00:ffff::<k+1>, never the subnet-router anycast ::0
  return a;
}

wire::Prefix Workload::v4_prefix(std::uint32_t k, std::uint32_t i) const {
  const std::uint32_t index = k * config_.v4_per_session + i;
  return wire::Prefix::v4(wire::Ipv4Address{kV4Base + (index << 6U)}, kV4Length);
}

wire::Prefix Workload::v6_prefix(std::uint32_t k, std::uint32_t i) const {
  wire::Ipv6Address a;
  a.bytes[0] = kV6Top;
  store_u32(&a.bytes[8], k);
  store_u32(&a.bytes[12], i << 6U);
  return wire::Prefix::v6(a, kV6Length);
}

wire::Prefix Workload::feed_prefix(std::uint32_t j) const {
  return wire::Prefix::v4(wire::Ipv4Address{kFeedBase + (j << 8U)}, kFeedLength);
}

std::uint64_t Workload::expected_v4(std::uint32_t k) const {
  if (!feeding()) return static_cast<std::uint64_t>(sessions() - 1) * config_.v4_per_session;
  return k == kFeedWinner ? 0 : config_.feed_prefixes;
}

std::vector<std::uint32_t> Workload::connect_order() const {
  std::vector<std::uint32_t> order;
  order.reserve(sessions());
  for (std::uint32_t k = config_.feeders; k < sessions(); ++k)
    order.push_back(k);
  for (std::uint32_t k = 0; k < config_.feeders; ++k)
    order.push_back(k);
  return order;
}

std::optional<RouteOwner> Workload::v4_owner(std::uint8_t length, std::uint32_t addr) const {
  if (length != kV4Length || (addr >> 24U) != (kV4Base >> 24U) || (addr & 0x3fU) != 0) {
    return std::nullopt;
  }
  const std::uint32_t index = (addr & 0x00ffffffU) >> 6U;
  if (config_.v4_per_session == 0 || index >= sessions() * config_.v4_per_session) {
    return std::nullopt;
  }
  return RouteOwner{index / config_.v4_per_session, index};
}

std::optional<RouteOwner> Workload::v6_owner(std::uint8_t length,
                                             const std::uint8_t* bytes16) const {
  if (length != kV6Length || bytes16[0] != kV6Top || load_u32(bytes16) != 0xfd000000U ||
      load_u32(bytes16 + 4) != 0) {
    return std::nullopt;
  }
  const std::uint32_t k = load_u32(bytes16 + 8);
  const std::uint32_t low = load_u32(bytes16 + 12);
  if (k >= sessions() || (low & 0x3fU) != 0 || (low >> 6U) >= config_.v6_per_session) {
    return std::nullopt;
  }
  const std::uint32_t flat =
      sessions() * config_.v4_per_session + k * config_.v6_per_session + (low >> 6U);
  return RouteOwner{k, flat};
}

wire::Bytes Workload::encode_open(std::uint32_t id, SessionFamilies families) const {
  wire::OpenMessage open;
  open.my_as = config_.asn > 0xffffU ? wire::kAsTrans : static_cast<std::uint16_t>(config_.asn);
  open.hold_time = config_.hold_time;
  open.bgp_identifier = wire::Ipv4Address{id};
  if (carries_v4(families)) {
    open.capabilities.emplace_back(wire::MultiprotocolCapability{wire::kIpv4Unicast});
  }
  if (carries_v6(families)) {
    open.capabilities.emplace_back(wire::MultiprotocolCapability{wire::kIpv6Unicast});
  }
  open.capabilities.emplace_back(wire::FourOctetAsCapability{config_.asn});
  open.capabilities.emplace_back(wire::RouteRefreshCapability{});
  if (config_.graceful_restart) {
    wire::GracefulRestartCapability gr;
    gr.restart_time = 120;
    if (carries_v4(families)) gr.families.push_back({wire::kIpv4Unicast, false});
    if (carries_v6(families)) gr.families.push_back({wire::kIpv6Unicast, false});
    open.capabilities.emplace_back(gr);
  }
  wire::Bytes out;
  wire::encode(open, out);
  return out;
}

wire::Bytes Workload::encode_client_open(std::uint32_t k, SessionFamilies families) const {
  return encode_open(address(k).value, families);
}

wire::Bytes Workload::encode_reflector_open() const {
  return encode_open(config_.rr_id.value, SessionFamilies::both);
}

wire::Bytes Workload::encode_feed(std::uint32_t k, bool reflected) const {
  const wire::CodecContext ctx;
  wire::Bytes out;
  wire::PathAttributes attrs;
  attrs.origin = wire::Origin::igp;
  attrs.as_path = wire::AsPath{};
  attrs.next_hop = v4_next_hop(k);
  attrs.local_pref = feed_local_pref(k);
  if (reflected) {
    attrs.originator_id = address(k);
    attrs.cluster_list = std::vector<wire::Ipv4Address>{config_.cluster_id};
  }
  const std::uint32_t sets = config_.feed_attr_sets;
  std::vector<wire::Nlri> nlri;
  nlri.reserve(config_.feed_prefixes / sets + 1);
  for (std::uint32_t a = 0; a < sets; ++a) {
    attrs.med = feed_med(a);
    attrs.communities = {feed_community(a)};
    nlri.clear();
    for (std::uint32_t j = a; j < config_.feed_prefixes; j += sets)
      nlri.push_back(wire::Nlri{feed_prefix(j), 0});
    (void)wire::pack_announcements(wire::kIpv4Unicast, attrs, std::nullopt, nlri, ctx, out);
  }
  return out;
}

wire::Bytes Workload::encode_routes(std::uint32_t k, bool reflected, bool v4, bool v6) const {
  if (feeding()) {
    if (v4 && is_feeder(k) && (!reflected || k == kFeedWinner)) return encode_feed(k, reflected);
    return {};
  }
  wire::Bytes out;
  const wire::CodecContext ctx;  // 4-octet AS, 4096-octet messages, no ADD-PATH
  wire::PathAttributes attrs;
  attrs.origin = wire::Origin::igp;
  attrs.as_path = wire::AsPath{};
  attrs.local_pref = kLocalPref;
  if (reflected) {
    attrs.originator_id = address(k);
    attrs.cluster_list = std::vector<wire::Ipv4Address>{config_.cluster_id};
  }
  std::vector<wire::Nlri> nlri;
  for (std::uint32_t i = 0; v4 && i < config_.v4_per_session; ++i) {
    nlri.push_back(wire::Nlri{v4_prefix(k, i), 0});
  }
  if (!nlri.empty()) {
    wire::PathAttributes v4_attrs = attrs;
    v4_attrs.next_hop = v4_next_hop(k);
    (void)wire::pack_announcements(wire::kIpv4Unicast, v4_attrs, std::nullopt, nlri, ctx, out);
  }
  nlri.clear();
  for (std::uint32_t i = 0; v6 && i < config_.v6_per_session; ++i) {
    nlri.push_back(wire::Nlri{v6_prefix(k, i), 0});
  }
  if (!nlri.empty()) {
    const wire::MpNextHop nh{wire::IpAddress::from(v6_next_hop(k)), std::nullopt};
    (void)wire::pack_announcements(wire::kIpv6Unicast, attrs, nh, nlri, ctx, out);
  }
  return out;
}

wire::Bytes Workload::encode_announcements(std::uint32_t k, SessionFamilies families) const {
  wire::Bytes out;
  if (carries_v4(families)) out = encode_family_announcements(k, wire::kIpv4Unicast);
  if (carries_v6(families)) {
    const wire::Bytes v6 = encode_family_announcements(k, wire::kIpv6Unicast);
    out.insert(out.end(), v6.begin(), v6.end());
  }
  return out;
}

wire::Bytes Workload::encode_family_announcements(std::uint32_t k, wire::AfiSafi family) const {
  const bool v4 = family == wire::kIpv4Unicast;
  wire::Bytes out = encode_routes(k, false, v4, !v4);
  wire::encode_end_of_rib(family, out);
  return out;
}

wire::Bytes Workload::encode_reflected(std::uint32_t k, SessionFamilies families) const {
  return encode_routes(k, true, carries_v4(families), carries_v6(families));
}

wire::Bytes Workload::encode_end_of_ribs(SessionFamilies families) {
  wire::Bytes out;
  if (carries_v4(families)) wire::encode_end_of_rib(wire::kIpv4Unicast, out);
  if (carries_v6(families)) wire::encode_end_of_rib(wire::kIpv6Unicast, out);
  return out;
}

}  // namespace rr::perf
