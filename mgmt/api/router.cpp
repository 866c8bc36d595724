#include "mgmt/api/router.hpp"

#include <array>
#include <exception>
#include <utility>

#include "mgmt/api/kube_status.hpp"
#include "mgmt/resource/codec.hpp"

namespace mgmt::api {

namespace {

constexpr std::array kCalicoKinds = {resource::Kind::node, resource::Kind::bgp_configuration,
                                     resource::Kind::bgp_peer, resource::Kind::bgp_filter};

// segments[first] = plural, segments[first + 1] = optional name.
std::optional<ResourceRoute> route_from(const Target& target, std::size_t first,
                                        resource::Kind kind) {
  const auto& segments = target.segments;
  if (segments.size() > first + 2) return std::nullopt;
  ResourceRoute route;
  route.kind = kind;
  if (segments.size() == first + 2) route.name = segments[first + 1];
  return route;
}

}  // namespace

std::optional<ResourceRoute> match_resource_route(const Target& target) {
  const auto& segments = target.segments;
  if (segments.size() >= 4 && segments[0] == "apis" && segments[1] == "projectcalico.org" &&
      segments[2] == "v3") {
    for (const auto kind : kCalicoKinds) {
      if (segments[3] == resource::plural(kind)) return route_from(target, 3, kind);
    }
    return std::nullopt;
  }
  if (segments.size() >= 3 && segments[0] == "api" && segments[1] == "v1") {
    const std::string_view secrets = resource::plural(resource::Kind::secret);
    if (segments[2] == secrets) return route_from(target, 2, resource::Kind::secret);
    if (segments.size() >= 5 && segments[2] == "namespaces" && segments[4] == secrets &&
        is_object_name(segments[3])) {
      auto route = route_from(target, 4, resource::Kind::secret);
      if (route) route->namespace_ = segments[3];
      return route;
    }
  }
  return std::nullopt;
}

Router::Router(store::Store& store, StatusProvider& status, prometheus::Registry& metrics,
               std::string token)
    : auth_(std::move(token)), resources_(store, auth_), status_(status, metrics) {}

Response Router::handle(const Request& request) {
  try {
    return dispatch(request);
  } catch (const std::exception& error) {
    return internal_error(std::string{"internal error: "} + error.what());
  } catch (...) {
    return internal_error("internal error");
  }
}

Response Router::dispatch(const Request& request) {
  auto target = parse_target(request.target);
  if (!target) return bad_request(target.error());
  if (auto route = match_resource_route(*target)) {
    return resources_.handle(request, *route, *target);
  }
  if (auto response = status_.handle(request, *target)) return std::move(*response);
  return path_not_found();
}

}  // namespace mgmt::api
