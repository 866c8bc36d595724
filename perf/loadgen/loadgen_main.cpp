// rrd-loadgen: N iBGP clients on loopback against a route reflector (perf-anchors §6, W1 / W5).
// See README.md for the workload, the checks and the output.
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>

#include "perf/loadgen/load_generator.hpp"
#include "perf/loadgen/net.hpp"
#include "perf/loadgen/options.hpp"
#include "perf/loadgen/report.hpp"
#include "perf/loadgen/workload.hpp"

namespace {

using namespace rr::perf;  // NOLINT(google-build-using-namespace)

int run(int argc, char** argv) {
  const auto options = parse_options(Program::loadgen, argc, argv);
  if (!options) {
    std::cerr << "rrd-loadgen: " << options.error() << "\n" << usage(Program::loadgen);
    return 2;
  }
  if (options->help) {
    std::cout << usage(Program::loadgen);
    return 0;
  }
  const std::uint64_t fds = raise_fd_limit();
  const std::uint64_t bgp_sessions =
      options->workload.sessions * (options->workload.v6_sessions ? 2ULL : 1ULL);
  if (fds < bgp_sessions + 16ULL) {
    std::cerr << "rrd-loadgen: RLIMIT_NOFILE " << fds << " is too low for " << bgp_sessions
              << " sessions\n";
    return 2;
  }
  const Workload workload(options->workload);
  LoadGenerator generator(*options, workload);
  const RunResult result = generator.run();
  const Report report =
      make_report(workload, result, generator.sessions(), process_usage(),
                  generator.churn_plan().enabled() ? &generator.churn_record() : nullptr,
                  options->expect_restart);
  if (!options->json_path.empty()) {
    std::ofstream out(options->json_path);
    out << report.json.dump(1) << "\n";
    if (!out) {
      std::cerr << "rrd-loadgen: cannot write " << options->json_path << "\n";
      return 1;
    }
  }
  std::cout << report.summary << std::endl;
  return report.success ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", "rrd-loadgen", e.what());
    return 1;
  } catch (...) {
    std::fprintf(stderr, "%s: unknown exception\n", "rrd-loadgen");
    return 1;
  }
}
