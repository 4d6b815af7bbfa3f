// Reading, routing and answering requests on one connection (after Boost.Beast's advanced
// server: a strand per connection, parser body limits; a deadline and a watchdog timer
// instead of tcp_stream's timer per operation). Input: bytes from the client. Output:
// responses, metrics, and batch exchanges.
#include "server/connection.hpp"

#include <cstdint>
#include <limits>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <fmt/format.h>

#include "server/batch_exchange.hpp"
#include "server/handlers.hpp"
#include "server/log.hpp"

namespace icp::server {
namespace beast = boost::beast;
namespace net = boost::asio;

namespace {

constexpr std::size_t kRequestBufferBytes = 16 * 1024;

// The client left, or stalled (the watchdog closed the socket): nothing to answer.
bool is_disconnect(const beast::error_code& error) {
  return error == http::error::end_of_stream || error == net::error::eof || error == net::error::operation_aborted ||
         error == net::error::bad_descriptor || error == net::error::connection_reset;
}

}  // namespace

void ConnectionSet::add(const std::shared_ptr<Connection>& connection) {
  const std::lock_guard lock(mutex_);
  connections_[connection.get()] = connection;
}

void ConnectionSet::remove(const Connection* connection) {
  const std::lock_guard lock(mutex_);
  connections_.erase(connection);
}

std::size_t ConnectionSet::size() const {
  const std::lock_guard lock(mutex_);
  return connections_.size();
}

void ConnectionSet::close_idle() {
  std::vector<std::shared_ptr<Connection>> open;
  {
    const std::lock_guard lock(mutex_);
    for (const auto& [key, weak] : connections_) {
      if (std::shared_ptr<Connection> connection = weak.lock()) open.push_back(std::move(connection));
    }
  }
  for (const auto& connection : open) connection->close_if_idle();
}

Connection::Connection(net::ip::tcp::socket socket, ServerContext& context, ConnectionSet& connections)
    : socket_(std::move(socket)), watchdog_(socket_.get_executor()), context_(context), connections_(connections) {
  context_.metrics.connection_opened();
}

Connection::~Connection() {
  connections_.remove(this);
  context_.metrics.connection_closed();
}

void Connection::start() {
  connections_.add(shared_from_this());
  net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
    self->watch();
    self->read_header();
  });
}

void Connection::watch() {
  watchdog_.expires_after(Deadline::check_every(context_.options.timeout));
  // A weak reference: the watchdog must not keep a finished connection open.
  watchdog_.async_wait([weak = weak_from_this()](beast::error_code error) {
    const std::shared_ptr<Connection> self = weak.lock();
    if (error || !self) return;
    if (!self->deadline_.expired(Deadline::Clock::now())) return self->watch();
    // The operations pending end with operation_aborted; one started later, bad_descriptor.
    beast::error_code ignored;
    self->socket_.close(ignored);
  });
}

void Connection::close_if_idle() {
  net::post(socket_.get_executor(), [self = shared_from_this()] {
    if (!self->idle_ || self->closing_) return;
    // No request has begun: nothing to linger for. The pending read ends, aborted.
    self->closing_ = true;
    beast::error_code ignored;
    self->socket_.close(ignored);
  });
}

void Connection::read_header() {
  if (closing_) return;
  if (context_.draining.load() && buffer_.size() == 0) return close();
  idle_ = buffer_.size() == 0;
  // Beast reads as much as the buffer has room for, 512 bytes at least: room for a whole
  // single-account request (headers and body) takes one recvmsg, not two or three.
  buffer_.reserve(kRequestBufferBytes);
  header_parser_.emplace();
  header_parser_->header_limit(16 * 1024);
  // A declared length is checked against the endpoint's limit once the route is known (a
  // parser checks it only while the header is read, before its body type is chosen).
  header_parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
  deadline_.after(context_.options.timeout);
  http::async_read_header(socket_, buffer_, *header_parser_,
                          [self = shared_from_this()](beast::error_code error, std::size_t) { self->on_header(error); });
}

