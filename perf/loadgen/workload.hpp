// The benchmark workload shared by rrd-loadgen (the clients) and rrd-floor (the oracle reflector).
//
// W1 "Calico cold start" (perf-anchors §6.2): N iBGP clients, client k speaks from its own
// 127.x source address (also its router id), announces `v4` IPv4 /26 and `v6` IPv6 /122 prefixes
// with NEXT_HOP = its source address (IPv4) and fd00:ffff::<k> (IPv6, in MP_REACH_NLRI), ORIGIN
// IGP, LOCAL_PREF 100 and an empty AS_PATH, then End-of-RIB for both families (RFC 4724 §2).
// W5 (many sessions, tiny tables) is the same code with --v4 10 --v6 0.
//
// The prefix scheme is arithmetic so a receiver maps a prefix back to its originator without a
// table:  IPv4 route (k, i) = 10.0.0.0 + ((k*v4 + i) << 6) / 26   (up to 262144 routes);
//         IPv6 route (k, i) = fd00::<k:32>:<i << 6 : 32> / 122      (bytes 8..11 = k).
// A route's flat id (0 .. N*(v4+v6)-1) indexes the receivers' "seen" bitsets.
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
  // IPv4 NEXT_HOP of session k: next_hop_base + (address(k) - source_base); unset = address(k).
  // FRR rejects 127/8 next hops as martians and GoBGP drops them, so the comparison uses
  // 198.18.0.1 (RFC 2544 benchmarking space; it is only an attribute, never a destination).
  std::optional<wire::Ipv4Address> next_hop_base;
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

  // Fails with a reason when the configuration cannot be represented (too many routes or
  // sessions for the address scheme).
  static std::optional<std::string> check(const WorkloadConfig& config);

  explicit Workload(const WorkloadConfig& config);

  [[nodiscard]] const WorkloadConfig& config() const { return config_; }
  [[nodiscard]] std::uint32_t sessions() const { return config_.sessions; }
  [[nodiscard]] std::uint32_t routes_per_session() const {
    return config_.v4_per_session + config_.v6_per_session;
  }
  [[nodiscard]] std::uint32_t total_routes() const { return sessions() * routes_per_session(); }
  // What every session must hold once converged: all other sessions' routes.
  [[nodiscard]] std::uint64_t expected_per_session() const {
    return static_cast<std::uint64_t>(sessions() - 1) * routes_per_session();
  }

  // Source address and router id of session k: source_base + k, skipping .0 and .255.
  [[nodiscard]] wire::Ipv4Address address(std::uint32_t k) const { return addresses_[k]; }
  [[nodiscard]] std::optional<std::uint32_t> session_of(wire::Ipv4Address address) const;
  [[nodiscard]] wire::Ipv4Address v4_next_hop(std::uint32_t k) const;
  [[nodiscard]] wire::Ipv6Address v6_next_hop(std::uint32_t k) const;
  [[nodiscard]] wire::Prefix v4_prefix(std::uint32_t k, std::uint32_t i) const;
  [[nodiscard]] wire::Prefix v6_prefix(std::uint32_t k, std::uint32_t i) const;

  // Inverse of the prefix scheme on raw NLRI octets; nullopt for a prefix no session announces.
  [[nodiscard]] std::optional<RouteOwner> v4_owner(std::uint8_t length, std::uint32_t addr) const;
  [[nodiscard]] std::optional<RouteOwner> v6_owner(std::uint8_t length,
                                                   const std::uint8_t* bytes16) const;

  // Pre-encoded messages (built once, before the clock starts).
  [[nodiscard]] wire::Bytes encode_client_open(std::uint32_t k) const;
  [[nodiscard]] wire::Bytes encode_reflector_open() const;
  // Session k's announcements: its IPv4 UPDATEs and End-of-RIB, then the same for IPv6.
  [[nodiscard]] wire::Bytes encode_announcements(std::uint32_t k) const;
  // Session k's announcements of one family (IPv4 or IPv6 unicast) and that family's End-of-RIB,
  // for a session that negotiated only some families.
  [[nodiscard]] wire::Bytes encode_family_announcements(std::uint32_t k,
                                                        wire::AfiSafi family) const;
  // What a correct reflector sends every other client for k's routes: the same attributes plus
  // ORIGINATOR_ID = k's router id and CLUSTER_LIST = [cluster_id] (RFC 4456 §8), no EoR.
  [[nodiscard]] wire::Bytes encode_reflected(std::uint32_t k) const;
  [[nodiscard]] static wire::Bytes encode_end_of_ribs();

 private:
  [[nodiscard]] wire::Bytes encode_routes(std::uint32_t k, bool reflected, bool v4, bool v6) const;
  [[nodiscard]] wire::Bytes encode_open(std::uint32_t id) const;

  WorkloadConfig config_;
  std::vector<wire::Ipv4Address> addresses_;
};

// Next host address after `a` whose last octet is neither 0 nor 255.
wire::Ipv4Address next_host_address(wire::Ipv4Address a);

}  // namespace rr::perf
