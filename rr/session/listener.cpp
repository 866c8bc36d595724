#include "rr/session/listener.hpp"

#include <unistd.h>

#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>

#include "rr/session/socket_options.hpp"

namespace rr::session {

namespace asio = boost::asio;
using asio::ip::tcp;

Listener::Listener(asio::io_context& loop, Lookup lookup)
    : loop_(loop), lookup_(std::move(lookup)) {}

std::error_code Listener::listen(const tcp::endpoint& endpoint) {
  auto acceptor = std::make_unique<tcp::acceptor>(loop_);
  boost::system::error_code ec;
  acceptor->open(endpoint.protocol(), ec);
  if (!ec) acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec && endpoint.address().is_v6()) acceptor->set_option(boost::asio::ip::v6_only(true), ec);
  if (!ec) acceptor->bind(endpoint, ec);
  if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return {ec.value(), std::generic_category()};
  acceptors_.push_back(std::move(acceptor));
  accept_next(acceptors_.size() - 1);
  return {};
}

std::error_code Listener::set_md5(const wire::IpAddress& peer, std::string_view password) {
  for (auto& a : acceptors_) {
    const bool v6_socket = a->local_endpoint().address().is_v6();
    if (v6_socket != !peer.is_v4()) continue;
    if (auto ec = set_tcp_md5(a->native_handle(), peer, password)) return ec;
  }
  return {};
}

std::vector<tcp::endpoint> Listener::local_endpoints() const {
  std::vector<tcp::endpoint> out;
  for (const auto& a : acceptors_)
    out.push_back(a->local_endpoint());
  return out;
}

void Listener::close() {
  for (auto& a : acceptors_) {
    boost::system::error_code ignored;
    a->close(ignored);
  }
}

void Listener::accept_next(std::size_t index) {
  auto* acceptor = acceptors_[index].get();
  acceptor->async_accept(
      [this, index, acceptor](const boost::system::error_code& ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !acceptor->is_open()) return;
        if (!ec) {
          boost::system::error_code e;
          const auto remote = socket.remote_endpoint(e);
          std::shared_ptr<Session> session;
          if (!e) {
            auto addr = remote.address();
            if (addr.is_v6() && addr.to_v6().is_v4_mapped()) {
              addr = asio::ip::make_address_v4(asio::ip::v4_mapped, addr.to_v6());
            }
            wire::IpAddress peer;
            if (addr.is_v4()) {
              peer = wire::IpAddress::from(wire::Ipv4Address{addr.to_v4().to_uint()});
            } else {
              wire::Ipv6Address v6;
              const auto b = addr.to_v6().to_bytes();
              std::copy(b.begin(), b.end(), v6.bytes.begin());
              peer = wire::IpAddress::from(v6);
            }
            session = lookup_(peer);
          }
          if (!session) {
            refused_.fetch_add(1, std::memory_order_relaxed);
            socket.close(e);
          } else {
            // Move the connection to the session's loop as a raw descriptor.
            const auto protocol = remote.protocol();
            const int fd = socket.release(e);
            asio::post(session->loop(), [session, protocol, fd] {
              tcp::socket s(session->loop());
              boost::system::error_code assign_ec;
              s.assign(protocol, fd, assign_ec);
              if (assign_ec) {
                ::close(fd);
                return;
              }
              session->accept(std::move(s));
            });
          }
        }
        accept_next(index);
      });
}

}  // namespace rr::session
