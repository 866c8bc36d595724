// The load generator: N ClientSessions on one epoll loop, connects spread over a window, a
// 100 ms tick for timers, and the run's milestones (all Established, all converged).
//
// Owns the sessions and the read scratch buffer; runs on the calling thread until every session
// converged (plus --hold-after) or the timeout.
#pragma once

#include <memory>
#include <vector>

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
};

class LoadGenerator {
 public:
  LoadGenerator(const Options& options, const Workload& workload);
  RunResult run();
  [[nodiscard]] const std::vector<std::unique_ptr<ClientSession>>& sessions() const {
    return sessions_;
  }

 private:
  void tick(double now, RunResult& result);

  Options options_;
  const Workload* workload_;
  SharedMessages shared_;
  Poller poller_;
  double t0_ = 0;
  std::vector<std::unique_ptr<ClientSession>> sessions_;
  std::vector<std::uint8_t> scratch_;
};

}  // namespace rr::perf
