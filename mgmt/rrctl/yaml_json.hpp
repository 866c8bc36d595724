// Conversion between YAML (what users write for `rrctl apply -f`, what `get -o yaml` prints) and
// JSON (what the ops API speaks), following the YAML 1.1 scalar rules calicoctl's YAML library
// applies: plain (unquoted) scalars that read as booleans, integers, floats or null become those
// JSON types; quoted and block scalars stay strings. Output quotes every string that a YAML reader
// would otherwise take for something else. Pure functions; any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>
#include <yaml-cpp/yaml.h>

namespace mgmt::rrctl {

// The JSON value of a plain YAML scalar: null for "", "~", "null"/"Null"/"NULL"; a boolean for
// true/false/yes/no/on/off in lower, Title and UPPER case; an integer for decimal, 0x hex, 0o and
// YAML 1.1 leading-zero octal; a float for decimal fractions and exponents; otherwise the text.
[[nodiscard]] nlohmann::json resolve_plain_scalar(std::string_view text);

// Converts one parsed YAML node. Fails on non-scalar mapping keys and on explicitly tagged scalars
// (!!int, !!bool, …) whose text does not fit the tag.
[[nodiscard]] tl::expected<nlohmann::json, std::string> yaml_to_json(const YAML::Node& node);

// Parses a (possibly multi-document) YAML text. Empty documents are kept as null. The error names
// the line and column.
[[nodiscard]] tl::expected<std::vector<nlohmann::json>, std::string> parse_yaml_documents(
    std::string_view text);

// A YAML scalar for a string: plain when a reader would read it back as the same string, double
// quoted when it would read as another type or holds control characters, single quoted otherwise.
[[nodiscard]] std::string yaml_quote(std::string_view text);

// Block-style YAML of a JSON value (two-space indentation, sequences inside mappings not indented,
// as calicoctl prints them), ending in a newline.
[[nodiscard]] std::string json_to_yaml(const nlohmann::json& value);

}  // namespace mgmt::rrctl
