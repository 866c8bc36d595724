#include "mgmt/rrctl/status_command.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "mgmt/rrctl/yaml_json.hpp"

#ifndef RRCTL_VERSION
#define RRCTL_VERSION "unknown"
#endif

namespace mgmt::rrctl {
namespace {

using nlohmann::json;

struct PrefixType {
  std::string_view prefix;
  std::string_view peer_type;
};

constexpr std::array<PrefixType, 3> kPrefixes{{
    {"Global_", "global"},
    {"Node_", "node specific"},
    {"Mesh_", "node-to-node mesh"},
}};

std::string text_member(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_boolean()) return it->get<bool>() ? "true" : "false";
  return it->dump();
}

// BIRD's info column as calicoctl re-joins it: whitespace-separated words, single spaces.
std::string collapse_spaces(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

bool is_ipv6_session(const json& session) {
  const std::string family = text_member(session, "family");
  if (!family.empty()) return family == "IPv6" || family == "ipv6";
  return text_member(session, "peerAddress").find(':') != std::string::npos;
}

// The sessions of /status/peers, sorted by name (BIRD lists protocols in configuration order,
// which is sorted by name).
std::vector<json> sorted_sessions(const json& peers) {
  std::vector<json> sessions;
  const auto items = peers.find("items");
  if (items != peers.end() && items->is_array()) {
    for (const json& item : *items) {
      if (item.is_object()) sessions.push_back(item);
    }
  }
  std::stable_sort(sessions.begin(), sessions.end(), [](const json& a, const json& b) {
    return text_member(a, "name") < text_member(b, "name");
  });
  return sessions;
}

std::string family_section(const std::vector<json>& sessions, bool ipv6,
                           std::chrono::system_clock::time_point now, TimeZone zone) {
  const std::string family = ipv6 ? "IPv6" : "IPv4";
  std::vector<TableRow> rows;
  for (const json& session : sessions) {
    if (is_ipv6_session(session) != ipv6) continue;
    const auto name = parse_session_name(text_member(session, "name"), ipv6);
    if (!name) continue;
    const std::string state = text_member(session, "state");
    std::string info = collapse_spaces(text_member(session, "info"));
    if (info.empty() && state != "down") info = text_member(session, "bgpState");
    if (info.empty()) continue;  // calicoctl drops BIRD rows with an empty info column
    rows.push_back({name->address, name->peer_type, state,
                    format_bird_since(text_member(session, "since"), now, zone), info});
  }
  std::string out = "\n" + family + " BGP status\n";
  if (rows.empty()) {
    out += "No " + family + " peers found.\n";
  } else {
    out += render_box({"Peer address", "Peer type", "State", "Since", "Info"}, rows);
  }
  return out;
}

std::string address_with_port(const json& session) {
  std::string address = text_member(session, "peerAddress");
  const std::string port = text_member(session, "port");
  if (port.empty() || port == "179" || port == "0") return address;
  if (address.find(':') != std::string::npos) address = "[" + address + "]";
  return address + ":" + port;
}

void print_document(CommandContext& ctx, const json& document, OutputFormat format) {
  if (format == OutputFormat::json) {
    ctx.out << document.dump(2) << '\n';
  } else {
    ctx.out << json_to_yaml(document);
  }
}

}  // namespace

std::optional<SessionName> parse_session_name(std::string_view name, bool ipv6) {
  for (const PrefixType& entry : kPrefixes) {
    if (name.size() <= entry.prefix.size() || name.substr(0, entry.prefix.size()) != entry.prefix) {
      continue;
    }
    std::string address(name.substr(entry.prefix.size()));
    std::replace(address.begin(), address.end(), '_', ipv6 ? ':' : '.');
    return SessionName{std::string(entry.peer_type), std::move(address)};
  }
  return std::nullopt;
}

std::string render_node_status(const json& peers, std::chrono::system_clock::time_point now,
                               TimeZone zone) {
  const std::vector<json> sessions = sorted_sessions(peers);
  std::string out = "Calico process is running.\n";
  out += family_section(sessions, false, now, zone);
  out += family_section(sessions, true, now, zone);
  out += '\n';
  return out;
}

std::string render_peers(const json& peers, std::chrono::system_clock::time_point now,
                         TimeZone zone) {
  std::vector<TableRow> rows{{"NAME", "PEER ADDRESS", "TYPE", "AS", "RR CLIENT", "STATE", "SINCE",
                              "INFO", "PREFIXES IN", "PREFIXES OUT"}};
  for (const json& session : sorted_sessions(peers)) {
    const std::string rr_client = text_member(session, "rrClient");
    rows.push_back({text_member(session, "name"), address_with_port(session),
                    text_member(session, "type"), text_member(session, "peerAS"),
                    rr_client.empty() ? "false" : rr_client, text_member(session, "state"),
                    format_bird_since(text_member(session, "since"), now, zone),
                    collapse_spaces(text_member(session, "info")),
                    text_member(session, "prefixesIn"), text_member(session, "prefixesOut")});
  }
  return render_columns(rows);
}

int run_node_status(const Invocation& /*invocation*/, CommandContext& ctx) {
  auto peers = ctx.api.get_path("/status/peers");
  if (!peers) {
    if (peers.error().unreachable()) {
      // What calicoctl says when calico-node does not run on this host.
      ctx.out << "Calico process is not running.\n";
      ctx.err << peers.error().to_string() << '\n';
    } else {
      ctx.err << "Failed to get the BGP status: " << peers.error().to_string() << '\n';
    }
    return 1;
  }
  ctx.out << render_node_status(*peers, ctx.now(), ctx.zone);
  return 0;
}

int run_peers(const Invocation& inv, CommandContext& ctx) {
  auto peers = ctx.api.get_path("/status/peers");
  if (!peers) {
    ctx.err << "Failed to get the BGP sessions: " << peers.error().to_string() << '\n';
    return 1;
  }
  if (inv.output == OutputFormat::json || inv.output == OutputFormat::yaml) {
    print_document(ctx, *peers, inv.output);
  } else {
    ctx.out << render_peers(*peers, ctx.now(), ctx.zone);
  }
  return 0;
}

int run_version(const Invocation& /*invocation*/, CommandContext& ctx) {
  ctx.out << "Client Version:    v" << client_version() << '\n';
  auto status = ctx.api.get_path("/status");
  if (!status) {
    ctx.out << "Unable to retrieve Cluster Version or Type: " << status.error().to_string() << '\n';
    return 0;
  }
  std::string version = text_member(*status, "version");
  if (!version.empty() && version.front() != 'v') version = "v" + version;
  ctx.out << "Cluster Version:   " << (version.empty() ? "unknown" : version) << '\n';
  ctx.out << "Cluster Type:      rrd\n";
  return 0;
}

std::string_view client_version() {
  return RRCTL_VERSION;
}

}  // namespace mgmt::rrctl
