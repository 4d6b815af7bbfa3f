// Accepting connections: one acceptor on the listen address, each connection started on its
// own strand, and past --max-connections a 503 and close instead. Input: the listen address.
// Output: Connections.
#pragma once

#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "server/connection.hpp"
#include "server/server_context.hpp"

namespace icp::server {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Throws boost::system::system_error when the address cannot be bound.
  Listener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint, ServerContext& context,
           ConnectionSet& connections);
  boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  void start();
  void stop();  // from any thread: no more connections

 private:
  void accept();
  void refuse(boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  ServerContext& context_;
  ConnectionSet& connections_;
};

}  // namespace icp::server
