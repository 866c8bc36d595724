// The API's accepting socket: accepts connections, hands each to a new HttpSession, enforces the
// connection cap, and on stop() closes the acceptor and every open session.
//
// Owned (shared) by ApiServer and by its own pending accept; runs on the API's io_context thread.
#pragma once

#include <memory>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "mgmt/api/http_session.hpp"
#include "mgmt/api/request_metrics.hpp"
#include "mgmt/api/router.hpp"
#include "mgmt/api/server.hpp"

namespace mgmt::api {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(boost::asio::io_context& io, ApiConfig config, std::shared_ptr<Router> router,
           std::shared_ptr<RequestMetrics> metrics);

  void start();  // throws std::runtime_error when the address cannot be bound
  void stop();
  [[nodiscard]] std::uint16_t port() const { return port_; }

 private:
  void accept();
  void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);
  std::size_t live_sessions();

  boost::asio::io_context& io_;
  ApiConfig config_;
  std::shared_ptr<Router> router_;
  std::shared_ptr<RequestMetrics> metrics_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
  std::vector<std::weak_ptr<HttpSession>> sessions_;
  std::uint16_t port_ = 0;
  bool stopped_ = false;
};

}  // namespace mgmt::api
