// metadata of every kind (calico-bgp-spec.md §1.1, §5.2).
#include <string>
#include <utility>

#include "mgmt/resource/kind_codecs.hpp"
#include "mgmt/resource/validators.hpp"

namespace mgmt::resource {
namespace {

constexpr std::size_t kMaxAnnotationBytes = std::size_t{256} * 1024;

// Label and annotation values may arrive as YAML scalars that rrctl turned into JSON booleans or
// numbers (`route-reflector: yes` -> true); Calico keeps them as strings ("true").
std::optional<std::string> scalar_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? std::string("true") : std::string("false");
  if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  if (value.is_number_float()) return value.dump();
  if (value.is_null()) return std::string();
  return std::nullopt;
}

std::map<std::string, std::string> decode_string_map(const nlohmann::json& map,
                                                     const std::string& path, bool labels,
                                                     FieldErrors& errors) {
  std::map<std::string, std::string> out;
  std::size_t total = 0;
  for (const auto& item : map.items()) {
    const std::string item_path = join_path(path, item.key());
    check(errors, item_path, validate::qualified_name(item.key()));
    auto text = scalar_text(item.value());
    if (!text) {
      add_error(errors, item_path,
                "expected a string, got " + std::string(json_type_name(item.value())));
      continue;
    }
    if (labels) check(errors, item_path, validate::label_value(*text));
    total += item.key().size() + text->size();
    out.emplace(item.key(), std::move(*text));
  }
  if (!labels && total > kMaxAnnotationBytes) {
    add_error(errors, path, "total size must be at most 262144 bytes");
  }
  return out;
}

}  // namespace

bool check(FieldErrors& errors, const std::string& path,
           const std::optional<std::string>& verdict) {
  if (!verdict) return true;
  add_error(errors, path, *verdict);
  return false;
}

ObjectMeta decode_metadata(ObjectReader& root, Kind kind, FieldErrors& errors) {
  ObjectMeta meta;
  const nlohmann::json* value = root.take("metadata");
  if (value == nullptr) {
    add_error(errors, "metadata.name", "required");
    return meta;
  }
  ObjectReader reader(*value, "metadata", errors);
  if (!reader.is_object()) return meta;

  meta.name = reader.string("name").value_or("");
  check(errors, reader.path_of("name"), validate::resource_name(meta.name));
  meta.namespace_ = reader.string("namespace").value_or("");
  if (!meta.namespace_.empty()) {
    if (kind != Kind::secret) {
      reader.error("namespace",
                   "not allowed: " + std::string(kind_name(kind)) + " is cluster-scoped");
      meta.namespace_.clear();
    } else {
      check(errors, reader.path_of("namespace"), validate::dns_label(meta.namespace_));
    }
  }
  meta.resource_version = reader.string("resourceVersion").value_or("");
  meta.uid = reader.string("uid").value_or("");
  meta.creation_timestamp = reader.string("creationTimestamp").value_or("");
  if (const auto* labels = reader.object("labels")) {
    meta.labels = decode_string_map(*labels, reader.path_of("labels"), true, errors);
  }
  if (const auto* annotations = reader.object("annotations")) {
    meta.annotations =
        decode_string_map(*annotations, reader.path_of("annotations"), false, errors);
  }
  // Kubernetes-owned metadata that calicoctl discards on create/apply.
  for (const char* dropped :
       {"generateName", "selfLink", "generation", "deletionTimestamp", "deletionGracePeriodSeconds",
        "ownerReferences", "finalizers", "managedFields", "clusterName"}) {
    reader.tolerate(dropped);
  }
  reader.finish();
  return meta;
}

nlohmann::json encode_metadata(const ObjectMeta& metadata) {
  nlohmann::json out = nlohmann::json::object();
  out["name"] = metadata.name;
  if (!metadata.namespace_.empty()) out["namespace"] = metadata.namespace_;
  if (!metadata.resource_version.empty()) out["resourceVersion"] = metadata.resource_version;
  if (!metadata.uid.empty()) out["uid"] = metadata.uid;
  if (!metadata.creation_timestamp.empty()) {
    out["creationTimestamp"] = metadata.creation_timestamp;
  }
  if (!metadata.labels.empty()) out["labels"] = metadata.labels;
  if (!metadata.annotations.empty()) out["annotations"] = metadata.annotations;
  return out;
}

std::optional<SecretKeyRef> decode_secret_key_ref_holder(const nlohmann::json& value,
                                                         const std::string& path,
                                                         FieldErrors& errors) {
  ObjectReader holder(value, path, errors);
  if (!holder.is_object()) return std::nullopt;
  std::optional<SecretKeyRef> out;
  if (const auto* ref_value = holder.take("secretKeyRef")) {
    ObjectReader ref(*ref_value, holder.path_of("secretKeyRef"), errors);
    if (ref.is_object()) {
      SecretKeyRef result;
      result.name = ref.string("name").value_or("");
      result.key = ref.string("key").value_or("");
      check(errors, ref.path_of("name"), validate::resource_name(result.name));
      if (result.key.empty()) {
        ref.error("key", "required");
      } else {
        check(errors, ref.path_of("key"), validate::secret_key(result.key));
      }
      ref.finish();
      out = std::move(result);
    }
  } else {
    holder.error("secretKeyRef", "required");
  }
  holder.finish();
  return out;
}

nlohmann::json encode_secret_key_ref_holder(const SecretKeyRef& ref) {
  return nlohmann::json{{"secretKeyRef", {{"name", ref.name}, {"key", ref.key}}}};
}

}  // namespace mgmt::resource
