// Node (calico-bgp-spec.md §1.3): spec.bgp typed and validated; the other spec fields and status
// are checked for known names and JSON types and kept as given (empty values dropped).
#include <string>
#include <utility>
#include <vector>

#include "mgmt/resource/kind_codecs.hpp"
#include "mgmt/resource/validators.hpp"

namespace mgmt::resource {
namespace {

enum class Shape : std::uint8_t { string, object, array };

struct KnownField {
  const char* name;
  Shape shape;
  std::vector<const char*> members;  // for objects / arrays of objects: allowed member names
};

bool empty_value(const nlohmann::json& value) {
  return value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty()) ||
         ((value.is_array() || value.is_object()) && value.empty());
}

// Checks an object (or each object of a list) for its allowed member names and string values,
// returning a copy without null/empty members.
nlohmann::json check_members(const nlohmann::json& value, const std::string& path,
                             const std::vector<const char*>& members, FieldErrors& errors) {
  ObjectReader reader(value, path, errors);
  nlohmann::json out = nlohmann::json::object();
  if (!reader.is_object()) return out;
  for (const char* member : members) {
    const nlohmann::json* item = reader.take(member);
    if (item == nullptr || empty_value(*item)) continue;
    if (std::string_view(member) == "addresses") {  // interfaces[].addresses: list of strings
      if (!item->is_array()) {
        reader.error(member, "expected a list, got " + std::string(json_type_name(*item)));
        continue;
      }
      for (std::size_t i = 0; i < item->size(); ++i) {
        if (!(*item)[i].is_string()) {
          add_error(errors, index_path(reader.path_of(member), i), "expected a string");
        }
      }
    } else if (!item->is_string()) {
      reader.error(member, "expected a string, got " + std::string(json_type_name(*item)));
      continue;
    }
    out[member] = *item;
  }
  reader.finish();
  return out;
}

// Non-BGP members of an object (Node spec or status), validated by `fields` and kept as given.
void keep_known(ObjectReader& reader, const std::vector<KnownField>& fields, nlohmann::json& out,
                FieldErrors& errors) {
  for (const KnownField& field : fields) {
    switch (field.shape) {
      case Shape::string:
        if (auto text = reader.string(field.name); text && !text->empty()) {
          out[field.name] = *text;
        }
        break;
      case Shape::object:
        if (const auto* value = reader.object(field.name)) {
          auto kept = check_members(*value, reader.path_of(field.name), field.members, errors);
          if (!kept.empty()) out[field.name] = std::move(kept);
        }
        break;
      case Shape::array:
        if (const auto* list = reader.array(field.name); list != nullptr && !list->empty()) {
          nlohmann::json kept = nlohmann::json::array();
          for (std::size_t i = 0; i < list->size(); ++i) {
            const std::string item_path = index_path(reader.path_of(field.name), i);
            if (field.members.empty()) {  // list of strings
              if (!(*list)[i].is_string()) {
                add_error(errors, item_path, "expected a string");
              } else {
                kept.push_back((*list)[i]);
              }
            } else {
              kept.push_back(check_members((*list)[i], item_path, field.members, errors));
            }
          }
          out[field.name] = std::move(kept);
        }
        break;
    }
  }
}

const std::vector<KnownField>& other_spec_fields() {
  static const std::vector<KnownField> fields{
      {"ipv4VXLANTunnelAddr", Shape::string, {}},
      {"vxlanTunnelMACAddr", Shape::string, {}},
      {"ipv6VXLANTunnelAddr", Shape::string, {}},
      {"vxlanTunnelMACAddrV6", Shape::string, {}},
      {"orchRefs", Shape::array, {"nodeName", "orchestrator"}},
      {"wireguard", Shape::object, {"interfaceIPv4Address", "interfaceIPv6Address"}},
      {"addresses", Shape::array, {"address", "type"}},
      {"interfaces", Shape::array, {"name", "addresses"}},
  };
  return fields;
}

const std::vector<KnownField>& status_fields() {
  static const std::vector<KnownField> fields{
      {"wireguardPublicKey", Shape::string, {}},
      {"wireguardPublicKeyV6", Shape::string, {}},
      {"podCIDRs", Shape::array, {}},
  };
  return fields;
}

std::optional<NodeBgp> decode_bgp(const nlohmann::json& value, const std::string& path,
                                  FieldErrors& errors) {
  ObjectReader reader(value, path, errors);
  if (!reader.is_object()) return std::nullopt;
  const std::size_t errors_before = errors.size();
  NodeBgp bgp;
  bgp.as_number = reader.as_number("asNumber");
  bgp.ipv4_address = reader.string("ipv4Address").value_or("");
  bgp.ipv6_address = reader.string("ipv6Address").value_or("");
  bgp.ipv4_ipip_tunnel_addr = reader.string("ipv4IPIPTunnelAddr").value_or("");
  bgp.route_reflector_cluster_id = reader.string("routeReflectorClusterID").value_or("");
  reader.finish();
  using validate::IpFamily;
  if (!bgp.ipv4_address.empty()) {
    check(errors, reader.path_of("ipv4Address"),
          validate::ip_or_cidr(bgp.ipv4_address, IpFamily::v4));
  }
  if (!bgp.ipv6_address.empty()) {
    check(errors, reader.path_of("ipv6Address"),
          validate::ip_or_cidr(bgp.ipv6_address, IpFamily::v6));
  }
  if (!bgp.ipv4_ipip_tunnel_addr.empty()) {
    check(errors, reader.path_of("ipv4IPIPTunnelAddr"),
          validate::ip_address(bgp.ipv4_ipip_tunnel_addr, IpFamily::v4));
  }
  if (!bgp.route_reflector_cluster_id.empty() &&
      validate::ip_family(bgp.route_reflector_cluster_id) != IpFamily::v4) {
    reader.error("routeReflectorClusterID",
                 "\"" + bgp.route_reflector_cluster_id + "\" is not a dotted IPv4 address");
  }
  if (bgp == NodeBgp{} && errors.size() == errors_before) {
    add_error(errors, path, "must not be empty when present (set at least one BGP field)");
  }
  return bgp;
}

}  // namespace

