// Per-session check of what a route reflector sends one client (RFC 4456 §8, RFC 4724 §2).
//
// Every received route must come from another client of the workload (else `unexpected`, or an
// `echo` when it is the client's own), arrive once (else `duplicates`), and carry the reflected
// attributes unchanged: ORIGINATOR_ID = the originator's router id, CLUSTER_LIST exactly
// [cluster_id], the originator's NEXT_HOP (IPv4 field or MP_REACH_NLRI global next hop), an
// empty AS_PATH (iBGP) and a LOCAL_PREF. The table is complete when every other client's routes
// are held and End-of-RIB arrived for both IPv4 and IPv6 unicast.
//
// The parser is a minimal bounded walk over the UPDATE body reading only the fields checked
// above; it does not build a message value (the codec's decode_update allocates per message and
// costs several times more; see README.md). No I/O: the session hands it each UPDATE body.
// One RouteChecker per client session, owned by that session, run on the generator's thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "perf/loadgen/workload.hpp"

namespace rr::perf {

struct CheckCounters {
  std::uint64_t announced_v4 = 0;
  std::uint64_t announced_v6 = 0;
  std::uint64_t withdrawn_v4 = 0;
  std::uint64_t withdrawn_v6 = 0;
  std::uint64_t bad_originator_id = 0;
  std::uint64_t bad_cluster_list = 0;
  std::uint64_t bad_next_hop = 0;
  std::uint64_t bad_as_path = 0;
  std::uint64_t missing_local_pref = 0;
  std::uint64_t echoes = 0;
  std::uint64_t unexpected = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t malformed = 0;  // UPDATEs the walk could not parse

  void add(const CheckCounters& other);
  // Correctness errors: everything but the plain announce / withdraw counts.
  [[nodiscard]] std::uint64_t errors() const;
};

class RouteChecker {
 public:
  RouteChecker(const Workload& workload, std::uint32_t self);

  // A new session incarnation: the reflector will send the whole table again. Counters stay.
  void reset();
  // The families the session negotiated (RFC 4760 §8): only their routes and End-of-RIBs are
  // expected. Both by default.
  void expect_families(bool v4, bool v6);
  // One UPDATE message body (the octets after the 19-octet header).
  void on_update(const std::uint8_t* body, std::size_t length);

  [[nodiscard]] bool complete() const {
    return held_ == expected_ && (eor_v4_ || !expect_v4_) && (eor_v6_ || !expect_v6_);
  }
  [[nodiscard]] std::uint64_t expected() const { return expected_; }
  [[nodiscard]] bool expects_v6() const { return expect_v6_; }
  [[nodiscard]] std::uint64_t held() const { return held_; }
  [[nodiscard]] bool eor_v4() const { return eor_v4_; }
  [[nodiscard]] bool eor_v6() const { return eor_v6_; }
  [[nodiscard]] const CheckCounters& counters() const { return counters_; }

 private:
  // The attributes of one UPDATE that the checks look at.
  struct Attributes {
    bool as_path_present = false;
    bool as_path_empty = false;
    bool next_hop_present = false;
    std::uint32_t next_hop = 0;
    bool local_pref_present = false;
    bool originator_present = false;
    std::uint32_t originator_id = 0;
    bool cluster_list_ok = false;
    const std::uint8_t* mp_next_hop = nullptr;  // 16 octets of the global next hop
    const std::uint8_t* mp_reach_nlri = nullptr;
    std::size_t mp_reach_nlri_length = 0;
    const std::uint8_t* mp_unreach = nullptr;
    std::size_t mp_unreach_length = 0;
    bool mp_reach_present = false;
    bool mp_unreach_present = false;
  };

  bool parse_attributes(const std::uint8_t* p, std::size_t length, Attributes& out);
  // Walks IPv4 or IPv6 prefixes; returns false when they overrun `length`.
  bool walk_v4(const std::uint8_t* p, std::size_t length, const Attributes* announce);
  bool walk_v6(const std::uint8_t* p, std::size_t length, const Attributes* announce);
  void announce_route(RouteOwner owner, bool v6, const Attributes& attrs);
  void withdraw(RouteOwner owner);

  const Workload* workload_;
  std::uint32_t self_;
  std::uint32_t cluster_id_;
  std::vector<std::uint64_t> seen_;  // bit per flat route id
  std::uint64_t held_ = 0;
  std::uint64_t expected_ = 0;
  bool expect_v4_ = true;
  bool expect_v6_ = true;
  bool eor_v4_ = false;
  bool eor_v6_ = false;
  CheckCounters counters_;
};

}  // namespace rr::perf
