#include "mgmt/rrctl/documents.hpp"

#include <cctype>
#include <fstream>
#include <iterator>
#include <sstream>

#include "mgmt/rrctl/kinds.hpp"
#include "mgmt/rrctl/yaml_json.hpp"

namespace mgmt::rrctl {
namespace {

using nlohmann::json;

bool looks_like_json(std::string_view text) {
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) continue;
    return c == '{' || c == '[';
  }
  return false;
}

tl::expected<std::vector<json>, std::string> parse_json_stream(std::string_view text) {
  std::istringstream stream{std::string(text)};
  std::vector<json> documents;
  while (true) {
    stream >> std::ws;
    if (stream.peek() == std::char_traits<char>::eof()) break;
    json value;
    try {
      stream >> value;
    } catch (const json::exception& error) {
      return tl::unexpected(std::string("JSON error: ") + error.what());
    }
    documents.push_back(std::move(value));
  }
  return documents;
}

std::string position(std::size_t index) {
  return "document " + std::to_string(index + 1);
}

tl::expected<void, std::string> add_resource(json object, std::vector<json>& out,
                                             const std::string& where) {
  if (!object.is_object()) return tl::unexpected(where + ": a resource must be an object");
  const auto kind = object.find("kind");
  if (kind == object.end() || !kind->is_string() || kind->get<std::string>().empty()) {
    return tl::unexpected(where + ": missing field 'kind'");
  }
  const std::string& kind_text = kind->get_ref<const std::string&>();
  const auto info = find_kind(kind_text);
  if (!info || info->list_kind() == kind_text) {
    return tl::unexpected(where + ": resource type '" + kind_text + "' is not supported");
  }
  out.push_back(std::move(object));
  return {};
}

bool is_list_document(const json& value) {
  if (!value.is_object()) return false;
  const auto kind = value.find("kind");
  if (kind == value.end() || !kind->is_string()) return false;
  const std::string& text = kind->get_ref<const std::string&>();
  return text.size() >= 4 && text.compare(text.size() - 4, 4, "List") == 0;
}

tl::expected<void, std::string> flatten(json document, std::vector<json>& out,
                                        const std::string& where) {
  if (document.is_array()) {
    for (std::size_t i = 0; i < document.size(); ++i) {
      auto added =
          add_resource(std::move(document[i]), out, where + ", item " + std::to_string(i + 1));
      if (!added) return added;
    }
    return {};
  }
  if (!is_list_document(document)) return add_resource(std::move(document), out, where);

  const std::string list_kind = document["kind"].get<std::string>();
  auto items = document.find("items");
  if (items == document.end() || items->is_null()) return {};
  if (!items->is_array())
    return tl::unexpected(where + ": 'items' of a " + list_kind + " must be a list");
  // BGPPeerList items may leave out kind and apiVersion.
  const auto item_kind = find_kind(list_kind);
  for (std::size_t i = 0; i < items->size(); ++i) {
    json item = std::move((*items)[i]);
    if (item.is_object() && item_kind && !item.contains("kind")) {
      item["kind"] = std::string(item_kind->kind);
      if (!item.contains("apiVersion")) item["apiVersion"] = std::string(item_kind->api_version);
    }
    auto added = add_resource(std::move(item), out, where + ", item " + std::to_string(i + 1));
    if (!added) return added;
  }
  return {};
}

}  // namespace

tl::expected<std::vector<json>, std::string> parse_documents(std::string_view text) {
  // JSON is YAML too: a stream that is not plain concatenated JSON (flow-style documents
  // between "---" separators, say) is read as YAML.
  if (looks_like_json(text)) {
    auto as_json = parse_json_stream(text);
    if (as_json) return as_json;
    auto as_yaml = parse_yaml_documents(text);
    if (!as_yaml) return as_json;  // report the JSON error for what looked like JSON
    std::vector<json> non_empty;
    for (json& document : *as_yaml) {
      if (!document.is_null()) non_empty.push_back(std::move(document));
    }
    return non_empty;
  }
  auto documents = parse_yaml_documents(text);
  if (!documents) return documents;
  std::vector<json> non_empty;
  for (json& document : *documents) {
    if (!document.is_null()) non_empty.push_back(std::move(document));
  }
  return non_empty;
}

tl::expected<std::vector<json>, std::string> load_resources(std::string_view text) {
  auto documents = parse_documents(text);
  if (!documents) return documents;
  std::vector<json> resources;
  for (std::size_t i = 0; i < documents->size(); ++i) {
    auto flattened = flatten(std::move((*documents)[i]), resources, position(i));
    if (!flattened) return tl::unexpected(flattened.error());
  }
  return resources;
}

tl::expected<std::string, std::string> read_input(std::string_view path,
                                                  std::istream& stdin_stream) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(stdin_stream),
                       std::istreambuf_iterator<char>());
  }
  std::ifstream file{std::string(path), std::ios::binary};
  if (!file) return tl::unexpected("cannot open '" + std::string(path) + "'");
  std::string content{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  if (file.bad()) return tl::unexpected("cannot read '" + std::string(path) + "'");
  return content;
}

}  // namespace mgmt::rrctl