Node decode_node(ObjectReader& root, ObjectMeta metadata, FieldErrors& errors) {
  Node node;
  node.metadata = std::move(metadata);
  if (const auto* spec_value = root.take("spec")) {
    ObjectReader spec(*spec_value, "spec", errors);
    if (const auto* bgp = spec.take("bgp"))
      node.bgp = decode_bgp(*bgp, spec.path_of("bgp"), errors);
    keep_known(spec, other_spec_fields(), node.other_spec, errors);
    spec.finish();
  }
  if (const auto* status_value = root.take("status")) {
    ObjectReader status(*status_value, "status", errors);
    keep_known(status, status_fields(), node.status, errors);
    status.finish();
  }
  return node;
}

void encode_node(const Node& node, nlohmann::json& out) {
  nlohmann::json spec = node.other_spec.is_object() ? node.other_spec : nlohmann::json::object();
  if (node.bgp) {
    const NodeBgp& bgp = *node.bgp;
    nlohmann::json b = nlohmann::json::object();
    if (bgp.as_number) b["asNumber"] = *bgp.as_number;
    if (!bgp.ipv4_address.empty()) b["ipv4Address"] = bgp.ipv4_address;
    if (!bgp.ipv6_address.empty()) b["ipv6Address"] = bgp.ipv6_address;
    if (!bgp.ipv4_ipip_tunnel_addr.empty()) b["ipv4IPIPTunnelAddr"] = bgp.ipv4_ipip_tunnel_addr;
    if (!bgp.route_reflector_cluster_id.empty()) {
      b["routeReflectorClusterID"] = bgp.route_reflector_cluster_id;
    }
    spec["bgp"] = std::move(b);
  }
  out["spec"] = std::move(spec);
  if (node.status.is_object() && !node.status.empty()) out["status"] = node.status;
}

}  // namespace mgmt::resource
