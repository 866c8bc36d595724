#include "mgmt/resource/field_reader.hpp"

#include <algorithm>
#include <utility>

namespace mgmt::resource {

std::string join_path(std::string_view parent, std::string_view key) {
  std::string out;
  out.reserve(parent.size() + key.size() + 1);
  out.append(parent);
  if (!parent.empty()) out.push_back('.');
  out.append(key);
  return out;
}

std::string index_path(std::string_view parent, std::size_t index) {
  std::string out(parent);
  out += '[';
  out += std::to_string(index);
  out += ']';
  return out;
}

std::string_view json_type_name(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "a list";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "an integer";
    case nlohmann::json::value_t::number_float:
      return "a decimal number";
    case nlohmann::json::value_t::binary:
    case nlohmann::json::value_t::discarded:
      break;
  }
  return "an unsupported value";
}

void add_error(FieldErrors& errors, std::string field, std::string reason) {
  errors.push_back(FieldError{std::move(field), std::move(reason)});
}

ObjectReader::ObjectReader(const nlohmann::json& value, std::string path, FieldErrors& errors)
    : path_(std::move(path)), errors_(&errors) {
  if (value.is_object()) {
    object_ = &value;
  } else {
    add_error(errors, path_.empty() ? std::string("(root)") : path_,
              "expected an object, got " + std::string(json_type_name(value)));
  }
}

const nlohmann::json* ObjectReader::take(std::string_view key) {
  if (object_ == nullptr) return nullptr;
  known_.emplace_back(key);
  auto it = object_->find(key);
  if (it == object_->end() || it->is_null()) return nullptr;
  return &*it;
}

void ObjectReader::error(std::string_view key, std::string reason) {
  add_error(*errors_, path_of(key), std::move(reason));
}

std::optional<std::string> ObjectReader::string(std::string_view key) {
  const nlohmann::json* value = take(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    error(key, "expected a string, got " + std::string(json_type_name(*value)));
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<bool> ObjectReader::boolean(std::string_view key) {
  const nlohmann::json* value = take(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    error(key, "expected a boolean, got " + std::string(json_type_name(*value)));
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view key, std::int64_t min,
                                                  std::int64_t max) {
  const nlohmann::json* value = take(key);
  if (value == nullptr) return std::nullopt;
  const std::string range =
      "must be between " + std::to_string(min) + " and " + std::to_string(max);
  if (value->is_number_unsigned()) {
    const auto number = value->get<std::uint64_t>();
    if (number > static_cast<std::uint64_t>(max) || static_cast<std::int64_t>(number) < min) {
      error(key, range);
      return std::nullopt;
    }
    return static_cast<std::int64_t>(number);
  }
  if (value->is_number_integer()) {
    const auto number = value->get<std::int64_t>();
    if (number < min || number > max) {
      error(key, range);
      return std::nullopt;
    }
    return number;
  }
  error(key, "expected an integer, got " + std::string(json_type_name(*value)));
  return std::nullopt;
}

std::optional<AsNumber> ObjectReader::as_number(std::string_view key) {
  const nlohmann::json* value = take(key);
  if (value == nullptr) return std::nullopt;
  auto parsed = parse_as_number(*value);
  if (!parsed) {
    error(key, parsed.error());
    return std::nullopt;
  }
  return *parsed;
}

std::optional<Duration> ObjectReader::duration(std::string_view key) {
  const auto text = string(key);
  if (!text) return std::nullopt;
  auto parsed = parse_duration(*text);
  if (!parsed) {
    error(key, parsed.error());
    return std::nullopt;
  }
  return *parsed;
}

const nlohmann::json* ObjectReader::array(std::string_view key) {
  const nlohmann::json* value = take(key);
  if (value == nullptr) return nullptr;
  if (!value->is_array()) {
    error(key, "expected a list, got " + std::string(json_type_name(*value)));
    return nullptr;
  }
  return value;
}

const nlohmann::json* ObjectReader::object(std::string_view key) {
  const nlohmann::json* value = take(key);
  if (value == nullptr) return nullptr;
  if (!value->is_object()) {
    error(key, "expected an object, got " + std::string(json_type_name(*value)));
    return nullptr;
  }
  return value;
}

std::string ObjectReader::enumeration(std::string_view key,
                                      const std::vector<std::string_view>& allowed) {
  auto value = string(key);
  if (!value || value->empty()) return {};
  if (std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
    std::string reason = "must be one of ";
    for (std::size_t i = 0; i < allowed.size(); ++i) {
      if (i != 0) reason += ", ";
      reason += allowed[i];
    }
    reason += " (got \"" + *value + "\")";
    error(key, std::move(reason));
    return {};
  }
  return *value;
}

std::vector<std::string> ObjectReader::strings(std::string_view key) {
  std::vector<std::string> out;
  const nlohmann::json* list = array(key);
  if (list == nullptr) return out;
  const std::string list_path = path_of(key);
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto& item = (*list)[i];
    if (!item.is_string()) {
      add_error(*errors_, index_path(list_path, i),
                "expected a string, got " + std::string(json_type_name(item)));
      continue;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

void ObjectReader::finish() {
  if (object_ == nullptr) return;
  for (const auto& item : object_->items()) {
    if (std::find(known_.begin(), known_.end(), item.key()) == known_.end()) {
      error(item.key(), "unknown field");
    }
  }
}

}  // namespace mgmt::resource
