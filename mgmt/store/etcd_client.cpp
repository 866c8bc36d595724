#include "mgmt/store/etcd_client.hpp"

#include <array>
#include <charconv>
#include <mutex>
#include <optional>
#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "mgmt/resource/base64.hpp"

namespace mgmt::store {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

constexpr std::size_t kMaxBody = std::size_t{256} << 20U;

Error unavailable(std::string message) {
  return {ErrorCode::unavailable, std::move(message)};
}

std::string describe(const EtcdEndpoint& endpoint) {
  return endpoint.host + ":" + endpoint.port;
}

http::request<http::string_body> make_request(const EtcdEndpoint& endpoint, std::string_view path,
                                              const nlohmann::json& body, bool keep_alive) {
  http::request<http::string_body> request{http::verb::post, std::string(path), 11};
  request.set(http::field::host, endpoint.host + ":" + endpoint.port);
  request.set(http::field::content_type, "application/json");
  request.keep_alive(keep_alive);
  request.body() = body.dump();
  request.prepare_payload();
  return request;
}

// The gateway's error answer {"error": ..., "message": ..., "code": <grpc code>} as text.
std::string gateway_error(unsigned status, const std::string& body) {
  std::string text = "etcd answered HTTP " + std::to_string(status);
  const auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_object()) {
    if (const auto it = doc.find("message"); it != doc.end() && it->is_string()) {
      text += ": " + it->get<std::string>();
    }
    if (const auto it = doc.find("code"); it != doc.end() && it->is_number_integer()) {
      text += " (grpc code " + std::to_string(it->get<int>()) + ")";
    }
  }
  return text;
}

}  // namespace

// One HTTP connection driven synchronously over a private io_context: every asynchronous step
// is run to completion on the calling thread, so deadlines (tcp_stream expiry) and cancel()
// (io_context::stop from another thread) both work.
class EtcdWatchConnection {
 public:
  EtcdWatchConnection() = default;

  // Runs `start(handler)` until its handler has been called; returns its error code.
  template <class Start>
  error_code run(Start&& start) {
    std::optional<error_code> result;
    {
      const std::lock_guard lock(mutex_);
      if (cancelled_) return asio::error::operation_aborted;
      ioc_.restart();
    }
    std::forward<Start>(start)([&result](error_code ec, auto&&...) { result = ec; });
    ioc_.run();
    while (!result) {  // stopped by cancel(): abort the pending operation, then let it finish
      error_code ignored;
      stream_.socket().close(ignored);
      {
        const std::lock_guard lock(mutex_);
        ioc_.restart();
      }
      ioc_.run();
    }
    return *result;
  }

  error_code connect(const EtcdEndpoint& endpoint, std::chrono::milliseconds timeout) {
    tcp::resolver resolver(ioc_);
    error_code ec;
    const auto results = resolver.resolve(endpoint.host, endpoint.port, ec);
    if (ec) return ec;
    stream_.expires_after(timeout);
    ec = run([&](auto handler) { stream_.async_connect(results, std::move(handler)); });
    if (!ec) {
      stream_.socket().set_option(asio::socket_base::keep_alive(true), ec);
      ec = {};
    }
    return ec;
  }

  void cancel() {
    const std::lock_guard lock(mutex_);
    cancelled_ = true;
    ioc_.stop();
  }

  beast::tcp_stream& stream() { return stream_; }
  beast::flat_buffer& buffer() { return buffer_; }
  std::optional<http::response_parser<http::buffer_body>>& parser() { return parser_; }

 private:
  asio::io_context ioc_;
  beast::tcp_stream stream_{ioc_};
  beast::flat_buffer buffer_;
  std::optional<http::response_parser<http::buffer_body>> parser_;
  std::mutex mutex_;  // guards cancelled_ and the restart/stop pair of ioc_
  bool cancelled_ = false;
};

