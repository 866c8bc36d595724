#include "mgmt/api/merge_patch.hpp"

namespace mgmt::api {

// RFC 7386 §2, MergePatch(Target, Patch).
nlohmann::json apply_merge_patch(nlohmann::json target, const nlohmann::json& patch) {
  if (!patch.is_object()) return patch;
  if (!target.is_object()) target = nlohmann::json::object();
  for (const auto& [key, value] : patch.items()) {
    if (value.is_null()) {
      target.erase(key);
    } else {
      auto it = target.find(key);
      nlohmann::json current = it == target.end() ? nlohmann::json{} : std::move(*it);
      target[key] = apply_merge_patch(std::move(current), value);
    }
  }
  return target;
}

}  // namespace mgmt::api
