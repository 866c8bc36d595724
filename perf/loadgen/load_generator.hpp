// The load generator: N ClientSessions (2N with --v6-sessions) on one epoll loop, connects spread
// over a window, a 100 ms tick for timers, and the run's milestones (all Established, all
// converged).
//
// W2 (--churn-rate): one second after convergence, the churn stream (churn.hpp) starts, paced
// by the clock; the run ends once every change was made and every receiver holds no churn route.
// W3 (--restart): the run does not end at convergence; it waits for every session to go down
// once (the reflector is killed by the benchmark) and to converge again.
// On first convergence it prints "rrd-loadgen: converged" to stdout (the benchmark's cue).
//
// Owns the sessions, the churn plan and record, and the read scratch buffer; runs on the
// calling thread until the run is done (plus --hold-after) or the timeout.
#pragma once

#include <memory>
#include <vector>

#include "perf/loadgen/churn.hpp"
#include "perf/loadgen/client_session.hpp"
#include "perf/loadgen/net.hpp"
#include "perf/loadgen/options.hpp"
#include "perf/loadgen/workload.hpp"

namespace rr::perf {

struct RunResult {
  double t_all_established_s = -1;
  double t_converged_s = -1;
  double duration_s = 0;
  bool converged = false;
  // W2, seconds from the start; -1 when not reached.
  double churn_start_s = -1;
  double churn_end_s = -1;      // the last change made
  double churn_drained_s = -1;  // every receiver holds no churn route after the last change
  // W3.
  double first_down_s = -1;         // the first session that went down
  double all_reestablished_s = -1;  // the last session Established again
  double reconverged_s = -1;        // every session converged again after going down
};

class LoadGenerator {
 public:
  LoadGenerator(const Options& options, const Workload& workload);
  RunResult run();
  [[nodiscard]] const std::vector<std::unique_ptr<ClientSession>>& sessions() const {
    return sessions_;
  }
  [[nodiscard]] const ChurnPlan& churn_plan() const { return churn_plan_; }
  [[nodiscard]] const ChurnRecord& churn_record() const { return churn_record_; }

 private:
  void tick(double now, RunResult& result);
  // W2: makes the changes due by `now`.
  void churn(double now, RunResult& result);
  [[nodiscard]] bool done(const RunResult& result) const;
  // Where session s connects: the reflector's IPv4 or (an IPv6 session) IPv6 address.
  [[nodiscard]] wire::IpAddress target_of(const ClientSession& s) const;

  Options options_;
  const Workload* workload_;
  SharedMessages shared_;
  Poller poller_;
  double t0_ = 0;
  std::vector<std::unique_ptr<ClientSession>> sessions_;
  ChurnPlan churn_plan_;
  ChurnRecord churn_record_;
  std::uint64_t churn_next_ = 0;  // the next change of the stream
  std::vector<std::uint8_t> scratch_;
};

}  // namespace rr::perf
