#include "mgmt/rrctl/options.hpp"

#include <array>
#include <initializer_list>

#include "mgmt/rrctl/kinds.hpp"

namespace mgmt::rrctl {
namespace {

enum class Flag : std::uint8_t {
  server,
  token,
  token_file,
  config,
  allow_version_mismatch,
  name_space,
  all_namespaces,
  help,
  filename,
  output,
  patch,
  patch_type,
  skip_exists,
  skip_not_exists,
  overwrite,
  remove,
};

struct FlagSpec {
  Flag flag;
  std::string_view long_name;
  char short_name;  // '\0' for none
  bool takes_value;
  std::initializer_list<Command> commands;  // empty: every command
};

const std::array<FlagSpec, 16>& flag_table() {
  static const std::array<FlagSpec, 16> table{{
      {Flag::server, "server", '\0', true, {}},
      {Flag::token, "token", '\0', true, {}},
      {Flag::token_file, "token-file", '\0', true, {}},
      {Flag::config, "config", 'c', true, {}},
      {Flag::allow_version_mismatch, "allow-version-mismatch", '\0', false, {}},
      {Flag::name_space, "namespace", 'n', true, {}},
      {Flag::all_namespaces, "all-namespaces", 'a', false, {Command::get}},
      {Flag::help, "help", 'h', false, {}},
      {Flag::filename,
       "filename",
       'f',
       true,
       {Command::apply, Command::create, Command::replace, Command::remove, Command::get}},
      {Flag::output,
       "output",
       'o',
       true,
       {Command::get, Command::peers, Command::rib, Command::adj_rib_out, Command::plan}},
      {Flag::patch, "patch", 'p', true, {Command::patch}},
      {Flag::patch_type, "type", 't', true, {Command::patch}},
      {Flag::skip_exists, "skip-exists", '\0', false, {Command::create}},
      {Flag::skip_not_exists, "skip-not-exists", '\0', false, {Command::remove}},
      {Flag::overwrite, "overwrite", '\0', false, {Command::label}},
      {Flag::remove, "remove", '\0', false, {Command::label}},
  }};
  return table;
}

struct GivenFlag {
  const FlagSpec* spec;
  std::string spelled;  // as typed, for messages
  std::string value;
};

struct CommandWord {
  std::string_view word;
  Command command;
};

constexpr std::array<CommandWord, 13> kCommands{{
    {"help", Command::help},
    {"apply", Command::apply},
    {"create", Command::create},
    {"replace", Command::replace},
    {"delete", Command::remove},
    {"get", Command::get},
    {"patch", Command::patch},
    {"label", Command::label},
    {"peers", Command::peers},
    {"rib", Command::rib},
    {"adj-rib-out", Command::adj_rib_out},
    {"plan", Command::plan},
    {"version", Command::version},
}};

const FlagSpec* find_long(std::string_view name) {
  for (const FlagSpec& spec : flag_table()) {
    if (spec.long_name == name) return &spec;
  }
  return nullptr;
}

const FlagSpec* find_short(char name) {
  for (const FlagSpec& spec : flag_table()) {
    if (spec.short_name != '\0' && spec.short_name == name) return &spec;
  }
  return nullptr;
}

bool allowed_for(const FlagSpec& spec, Command command) {
  if (spec.commands.size() == 0) return true;
  for (const Command allowed : spec.commands) {
    if (allowed == command) return true;
  }
  return false;
}

tl::expected<OutputFormat, std::string> parse_output(std::string_view text) {
  if (text == "ps") return OutputFormat::ps;
  if (text == "wide") return OutputFormat::wide;
  if (text == "yaml") return OutputFormat::yaml;
  if (text == "json") return OutputFormat::json;
  return tl::unexpected("unrecognized output format '" + std::string(text) +
                        "' (use ps, wide, yaml or json)");
}

tl::expected<void, std::string> check_kind(const std::string& verb, std::string_view kind) {
  if (find_kind(kind)) return {};
  return tl::unexpected("rrctl " + verb + ": resource type '" + std::string(kind) +
                        "' is not supported");
}

tl::expected<void, std::string> check_count(const Invocation& inv, std::size_t min, std::size_t max,
                                            std::string_view synopsis) {
  const std::size_t n = inv.arguments.size();
  if (n >= min && n <= max) return {};
  return tl::unexpected("usage: rrctl " + inv.verb + std::string(synopsis.empty() ? "" : " ") +
                        std::string(synopsis));
}

tl::expected<void, std::string> validate(const Invocation& inv) {
  const std::string& verb = inv.verb;
  switch (inv.command) {
    case Command::apply:
    case Command::create:
    case Command::replace:
      if (!inv.filename) return tl::unexpected("rrctl " + verb + ": -f <FILENAME> is required");
      return check_count(inv, 0, 0, "-f <FILENAME>");
    case Command::remove:
      if (inv.filename) return check_count(inv, 0, 0, "-f <FILENAME> | <KIND> <NAME>...");
      if (auto count = check_count(inv, 2, SIZE_MAX, "(-f <FILENAME> | <KIND> <NAME>...)");
          !count) {
        return count;
      }
      return check_kind(verb, inv.arguments[0]);
    case Command::get:
      if (inv.filename) return check_count(inv, 0, 0, "-f <FILENAME> | <KIND> [<NAME>...]");
      if (auto count = check_count(inv, 1, SIZE_MAX, "(<KIND> [<NAME>...] | -f <FILENAME>)");
          !count) {
        return count;
      }
      return check_kind(verb, inv.arguments[0]);
    case Command::patch:
      if (auto count = check_count(inv, 2, 2, "<KIND> <NAME> -p <PATCH>"); !count) return count;
      if (inv.patch.empty())
        return tl::unexpected(std::string("rrctl patch: -p <PATCH> is required"));
      return check_kind(verb, inv.arguments[0]);
    case Command::label: {
      if (auto count = check_count(inv, 3, 3,
                                   "<KIND> <NAME> (<KEY>=<VALUE> [--overwrite] | <KEY> --remove)");
          !count) {
        return count;
      }
      if (auto kind = check_kind(verb, inv.arguments[0]); !kind) return kind;
      const std::string& label = inv.arguments[2];
      const std::size_t equals = label.find('=');
      if (inv.remove_label) {
        if (inv.overwrite)
          return tl::unexpected(
              std::string("rrctl label: --overwrite cannot be used with --remove"));
        if (equals != std::string::npos || label.empty()) {
          return tl::unexpected("rrctl label: --remove takes a label key, not '" + label + "'");
        }
        return {};
      }
      if (equals == std::string::npos || equals == 0) {
        return tl::unexpected("rrctl label: invalid label '" + label +
                              "', expected <KEY>=<VALUE> (or <KEY> with --remove)");
      }
      return {};
    }
    case Command::node_status:
    case Command::peers:
    case Command::version:
    case Command::help:
      return check_count(inv, 0, 0, "");
    case Command::rib:
      return check_count(inv, 0, 1, "[<PREFIX>]");
    case Command::adj_rib_out:
      return check_count(inv, 1, 1, "<PEER>");
    case Command::plan:
      return check_count(inv, 0, 1, "[<NODE>]");
  }
  return {};
}

// Splits argv into flags and positional words.
tl::expected<void, std::string> scan(const std::vector<std::string>& args,
                                     std::vector<GivenFlag>& flags,
                                     std::vector<std::string>& words) {
  bool only_words = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_words || arg.size() < 2 || arg[0] != '-') {
      words.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_words = true;
      continue;
    }
    GivenFlag given{};
    std::optional<std::string> inline_value;
    if (arg[1] == '-') {
      std::string name = arg.substr(2);
      if (const std::size_t equals = name.find('='); equals != std::string::npos) {
        inline_value = name.substr(equals + 1);
        name.resize(equals);
      }
      given.spec = find_long(name);
      given.spelled = "--" + name;
    } else {
      given.spec = find_short(arg[1]);
      given.spelled = arg.substr(0, 2);
      if (arg.size() > 2) inline_value = arg.substr(arg[2] == '=' ? 3 : 2);
    }
    if (given.spec == nullptr) return tl::unexpected("unknown option '" + given.spelled + "'");
    if (given.spec->takes_value) {
      if (inline_value) {
        given.value = *inline_value;
      } else if (i + 1 < args.size()) {
        given.value = args[++i];
      } else {
        return tl::unexpected("option '" + given.spelled + "' needs a value");
      }
    } else if (inline_value) {
      return tl::unexpected("option '" + given.spelled + "' takes no value");
    }
    flags.push_back(std::move(given));
  }
  return {};
}

