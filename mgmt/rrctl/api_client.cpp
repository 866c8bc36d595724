#include "mgmt/rrctl/api_client.hpp"

namespace mgmt::rrctl {
namespace {

using nlohmann::json;

std::string reason_for_status(int status, std::string_view method) {
  switch (status) {
    case 400:
      return "BadRequest";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 405:
      return "MethodNotAllowed";
    case 409:
      return method == "POST" ? "AlreadyExists" : "Conflict";
    case 415:
      return "UnsupportedMediaType";
    case 422:
      return "Invalid";
    case 503:
      return "ServiceUnavailable";
    default:
      return status >= 500 ? "InternalError" : "Unknown";
  }
}

std::string string_field(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string excerpt(std::string_view body) {
  constexpr std::size_t kMax = 200;
  std::string out(body.substr(0, kMax));
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == ' ')) {
    out.pop_back();
  }
  if (body.size() > kMax) out += "...";
  return out;
}

}  // namespace

std::string ApiError::to_string() const {
  std::string out = message;
  if (out.empty()) {
    out = reason.empty() ? "error" : reason;
    if (http_status != 0) out += " (HTTP " + std::to_string(http_status) + ")";
  }
  std::string extra;
  for (const Cause& cause : causes) {
    if (!cause.message.empty() && out.find(cause.message) != std::string::npos) continue;
    if (!extra.empty()) extra += "; ";
    extra += cause.field.empty() ? cause.message : cause.field + ": " + cause.message;
  }
  if (!extra.empty()) out += ": " + extra;
  return out;
}

ApiError error_from_response(const HttpResponse& response, std::string_view method) {
  ApiError error;
  error.http_status = response.status;
  const json body = json::parse(response.body, nullptr, false);
  if (body.is_object()) {
    error.reason = string_field(body, "reason");
    error.message = string_field(body, "message");
    const auto details = body.find("details");
    if (details != body.end() && details->is_object()) {
      const auto causes = details->find("causes");
      if (causes != details->end() && causes->is_array()) {
        for (const json& cause : *causes) {
          if (!cause.is_object()) continue;
          error.causes.push_back({string_field(cause, "field"), string_field(cause, "message")});
        }
      }
    }
  } else if (!response.body.empty()) {
    error.message =
        "server returned HTTP " + std::to_string(response.status) + ": " + excerpt(response.body);
  }
  if (error.reason.empty()) error.reason = reason_for_status(response.status, method);
  return error;
}

ApiClient::ApiClient(Transport& transport, std::string token)
    : transport_(transport), token_(std::move(token)) {}

ApiResult<json> ApiClient::call(std::string_view method, std::string target, const json* body,
                                std::string_view content_type) {
  HttpRequest request;
  request.method = std::string(method);
  request.target = std::move(target);
  if (body != nullptr) {
    request.body = body->dump();
    request.content_type = std::string(content_type);
  }
  if (!token_.empty()) request.authorization = "Bearer " + token_;

  auto response = transport_.send(request);
  if (!response) {
    ApiError error;
    error.reason = "Unreachable";
    error.message = response.error();
    return tl::unexpected(std::move(error));
  }
  if (response->status < 200 || response->status >= 300) {
    ApiError error = error_from_response(*response, method);
    if (response->status == 401 && token_.empty()) {
      error.message += (error.message.empty() ? "" : " ");
      error.message += "(no API token given: use --token-file, --token or RRCTL_TOKEN)";
    }
    return tl::unexpected(std::move(error));
  }
  if (response->body.empty()) return json::object();
  json value = json::parse(response->body, nullptr, false);
  if (value.is_discarded()) {
    ApiError error;
    error.http_status = response->status;
    error.reason = "InvalidResponse";
    error.message = "the server's response is not JSON: " + excerpt(response->body);
    return tl::unexpected(std::move(error));
  }
  return value;
}

ApiResult<json> ApiClient::get(const KindInfo& kind, std::string_view name) {
  return call("GET", kind.path(name), nullptr, {});
}

ApiResult<json> ApiClient::list(const KindInfo& kind) {
  return call("GET", kind.path(), nullptr, {});
}

ApiResult<json> ApiClient::create(const KindInfo& kind, const json& object) {
  return call("POST", kind.path(), &object, "application/json");
}

ApiResult<json> ApiClient::replace(const KindInfo& kind, std::string_view name,
                                   const json& object) {
  return call("PUT", kind.path(name), &object, "application/json");
}

ApiResult<json> ApiClient::patch(const KindInfo& kind, std::string_view name,
                                 const json& merge_patch) {
  return call("PATCH", kind.path(name), &merge_patch, "application/merge-patch+json");
}

ApiResult<json> ApiClient::remove(const KindInfo& kind, std::string_view name,
                                  std::string_view resource_version) {
  std::string target = kind.path(name);
  if (!resource_version.empty()) target += "?resourceVersion=" + url_escape(resource_version);
  return call("DELETE", std::move(target), nullptr, {});
}

ApiResult<json> ApiClient::get_path(std::string_view target) {
  return call("GET", std::string(target), nullptr, {});
}

}  // namespace mgmt::rrctl
