// BGPPeer (calico-bgp-spec.md §1.5): every field, the invalid combinations 1-7, peerIP forms.
#include <string>
#include <utility>

#include "mgmt/resource/kind_codecs.hpp"
#include "mgmt/resource/validators.hpp"

namespace mgmt::resource {
namespace {

constexpr std::int64_t kMaxTtlSecurity = 255;
constexpr std::int64_t kMinInt32 = -2147483648LL;
constexpr std::int64_t kMaxInt32 = 2147483647LL;

void check_selector(ObjectReader& spec, const char* key, const std::string& text,
                    FieldErrors& errors) {
  if (!text.empty()) check(errors, spec.path_of(key), validate::selector(text));
}

// The invalid combinations of §1.5 (CEL rules and Go validator).
void check_combinations(const BgpPeerSpec& s, FieldErrors& errors) {
  if (!s.node.empty() && !s.node_selector.empty()) {
    add_error(errors, "spec.nodeSelector", "cannot be set together with spec.node");
  }
  if (!s.peer_ip.empty() && !s.peer_selector.empty()) {
    add_error(errors, "spec.peerSelector", "cannot be set together with spec.peerIP");
  }
  if (!s.peer_selector.empty() && s.as_number != 0) {
    add_error(errors, "spec.asNumber",
              "must not be set with spec.peerSelector (the AS comes from the selected nodes)");
  }
  if (!s.local_workload_selector.empty()) {
    if (!s.peer_ip.empty()) {
      add_error(errors, "spec.localWorkloadSelector", "cannot be set together with spec.peerIP");
    }
    if (!s.peer_selector.empty()) {
      add_error(errors, "spec.localWorkloadSelector",
                "cannot be set together with spec.peerSelector");
    }
    if (s.as_number == 0) {
      add_error(errors, "spec.asNumber", "required (non-zero) with spec.localWorkloadSelector");
    }
  }
  if (s.keep_original_next_hop && !s.next_hop_mode.empty()) {
    add_error(errors, "spec.keepOriginalNextHop", "cannot be true together with spec.nextHopMode");
  }
}

void check_reachable_by(const BgpPeerSpec& s, FieldErrors& errors) {
  if (s.reachable_by.empty()) return;
  const auto family = validate::ip_family(s.reachable_by);
  if (!family) {
    add_error(errors, "spec.reachableBy", "\"" + s.reachable_by + "\" is not a valid IP address");
    return;
  }
  if (s.peer_ip.empty()) {
    add_error(errors, "spec.reachableBy", "requires spec.peerIP");
    return;
  }
  const auto peer = validate::peer_ip(s.peer_ip);
  if (peer && peer->family != *family) {
    add_error(errors, "spec.reachableBy", "must be of the same IP family as spec.peerIP");
  }
}

}  // namespace

BgpPeer decode_bgp_peer(ObjectReader& root, ObjectMeta metadata, FieldErrors& errors) {
  BgpPeer peer;
  peer.metadata = std::move(metadata);
  const nlohmann::json* spec_value = root.take("spec");
  if (spec_value == nullptr) return peer;
  ObjectReader spec(*spec_value, "spec", errors);
  BgpPeerSpec& s = peer.spec;

  s.node = spec.string("node").value_or("");
  if (!s.node.empty()) check(errors, spec.path_of("node"), validate::resource_name(s.node));
  s.node_selector = spec.string("nodeSelector").value_or("");
  check_selector(spec, "nodeSelector", s.node_selector, errors);
  s.peer_ip = spec.string("peerIP").value_or("");
  if (!s.peer_ip.empty()) {
    if (auto parsed = validate::peer_ip(s.peer_ip); !parsed) spec.error("peerIP", parsed.error());
  }
  s.as_number = spec.as_number("asNumber").value_or(0);
  s.local_as_number = spec.as_number("localASNumber");
  s.peer_selector = spec.string("peerSelector").value_or("");
  check_selector(spec, "peerSelector", s.peer_selector, errors);
  s.keep_original_next_hop = spec.boolean("keepOriginalNextHop").value_or(false);
  s.next_hop_mode = spec.enumeration("nextHopMode", {"Auto", "Self", "Keep"});
  if (const auto* password = spec.take("password")) {
    s.password = decode_secret_key_ref_holder(*password, spec.path_of("password"), errors);
  }
  s.source_address = spec.enumeration("sourceAddress", {"UseNodeIP", "None"});
  s.max_restart_time = spec.duration("maxRestartTime");
  s.keepalive_time = spec.duration("keepaliveTime");
  if (auto n = spec.integer("numAllowedLocalASNumbers", kMinInt32, kMaxInt32)) {
    s.num_allowed_local_as_numbers = static_cast<std::int32_t>(*n);
  }
  if (auto ttl = spec.integer("ttlSecurity", 0, kMaxTtlSecurity)) {
    s.ttl_security = static_cast<std::uint8_t>(*ttl);
  }
  s.reachable_by = spec.string("reachableBy").value_or("");
  s.filters = spec.strings("filters");
  for (std::size_t i = 0; i < s.filters.size(); ++i) {
    check(errors, index_path(spec.path_of("filters"), i), validate::resource_name(s.filters[i]));
  }
  s.local_workload_selector = spec.string("localWorkloadSelector").value_or("");
  check_selector(spec, "localWorkloadSelector", s.local_workload_selector, errors);
  s.reverse_peering = spec.enumeration("reversePeering", {"Auto", "Manual"});
  spec.finish();

  check_combinations(s, errors);
  check_reachable_by(s, errors);
  return peer;
}

void encode_bgp_peer(const BgpPeer& peer, nlohmann::json& out) {
  const BgpPeerSpec& s = peer.spec;
  nlohmann::json spec = nlohmann::json::object();
  const auto text = [&](const char* key, const std::string& value) {
    if (!value.empty()) spec[key] = value;
  };
  text("node", s.node);
  text("nodeSelector", s.node_selector);
  text("peerIP", s.peer_ip);
  if (s.as_number != 0) spec["asNumber"] = s.as_number;
  if (s.local_as_number) spec["localASNumber"] = *s.local_as_number;
  text("peerSelector", s.peer_selector);
  if (s.keep_original_next_hop) spec["keepOriginalNextHop"] = true;
  text("nextHopMode", s.next_hop_mode);
  if (s.password) spec["password"] = encode_secret_key_ref_holder(*s.password);
  text("sourceAddress", s.source_address);
  if (s.max_restart_time) spec["maxRestartTime"] = s.max_restart_time->text;
  if (s.keepalive_time) spec["keepaliveTime"] = s.keepalive_time->text;
  if (s.num_allowed_local_as_numbers) {
    spec["numAllowedLocalASNumbers"] = *s.num_allowed_local_as_numbers;
  }
  if (s.ttl_security) spec["ttlSecurity"] = *s.ttl_security;
  text("reachableBy", s.reachable_by);
  if (!s.filters.empty()) spec["filters"] = s.filters;
  text("localWorkloadSelector", s.local_workload_selector);
  text("reversePeering", s.reverse_peering);
  out["spec"] = std::move(spec);
}

}  // namespace mgmt::resource
