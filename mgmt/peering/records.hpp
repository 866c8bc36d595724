// Phase A of the peering computation (calico-bgp-spec.md §2.2, confd `updatePeersV1`): BGPPeers
// expanded into cluster-wide peering records — global records keyed (family, IP, port) and node
// records keyed (node, family, IP, port) — by pass 1 (global BGPPeers), pass 2 (node-specific
// BGPPeers) and pass 3 (automatic reverse peerings). Port 0 and 179 are the same key; global beats
// node-specific and explicit beats reverse; among BGPPeers of one pass the first in name order
// wins (Calico's choice there depends on Go map order). localWorkloadSelector BGPPeers are skipped.
//
// Pure functions over a ClusterState; callable from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mgmt/peering/cluster_state.hpp"
#include "mgmt/peering/ip_address.hpp"
#include "mgmt/resource/types.hpp"

namespace mgmt::peering {

class ClusterView;

enum class RecordScope : std::uint8_t { global, node };

// How the record's peer was found.
enum class RecordSource : std::uint8_t {
  peer_ip,        // BGPPeer.peerIP
  peer_selector,  // one node matched by BGPPeer.peerSelector
  reverse,        // pass 3: the other end of a BGPPeer that selected this node as peer
};

struct PeerRecord {
  RecordScope scope = RecordScope::global;
  std::string node;  // node records: the node that opens the session; "" for global records
  Family family = Family::ipv4;
  std::string ip;          // canonical
  std::uint16_t port = 0;  // 0: default (179)
  resource::AsNumber as_number = 0;
  std::optional<resource::AsNumber> local_as_number;         // peerIP records only
  std::optional<std::int32_t> num_allowed_local_as_numbers;  // peerIP records only
  std::string rr_cluster_id;  // remote node's cluster ID (selector/reverse records), else ""
  bool calico_node = false;   // peerIP record whose IP is a Calico node's address
  RecordSource source = RecordSource::peer_ip;
  std::string origin;  // the BGPPeer's name
  // Attributes carried from the BGPPeer spec.
  std::optional<std::uint8_t> ttl_security;
  std::vector<std::string> filters;
  std::string reachable_by;
  bool keep_original_next_hop = false;
  std::string next_hop_mode;  // "", "Auto", "Self", "Keep"
  std::optional<resource::SecretKeyRef> password;
  std::string source_address;  // "UseNodeIP" or "None"
  std::optional<resource::Duration> max_restart_time;
  std::optional<resource::Duration> keepalive_time;
  friend bool operator==(const PeerRecord&, const PeerRecord&) = default;
};

struct RecordSet {
  std::vector<PeerRecord> records;  // pass 1, then pass 2, then pass 3; each in BGPPeer name order
  std::vector<std::string> warnings;
};

// All records of the cluster.
std::vector<PeerRecord> phase_a(const ClusterState& state);

// The records, with warnings; when `only_node` is given, node records of other nodes are left out
// (the result for that node is the same as in the full computation).
RecordSet compute_records(const ClusterView& view,
                          std::optional<std::string_view> only_node = std::nullopt);

}  // namespace mgmt::peering
