// `rrctl apply|create|replace|delete` (calico-bgp-spec.md §5.2): runs the verb over every resource
// of the input (or over `delete <KIND> <NAME>...`), collects per-resource errors, and reports like
// calicoctl: "Successfully applied 2 'BGPPeer' resource(s)", "Failed to apply 'BGPPeer' resource:
// [<error>]", "Partial success: …" then "Hit error: […]". Exit status 1 on any failure. Runs on
// rrctl's only thread against the CommandContext's ApiClient.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mgmt/rrctl/api_client.hpp"
#include "mgmt/rrctl/command_context.hpp"
#include "mgmt/rrctl/kinds.hpp"
#include "mgmt/rrctl/options.hpp"

namespace mgmt::rrctl {

// calicoctl's wording for an error about one resource: "resource already exists: BGPPeer(p1)",
// "resource does not exist: BGPPeer(p1) with error: …", "update conflict: BGPPeer(p1)…"; other
// errors as the server gave them.
[[nodiscard]] std::string resource_error_text(const KindInfo& kind, std::string_view name,
                                              const ApiError& error);

// metadata.name / metadata.resourceVersion of an object ("" when absent).
[[nodiscard]] std::string object_name(const nlohmann::json& object);
[[nodiscard]] std::string object_resource_version(const nlohmann::json& object);

// apply, create, replace and delete.
int run_resource_command(const Invocation& invocation, CommandContext& context);

}  // namespace mgmt::rrctl
