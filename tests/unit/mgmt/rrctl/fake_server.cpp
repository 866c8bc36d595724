#include "tests/unit/mgmt/rrctl/fake_server.hpp"

#include <memory>
#include <sstream>

#include "mgmt/rrctl/rrctl.hpp"

namespace mgmt::rrctl::testing {
namespace {

using nlohmann::json;

struct Target {
  std::string collection;  // "/apis/projectcalico.org/v3/bgppeers"
  std::string name;
  std::string query;
  bool resource = false;
};

Target split_target(const std::string& target) {
  Target out;
  std::string path = target;
  if (const auto q = path.find('?'); q != std::string::npos) {
    out.query = path.substr(q + 1);
    path.resize(q);
  }
  for (const std::string prefix : {"/apis/projectcalico.org/v3/", "/api/v1/"}) {
    if (path.rfind(prefix, 0) != 0) continue;
    out.resource = true;
    const std::string rest = path.substr(prefix.size());
    const auto slash = rest.find('/');
    out.collection = prefix + rest.substr(0, slash);
    if (slash != std::string::npos) out.name = rest.substr(slash + 1);
  }
  return out;
}

std::string rv_of(const json& object) {
  if (!object.contains("metadata") || !object["metadata"].contains("resourceVersion")) return {};
  return object["metadata"]["resourceVersion"].get<std::string>();
}

HttpResponse ok(int status, const json& body) {
  return {status, "application/json", body.dump()};
}

json merge_patch(json target, const json& patch) {
  if (!patch.is_object()) return patch;
  if (!target.is_object()) target = json::object();
  for (const auto& [key, value] : patch.items()) {
    if (value.is_null()) {
      target.erase(key);
    } else {
      target[key] = merge_patch(target.contains(key) ? target[key] : json(), value);
    }
  }
  return target;
}

class Forwarding final : public Transport {
 public:
  explicit Forwarding(Transport& target) : target_(target) {}
  tl::expected<HttpResponse, std::string> send(const HttpRequest& request) override {
    return target_.send(request);
  }

 private:
  Transport& target_;
};

}  // namespace

CliResult run_cli(FakeServer& server, const std::vector<std::string>& args,
                  const std::string& input, const std::map<std::string, std::string>& env,
                  const std::map<std::string, std::string>& files) {
  CliResult result;
  std::istringstream in(input);
  std::ostringstream out;
  std::ostringstream err;
  Platform platform;
  platform.env = [&env](std::string_view name) -> std::optional<std::string> {
    const auto it = env.find(std::string(name));
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  platform.read_file = [&files](const std::string& path) -> std::optional<std::string> {
    const auto it = files.find(path);
    if (it == files.end()) return std::nullopt;
    return it->second;
  };
  platform.make_transport = [&server](const ServerUrl&) -> std::unique_ptr<Transport> {
    return std::make_unique<Forwarding>(server);
  };
  platform.now = [] {
    return std::chrono::system_clock::time_point(std::chrono::seconds(1'795'687'200));
  };
  platform.sleep = [&result](std::chrono::milliseconds duration) {
    result.sleeps.push_back(duration);
  };
  platform.zone = TimeZone::utc;
  result.status = run(args, {in, out, err}, platform);
  result.out = out.str();
  result.err = err.str();
  return result;
}

HttpResponse status_response(int code, const std::string& reason, const std::string& message) {
  const json body{{"kind", "Status"},   {"apiVersion", "v1"}, {"status", "Failure"},
                  {"message", message}, {"reason", reason},   {"code", code}};
  return {code, "application/json", body.dump()};
}

void FakeServer::put(const std::string& plural, const json& object) {
  const std::string key =
      "/apis/projectcalico.org/v3/" + plural + "/" + object["metadata"]["name"].get<std::string>();
  store(key, object, 200);
}

const json* FakeServer::find(const std::string& plural, const std::string& name) const {
  const auto it = objects.find("/apis/projectcalico.org/v3/" + plural + "/" + name);
  return it == objects.end() ? nullptr : &it->second;
}

HttpResponse FakeServer::store(const std::string& key, json object, int status) {
  object["metadata"]["resourceVersion"] = std::to_string(next_version++);
  if (!object["metadata"].contains("uid")) object["metadata"]["uid"] = "uid-" + key;
  objects[key] = object;
  return ok(status, object);
}

tl::expected<HttpResponse, std::string> FakeServer::send(const HttpRequest& request) {
  requests.push_back(request);
  if (unreachable) {
    return tl::unexpected(
        std::string("cannot connect to http://127.0.0.1:9179: Connection refused"));
  }
  const Target target = split_target(request.target);
  if (!target.resource) {
    const auto it = extra.find(request.target);
    if (it == extra.end()) return status_response(404, "NotFound", "no such path");
    return ok(200, it->second);
  }
  const std::string key = target.collection + "/" + target.name;
  const auto existing = objects.find(key);
  const std::string plural = target.collection.substr(target.collection.rfind('/') + 1);
  const std::string not_found = plural + ".projectcalico.org \"" + target.name + "\" not found";

  if (request.method == "GET" && target.name.empty()) {
    json items = json::array();
    for (const auto& [path, object] : objects) {
      if (path.rfind(target.collection + "/", 0) == 0) items.push_back(object);
    }
    return ok(200, json{{"kind", "List"},
                        {"items", items},
                        {"metadata", {{"resourceVersion", std::to_string(next_version)}}}});
  }
  if (request.method == "GET") {
    if (existing == objects.end()) return status_response(404, "NotFound", not_found);
    return ok(200, existing->second);
  }
  if (request.method == "POST") {
    const json body = json::parse(request.body);
    const std::string name = body["metadata"]["name"].get<std::string>();
    const std::string post_key = target.collection + "/" + name;
    if (objects.count(post_key) != 0) {
      return status_response(409, "AlreadyExists", plural + " \"" + name + "\" already exists");
    }
    return store(post_key, body, 201);
  }
  if (request.method == "PUT" || request.method == "PATCH") {
    if (existing == objects.end()) return status_response(404, "NotFound", not_found);
    json body = json::parse(request.body);
    if (request.method == "PATCH") body = merge_patch(existing->second, body);
    const std::string wanted = rv_of(body);
    if (conflicts_to_inject > 0 || (!wanted.empty() && wanted != rv_of(existing->second))) {
      if (conflicts_to_inject > 0) --conflicts_to_inject;
      return status_response(409, "Conflict",
                             "the object has been modified; please apply your changes to the "
                             "latest version and try again");
    }
    return store(key, body, 200);
  }
  if (request.method == "DELETE") {
    if (existing == objects.end()) return status_response(404, "NotFound", not_found);
    const std::string prefix = "resourceVersion=";
    if (target.query.rfind(prefix, 0) == 0 &&
        target.query.substr(prefix.size()) != rv_of(existing->second)) {
      return status_response(409, "Conflict", "resourceVersion mismatch");
    }
    json removed = existing->second;
    objects.erase(existing);
    return ok(200, removed);
  }
  return status_response(405, "MethodNotAllowed", "method not allowed");
}

}  // namespace mgmt::rrctl::testing
