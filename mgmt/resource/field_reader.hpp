// Strict reading of one JSON object of a resource: typed member access that records what was read,
// so that whatever is left over can be reported as an unknown field. Every problem becomes a
// FieldError naming the JSON path ("spec.bgp.asNumber"); reading goes on so that all errors of an
// object are collected. Internal to mgmt/resource; a reader lives on the stack of one decode() call
// (any thread).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mgmt/resource/codec.hpp"
#include "mgmt/resource/types.hpp"

namespace mgmt::resource {

// "spec" + "peerIP" -> "spec.peerIP"; "" + "spec" -> "spec".
[[nodiscard]] std::string join_path(std::string_view parent, std::string_view key);
// "spec.filters" + 2 -> "spec.filters[2]".
[[nodiscard]] std::string index_path(std::string_view parent, std::size_t index);

// The JSON type name used in "expected a string, got a number" messages.
[[nodiscard]] std::string_view json_type_name(const nlohmann::json& value);

class ObjectReader {
 public:
  // A value that is not a JSON object is reported at `path` and reads as empty.
  ObjectReader(const nlohmann::json& value, std::string path, FieldErrors& errors);

  [[nodiscard]] bool is_object() const { return object_ != nullptr; }
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string path_of(std::string_view key) const { return join_path(path_, key); }

  // The member's value, marking `key` as known; nullptr when absent or JSON null (Go semantics:
  // null leaves the field unset).
  const nlohmann::json* take(std::string_view key);
  // Marks `key` as known and drops its value (tolerated Kubernetes metadata).
  void tolerate(std::string_view key) { static_cast<void>(take(key)); }

  // Typed members; a wrong JSON type is reported and reads as absent.
  std::optional<std::string> string(std::string_view key);
  std::optional<bool> boolean(std::string_view key);
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max);
  std::optional<AsNumber> as_number(std::string_view key);
  std::optional<Duration> duration(std::string_view key);
  const nlohmann::json* array(std::string_view key);
  const nlohmann::json* object(std::string_view key);
  // A string that must be one of `allowed` (exact case); "" counts as unset.
  std::string enumeration(std::string_view key, const std::vector<std::string_view>& allowed);
  // A list of strings.
  std::vector<std::string> strings(std::string_view key);

  void error(std::string_view key, std::string reason);
  // Reports every member that no accessor asked for as "<path>.<key>: unknown field".
  void finish();

 private:
  const nlohmann::json* object_ = nullptr;
  std::string path_;
  FieldErrors* errors_;
  std::vector<std::string> known_;
};

// Adds an error about a whole path (not a member of a reader).
void add_error(FieldErrors& errors, std::string field, std::string reason);

}  // namespace mgmt::resource
