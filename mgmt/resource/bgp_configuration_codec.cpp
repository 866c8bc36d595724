// BGPConfiguration (calico-bgp-spec.md §1.4): field rules, default-only fields, mesh rules,
// communities and prefix advertisements.
#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "mgmt/resource/kind_codecs.hpp"
#include "mgmt/resource/validators.hpp"

namespace mgmt::resource {
namespace {

constexpr std::size_t kMaxCommunities = 500;
constexpr std::size_t kMaxPrefixAdvertisements = 500;
constexpr std::size_t kMaxCommunitiesPerPrefix = 50;
constexpr std::int64_t kMaxRoutePriority = 2147483646;
constexpr std::int64_t kMaxPort = 65535;
constexpr std::array<std::string_view, 6> kLogLevels{"Trace",   "Debug", "Info",
                                                     "Warning", "Error", "Fatal"};

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    return lower(x) == lower(y);
  });
}

// [{cidr: …}] lists of the service advertisement fields.
std::vector<std::string> decode_cidr_blocks(ObjectReader& reader, std::string_view key,
                                            FieldErrors& errors) {
  std::vector<std::string> out;
  const auto* list = reader.array(key);
  if (list == nullptr) return out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    ObjectReader block((*list)[i], index_path(reader.path_of(key), i), errors);
    if (!block.is_object()) continue;
    const std::string cidr = block.string("cidr").value_or("");
    if (cidr.empty()) {
      block.error("cidr", "required");
    } else if (check(errors, block.path_of("cidr"), validate::ip_or_cidr(cidr, std::nullopt))) {
      out.push_back(cidr);
    }
    block.finish();
  }
  return out;
}

nlohmann::json encode_cidr_blocks(const std::vector<std::string>& cidrs) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& cidr : cidrs)
    out.push_back({{"cidr", cidr}});
  return out;
}

std::vector<Community> decode_communities(ObjectReader& reader, FieldErrors& errors) {
  std::vector<Community> out;
  const auto* list = reader.array("communities");
  if (list == nullptr) return out;
  if (list->size() > kMaxCommunities) reader.error("communities", "at most 500 items");
  for (std::size_t i = 0; i < list->size(); ++i) {
    ObjectReader item((*list)[i], index_path(reader.path_of("communities"), i), errors);
    if (!item.is_object()) continue;
    Community community;
    community.name = item.string("name").value_or("");
    community.value = item.string("value").value_or("");
    check(errors, item.path_of("name"), validate::resource_name(community.name));
    if (community.value.empty()) {
      item.error("value", "required");
    } else {
      check(errors, item.path_of("value"), validate::community(community.value));
    }
    item.finish();
    out.push_back(std::move(community));
  }
  return out;
}

std::vector<PrefixAdvertisement> decode_prefix_advertisements(
    ObjectReader& reader, const std::vector<Community>& communities, FieldErrors& errors) {
  std::vector<PrefixAdvertisement> out;
  const auto* list = reader.array("prefixAdvertisements");
  if (list == nullptr) return out;
  if (list->size() > kMaxPrefixAdvertisements) {
    reader.error("prefixAdvertisements", "at most 500 items");
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    ObjectReader item((*list)[i], index_path(reader.path_of("prefixAdvertisements"), i), errors);
    if (!item.is_object()) continue;
    PrefixAdvertisement advertisement;
    advertisement.cidr = item.string("cidr").value_or("");
    if (advertisement.cidr.empty()) {
      item.error("cidr", "required");
    } else {
      check(errors, item.path_of("cidr"), validate::ip_or_cidr(advertisement.cidr, std::nullopt));
    }
    advertisement.communities = item.strings("communities");
    if (advertisement.communities.empty()) {
      item.error("communities", "required: at least one community");
    } else if (advertisement.communities.size() > kMaxCommunitiesPerPrefix) {
      item.error("communities", "at most 50 items");
    }
    for (std::size_t c = 0; c < advertisement.communities.size(); ++c) {
      const std::string& used = advertisement.communities[c];
      if (!validate::community(used)) continue;  // a literal value
      const bool defined = std::any_of(communities.begin(), communities.end(),
                                       [&](const Community& d) { return d.name == used; });
      if (!defined) {
        add_error(errors, index_path(item.path_of("communities"), c),
                  "\"" + used +
                      "\" is neither a valid community value (aa:nn, aa:nn:mm) nor a name "
                      "defined in spec.communities");
      }
    }
    item.finish();
    out.push_back(std::move(advertisement));
  }
  return out;
}

