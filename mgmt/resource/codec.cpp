// decode()/encode() dispatch on kind; error formatting; references between resources.
#include "mgmt/resource/codec.hpp"

#include <string>
#include <utility>
#include <variant>

#include "mgmt/resource/field_reader.hpp"
#include "mgmt/resource/kind_codecs.hpp"

namespace mgmt::resource {
namespace {

// The Kind named by an object's "kind", which must be spelled exactly ("BGPPeer").
std::optional<Kind> exact_kind(std::string_view name) {
  for (const Kind kind :
       {Kind::node, Kind::bgp_configuration, Kind::bgp_peer, Kind::bgp_filter, Kind::secret}) {
    if (kind_name(kind) == name) return kind;
  }
  return std::nullopt;
}

}  // namespace

std::string to_string(const FieldErrors& errors) {
  std::string out;
  for (const FieldError& error : errors) {
    if (!out.empty()) out += "; ";
    out += error.field;
    out += ": ";
    out += error.reason;
  }
  return out;
}

tl::expected<Resource, FieldErrors> decode(const nlohmann::json& object) {
  FieldErrors errors;
  ObjectReader root(object, "", errors);
  if (!root.is_object()) return tl::make_unexpected(std::move(errors));

  const auto kind_text = root.string("kind");
  std::optional<Kind> kind;
  if (!kind_text || kind_text->empty()) {
    if (errors.empty()) root.error("kind", "required");
  } else if (kind = exact_kind(*kind_text); !kind) {
    root.error("kind", "unsupported kind \"" + *kind_text +
                           "\" (expected Node, BGPConfiguration, BGPPeer, BGPFilter or Secret)");
  }
  const auto version = root.string("apiVersion");
  if (!version || version->empty()) {
    root.error("apiVersion", "required");
  } else if (kind && *version != api_version(*kind)) {
    root.error("apiVersion", "must be " + std::string(api_version(*kind)) + " for " +
                                 std::string(kind_name(*kind)) + " (got \"" + *version + "\")");
  }
  if (!kind) return tl::make_unexpected(std::move(errors));

  ObjectMeta metadata = decode_metadata(root, *kind, errors);
  Resource resource;
  switch (*kind) {
    case Kind::node:
      resource = decode_node(root, std::move(metadata), errors);
      break;
    case Kind::bgp_configuration:
      resource = decode_bgp_configuration(root, std::move(metadata), errors);
      break;
    case Kind::bgp_peer:
      resource = decode_bgp_peer(root, std::move(metadata), errors);
      break;
    case Kind::bgp_filter:
      resource = decode_bgp_filter(root, std::move(metadata), errors);
      break;
    case Kind::secret:
      resource = decode_secret(root, std::move(metadata), errors);
      break;
  }
  root.finish();
  if (!errors.empty()) return tl::make_unexpected(std::move(errors));
  return resource;
}

nlohmann::json encode(const Resource& resource) {
  const Kind kind = kind_of(resource);
  nlohmann::json out = nlohmann::json::object();
  out["kind"] = kind_name(kind);
  out["apiVersion"] = api_version(kind);
  out["metadata"] = encode_metadata(metadata_of(resource));
  std::visit(
      [&out](const auto& value) {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, Node>) {
          encode_node(value, out);
        } else if constexpr (std::is_same_v<T, BgpConfiguration>) {
          encode_bgp_configuration(value, out);
        } else if constexpr (std::is_same_v<T, BgpPeer>) {
          encode_bgp_peer(value, out);
        } else if constexpr (std::is_same_v<T, BgpFilter>) {
          encode_bgp_filter(value, out);
        } else {
          encode_secret(value, out);
        }
      },
      resource);
  return out;
}

std::vector<std::string> referenced_filters(const Resource& resource) {
  if (const auto* peer = std::get_if<BgpPeer>(&resource)) return peer->spec.filters;
  return {};
}

}  // namespace mgmt::resource
