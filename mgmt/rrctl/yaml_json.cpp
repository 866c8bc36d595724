#include "mgmt/rrctl/yaml_json.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>

namespace mgmt::rrctl {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 4> kNullWords = {"", "~", "null", "Null"};
constexpr std::array<std::string_view, 9> kTrueWords = {"true", "True", "TRUE", "yes", "Yes",
                                                        "YES",  "on",   "On",   "ON"};
constexpr std::array<std::string_view, 9> kFalseWords = {"false", "False", "FALSE", "no", "No",
                                                         "NO",    "off",   "Off",   "OFF"};

template <std::size_t N>
bool one_of(std::string_view text, const std::array<std::string_view, N>& words) {
  for (std::string_view word : words) {
    if (text == word) return true;
  }
  return false;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_of(std::string_view text, bool (*pred)(char)) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (!pred(c)) return false;
  }
  return true;
}

bool is_octal_digit(char c) {
  return c >= '0' && c <= '7';
}
bool is_hex_digit(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

// Integer in the given base; nullopt when the digits do not fit 64 bits.
std::optional<json> integer_value(bool negative, std::string_view digits, int base) {
  std::uint64_t magnitude = 0;
  const auto [end, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  if (!negative) return json(magnitude);
  constexpr auto kMaxNegative =
      static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1U;
  if (magnitude > kMaxNegative) return std::nullopt;
  if (magnitude == kMaxNegative) return json(std::numeric_limits<std::int64_t>::min());
  return json(-static_cast<std::int64_t>(magnitude));
}

std::optional<json> parse_integer(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    if (!all_of(text.substr(2), is_hex_digit)) return std::nullopt;
    return integer_value(negative, text.substr(2), 16);
  }
  if (text.size() > 2 && text[0] == '0' && text[1] == 'o') {
    if (!all_of(text.substr(2), is_octal_digit)) return std::nullopt;
    return integer_value(negative, text.substr(2), 8);
  }
  if (text.size() > 1 && text[0] == '0') {  // YAML 1.1 octal: 0755
    if (!all_of(text.substr(1), is_octal_digit)) return std::nullopt;
    return integer_value(negative, text.substr(1), 8);
  }
  if (!all_of(text, is_digit)) return std::nullopt;
  return integer_value(negative, text, 10);
}

// [-+]? ( digits '.' digits? | '.' digits | digits ) ( [eE] [-+]? digits )?, with a '.' or an
// exponent present.
std::optional<json> parse_float(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  std::size_t int_digits = 0;
  while (i < text.size() && is_digit(text[i])) {
    ++i;
    ++int_digits;
  }
  bool has_dot = false;
  std::size_t frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    has_dot = true;
    ++i;
    while (i < text.size() && is_digit(text[i])) {
      ++i;
      ++frac_digits;
    }
  }
  if (int_digits + frac_digits == 0) return std::nullopt;
  bool has_exponent = false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    has_exponent = true;
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    std::size_t exp_digits = 0;
    while (i < text.size() && is_digit(text[i])) {
      ++i;
      ++exp_digits;
    }
    if (exp_digits == 0) return std::nullopt;
  }
  if (i != text.size() || (!has_dot && !has_exponent)) return std::nullopt;
  const std::string copy(text);
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  if (value == std::numeric_limits<double>::infinity() ||
      value == -std::numeric_limits<double>::infinity()) {
    return std::nullopt;
  }
  return json(value);
}

// Strings other YAML readers may resolve to a non-string although resolve_plain_scalar() does not:
// single-letter booleans, .inf/.nan, merge and value keys, 1_000, 12:30 (sexagesimal), dates.
bool other_reader_lookalike(std::string_view text) {
  if (text == "y" || text == "Y" || text == "n" || text == "N" || text == "=" || text == "<<") {
    return true;
  }
  std::string_view rest = text;
  if (!rest.empty() && (rest.front() == '-' || rest.front() == '+')) rest.remove_prefix(1);
  if (!rest.empty() && rest.front() == '.') {
    const std::string_view word = rest.substr(1);
    if (word == "inf" || word == "Inf" || word == "INF" || word == "nan" || word == "NaN" ||
        word == "NAN") {
      return true;
    }
  }
  if (!rest.empty() && is_digit(rest.front())) {
    bool only_number_chars = true;
    bool has_underscore_or_colon = false;
    for (const char c : rest) {
      if (c == '_' || c == ':') {
        has_underscore_or_colon = true;
      } else if (!is_digit(c) && c != '.') {
        only_number_chars = false;
        break;
      }
    }
    if (only_number_chars && has_underscore_or_colon) return true;
  }
  // YYYY-M-D (timestamp prefix)
  if (text.size() >= 8 && all_of(text.substr(0, 4), is_digit) && text[4] == '-') {
    const std::size_t second_dash = text.find('-', 5);
    if (second_dash != std::string_view::npos && second_dash > 5 && second_dash <= 7 &&
        all_of(text.substr(5, second_dash - 5), is_digit) && second_dash + 1 < text.size() &&
        is_digit(text[second_dash + 1])) {
      return true;
    }
  }
  return false;
}

bool has_control_character(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20U || byte == 0x7FU) return true;
  }
  return false;
}

bool needs_single_quotes(std::string_view text) {
  static constexpr std::string_view kIndicators = "-?:,[]{}#&*!|>'\"%@`";
  if (kIndicators.find(text.front()) != std::string_view::npos) return true;
  if (text.front() == ' ' || text.back() == ' ' || text.back() == ':') return true;
  if (text.substr(0, 3) == "...") return true;
  return text.find(": ") != std::string_view::npos || text.find(" #") != std::string_view::npos;
}

