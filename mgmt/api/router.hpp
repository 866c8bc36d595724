// Maps a request to its handler: /apis/projectcalico.org/v3/<plural>[/<name>] and
// /api/v1[/namespaces/<ns>]/secrets[/<name>] to ResourceHandlers, the operational routes to
// StatusHandlers, anything else to a 404 Status. Never throws: an exception escaping a handler
// becomes a 500 Status.
//
// Owned (shared) by the ApiServer and its HttpSessions; runs on the API's io_context thread.
#pragma once

#include <optional>
#include <string>

#include <prometheus/registry.h>

#include "mgmt/api/auth.hpp"
#include "mgmt/api/request.hpp"
#include "mgmt/api/resource_handlers.hpp"
#include "mgmt/api/status_handlers.hpp"
#include "mgmt/api/status_provider.hpp"
#include "mgmt/store/store.hpp"

namespace mgmt::api {

// The resource route of `target`, or nullopt when it is not a resource path.
[[nodiscard]] std::optional<ResourceRoute> match_resource_route(const Target& target);

class Router {
 public:
  Router(store::Store& store, StatusProvider& status, prometheus::Registry& metrics,
         std::string token);
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  [[nodiscard]] Response handle(const Request& request);

 private:
  Response dispatch(const Request& request);

  Authenticator auth_;
  ResourceHandlers resources_;
  StatusHandlers status_;
};

}  // namespace mgmt::api
