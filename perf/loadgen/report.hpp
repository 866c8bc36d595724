// The load generator's results: a JSON document (--json) and a one-line human summary.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "perf/loadgen/churn.hpp"
#include "perf/loadgen/client_session.hpp"
#include "perf/loadgen/load_generator.hpp"
#include "perf/loadgen/net.hpp"
#include "perf/loadgen/workload.hpp"

namespace rr::perf {

// The implicit noexcept move goes through nlohmann::json's, whose invariant checks clang-tidy
// takes for possible throws.
struct Report {  // NOLINT(bugprone-exception-escape)
  nlohmann::json json;
  std::string summary;
  bool success = false;  // converged with zero correctness errors, no resets
};

// `churn`: the W2 record when the run churned, else nullptr. `restart`: W3 (--restart), where
// each session may be reset once (the reflector's restart) but must lose no route.
Report make_report(const Workload& workload, const RunResult& result,
                   const std::vector<std::unique_ptr<ClientSession>>& sessions,
                   const ProcessUsage& usage, const ChurnRecord* churn = nullptr,
                   bool restart = false);

}  // namespace rr::perf
