#include "mgmt/rrctl/get_command.hpp"

#include "mgmt/rrctl/crud_command.hpp"
#include "mgmt/rrctl/documents.hpp"
#include "mgmt/rrctl/yaml_json.hpp"

namespace mgmt::rrctl {
namespace {

using nlohmann::json;

const json& member(const json& object, const char* key) {
  static const json null_value;
  if (!object.is_object()) return null_value;
  const auto it = object.find(key);
  return it == object.end() ? null_value : *it;
}

// A scalar as Go's text/template prints it; "" for null/absent.
std::string text_of(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_null()) return {};
  return value.dump();
}

std::string or_dash(const json& value) {
  std::string text = text_of(value);
  return text.empty() ? "-" : text;
}

bool is_kind(const KindInfo& kind, std::string_view name) {
  return kind.kind == name;
}

std::string secret_data_count(const json& object) {
  std::size_t count = 0;
  for (const char* key : {"data", "stringData"}) {
    const json& data = member(object, key);
    if (data.is_object()) count += data.size();
  }
  return std::to_string(count);
}

void print_document(CommandContext& ctx, const json& document, OutputFormat format) {
  if (format == OutputFormat::json) {
    ctx.out << document.dump(2) << '\n';
  } else {
    ctx.out << json_to_yaml(document);
  }
}

std::string default_as_of(CommandContext& ctx) {
  const auto config = find_kind("BGPConfiguration");
  auto fetched = ctx.api.get(*config, "default");
  if (fetched) {
    std::string as = text_of(member(member(*fetched, "spec"), "asNumber"));
    if (!as.empty()) return as;
  }
  return std::to_string(kDefaultAsNumber);
}

struct Fetched {
  std::vector<std::pair<KindInfo, json>> objects;
  std::vector<std::string> errors;
};

void print_tables(CommandContext& ctx, const Fetched& fetched, bool wide) {
  std::size_t begin = 0;
  while (begin < fetched.objects.size()) {
    const KindInfo& kind = fetched.objects[begin].first;
    std::vector<json> run;
    std::size_t end = begin;
    while (end < fetched.objects.size() && fetched.objects[end].first.kind == kind.kind) {
      run.push_back(fetched.objects[end].second);
      ++end;
    }
    const std::string default_as =
        needs_default_as(kind, run, wide) ? default_as_of(ctx) : std::string();
    ctx.out << render_get_table(kind, run, wide, default_as);
    begin = end;
  }
}

int finish(CommandContext& ctx, const Fetched& fetched) {
  for (const std::string& error : fetched.errors)
    ctx.err << error << '\n';
  return fetched.errors.empty() ? 0 : 1;
}

int get_from_file(const Invocation& inv, CommandContext& ctx) {
  auto text = read_input(*inv.filename, ctx.in);
  if (!text) {
    ctx.err << "Failed to execute command: " << text.error() << '\n';
    return 1;
  }
  auto resources = load_resources(*text);
  if (!resources) {
    ctx.err << "Failed to execute command: " << resources.error() << '\n';
    return 1;
  }
  Fetched fetched;
  for (const json& resource : *resources) {
    const auto kind = find_kind(resource["kind"].get<std::string>());
    const std::string name = object_name(resource);
    auto object = ctx.api.get(*kind, name);
    if (object) {
      fetched.objects.emplace_back(*kind, std::move(*object));
    } else {
      fetched.errors.push_back(resource_error_text(*kind, name, object.error()));
    }
  }
  if (inv.output == OutputFormat::yaml || inv.output == OutputFormat::json) {
    if (fetched.objects.size() == 1 && resources->size() == 1) {
      print_document(ctx, fetched.objects.front().second, inv.output);
    } else if (!fetched.objects.empty()) {
      bool one_kind = true;
      std::vector<json> items;
      for (const auto& [kind, object] : fetched.objects) {
        one_kind = one_kind && kind.kind == fetched.objects.front().first.kind;
        items.push_back(object);
      }
      json document =
          one_kind ? get_document(fetched.objects.front().first, items, false, json::object())
                   : json{{"apiVersion", "v1"},
                          {"items", items},
                          {"kind", "List"},
                          {"metadata", json::object()}};
      print_document(ctx, document, inv.output);
    }
  } else {
    print_tables(ctx, fetched, inv.output == OutputFormat::wide);
  }
  return finish(ctx, fetched);
}

}  // namespace

TableRow get_headings(const KindInfo& kind, bool wide) {
  if (is_kind(kind, "BGPPeer")) return {"NAME", "PEERIP", "NODE", "ASN"};
  if (is_kind(kind, "BGPConfiguration")) return {"NAME", "LOGSEVERITY", "MESHENABLED", "ASNUMBER"};
  if (is_kind(kind, "Node") && wide) return {"NAME", "ASN", "IPV4", "IPV6"};
  if (is_kind(kind, "Secret")) return {"NAME", "TYPE", "DATA"};
  return {"NAME"};
}

