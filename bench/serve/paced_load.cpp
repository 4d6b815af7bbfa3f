// The open-loop engine of bench_constant_rate, on one thread (Boost.Asio, Boost.Beast's response
// parser). Input: a LoadPlan. Output: a LoadResult: every response checked, the latency of each
// request due in the measured window, the sender's lag behind its schedule.
#include "bench/serve/paced_load.hpp"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <deque>
#include <memory>
#include <stdexcept>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <fmt/format.h>

namespace icp::bench {
namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

namespace {

constexpr auto kFirstDueAfterConnect = std::chrono::milliseconds(10);
constexpr auto kReconnectDelay = std::chrono::milliseconds(50);
constexpr auto kWatchEvery = std::chrono::milliseconds(50);
constexpr auto kDrainGrace = std::chrono::seconds(1);  // beyond the timeout, for the last responses

std::uint64_t nanoseconds_between(Clock::time_point from, Clock::time_point to) {
  return static_cast<std::uint64_t>(std::max<std::int64_t>(0, (to - from).count()));
}

// One keep-alive connection: at most one request on it at a time (no pipelining).
struct Connection {
  explicit Connection(net::io_context& io) : socket(io), retry(io) {}
  tcp::socket socket;
  net::steady_timer retry;  // armed only after a failed reconnection
  boost::beast::flat_buffer buffer;
  std::optional<http::response_parser<http::string_body>> parser;
  Clock::time_point due, sent;
  bool busy = false;
  bool timed_out = false;  // the watchdog closed it: its failure is a timeout, counted once
};

// Request k is due at start + k / rate; the pacer (a steady_timer, on a timerfd) wakes at each
// due time and hands what is due to a free keep-alive connection, or queues it until one is
// free. A request's latency runs from its due time, so a server that falls behind is charged
// for the queue it causes (coordinated omission corrected, as wrk2 does), and so is a
// generator that wakes late (its lag is reported beside).
class PacedLoad {
 public:
  explicit PacedLoad(const LoadPlan& plan)
      : plan_(plan), io_(1), pacer_(io_), watchdog_(io_), signals_(io_, SIGINT, SIGTERM), result_(plan.expect_bytes) {}

  LoadResult run() {
    connect_all();
    start_ = Clock::now() + kFirstDueAfterConnect;
    measure_from_ = start_ + plan_.warmup;
    end_ = measure_from_ + plan_.duration;
    signals_.async_wait([this](const error_code& error, int) {
      if (!error) stop_early();
    });
    watch();
    pacer_.expires_at(start_);
    pacer_.async_wait([this](const error_code& error) {
      if (!error) pace();
    });
    io_.run();
    const Clock::time_point window_end = std::max(end_, last_measured_);  // end_: now, when stopped early
    result_.measured_for = window_end > measure_from_ ? window_end - measure_from_ : std::chrono::nanoseconds(0);
    return std::move(result_);
  }

 private:
  void connect_all() {
    const auto addresses = tcp::resolver(io_).resolve(plan_.host, std::to_string(plan_.port));
    for (unsigned i = 0; i < plan_.connections; ++i) {
      auto connection = std::make_unique<Connection>(io_);
      error_code error;
      net::connect(connection->socket, addresses, error);
      if (error) {
        throw std::runtime_error(fmt::format("cannot connect to {}:{} (connection {} of {}): {}", plan_.host,
                                             plan_.port, i + 1, plan_.connections, error.message()));
      }
      endpoint_ = connection->socket.remote_endpoint();
      connection->socket.set_option(tcp::no_delay(true));
      free_.push_back(connection.get());
      connections_.push_back(std::move(connection));
    }
  }

  Clock::time_point due_of(std::uint64_t k) const {
    return start_ + std::chrono::nanoseconds(std::llround(static_cast<double>(k) * 1e9 / plan_.rate));
  }

  // The pacer's tick: releases every request now due, sends what connections allow, sleeps
  // until the next due time.
  void pace() {
    if (!scheduling_) return;
    const Clock::time_point now = Clock::now();
    const Clock::time_point first_due = due_of(next_);
    if (first_due >= measure_from_ && first_due <= now && first_due < end_) {
      result_.pacer_late_max = std::max(result_.pacer_late_max, std::chrono::nanoseconds(now - first_due));
    }
    for (Clock::time_point due = first_due; due <= now && due < end_; due = due_of(++next_)) pending_.push_back(due);
    dispatch();
    if (due_of(next_) >= end_) {
      stop_scheduling(now);
      return;
    }
    pacer_.expires_at(due_of(next_));
    pacer_.async_wait([this](const error_code& error) {
      if (!error) pace();
    });
  }

  void stop_early() {
    end_ = std::min(end_, Clock::now());
    pacer_.cancel();
    pace();
  }

  void stop_scheduling(Clock::time_point now) {
    scheduling_ = false;
    drain_deadline_ = now + plan_.timeout + kDrainGrace;
    finish_if_drained();
  }

  void dispatch() {
    while (!pending_.empty() && !free_.empty()) {
      Connection& connection = *free_.front();
      free_.pop_front();
      send(connection, pending_.front());
      pending_.pop_front();
    }
  }