tl::expected<void, std::string> pick_command(std::vector<std::string>& words, Invocation& inv) {
  if (words.empty()) {
    inv.command = Command::help;
    inv.verb = "help";
    return {};
  }
  const std::string first = words.front();
  words.erase(words.begin());
  if (first == "node") {
    if (words.empty() || words.front() != "status") {
      return tl::unexpected(std::string("rrctl node: only 'rrctl node status' is supported"));
    }
    words.erase(words.begin());
    inv.command = Command::node_status;
    inv.verb = "node status";
    return {};
  }
  for (const CommandWord& entry : kCommands) {
    if (entry.word == first) {
      inv.command = entry.command;
      inv.verb = first;
      return {};
    }
  }
  return tl::unexpected("unknown command '" + first + "' (see 'rrctl help')");
}

}  // namespace

tl::expected<Invocation, std::string> parse_arguments(const std::vector<std::string>& args,
                                                      const EnvLookup& env) {
  std::vector<GivenFlag> flags;
  std::vector<std::string> words;
  if (auto scanned = scan(args, flags, words); !scanned) return tl::unexpected(scanned.error());

  Invocation inv;
  if (auto picked = pick_command(words, inv); !picked) return tl::unexpected(picked.error());
  inv.arguments = std::move(words);

  std::optional<std::string> server;
  std::optional<std::string> token;
  std::optional<std::string> token_file;
  bool help = false;
  for (const GivenFlag& given : flags) {
    if (!allowed_for(*given.spec, inv.command)) {
      return tl::unexpected("option '" + given.spelled + "' is not valid for 'rrctl " + inv.verb +
                            "'");
    }
    switch (given.spec->flag) {
      case Flag::server:
        server = given.value;
        break;
      case Flag::token:
        token = given.value;
        break;
      case Flag::token_file:
        token_file = given.value;
        break;
      case Flag::help:
        help = true;
        break;
      case Flag::filename:
        inv.filename = given.value;
        break;
      case Flag::output: {
        auto format = parse_output(given.value);
        if (!format) return tl::unexpected(format.error());
        inv.output = *format;
        inv.output_given = true;
        break;
      }
      case Flag::patch:
        inv.patch = given.value;
        break;
      case Flag::skip_exists:
        inv.skip_exists = true;
        break;
      case Flag::skip_not_exists:
        inv.skip_not_exists = true;
        break;
      case Flag::overwrite:
        inv.overwrite = true;
        break;
      case Flag::remove:
        inv.remove_label = true;
        break;
      case Flag::config:  // calicoctl's datastore config: meaningless here, accepted
      case Flag::allow_version_mismatch:
      case Flag::name_space:
      case Flag::all_namespaces:
      case Flag::patch_type:  // calicoctl ignores --type too
        break;
    }
  }
  if (help) {
    inv.command = Command::help;
    inv.arguments.clear();
    return inv;
  }

  // Flags beat the environment; an explicit token beats any token file.
  inv.global.server = server ? *server : env("RRCTL_SERVER").value_or(std::string(kDefaultServer));
  if (token) {
    inv.global.token = token;
  } else if (token_file) {
    inv.global.token_file = token_file;
  } else if (auto env_token = env("RRCTL_TOKEN"); env_token && !env_token->empty()) {
    inv.global.token = env_token;
  } else if (auto env_file = env("RRCTL_TOKEN_FILE"); env_file && !env_file->empty()) {
    inv.global.token_file = env_file;
  }

  if (auto valid = validate(inv); !valid) return tl::unexpected(valid.error());
  return inv;
}

