#include "mgmt/rrctl/rrctl.hpp"

#include <cstdlib>
#include <exception>
#include <fstream>
#include <iterator>
#include <thread>

#include "mgmt/rrctl/api_client.hpp"
#include "mgmt/rrctl/command_context.hpp"
#include "mgmt/rrctl/crud_command.hpp"
#include "mgmt/rrctl/get_command.hpp"
#include "mgmt/rrctl/patch_label_command.hpp"
#include "mgmt/rrctl/rib_plan_command.hpp"
#include "mgmt/rrctl/status_command.hpp"

namespace mgmt::rrctl {
namespace {

constexpr std::chrono::milliseconds kRequestTimeout{10'000};

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

int dispatch(const Invocation& inv, CommandContext& ctx) {
  switch (inv.command) {
    case Command::apply:
    case Command::create:
    case Command::replace:
    case Command::remove:
      return run_resource_command(inv, ctx);
    case Command::get:
      return run_get(inv, ctx);
    case Command::patch:
      return run_patch(inv, ctx);
    case Command::label:
      return run_label(inv, ctx);
    case Command::node_status:
      return run_node_status(inv, ctx);
    case Command::peers:
      return run_peers(inv, ctx);
    case Command::rib:
      return run_rib(inv, ctx);
    case Command::adj_rib_out:
      return run_adj_rib_out(inv, ctx);
    case Command::plan:
      return run_plan(inv, ctx);
    case Command::version:
      return run_version(inv, ctx);
    case Command::help:
      ctx.out << usage_text();
      return 0;
  }
  return 1;
}

}  // namespace

Platform system_platform() {
  Platform platform;
  platform.env = [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());  // NOLINT(concurrency-mt-unsafe)
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
  platform.read_file = [](const std::string& path) -> std::optional<std::string> {
    std::ifstream file(path, std::ios::binary);
    if (!file) return std::nullopt;
    std::string content{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    if (file.bad()) return std::nullopt;
    return content;
  };
  platform.make_transport = [](const ServerUrl& server) -> std::unique_ptr<Transport> {
    return std::make_unique<BeastTransport>(server, kRequestTimeout);
  };
  platform.now = [] { return std::chrono::system_clock::now(); };
  platform.sleep = [](std::chrono::milliseconds duration) {
    std::this_thread::sleep_for(duration);
  };
  platform.zone = TimeZone::local;
  return platform;
}

tl::expected<std::string, std::string> resolve_token(const GlobalOptions& options,
                                                     const Platform& platform) {
  if (options.token) return trim(*options.token);
  if (options.token_file) {
    auto content = platform.read_file(*options.token_file);
    if (!content) return tl::unexpected("cannot read token file '" + *options.token_file + "'");
    return trim(*content);
  }
  if (auto content = platform.read_file(std::string(kDefaultTokenFile))) return trim(*content);
  return std::string();
}

int run(const std::vector<std::string>& args, RrctlIo io, const Platform& platform) {
  try {
    auto inv = parse_arguments(args, platform.env);
    if (!inv) {
      io.err << inv.error() << "\nRun 'rrctl help' for usage.\n";
      return 1;
    }
    if (inv->command == Command::help) {
      io.out << usage_text();
      return 0;
    }
    auto server = parse_server_url(inv->global.server);
    if (!server) {
      io.err << server.error() << '\n';
      return 1;
    }
    auto token = resolve_token(inv->global, platform);
    if (!token) {
      io.err << token.error() << '\n';
      return 1;
    }
    std::unique_ptr<Transport> transport = platform.make_transport(*server);
    ApiClient api(*transport, std::move(*token));
    CommandContext ctx{api, io.out, io.err, io.in, platform.now, platform.sleep, platform.zone};
    return dispatch(*inv, ctx);
  } catch (const std::exception& error) {
    io.err << "rrctl: internal error: " << error.what() << '\n';
    return 1;
  }
}

}  // namespace mgmt::rrctl
