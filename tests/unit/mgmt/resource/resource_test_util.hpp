// Helpers of the mgmt_resource tests: build a resource JSON around a spec, decode it, and look for
// an error on a given field.
#pragma once

#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mgmt/resource/codec.hpp"

namespace mgmt::resource::testing {

inline nlohmann::json object_of(std::string_view kind, std::string_view name,
                                const nlohmann::json& spec) {
  nlohmann::json out = {
      {"apiVersion", "projectcalico.org/v3"}, {"kind", kind}, {"metadata", {{"name", name}}}};
  if (!spec.is_null()) out["spec"] = spec;
  return out;
}

inline bool has_error_on(const FieldErrors& errors, std::string_view field) {
  for (const auto& error : errors) {
    if (error.field == field) return true;
  }
  return false;
}

// Decodes and expects failure with an error on `field`; returns the errors as text for messages.
inline ::testing::AssertionResult rejected_on(const nlohmann::json& object,
                                              std::string_view field) {
  auto result = decode(object);
  if (result) return ::testing::AssertionFailure() << "accepted: " << object.dump();
  if (!has_error_on(result.error(), field)) {
    return ::testing::AssertionFailure()
           << "no error on " << field << "; errors: " << to_string(result.error());
  }
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult accepted(const nlohmann::json& object) {
  auto result = decode(object);
  if (!result) {
    return ::testing::AssertionFailure()
           << "rejected " << object.dump() << ": " << to_string(result.error());
  }
  // Every accepted object survives encode -> decode unchanged.
  auto again = decode(encode(*result));
  if (!again) {
    return ::testing::AssertionFailure()
           << "re-decode of " << encode(*result).dump() << " failed: " << to_string(again.error());
  }
  if (!(*again == *result)) {
    return ::testing::AssertionFailure() << "round trip changed " << encode(*result).dump();
  }
  return ::testing::AssertionSuccess();
}

}  // namespace mgmt::resource::testing
