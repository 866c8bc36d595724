#include "mgmt/rrctl/patch_label_command.hpp"

#include "mgmt/rrctl/crud_command.hpp"
#include "mgmt/rrctl/documents.hpp"
#include "mgmt/rrctl/kinds.hpp"

namespace mgmt::rrctl {

using nlohmann::json;

tl::expected<json, std::string> parse_patch(std::string_view text) {
  auto documents = parse_documents(text);
  if (!documents) return tl::unexpected(documents.error());
  if (documents->size() != 1 || !documents->front().is_object()) {
    return tl::unexpected(std::string("the patch must be one JSON or YAML object"));
  }
  return std::move(documents->front());
}

tl::expected<void, std::string> apply_label_change(json& object, const LabelChange& change,
                                                   std::string_view kind, std::string_view name) {
  json& metadata = object["metadata"];
  if (!metadata.is_object()) metadata = json::object();
  json& labels = metadata["labels"];
  if (!labels.is_object()) labels = json::object();
  const auto existing = labels.find(change.key);
  const std::string where = std::string(kind) + " " + std::string(name);
  if (change.remove) {
    if (existing == labels.end()) {
      return tl::unexpected("can not remove label of " + where + ", label " + change.key +
                            " does not exist");
    }
    labels.erase(existing);
    return {};
  }
  if (existing != labels.end() && !change.overwrite &&
      !(existing->is_string() && existing->get<std::string>() == change.value)) {
    return tl::unexpected("failed to update label of " + where + ", key " + change.key +
                          " is already present. please use '--overwrite' to set a new value.");
  }
  labels[change.key] = change.value;
  return {};
}

int run_patch(const Invocation& inv, CommandContext& ctx) {
  const auto kind = find_kind(inv.arguments[0]);
  if (!kind) return 1;  // parse_arguments() has checked it
  const std::string& name = inv.arguments[1];
  auto patch = parse_patch(inv.patch);
  if (!patch) {
    ctx.err << "Failed to execute command: invalid patch: " << patch.error() << '\n';
    return 1;
  }
  auto patched = ctx.api.patch(*kind, name, *patch);
  if (!patched) {
    ctx.err << "Failed to patch '" << kind->kind
            << "' resource: " << resource_error_text(*kind, name, patched.error()) << '\n';
    return 1;
  }
  ctx.out << "Successfully patched 1 '" << kind->kind << "' resource\n";
  return 0;
}

int run_label(const Invocation& inv, CommandContext& ctx) {
  const std::string& kind_text = inv.arguments[0];
  const auto kind = find_kind(kind_text);
  if (!kind) return 1;  // parse_arguments() has checked it
  const std::string& name = inv.arguments[1];
  const std::string& label = inv.arguments[2];
  LabelChange change;
  change.remove = inv.remove_label;
  change.overwrite = inv.overwrite;
  if (change.remove) {
    change.key = label;
  } else {
    const std::size_t equals = label.find('=');
    change.key = label.substr(0, equals);
    change.value = label.substr(equals + 1);
  }

  auto object = ctx.api.get(*kind, name);
  if (!object) {
    ctx.err << resource_error_text(*kind, name, object.error()) << '\n';
    return 1;
  }
  const json before = *object;
  if (auto changed = apply_label_change(*object, change, kind_text, name); !changed) {
    ctx.err << changed.error() << '\n';
    return 1;
  }
  if (*object != before) {
    // The PUT carries the fetched resourceVersion, so a concurrent change is a conflict.
    auto updated = ctx.api.replace(*kind, name, *object);
    if (!updated) {
      ctx.err << resource_error_text(*kind, name, updated.error()) << '\n';
      return 1;
    }
  }
  if (change.remove) {
    ctx.out << "Successfully removed label " << change.key << " from " << kind_text << ' ' << name
            << '\n';
  } else {
    ctx.out << "Successfully set label " << change.key << " on " << kind_text << ' ' << name
            << '\n';
  }
  return 0;
}

}  // namespace mgmt::rrctl
