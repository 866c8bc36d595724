#include "mgmt/rrctl/rib_plan_command.hpp"

#include <initializer_list>
#include <vector>

#include "mgmt/rrctl/kinds.hpp"
#include "mgmt/rrctl/status_command.hpp"
#include "mgmt/rrctl/table.hpp"
#include "mgmt/rrctl/yaml_json.hpp"

namespace mgmt::rrctl {
namespace {

using nlohmann::json;

std::string text_of(const json& value) {
  if (value.is_null()) return {};
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_array()) {
    std::string out;
    for (const json& item : value) {
      if (!out.empty()) out += ' ';
      out += text_of(item);
    }
    return out;
  }
  return value.dump();
}

// The first of `keys` present in `object`, as text ("" when none is).
std::string field(const json& object, std::initializer_list<const char*> keys) {
  if (!object.is_object()) return {};
  for (const char* key : keys) {
    const auto it = object.find(key);
    if (it != object.end() && !it->is_null()) return text_of(*it);
  }
  return {};
}

std::string or_dash(const std::string& text) {
  return text.empty() ? "-" : text;
}

const json& items_of(const json& document) {
  static const json empty_array = json::array();
  if (!document.is_object()) return empty_array;
  const auto it = document.find("items");
  return it != document.end() && it->is_array() ? *it : empty_array;
}

bool looks_like_session(const json& value) {
  if (!value.is_object() || !value.contains("name")) return false;
  for (const char* key : {"peerAddress", "peerIP", "neighbor", "address"}) {
    if (value.contains(key)) return true;
  }
  return false;
}

// Every session object of a plan document, in document order, wherever it is nested (per family
// or in one list).
void collect_sessions(const json& value, std::vector<const json*>& out) {
  if (looks_like_session(value)) {
    out.push_back(&value);
    return;
  }
  if (value.is_array() || value.is_object()) {
    for (const json& child : value)
      collect_sessions(child, out);
  }
}

std::string session_kind(const json& session) {
  for (const char* key : {"ibgp", "iBGP", "internal"}) {
    const auto it = session.find(key);
    if (it != session.end() && it->is_boolean()) return it->get<bool>() ? "iBGP" : "eBGP";
  }
  std::string explicit_type = field(session, {"sessionType", "bgpType"});
  if (!explicit_type.empty()) return explicit_type;
  const std::string peer_as = field(session, {"peerAS", "asNumber", "peerAs", "remoteAS"});
  const std::string local_as = field(session, {"localAS", "localASNumber", "localAs"});
  if (peer_as.empty() || local_as.empty()) return "-";
  return peer_as == local_as ? "iBGP" : "eBGP";
}

std::string session_type(const json& session) {
  std::string type = field(session, {"type", "peerType"});
  if (!type.empty()) return type;
  const std::string address = field(session, {"peerAddress", "peerIP", "neighbor", "address"});
  const auto name =
      parse_session_name(field(session, {"name"}), address.find(':') != std::string::npos);
  return name ? name->peer_type : "-";
}

std::string yes_no(const json& session, std::initializer_list<const char*> keys) {
  const std::string value = field(session, keys);
  return value.empty() ? "false" : value;
}

void print_document(CommandContext& ctx, const json& document, OutputFormat format) {
  if (format == OutputFormat::json) {
    ctx.out << document.dump(2) << '\n';
  } else {
    ctx.out << json_to_yaml(document);
  }
}

bool wants_document(const Invocation& inv) {
  return inv.output == OutputFormat::json || inv.output == OutputFormat::yaml;
}

}  // namespace

std::string render_rib(const json& rib) {
  std::vector<TableRow> rows{
      {"PREFIX", "BEST", "NEXT HOP", "AS PATH", "LOCAL PREF", "FROM", "WON BY"}};
  for (const json& entry : items_of(rib)) {
    const std::string prefix = field(entry, {"prefix"});
    const auto paths = entry.find("paths");
    if (paths == entry.end() || !paths->is_array()) continue;
    for (const json& path : *paths) {
      const auto best_flag = path.find("best");
      const bool best =
          best_flag != path.end() && best_flag->is_boolean() && best_flag->get<bool>();
      std::string from = field(path, {"peerAddress"});
      if (from.empty()) from = field(path, {"peer"});
      rows.push_back({prefix, best ? "*" : "", or_dash(field(path, {"nextHop"})),
                      or_dash(field(path, {"asPath"})), or_dash(field(path, {"localPref"})),
                      or_dash(from), best ? or_dash(field(path, {"wonBy"})) : ""});
    }
  }
  return render_columns(rows);
}