// Rules that involve several fields or the object's name [CL-CONF, VAL].
void check_cross_field_rules(const BgpConfiguration& config, FieldErrors& errors) {
  const BgpConfigurationSpec& s = config.spec;
  if (config.metadata.name != "default") {
    const auto default_only = [&](bool set, const char* field) {
      if (set) {
        add_error(errors, join_path("spec", field),
                  "may only be set on the BGPConfiguration named \"default\"");
      }
    };
    default_only(s.node_to_node_mesh_enabled.has_value(), "nodeToNodeMeshEnabled");
    default_only(s.as_number.has_value(), "asNumber");
    default_only(!s.service_load_balancer_ips.empty(), "serviceLoadBalancerIPs");
    default_only(!s.service_external_ips.empty(), "serviceExternalIPs");
    default_only(!s.service_cluster_ips.empty(), "serviceClusterIPs");
    default_only(s.node_mesh_password.has_value(), "nodeMeshPassword");
    default_only(s.node_mesh_max_restart_time.has_value(), "nodeMeshMaxRestartTime");
  }
  if (s.node_to_node_mesh_enabled == false) {
    if (s.node_mesh_password) {
      add_error(errors, "spec.nodeMeshPassword",
                "cannot be set when nodeToNodeMeshEnabled is false");
    }
    if (s.node_mesh_max_restart_time) {
      add_error(errors, "spec.nodeMeshMaxRestartTime",
                "cannot be set when nodeToNodeMeshEnabled is false");
    }
  }
  if (!s.communities.empty() && s.prefix_advertisements.empty()) {
    add_error(errors, "spec.communities",
              "communities are only used by prefixAdvertisements, which are not set");
  }
}

}  // namespace

BgpConfiguration decode_bgp_configuration(ObjectReader& root, ObjectMeta metadata,
                                          FieldErrors& errors) {
  BgpConfiguration config;
  config.metadata = std::move(metadata);
  const nlohmann::json* spec_value = root.take("spec");
  if (spec_value == nullptr) return config;
  ObjectReader spec(*spec_value, "spec", errors);
  BgpConfigurationSpec& s = config.spec;

  s.log_severity_screen = spec.string("logSeverityScreen").value_or("");
  if (!s.log_severity_screen.empty() &&
      std::none_of(kLogLevels.begin(), kLogLevels.end(), [&](std::string_view level) {
        return equals_ignoring_case(s.log_severity_screen, level);
      })) {
    spec.error("logSeverityScreen", "\"" + s.log_severity_screen +
                                        "\" is not one of Trace, Debug, Info, Warning, Error, "
                                        "Fatal (any case)");
  }
  s.node_to_node_mesh_enabled = spec.boolean("nodeToNodeMeshEnabled");
  s.as_number = spec.as_number("asNumber");
  s.service_cluster_ips = decode_cidr_blocks(spec, "serviceClusterIPs", errors);
  s.service_external_ips = decode_cidr_blocks(spec, "serviceExternalIPs", errors);
  s.service_load_balancer_ips = decode_cidr_blocks(spec, "serviceLoadBalancerIPs", errors);
  s.service_load_balancer_aggregation =
      spec.enumeration("serviceLoadBalancerAggregation", {"Enabled", "Disabled"});
  s.communities = decode_communities(spec, errors);
  s.prefix_advertisements = decode_prefix_advertisements(spec, s.communities, errors);
  if (auto port = spec.integer("listenPort", 1, kMaxPort)) {
    s.listen_port = static_cast<std::uint16_t>(*port);
  }
  if (const auto* password = spec.take("nodeMeshPassword")) {
    s.node_mesh_password =
        decode_secret_key_ref_holder(*password, spec.path_of("nodeMeshPassword"), errors);
  }
  s.node_mesh_max_restart_time = spec.duration("nodeMeshMaxRestartTime");
  s.bind_mode = spec.enumeration("bindMode", {"None", "NodeIP"});
  s.ignored_interfaces = spec.strings("ignoredInterfaces");
  for (std::size_t i = 0; i < s.ignored_interfaces.size(); ++i) {
    const std::string path = index_path(spec.path_of("ignoredInterfaces"), i);
    if (s.ignored_interfaces[i] == "*") {
      add_error(errors, path, "\"*\" would ignore every interface");
    } else {
      check(errors, path, validate::interface_pattern(s.ignored_interfaces[i]));
    }
  }
  s.local_workload_peering_ipv4 = spec.string("localWorkloadPeeringIPV4").value_or("");
  if (!s.local_workload_peering_ipv4.empty()) {
    check(errors, spec.path_of("localWorkloadPeeringIPV4"),
          validate::ip_address(s.local_workload_peering_ipv4, validate::IpFamily::v4));
  }
  s.local_workload_peering_ipv6 = spec.string("localWorkloadPeeringIPV6").value_or("");
  if (!s.local_workload_peering_ipv6.empty()) {
    check(errors, spec.path_of("localWorkloadPeeringIPV6"),
          validate::ip_address(s.local_workload_peering_ipv6, validate::IpFamily::v6));
  }
  s.program_cluster_routes = spec.enumeration(
      "programClusterRoutes", {"Enabled", "Disabled", "EnabledIPIPOnly", "EnabledNoEncapOnly"});
  if (auto priority = spec.integer("ipv4NormalRoutePriority", 1, kMaxRoutePriority)) {
    s.ipv4_normal_route_priority = static_cast<std::int32_t>(*priority);
  }
  if (auto priority = spec.integer("ipv6NormalRoutePriority", 1, kMaxRoutePriority)) {
    s.ipv6_normal_route_priority = static_cast<std::int32_t>(*priority);
  }
  spec.finish();
  check_cross_field_rules(config, errors);
  return config;
}

