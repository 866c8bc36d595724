// Metadata rules shared by both datastore backends (calico-bgp-spec.md §5.1): what create() and
// update() do to metadata.uid, metadata.creationTimestamp and metadata.resourceVersion, key
// validation, and Calico-style error messages. Pure functions, no state; any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "mgmt/store/store.hpp"

namespace mgmt::store {

// A random (version 4, RFC 4122 variant) UUID in canonical lower-case text form.
[[nodiscard]] std::string new_uid();

// A time in UTC as RFC 3339 with second precision, e.g. "2026-11-26T04:00:00Z" (Kubernetes'
// creationTimestamp form; the daemon's status uses it too).
[[nodiscard]] std::string rfc3339(std::chrono::system_clock::time_point time);
[[nodiscard]] std::string rfc3339_now();

// Rejects keys that are empty or could escape a directory or an etcd prefix: "/", ".", "..",
// NUL. Names are validated against Calico's rules upstream; this is the last line of defence.
[[nodiscard]] tl::expected<void, Error> check_key(std::string_view plural, std::string_view name);

// Turns a value given to create() into the value to store: it must be a JSON object whose
// metadata (if present) is an object without a non-empty resourceVersion (else `invalid`);
// resourceVersion is removed, uid and creationTimestamp are filled when absent or empty.
[[nodiscard]] tl::expected<nlohmann::json, Error> prepare_create(nlohmann::json value);

// Turns a value given to update() into the value to store: resourceVersion is removed, and an
// absent or empty uid / creationTimestamp is copied from `stored` (the current stored value).
[[nodiscard]] tl::expected<nlohmann::json, Error> prepare_update(nlohmann::json value,
                                                                 const nlohmann::json& stored);

// True when `value` lacks a uid or a creationTimestamp (so update() needs the stored value).
[[nodiscard]] bool needs_stored_metadata(const nlohmann::json& value);

// The stored value as returned to callers: metadata.resourceVersion = decimal `revision`.
[[nodiscard]] nlohmann::json with_resource_version(nlohmann::json stored, std::uint64_t revision);

// Parses an expected resourceVersion ("" = none -> 0). Non-decimal or zero -> `invalid`.
[[nodiscard]] tl::expected<std::uint64_t, Error> parse_resource_version(std::string_view text);

// "BGPPeer(name)" for the known Calico plurals, "<plural>(name)" otherwise.
[[nodiscard]] std::string describe(std::string_view plural, std::string_view name);

// Calico-style errors: "resource already exists: BGPPeer(x)", "resource does not exist:
// BGPPeer(x)", "update conflict: BGPPeer(x)".
[[nodiscard]] Error already_exists_error(std::string_view plural, std::string_view name);
[[nodiscard]] Error not_found_error(std::string_view plural, std::string_view name);
[[nodiscard]] Error conflict_error(std::string_view plural, std::string_view name);

}  // namespace mgmt::store
