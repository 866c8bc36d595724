// JSON merge patch (RFC 7386), which is also what calicoctl's strategic merge patch amounts to for
// Calico types (calico-bgp-spec.md §5.2): objects merge recursively, `null` removes a member, any
// other value (arrays included) replaces the target wholesale. Pure function; any thread.
#pragma once

#include <nlohmann/json.hpp>

namespace mgmt::api {

[[nodiscard]] nlohmann::json apply_merge_patch(nlohmann::json target, const nlohmann::json& patch);

}  // namespace mgmt::api
