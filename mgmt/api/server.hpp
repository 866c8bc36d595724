// The ops HTTP endpoint of rrd (DESIGN.md §4): Calico resource CRUD over the datastore
// (/apis/projectcalico.org/v3/…, /api/v1/secrets), daemon status, RIB, dry-run plans, health and
// Prometheus metrics. HTTP/1.1 with keep-alive over Boost.Beast.
//
// ApiServer owns its listening socket; the daemon owns the ApiServer and the io_context it runs
// on (one thread is enough: handlers call the Store and the StatusProvider synchronously).
// start() and stop() are called on that io_context's thread, or while it is not running. The
// store, status provider and registry must outlive the io_context (open connections hold on to
// them until their handlers have run or been destroyed).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <prometheus/registry.h>

#include "mgmt/api/status_provider.hpp"
#include "mgmt/store/store.hpp"

namespace mgmt::api {

struct ApiConfig {
  std::string bind_address = "127.0.0.1";  // an IPv4 or IPv6 literal
  std::uint16_t port = 9179;               // 0: ephemeral (tests)
  std::string token;  // bearer token for mutations and secrets; empty: those are refused (401)
  // Limits (additions to the contract; the defaults suit production).
  std::chrono::milliseconds idle_timeout{30'000};     // an idle keep-alive connection is closed
  std::chrono::milliseconds request_timeout{30'000};  // to read a body or write a response
  std::size_t body_limit = std::size_t{1024} * 1024;  // larger bodies get 413
  std::size_t header_limit = std::size_t{16} * 1024;  // larger headers get 431
  std::size_t max_connections = 256;                  // further connections are closed at once
};

class Listener;

class ApiServer {
 public:
  ApiServer(boost::asio::io_context& io, ApiConfig config, store::Store& store,
            StatusProvider& status, prometheus::Registry& metrics);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  void start();  // binds and listens; throws std::runtime_error on failure (start-up error)
  [[nodiscard]] std::uint16_t port() const;  // the bound port (after start())
  void stop();                               // stops accepting and closes every open connection

 private:
  std::shared_ptr<Listener> listener_;
};

}  // namespace mgmt::api
