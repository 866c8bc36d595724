// Standard base64 (RFC 4648 §4, with padding), as Kubernetes uses for Secret `data` values.
// Decoding is strict: only the standard alphabet, correct padding, no whitespace. Pure functions;
// any thread. Also used by the etcd client (mgmt/store) for keys and values.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mgmt::resource {

[[nodiscard]] std::string base64_encode(std::string_view bytes);
[[nodiscard]] std::optional<std::string> base64_decode(std::string_view text);

}  // namespace mgmt::resource
