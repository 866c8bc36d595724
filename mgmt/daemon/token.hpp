// The bearer token that mutations through the ops API need. Read from the token file; on first
// start, when the file does not exist, a random token is written there (mode 0600) so that rrctl
// on the same machine can read it.
#pragma once

#include <filesystem>
#include <string>

#include <tl/expected.hpp>

namespace mgmt::daemon {

[[nodiscard]] tl::expected<std::string, std::string> load_or_create_token(
    const std::filesystem::path& file, bool& created);

}  // namespace mgmt::daemon