TableRow get_row(const KindInfo& kind, const json& object, bool wide,
                 const std::string& default_as) {
  const std::string name = object_name(object);
  const json& spec = member(object, "spec");
  if (is_kind(kind, "BGPPeer")) {
    std::string node = text_of(member(spec, "node"));
    if (node.empty()) node = text_of(member(spec, "nodeSelector"));
    if (node.empty()) node = "(global)";
    std::string as = text_of(member(spec, "asNumber"));
    return {name, text_of(member(spec, "peerIP")), node, as.empty() ? "0" : as};
  }
  if (is_kind(kind, "BGPConfiguration")) {
    return {name, or_dash(member(spec, "logSeverityScreen")),
            or_dash(member(spec, "nodeToNodeMeshEnabled")), or_dash(member(spec, "asNumber"))};
  }
  if (is_kind(kind, "Node") && wide) {
    const json& bgp = member(spec, "bgp");
    if (!bgp.is_object()) return {name, "", "", ""};
    std::string as = text_of(member(bgp, "asNumber"));
    if (as.empty()) as = "(" + default_as + ")";
    return {name, as, text_of(member(bgp, "ipv4Address")), text_of(member(bgp, "ipv6Address"))};
  }
  if (is_kind(kind, "Secret")) {
    const std::string type = text_of(member(object, "type"));
    return {name, type.empty() ? "Opaque" : type, secret_data_count(object)};
  }
  return {name};
}

std::string render_get_table(const KindInfo& kind, const std::vector<json>& objects, bool wide,
                             const std::string& default_as) {
  std::vector<TableRow> rows{get_headings(kind, wide)};
  for (const json& object : objects)
    rows.push_back(get_row(kind, object, wide, default_as));
  return render_columns(rows) + "\n";  // calicoctl leaves a gap after each table
}

bool needs_default_as(const KindInfo& kind, const std::vector<json>& objects, bool wide) {
  if (!wide || !is_kind(kind, "Node")) return false;
  for (const json& object : objects) {
    const json& bgp = member(member(object, "spec"), "bgp");
    if (bgp.is_object() && member(bgp, "asNumber").is_null()) return true;
  }
  return false;
}

json get_document(const KindInfo& kind, const std::vector<json>& objects, bool single,
                  const json& list_metadata) {
  if (single && objects.size() == 1) return objects.front();
  return json{{"apiVersion", std::string(kind.api_version)},
              {"items", objects},
              {"kind", kind.list_kind()},
              {"metadata", list_metadata.is_object() ? list_metadata : json::object()}};
}

int run_get(const Invocation& inv, CommandContext& ctx) {
  if (inv.filename) return get_from_file(inv, ctx);
  const auto kind = find_kind(inv.arguments.front());
  if (!kind) return 1;  // parse_arguments() has checked it

  Fetched fetched;
  json list_metadata = json::object();
  const bool listing = inv.arguments.size() == 1;
  if (listing) {
    auto list = ctx.api.list(*kind);
    if (!list) {
      ctx.err << "Failed to get resources: " << list.error().to_string() << '\n';
      return 1;
    }
    const json& items = member(*list, "items");
    if (items.is_array()) {
      for (const json& item : items)
        fetched.objects.emplace_back(*kind, item);
    }
    if (member(*list, "metadata").is_object()) list_metadata = (*list)["metadata"];
  } else {
    for (std::size_t i = 1; i < inv.arguments.size(); ++i) {
      auto object = ctx.api.get(*kind, inv.arguments[i]);
      if (object) {
        fetched.objects.emplace_back(*kind, std::move(*object));
      } else {
        fetched.errors.push_back(resource_error_text(*kind, inv.arguments[i], object.error()));
      }
    }
  }

  if (inv.output == OutputFormat::yaml || inv.output == OutputFormat::json) {
    std::vector<json> objects;
    for (const auto& entry : fetched.objects)
      objects.push_back(entry.second);
    const bool single = !listing && inv.arguments.size() == 2;
    if (!objects.empty() || listing) {
      print_document(ctx, get_document(*kind, objects, single, list_metadata), inv.output);
    }
  } else if (!fetched.objects.empty() || fetched.errors.empty()) {
    std::vector<json> objects;
    for (const auto& entry : fetched.objects)
      objects.push_back(entry.second);
    const bool wide = inv.output == OutputFormat::wide;
    const std::string default_as =
        needs_default_as(*kind, objects, wide) ? default_as_of(ctx) : std::string();
    ctx.out << render_get_table(*kind, objects, wide, default_as);
  }
  return finish(ctx, fetched);
}

}  // namespace mgmt::rrctl
