// The read-only operational routes, answered from the running daemon (StatusProvider) and the
// metrics Registry: /status, /status/peers, /rib[/<prefix>], /adj-rib-out/<peer>, /plan?node=,
// /healthz, /readyz and /metrics (Prometheus text format 0.0.4).
//
// Owned by the Router; runs on the API's io_context thread.
#pragma once

#include <optional>

#include <prometheus/registry.h>

#include "mgmt/api/request.hpp"
#include "mgmt/api/status_provider.hpp"
#include "mgmt/api/uri.hpp"

namespace mgmt::api {

class StatusHandlers {
 public:
  StatusHandlers(StatusProvider& status, prometheus::Registry& metrics)
      : status_(status), metrics_(metrics) {}

  // nullopt when the target is not a status route.
  [[nodiscard]] std::optional<Response> handle(const Request& request, const Target& target);

 private:
  Response metrics_text();

  StatusProvider& status_;
  prometheus::Registry& metrics_;
};

}  // namespace mgmt::api
