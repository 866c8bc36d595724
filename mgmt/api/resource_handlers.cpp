#include "mgmt/api/resource_handlers.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "mgmt/api/kube_status.hpp"
#include "mgmt/api/merge_patch.hpp"
#include "mgmt/resource/codec.hpp"

namespace mgmt::api {

namespace http = boost::beast::http;

namespace {

constexpr std::size_t kMaxJsonDepth = 64;

// Deepest nesting of arrays/objects in a JSON text, not counting brackets inside strings. Bounds
// the recursion of everything that later walks the parsed value (merge patch, codec, dump).
std::size_t json_text_depth(std::string_view text) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

tl::expected<nlohmann::json, Response> parse_json(std::string_view text) {
  if (json_text_depth(text) > kMaxJsonDepth) {
    return tl::make_unexpected(
        bad_request("request body nests deeper than " + std::to_string(kMaxJsonDepth) + " levels"));
  }
  auto value = nlohmann::json::parse(text, nullptr, false);
  if (value.is_discarded())
    return tl::make_unexpected(bad_request("request body is not valid JSON"));
  return value;
}

tl::expected<nlohmann::json, Response> parse_object_body(const Request& request) {
  if (request.body.empty()) return tl::make_unexpected(bad_request("request body is empty"));
  auto value = parse_json(request.body);
  if (value && !value->is_object()) {
    return tl::make_unexpected(bad_request("request body must be a JSON object"));
  }
  return value;
}

std::string string_member(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::string metadata_string(const nlohmann::json& object, const char* key) {
  const auto it = object.find("metadata");
  return it != object.end() && it->is_object() ? string_member(*it, key) : std::string{};
}

// Fills kind/apiVersion from the URL when absent; a different one is a 400.
std::optional<Response> check_kind(nlohmann::json& object, resource::Kind kind) {
  const std::string_view kind_text = resource::kind_name(kind);
  const std::string_view version = resource::api_version(kind);
  const auto check = [&object](const char* key,
                               std::string_view wanted) -> std::optional<Response> {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
      object[key] = wanted;
      return std::nullopt;
    }
    if (!it->is_string() || it->get_ref<const std::string&>() != wanted) {
      return bad_request(std::string{key} + " " + it->dump() + " does not match the URL, which " +
                         "addresses " + std::string{wanted});
    }
    return std::nullopt;
  };
  if (auto error = check("kind", kind_text)) return error;
  return check("apiVersion", version);
}

// metadata.<key> must equal `wanted`; filled in when absent.
std::optional<Response> check_metadata(nlohmann::json& object, const char* key,
                                       const std::string& wanted, std::string_view what) {
  auto& metadata = object["metadata"];
  if (metadata.is_null()) metadata = nlohmann::json::object();
  if (!metadata.is_object()) return bad_request("metadata must be an object");
  auto it = metadata.find(key);
  if (it == metadata.end() || it->is_null() ||
      (it->is_string() && it->get_ref<const std::string&>().empty())) {
    metadata[key] = wanted;
    return std::nullopt;
  }
  if (!it->is_string() || it->get_ref<const std::string&>() != wanted) {
    return bad_request("the " + std::string{what} + " of the object (" + it->dump() +
                       ") does not match the " + std::string{what} + " on the URL (" + wanted +
                       ")");
  }
  return std::nullopt;
}

bool is_patch_content_type(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  content_type = content_type.substr(0, semicolon);
  while (!content_type.empty() && content_type.back() == ' ')
    content_type.remove_suffix(1);
  std::string lower;
  for (const char c : content_type)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return lower.empty() || lower == "application/merge-patch+json" ||
         lower == "application/strategic-merge-patch+json" || lower == "application/json";
}

}  // namespace

Response ResourceHandlers::handle(const Request& request, const ResourceRoute& route,
                                  const Target& target) {
  const bool is_secret = route.kind == resource::Kind::secret;
  const bool collection = route.name.empty();
  const char* allow = collection ? "GET, POST" : "GET, PUT, PATCH, DELETE";
  const bool mutation = request.method != http::verb::get;
  switch (request.method) {
    case http::verb::get:
      break;
    case http::verb::post:
      if (!collection) return method_not_allowed(allow);
      break;
    case http::verb::put:
    case http::verb::patch:
    case http::verb::delete_:
      if (collection) return method_not_allowed(allow);
      break;
    default:
      return method_not_allowed(allow);
  }
  if ((mutation || is_secret) && !auth_.authorize(request.authorization)) return unauthorized();
  if (!collection && !is_object_name(route.name)) {
    return not_found(object_ref(route.kind, route.name));
  }
  switch (request.method) {
    case http::verb::get:
      return collection ? list(route) : get(route);
    case http::verb::post:
      return create(request, route);
    case http::verb::put:
      return replace(request, route);
    case http::verb::patch:
      return patch(request, route);
    default:
      return remove(request, route, target);
  }
}

Response ResourceHandlers::list(const ResourceRoute& route) {
  auto listed = store_.list(resource::plural(route.kind));
  if (!listed) return from_store_error(object_ref(route.kind, ""), listed.error());
  nlohmann::json items = nlohmann::json::array();
  for (auto& object : listed->items)
    items.push_back(std::move(object.value));
  return json_response(200, {{"apiVersion", resource::api_version(route.kind)},
                             {"kind", std::string{resource::kind_name(route.kind)} + "List"},
                             {"metadata", {{"resourceVersion", std::to_string(listed->revision)}}},
                             {"items", std::move(items)}});
}

Response ResourceHandlers::get(const ResourceRoute& route) {
  auto object = store_.get(resource::plural(route.kind), route.name);
  if (!object) return from_store_error(object_ref(route.kind, route.name), object.error());
  return json_response(200, object->value);
}

tl::expected<ResourceHandlers::Prepared, Response> ResourceHandlers::prepare(
    nlohmann::json object, const ResourceRoute& route) {
  if (!route.namespace_.empty()) {
    if (auto error = check_metadata(object, "namespace", route.namespace_, "namespace")) {
      return tl::make_unexpected(std::move(*error));
    }
  }
  auto decoded = resource::decode(object);
  if (!decoded) {
    return tl::make_unexpected(
        invalid(object_ref(route.kind, metadata_string(object, "name")), decoded.error()));
  }
  if (resource::kind_of(*decoded) != route.kind) {
    return tl::make_unexpected(bad_request("kind does not match the URL"));
  }
  if (auto error = check_references(*decoded)) return tl::make_unexpected(std::move(*error));
  Prepared prepared{std::move(*decoded), nlohmann::json{}};
  prepared.value = resource::encode(prepared.resource);
  if (auto it = prepared.value.find("metadata"); it != prepared.value.end() && it->is_object()) {
    it->erase("resourceVersion");
  }
  return prepared;
}

std::optional<Response> ResourceHandlers::check_references(const resource::Resource& resource) {
  std::vector<std::string> missing;
  for (const auto& filter : resource::referenced_filters(resource)) {
    auto found = store_.get(resource::plural(resource::Kind::bgp_filter), filter);
    if (found) continue;
    if (found.error().code != store::ErrorCode::not_found) {
      return from_store_error(object_ref(resource::Kind::bgp_filter, filter), found.error());
    }
    missing.push_back(filter);
  }
  if (missing.empty()) return std::nullopt;
  std::string names;
  for (const auto& name : missing)
    names += (names.empty() ? "" : ", ") + name;
  const auto& meta = resource::metadata_of(resource);
  ObjectRef ref = object_ref(resource::kind_of(resource), meta.name);
  return kube_status(400, "Invalid", "BGPFilter(s) not found: " + names,
                     {{"name", ref.name},
                      {"group", ref.group},
                      {"kind", ref.kind},
                      {"causes",
                       {{{"reason", "FieldValueInvalid"},
                         {"message", "BGPFilter(s) not found: " + names},
                         {"field", "spec.filters"}}}}});
}

Response ResourceHandlers::create(const Request& request, const ResourceRoute& route) {
  auto body = parse_object_body(request);
  if (!body) return std::move(body.error());
  if (auto error = check_kind(*body, route.kind)) return std::move(*error);
  const std::string name = metadata_string(*body, "name");
  if (!metadata_string(*body, "resourceVersion").empty()) {
    return invalid(object_ref(route.kind, name),
                   {{"metadata.resourceVersion", "must be empty on create"}});
  }
  auto prepared = prepare(std::move(*body), route);
  if (!prepared) return std::move(prepared.error());
  // uid and creationTimestamp are the server's to assign (§1.1).
  if (auto it = prepared->value.find("metadata"); it != prepared->value.end()) {
    it->erase("uid");
    it->erase("creationTimestamp");
  }
  const auto& meta = resource::metadata_of(prepared->resource);
  auto created = store_.create(resource::plural(route.kind), meta.name, std::move(prepared->value));
  if (!created) return from_store_error(object_ref(route.kind, meta.name), created.error());
  return json_response(201, created->value);
}

Response ResourceHandlers::replace(const Request& request, const ResourceRoute& route) {
  auto body = parse_object_body(request);
  if (!body) return std::move(body.error());
  if (auto error = check_kind(*body, route.kind)) return std::move(*error);
  if (auto error = check_metadata(*body, "name", route.name, "name")) return std::move(*error);
  const std::string expected_version = metadata_string(*body, "resourceVersion");
  auto prepared = prepare(std::move(*body), route);
  if (!prepared) return std::move(prepared.error());
  auto updated = store_.update(resource::plural(route.kind), route.name, std::move(prepared->value),
                               expected_version);
  if (!updated) return from_store_error(object_ref(route.kind, route.name), updated.error());
  return json_response(200, updated->value);
}

Response ResourceHandlers::patch(const Request& request, const ResourceRoute& route) {
  if (!is_patch_content_type(request.content_type)) {
    return unsupported_media_type(request.content_type);
  }
  if (request.body.empty()) return bad_request("request body is empty");
  auto patch_document = parse_json(request.body);
  if (!patch_document) return std::move(patch_document.error());
  const ObjectRef ref = object_ref(route.kind, route.name);
  auto current = store_.get(resource::plural(route.kind), route.name);
  if (!current) return from_store_error(ref, current.error());
  const std::string fetched_version = metadata_string(current->value, "resourceVersion").empty()
                                          ? std::to_string(current->revision)
                                          : metadata_string(current->value, "resourceVersion");
  nlohmann::json patched = apply_merge_patch(std::move(current->value), *patch_document);
  if (!patched.is_object()) return bad_request("the patched object is not a JSON object");
  if (auto error = check_kind(patched, route.kind)) return std::move(*error);
  if (auto error = check_metadata(patched, "name", route.name, "name")) return std::move(*error);
  // A resourceVersion set by the patch is the caller's precondition; otherwise the fetched one,
  // so a concurrent change between our get and update is a conflict (calicoctl patch).
  std::string expected_version = metadata_string(patched, "resourceVersion");
  if (expected_version.empty()) expected_version = fetched_version;
  auto prepared = prepare(std::move(patched), route);
  if (!prepared) return std::move(prepared.error());
  auto updated = store_.update(resource::plural(route.kind), route.name, std::move(prepared->value),
                               expected_version);
  if (!updated) return from_store_error(ref, updated.error());
  return json_response(200, updated->value);
}

Response ResourceHandlers::remove(const Request& request, const ResourceRoute& route,
                                  const Target& target) {
  std::string expected_version = target.param("resourceVersion");
  if (!request.body.empty()) {
    auto options = parse_json(request.body);
    if (!options) return std::move(options.error());
    if (!options->is_object()) return bad_request("DeleteOptions must be a JSON object");
    const auto preconditions = options->find("preconditions");
    if (preconditions != options->end() && preconditions->is_object()) {
      const std::string version = string_member(*preconditions, "resourceVersion");
      if (!version.empty()) expected_version = version;
    } else if (preconditions != options->end() && !preconditions->is_null()) {
      return bad_request("DeleteOptions.preconditions must be an object");
    }
  }
  const ObjectRef ref = object_ref(route.kind, route.name);
  auto removed = store_.remove(resource::plural(route.kind), route.name, expected_version);
  if (!removed) return from_store_error(ref, removed.error());
  if (route.kind == resource::Kind::node) {
    if (auto error = cascade_node_delete(route.name)) return std::move(*error);
  }
  return json_response(200, removed->value);
}

std::optional<Response> ResourceHandlers::cascade_node_delete(const std::string& node) {
  const auto fail = [&node](const store::Error& error) {
    return unavailable("node \"" + node +
                       "\" deleted, but deleting its BGP resources failed: " + error.message);
  };
  const std::string_view peers = resource::plural(resource::Kind::bgp_peer);
  auto listed = store_.list(peers);
  if (!listed) return fail(listed.error());
  for (const auto& peer : listed->items) {
    const auto spec = peer.value.find("spec");
    if (spec == peer.value.end() || !spec->is_object() || string_member(*spec, "node") != node) {
      continue;
    }
    auto removed = store_.remove(peers, peer.name, "");
    if (!removed && removed.error().code != store::ErrorCode::not_found) {
      return fail(removed.error());
    }
  }
  auto removed =
      store_.remove(resource::plural(resource::Kind::bgp_configuration), "node." + node, "");
  if (!removed && removed.error().code != store::ErrorCode::not_found) return fail(removed.error());
  return std::nullopt;
}

}  // namespace mgmt::api