std::string render_adj_rib_out(const json& adj_rib_out) {
  std::vector<TableRow> rows{
      {"PREFIX", "NEXT HOP", "AS PATH", "ORIGIN", "LOCAL PREF", "MED", "COMMUNITIES"}};
  for (const json& route : items_of(adj_rib_out)) {
    rows.push_back({field(route, {"prefix"}), or_dash(field(route, {"nextHop"})),
                    or_dash(field(route, {"asPath"})), or_dash(field(route, {"origin"})),
                    or_dash(field(route, {"localPref"})), or_dash(field(route, {"med"})),
                    or_dash(field(route, {"communities"}))});
  }
  return render_columns(rows);
}

std::string render_plan(const json& plan) {
  std::vector<TableRow> rows{{"NAME", "PEER ADDRESS", "PORT", "AS", "TYPE", "IBGP/EBGP",
                              "RR CLIENT", "PASSIVE", "NEXT HOP"}};
  std::vector<const json*> sessions;
  collect_sessions(plan, sessions);
  for (const json* session : sessions) {
    std::string port = field(*session, {"port", "peerPort"});
    if (port.empty() || port == "0") port = "179";
    rows.push_back({field(*session, {"name"}),
                    field(*session, {"peerAddress", "peerIP", "neighbor", "address"}), port,
                    or_dash(field(*session, {"peerAS", "asNumber", "peerAs", "remoteAS"})),
                    session_type(*session), session_kind(*session),
                    yes_no(*session, {"rrClient", "routeReflectorClient"}),
                    yes_no(*session, {"passive"}),
                    or_dash(field(*session, {"nextHop", "nextHopMode"}))});
  }
  return render_columns(rows);
}

int run_rib(const Invocation& inv, CommandContext& ctx) {
  const std::string prefix = inv.arguments.empty() ? std::string() : inv.arguments.front();
  auto rib = ctx.api.get_path(prefix.empty() ? std::string("/rib") : "/rib/" + prefix);
  if (!rib) {
    ctx.err << "Failed to get the RIB: " << rib.error().to_string() << '\n';
    return 1;
  }
  if (wants_document(inv)) {
    print_document(ctx, *rib, inv.output);
    return 0;
  }
  if (!prefix.empty() && items_of(*rib).empty()) {
    ctx.err << "Network not found: " << prefix << '\n';
    return 1;
  }
  ctx.out << render_rib(*rib);
  return 0;
}

int run_adj_rib_out(const Invocation& inv, CommandContext& ctx) {
  const std::string& peer = inv.arguments.front();
  auto routes = ctx.api.get_path("/adj-rib-out/" + peer);
  if (!routes) {
    ctx.err << "Failed to get the routes sent to " << peer << ": " << routes.error().to_string()
            << '\n';
    return 1;
  }
  if (wants_document(inv)) {
    print_document(ctx, *routes, inv.output);
  } else {
    ctx.out << render_adj_rib_out(*routes);
  }
  return 0;
}

int run_plan(const Invocation& inv, CommandContext& ctx) {
  std::string node = inv.arguments.empty() ? std::string() : inv.arguments.front();
  if (node.empty()) {
    auto status = ctx.api.get_path("/status");
    if (!status) {
      ctx.err << "Failed to get the server's node name: " << status.error().to_string() << '\n';
      return 1;
    }
    node = field(*status, {"node"});
    if (node.empty()) {
      ctx.err << "The server did not report its node name; give one: rrctl plan <NODE>\n";
      return 1;
    }
  }
  auto plan = ctx.api.get_path("/plan?node=" + url_escape(node));
  if (!plan) {
    ctx.err << "Failed to get the plan of node " << node << ": " << plan.error().to_string()
            << '\n';
    return 1;
  }
  if (wants_document(inv)) {
    print_document(ctx, *plan, inv.output);
  } else {
    ctx.out << render_plan(*plan);
    const auto warnings = plan->find("warnings");
    if (warnings != plan->end() && warnings->is_array()) {
      for (const json& warning : *warnings)
        ctx.err << "Warning: " << text_of(warning) << '\n';
    }
  }
  return 0;
}

}  // namespace mgmt::rrctl
