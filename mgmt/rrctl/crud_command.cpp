#include "mgmt/rrctl/crud_command.hpp"

#include <chrono>
#include <optional>
#include <vector>

#include "mgmt/rrctl/documents.hpp"

namespace mgmt::rrctl {
namespace {

using nlohmann::json;

constexpr int kReplaceAttempts = 5;  // calicoctl retries an unconditional update this often
constexpr std::chrono::milliseconds kConflictWait{1000};

struct VerbWords {
  std::string_view verb;  // "apply"
  std::string_view past;  // "applied"
};

VerbWords words_for(Command command) {
  switch (command) {
    case Command::create:
      return {"create", "created"};
    case Command::replace:
      return {"replace", "replaced"};
    case Command::remove:
      return {"delete", "deleted"};
    default:
      return {"apply", "applied"};
  }
}

// calicoctl's ExecuteConfigCommand results.
struct Batch {
  std::size_t total = 0;
  std::size_t handled = 0;
  std::vector<std::string> errors;
  std::string single_kind;
  bool mixed = false;

  void note_kind(std::string_view kind) {
    if (total == 0) {
      single_kind = std::string(kind);
    } else if (single_kind != kind) {
      mixed = true;
    }
    ++total;
  }
  [[nodiscard]] std::string kind() const { return mixed ? std::string() : single_kind; }
};

using Outcome = std::optional<std::string>;  // nullopt: success, else the error

std::string go_error_list(const std::vector<std::string>& errors) {
  std::string out = "[";
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (i != 0) out += ' ';
    out += errors[i];
  }
  out += ']';
  return out;
}

const json* find_member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string string_member(const json& object, const char* key) {
  const json* value = find_member(object, key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

// calicoctl keeps only these metadata fields of a user-supplied resource
// (prepareMetadataForCreate).
json writable(const json& resource, const KindInfo& kind, bool keep_resource_version) {
  json out = resource;
  if (!out.contains("apiVersion")) out["apiVersion"] = std::string(kind.api_version);
  const json* metadata = find_member(resource, "metadata");
  json reduced = json::object();
  if (metadata != nullptr && metadata->is_object()) {
    for (const char* key : {"name", "namespace", "labels", "annotations"}) {
      if (const json* value = find_member(*metadata, key)) reduced[key] = *value;
    }
    if (keep_resource_version) {
      if (const json* value = find_member(*metadata, "resourceVersion")) {
        reduced["resourceVersion"] = *value;
      }
    }
  }
  out["metadata"] = std::move(reduced);
  return out;
}

void set_resource_version(json& object, const std::string& resource_version) {
  object["metadata"]["resourceVersion"] = resource_version;
}

Outcome create_one(CommandContext& ctx, const KindInfo& kind, const json& resource,
                   bool skip_exists) {
  const std::string name = object_name(resource);
  auto created = ctx.api.create(kind, writable(resource, kind, false));
  if (created) return std::nullopt;
  if (created.error().already_exists() && skip_exists) return std::nullopt;
  return resource_error_text(kind, name, created.error());
}

Outcome apply_one(CommandContext& ctx, const KindInfo& kind, const json& resource) {
  const std::string name = object_name(resource);
  auto created = ctx.api.create(kind, writable(resource, kind, false));
  if (created) return std::nullopt;
  if (!created.error().already_exists()) return resource_error_text(kind, name, created.error());

  json update = writable(resource, kind, true);
  if (object_resource_version(update).empty()) {
    auto current = ctx.api.get(kind, name);
    if (!current) return resource_error_text(kind, name, current.error());
    set_resource_version(update, object_resource_version(*current));
  }
  auto updated = ctx.api.replace(kind, name, update);
  if (!updated) return resource_error_text(kind, name, updated.error());
  return std::nullopt;
}

Outcome replace_one(CommandContext& ctx, const KindInfo& kind, const json& resource) {
  const std::string name = object_name(resource);
  json update = writable(resource, kind, true);
  if (!object_resource_version(update).empty()) {  // the file pins a version: one attempt
    auto updated = ctx.api.replace(kind, name, update);
    if (!updated) return resource_error_text(kind, name, updated.error());
    return std::nullopt;
  }
  const json* file_metadata = find_member(resource, "metadata");
  for (int attempt = 1;; ++attempt) {
    auto current = ctx.api.get(kind, name);
    if (!current) return resource_error_text(kind, name, current.error());
    // Take the stored metadata, but the labels and annotations the file gives.
    json metadata = current->value("metadata", json::object());
    for (const char* key : {"labels", "annotations"}) {
      const json* value = file_metadata != nullptr ? find_member(*file_metadata, key) : nullptr;
      if (value != nullptr) {
        metadata[key] = *value;
      } else {
        metadata.erase(key);
      }
    }
    update["metadata"] = std::move(metadata);
    auto updated = ctx.api.replace(kind, name, update);
    if (updated) return std::nullopt;
    if (!updated.error().conflict() || attempt >= kReplaceAttempts) {
      return resource_error_text(kind, name, updated.error());
    }
    ctx.sleep(kConflictWait);
  }
}

Outcome delete_one(CommandContext& ctx, const KindInfo& kind, const std::string& name,
                   const std::string& resource_version, bool skip_not_exists) {
  auto removed = ctx.api.remove(kind, name, resource_version);
  if (removed) return std::nullopt;
  if (removed.error().not_found() && skip_not_exists) return std::nullopt;
  return resource_error_text(kind, name, removed.error());
}

int report(CommandContext& ctx, Command command, const Batch& batch) {
  const VerbWords words = words_for(command);
  const std::string kind = batch.kind();
  // replace keeps only the last error and prints it bare; the others list every error.
  const bool single_error = command == Command::replace;
  const std::string errors = single_error
                                 ? (batch.errors.empty() ? std::string() : batch.errors.back())
                                 : go_error_list(batch.errors);
  if (batch.total == 0) {
    ctx.err << "No resources specified in file\n";
    return 1;
  }
  if (batch.handled == 0) {
    if (batch.total == 1) {
      ctx.err << "Failed to " << words.verb << " '" << kind << "' resource: " << errors << '\n';
    } else if (!kind.empty()) {
      ctx.err << "Failed to " << words.verb << " any '" << kind << "' resources: " << errors
              << '\n';
    } else {
      ctx.err << "Failed to " << words.verb << " any resources: " << errors << '\n';
    }
    return 1;
  }
  if (batch.errors.empty()) {
    ctx.out << "Successfully " << words.past << ' ' << batch.handled << ' ';
    if (!kind.empty()) ctx.out << '\'' << kind << "' ";
    ctx.out << "resource(s)\n";
    return 0;
  }
  ctx.out << "Partial success: " << words.past << ' ' << batch.handled << " out of " << batch.total
          << ' ';
  if (!kind.empty()) ctx.out << '\'' << kind << "' ";
  ctx.out << "resources:\n";
  ctx.err << "Hit error: " << errors << '\n';
  return 1;
}

Outcome run_one(CommandContext& ctx, const Invocation& inv, const KindInfo& kind,
                const json& resource) {
  const std::string name = object_name(resource);
  if (name.empty() && inv.command != Command::create && inv.command != Command::apply) {
    return "error with field metadata.name = '' (name is required)";
  }
  switch (inv.command) {
    case Command::create:
      return create_one(ctx, kind, resource, inv.skip_exists);
    case Command::replace:
      return replace_one(ctx, kind, resource);
    case Command::remove:
      return delete_one(ctx, kind, name, object_resource_version(resource), inv.skip_not_exists);
    default:
      return apply_one(ctx, kind, resource);
  }
}

}  // namespace

std::string object_name(const json& object) {
  const json* metadata = find_member(object, "metadata");
  return metadata != nullptr ? string_member(*metadata, "name") : std::string();
}

std::string object_resource_version(const json& object) {
  const json* metadata = find_member(object, "metadata");
  return metadata != nullptr ? string_member(*metadata, "resourceVersion") : std::string();
}

std::string resource_error_text(const KindInfo& kind, std::string_view name,
                                const ApiError& error) {
  const std::string id = std::string(kind.kind) + "(" + std::string(name) + ")";
  if (error.already_exists()) return "resource already exists: " + id;
  if (error.not_found()) {
    return "resource does not exist: " + id +
           (error.message.empty() ? std::string() : " with error: " + error.to_string());
  }
  if (error.conflict()) {
    return "update conflict: " + id +
           (error.message.empty() ? std::string() : ": " + error.to_string());
  }
  return error.to_string();
}

int run_resource_command(const Invocation& inv, CommandContext& ctx) {
  Batch batch;
  auto handle = [&](const KindInfo& kind, const json& resource) {
    batch.note_kind(kind.kind);
    if (Outcome error = run_one(ctx, inv, kind, resource)) {
      batch.errors.push_back(std::move(*error));
    } else {
      ++batch.handled;
    }
  };

  if (!inv.filename) {  // delete <KIND> <NAME>...
    const auto kind = find_kind(inv.arguments.front());
    if (!kind) return 1;  // parse_arguments() has checked it
    for (std::size_t i = 1; i < inv.arguments.size(); ++i) {
      handle(*kind,
             json{{"kind", std::string(kind->kind)}, {"metadata", {{"name", inv.arguments[i]}}}});
    }
    return report(ctx, inv.command, batch);
  }

  auto text = read_input(*inv.filename, ctx.in);
  if (!text) {
    ctx.err << "Failed to execute command: " << text.error() << '\n';
    return 1;
  }
  auto resources = load_resources(*text);
  if (!resources) {
    ctx.err << "Failed to execute command: " << resources.error() << '\n';
    return 1;
  }
  for (const json& resource : *resources) {
    const auto kind = find_kind(resource["kind"].get<std::string>());
    if (kind) handle(*kind, resource);
  }
  return report(ctx, inv.command, batch);
}

}  // namespace mgmt::rrctl
