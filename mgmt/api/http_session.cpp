#include "mgmt/api/http_session.hpp"

#include <cctype>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "mgmt/api/kube_status.hpp"

namespace mgmt::api {

namespace beast = boost::beast;
namespace http = boost::beast::http;

namespace {

constexpr std::chrono::seconds kLingerTimeout{2};
constexpr std::size_t kLingerBytes = std::size_t{4} * 1024 * 1024;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

HttpSession::HttpSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<Router> router,
                         std::shared_ptr<RequestMetrics> metrics, SessionLimits limits)
    : stream_(std::move(socket)),
      router_(std::move(router)),
      metrics_(std::move(metrics)),
      limits_(limits) {
  metrics_->connection_opened();
}

HttpSession::~HttpSession() {
  metrics_->connection_closed();
}

void HttpSession::start() {
  boost::asio::dispatch(stream_.get_executor(),
                        [self = shared_from_this()] { self->read_header(); });
}

void HttpSession::close() {
  boost::asio::post(stream_.get_executor(), [self = shared_from_this()] { self->close_now(); });
}

void HttpSession::close_now() {
  if (closed_) return;
  closed_ = true;
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.socket().close(ignored);
}

void HttpSession::read_header() {
  if (closed_) return;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(limits_.header_limit));
  parser_->body_limit(limits_.body_limit);
  stream_.expires_after(limits_.idle_timeout);
  http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

void HttpSession::on_header(beast::error_code ec) {
  if (ec) return on_read_error(ec);
  const auto expect = parser_->get()[http::field::expect];
  if (!iequals(std::string_view{expect.data(), expect.size()}, "100-continue")) return read_body();
  continue_ = {};
  continue_.version(11);
  continue_.result(http::status::continue_);
  stream_.expires_after(limits_.request_timeout);
  http::async_write(stream_, continue_,
                    [self = shared_from_this()](beast::error_code write_ec, std::size_t) {
                      if (write_ec) return self->close_now();
                      self->read_body();
                    });
}

void HttpSession::read_body() {
  if (closed_) return;
  stream_.expires_after(limits_.request_timeout);
  http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
}

void HttpSession::on_body(beast::error_code ec) {
  if (ec) return on_read_error(ec);
  auto& message = parser_->get();
  Request request;
  request.method = message.method();
  request.target = std::string{message.target()};
  request.content_type = std::string{message[http::field::content_type]};
  request.authorization = std::string{message[http::field::authorization]};
  request.body = std::move(message.body());
  const bool keep_alive = message.keep_alive();
  Response response;
  try {
    response = router_->handle(request);
  } catch (const std::exception& error) {
    response = internal_error(std::string{"internal error: "} + error.what());
  }
  send(std::move(response), request.method, keep_alive);
}

void HttpSession::on_read_error(beast::error_code ec) {
  const http::verb method =
      parser_ && parser_->is_header_done() ? parser_->get().method() : http::verb::unknown;
  if (ec == http::error::body_limit) return send(too_large(limits_.body_limit), method, false);
  if (ec == http::error::header_limit) return send(header_too_large(), method, false);
  const auto& http_errors = http::make_error_code(http::error::end_of_stream).category();
  if (ec.category() == http_errors && ec != http::error::end_of_stream &&
      ec != http::error::partial_message) {
    // A protocol violation (bad method, target, version, field, chunk, …).
    return send(bad_request("malformed HTTP request: " + ec.message()), method, false);
  }
  // End of stream, timeout, reset, or closed by stop(): nothing to answer.
  close_now();
}

void HttpSession::send(Response response, http::verb method, bool keep_alive) {
  if (closed_) return;
  metrics_->count(method, response.status);
  response_ = {};
  response_.version(11);
  response_.result(response.status);
  response_.set(http::field::server, "rrd");
  response_.set(http::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers)
    response_.set(name, value);
  response_.body() = std::move(response.body);
  response_.keep_alive(keep_alive);
  response_.prepare_payload();
  stream_.expires_after(limits_.request_timeout);
  http::async_write(stream_, response_,
                    [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                      self->on_write(ec, keep_alive);
                    });
}

void HttpSession::on_write(beast::error_code ec, bool keep_alive) {
  if (ec) return close_now();
  if (!keep_alive) return linger();
  read_header();
}

void HttpSession::linger() {
  if (closed_) return;
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.expires_after(kLingerTimeout);
  drained_ = 0;
  stream_.async_read_some(
      boost::asio::buffer(drain_),
      [self = shared_from_this()](beast::error_code read_ec, std::size_t bytes) {
        self->on_linger(read_ec, bytes);
      });
}

void HttpSession::on_linger(beast::error_code ec, std::size_t bytes) {
  drained_ += bytes;
  if (ec || closed_ || drained_ > kLingerBytes) return close_now();
  stream_.async_read_some(boost::asio::buffer(drain_),
                          [self = shared_from_this()](beast::error_code read_ec, std::size_t n) {
                            self->on_linger(read_ec, n);
                          });
}

}  // namespace mgmt::api
