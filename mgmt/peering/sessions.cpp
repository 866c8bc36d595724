#include "mgmt/peering/sessions.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

#include "mgmt/peering/cluster_view.hpp"
#include "mgmt/peering/records.hpp"
#include "mgmt/peering/session_name.hpp"

namespace mgmt::peering {
namespace {

constexpr std::string_view kMeshOrigin = "node-to-node mesh";

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out;
}

// §1.4 logSeverityScreen → BIRD debug level: node.<X> value, else default's, else Info.
std::string log_level(const ClusterView& view, std::string_view node) {
  std::string severity;
  if (const auto* own = view.node_config(node); own != nullptr) {
    severity = own->spec.log_severity_screen;
  }
  if (severity.empty() && view.default_config() != nullptr) {
    severity = view.default_config()->spec.log_severity_screen;
  }
  const auto level = lower(severity);
  if (level == "debug") return "debug";
  if (level.empty() || level == "info") return "info";
  return "none";
}

class SessionBuilder {
 public:
  SessionBuilder(const ClusterView& view, const NodeInfo& self, Plan& plan)
      : view_(view), self_(self), plan_(plan) {}

  void add_mesh(Family family) {
    const auto& own_ip = self_.ip(family);
    const auto* config = view_.default_config();
    for (const auto& node : view_.nodes()) {
      const auto& ip = node.ip(family);
      if (node.name == self_.name || ip.empty() || ip == own_ip || !node.cluster_id.empty()) {
        continue;
      }
      Session session;
      session.type = PeerType::mesh;
      session.family = family;
      session.peer_ip = ip;
      session.port = normalise_port(node.listen_port);
      session.peer_as = node.asn.value_or(self_.local_as);
      session.local_as = self_.local_as;
      session.ibgp = session.peer_as == session.local_as;
      session.passive = ip > own_ip;
      session.source_address = own_ip;
      session.origin = kMeshOrigin;
      session.calico_node = true;
      if (config != nullptr) {
        if (config->spec.node_mesh_password) {
          resolve_password(session, *config->spec.node_mesh_password, "nodeMeshPassword");
        }
        if (config->spec.node_mesh_max_restart_time) {
          session.restart_time = config->spec.node_mesh_max_restart_time->whole_seconds();
        }
      }
      push(std::move(session));
    }
  }

  void add_record(const PeerRecord& record) {
    const auto& own_ip = self_.ip(record.family);
    if (record.ip == own_ip) return;  // self-exclusion
    Session session;
    session.type = record.scope == RecordScope::global ? PeerType::global : PeerType::node;
    session.family = record.family;
    session.peer_ip = record.ip;
    session.port = record.port;
    session.peer_as = record.as_number;
    session.local_as_overridden = record.local_as_number.has_value();
    session.local_as = record.local_as_number.value_or(self_.local_as);
    session.ibgp = session.peer_as == session.local_as;
    session.peer_cluster_id = record.rr_cluster_id;
    session.rr_client =
        session.ibgp && !self_.cluster_id.empty() && record.rr_cluster_id != self_.cluster_id;
    if (session.rr_client) session.cluster_id = self_.cluster_id;
    if (record.source_address != "None") session.source_address = own_ip;
    session.next_hop = next_hop(record, session.ibgp);
    session.passive = session.type == PeerType::global && record.calico_node && record.ip > own_ip;
    if (record.password) resolve_password(session, *record.password, "password");
    if (record.max_restart_time) session.restart_time = record.max_restart_time->whole_seconds();
    if (record.keepalive_time) session.keepalive_time = record.keepalive_time->whole_seconds();
    if (record.ttl_security && *record.ttl_security > 0) session.ttl_security = record.ttl_security;
    if (record.num_allowed_local_as_numbers && *record.num_allowed_local_as_numbers > 0) {
      session.allow_local_as = static_cast<std::uint32_t>(*record.num_allowed_local_as_numbers);
    }
    session.filters = record.filters;
    for (const auto& filter : record.filters) {
      if (!view_.filter_exists(filter)) {
        plan_.warnings.push_back("BGPPeer '" + record.origin + "': BGPFilter '" + filter +
                                 "' does not exist");
      }
    }
    session.origin = record.origin;
    session.calico_node = view_.is_node_address(record.ip);
    push(std::move(session));
  }

