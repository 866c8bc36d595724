#include "mgmt/rrctl/http_client.hpp"

#include <future>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>

#include "mgmt/rrctl/api_client.hpp"

namespace mgmt::rrctl {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

ServerUrl url_for(unsigned short port) {
  return *parse_server_url("http://127.0.0.1:" + std::to_string(port));
}

TEST(HttpClient, RoundTripWithHeadersAndBody) {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const unsigned short port = acceptor.local_endpoint().port();
  std::promise<http::request<http::string_body>> received;
  std::thread server([&] {
    tcp::socket socket(io);
    acceptor.accept(socket);
    boost::beast::flat_buffer buffer;
    http::request<http::string_body> request;
    http::read(socket, buffer, request);
    received.set_value(request);
    http::response<http::string_body> response{http::status::created, 11};
    response.set(http::field::content_type, "application/json");
    response.body() = R"({"kind":"BGPPeer","metadata":{"name":"p1"}})";
    response.prepare_payload();
    http::write(socket, response);
  });

  BeastTransport transport(url_for(port), std::chrono::seconds(5));
  ApiClient api(transport, "tok");
  auto created = api.create(*find_kind("bgppeer"), {{"kind", "BGPPeer"}});
  server.join();
  ASSERT_TRUE(created.has_value()) << created.error().to_string();
  EXPECT_EQ((*created)["metadata"]["name"], "p1");
  const auto request = received.get_future().get();
  EXPECT_EQ(request.method(), http::verb::post);
  EXPECT_EQ(request.target(), "/apis/projectcalico.org/v3/bgppeers");
  EXPECT_EQ(request[http::field::authorization], "Bearer tok");
  EXPECT_EQ(request[http::field::content_type], "application/json");
  EXPECT_EQ(request.body(), R"({"kind":"BGPPeer"})");
}

TEST(HttpClient, ConnectionRefusedIsAClearError) {
  unsigned short port = 0;
  {
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = acceptor.local_endpoint().port();
  }  // closed again: nothing listens there now
  BeastTransport transport(url_for(port), std::chrono::seconds(5));
  auto response = transport.send({"GET", "/status", "", "", ""});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error(),
            "cannot connect to http://127.0.0.1:" + std::to_string(port) + ": Connection refused");
}

TEST(HttpClient, SilentServerTimesOut) {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const unsigned short port = acceptor.local_endpoint().port();
  std::promise<void> done;
  std::thread server([&] {
    tcp::socket socket(io);
    acceptor.accept(socket);
    done.get_future().wait();  // never answers
  });
  BeastTransport transport(url_for(port), std::chrono::milliseconds(200));
  auto response = transport.send({"GET", "/status", "", "", ""});
  done.set_value();
  server.join();
  ASSERT_FALSE(response.has_value());
  EXPECT_NE(response.error().find("timed out after 200 ms"), std::string::npos) << response.error();
}

TEST(HttpClient, NonJsonSuccessIsAnError) {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const unsigned short port = acceptor.local_endpoint().port();
  std::thread server([&] {
    tcp::socket socket(io);
    acceptor.accept(socket);
    boost::beast::flat_buffer buffer;
    http::request<http::string_body> request;
    http::read(socket, buffer, request);
    http::response<http::string_body> response{http::status::ok, 11};
    response.body() = "hello";
    response.prepare_payload();
    http::write(socket, response);
  });
  BeastTransport transport(url_for(port), std::chrono::seconds(5));
  ApiClient api(transport, "");
  auto status = api.get_path("/status");
  server.join();
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().to_string(), "the server's response is not JSON: hello");
}

}  // namespace
}  // namespace mgmt::rrctl
