#include "mgmt/api/request_metrics.hpp"

#include <string>

namespace mgmt::api {

namespace http = boost::beast::http;

std::string_view method_label(http::verb method) {
  switch (method) {
    case http::verb::get:
    case http::verb::head:
    case http::verb::post:
    case http::verb::put:
    case http::verb::patch:
    case http::verb::delete_:
    case http::verb::options: {
      const auto name = http::to_string(method);
      return {name.data(), name.size()};
    }
    default:
      return "other";
  }
}

RequestMetrics::RequestMetrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("rrd_api_requests_total")
                    .Help("HTTP requests answered by the ops API, by status code and method.")
                    .Register(registry)),
      connections_(prometheus::BuildGauge()
                       .Name("rrd_api_connections")
                       .Help("Open client connections of the ops API.")
                       .Register(registry)
                       .Add({})) {}

void RequestMetrics::count(http::verb method, unsigned status) {
  requests_.Add({{"code", std::to_string(status)}, {"method", std::string{method_label(method)}}})
      .Increment();
}

}  // namespace mgmt::api
