// Accepts BGP connections on the configured addresses and hands each to the Session of the peer
// it comes from, on that session's loop. A connection from an address that is no configured peer
// is closed at once (DESIGN.md: "connections from unknown addresses are refused").
//
// Runs on one event loop; the peer lookup it is given must be safe to call from that loop.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string_view>
#include <system_error>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "rr/session/session.hpp"
#include "rr/wire/types.hpp"

namespace rr::session {

class Listener {
 public:
  using Lookup = std::function<std::shared_ptr<Session>(const wire::IpAddress& remote)>;

  Listener(boost::asio::io_context& loop, Lookup lookup);

  // Binds and listens (backlog SOMAXCONN) on each endpoint; port 0 picks a free port.
  std::error_code listen(const boost::asio::ip::tcp::endpoint& endpoint);
  // Installs (or removes, with an empty password) a TCP MD5 key for `peer` on every listening
  // socket, so that the kernel checks the peer's SYNs (RFC 2385).
  std::error_code set_md5(const wire::IpAddress& peer, std::string_view password);
  [[nodiscard]] std::vector<boost::asio::ip::tcp::endpoint> local_endpoints() const;
  void close();
  [[nodiscard]] std::uint64_t refused() const { return refused_.load(std::memory_order_relaxed); }

 private:
  void accept_next(std::size_t index);

  boost::asio::io_context& loop_;
  Lookup lookup_;
  std::vector<std::unique_ptr<boost::asio::ip::tcp::acceptor>> acceptors_;
  std::atomic<std::uint64_t> refused_{0};
};

}  // namespace rr::session
