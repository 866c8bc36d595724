// JSON <-> typed resources, with Calico's validation (calico-bgp-spec.md §1, §5.2).
//
// decode() is strict like calicoctl: unknown fields, wrong types and values that the validator
// rejects give a list of FieldErrors, each naming the JSON path of the field ("spec.peerIP",
// "metadata.name", "spec.bgp.routeReflectorClusterID") and why. encode() gives the canonical
// stored form (AS numbers as JSON numbers, omitempty fields absent, kind/apiVersion set).
// Pure functions; any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "mgmt/resource/types.hpp"

namespace mgmt::resource {

struct FieldError {
  std::string field;   // JSON path, e.g. "spec.peerIP"
  std::string reason;  // e.g. "port must be between 1 and 65535"
  friend bool operator==(const FieldError&, const FieldError&) = default;
};
using FieldErrors = std::vector<FieldError>;

// One line per error: "spec.peerIP: port must be between 1 and 65535; …".
[[nodiscard]] std::string to_string(const FieldErrors& errors);

// Kind names. `kind_from_name` accepts the Kind ("BGPPeer"), the plural ("bgppeers") and
// calicoctl's aliases, case-insensitively ("bgpp", "bps", "bgpconfig", "no", "nodes", "secret").
[[nodiscard]] std::optional<Kind> kind_from_name(std::string_view name);
[[nodiscard]] std::string_view kind_name(Kind kind);    // "BGPPeer"
[[nodiscard]] std::string_view plural(Kind kind);       // "bgppeers"
[[nodiscard]] std::string_view api_version(Kind kind);  // "projectcalico.org/v3" ("v1": Secret)
[[nodiscard]] Kind kind_of(const Resource& resource);
[[nodiscard]] const ObjectMeta& metadata_of(const Resource& resource);
[[nodiscard]] ObjectMeta& metadata_of(Resource& resource);

// AS numbers (§1.2): a JSON number or a string, plain decimal or asdot "X.Y".
[[nodiscard]] tl::expected<AsNumber, std::string> parse_as_number(const nlohmann::json& value);
// Go durations ("10s", "2m", "1h30m", "1.5s", "500ms").
[[nodiscard]] tl::expected<Duration, std::string> parse_duration(std::string_view text);

// Decodes and validates one object (kind taken from its "kind" field). Checks that need other
// resources (BGPPeer filters must exist) are the caller's: see referenced_filters().
[[nodiscard]] tl::expected<Resource, FieldErrors> decode(const nlohmann::json& object);
[[nodiscard]] nlohmann::json encode(const Resource& resource);

// Names of the BGPFilters a resource refers to (BGPPeer spec.filters), for existence checks.
[[nodiscard]] std::vector<std::string> referenced_filters(const Resource& resource);

}  // namespace mgmt::resource
