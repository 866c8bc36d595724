// Test fixture: a real ApiServer on 127.0.0.1:<ephemeral> over a DirStore in a fresh temporary
// directory, a fixed StatusProvider and its own Registry, its io_context run by a background
// thread. Test-only.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include "mgmt/api/server.hpp"
#include "mgmt/api/status_provider.hpp"
#include "mgmt/store/dir_store.hpp"
#include "tests/unit/mgmt/api/http_client.hpp"

namespace mgmt::api::testing {

inline constexpr const char* kToken = "s3cret-token";

// Answers with fixed documents; rib() remembers the prefix it was asked for.
class FixedStatus : public StatusProvider {
 public:
  nlohmann::json peers() override {
    return {{"kind", "PeerStatusList"},
            {"node", "rr-1"},
            {"items", {{{"name", "Node_10_0_0_2"}, {"peerAddress", "10.0.0.2"}, {"state", "up"}}}}};
  }
  nlohmann::json status() override {
    return {{"kind", "Status"}, {"node", "rr-1"}, {"ready", ready_}};
  }
  nlohmann::json rib(std::string_view prefix) override {
    last_prefix = std::string{prefix};
    nlohmann::json items = nlohmann::json::array();
    if (prefix.empty() || prefix == "10.0.0.0/26" || prefix == "2001:db8::/64") {
      items.push_back({{"prefix", prefix.empty() ? "10.0.0.0/26" : std::string{prefix}}});
    }
    return {{"kind", "Rib"}, {"items", items}};
  }
  std::optional<nlohmann::json> adj_rib_out(std::string_view peer) override {
    if (peer != "Node_10_0_0_2" && peer != "10.0.0.2") return std::nullopt;
    return nlohmann::json{
        {"kind", "AdjRibOut"}, {"peer", peer}, {"items", nlohmann::json::array()}};
  }
  tl::expected<nlohmann::json, std::string> plan(std::string_view node) override {
    if (node != "node-1")
      return tl::make_unexpected("node \"" + std::string{node} + "\" not found");
    return nlohmann::json{{"node", node}, {"sessions", nlohmann::json::array()}};
  }
  bool ready() override { return ready_; }
  bool live() override { return live_; }

  std::string last_prefix;
  bool ready_ = true;
  bool live_ = true;
};

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "rrd-api-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto opened = store::open_dir_store(dir_ / "store");
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    store_ = std::move(*opened);
    config_.port = 0;
    config_.token = kToken;
    configure(config_);
    server_ = std::make_unique<ApiServer>(io_, config_, *store_, status_, registry_);
    server_->start();
    thread_ = std::thread([this] { io_.run(); });
  }

  void TearDown() override {
    if (thread_.joinable()) {
      // Stop, then let every session finish (they end within the linger deadline), so no
      // handler outlives the registry and the store.
      boost::asio::post(io_, [this] { server_->stop(); });
      work_.reset();
      thread_.join();
    }
    server_.reset();
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // Tests override to change limits before the server starts.
  virtual void configure(ApiConfig& /*config*/) {}

  [[nodiscard]] std::uint16_t port() const { return server_->port(); }
  HttpClient client() { return HttpClient(port()); }

  static Headers auth() { return {{"Authorization", std::string{"Bearer "} + kToken}}; }
  static Headers auth_json(const std::string& content_type = "application/json") {
    return {{"Authorization", std::string{"Bearer "} + kToken}, {"Content-Type", content_type}};
  }

  std::filesystem::path dir_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{
      io_.get_executor()};
  ApiConfig config_;
  std::unique_ptr<store::Store> store_;
  FixedStatus status_;
  prometheus::Registry registry_;
  std::unique_ptr<ApiServer> server_;
  std::thread thread_;
};

}  // namespace mgmt::api::testing
