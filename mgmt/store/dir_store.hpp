// DirStore: the embedded default datastore, a directory of JSON documents.
//
// Layout: <dir>/<plural>/<name>.json holds {"revision": <mod revision>, "value": <stored value>};
// <dir>/REVISION holds the last revision handed out (decimal), <dir>/LOCK is flock()ed while the
// store is open (a second open of the same directory fails). Every write goes to a temporary
// file "<name>.json.<random>.tmp" in the same directory, is fsync()ed, renamed over the target
// and the directory is fsync()ed, so a crash leaves either the old or the new document; leftover
// *.tmp files are removed at open. The revision counter is persisted before the object it
// numbers, so revisions are never reused, even after deletes and crashes (at open the counter is
// also raised to the highest revision found in a document).
//
// Ownership and threads: the caller owns the store (unique_ptr<Store>). All methods are
// thread-safe (one mutex; writes hold it across their disk I/O). Watchers run on the store's
// notifier thread in revision order, never while the store mutex is held.
#pragma once

#include <filesystem>
#include <memory>

#include <tl/expected.hpp>

#include "mgmt/store/store.hpp"

namespace mgmt::store {

// Opens (creating it if needed) the directory store at `dir` and loads every document. Fails
// with `unavailable` when the directory cannot be created, locked or read, and when a document
// is corrupt (unparseable JSON, wrong shape, bad file name): the message names the file, and the
// file is left untouched for the operator to inspect. Never throws.
[[nodiscard]] tl::expected<std::unique_ptr<Store>, Error> open_dir_store(
    const std::filesystem::path& dir);

}  // namespace mgmt::store
