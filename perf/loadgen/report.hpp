// The load generator's results: a JSON document (--json) and a one-line human summary.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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

Report make_report(const Workload& workload, const RunResult& result,
                   const std::vector<std::unique_ptr<ClientSession>>& sessions,
                   const ProcessUsage& usage);

}  // namespace rr::perf
