#include "mgmt/store/object_meta.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <ctime>
#include <mutex>
#include <random>

namespace mgmt::store {

namespace {

constexpr std::string_view kMetadata = "metadata";
constexpr std::string_view kResourceVersion = "resourceVersion";
constexpr std::string_view kUid = "uid";
constexpr std::string_view kCreationTimestamp = "creationTimestamp";

bool has_text(const nlohmann::json& metadata, std::string_view field) {
  const auto it = metadata.find(field);
  return it != metadata.end() && it->is_string() && !it->get_ref<const std::string&>().empty();
}

tl::expected<void, Error> check_shape(const nlohmann::json& value) {
  if (!value.is_object()) {
    return tl::make_unexpected(Error{ErrorCode::invalid, "resource value must be a JSON object"});
  }
  const auto it = value.find(kMetadata);
  if (it != value.end() && !it->is_object() && !it->is_null()) {
    return tl::make_unexpected(Error{ErrorCode::invalid, "metadata must be a JSON object"});
  }
  return {};
}

nlohmann::json& metadata_of(nlohmann::json& value) {
  auto& metadata = value[std::string(kMetadata)];
  if (!metadata.is_object()) metadata = nlohmann::json::object();
  return metadata;
}

}  // namespace

std::string new_uid() {
  static std::mutex mutex;
  static std::mt19937_64 engine{[] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device()};
    return std::mt19937_64{seed};
  }()};
  std::array<std::uint8_t, 16> bytes{};
  {
    const std::lock_guard lock(mutex);
    for (std::size_t i = 0; i < bytes.size(); i += 8) {
      const std::uint64_t word = engine();
      for (std::size_t j = 0; j < 8; ++j) {
        bytes[i + j] = static_cast<std::uint8_t>(word >> (8 * j));
      }
    }
  }
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0fU) | 0x40U);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3fU) | 0x80U);  // RFC 4122 variant
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes[i] >> 4U]);
    out.push_back(kHex[bytes[i] & 0x0fU]);
  }
  return out;
}

std::string rfc3339(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 32> text{};
  const std::size_t n = std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return {text.data(), n};
}

std::string rfc3339_now() {
  return rfc3339(std::chrono::system_clock::now());
}

tl::expected<void, Error> check_key(std::string_view plural, std::string_view name) {
  for (const std::string_view part : {plural, name}) {
    if (part.empty() || part == "." || part == ".." ||
        part.find_first_of(std::string_view("/\\\0", 3)) != std::string_view::npos) {
      return tl::make_unexpected(
          Error{ErrorCode::invalid,
                "invalid resource key '" + std::string(plural) + "/" + std::string(name) + "'"});
    }
  }
  return {};
}

tl::expected<nlohmann::json, Error> prepare_create(nlohmann::json value) {
  if (auto shape = check_shape(value); !shape) return tl::make_unexpected(shape.error());
  auto& metadata = metadata_of(value);
  if (const auto it = metadata.find(kResourceVersion); it != metadata.end()) {
    if (!it->is_null() && !(it->is_string() && it->get_ref<const std::string&>().empty())) {
      return tl::make_unexpected(
          Error{ErrorCode::invalid, "error with field Metadata.ResourceVersion = '" +
                                        (it->is_string() ? it->get<std::string>() : it->dump()) +
                                        "' (field must not be set for a Create request)"});
    }
    metadata.erase(it);
  }
  if (!has_text(metadata, kUid)) metadata[std::string(kUid)] = new_uid();
  if (!has_text(metadata, kCreationTimestamp)) {
    metadata[std::string(kCreationTimestamp)] = rfc3339_now();
  }
  return value;
}

tl::expected<nlohmann::json, Error> prepare_update(nlohmann::json value,
                                                   const nlohmann::json& stored) {
  if (auto shape = check_shape(value); !shape) return tl::make_unexpected(shape.error());
  auto& metadata = metadata_of(value);
  metadata.erase(std::string(kResourceVersion));
  const auto old = stored.find(kMetadata);
  for (const std::string_view field : {kUid, kCreationTimestamp}) {
    if (has_text(metadata, field)) continue;
    if (old != stored.end() && old->is_object() && old->contains(field)) {
      metadata[std::string(field)] = (*old)[std::string(field)];
    }
  }
  return value;
}

bool needs_stored_metadata(const nlohmann::json& value) {
  if (!value.is_object()) return false;
  const auto it = value.find(kMetadata);
  if (it == value.end() || !it->is_object()) return true;
  return !has_text(*it, kUid) || !has_text(*it, kCreationTimestamp);
}

nlohmann::json with_resource_version(nlohmann::json stored, std::uint64_t revision) {
  if (!stored.is_object()) return stored;
  metadata_of(stored)[std::string(kResourceVersion)] = std::to_string(revision);
  return stored;
}

tl::expected<std::uint64_t, Error> parse_resource_version(std::string_view text) {
  if (text.empty()) return 0;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value == 0) {
    return tl::make_unexpected(
        Error{ErrorCode::invalid, "invalid resourceVersion '" + std::string(text) + "'"});
  }
  return value;
}

std::string describe(std::string_view plural, std::string_view name) {
  struct Kind {
    std::string_view plural;
    std::string_view kind;
  };
  constexpr std::array<Kind, 5> kKinds{{
      {"nodes", "Node"},
      {"bgpconfigurations", "BGPConfiguration"},
      {"bgppeers", "BGPPeer"},
      {"bgpfilters", "BGPFilter"},
      {"caliconodestatuses", "CalicoNodeStatus"},
  }};
  std::string_view kind = plural;
  for (const auto& entry : kKinds) {
    if (entry.plural == plural) kind = entry.kind;
  }
  return std::string(kind) + "(" + std::string(name) + ")";
}

Error already_exists_error(std::string_view plural, std::string_view name) {
  return {ErrorCode::already_exists, "resource already exists: " + describe(plural, name)};
}

Error not_found_error(std::string_view plural, std::string_view name) {
  return {ErrorCode::not_found, "resource does not exist: " + describe(plural, name)};
}

Error conflict_error(std::string_view plural, std::string_view name) {
  return {ErrorCode::conflict, "update conflict: " + describe(plural, name)};
}

}  // namespace mgmt::store
