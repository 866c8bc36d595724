// Calico projectcalico.org/v3 resources as typed values: Node (its BGP part), BGPConfiguration,
// BGPPeer, BGPFilter, plus the Kubernetes-style Secret that BGPPeer passwords refer to.
//
// Field names mirror the JSON names of ../shared/reference/calico-bgp-spec.md §1 (camelCase there,
// snake_case here). Optional fields that Calico distinguishes from their zero value are
// std::optional; strings that Calico treats as "unset when empty" are plain strings. Values are
// produced by resource::decode() (codec.hpp), which also validates them, and turned back into JSON
// by resource::encode(). Plain data: no I/O, no threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace mgmt::resource {

using Labels = std::map<std::string, std::string>;
using AsNumber = std::uint32_t;  // §1.2: 0 … 4294967295; in BGPPeer.asNumber 0 means unset

enum class Kind : std::uint8_t { node, bgp_configuration, bgp_peer, bgp_filter, secret };

// A Go-style duration as the user wrote it ("120s", "2m", "1h30m") and its value.
struct Duration {
  std::string text;
  std::chrono::milliseconds value{0};
  [[nodiscard]] std::uint32_t whole_seconds() const {  // rounded, as confd renders it
    return static_cast<std::uint32_t>((value.count() + 500) / 1000);
  }
  friend bool operator==(const Duration&, const Duration&) = default;
};

struct ObjectMeta {
  std::string name;
  std::string namespace_;  // Secret only; Calico resources are cluster-scoped
  std::string resource_version;
  std::string uid;
  std::string creation_timestamp;
  Labels labels;
  std::map<std::string, std::string> annotations;
  friend bool operator==(const ObjectMeta&, const ObjectMeta&) = default;
};

struct SecretKeyRef {
  std::string name;
  std::string key;
  friend bool operator==(const SecretKeyRef&, const SecretKeyRef&) = default;
};

// ---- Node (§1.3)
// ---------------------------------------------------------------------------------
struct NodeBgp {
  std::optional<AsNumber> as_number;
  std::string ipv4_address;  // "10.0.0.1" or "10.0.0.1/24"
  std::string ipv6_address;
  std::string ipv4_ipip_tunnel_addr;
  std::string route_reflector_cluster_id;  // dotted IPv4; non-empty: this node is a reflector
  friend bool operator==(const NodeBgp&, const NodeBgp&) = default;
};

struct Node {
  ObjectMeta metadata;
  std::optional<NodeBgp> bgp;
  nlohmann::json other_spec = nlohmann::json::object();  // non-BGP spec fields, as given
  nlohmann::json status = nlohmann::json::object();
  friend bool operator==(const Node&, const Node&) = default;
};

// ---- BGPConfiguration (§1.4)
// -----------------------------------------------------------------------
struct Community {
  std::string name;
  std::string value;  // "aa:nn" or "aa:nn:mm"
  friend bool operator==(const Community&, const Community&) = default;
};

struct PrefixAdvertisement {
  std::string cidr;
  std::vector<std::string> communities;  // literal values or names from `communities`
  friend bool operator==(const PrefixAdvertisement&, const PrefixAdvertisement&) = default;
};

struct BgpConfigurationSpec {
  std::string log_severity_screen;                // "" = Info
  std::optional<bool> node_to_node_mesh_enabled;  // unset = true
  std::optional<AsNumber> as_number;              // unset = 64512
  std::vector<std::string> service_cluster_ips;   // CIDRs (JSON: [{cidr: …}])
  std::vector<std::string> service_external_ips;
  std::vector<std::string> service_load_balancer_ips;
  std::string service_load_balancer_aggregation;  // "" = Enabled
  std::vector<Community> communities;
  std::vector<PrefixAdvertisement> prefix_advertisements;
  std::optional<std::uint16_t> listen_port;
  std::optional<SecretKeyRef> node_mesh_password;
  std::optional<Duration> node_mesh_max_restart_time;
  std::string bind_mode;  // "" = None
  std::vector<std::string> ignored_interfaces;
  std::string local_workload_peering_ipv4;
  std::string local_workload_peering_ipv6;
  std::string program_cluster_routes;
  std::optional<std::int32_t> ipv4_normal_route_priority;
  std::optional<std::int32_t> ipv6_normal_route_priority;
  friend bool operator==(const BgpConfigurationSpec&, const BgpConfigurationSpec&) = default;
};

