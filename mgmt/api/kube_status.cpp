#include "mgmt/api/kube_status.hpp"

#include <utility>

namespace mgmt::api {

namespace {

nlohmann::json ref_details(const ObjectRef& ref, bool use_kind) {
  nlohmann::json details = nlohmann::json::object();
  if (!ref.name.empty()) details["name"] = ref.name;
  if (!ref.group.empty()) details["group"] = ref.group;
  details["kind"] = use_kind ? ref.kind : ref.plural;
  return details;
}

}  // namespace

std::string ObjectRef::qualified_plural() const {
  return group.empty() ? plural : plural + "." + group;
}

std::string ObjectRef::qualified_kind() const {
  return group.empty() ? kind : kind + "." + group;
}

ObjectRef object_ref(resource::Kind kind, std::string name) {
  ObjectRef ref;
  ref.plural = std::string{resource::plural(kind)};
  ref.kind = std::string{resource::kind_name(kind)};
  const std::string_view version = resource::api_version(kind);
  if (const auto slash = version.find('/'); slash != std::string_view::npos) {
    ref.group = std::string{version.substr(0, slash)};
  }
  ref.name = std::move(name);
  return ref;
}

Response kube_status(unsigned code, std::string_view reason, std::string message,
                     nlohmann::json details) {
  nlohmann::json body = {
      {"kind", "Status"},
      {"apiVersion", "v1"},
      {"metadata", nlohmann::json::object()},
      {"status", "Failure"},
      {"message", std::move(message)},
      {"reason", reason},
  };
  if (!details.is_null()) body["details"] = std::move(details);
  body["code"] = code;
  return json_response(code, body);
}

Response bad_request(std::string message) {
  return kube_status(400, "BadRequest", std::move(message));
}

Response invalid(const ObjectRef& ref, const resource::FieldErrors& errors) {
  nlohmann::json details = ref_details(ref, true);
  nlohmann::json causes = nlohmann::json::array();
  for (const auto& error : errors) {
    causes.push_back(
        {{"reason", "FieldValueInvalid"}, {"message", error.reason}, {"field", error.field}});
  }
  details["causes"] = std::move(causes);
  std::string message = ref.qualified_kind() + " \"" + ref.name + "\" is invalid";
  if (!errors.empty()) message += ": " + resource::to_string(errors);
  return kube_status(400, "Invalid", std::move(message), std::move(details));
}

Response unauthorized() {
  Response response = kube_status(401, "Unauthorized", "Unauthorized");
  response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"rrd\"");
  return response;
}

Response path_not_found() {
  return kube_status(404, "NotFound", "the server could not find the requested resource",
                     nlohmann::json::object());
}

Response not_found(const ObjectRef& ref) {
  return kube_status(404, "NotFound", ref.qualified_plural() + " \"" + ref.name + "\" not found",
                     ref_details(ref, false));
}

Response method_not_allowed(std::string_view allow) {
  Response response = kube_status(
      405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
  response.headers.emplace_back("Allow", std::string{allow});
  return response;
}

Response already_exists(const ObjectRef& ref) {
  return kube_status(409, "AlreadyExists",
                     ref.qualified_plural() + " \"" + ref.name + "\" already exists",
                     ref_details(ref, false));
}

Response conflict(const ObjectRef& ref, std::string_view why) {
  return kube_status(409, "Conflict",
                     "Operation cannot be fulfilled on " + ref.qualified_plural() + " \"" +
                         ref.name + "\": " + std::string{why},
                     ref_details(ref, false));
}

Response too_large(std::size_t limit) {
  return kube_status(413, "RequestEntityTooLarge",
                     "request body too large (limit " + std::to_string(limit) + " bytes)");
}

Response unsupported_media_type(std::string_view type) {
  return kube_status(415, "UnsupportedMediaType",
                     "the body of the request was in an unknown format: " + std::string{type});
}

Response header_too_large() {
  return kube_status(431, "BadRequest", "request header fields too large");
}

Response unavailable(std::string message) {
  return kube_status(503, "ServiceUnavailable", std::move(message));
}

Response internal_error(std::string message) {
  return kube_status(500, "InternalError", std::move(message));
}

Response from_store_error(const ObjectRef& ref, const store::Error& error) {
  switch (error.code) {
    case store::ErrorCode::not_found:
      return not_found(ref);
    case store::ErrorCode::already_exists:
      return already_exists(ref);
    case store::ErrorCode::conflict:
      return conflict(ref,
                      "the object has been modified; please apply your changes to the latest "
                      "version and try again");
    case store::ErrorCode::invalid:
      return invalid(ref, {resource::FieldError{"metadata", error.message}});
    case store::ErrorCode::unavailable:
      return unavailable("datastore unavailable: " + error.message);
  }
  return internal_error("unknown datastore error: " + error.message);
}

}  // namespace mgmt::api
