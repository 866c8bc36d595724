#include "mgmt/api/server.hpp"

#include <utility>

#include "mgmt/api/listener.hpp"

namespace mgmt::api {

ApiServer::ApiServer(boost::asio::io_context& io, ApiConfig config, store::Store& store,
                     StatusProvider& status, prometheus::Registry& metrics) {
  auto router = std::make_shared<Router>(store, status, metrics, config.token);
  auto request_metrics = std::make_shared<RequestMetrics>(metrics);
  listener_ = std::make_shared<Listener>(io, std::move(config), std::move(router),
                                         std::move(request_metrics));
}

ApiServer::~ApiServer() {
  listener_->stop();
}

void ApiServer::start() {
  listener_->start();
}

std::uint16_t ApiServer::port() const {
  return listener_->port();
}

void ApiServer::stop() {
  listener_->stop();
}

}  // namespace mgmt::api
