#include "mgmt/peering/records.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "mgmt/peering/cluster_view.hpp"

namespace mgmt::peering {
namespace {

using resource::BgpPeer;

// One peer of a BGPPeer, before it is attached to a scope/node.
struct Entry {
  Family family = Family::ipv4;
  std::string ip;
  std::uint16_t port = 0;
  resource::AsNumber as_number = 0;
  std::optional<resource::AsNumber> local_as_number;
  std::optional<std::int32_t> num_allowed_local_as_numbers;
  std::string rr_cluster_id;
  bool calico_node = false;
  RecordSource source = RecordSource::peer_ip;
};

using GlobalKey = std::tuple<Family, std::string, std::uint16_t>;
using NodeKey = std::tuple<std::string, Family, std::string, std::uint16_t>;

std::string peer_context(const BgpPeer& peer) {
  return "BGPPeer '" + peer.metadata.name + "'";
}

bool is_global(const BgpPeer& peer) {
  return peer.spec.node.empty() && peer.spec.node_selector.empty();
}

// Attributes every record of this BGPPeer carries.
PeerRecord record_from(const BgpPeer& peer, const Entry& entry) {
  PeerRecord record;
  record.family = entry.family;
  record.ip = entry.ip;
  record.port = entry.port;
  record.as_number = entry.as_number;
  record.local_as_number = entry.local_as_number;
  record.num_allowed_local_as_numbers = entry.num_allowed_local_as_numbers;
  record.rr_cluster_id = entry.rr_cluster_id;
  record.calico_node = entry.calico_node;
  record.source = entry.source;
  record.origin = peer.metadata.name;
  const auto& spec = peer.spec;
  record.ttl_security = spec.ttl_security;
  record.filters = spec.filters;
  record.reachable_by = spec.reachable_by;
  record.keep_original_next_hop = spec.keep_original_next_hop;
  record.next_hop_mode = spec.next_hop_mode;
  record.password = spec.password;
  record.source_address = spec.source_address.empty() ? "UseNodeIP" : spec.source_address;
  record.max_restart_time = spec.max_restart_time;
  record.keepalive_time = spec.keepalive_time;
  return record;
}

// A peer entry towards Calico node `node` in `family` (peerSelector and reverse entries).
Entry node_entry(const NodeInfo& node, Family family, RecordSource source) {
  Entry entry;
  entry.family = family;
  entry.ip = node.ip(family);
  entry.as_number = node.local_as;
  entry.port = normalise_port(node.listen_port);
  entry.rr_cluster_id = node.cluster_id;
  entry.source = source;
  return entry;
}

class RecordBuilder {
 public:
  RecordBuilder(const ClusterView& view, std::optional<std::string_view> only_node)
      : view_(view), only_node_(only_node) {
    for (const auto& peer : view.state().peers)
      sorted_.push_back(&peer);
    std::stable_sort(sorted_.begin(), sorted_.end(), [](const BgpPeer* a, const BgpPeer* b) {
      return a->metadata.name < b->metadata.name;
    });
  }

  RecordSet run() {
    std::vector<std::pair<const BgpPeer*, std::vector<Entry>>> expanded;
    for (const auto* peer : sorted_) {
      if (!peer->spec.local_workload_selector.empty()) {
        set_.warnings.push_back(peer_context(*peer) +
                                ": localWorkloadSelector peerings are not supported; ignored");
        continue;
      }
      auto entries = expand(*peer);
      if (!entries) continue;
      expanded.emplace_back(peer, std::move(*entries));
    }
    // Pass 1: global BGPPeers.
    for (const auto& [peer, entries] : expanded) {
      if (!is_global(*peer)) continue;
      for (const auto& entry : entries)
        add_global(*peer, entry);
    }
    // Pass 2: node-specific BGPPeers.
    for (const auto& [peer, entries] : expanded) {
      if (is_global(*peer)) continue;
      const auto local_nodes = local_set(*peer);
      for (const auto& entry : entries) {
        for (const auto& node : local_nodes)
          add_node(*peer, node, entry, false);
      }
    }
    // Pass 3: automatic reverse peerings.
    for (const auto& [peer, entries] : expanded) {
      if (peer->spec.reverse_peering != "Manual") add_reverse(*peer);
    }
    return std::move(set_);
  }

