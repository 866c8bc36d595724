#include "mgmt/rrctl/http_client.hpp"

#include <cstdint>
#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace mgmt::rrctl {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr std::uint64_t kMaxResponseBody = std::uint64_t{1} << 30U;  // a full RIB can be large
constexpr std::string_view kScheme = "http://";

std::string describe(const beast::error_code& ec, std::chrono::milliseconds timeout) {
  if (ec == beast::error::timeout) {
    return "timed out after " + std::to_string(timeout.count()) + " ms";
  }
  return ec.message();
}

// Runs the io_context until the single outstanding operation has completed.
void run_one_step(asio::io_context& io) {
  io.run();
  io.restart();
}

}  // namespace

tl::expected<ServerUrl, std::string> parse_server_url(std::string_view url) {
  ServerUrl out;
  while (!url.empty() && url.back() == '/')
    url.remove_suffix(1);
  out.text = std::string(url);
  if (url.substr(0, kScheme.size()) != kScheme) {
    if (url.substr(0, 8) == "https://") {
      return tl::unexpected("server URL '" + out.text + "': https is not supported, use http://");
    }
    return tl::unexpected("server URL '" + out.text + "' must start with http://");
  }
  std::string_view rest = url.substr(kScheme.size());
  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) out.base_path = std::string(rest.substr(slash));
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return tl::unexpected("server URL '" + out.text + "': missing ']'");
    }
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return tl::unexpected("server URL '" + out.text + "': bad port");
      port = after.substr(1);
    }
  } else {
    const std::size_t colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (out.host.empty()) return tl::unexpected("server URL '" + out.text + "' has no host");
  if (port.empty()) {
    out.port = "80";
  } else {
    unsigned value = 0;
    for (const char c : port) {
      if (c < '0' || c > '9' || value > 65535U) {
        return tl::unexpected("server URL '" + out.text + "': bad port");
      }
      value = value * 10U + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535U) {
      return tl::unexpected("server URL '" + out.text + "': bad port");
    }
    out.port = std::string(port);
  }
  return out;
}

BeastTransport::BeastTransport(ServerUrl server, std::chrono::milliseconds timeout)
    : server_(std::move(server)), timeout_(timeout) {}

tl::expected<HttpResponse, std::string> BeastTransport::send(const HttpRequest& request) {
  asio::io_context io;
  tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  beast::error_code ec;

  const auto endpoints = resolver.resolve(server_.host, server_.port, ec);
  if (ec) return tl::unexpected("cannot resolve '" + server_.host + "': " + ec.message());

  stream.expires_after(timeout_);
  stream.async_connect(endpoints, [&ec](const beast::error_code& result,
                                        const tcp::endpoint& /*peer*/) { ec = result; });
  run_one_step(io);
  if (ec)
    return tl::unexpected("cannot connect to " + server_.text + ": " + describe(ec, timeout_));

  const http::verb verb = http::string_to_verb(request.method);
  if (verb == http::verb::unknown) return tl::unexpected("unknown HTTP method " + request.method);
  http::request<http::string_body> message{verb, server_.base_path + request.target, 11};
  const bool ipv6_literal = server_.host.find(':') != std::string::npos;
  message.set(http::field::host,
              (ipv6_literal ? "[" + server_.host + "]" : server_.host) + ":" + server_.port);
  message.set(http::field::user_agent, "rrctl");
  message.set(http::field::accept, "application/json");
  if (!request.authorization.empty())
    message.set(http::field::authorization, request.authorization);
  if (!request.content_type.empty()) message.set(http::field::content_type, request.content_type);
  message.body() = request.body;
  message.prepare_payload();

  stream.expires_after(timeout_);
  http::async_write(stream, message,
                    [&ec](const beast::error_code& result, std::size_t /*bytes*/) { ec = result; });
  run_one_step(io);
  if (ec)
    return tl::unexpected("sending to " + server_.text + " failed: " + describe(ec, timeout_));

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxResponseBody);
  stream.expires_after(timeout_);
  http::async_read(stream, buffer, parser,
                   [&ec](const beast::error_code& result, std::size_t /*bytes*/) { ec = result; });
  run_one_step(io);
  if (ec) {
    return tl::unexpected("no valid response from " + server_.text + ": " + describe(ec, timeout_));
  }

  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);

  const auto& response = parser.get();
  HttpResponse out;
  out.status = static_cast<int>(response.result_int());
  if (const auto it = response.find(http::field::content_type); it != response.end()) {
    out.content_type = std::string(it->value());
  }
  out.body = response.body();
  return out;
}

}  // namespace mgmt::rrctl
