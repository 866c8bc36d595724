// The datastore: where resources live (DESIGN.md §4). One interface, two backends:
//   - DirStore (dir_store.hpp): the embedded default, a directory of JSON documents written
//     atomically (write to a temporary file, fsync, rename), with a persisted revision counter;
//   - EtcdStore (etcd_store.hpp): etcd v3 with Calico's key layout
//     /calico/resources/v3/projectcalico.org/<plural>/<name>, resourceVersion = mod_revision.
//
// Objects are JSON documents (the encoded resources, see resource/codec.hpp), addressed by
// (plural, name). Semantics follow calico-bgp-spec.md §5.1: create fails if the name exists;
// update and remove with a non-empty expected resourceVersion fail with `conflict` when it
// differs; the stored value never holds metadata.resourceVersion, returned values always do.
// create() fills metadata.uid and metadata.creationTimestamp when absent; update() keeps them.
//
// Thread-safe: any thread may call any method. Watchers are called after the change is durable,
// in revision order, from the store's own thread (never while a caller holds a store lock).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

namespace mgmt::store {

enum class ErrorCode : std::uint8_t {
  not_found,       // HTTP 404
  already_exists,  // HTTP 409
  conflict,        // HTTP 409: resourceVersion mismatch
  invalid,         // HTTP 400: e.g. a resourceVersion on create
  unavailable,     // HTTP 503: backend down, disk error
};

struct Error {
  ErrorCode code = ErrorCode::unavailable;
  std::string message;
};

struct Object {
  std::string plural;
  std::string name;
  nlohmann::json value;        // with metadata.resourceVersion set
  std::uint64_t revision = 0;  // the object's modification revision (= resourceVersion)
};

struct List {
  std::vector<Object> items;   // sorted by name
  std::uint64_t revision = 0;  // store revision when listed
};

struct Event {
  enum class Type : std::uint8_t { put, remove };
  Type type = Type::put;
  Object object;  // for remove: the last stored value, revision = the deleting revision
};

using Watcher = std::function<void(const Event&)>;

class Store {
 public:
  virtual ~Store() = default;

  virtual tl::expected<Object, Error> get(std::string_view plural, std::string_view name) = 0;
  virtual tl::expected<List, Error> list(std::string_view plural) = 0;
  virtual tl::expected<Object, Error> create(std::string_view plural, std::string_view name,
                                             nlohmann::json value) = 0;
  // expected_version "" = unconditional.
  virtual tl::expected<Object, Error> update(std::string_view plural, std::string_view name,
                                             nlohmann::json value,
                                             std::string_view expected_version) = 0;
  virtual tl::expected<Object, Error> remove(std::string_view plural, std::string_view name,
                                             std::string_view expected_version) = 0;

  // Calls `watcher` for every change after the returned id is registered (no replay: list
  // first, then apply events with a higher revision). Returns an id for unwatch().
  virtual std::uint64_t watch(Watcher watcher) = 0;
  virtual void unwatch(std::uint64_t id) = 0;

  [[nodiscard]] virtual std::uint64_t revision() = 0;
};

}  // namespace mgmt::store