void Connection::on_header(beast::error_code error) {
  idle_ = false;
  started_ = std::chrono::steady_clock::now();
  if (is_disconnect(error)) return close();  // the client left, or stalled: nothing to answer
  if (error) {
    route_ = Route{};
    version_ = 11;
    const bool too_large = error == http::error::header_limit;
    return fail_request(too_large ? http::status::request_header_fields_too_large : http::status::bad_request,
                        too_large ? "the request's headers are over 16 KiB"
                                  : fmt::format("malformed HTTP request: {}", error.message()));
  }
  const auto& header = header_parser_->get();
  version_ = header.version();
  route_ = route(view(header.method_string()), view(header.target()));
  if (route_.endpoint == Endpoint::batch && route_.status == 200) return start_batch();
  read_body();
}

void Connection::read_body() {
  if (header_parser_->content_length().value_or(0) > context_.options.max_body) return refuse_body();
  body_parser_.emplace(std::move(*header_parser_));
  body_parser_->body_limit(context_.options.max_body);
  const auto read = [self = shared_from_this()] {
    self->deadline_.after(self->context_.options.timeout);
    http::async_read(self->socket_, self->buffer_, *self->body_parser_,
                     [self](beast::error_code error, std::size_t) { self->on_body(error); });
  };
  if (view(body_parser_->get()[http::field::expect]) != "100-continue") return read();
  // curl waits a second for this before sending a larger body.
  auto continue_response = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
  deadline_.after(context_.options.timeout);
  http::async_write(socket_, *continue_response,
                    [self = shared_from_this(), continue_response, read](beast::error_code error, std::size_t) {
                      if (error) return self->close();
                      read();
                    });
}

void Connection::refuse_body() {
  fail_request(http::status::payload_too_large,
               fmt::format("the body is over --max-body ({} bytes)", context_.options.max_body));
}

void Connection::on_body(beast::error_code error) {
  if (error == http::error::body_limit) return refuse_body();
  if (is_disconnect(error)) return close();
  if (error) return fail_request(http::status::bad_request, fmt::format("malformed HTTP request: {}", error.message()));
  const Request& request = body_parser_->get();
  const bool keep_alive = request.keep_alive() && !context_.draining.load();
  if (route_.status != 200) {
    Response response = error_response(static_cast<http::status>(route_.status), route_.error, request.version(), keep_alive);
    if (!route_.allow.empty()) response.set(http::field::allow, route_.allow);
    return send(std::move(response));
  }
  if (route_.endpoint == Endpoint::reload) return start_reload(request);
  try {
    std::string pending_log;
    Response response = handle_request(request, route_, context_, pending_log);
    if (pending_log.empty()) return send(std::move(response));
    send_after_log(std::move(response), std::move(pending_log));
  } catch (const std::exception& failure) {
    log_line(fmt::format("error: {} {}: {}", view(request.method_string()), view(request.target()), failure.what()));
    send(error_response(http::status::internal_server_error, "internal error (logged)", request.version(), false));
  }
}

void Connection::start_batch() {
  const auto& header = header_parser_->get();
  std::optional<DecideQuery> query;
  std::optional<Response> refused = check_decide_request(header, header_parser_->keep_alive(), route_, context_, true, query);
  if (!refused && header.has_content_length() &&
      header_parser_->content_length().value_or(0) > context_.options.max_batch_body) {
    refused = error_response(http::status::payload_too_large,
                             fmt::format("the batch is over --max-batch-body ({} bytes)", context_.options.max_batch_body),
                             header.version(), false);
  }
  const std::size_t max_batches = context_.options.max_batches != 0 ? context_.options.max_batches : context_.options.threads;
  if (!refused && context_.batches_running.fetch_add(1) >= max_batches) {
    context_.batches_running.fetch_sub(1);
    refused = error_response(http::status::service_unavailable,
                             fmt::format("{} batches are being decided, the most at once: retry later", max_batches),
                             header.version(), false);
    refused->set(http::field::retry_after, "1");
  }
  if (refused) {
    // The body was not read: the connection cannot carry another request.
    refused->keep_alive(false);
    return send(std::move(*refused));
  }
  auto exchange = std::make_shared<BatchExchange>(
      socket_, deadline_, buffer_, std::move(*header_parser_), context_.registry.program(route_.profile), route_.profile, *query,
      context_, [self = shared_from_this()](bool keep_alive) { self->after_batch(keep_alive); });
  exchange->start();
}

