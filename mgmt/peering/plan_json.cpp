#include "mgmt/peering/plan_json.hpp"

#include <string>

namespace mgmt::peering {
namespace {

nlohmann::json family_json(const FamilyPlan& family) {
  return {{"enabled", family.enabled}, {"address", family.address}};
}

}  // namespace

nlohmann::json to_json(const Session& session) {
  nlohmann::json out = {
      {"name", session.name},
      {"family", std::string(family_name(session.family))},
      {"type", std::string(peer_type_name(session.type))},
      {"peerIP", session.peer_ip},
      {"port", session.port},
      {"peerAS", session.peer_as},
      {"localAS", session.local_as},
      {"localASOverridden", session.local_as_overridden},
      {"ibgp", session.ibgp},
      {"passive", session.passive},
      {"rrClient", session.rr_client},
      {"clusterID", session.cluster_id},
      {"peerClusterID", session.peer_cluster_id},
      {"sourceAddress", session.source_address},
      {"nextHop", std::string(next_hop_name(session.next_hop))},
      {"passwordSet", !session.password.empty()},
      {"passwordUnresolved", session.password_unresolved},
      {"allowLocalAS", session.allow_local_as},
      {"filters", session.filters},
      {"origin", session.origin},
      {"calicoNode", session.calico_node},
  };
  if (session.restart_time) out["restartTime"] = *session.restart_time;
  if (session.keepalive_time) out["keepaliveTime"] = *session.keepalive_time;
  if (session.ttl_security) out["ttlSecurity"] = *session.ttl_security;
  return out;
}

nlohmann::json to_json(const Plan& plan) {
  nlohmann::json sessions = nlohmann::json::array();
  for (const auto& session : plan.sessions)
    sessions.push_back(to_json(session));
  nlohmann::json out = {
      {"node", plan.node},
      {"nodeFound", plan.node_found},
      {"localAS", plan.local_as},
      {"routerID", plan.router_id},
      {"clusterID", plan.cluster_id},
      {"meshMember", plan.mesh_member},
      {"listenAddress", plan.listen_address},
      {"logLevel", plan.log_level},
      {"ipv4", family_json(plan.ipv4)},
      {"ipv6", family_json(plan.ipv6)},
      {"sessions", std::move(sessions)},
      {"warnings", plan.warnings},
  };
  if (plan.listen_port) out["listenPort"] = *plan.listen_port;
  return out;
}

}  // namespace mgmt::peering
