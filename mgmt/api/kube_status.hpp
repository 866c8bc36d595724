// Kubernetes `Status` error bodies (apimachinery metav1.Status), the error format of every API
// route: {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":…,
// "reason":"NotFound",…,"details":{"name":…,"group":…,"kind":…,"causes":[…]},"code":404}.
// Messages follow the apiserver's wording so kubectl-style clients read them naturally.
// Pure functions; any thread.
#pragma once

#include <string>
#include <string_view>

#include "mgmt/api/request.hpp"
#include "mgmt/resource/codec.hpp"
#include "mgmt/store/store.hpp"

namespace mgmt::api {

// The object an error is about.
struct ObjectRef {
  std::string plural;  // "bgppeers", "secrets"
  std::string group;   // "projectcalico.org"; "" for core v1 (Secret)
  std::string kind;    // "BGPPeer"
  std::string name;
  [[nodiscard]] std::string qualified_plural() const;  // "bgppeers.projectcalico.org"
  [[nodiscard]] std::string qualified_kind() const;    // "BGPPeer.projectcalico.org"
};

[[nodiscard]] ObjectRef object_ref(resource::Kind kind, std::string name);

// The generic builder: `reason` is a metav1.StatusReason ("BadRequest", "NotFound", …).
[[nodiscard]] Response kube_status(unsigned code, std::string_view reason, std::string message,
                                   nlohmann::json details = nullptr);

[[nodiscard]] Response bad_request(std::string message);  // 400 BadRequest
[[nodiscard]] Response invalid(const ObjectRef& ref, const resource::FieldErrors& errors);  // 400
[[nodiscard]] Response unauthorized();                              // 401 + WWW-Authenticate
[[nodiscard]] Response path_not_found();                            // 404 unknown route
[[nodiscard]] Response not_found(const ObjectRef& ref);             // 404
[[nodiscard]] Response method_not_allowed(std::string_view allow);  // 405 + Allow
[[nodiscard]] Response already_exists(const ObjectRef& ref);        // 409 AlreadyExists
[[nodiscard]] Response conflict(const ObjectRef& ref, std::string_view why);  // 409 Conflict
[[nodiscard]] Response too_large(std::size_t limit);                          // 413
[[nodiscard]] Response unsupported_media_type(std::string_view type);         // 415
[[nodiscard]] Response header_too_large();                                    // 431
[[nodiscard]] Response unavailable(std::string message);                      // 503
[[nodiscard]] Response internal_error(std::string message);                   // 500

// The Status for a datastore error about `ref`.
[[nodiscard]] Response from_store_error(const ObjectRef& ref, const store::Error& error);

}  // namespace mgmt::api
