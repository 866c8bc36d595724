// rrctl's command line: calicoctl's verbs, flags and global options (calico-bgp-spec.md §5.2) plus
// rrctl's own inspection commands. parse_arguments() turns argv into an Invocation or a usage
// error; it reads the environment only through the lookup it is given. Pure; rrctl's only thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace mgmt::rrctl {

enum class Command : std::uint8_t {
  help,
  apply,
  create,
  replace,
  remove,  // "delete"
  get,
  patch,
  label,
  node_status,
  peers,
  rib,
  adj_rib_out,
  plan,
  version,
};

enum class OutputFormat : std::uint8_t { ps, wide, yaml, json };

inline constexpr std::string_view kDefaultServer = "http://127.0.0.1:9179";
inline constexpr std::string_view kDefaultTokenFile = "/etc/rrd/token";

struct GlobalOptions {
  std::string server{kDefaultServer};     // --server, RRCTL_SERVER
  std::optional<std::string> token;       // --token, RRCTL_TOKEN
  std::optional<std::string> token_file;  // --token-file, RRCTL_TOKEN_FILE
};

struct Invocation {
  Command command = Command::help;
  std::string verb;                     // the command as typed ("apply", "node status", …)
  std::vector<std::string> arguments;   // positional arguments after the command
  std::optional<std::string> filename;  // -f/--filename
  OutputFormat output = OutputFormat::ps;
  bool output_given = false;
  std::string patch;  // -p/--patch
  bool skip_exists = false;
  bool skip_not_exists = false;
  bool overwrite = false;
  bool remove_label = false;  // label --remove
  GlobalOptions global;
};

using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// `args` excludes the program name. Errors are one-line usage messages.
[[nodiscard]] tl::expected<Invocation, std::string> parse_arguments(
    const std::vector<std::string>& args, const EnvLookup& env);

// The text `rrctl help` / `rrctl --help` prints.
[[nodiscard]] std::string usage_text();

}  // namespace mgmt::rrctl
