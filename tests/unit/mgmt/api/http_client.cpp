#include "tests/unit/mgmt/api/http_client.hpp"

#include <array>
#include <cctype>
#include <functional>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace mgmt::api::testing {

namespace beast = boost::beast;
namespace http = boost::beast::http;
using boost::asio::ip::tcp;

namespace {

constexpr std::chrono::seconds kDeadline{10};

tcp::endpoint local(std::uint16_t port) {
  return {boost::asio::ip::make_address("127.0.0.1"), port};
}

}  // namespace

HttpClient::HttpClient(std::uint16_t port) : stream_(io_) {
  stream_.connect(local(port));
}

Reply HttpClient::request(http::verb method, const std::string& target, const std::string& body,
                          const Headers& headers) {
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers)
    req.set(name, value);
  if (!body.empty() || method == http::verb::post || method == http::verb::put ||
      method == http::verb::patch) {
    req.body() = body;
    req.prepare_payload();
  }
  Reply reply;
  beast::error_code result;
  http::response<http::string_body> res;
  stream_.expires_after(kDeadline);
  http::async_write(stream_, req, [&](beast::error_code ec, std::size_t) {
    if (ec) {
      result = ec;
      return;
    }
    http::async_read(stream_, buffer_, res,
                     [&](beast::error_code read_ec, std::size_t) { result = read_ec; });
  });
  io_.restart();
  io_.run();
  if (result) return reply;
  reply.status = res.result_int();
  reply.body = res.body();
  reply.keep_alive = res.keep_alive();
  for (const auto& field : res) {
    std::string name{field.name_string().data(), field.name_string().size()};
    for (auto& c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    reply.headers[name] = std::string{field.value().data(), field.value().size()};
  }
  return reply;
}

bool HttpClient::closed_by_server(std::chrono::milliseconds wait) {
  std::array<char, 64> scratch{};
  beast::error_code result;
  stream_.expires_after(wait);
  stream_.async_read_some(boost::asio::buffer(scratch),
                          [&](beast::error_code ec, std::size_t) { result = ec; });
  io_.restart();
  io_.run();
  return result && result != beast::error::timeout;
}

std::string raw_exchange(std::uint16_t port, const std::string& bytes,
                         std::chrono::milliseconds wait) {
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(local(port));
  std::string received;
  std::array<char, 4096> chunk{};
  stream.expires_after(wait);
  std::function<void()> read_more = [&] {
    stream.async_read_some(boost::asio::buffer(chunk), [&](beast::error_code ec, std::size_t n) {
      received.append(chunk.data(), n);
      if (!ec) read_more();
    });
  };
  boost::asio::async_write(stream, boost::asio::buffer(bytes),
                           [](beast::error_code, std::size_t) {});
  read_more();
  io.run();
  return received;
}

}  // namespace mgmt::api::testing
