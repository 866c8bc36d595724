// Loading the resources named by `rrctl apply|create|replace|delete|get -f`: the file (or stdin for
// "-") holds one or more YAML documents or JSON values; JSON arrays and `kind: List` /
// `kind: <Kind>List` documents contribute their items. Each resulting resource must be an object
// whose kind rrctl knows (calico-bgp-spec.md §5.2). Pure functions apart from read_input(); run on
// rrctl's only thread.
#pragma once

#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

namespace mgmt::rrctl {

// The raw documents of a text: JSON (when the first non-blank character is '{' or '[', possibly
// several concatenated values) or multi-document YAML. Empty YAML documents are dropped.
[[nodiscard]] tl::expected<std::vector<nlohmann::json>, std::string> parse_documents(
    std::string_view text);

// Flattens lists and checks every resource: an object with a known "kind". Items of a typed list
// (`kind: BGPPeerList`) that lack kind/apiVersion get them from the list.
[[nodiscard]] tl::expected<std::vector<nlohmann::json>, std::string> load_resources(
    std::string_view text);

// The whole content of `path`, or of `stdin_stream` when path is "-".
[[nodiscard]] tl::expected<std::string, std::string> read_input(std::string_view path,
                                                                std::istream& stdin_stream);

}  // namespace mgmt::rrctl
