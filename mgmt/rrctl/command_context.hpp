// What every rrctl command runs with: the API client, the output streams, stdin (for `-f -`), and
// the injected clock and sleep (node status formats times relative to now; replace waits between
// conflict retries). Owned by run() for the duration of one command; rrctl's only thread.
#pragma once

#include <chrono>
#include <functional>
#include <istream>
#include <ostream>

#include "mgmt/rrctl/api_client.hpp"
#include "mgmt/rrctl/since_format.hpp"

namespace mgmt::rrctl {

struct CommandContext {
  ApiClient& api;
  std::ostream& out;
  std::ostream& err;
  std::istream& in;
  std::function<std::chrono::system_clock::time_point()> now = [] {
    return std::chrono::system_clock::now();
  };
  std::function<void(std::chrono::milliseconds)> sleep = [](std::chrono::milliseconds) {};
  TimeZone zone = TimeZone::local;
};

}  // namespace mgmt::rrctl