std::string double_quoted(std::string_view text) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (byte < 0x20U || byte == 0x7FU) {
          out += "\\x";
          out += kHex[byte >> 4U];
          out += kHex[byte & 0x0FU];
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string single_quoted(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

tl::expected<json, std::string> tagged_scalar(const std::string& tag, const std::string& text) {
  static constexpr std::string_view kCore = "tag:yaml.org,2002:";
  if (tag == "?") return resolve_plain_scalar(text);
  if (tag.rfind(kCore, 0) != 0) return json(text);  // "!" (quoted/block) and local tags
  const std::string_view type = std::string_view(tag).substr(kCore.size());
  const json value = resolve_plain_scalar(text);
  if (type == "int" && value.is_number_integer()) return value;
  if (type == "float" && value.is_number()) return json(value.get<double>());
  if (type == "bool" && value.is_boolean()) return value;
  if (type == "null" && value.is_null()) return value;
  if (type == "int" || type == "float" || type == "bool" || type == "null") {
    return tl::unexpected("value '" + text + "' is not a valid !!" + std::string(type));
  }
  return json(text);
}

std::string scalar_text(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case json::value_t::string:
      return yaml_quote(value.get_ref<const std::string&>());
    case json::value_t::object:
      return "{}";
    case json::value_t::array:
      return "[]";
    default:
      return value.dump();  // numbers (and binary, which JSON input never has)
  }
}

bool is_block(const json& value) {
  return (value.is_object() || value.is_array()) && !value.empty();
}

void write_value(std::string& out, const json& value, std::size_t indent, bool inline_first);

void write_mapping(std::string& out, const json& object, std::size_t indent, bool inline_first) {
  bool first = true;
  for (const auto& [key, child] : object.items()) {
    if (!(first && inline_first)) out.append(indent, ' ');
    first = false;
    out += yaml_quote(key);
    out += ':';
    if (child.is_object() && !child.empty()) {
      out += '\n';
      write_mapping(out, child, indent + 2, false);
    } else if (child.is_array() && !child.empty()) {
      out += '\n';
      write_value(out, child, indent, false);  // sequences in mappings are not indented
    } else {
      out += ' ';
      out += scalar_text(child);
      out += '\n';
    }
  }
}

void write_sequence(std::string& out, const json& array, std::size_t indent, bool inline_first) {
  bool first = true;
  for (const json& item : array) {
    if (!(first && inline_first)) out.append(indent, ' ');
    first = false;
    out += "- ";
    if (is_block(item)) {
      write_value(out, item, indent + 2, true);
    } else {
      out += scalar_text(item);
      out += '\n';
    }
  }
}

void write_value(std::string& out, const json& value, std::size_t indent, bool inline_first) {
  if (value.is_object() && !value.empty()) {
    write_mapping(out, value, indent, inline_first);
  } else if (value.is_array() && !value.empty()) {
    write_sequence(out, value, indent, inline_first);
  } else {
    out += scalar_text(value);
    out += '\n';
  }
}

}  // namespace

json resolve_plain_scalar(std::string_view text) {
  if (one_of(text, kNullWords) || text == "NULL") return json(nullptr);
  if (one_of(text, kTrueWords)) return json(true);
  if (one_of(text, kFalseWords)) return json(false);
  if (auto integer = parse_integer(text)) return *integer;
  if (auto real = parse_float(text)) return *real;
  return json(std::string(text));
}

tl::expected<json, std::string> yaml_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return json(nullptr);
    case YAML::NodeType::Scalar:
      return tagged_scalar(node.Tag(), node.Scalar());
    case YAML::NodeType::Sequence: {
      json array = json::array();
      for (const YAML::Node& item : node) {
        auto converted = yaml_to_json(item);
        if (!converted) return converted;
        array.push_back(std::move(*converted));
      }
      return array;
    }
    case YAML::NodeType::Map: {
      json object = json::object();
      for (const auto& entry : node) {
        if (!entry.first.IsScalar()) {
          return tl::unexpected(std::string("line ") + std::to_string(entry.first.Mark().line + 1) +
                                ": mapping keys must be scalars");
        }
        auto converted = yaml_to_json(entry.second);
        if (!converted) return converted;
        object[entry.first.Scalar()] = std::move(*converted);
      }
      return object;
    }
  }
  return json(nullptr);
}

tl::expected<std::vector<json>, std::string> parse_yaml_documents(std::string_view text) {
  std::vector<YAML::Node> nodes;
  try {
    nodes = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& error) {
    return tl::unexpected("YAML error at line " + std::to_string(error.mark.line + 1) +
                          ", column " + std::to_string(error.mark.column + 1) + ": " + error.msg);
  }
  std::vector<json> documents;
  documents.reserve(nodes.size());
  for (const YAML::Node& node : nodes) {
    auto converted = yaml_to_json(node);
    if (!converted) return tl::unexpected(converted.error());
    documents.push_back(std::move(*converted));
  }
  return documents;
}

std::string yaml_quote(std::string_view text) {
  if (text.empty()) return "\"\"";
  if (has_control_character(text) || !resolve_plain_scalar(text).is_string() ||
      other_reader_lookalike(text)) {
    return double_quoted(text);
  }
  if (needs_single_quotes(text)) return single_quoted(text);
  return std::string(text);
}

std::string json_to_yaml(const json& value) {
  std::string out;
  write_value(out, value, 0, false);
  return out;
}

}  // namespace mgmt::rrctl
