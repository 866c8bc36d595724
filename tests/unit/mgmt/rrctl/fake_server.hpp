// An in-memory stand-in for rrd's ops API behind rrctl's Transport seam: stores resources per
// path, answers GET/list/POST/PUT/PATCH/DELETE with Kubernetes-style Status errors and
// resourceVersion checks, records every request, and can inject update conflicts. Extra GET
// answers (status, rib, plan) are set per target. Test-only; single-threaded.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mgmt/rrctl/http_client.hpp"

namespace mgmt::rrctl::testing {

class FakeServer final : public Transport {
 public:
  tl::expected<HttpResponse, std::string> send(const HttpRequest& request) override;

  // Stores an object under /apis/projectcalico.org/v3/<plural>/<name> with a new version.
  void put(const std::string& plural, const nlohmann::json& object);
  [[nodiscard]] const nlohmann::json* find(const std::string& plural,
                                           const std::string& name) const;

  std::map<std::string, nlohmann::json> objects;  // collection path + "/" + name -> object
  std::map<std::string, nlohmann::json> extra;    // other GET targets -> body
  std::vector<HttpRequest> requests;
  int next_version = 100;
  int conflicts_to_inject = 0;  // the next N PUTs fail with 409 Conflict
  bool unreachable = false;

 private:
  HttpResponse store(const std::string& key, nlohmann::json object, int status);
};

// Runs `rrctl <args>` against `server` with a fixed clock (2026-11-26T10:00:00Z, UTC), recorded
// sleeps, the given stdin, environment and readable files.
struct CliResult {
  int status = 0;
  std::string out;
  std::string err;
  std::vector<std::chrono::milliseconds> sleeps;
};
CliResult run_cli(FakeServer& server, const std::vector<std::string>& args,
                  const std::string& input = {}, const std::map<std::string, std::string>& env = {},
                  const std::map<std::string, std::string>& files = {});

[[nodiscard]] HttpResponse status_response(int code, const std::string& reason,
                                           const std::string& message);

}  // namespace mgmt::rrctl::testing
