// A small blocking HTTP/1.1 client for the API tests: one keep-alive connection to
// 127.0.0.1:<port>, every operation bounded by a deadline. Also a raw-bytes exchange for
// malformed requests. Test-only; used from the test's main thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/verb.hpp>
#include <nlohmann/json.hpp>

namespace mgmt::api::testing {

struct Reply {
  unsigned status = 0;  // 0: no response (connection closed, timeout)
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  bool keep_alive = false;
  [[nodiscard]] nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
  [[nodiscard]] std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string{} : it->second;
  }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port);
  Reply request(boost::beast::http::verb method, const std::string& target,
                const std::string& body = {}, const Headers& headers = {});
  // True when the server closed the connection (a read sees EOF/reset within `wait`).
  bool closed_by_server(std::chrono::milliseconds wait);

 private:
  boost::asio::io_context io_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
};

// Connects, sends `bytes` (as much as the server accepts), reads until the server closes or
// `wait` passes, and returns what was read.
std::string raw_exchange(std::uint16_t port, const std::string& bytes,
                         std::chrono::milliseconds wait = std::chrono::seconds(5));

}  // namespace mgmt::api::testing
