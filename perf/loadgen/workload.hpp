// The benchmark workload shared by rrd-loadgen (the clients) and rrd-floor (the oracle reflector).
//
// W1 "Calico cold start" (perf-anchors §6.2): N iBGP clients, client k speaks from its own
// 127.x source address (also its router id), announces `v4` IPv4 /26 and `v6` IPv6 /122 prefixes
// with NEXT_HOP = its source address (IPv4) and fd00:ffff::<k> (IPv6, in MP_REACH_NLRI), ORIGIN
// IGP, LOCAL_PREF 100 and an empty AS_PATH, then End-of-RIB for both families (RFC 4724 §2).
// W5 (many sessions, tiny tables) is the same code with --v4 10 --v6 0.
// With v6_sessions (Calico's way: BIRD runs bird and bird6), client k opens a second session from
// its own IPv6 address source6_base + k (same router id) that carries its IPv6 routes, and its
// IPv4 session carries IPv4 only; each session then expects the other clients' routes of its
// family. The IPv6 next hop stays fd00:ffff::<k+1>.
//
// The prefix scheme is arithmetic so a receiver maps a prefix back to its originator without a
// table:  IPv4 route (k, i) = 10.0.0.0 + ((k*v4 + i) << 6) / 26   (up to 262144 routes);
//         IPv6 route (k, i) = fd00::<k:32>:<i << 6 : 32> / 122      (bytes 8..11 = k).
// A route's flat id (0 .. N*(v4+v6)-1) indexes the receivers' "seen" bitsets.
//
// W4 "full table" (feeders > 0; the per-session --v4 / --v6 routes are then 0): sessions
// 0 .. F-1 are feeders, the rest clients that announce nothing but End-of-RIB. Every feeder
// announces the same P IPv4 /24s, prefix j = 11.0.0.0 + (j << 8) (j < 2^22, so at most
// 11.0.0.0 .. 74.255.255.0: public unicast space only), in UPDATEs grouped by attribute set:
// prefix j has set a = j % A, i.e. MED a and COMMUNITIES [0xfc000000 + a] (64512:a for a below
// 65536); ORIGIN IGP, empty AS_PATH, NEXT_HOP = the feeder's next hop. Feeder 0 sends
// LOCAL_PREF 200, the others 100, so feeder 0's route is the best path of every prefix at the
// first decision step (RFC 4271 §9.1.2.2 a; no MED or router-id tie-break involved) and a
// correct reflector ends up advertising exactly feeder 0's routes (RFC 4456 §8) to every session
// but feeder 0 itself: clients and feeders 1 .. F-1 expect P prefixes, feeder 0 expects none.
// Routes of the other feeders may be reflected transiently (before feeder 0's arrive) and must
// then be replaced; the receiver's checker judges the table it ends up holding.
//
// Workload is immutable after construction and shared read-only by every session of a process.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rr/wire/bytes.hpp"
#include "rr/wire/types.hpp"

namespace rr::perf {

// The address families one session carries.
enum class SessionFamilies : std::uint8_t {
  both,  // IPv4 and IPv6 unicast on the one IPv4 session (the default)
  ipv4,  // v6_sessions: the IPv4 session
  ipv6,  // v6_sessions: the IPv6 session
};

inline bool carries_v4(SessionFamilies f) {
  return f != SessionFamilies::ipv6;
}
inline bool carries_v6(SessionFamilies f) {
  return f != SessionFamilies::ipv4;
}

// fd00:1::1, the default first IPv6 client address.
wire::Ipv6Address default_source6_base();

struct WorkloadConfig {
  std::uint32_t sessions = 500;
  std::uint32_t v4_per_session = 2;
  std::uint32_t v6_per_session = 2;
  std::uint32_t asn = 64512;
  std::uint16_t hold_time = 90;
  wire::Ipv4Address source_base{0x7f010001};  // 127.1.0.1
  wire::Ipv4Address rr_id{0x7f000001};        // the reflector's BGP identifier
  wire::Ipv4Address cluster_id{0x7f000001};   // the CLUSTER_LIST entry a reflector adds
  bool graceful_restart = false;              // advertise the RFC 4724 capability (helper)
  // Separate IPv6 sessions (see the top of this file); client k's is from source6_base + k.
  bool v6_sessions = false;
  wire::Ipv6Address source6_base = default_source6_base();
  // IPv4 NEXT_HOP of session k: next_hop_base + (address(k) - source_base); unset = address(k).
  // FRR rejects 127/8 next hops as martians and GoBGP drops them, so the comparison uses
  // 198.18.0.1 (RFC 2544 benchmarking space; it is only an attribute, never a destination).
  std::optional<wire::Ipv4Address> next_hop_base;
  // W4 "full table": the first `feeders` sessions announce the same feed_prefixes IPv4 /24s
  // with feed_attr_sets distinct attribute sets; 0 = the per-session (W1) scheme.
  std::uint32_t feeders = 0;
  std::uint32_t feed_prefixes = 200000;
  std::uint32_t feed_attr_sets = 20000;
  // W2 churn (churn.hpp): changes per second over all sessions (0: off), for how long, and how
  // many churn /32s each session toggles.
  double churn_rate = 0;
  double churn_seconds = 10;
  std::uint32_t churn_slots = 1;
};

// Where a received prefix came from.
struct RouteOwner {
  std::uint32_t session = 0;
  std::uint32_t flat_id = 0;
};

class Workload {
 public:
  static constexpr std::uint8_t kV4Length = 26;
  static constexpr std::uint8_t kV6Length = 122;
  static constexpr std::uint32_t kV4Space = 1U << 18U;  // /26 routes inside 10.0.0.0/8
  static constexpr std::uint8_t kFeedLength = 24;
  static constexpr std::uint32_t kFeedBase = 0x0b000000;       // 11.0.0.0
  static constexpr std::uint32_t kFeedSpace = 1U << 22U;       // /24s from 11.0.0.0 on
  static constexpr std::uint32_t kWinnerLocalPref = 200;       // feeder 0's
  static constexpr std::uint32_t kLocalPref = 100;             // everybody else's
  static constexpr std::uint32_t kCommunityBase = 0xfc000000;  // 64512:0

