// The HTTP exchange as the API's handlers see it: a parsed request (method, target, the few
// headers that matter, body) and the response they produce. Plain values, built and consumed by
// HttpSession on the API's io_context thread; keeping Beast's message types out of the handlers
// lets them be tested without sockets.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <boost/beast/http/verb.hpp>
#include <nlohmann/json.hpp>

namespace mgmt::api {

struct Request {
  boost::beast::http::verb method = boost::beast::http::verb::get;
  std::string target;         // the raw request-target: "/apis/…/bgppeers/x?resourceVersion=3"
  std::string content_type;   // as sent, parameters included
  std::string authorization;  // the Authorization header, "" when absent
  std::string body;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra: WWW-Authenticate, Allow
};

inline constexpr const char* kTextPlain = "text/plain; charset=utf-8";

// A JSON body; invalid UTF-8 in strings is replaced rather than thrown on.
[[nodiscard]] inline Response json_response(unsigned status, const nlohmann::json& body) {
  Response response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

[[nodiscard]] inline Response text_response(unsigned status, std::string body,
                                            std::string content_type = kTextPlain) {
  Response response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

}  // namespace mgmt::api