std::string usage_text() {
  return R"(rrctl: command-line client of rrd's ops API (calicoctl-compatible verbs).

Usage:
  rrctl apply   -f <FILENAME>
  rrctl create  -f <FILENAME> [--skip-exists]
  rrctl replace -f <FILENAME>
  rrctl delete  (-f <FILENAME> | <KIND> <NAME>...) [--skip-not-exists]
  rrctl get     (<KIND> [<NAME>...] | -f <FILENAME>) [-o ps|wide|yaml|json]
  rrctl patch   <KIND> <NAME> -p <PATCH> [-t <TYPE>]
  rrctl label   <KIND> <NAME> (<KEY>=<VALUE> [--overwrite] | <KEY> --remove)
  rrctl node status
  rrctl peers   [-o ps|yaml|json]
  rrctl rib     [<PREFIX>] [-o ps|yaml|json]
  rrctl adj-rib-out <PEER> [-o ps|yaml|json]
  rrctl plan    [<NODE>] [-o ps|yaml|json]
  rrctl version

Kinds: node(s)/no/nos, bgppeer(s)/bgpp/bgpps/bp/bps, bgpconfig(s)/bgpconfiguration(s),
bgpfilter(s), secret(s). <FILENAME> may be '-' for stdin; YAML (multi-document) or JSON.

Options:
  --server <URL>        rrd's API (env RRCTL_SERVER; default http://127.0.0.1:9179)
  --token <TOKEN>       API token for changes (env RRCTL_TOKEN)
  --token-file <PATH>   file holding the token (env RRCTL_TOKEN_FILE; default /etc/rrd/token)
  -c, --config <PATH>, --allow-version-mismatch   accepted for calicoctl compatibility; ignored
)";
}

}  // namespace mgmt::rrctl
