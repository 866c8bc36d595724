// CRUD of Calico resources and rrd's inline Secrets over the datastore, with Calico's client
// semantics (calico-bgp-spec.md §1.1, §1.3, §5.1, §5.2): decode + validate every write, BGPPeer
// filter references must exist, resourceVersion preconditions, RFC 7386 merge patch, and the Node
// delete cascade (its BGPPeers and BGPConfiguration node.<name>).
//
// Owned by the Router; runs on the API's io_context thread and calls the Store synchronously.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "mgmt/api/auth.hpp"
#include "mgmt/api/request.hpp"
#include "mgmt/api/uri.hpp"
#include "mgmt/resource/types.hpp"
#include "mgmt/store/store.hpp"

namespace mgmt::api {

// Which resource a request addresses: the collection (name "") or one object.
struct ResourceRoute {
  resource::Kind kind = resource::Kind::node;
  std::string name;
  std::string namespace_;  // Secret URLs under /api/v1/namespaces/<ns>/; "" otherwise
};

class ResourceHandlers {
 public:
  ResourceHandlers(store::Store& store, const Authenticator& auth) : store_(store), auth_(auth) {}

  [[nodiscard]] Response handle(const Request& request, const ResourceRoute& route,
                                const Target& target);

 private:
  Response list(const ResourceRoute& route);
  Response get(const ResourceRoute& route);
  Response create(const Request& request, const ResourceRoute& route);
  Response replace(const Request& request, const ResourceRoute& route);
  Response patch(const Request& request, const ResourceRoute& route);
  Response remove(const Request& request, const ResourceRoute& route, const Target& target);

  struct Prepared {
    resource::Resource resource;
    nlohmann::json value;  // encoded, without metadata.resourceVersion: what the store keeps
  };
  // Decodes, validates and reference-checks `object` (already parsed, kind checked).
  [[nodiscard]] tl::expected<Prepared, Response> prepare(nlohmann::json object,
                                                         const ResourceRoute& route);
  // BGPPeer spec.filters must name existing BGPFilters.
  [[nodiscard]] std::optional<Response> check_references(const resource::Resource& resource);
  // Calico's Node delete cascade (§1.3); an error response when a step failed.
  [[nodiscard]] std::optional<Response> cascade_node_delete(const std::string& node);

  store::Store& store_;
  const Authenticator& auth_;
};

}  // namespace mgmt::api