// The reload runs on the reload thread; its answer is sent from this connection's executor.
// The watchdog allows the reload --timeout, as it allows a client to send.
void Connection::start_reload(const Request& request) {
  if (std::optional<Response> refused = check_admin_request(request, context_)) return send(std::move(*refused));
  const unsigned version = request.version();
  const bool keep_alive = request.keep_alive() && !context_.draining.load();
  deadline_.after(context_.options.timeout);
  context_.reloader.post("POST /v1/admin/reload", {},
                         [self = shared_from_this(), version, keep_alive](std::vector<ReloadResult> results) {
                           net::post(self->socket_.get_executor(), [self, version, keep_alive, results = std::move(results)] {
                             self->send(reload_response(results, version, keep_alive));
                           });
                         });
}

void Connection::after_batch(bool keep_alive) {
  context_.batches_running.fetch_sub(1);
  buffer_.shrink_to_fit();  // the batch's read buffer, back to what the next request's bytes need
  if (!keep_alive || context_.draining.load()) return close();
  read_header();
}

void Connection::send(Response response) {
  const unsigned status = response.result_int();
  context_.metrics.count_request(route_.endpoint, status,
                                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
  response_ = std::make_shared<Response>(std::move(response));
  deadline_.after(context_.options.timeout);
  http::async_write(socket_, *response_, [self = shared_from_this()](beast::error_code error, std::size_t) {
    const bool keep_alive = self->response_->keep_alive();
    self->response_.reset();
    if (error || !keep_alive) return self->close();
    self->read_header();
  });
}

// The decisions are answered only once their entries are written: the writer calls back on
// its thread, and the response goes out on the connection's strand. A decision the log could
// not keep is not answered as made (503: the client may retry).
void Connection::send_after_log(Response response, std::string pending_log) {
  auto held = std::make_shared<Response>(std::move(response));
  const unsigned version = held->version();
  context_.log->submit(std::move(pending_log), [self = shared_from_this(), held, version](bool written) {
    net::post(self->socket_.get_executor(), [self, held, version, written] {
      if (written) return self->send(std::move(*held));
      self->context_.metrics.count_log_failure();
      self->send(error_response(http::status::service_unavailable,
                                "the decision could not be written to the decision log (logged); it was not made: retry",
                                version, false));
    });
  });
}

void Connection::fail_request(http::status status, std::string_view message) {
  send(error_response(status, message, version_, false));
}

// A lingering close: the response may have gone out before the body it refused was read, and
// closing with unread bytes sends a reset that can destroy the response before the client
// reads it. So the sending side is shut, and what still arrives is read and dropped, until the
// client closes, a short time passes or kMaxDiscard bytes have come.
void Connection::close() {
  if (closing_) return;
  closing_ = true;
  beast::error_code ignored;
  socket_.shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  deadline_.after(std::chrono::seconds(2));
  discard();
}

void Connection::discard() {
  constexpr std::size_t kMaxDiscard = std::size_t{4} << 20;
  discard_buffer_.resize(16 * 1024);
  socket_.async_read_some(net::buffer(discard_buffer_), [self = shared_from_this()](beast::error_code error, std::size_t n) {
    self->discarded_ += n;
    if (error || self->discarded_ > kMaxDiscard) {
      beast::error_code ignored;
      self->socket_.close(ignored);
      return;
    }
    self->discard();
  });
}

}  // namespace icp::server
