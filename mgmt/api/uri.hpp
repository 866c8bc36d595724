// Request-target parsing for the API router: the path split into percent-decoded segments and the
// query string into decoded key/value pairs. Pure functions; any thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace mgmt::api {

struct Target {
  std::vector<std::string> segments;  // decoded, empty segments dropped: "/a//b/" -> {"a","b"}
  std::map<std::string, std::string> query;  // last value wins
  [[nodiscard]] std::string param(const std::string& key) const {
    auto it = query.find(key);
    return it == query.end() ? std::string{} : it->second;
  }
};

// "%2F" -> "/"; with `plus_is_space` (query strings) "+" -> " ". nullopt on a bad escape or NUL.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// Origin-form "/path?query" or absolute-form "http://host/path?query"; error text otherwise.
[[nodiscard]] tl::expected<Target, std::string> parse_target(std::string_view target);

// Segments [first, end) joined with '/': "/rib/10.0.0.0/26" and "/rib/10.0.0.0%2F26" both give
// "10.0.0.0/26" for first = 1.
[[nodiscard]] std::string join_segments(const Target& target, std::size_t first);

// A name that can address a stored object: a DNS-1123 subdomain (lower-case alphanumerics, '-' and
// '.', at most 253 characters). Keeps names such as ".." or "a/b" away from the store.
[[nodiscard]] bool is_object_name(std::string_view name);

}  // namespace mgmt::api
