// Malformed, oversized, slow and idle clients: each gets an answer or is dropped, and the server
// keeps serving everyone else.
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "tests/unit/mgmt/api/api_fixture.hpp"

namespace mgmt::api::testing {
namespace {

using http_verb = boost::beast::http::verb;
using namespace std::chrono_literals;

class Robustness : public ApiTest {
 protected:
  void configure(ApiConfig& config) override {
    config.idle_timeout = 300ms;
    config.request_timeout = 300ms;
    config.body_limit = 64 * 1024;
    config.header_limit = 4 * 1024;
  }
  bool still_serving() { return client().request(http_verb::get, "/healthz").status == 200u; }
};

TEST_F(Robustness, KeepAliveServesManyRequestsOnOneConnection) {
  auto c = client();
  for (int i = 0; i < 20; ++i)
    ASSERT_EQ(c.request(http_verb::get, "/healthz").status, 200u);
}

TEST_F(Robustness, BodyTooLargeIs413) {
  // Announced by Content-Length: refused before the body is read.
  auto c = client();
  const std::string big(100 * 1024, ' ');
  const Reply reply =
      c.request(http_verb::post, "/apis/projectcalico.org/v3/bgppeers", big, auth_json());
  ASSERT_EQ(reply.status, 413u) << reply.body;
  EXPECT_EQ(reply.json()["kind"], "Status");
  EXPECT_EQ(reply.json()["code"], 413);
  // Chunked, so only noticed while reading.
  std::string chunked =
      "POST /apis/projectcalico.org/v3/bgppeers HTTP/1.1\r\nHost: x\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 20; ++i)
    chunked += "1000\r\n" + std::string(0x1000, 'a') + "\r\n";
  chunked += "0\r\n\r\n";
  const std::string answer = raw_exchange(port(), chunked);
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer.substr(0, 200);
  EXPECT_TRUE(still_serving());
}

TEST_F(Robustness, MalformedRequestsGet400AndClose) {
  for (const std::string& bytes :
       {std::string{"GARBAGE\r\n\r\n"}, std::string{"GET /healthz FTP/1.1\r\n\r\n"},
        std::string{"GET /healthz HTTP/1.1\r\nBad Header\r\n\r\n"},
        std::string{"POST /status HTTP/1.1\r\nContent-Length: x\r\n\r\n"},
        std::string{"GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n"}}) {
    const std::string answer = raw_exchange(port(), bytes);
    EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << bytes << " -> " << answer.substr(0, 200);
  }
  EXPECT_TRUE(still_serving());
}

TEST_F(Robustness, HugeHeadersAreRefused) {
  const std::string bytes =
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(16 * 1024, 'a') + "\r\n\r\n";
  const std::string answer = raw_exchange(port(), bytes);
  EXPECT_EQ(answer.rfind("HTTP/1.1 431", 0), 0u) << answer.substr(0, 200);
  EXPECT_TRUE(still_serving());
}

TEST_F(Robustness, IdleAndSlowClientsAreDropped) {
  auto idle = client();
  ASSERT_EQ(idle.request(http_verb::get, "/healthz").status, 200u);
  EXPECT_TRUE(idle.closed_by_server(3s));
  // A slow client that never finishes its header is cut off; others are unaffected meanwhile.
  const auto start = std::chrono::steady_clock::now();
  const std::string answer = raw_exchange(port(), "GET /healthz HTTP/1.1\r\nHost:", 5s);
  EXPECT_TRUE(answer.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  EXPECT_TRUE(still_serving());
}

TEST_F(Robustness, ExpectContinueIsHonoured) {
  const std::string body = R"({"spec":{}})";
  const std::string bytes =
      "PUT /apis/projectcalico.org/v3/nodes/node-1 HTTP/1.1\r\nHost: x\r\n"
      "Authorization: Bearer " +
      std::string{kToken} + "\r\nExpect: 100-continue\r\nConnection: close\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  const std::string answer = raw_exchange(port(), bytes);
  EXPECT_EQ(answer.rfind("HTTP/1.1 100 Continue", 0), 0u) << answer.substr(0, 200);
  EXPECT_NE(answer.find("HTTP/1.1 404"), std::string::npos) << answer;
}

TEST_F(Robustness, StopClosesConnectionsAndListener) {
  auto c = client();
  ASSERT_EQ(c.request(http_verb::get, "/healthz").status, 200u);
  const std::uint16_t bound = port();
  std::promise<void> stopped;
  boost::asio::post(io_, [&] {
    server_->stop();
    stopped.set_value();
  });
  stopped.get_future().wait();
  EXPECT_TRUE(c.closed_by_server(2s));
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  boost::system::error_code ec;
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), bound}, ec);
  EXPECT_TRUE(ec);
}

TEST(ApiServerStart, BindFailureThrows) {
  boost::asio::io_context io;
  auto opened_dir = std::filesystem::temp_directory_path() / "rrd-api-bind-test";
  std::filesystem::remove_all(opened_dir);
  auto store = store::open_dir_store(opened_dir);
  ASSERT_TRUE(store.has_value());
  FixedStatus status;
  prometheus::Registry registry;
  ApiConfig config;
  config.port = 0;
  ApiServer first(io, config, **store, status, registry);
  first.start();
  config.port = first.port();
  ApiServer second(io, config, **store, status, registry);
  EXPECT_THROW(second.start(), std::runtime_error);
  ApiConfig bad;
  bad.bind_address = "not-an-address";
  ApiServer third(io, bad, **store, status, registry);
  EXPECT_THROW(third.start(), std::runtime_error);
  first.stop();
  std::filesystem::remove_all(opened_dir);
}

}  // namespace
}  // namespace mgmt::api::testing
