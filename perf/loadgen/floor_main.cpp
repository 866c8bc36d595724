// rrd-floor: the wire-replay floor (perf-anchors §6.1) for the rrd-loadgen workloads.
// Run it with the same workload options as rrd-loadgen; see README.md.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "perf/loadgen/floor_server.hpp"
#include "perf/loadgen/net.hpp"
#include "perf/loadgen/options.hpp"
#include "perf/loadgen/workload.hpp"

namespace {

using namespace rr::perf;  // NOLINT(google-build-using-namespace)

int run(int argc, char** argv) {
  const auto options = parse_options(Program::floor, argc, argv);
  if (!options) {
    std::cerr << "rrd-floor: " << options.error() << "\n" << usage(Program::floor);
    return 2;
  }
  if (options->help) {
    std::cout << usage(Program::floor);
    return 0;
  }
  raise_fd_limit();
  const Workload workload(options->workload);
  FloorServer server(*options, workload);
  if (!server.open()) {
    std::cerr << "rrd-floor: cannot listen on " << options->listen.to_string()
              << (options->workload.v6_sessions ? " and " + options->listen6.to_string() : "")
              << " port " << options->port << ": " << std::strerror(errno) << "\n";
    return 2;
  }
  std::cout << "listening" << std::endl;  // the smoke test waits for this line
  const FloorResult r = server.run();
  const ProcessUsage usage = process_usage();
  nlohmann::json j = {
      {"sessions", workload.sessions()},
      {"bgp_sessions", workload.bgp_sessions()},
      {"served", r.served},
      {"t_all_established_s", r.t_all_established_s},
      {"t_all_input_s", r.t_all_input_s},
      {"t_all_written_s", r.t_all_written_s},
      {"bytes_written", r.bytes_written},
      {"bad_input", r.bad_input},
      {"unknown_peers", r.unknown_peers},
      {"resets", r.resets},
      {"cpu_user_s", usage.user_s},
      {"cpu_sys_s", usage.sys_s},
      {"peak_rss_bytes", usage.peak_rss_bytes},
  };
  if (!options->json_path.empty()) {
    std::ofstream out(options->json_path);
    out << j.dump(1) << "\n";
  }
  std::printf(
      "%s floor sessions=%u t_all_established_s=%.3f t_all_input_s=%.3f "
      "t_all_written_s=%.3f bytes=%llu bad_input=%llu cpu=%.2fu+%.2fs\n",
      r.served && r.bad_input == 0 ? "OK" : "FAIL", workload.sessions(), r.t_all_established_s,
      r.t_all_input_s, r.t_all_written_s, static_cast<unsigned long long>(r.bytes_written),
      static_cast<unsigned long long>(r.bad_input), usage.user_s, usage.sys_s);
  return r.served && r.bad_input == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", "rrd-floor", e.what());
    return 1;
  } catch (...) {
    std::fprintf(stderr, "%s: unknown exception\n", "rrd-floor");
    return 1;
  }
}
