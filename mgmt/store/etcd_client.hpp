// EtcdClient: a minimal etcd v3 client over the JSON gRPC gateway (POST /v3/kv/range, /v3/kv/txn,
// /v3/watch ...) using Boost.Beast over plain HTTP/1.1. Keys and values travel base64-encoded,
// int64s as JSON strings; this file holds those encodings too.
//
// Unary calls open one short-lived connection each (so calls from different threads run in
// parallel) with a deadline; any transport failure, timeout or non-200 answer is an `unavailable`
// Error, never an exception. When several endpoints are configured a call moves on to the next
// endpoint only when connecting fails (a request that may have reached etcd is never re-sent).
// EtcdWatchStream is one streaming /v3/watch connection, read by one thread and cancellable from
// any other. Owned by EtcdStore.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "mgmt/store/store.hpp"

namespace mgmt::store {

struct EtcdEndpoint {
  std::string host;
  std::string port;
};

// "http://host:port" (a trailing "/" is accepted; https is not supported) -> host and port.
[[nodiscard]] tl::expected<EtcdEndpoint, Error> parse_etcd_endpoint(std::string_view url);

[[nodiscard]] std::string base64_encode(std::string_view bytes);
[[nodiscard]] tl::expected<std::string, Error> base64_decode(std::string_view text);

// The range_end selecting every key that starts with `prefix` (last byte + 1, carrying).
[[nodiscard]] std::string prefix_range_end(std::string_view prefix);

// One mvccpb.KeyValue with key and value decoded.
struct KeyValue {
  std::string key;
  std::string value;
  std::uint64_t create_revision = 0;
  std::uint64_t mod_revision = 0;
  std::uint64_t version = 0;
};

[[nodiscard]] tl::expected<KeyValue, Error> parse_key_value(const nlohmann::json& kv);
// An int64 field as the gateway writes it (a decimal string; absent = 0).
[[nodiscard]] std::uint64_t json_uint(const nlohmann::json& object, std::string_view field);
// response.header.revision.
[[nodiscard]] std::uint64_t header_revision(const nlohmann::json& response);

class EtcdWatchConnection;

// A streaming watch. open() and next() block and run on the owner's thread; cancel() may be
// called from any thread and makes a blocked or later open()/next() fail promptly.
class EtcdWatchStream {
 public:
  EtcdWatchStream();
  ~EtcdWatchStream();
  EtcdWatchStream(const EtcdWatchStream&) = delete;
  EtcdWatchStream& operator=(const EtcdWatchStream&) = delete;
  EtcdWatchStream(EtcdWatchStream&&) = delete;
  EtcdWatchStream& operator=(EtcdWatchStream&&) = delete;

  // Connects and sends {"create_request": create_request}.
  tl::expected<void, Error> open(const EtcdEndpoint& endpoint, const nlohmann::json& create_request,
                                 std::chrono::milliseconds timeout);
  // The next WatchResponse (the "result" member of the next line of the stream).
  tl::expected<nlohmann::json, Error> next();
  void cancel();

 private:
  std::unique_ptr<EtcdWatchConnection> connection_;
  std::string pending_;  // bytes after the last complete line
};

class EtcdClient {
 public:
  EtcdClient(std::vector<EtcdEndpoint> endpoints, std::chrono::milliseconds timeout);

  // POSTs `request` to `path` (e.g. "/v3/kv/txn") and returns the parsed JSON answer.
  tl::expected<nlohmann::json, Error> call(std::string_view path, const nlohmann::json& request);

  // Opens a watch on the first endpoint that accepts a connection.
  tl::expected<void, Error> open_watch(EtcdWatchStream& stream,
                                       const nlohmann::json& create_request);

  [[nodiscard]] std::chrono::milliseconds timeout() const { return timeout_; }

 private:
  const std::vector<EtcdEndpoint> endpoints_;
  const std::chrono::milliseconds timeout_;
  std::atomic<std::size_t> preferred_{0};  // index of the endpoint that last accepted a connection
};

}  // namespace mgmt::store