 private:
  // The peers of one BGPPeer; nullopt when the BGPPeer is ignored altogether.
  std::optional<std::vector<Entry>> expand(const BgpPeer& peer) {
    std::vector<Entry> entries;
    const auto& spec = peer.spec;
    if (!spec.peer_selector.empty()) {
      for (const auto* node : view_.matching(spec.peer_selector,
                                             peer_context(peer) + " peerSelector", set_.warnings)) {
        for (const auto family : {Family::ipv4, Family::ipv6}) {
          if (node->ip(family).empty()) continue;
          entries.push_back(node_entry(*node, family, RecordSource::peer_selector));
        }
      }
      return entries;
    }
    if (spec.peer_ip.empty()) {
      set_.warnings.push_back(peer_context(peer) + ": neither peerIP nor peerSelector; ignored");
      return std::nullopt;
    }
    const auto address = parse_peer_address(spec.peer_ip);
    if (!address) {
      set_.warnings.push_back(peer_context(peer) + ": peerIP \"" + spec.peer_ip +
                              "\" does not parse; ignored");
      return std::nullopt;
    }
    if (!spec.reachable_by.empty()) {
      const auto via = parse_ip(spec.reachable_by);
      if (!via || via->family != address->ip.family) {
        set_.warnings.push_back(peer_context(peer) + ": reachableBy \"" + spec.reachable_by +
                                "\" is not an address of the peerIP's family; ignored");
        return std::nullopt;
      }
    }
    Entry entry;
    entry.family = address->ip.family;
    entry.ip = address->ip.text;
    entry.as_number = spec.as_number;
    entry.local_as_number = spec.local_as_number;
    entry.num_allowed_local_as_numbers = spec.num_allowed_local_as_numbers;
    entry.calico_node = view_.is_node_address(entry.ip);
    if (address->port) {
      entry.port = normalise_port(address->port);
    } else if (const auto* node = same_as_node(peer, entry.ip)) {
      entry.port = normalise_port(node->listen_port);
    }
    entries.push_back(std::move(entry));
    return entries;
  }

  [[nodiscard]] resource::AsNumber expected_as(const BgpPeer& peer) const {
    return peer.spec.as_number != 0 ? peer.spec.as_number : view_.global_as();
  }

  // The first Calico node (name order) with this address whose local AS is the BGPPeer's AS.
  [[nodiscard]] const NodeInfo* same_as_node(const BgpPeer& peer, const std::string& ip) const {
    for (const auto& node : view_.nodes()) {
      if ((node.ip4 == ip || node.ip6 == ip) && node.local_as == expected_as(peer)) return &node;
    }
    return nullptr;
  }

  // Pass 2 "local" set: {spec.node} or the nodes matching nodeSelector.
  std::vector<std::string> local_set(const BgpPeer& peer) {
    std::vector<std::string> names;
    if (!peer.spec.node.empty()) {
      names.push_back(peer.spec.node);
      return names;
    }
    for (const auto* node : view_.matching(peer.spec.node_selector,
                                           peer_context(peer) + " nodeSelector", set_.warnings)) {
      names.push_back(node->name);
    }
    return names;
  }

  [[nodiscard]] bool wanted(std::string_view node) const {
    return !only_node_ || *only_node_ == node;
  }

  void add_global(const BgpPeer& peer, const Entry& entry) {
    GlobalKey key{entry.family, entry.ip, entry.port};
    if (const auto it = global_owner_.find(key); it != global_owner_.end()) {
      note_duplicate(peer, it->second, entry);
      return;
    }
    global_owner_.emplace(std::move(key), peer.metadata.name);
    auto record = record_from(peer, entry);
    record.scope = RecordScope::global;
    set_.records.push_back(std::move(record));
  }