  // Fails with a reason when the configuration cannot be represented (too many routes or
  // sessions for the address scheme).
  static std::optional<std::string> check(const WorkloadConfig& config);

  explicit Workload(const WorkloadConfig& config);

  [[nodiscard]] const WorkloadConfig& config() const { return config_; }
  [[nodiscard]] std::uint32_t sessions() const { return config_.sessions; }
  [[nodiscard]] bool v6_sessions() const { return config_.v6_sessions; }
  // BGP sessions of the run: one per client, two with v6_sessions.
  [[nodiscard]] std::uint32_t bgp_sessions() const {
    return config_.v6_sessions ? 2 * config_.sessions : config_.sessions;
  }
  [[nodiscard]] std::uint32_t routes_per_session() const {
    return config_.v4_per_session + config_.v6_per_session;
  }
  [[nodiscard]] std::uint32_t total_routes() const { return sessions() * routes_per_session(); }
  // What every session must hold once converged (W1): all other sessions' routes.
  [[nodiscard]] std::uint64_t expected_per_session() const {
    return static_cast<std::uint64_t>(sessions() - 1) * routes_per_session();
  }

  // W4 feeders (see the top of this file).
  [[nodiscard]] bool feeding() const { return config_.feeders > 0; }
  [[nodiscard]] bool is_feeder(std::uint32_t k) const { return k < config_.feeders; }
  [[nodiscard]] std::uint32_t feed_prefixes() const { return config_.feed_prefixes; }
  // The feeder whose routes are the best paths.
  static constexpr std::uint32_t kFeedWinner = 0;
  [[nodiscard]] wire::Prefix feed_prefix(std::uint32_t j) const;
  // Inverse of feed_prefix on raw NLRI octets; nullopt for a prefix no feeder announces.
  // (Inline: the checker calls these for every received prefix.)
  [[nodiscard]] std::optional<std::uint32_t> feed_index(std::uint8_t length,
                                                        std::uint32_t addr) const {
    if (length != kFeedLength || addr < kFeedBase || (addr & 0xffU) != 0) return std::nullopt;
    const std::uint32_t j = (addr - kFeedBase) >> 8U;
    if (j >= config_.feed_prefixes) return std::nullopt;
    return j;
  }
  // j % feed_attr_sets without a division (Lemire's fastmod; exact for all 32-bit j).
  [[nodiscard]] std::uint32_t feed_attr_set(std::uint32_t j) const {
    // The high 64 bits of (magic * j mod 2^64) * sets, from two 32 x 32-bit products.
    const std::uint64_t low = feed_mod_magic_ * j;
    const std::uint64_t sets = config_.feed_attr_sets;
    return static_cast<std::uint32_t>(
        ((low >> 32U) * sets + (((low & 0xffffffffU) * sets) >> 32U)) >> 32U);
  }
  [[nodiscard]] static std::uint32_t feed_med(std::uint32_t set) { return set; }
  [[nodiscard]] static std::uint32_t feed_community(std::uint32_t set) {
    return kCommunityBase + set;
  }
  [[nodiscard]] static std::uint32_t feed_local_pref(std::uint32_t k) {
    return k == kFeedWinner ? kWinnerLocalPref : kLocalPref;
  }
  // IPv4 routes session k must hold once converged (either scheme).
  [[nodiscard]] std::uint64_t expected_v4(std::uint32_t k) const;
  [[nodiscard]] std::uint64_t expected_v6() const {
    return static_cast<std::uint64_t>(sessions() - 1) * config_.v6_per_session;
  }
  // The order in which the generator connects its sessions: the clients first, then the feeders
  // (so in W4 most clients are up before the table starts flowing); W1: 0 .. N-1.
  [[nodiscard]] std::vector<std::uint32_t> connect_order() const;

