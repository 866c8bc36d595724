// rrd's ops API as rrctl uses it: resource CRUD under /apis/projectcalico.org/v3 and /api/v1, and
// the read-only status, RIB and plan endpoints. Turns HTTP responses into JSON values or ApiErrors
// built from the server's Kubernetes Status body (message, reason, code, details.causes). Holds a
// reference to the Transport it was given; used on rrctl's only thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "mgmt/rrctl/http_client.hpp"
#include "mgmt/rrctl/kinds.hpp"

namespace mgmt::rrctl {

struct ApiError {
  struct Cause {
    std::string field;
    std::string message;
  };
  int http_status = 0;  // 0: no response (the server could not be reached)
  std::string reason;   // "NotFound", "AlreadyExists", "Conflict", "Invalid", "Unauthorized", …
  std::string message;
  std::vector<Cause> causes;

  [[nodiscard]] bool unreachable() const { return http_status == 0; }
  [[nodiscard]] bool not_found() const { return reason == "NotFound"; }
  [[nodiscard]] bool already_exists() const { return reason == "AlreadyExists"; }
  [[nodiscard]] bool conflict() const { return reason == "Conflict"; }
  // The message, followed by the causes it does not mention yet.
  [[nodiscard]] std::string to_string() const;
};

template <typename T>
using ApiResult = tl::expected<T, ApiError>;

// Builds the error for a non-2xx response (also used by tests).
[[nodiscard]] ApiError error_from_response(const HttpResponse& response, std::string_view method);

class ApiClient {
 public:
  // `token` is sent as "Authorization: Bearer <token>" when not empty.
  ApiClient(Transport& transport, std::string token);

  ApiResult<nlohmann::json> get(const KindInfo& kind, std::string_view name);
  ApiResult<nlohmann::json> list(const KindInfo& kind);
  ApiResult<nlohmann::json> create(const KindInfo& kind, const nlohmann::json& object);
  ApiResult<nlohmann::json> replace(const KindInfo& kind, std::string_view name,
                                    const nlohmann::json& object);
  // RFC 7386 merge patch.
  ApiResult<nlohmann::json> patch(const KindInfo& kind, std::string_view name,
                                  const nlohmann::json& merge_patch);
  // Conditional on resource_version when it is not empty.
  ApiResult<nlohmann::json> remove(const KindInfo& kind, std::string_view name,
                                   std::string_view resource_version);
  // GET of any other endpoint ("/status/peers", "/rib/10.0.0.0/24", "/plan?node=n1").
  ApiResult<nlohmann::json> get_path(std::string_view target);

  [[nodiscard]] bool has_token() const { return !token_.empty(); }

 private:
  ApiResult<nlohmann::json> call(std::string_view method, std::string target,
                                 const nlohmann::json* body, std::string_view content_type);

  Transport& transport_;
  std::string token_;
};

}  // namespace mgmt::rrctl
