// Secret (apiVersion v1): Kubernetes' shape, `data` (base64) and/or `stringData` (plain), folded
// into decoded bytes; `stringData` wins for a key present in both, as in Kubernetes. `type` and
// `immutable` are accepted and dropped (rrd only reads the data).
#include <string>
#include <utility>

#include "mgmt/resource/base64.hpp"
#include "mgmt/resource/kind_codecs.hpp"
#include "mgmt/resource/validators.hpp"

namespace mgmt::resource {

Secret decode_secret(ObjectReader& root, ObjectMeta metadata, FieldErrors& errors) {
  Secret secret;
  secret.metadata = std::move(metadata);
  if (const auto* data = root.object("data")) {
    for (const auto& item : data->items()) {
      const std::string path = join_path("data", item.key());
      check(errors, path, validate::secret_key(item.key()));
      if (!item.value().is_string()) {
        add_error(errors, path,
                  "expected a base64 string, got " + std::string(json_type_name(item.value())));
        continue;
      }
      auto bytes = base64_decode(item.value().get_ref<const std::string&>());
      if (!bytes) {
        add_error(errors, path, "not valid base64");
        continue;
      }
      secret.data[item.key()] = std::move(*bytes);
    }
  }
  if (const auto* string_data = root.object("stringData")) {
    for (const auto& item : string_data->items()) {
      const std::string path = join_path("stringData", item.key());
      check(errors, path, validate::secret_key(item.key()));
      if (!item.value().is_string()) {
        add_error(errors, path,
                  "expected a string, got " + std::string(json_type_name(item.value())));
        continue;
      }
      secret.data[item.key()] = item.value().get<std::string>();
    }
  }
  static_cast<void>(root.string("type"));
  static_cast<void>(root.boolean("immutable"));
  return secret;
}

void encode_secret(const Secret& secret, nlohmann::json& out) {
  if (secret.data.empty()) return;
  nlohmann::json data = nlohmann::json::object();
  for (const auto& [key, bytes] : secret.data)
    data[key] = base64_encode(bytes);
  out["data"] = std::move(data);
}

}  // namespace mgmt::resource
