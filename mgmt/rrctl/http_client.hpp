// The HTTP transport rrctl talks to rrd's ops API with. `Transport` is the seam the commands and
// tests use; `BeastTransport` is the real one: a Boost.Beast HTTP/1.1 client that opens one
// connection per request to a plain http:// server and gives every step (connect, write, read) a
// deadline. Owned by rrctl's main; runs on its only thread.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace mgmt::rrctl {

struct HttpRequest {
  std::string method;  // "GET", "POST", "PUT", "PATCH", "DELETE"
  std::string target;  // path and query, e.g. "/apis/projectcalico.org/v3/bgppeers/p1"
  std::string body;
  std::string content_type;   // empty when there is no body
  std::string authorization;  // full header value ("Bearer …"), empty for none
};

struct HttpResponse {
  int status = 0;
  std::string content_type;
  std::string body;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // A response with any status, or a message saying why none was received.
  virtual tl::expected<HttpResponse, std::string> send(const HttpRequest& request) = 0;
};

// "http://host[:port][/base]"; host may be a name, an IPv4 address or a bracketed IPv6 address.
struct ServerUrl {
  std::string text;       // as given, without a trailing '/'
  std::string host;       // without brackets
  std::string port;       // "80" when not given
  std::string base_path;  // "" or "/prefix"
};
[[nodiscard]] tl::expected<ServerUrl, std::string> parse_server_url(std::string_view url);

class BeastTransport final : public Transport {
 public:
  BeastTransport(ServerUrl server, std::chrono::milliseconds timeout);
  tl::expected<HttpResponse, std::string> send(const HttpRequest& request) override;

 private:
  ServerUrl server_;
  std::chrono::milliseconds timeout_;
};

}  // namespace mgmt::rrctl
