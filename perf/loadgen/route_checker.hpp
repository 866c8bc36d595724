// Per-session check of what a route reflector sends one client (RFC 4456 §8, RFC 4724 §2).
//
// Every received route must come from another client of the workload (else `unexpected`, or an
// `echo` when it is the client's own), arrive once (else `duplicates`), and carry the reflected
// attributes unchanged: ORIGINATOR_ID = the originator's router id, CLUSTER_LIST exactly
// [cluster_id], the originator's NEXT_HOP (IPv4 field or MP_REACH_NLRI global next hop), an
// empty AS_PATH (iBGP) and a LOCAL_PREF. The table is complete when every other client's routes
// are held and End-of-RIB arrived for both IPv4 and IPv6 unicast (for each family the session
// negotiated; NLRI of another family are `wrong_family` and otherwise ignored).
//
// W4 (feeders): a received /24 is judged by the feeder its ORIGINATOR_ID names (another value is
// bad_originator_id): the NEXT_HOP and LOCAL_PREF must be that feeder's and MED / COMMUNITIES
// the prefix's attribute set (else bad_next_hop, missing_local_pref, bad_attributes). A route of
// a feeder other than feeder 0 is a transient best path: counted in `transient`, and the table is
// complete only once every expected prefix holds feeder 0's route and no other route is left
// (`stale`). A losing feeder's route replacing feeder 0's is a best-path error (`worse_path`).
// An echo or a route with a foreign ORIGINATOR_ID replaces the prefix's route like a withdrawal.
//
// W2 (churn.hpp): a churn /32 is checked like a client route (ORIGINATOR_ID, CLUSTER_LIST,
// NEXT_HOP, AS_PATH, LOCAL_PREF) and must keep its LARGE_COMMUNITY time stamp (else
// bad_attributes); each announcement adds a pass-through latency sample, each withdrawal of a held
// churn route a withdrawal latency sample. Churn routes are not part of the table's completeness.
//
// W3 (graceful restart, RFC 4724 §4.2, the client as receiving speaker): when the session drops
// without a NOTIFICATION, retain_stale() keeps the routes of the families the reflector listed in
// its capability, marked stale; a re-announcement refreshes one; the new session's End-of-RIB
// (or the restart timer, via sweep_stale) removes the ones still stale, each counted `lost`. A
// client route withdrawn after the table was once complete is also `lost`.
//
// The parser is a minimal bounded walk over the UPDATE body reading only the fields checked
// above; it does not build a message value (the codec's decode_update allocates per message and
// costs several times more; see README.md). No I/O: the session hands it each UPDATE body.
// One RouteChecker per client session, owned by that session, run on the generator's thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "perf/loadgen/churn.hpp"
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
  // NLRI of a family the session did not negotiate (RFC 4760 §8 forbids sending them).
  std::uint64_t wrong_family = 0;
  // W4 only.
  std::uint64_t bad_attributes = 0;  // MED or COMMUNITIES not the prefix's attribute set
  std::uint64_t worse_path = 0;      // a losing feeder's route replaced the best one
  std::uint64_t transient = 0;       // losing feeders' routes received (not errors)
  // W2 only.
  std::uint64_t churn_announced = 0;  // churn announcements received (each a latency sample)
  std::uint64_t churn_withdrawn = 0;  // withdrawals of held churn routes
  // W3: routes removed after the table was complete once (stale at End-of-RIB, or withdrawn).
  std::uint64_t lost = 0;

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
  // W2: check churn routes against `plan`, record latencies in `record` (both outlive this).
  void attach_churn(const ChurnPlan* plan, ChurnRecord* record);
  // One UPDATE message body (the octets after the 19-octet header), received at `now_ns`
  // (monotonic_ns(); used only for churn latencies).
  void on_update(const std::uint8_t* body, std::size_t length, std::uint64_t now_ns = 0);

  // W3: the session went down and the reflector is restarting: keep the routes of the families
  // it preserves (stale), drop the others (lost); a fresh End-of-RIB is expected.
  void retain_stale(bool v4, bool v6);
  // Removes the family's routes still stale (each `lost`).
  void sweep_stale(bool v4, bool v6);

  [[nodiscard]] bool complete() const {
    return held_ == expected_ && stale_ == 0 && gr_stale_count_ == 0 && (eor_v4_ || !expect_v4_) &&
           (eor_v6_ || !expect_v6_);
  }
  [[nodiscard]] std::uint64_t churn_held() const { return churn_held_count_; }
  [[nodiscard]] std::uint64_t gr_stale() const { return gr_stale_count_; }
  [[nodiscard]] std::uint64_t expected() const { return expected_; }
  [[nodiscard]] bool expects_v6() const { return expect_v6_; }
  [[nodiscard]] std::uint64_t held() const { return held_; }
  // W4: prefixes held with a route other than the best one (a transient or stale route).
  [[nodiscard]] std::uint64_t stale() const { return stale_; }
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
    std::uint32_t local_pref = 0;
    bool med_present = false;
    std::uint32_t med = 0;
    bool single_community = false;  // COMMUNITIES holds exactly one value
    std::uint32_t community = 0;
    bool single_large_community = false;  // LARGE_COMMUNITY holds exactly one value
    std::uint32_t large_global = 0;
    std::uint64_t large_stamp = 0;                    // its two local data parts
    std::optional<std::uint32_t> originator_session;  // W4: the session ORIGINATOR_ID names
    // W4: the checks that do not depend on the prefix, done once per UPDATE.
    bool feed_cluster_bad = false;
    bool feed_as_path_bad = false;
    bool feed_local_pref_bad = false;
    bool feed_next_hop_bad = false;
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
  // The checks every reflected client route (or churn route) of `session` must pass.
  void check_reflected(std::uint32_t session, bool v6, const Attributes& attrs);
  void announce_churn(std::uint32_t route, const Attributes& attrs);
  void withdraw_churn(std::uint32_t route);
  [[nodiscard]] bool is_v6_flat(std::uint32_t flat_id) const {
    return flat_id >= workload_->sessions() * workload_->config().v4_per_session;
  }
  void withdraw(RouteOwner owner);
  void check_feed_update(Attributes& attrs);
  void announce_feed(std::uint32_t j, const Attributes& attrs);
  void withdraw_feed(std::uint32_t j);

  const Workload* workload_;
  std::uint32_t self_;
  std::uint32_t cluster_id_;
  std::vector<std::uint64_t> seen_;  // bit per flat route id
  // W4: per prefix, 0 = not held, else 1 + the feeder whose route is held.
  std::vector<std::uint8_t> feed_state_;
  std::uint32_t last_originator_id_ = 0;  // one-entry cache of the ORIGINATOR_ID lookup
  std::optional<std::uint32_t> last_originator_session_;
  std::uint64_t held_ = 0;
  std::uint64_t stale_ = 0;
  std::uint64_t expected_ = 0;
  bool expect_v4_ = true;
  bool expect_v6_ = true;
  bool eor_v4_ = false;
  bool eor_v6_ = false;
  bool complete_once_ = false;
  // W2.
  const ChurnPlan* churn_plan_ = nullptr;
  ChurnRecord* churn_record_ = nullptr;
  std::vector<std::uint64_t> churn_held_;  // bit per churn route
  std::uint64_t churn_held_count_ = 0;
  std::uint64_t now_ns_ = 0;
  // W3: bit per flat route id, set while the route is stale.
  std::vector<std::uint64_t> gr_stale_;
  std::uint64_t gr_stale_count_ = 0;
  CheckCounters counters_;
};

}  // namespace rr::perf