  // Sorts each family by name and drops later sessions with a name already taken.
  void finish() {
    auto& sessions = plan_.sessions;
    std::stable_sort(sessions.begin(), sessions.end(), [](const Session& a, const Session& b) {
      return std::tie(a.family, a.name) < std::tie(b.family, b.name);
    });
    std::vector<Session> unique;
    unique.reserve(sessions.size());
    for (auto& session : sessions) {
      if (!unique.empty() && unique.back().family == session.family &&
          unique.back().name == session.name) {
        plan_.warnings.push_back("duplicate session " + session.name + " (from " + session.origin +
                                 "); the one from " + unique.back().origin + " is kept");
        continue;
      }
      unique.push_back(std::move(session));
    }
    sessions = std::move(unique);
  }

 private:
  static NextHop next_hop(const PeerRecord& record, bool ibgp) {
    if (record.next_hop_mode == "Self") return NextHop::self;
    if (record.next_hop_mode == "Keep") return NextHop::keep;
    if (record.next_hop_mode.empty() && record.keep_original_next_hop && !ibgp) {
      return NextHop::keep;  // keepOriginalNextHop only changes eBGP sessions (§2.5)
    }
    return NextHop::automatic;
  }

  void resolve_password(Session& session, const resource::SecretKeyRef& ref,
                        std::string_view field) {
    if (auto value = view_.resolve(ref)) {
      session.password = std::move(*value);
      return;
    }
    session.password_unresolved = true;
    plan_.warnings.push_back(std::string(field) + " of " + session.origin + " (session to " +
                             session.peer_ip + "): secret '" + ref.name + "' key '" + ref.key +
                             "' not found; configured without a password");
  }

  void push(Session session) {
    session.name = session_name(session.type, session.peer_ip, session.port);
    plan_.sessions.push_back(std::move(session));
  }

  const ClusterView& view_;
  const NodeInfo& self_;
  Plan& plan_;
};

void fill_node_settings(const ClusterView& view, const NodeInfo& self, Plan& plan) {
  plan.local_as = self.local_as;
  plan.router_id = self.ip4;
  plan.cluster_id = self.cluster_id;
  plan.mesh_member = view.mesh_on() && self.cluster_id.empty();
  plan.listen_port = self.listen_port;
  if (view.default_config() != nullptr && view.default_config()->spec.bind_mode == "NodeIP") {
    plan.listen_address = !self.ip4.empty() ? self.ip4 : self.ip6;
  }
  plan.ipv4 = FamilyPlan{!self.ip4.empty(), self.ip4};
  plan.ipv6 = FamilyPlan{!self.ip6.empty(), self.ip6};
}

void note_ignored_configurations(const ClusterState& state, Plan& plan) {
  for (const auto& config : state.configurations) {
    const auto& name = config.metadata.name;
    if (name != "default" && !name.starts_with("node.")) {
      plan.warnings.push_back("BGPConfiguration '" + name +
                              "' is neither 'default' nor 'node.<name>'; ignored");
    }
  }
}

void remove_duplicate_warnings(Plan& plan) {
  std::vector<std::string> unique;
  for (auto& warning : plan.warnings) {
    if (std::find(unique.begin(), unique.end(), warning) == unique.end()) {
      unique.push_back(std::move(warning));
    }
  }
  plan.warnings = std::move(unique);
}

}  // namespace

Plan plan_for(const ClusterState& state, std::string_view node_name) {
  const ClusterView view(state);
  Plan plan;
  plan.node = std::string(node_name);
  plan.local_as = view.global_as();
  plan.log_level = log_level(view, node_name);
  note_ignored_configurations(state, plan);
  const auto* self = view.find(node_name);
  if (self == nullptr) {
    plan.warnings.push_back("node '" + plan.node + "' does not exist; no sessions");
    return plan;
  }
  plan.node_found = true;
  fill_node_settings(view, *self, plan);

  auto records = compute_records(view, node_name);
  for (auto& warning : records.warnings)
    plan.warnings.push_back(std::move(warning));

  SessionBuilder builder(view, *self, plan);
  for (const auto family : {Family::ipv4, Family::ipv6}) {
    if (self->ip(family).empty()) continue;  // family disabled on this node
    if (plan.mesh_member) builder.add_mesh(family);
    for (const auto& record : records.records) {
      if (record.family != family) continue;
      if (record.scope == RecordScope::global) builder.add_record(record);
    }
    for (const auto& record : records.records) {
      if (record.family != family) continue;
      if (record.scope == RecordScope::node && record.node == node_name) builder.add_record(record);
    }
  }
  builder.finish();
  remove_duplicate_warnings(plan);
  return plan;
}

}  // namespace mgmt::peering
