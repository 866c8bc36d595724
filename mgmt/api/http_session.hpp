// One client connection of the ops API: HTTP/1.1 with keep-alive, one request at a time. Reads
// the header (answering "Expect: 100-continue"), then the body within the size limit, asks the
// Router, writes the response, and loops. Malformed requests get a Status response and the
// connection is closed after a short drain (so the client sees the answer, not a reset); a client
// idle or slow past its deadline is dropped. Nothing a client sends can affect another connection.
//
// Created by the Listener for each accepted socket and kept alive by its own pending operations
// (shared_from_this); runs on the API's io_context thread.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "mgmt/api/request.hpp"
#include "mgmt/api/request_metrics.hpp"
#include "mgmt/api/router.hpp"

namespace mgmt::api {

struct SessionLimits {
  std::chrono::milliseconds idle_timeout{30'000};     // waiting for (the header of) a request
  std::chrono::milliseconds request_timeout{30'000};  // reading a body, writing a response
  std::size_t header_limit = std::size_t{16} * 1024;
  std::size_t body_limit = std::size_t{1024} * 1024;
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<Router> router,
              std::shared_ptr<RequestMetrics> metrics, SessionLimits limits);
  ~HttpSession();
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  void start();
  // Closes the socket (from any thread; done on the session's executor); pending operations
  // complete with operation_aborted.
  void close();

 private:
  void close_now();
  void read_header();
  void on_header(boost::beast::error_code ec);
  void read_body();
  void on_body(boost::beast::error_code ec);
  void on_read_error(boost::beast::error_code ec);
  void send(Response response, boost::beast::http::verb method, bool keep_alive);
  void on_write(boost::beast::error_code ec, bool keep_alive);
  // Half-closes, then reads and discards what the client still sends until it closes or a short
  // deadline passes, so that closing does not reset the connection under an unread response.
  void linger();
  void on_linger(boost::beast::error_code ec, std::size_t bytes);

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  boost::beast::http::response<boost::beast::http::empty_body> continue_;
  boost::beast::http::response<boost::beast::http::string_body> response_;
  std::shared_ptr<Router> router_;
  std::shared_ptr<RequestMetrics> metrics_;
  SessionLimits limits_;
  std::array<char, 4096> drain_{};
  std::size_t drained_ = 0;
  bool closed_ = false;
};

}  // namespace mgmt::api