tl::expected<EtcdEndpoint, Error> parse_etcd_endpoint(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  const auto bad = [&](std::string_view why) {
    return tl::make_unexpected(
        Error{ErrorCode::invalid,
              "invalid etcd endpoint '" + std::string(url) + "': " + std::string(why)});
  };
  if (url.substr(0, kScheme.size()) != kScheme) return bad("only http:// is supported");
  std::string_view rest = url.substr(kScheme.size());
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find('/') != std::string_view::npos) return bad("a path is not supported");
  std::string_view host;
  std::string_view port;
  if (!rest.empty() && rest.front() == '[') {  // [v6]:port
    const auto close = rest.find(']');
    if (close == std::string_view::npos) return bad("unterminated IPv6 address");
    host = rest.substr(1, close - 1);
    rest = rest.substr(close + 1);
    if (!rest.empty() && rest.front() == ':')
      port = rest.substr(1);
    else if (!rest.empty())
      return bad("garbage after address");
  } else {
    const auto colon = rest.rfind(':');
    host = rest.substr(0, colon);
    if (colon != std::string_view::npos) port = rest.substr(colon + 1);
  }
  if (host.empty()) return bad("missing host");
  if (port.empty()) port = "2379";
  unsigned number = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (ec != std::errc{} || end != port.data() + port.size() || number == 0 || number > 65535) {
    return bad("invalid port");
  }
  return EtcdEndpoint{std::string(host), std::string(port)};
}

std::string base64_encode(std::string_view bytes) {
  return resource::base64_encode(bytes);
}

tl::expected<std::string, Error> base64_decode(std::string_view text) {
  auto decoded = resource::base64_decode(text);
  if (!decoded) return tl::make_unexpected(unavailable("etcd sent invalid base64"));
  return std::move(*decoded);
}

std::string prefix_range_end(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(end.back());
    if (last < 0xffU) {
      ++last;
      return end;
    }
    end.pop_back();
  }
  return std::string(1, '\0');  // the whole key space
}