void encode_bgp_configuration(const BgpConfiguration& config, nlohmann::json& out) {
  const BgpConfigurationSpec& s = config.spec;
  nlohmann::json spec = nlohmann::json::object();
  if (!s.log_severity_screen.empty()) spec["logSeverityScreen"] = s.log_severity_screen;
  if (s.node_to_node_mesh_enabled) spec["nodeToNodeMeshEnabled"] = *s.node_to_node_mesh_enabled;
  if (s.as_number) spec["asNumber"] = *s.as_number;
  if (!s.service_cluster_ips.empty()) {
    spec["serviceClusterIPs"] = encode_cidr_blocks(s.service_cluster_ips);
  }
  if (!s.service_external_ips.empty()) {
    spec["serviceExternalIPs"] = encode_cidr_blocks(s.service_external_ips);
  }
  if (!s.service_load_balancer_ips.empty()) {
    spec["serviceLoadBalancerIPs"] = encode_cidr_blocks(s.service_load_balancer_ips);
  }
  if (!s.service_load_balancer_aggregation.empty()) {
    spec["serviceLoadBalancerAggregation"] = s.service_load_balancer_aggregation;
  }
  if (!s.communities.empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& c : s.communities)
      list.push_back({{"name", c.name}, {"value", c.value}});
    spec["communities"] = std::move(list);
  }
  if (!s.prefix_advertisements.empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& p : s.prefix_advertisements) {
      list.push_back({{"cidr", p.cidr}, {"communities", p.communities}});
    }
    spec["prefixAdvertisements"] = std::move(list);
  }
  if (s.listen_port) spec["listenPort"] = *s.listen_port;
  if (s.node_mesh_password) {
    spec["nodeMeshPassword"] = encode_secret_key_ref_holder(*s.node_mesh_password);
  }
  if (s.node_mesh_max_restart_time) {
    spec["nodeMeshMaxRestartTime"] = s.node_mesh_max_restart_time->text;
  }
  if (!s.bind_mode.empty()) spec["bindMode"] = s.bind_mode;
  if (!s.ignored_interfaces.empty()) spec["ignoredInterfaces"] = s.ignored_interfaces;
  if (!s.local_workload_peering_ipv4.empty()) {
    spec["localWorkloadPeeringIPV4"] = s.local_workload_peering_ipv4;
  }
  if (!s.local_workload_peering_ipv6.empty()) {
    spec["localWorkloadPeeringIPV6"] = s.local_workload_peering_ipv6;
  }
  if (!s.program_cluster_routes.empty()) spec["programClusterRoutes"] = s.program_cluster_routes;
  if (s.ipv4_normal_route_priority) {
    spec["ipv4NormalRoutePriority"] = *s.ipv4_normal_route_priority;
  }
  if (s.ipv6_normal_route_priority) {
    spec["ipv6NormalRoutePriority"] = *s.ipv6_normal_route_priority;
  }
  out["spec"] = std::move(spec);
}

}  // namespace mgmt::resource
