// The API's own metrics, registered in the daemon's prometheus Registry:
//   rrd_api_requests_total{code,method}  requests answered, by HTTP status and method
//   rrd_api_connections                   open client connections
// Owned (shared) by the ApiServer and its HttpSessions; prometheus-cpp metrics are thread-safe.
#pragma once

#include <string_view>

#include <boost/beast/http/verb.hpp>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

namespace mgmt::api {

class RequestMetrics {
 public:
  explicit RequestMetrics(prometheus::Registry& registry);

  void count(boost::beast::http::verb method, unsigned status);
  void connection_opened() { connections_.Increment(); }
  void connection_closed() { connections_.Decrement(); }

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Gauge& connections_;
};

// A bounded label value for a method: "GET", "POST", …, "other".
[[nodiscard]] std::string_view method_label(boost::beast::http::verb method);

}  // namespace mgmt::api