struct BgpConfiguration {
  ObjectMeta metadata;  // "default", "node.<name>", anything else (ignored by peering)
  BgpConfigurationSpec spec;
  friend bool operator==(const BgpConfiguration&, const BgpConfiguration&) = default;
};

// ---- BGPPeer (§1.5)
// ----------------------------------------------------------------------------------
struct BgpPeerSpec {
  std::string node;
  std::string node_selector;
  std::string peer_ip;  // "<v4>", "<v6>", "<v4>:<port>", "[<v6>]:<port>"
  AsNumber as_number = 0;
  std::optional<AsNumber> local_as_number;
  std::string peer_selector;
  bool keep_original_next_hop = false;
  std::string next_hop_mode;  // "", "Auto", "Self", "Keep"
  std::optional<SecretKeyRef> password;
  std::string source_address;  // "" = UseNodeIP; "UseNodeIP", "None"
  std::optional<Duration> max_restart_time;
  std::optional<Duration> keepalive_time;
  std::optional<std::int32_t> num_allowed_local_as_numbers;
  std::optional<std::uint8_t> ttl_security;
  std::string reachable_by;
  std::vector<std::string> filters;
  std::string local_workload_selector;
  std::string reverse_peering;  // "" = Auto; "Auto", "Manual"
  friend bool operator==(const BgpPeerSpec&, const BgpPeerSpec&) = default;
};

struct BgpPeer {
  ObjectMeta metadata;
  BgpPeerSpec spec;
  friend bool operator==(const BgpPeer&, const BgpPeer&) = default;
};

// ---- BGPFilter (§1.6)
// --------------------------------------------------------------------------------
struct BgpFilterRule {
  std::string action;          // "Accept" | "Reject"
  std::string cidr;            // "" = any
  std::string match_operator;  // "Equal", "NotEqual", "In", "NotIn"
  std::optional<std::int32_t> prefix_length_min;
  std::optional<std::int32_t> prefix_length_max;
  std::string source;                    // "" or "RemotePeers"
  std::string interface;                 // "" = any
  std::string peer_type;                 // "", "eBGP", "iBGP"
  std::vector<std::string> communities;  // at most one value
  std::vector<AsNumber> as_path_prefix;
  std::optional<std::int32_t> priority;
  nlohmann::json operations = nlohmann::json::array();  // validated, kept as given
  friend bool operator==(const BgpFilterRule&, const BgpFilterRule&) = default;
};

struct BgpFilterSpec {
  std::vector<BgpFilterRule> export_v4;
  std::vector<BgpFilterRule> import_v4;
  std::vector<BgpFilterRule> export_v6;
  std::vector<BgpFilterRule> import_v6;
  friend bool operator==(const BgpFilterSpec&, const BgpFilterSpec&) = default;
};

struct BgpFilter {
  ObjectMeta metadata;
  BgpFilterSpec spec;
  friend bool operator==(const BgpFilter&, const BgpFilter&) = default;
};

// ---- Secret (apiVersion v1): where BGPPeer.password.secretKeyRef points
// ---------------------------- rrd's inline secret store: the same shape as a Kubernetes Secret
// (`data` base64, `stringData` plain); decode() folds both into `data` (decoded bytes).
struct Secret {
  ObjectMeta metadata;
  std::map<std::string, std::string> data;
  friend bool operator==(const Secret&, const Secret&) = default;
};

using Resource = std::variant<Node, BgpConfiguration, BgpPeer, BgpFilter, Secret>;

}  // namespace mgmt::resource
