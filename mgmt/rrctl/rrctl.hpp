// rrctl's entry point: parses the command line, resolves the server URL and API token, builds the
// ApiClient over a Transport, and dispatches to the command. Everything the outside world provides
// (environment, files, network, clock, sleep, streams) comes in through RrctlIo and Platform, so
// tests run commands against a fake transport. Single-threaded.
#pragma once

#include <chrono>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "mgmt/rrctl/http_client.hpp"
#include "mgmt/rrctl/options.hpp"
#include "mgmt/rrctl/since_format.hpp"

namespace mgmt::rrctl {

struct RrctlIo {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
};

struct Platform {
  EnvLookup env;
  // The content of a file, nullopt when it cannot be read.
  std::function<std::optional<std::string>(const std::string& path)> read_file;
  std::function<std::unique_ptr<Transport>(const ServerUrl& server)> make_transport;
  std::function<std::chrono::system_clock::time_point()> now;
  std::function<void(std::chrono::milliseconds)> sleep;
  TimeZone zone = TimeZone::local;
};

// The process environment, the file system, a BeastTransport with a 10 s deadline per step, the
// system clock and a real sleep.
[[nodiscard]] Platform system_platform();

// The API token: --token/RRCTL_TOKEN, else the token file (--token-file/RRCTL_TOKEN_FILE, which
// must be readable), else /etc/rrd/token if readable, else none. Surrounding whitespace is
// dropped.
[[nodiscard]] tl::expected<std::string, std::string> resolve_token(const GlobalOptions& options,
                                                                   const Platform& platform);

// Runs one command; `args` excludes the program name. Returns the exit status.
int run(const std::vector<std::string>& args, RrctlIo io, const Platform& platform);

}  // namespace mgmt::rrctl