  void add_node(const BgpPeer& peer, const std::string& node, const Entry& entry, bool reverse) {
    if (!wanted(node)) return;
    if (global_owner_.contains(GlobalKey{entry.family, entry.ip, entry.port})) return;
    NodeKey key{node, entry.family, entry.ip, entry.port};
    if (const auto it = node_owner_.find(key); it != node_owner_.end()) {
      // Explicit records beat reverse ones silently; equal kinds are reported.
      if (it->second.second == reverse && it->second.first != peer.metadata.name) {
        note_duplicate(peer, it->second.first, entry);
      }
      return;
    }
    node_owner_.emplace(std::move(key), std::make_pair(peer.metadata.name, reverse));
    auto record = record_from(peer, entry);
    record.scope = RecordScope::node;
    record.node = node;
    set_.records.push_back(std::move(record));
  }

  void note_duplicate(const BgpPeer& peer, const std::string& winner, const Entry& entry) {
    if (winner == peer.metadata.name) return;
    set_.warnings.push_back(peer_context(peer) + ": peering with " + entry.ip +
                            (entry.port != 0 ? " port " + std::to_string(entry.port) : "") +
                            " duplicates one from BGPPeer '" + winner + "', which wins");
  }

  // Pass 3: the selected peer nodes open a session back to the BGPPeer's local nodes.
  void add_reverse(const BgpPeer& peer) {
    const auto& spec = peer.spec;
    std::vector<const NodeInfo*> remote;  // R: nodes that get the reverse records
    std::vector<Family> families;
    if (!spec.peer_selector.empty()) {
      remote = view_.matching(spec.peer_selector, peer_context(peer) + " peerSelector", scratch_);
      families = {Family::ipv4, Family::ipv6};
    } else {
      const auto address = parse_peer_address(spec.peer_ip);
      if (!address) return;
      const auto wanted_port = normalise_port(address->port);
      for (const auto& node : view_.nodes()) {
        if (node.ip(address->ip.family) != address->ip.text) continue;
        if (node.local_as != expected_as(peer)) continue;
        if (address->port && normalise_port(node.listen_port) != wanted_port) continue;
        remote.push_back(&node);
      }
      families = {address->ip.family};
    }
    if (remote.empty()) return;
    std::vector<const NodeInfo*> local;  // P: the BGPPeer's own nodes, now the peers
    if (!spec.node.empty()) {
      if (const auto* node = view_.find(spec.node)) local.push_back(node);
    } else if (!spec.node_selector.empty()) {
      local = view_.matching(spec.node_selector, peer_context(peer) + " nodeSelector", scratch_);
    } else {
      for (const auto& node : view_.nodes())
        local.push_back(&node);
    }
    for (const auto* target : local) {
      for (const auto family : families) {
        if (target->ip(family).empty()) continue;
        const auto entry = node_entry(*target, family, RecordSource::reverse);
        for (const auto* node : remote)
          add_node(peer, node->name, entry, true);
      }
    }
  }

  const ClusterView& view_;
  std::optional<std::string_view> only_node_;
  std::vector<const BgpPeer*> sorted_;
  RecordSet set_;
  std::vector<std::string> scratch_;  // selector warnings already reported by passes 1-2
  std::map<GlobalKey, std::string> global_owner_;
  std::map<NodeKey, std::pair<std::string, bool>> node_owner_;  // owner, is reverse
};

}  // namespace

RecordSet compute_records(const ClusterView& view, std::optional<std::string_view> only_node) {
  return RecordBuilder(view, only_node).run();
}

std::vector<PeerRecord> phase_a(const ClusterState& state) {
  const ClusterView view(state);
  return compute_records(view).records;
}

}  // namespace mgmt::peering
