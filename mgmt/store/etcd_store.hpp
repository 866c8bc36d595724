// EtcdStore: the datastore in etcd v3, with Calico's key layout and semantics
// (calico-bgp-spec.md §5.1): key <prefix><plural>/<name>, value = the stored JSON without
// metadata.resourceVersion, resourceVersion = the key's mod_revision, list revision = the
// response header revision; create/update/remove are single etcd transactions.
//
// Threads: any thread may call the Store methods (each call is one or two HTTP requests on its
// own connection). A background watch thread keeps one watch on the whole prefix, starting at
// the revision of its initial list + 1, and feeds the store's notifier thread, which calls the
// watchers in revision order. When the watch breaks it reconnects with exponential backoff
// (100 ms .. 5 s) and resumes from the last revision it saw. When etcd has compacted that
// revision the thread re-lists the prefix and emits the difference against its cache of the
// last known state (puts for changed keys, removes at the list revision for vanished keys), so
// watchers converge without missing deletions; intermediate versions are skipped.
//
// etcd down: calls fail with `unavailable` after the connect (or request) deadline; opening
// the store does not require etcd to be up. revision() is the highest etcd revision this store
// has seen (from any response or watch event), 0 before the first successful request.
// Owned by the caller through unique_ptr<Store>; destruction stops both threads.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "mgmt/store/store.hpp"

namespace mgmt::store {

inline constexpr std::string_view kCalicoEtcdPrefix = "/calico/resources/v3/projectcalico.org/";

struct EtcdStoreOptions {
  std::chrono::milliseconds request_timeout{5000};  // connect + request + answer
  std::chrono::milliseconds min_backoff{100};       // watch reconnect backoff
  std::chrono::milliseconds max_backoff{5000};
};

// Endpoints are "http://host:port" URLs (https is not supported). Fails with `invalid` for an
// empty list, a malformed URL or a prefix not ending in "/"; does not contact etcd (the watch
// thread connects in the background and operations report `unavailable` while it is down).
[[nodiscard]] tl::expected<std::unique_ptr<Store>, Error> open_etcd_store(
    const std::vector<std::string>& endpoints, std::string prefix = std::string(kCalicoEtcdPrefix),
    EtcdStoreOptions options = {});

}  // namespace mgmt::store
