// Durable file primitives for DirStore: atomic replace (temporary file in the same directory,
// fsync, rename, fsync of the directory), durable unlink, whole-file read. Free functions with
// no state; any thread (callers serialise writes to the same path).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "mgmt/store/store.hpp"

namespace mgmt::store {

// Suffix of the temporary files write_file_atomic() creates ("<target>.<random>.tmp").
inline constexpr std::string_view kTempSuffix = ".tmp";

// Replaces `target` with `contents` so that a crash leaves either the old or the new file.
[[nodiscard]] tl::expected<void, Error> write_file_atomic(const std::filesystem::path& target,
                                                          std::string_view contents);

// Unlinks `target` and fsyncs its directory.
[[nodiscard]] tl::expected<void, Error> remove_file_durable(const std::filesystem::path& target);

// Creates directory `dir` if it does not exist, fsyncing its parent when it was created.
[[nodiscard]] tl::expected<void, Error> ensure_directory(const std::filesystem::path& dir);

// fsync() of a directory, making renames and unlinks inside it durable.
[[nodiscard]] tl::expected<void, Error> sync_directory(const std::filesystem::path& dir);

// The whole content of a regular file.
[[nodiscard]] tl::expected<std::string, Error> read_file(const std::filesystem::path& path);

}  // namespace mgmt::store
