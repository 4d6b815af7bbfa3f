// One client connection: HTTP/1.1 requests read one after another (keep-alive) on the
// connection's strand, each routed and answered; a watchdog drops a client that sends or reads
// nothing for --timeout.
// Input: an accepted socket. Output: responses; a batch request is handed to a BatchExchange
// for its lifetime, and the connection reads the next request once the exchange ends.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "server/deadline.hpp"
#include "server/http_messages.hpp"
#include "server/router.hpp"
#include "server/server_context.hpp"

namespace icp::server {

class Connection;

// The open connections, so that a drain can close the idle ones.
class ConnectionSet {
 public:
  void add(const std::shared_ptr<Connection>& connection);
  void remove(const Connection* connection);
  std::size_t size() const;
  // Closes every connection waiting for a request; the others close after their response.
  void close_idle();

 private:
  mutable std::mutex mutex_;
  std::map<const Connection*, std::weak_ptr<Connection>> connections_;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(boost::asio::ip::tcp::socket socket, ServerContext& context, ConnectionSet& connections);
  ~Connection();
  void start();
  void close_if_idle();  // from any thread

 private:
  void watch();  // the watchdog: closes the socket once deadline_ has passed
  void read_header();
  void on_header(boost::beast::error_code error);
  void read_body();
  void on_body(boost::beast::error_code error);
  void refuse_body();  // 413, and close
  void start_batch();
  void start_reload(const Request& request);
  void after_batch(bool keep_alive);
  // Writes `response`, then reads the next request or closes.
  void send(Response response);
  // With the decision log: sends `response` once `pending_log` is written.
  void send_after_log(Response response, std::string pending_log);
  void fail_request(http::status status, std::string_view message);  // answer and close
  void close();
  void discard();

  boost::asio::ip::tcp::socket socket_;
  Deadline deadline_;
  boost::asio::steady_timer watchdog_;
  boost::beast::flat_buffer buffer_;
  ServerContext& context_;
  ConnectionSet& connections_;
  std::optional<http::request_parser<http::empty_body>> header_parser_;
  std::optional<http::request_parser<http::string_body>> body_parser_;
  std::shared_ptr<Response> response_;  // alive until written
  Route route_;
  std::chrono::steady_clock::time_point started_;
  unsigned version_ = 11;  // the request's HTTP version, for error responses
  bool idle_ = true;  // waiting for a request's first byte
  bool closing_ = false;
  std::vector<char> discard_buffer_;
  std::size_t discarded_ = 0;
};

}  // namespace icp::server
