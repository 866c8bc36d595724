// Command-line options of rrd-loadgen and rrd-floor. Both take the workload options, so the
// floor computes exactly the routes the generator's clients announce; each program accepts (and
// ignores) the other's options so one option list can drive both.
#pragma once

#include <cstdint>
#include <string>

#include <tl/expected.hpp>

#include "perf/loadgen/workload.hpp"
#include "rr/wire/types.hpp"

namespace rr::perf {

enum class Program { loadgen, floor };

// ::1
wire::Ipv6Address loopback6();

struct Options {
  WorkloadConfig workload;
  wire::Ipv4Address target{0x7f000001};  // loadgen: where to connect
  wire::Ipv4Address listen{0x7f000001};  // floor: where to listen
  // --v6-sessions: where the IPv6 sessions go (loadgen) / come in (floor); default ::1.
  wire::Ipv6Address target6 = loopback6();
  wire::Ipv6Address listen6 = loopback6();
  std::uint16_t port = 179;
  double connect_spread_ms = 0;
  double timeout_s = 300;
  double hold_after_s = 0;
  double batch_us = 1000;       // loadgen: minimum time between two epoll rounds
  bool expect_restart = false;  // loadgen, W3: wait for the reflector to restart once
  std::string json_path;
  bool help = false;
};

tl::expected<Options, std::string> parse_options(Program program, int argc, char** argv);
std::string usage(Program program);

}  // namespace rr::perf
