// `rrctl patch <KIND> <NAME> -p <PATCH>` (a JSON or YAML merge patch sent as
// application/merge-patch+json; calicoctl's --type is accepted and ignored) and
// `rrctl label <KIND> <NAME> <KEY>=<VALUE> [--overwrite]` / `<KEY> --remove` (GET, change the
// labels, PUT conditional on the fetched resourceVersion), with calicoctl's messages. Runs on
// rrctl's only thread.
#pragma once

#include <string>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "mgmt/rrctl/command_context.hpp"
#include "mgmt/rrctl/options.hpp"

namespace mgmt::rrctl {

// The patch text as one JSON object (JSON or YAML syntax).
[[nodiscard]] tl::expected<nlohmann::json, std::string> parse_patch(std::string_view text);

// Applies a label change to an object's metadata.labels. Errors use calicoctl's wording; `kind`
// is the kind as typed by the user ("nodes").
struct LabelChange {
  std::string key;
  std::string value;
  bool remove = false;
  bool overwrite = false;
};
[[nodiscard]] tl::expected<void, std::string> apply_label_change(nlohmann::json& object,
                                                                 const LabelChange& change,
                                                                 std::string_view kind,
                                                                 std::string_view name);

int run_patch(const Invocation& invocation, CommandContext& context);
int run_label(const Invocation& invocation, CommandContext& context);

}  // namespace mgmt::rrctl