  void send(Connection& connection, Clock::time_point due) {
    connection.busy = true;
    connection.due = due;
    connection.sent = Clock::now();
    ++in_flight_;
    if (due >= measure_from_) result_.schedule_lag.record(nanoseconds_between(due, connection.sent));
    const std::string& request = plan_.requests[next_request_];
    next_request_ = (next_request_ + 1) % plan_.requests.size();
    net::async_write(connection.socket, net::buffer(request), [this, &connection](const error_code& error, std::size_t) {
      if (error) {
        fail(connection, result_.tally.errors.write);
        return;
      }
      read_response(connection);
    });
  }

  void read_response(Connection& connection) {
    connection.parser.emplace();
    connection.parser->body_limit(boost::none);  // a batch's decisions are megabytes
    http::async_read(connection.socket, connection.buffer, *connection.parser,
                     [this, &connection](const error_code& error, std::size_t bytes) {
                       if (error) {
                         fail(connection, result_.tally.errors.read);
                         return;
                       }
                       on_response(connection, bytes);
                     });
  }

  void on_response(Connection& connection, std::size_t bytes) {
    const Clock::time_point done = Clock::now();
    connection.busy = false;
    --in_flight_;
    const auto& response = connection.parser->get();
    const auto header = response.find("ICP-Program");
    std::optional<std::string_view> program;
    if (header != response.end()) program = std::string_view(header->value().data(), header->value().size());
    result_.tally.response(response.result_int(), program, response.body());
    if (connection.due >= measure_from_) {
      result_.latency.record(nanoseconds_between(connection.due, done));
      ++result_.requests;
      result_.bytes += bytes;
      last_measured_ = done;
    } else {
      ++result_.warmup_requests;
    }
    if (response.keep_alive()) {
      free_.push_back(&connection);
      dispatch();
    } else {
      reconnect(connection);
    }
    finish_if_drained();
  }

  // A broken exchange: counted (once: the watchdog counted its timeouts), then a new connection.
  void fail(Connection& connection, std::uint64_t& kind) {
    if (!connection.timed_out) ++kind;
    connection.busy = false;
    --in_flight_;
    reconnect(connection);
    finish_if_drained();
  }

  void reconnect(Connection& connection) {
    error_code ignored;
    connection.socket.close(ignored);
    connection.buffer.clear();
    connection.timed_out = false;
    connection.socket.async_connect(endpoint_, [this, &connection](const error_code& error) {
      if (error) {
        ++result_.tally.errors.connect;
        error_code ignored_close;
        connection.socket.close(ignored_close);
        connection.retry.expires_after(kReconnectDelay);
        connection.retry.async_wait([this, &connection](const error_code& stopped) {
          if (!stopped) reconnect(connection);
        });
        return;
      }
      error_code ignored_option;
      connection.socket.set_option(tcp::no_delay(true), ignored_option);
      free_.push_back(&connection);
      dispatch();
    });
  }

  // Every kWatchEvery: closes the connections whose response is later than the timeout
  // (their pending read fails), and ends the drain at its deadline: a request still awaited
  // or never sent then is a timeout too, so every request due is either answered or counted.
  void watch() {
    const Clock::time_point now = Clock::now();
    const bool drain_over = !scheduling_ && now >= drain_deadline_;
    for (const auto& connection : connections_) {
      if (connection->busy && !connection->timed_out && (drain_over || now - connection->sent > plan_.timeout)) {
        ++result_.tally.errors.timeout;
        connection->timed_out = true;
        error_code ignored;
        connection->socket.close(ignored);
      }
    }
    if (drain_over) {
      result_.unsent = pending_.size();
      result_.tally.errors.timeout += pending_.size();
      pending_.clear();
      io_.stop();
      return;
    }
    watchdog_.expires_after(kWatchEvery);
    watchdog_.async_wait([this](const error_code& error) {
      if (!error) watch();
    });
  }

  void finish_if_drained() {
    if (!scheduling_ && pending_.empty() && in_flight_ == 0) io_.stop();
  }

  const LoadPlan& plan_;
  net::io_context io_;
  net::steady_timer pacer_;
  net::steady_timer watchdog_;
  net::signal_set signals_;
  tcp::endpoint endpoint_;
  std::vector<std::unique_ptr<Connection>> connections_;  // after io_: closed before it goes
  std::deque<Connection*> free_;                          // first free, first used: all stay warm
  std::deque<Clock::time_point> pending_;                 // due, waiting for a free connection
  std::uint64_t next_ = 0;                                // the next request to fall due
  std::size_t next_request_ = 0;                          // its body, in rotation
  std::size_t in_flight_ = 0;
  bool scheduling_ = true;
  Clock::time_point start_, measure_from_, end_, drain_deadline_, last_measured_;
  LoadResult result_;
};

}  // namespace

LoadResult run_paced_load(const LoadPlan& plan) {
  if (plan.requests.empty() || plan.rate <= 0 || plan.connections == 0) {
    throw std::invalid_argument("run_paced_load: a plan needs requests, a positive rate and a connection");
  }
  return PacedLoad(plan).run();
}

}  // namespace icp::bench
