// The accept loop. Input: incoming connections. Output: started Connections, or a 503 when
// --max-connections are open (a refused client learns why rather than hanging in the backlog).
#include "server/listener.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>

#include "server/log.hpp"

namespace icp::server {
namespace net = boost::asio;
using tcp = net::ip::tcp;

Listener::Listener(net::io_context& io, const tcp::endpoint& endpoint, ServerContext& context,
                   ConnectionSet& connections)
    : io_(io), acceptor_(net::make_strand(io)), context_(context), connections_(connections) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(net::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(net::socket_base::max_listen_connections);
}

void Listener::start() { accept(); }

void Listener::stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void Listener::accept() {
  acceptor_.async_accept(net::make_strand(io_), [self = shared_from_this()](boost::system::error_code error, tcp::socket socket) {
    if (error == net::error::operation_aborted || !self->acceptor_.is_open()) return;
    if (error) {
      // Out of file descriptors, most likely: say so once per failure and keep accepting.
      log_line(fmt::format("error: accept failed: {}", error.message()));
    } else if (self->connections_.size() >= self->context_.options.max_connections) {
      self->refuse(std::move(socket));
    } else {
      socket.set_option(tcp::no_delay(true));
      std::make_shared<Connection>(std::move(socket), self->context_, self->connections_)->start();
    }
    self->accept();
  });
}

void Listener::refuse(tcp::socket socket) {
  context_.metrics.count_connection_refused();
  static const std::string kResponse = [] {
    const std::string body = "{\"error\":{\"status\":503,\"message\":\"too many connections: retry later\"}}\n";
    return fmt::format("HTTP/1.1 503 Service Unavailable\r\nServer: icpc-serve\r\nContent-Type: application/json\r\n"
                       "Retry-After: 1\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{}",
                       body.size(), body);
  }();
  auto owned = std::make_shared<tcp::socket>(std::move(socket));
  net::async_write(*owned, net::buffer(kResponse), [owned](boost::system::error_code, std::size_t) {
    boost::system::error_code ignored;
    owned->shutdown(tcp::socket::shutdown_both, ignored);
    owned->close(ignored);
  });
}

}  // namespace icp::server
