// Bearer-token check for the API's mutations and secret reads. Owned by the Router; immutable
// after construction, so any thread may use it. An empty configured token refuses everything.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace mgmt::api {

// Equality whose running time depends only on `expected`'s length, not on where `given` differs.
[[nodiscard]] bool constant_time_equal(std::string_view given, std::string_view expected);

class Authenticator {
 public:
  explicit Authenticator(std::string token) : token_(std::move(token)) {}

  // `authorization` is the Authorization header value: "Bearer <token>" (scheme case-insensitive).
  [[nodiscard]] bool authorize(std::string_view authorization) const;

 private:
  std::string token_;
};

}  // namespace mgmt::api
