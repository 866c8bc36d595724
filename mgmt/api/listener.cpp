#include "mgmt/api/listener.hpp"

#include <stdexcept>
#include <utility>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/strand.hpp>

namespace mgmt::api {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// After a failed accept (e.g. out of file descriptors) wait before trying again.
constexpr std::chrono::milliseconds kAcceptRetry{100};

}  // namespace

Listener::Listener(asio::io_context& io, ApiConfig config, std::shared_ptr<Router> router,
                   std::shared_ptr<RequestMetrics> metrics)
    : io_(io),
      config_(std::move(config)),
      router_(std::move(router)),
      metrics_(std::move(metrics)),
      acceptor_(io),
      retry_timer_(io) {}

void Listener::start() {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(config_.bind_address, ec);
  if (ec) {
    throw std::runtime_error("api: bind address \"" + config_.bind_address +
                             "\" is not an IP address");
  }
  const tcp::endpoint endpoint{address, config_.port};
  const auto fail = [&](const char* step) {
    throw std::runtime_error("api: cannot " + std::string{step} + " " + config_.bind_address + ":" +
                             std::to_string(config_.port) + ": " + ec.message());
  };
  if (acceptor_.open(endpoint.protocol(), ec)) fail("open");
  if (acceptor_.set_option(asio::socket_base::reuse_address(true), ec)) fail("configure");
  if (acceptor_.bind(endpoint, ec)) {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    fail("bind");
  }
  if (acceptor_.listen(asio::socket_base::max_listen_connections, ec)) fail("listen");
  port_ = acceptor_.local_endpoint().port();
  stopped_ = false;
  accept();
}

void Listener::stop() {
  stopped_ = true;
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  retry_timer_.cancel();
  for (auto& weak : sessions_) {
    if (auto session = weak.lock()) session->close();
  }
  sessions_.clear();
}

void Listener::accept() {
  if (stopped_) return;
  acceptor_.async_accept(
      asio::make_strand(io_),
      [self = shared_from_this()](boost::beast::error_code ec, tcp::socket socket) {
        self->on_accept(ec, std::move(socket));
      });
}

std::size_t Listener::live_sessions() {
  std::erase_if(sessions_, [](const std::weak_ptr<HttpSession>& weak) { return weak.expired(); });
  return sessions_.size();
}

void Listener::on_accept(boost::beast::error_code ec, tcp::socket socket) {
  if (stopped_ || ec == asio::error::operation_aborted) return;
  if (ec) {
    retry_timer_.expires_after(kAcceptRetry);
    retry_timer_.async_wait([self = shared_from_this()](boost::beast::error_code timer_ec) {
      if (!timer_ec) self->accept();
    });
    return;
  }
  if (live_sessions() >= config_.max_connections) {
    boost::system::error_code ignored;
    socket.close(ignored);
  } else {
    SessionLimits limits;
    limits.idle_timeout = config_.idle_timeout;
    limits.request_timeout = config_.request_timeout;
    limits.header_limit = config_.header_limit;
    limits.body_limit = config_.body_limit;
    auto session = std::make_shared<HttpSession>(std::move(socket), router_, metrics_, limits);
    sessions_.push_back(session);
    session->start();
  }
  accept();
}

}  // namespace mgmt::api