  // Source address and router id of session k: source_base + k, skipping .0 and .255.
  [[nodiscard]] wire::Ipv4Address address(std::uint32_t k) const { return addresses_[k]; }
  [[nodiscard]] std::optional<std::uint32_t> session_of(wire::Ipv4Address address) const;
  // v6_sessions: the IPv6 source address of client k (source6_base + k), and its inverse.
  [[nodiscard]] wire::Ipv6Address address6(std::uint32_t k) const;
  [[nodiscard]] std::optional<std::uint32_t> session6_of(const wire::Ipv6Address& address) const;
  [[nodiscard]] wire::Ipv4Address v4_next_hop(std::uint32_t k) const;
  [[nodiscard]] wire::Ipv6Address v6_next_hop(std::uint32_t k) const;
  [[nodiscard]] wire::Prefix v4_prefix(std::uint32_t k, std::uint32_t i) const;
  [[nodiscard]] wire::Prefix v6_prefix(std::uint32_t k, std::uint32_t i) const;

  // Inverse of the prefix scheme on raw NLRI octets; nullopt for a prefix no session announces.
  [[nodiscard]] std::optional<RouteOwner> v4_owner(std::uint8_t length, std::uint32_t addr) const;
  [[nodiscard]] std::optional<RouteOwner> v6_owner(std::uint8_t length,
                                                   const std::uint8_t* bytes16) const;

  // Pre-encoded messages (built once, before the clock starts).
  // The OPEN of client k's session offering `families` (same router id on both of its sessions).
  [[nodiscard]] wire::Bytes encode_client_open(
      std::uint32_t k, SessionFamilies families = SessionFamilies::both) const;
  [[nodiscard]] wire::Bytes encode_reflector_open() const;
  // Session k's announcements of `families`: its IPv4 UPDATEs and End-of-RIB, then the same for
  // IPv6.
  [[nodiscard]] wire::Bytes encode_announcements(
      std::uint32_t k, SessionFamilies families = SessionFamilies::both) const;
  // Session k's announcements of one family (IPv4 or IPv6 unicast) and that family's End-of-RIB,
  // for a session that negotiated only some families.
  [[nodiscard]] wire::Bytes encode_family_announcements(std::uint32_t k,
                                                        wire::AfiSafi family) const;
  // What a correct reflector sends every other client for k's routes: the same attributes plus
  // ORIGINATOR_ID = k's router id and CLUSTER_LIST = [cluster_id] (RFC 4456 §8), no EoR. In W4
  // only feeder 0's routes are reflected (the best paths); empty for every other session.
  [[nodiscard]] wire::Bytes encode_reflected(
      std::uint32_t k, SessionFamilies families = SessionFamilies::both) const;
  [[nodiscard]] static wire::Bytes encode_end_of_ribs(
      SessionFamilies families = SessionFamilies::both);
  // W4: feeder k's IPv4 UPDATEs, as it sends them or (reflected) with ORIGINATOR_ID and
  // CLUSTER_LIST; one UPDATE per attribute set (more when its prefixes overflow 4096 octets).
  [[nodiscard]] wire::Bytes encode_feed(std::uint32_t k, bool reflected) const;

 private:
  [[nodiscard]] wire::Bytes encode_routes(std::uint32_t k, bool reflected, bool v4, bool v6) const;
  [[nodiscard]] wire::Bytes encode_open(std::uint32_t id, SessionFamilies families) const;

  WorkloadConfig config_;
  std::vector<wire::Ipv4Address> addresses_;
  std::uint64_t feed_mod_magic_ = 0;  // 2^64 / feed_attr_sets, rounded up
};

// Next host address after `a` whose last octet is neither 0 nor 255.
wire::Ipv4Address next_host_address(wire::Ipv4Address a);

}  // namespace rr::perf