std::uint64_t json_uint(const nlohmann::json& object, std::string_view field) {
  if (!object.is_object()) return 0;
  const auto it = object.find(field);
  if (it == object.end()) return 0;
  if (it->is_number_unsigned()) return it->get<std::uint64_t>();
  if (!it->is_string()) return 0;
  const auto& text = it->get_ref<const std::string&>();
  std::uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::uint64_t header_revision(const nlohmann::json& response) {
  const auto it = response.find("header");
  return it == response.end() ? 0 : json_uint(*it, "revision");
}

tl::expected<KeyValue, Error> parse_key_value(const nlohmann::json& kv) {
  if (!kv.is_object()) return tl::make_unexpected(unavailable("etcd sent a malformed KeyValue"));
  KeyValue out;
  for (auto [field, target] : {std::pair{"key", &out.key}, std::pair{"value", &out.value}}) {
    const auto it = kv.find(field);
    if (it == kv.end()) continue;
    if (!it->is_string()) return tl::make_unexpected(unavailable("etcd sent a malformed KeyValue"));
    auto decoded = base64_decode(it->get_ref<const std::string&>());
    if (!decoded) return tl::make_unexpected(decoded.error());
    *target = std::move(*decoded);
  }
  out.create_revision = json_uint(kv, "create_revision");
  out.mod_revision = json_uint(kv, "mod_revision");
  out.version = json_uint(kv, "version");
  return out;
}

EtcdWatchStream::EtcdWatchStream() : connection_(std::make_unique<EtcdWatchConnection>()) {}

EtcdWatchStream::~EtcdWatchStream() = default;

void EtcdWatchStream::cancel() {
  connection_->cancel();
}

tl::expected<void, Error> EtcdWatchStream::open(const EtcdEndpoint& endpoint,
                                                const nlohmann::json& create_request,
                                                std::chrono::milliseconds timeout) {
  auto& c = *connection_;
  if (const auto ec = c.connect(endpoint, timeout); ec) {
    return tl::make_unexpected(
        unavailable("cannot connect to etcd at " + describe(endpoint) + ": " + ec.message()));
  }
  const auto request =
      make_request(endpoint, "/v3/watch", {{"create_request", create_request}}, true);
  c.stream().expires_after(timeout);
  auto ec =
      c.run([&](auto handler) { http::async_write(c.stream(), request, std::move(handler)); });
  if (!ec) {
    c.parser().emplace();
    c.parser()->body_limit(boost::none);
    ec = c.run([&](auto handler) {
      http::async_read_header(c.stream(), c.buffer(), *c.parser(), std::move(handler));
    });
  }
  if (ec) return tl::make_unexpected(unavailable("etcd watch failed: " + ec.message()));
  const auto status = c.parser()->get().result_int();
  if (status != 200) {
    return tl::make_unexpected(unavailable("etcd watch refused: HTTP " + std::to_string(status)));
  }
  c.stream().expires_never();
  return {};
}

tl::expected<nlohmann::json, Error> EtcdWatchStream::next() {
  auto& c = *connection_;
  if (!c.parser()) return tl::make_unexpected(unavailable("etcd watch is not open"));
  std::array<char, 16384> chunk{};
  for (;;) {
    if (const auto newline = pending_.find('\n'); newline != std::string::npos) {
      const std::string line = pending_.substr(0, newline);
      pending_.erase(0, newline + 1);
      if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
      auto doc = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (!doc.is_object()) return tl::make_unexpected(unavailable("etcd watch sent bad JSON"));
      if (const auto it = doc.find("result"); it != doc.end() && it->is_object()) {
        return std::move(*it);
      }
      if (const auto it = doc.find("error"); it != doc.end()) {
        return tl::make_unexpected(unavailable("etcd watch error: " + it->dump()));
      }
      return tl::make_unexpected(unavailable("etcd watch sent an unexpected line"));
    }
    if (c.parser()->is_done()) return tl::make_unexpected(unavailable("etcd closed the watch"));
    auto& body = c.parser()->get().body();
    body.data = chunk.data();
    body.size = chunk.size();
    const auto ec = c.run([&](auto handler) {
      http::async_read_some(c.stream(), c.buffer(), *c.parser(), std::move(handler));
    });
    if (ec && ec != http::error::need_buffer) {
      return tl::make_unexpected(unavailable("etcd watch connection lost: " + ec.message()));
    }
    pending_.append(chunk.data(), chunk.size() - body.size);
  }
}

EtcdClient::EtcdClient(std::vector<EtcdEndpoint> endpoints, std::chrono::milliseconds timeout)
    : endpoints_(std::move(endpoints)), timeout_(timeout) {}

tl::expected<nlohmann::json, Error> EtcdClient::call(std::string_view path,
                                                     const nlohmann::json& request_body) {
  if (endpoints_.empty()) return tl::make_unexpected(unavailable("no etcd endpoint configured"));
  std::string failures;
  const std::size_t first = preferred_.load();
  for (std::size_t attempt = 0; attempt < endpoints_.size(); ++attempt) {
    const std::size_t index = (first + attempt) % endpoints_.size();
    const auto& endpoint = endpoints_[index];
    EtcdWatchConnection c;
    if (const auto ec = c.connect(endpoint, timeout_); ec) {
      failures += (failures.empty() ? "" : "; ") + describe(endpoint) + ": " + ec.message();
      continue;
    }
    preferred_.store(index);
    // From here on the request may reach etcd: never retry it elsewhere.
    const auto request = make_request(endpoint, path, request_body, false);
    c.stream().expires_after(timeout_);
    auto ec =
        c.run([&](auto handler) { http::async_write(c.stream(), request, std::move(handler)); });
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxBody);
    if (!ec) {
      ec = c.run([&](auto handler) {
        http::async_read(c.stream(), c.buffer(), parser, std::move(handler));
      });
    }
    if (ec) {
      return tl::make_unexpected(unavailable("etcd request " + std::string(path) + " to " +
                                             describe(endpoint) + " failed: " + ec.message()));
    }
    const auto& response = parser.get();
    if (response.result_int() != 200) {
      return tl::make_unexpected(
          unavailable(gateway_error(response.result_int(), response.body())));
    }
    auto doc = nlohmann::json::parse(response.body(), nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object()) {
      return tl::make_unexpected(
          unavailable("etcd sent a non-JSON answer to " + std::string(path)));
    }
    return doc;
  }
  return tl::make_unexpected(unavailable("cannot connect to etcd: " + failures));
}

tl::expected<void, Error> EtcdClient::open_watch(EtcdWatchStream& stream,
                                                 const nlohmann::json& create_request) {
  if (endpoints_.empty()) return tl::make_unexpected(unavailable("no etcd endpoint configured"));
  // Watches follow the endpoint unary calls last reached; the watch thread retries on failure,
  // so rotating the preferred endpoint on each failed open walks through all of them.
  const std::size_t index = preferred_.load() % endpoints_.size();
  auto opened = stream.open(endpoints_[index], create_request, timeout_);
  if (!opened) preferred_.store((index + 1) % endpoints_.size());
  return opened;
}

}  // namespace mgmt::store
