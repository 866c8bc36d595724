#include "mgmt/api/status_handlers.hpp"

#include <sstream>
#include <string_view>

#include <prometheus/text_serializer.h>

#include "mgmt/api/kube_status.hpp"

namespace mgmt::api {

namespace {

constexpr std::string_view kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace

std::optional<Response> StatusHandlers::handle(const Request& request, const Target& target) {
  const auto& segments = target.segments;
  if (segments.empty()) return std::nullopt;
  const std::string& route = segments.front();
  const std::size_t count = segments.size();
  const bool known =
      ((route == "status") && (count == 1 || (count == 2 && segments[1] == "peers"))) ||
      route == "rib" || (route == "adj-rib-out" && count >= 2) ||
      ((route == "plan" || route == "healthz" || route == "readyz" || route == "metrics") &&
       count == 1);
  if (!known) return std::nullopt;
  if (request.method != boost::beast::http::verb::get) return method_not_allowed("GET");

  if (route == "status") return json_response(200, count == 1 ? status_.status() : status_.peers());
  if (route == "rib") return json_response(200, status_.rib(join_segments(target, 1)));
  if (route == "adj-rib-out") {
    const std::string peer = join_segments(target, 1);
    auto answer = status_.adj_rib_out(peer);
    if (!answer) {
      return kube_status(404, "NotFound", "no BGP session named \"" + peer + "\"",
                         {{"name", peer}, {"kind", "sessions"}});
    }
    return json_response(200, *answer);
  }
  if (route == "plan") {
    const std::string node = target.param("node");
    if (node.empty()) return bad_request("query parameter \"node\" is required");
    auto plan = status_.plan(node);
    if (!plan) {
      return kube_status(404, "NotFound", plan.error(), {{"name", node}, {"kind", "nodes"}});
    }
    return json_response(200, *plan);
  }
  if (route == "healthz") {
    return status_.live() ? text_response(200, "ok\n") : text_response(503, "not live\n");
  }
  if (route == "readyz") {
    return status_.ready() ? text_response(200, "ok\n") : text_response(503, "not ready\n");
  }
  return metrics_text();
}

Response StatusHandlers::metrics_text() {
  std::ostringstream out;
  prometheus::TextSerializer{}.Serialize(out, metrics_.Collect());
  return text_response(200, out.str(), std::string{kMetricsContentType});
}

}  // namespace mgmt::api
