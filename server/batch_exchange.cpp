// The batch endpoint's two directions and the worker between them. Socket -> body channel:
// the body is read a buffer at a time (chunked or not, up to --max-batch-body) and each buffer
// handed over; decide_stream reads the channel as `icpc eval` reads a file, so lines, limits
// and rejections are the same. Worker -> socket: each batch of results becomes one HTTP chunk, queued up to
// kMaxQueuedBytes (the worker waits beyond it). Input: request bytes. Output: response bytes.
#include "server/batch_exchange.hpp"

#include <algorithm>
#include <cstdio>
#include <future>
#include <utility>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>

#include "server/log.hpp"

namespace icp::server {
namespace beast = boost::beast;
namespace net = boost::asio;

namespace {

// Decisions waiting for a slow client, at most: beyond it the worker waits, then the pipe
// fills and the body is no longer read, so a stalled client costs this much and a timeout.
constexpr std::size_t kMaxQueuedBytes = std::size_t{8} << 20;
constexpr std::size_t kReadBufferBytes = std::size_t{256} << 10;
// Body read ahead of the deciding thread, at most: beyond it the socket is not read, so a
// batch holds this much of its body and TCP's window slows the client.
constexpr std::size_t kMaxQueuedBodyBytes = std::size_t{1} << 20;
// The status a batch whose client went away is counted under (nginx's "client closed request").
constexpr unsigned kClientClosed = 499;

bool is_disconnect(const beast::error_code& error) {
  // operation_aborted and bad_descriptor: the connection's watchdog closed a stalled client.
  return error == net::error::eof || error == http::error::end_of_stream || error == http::error::partial_message ||
         error == net::error::operation_aborted || error == net::error::bad_descriptor ||
         error == net::error::connection_reset || error == net::error::broken_pipe;
}

// --threads deciding threads are shared by the batches running when one starts: alone, a batch
// decides on all of them; with others, on its share (at least one). More threads than CPUs
// would only add hand-overs between them (and a batch's own thread reads and answers).
std::size_t deciding_threads(const ServerContext& context) {
  const std::size_t running = std::max<std::size_t>(1, context.batches_running.load());
  return std::max<std::size_t>(1, context.options.threads / running);
}

}  // namespace

// Results to chunks: the decision lines with each rejected record's line (the JSON of `icpc
// eval --errors`) at its place. With the decision log, a chunk is held until its entries are
// written; the log writes one batch's entries while the next batch is decided.
class BatchExchange::Sink final : public BatchSink {
 public:
  explicit Sink(BatchExchange& exchange) : exchange_(exchange) {}
  bool on_results(const BatchResults& results) override {
    std::string chunk = make_chunk(results);
    if (exchange_.context_.log == nullptr) return chunk.empty() || exchange_.push_output(std::move(chunk));
    std::future<bool> written = submit(results);
    if (!release_held()) return false;
    held_.emplace(Held{std::move(chunk), std::move(written)});
    return true;
  }
  bool on_side_file_error(const SideFileError&) override { return true; }  // JSON Lines has no side files
  // After decide_stream: the last chunk held, once its entries are written. False when the log failed.
  bool finish() { return release_held(); }

 private:
  struct Held {
    std::string chunk;
    std::future<bool> written;
  };

  std::future<bool> submit(const BatchResults& results) {
    auto promise = std::make_shared<std::promise<bool>>();
    std::future<bool> future = promise->get_future();
    if (results.tapped.empty()) {  // rejections only
      promise->set_value(true);
      return future;
    }
    // The batch's entries taken as they are; the batch gets a written buffer back.
    decision_log::LogWriter& writer = exchange_.context_.log->writer();
    std::string buffer = writer.take_buffer();
    buffer.swap(*results.tapped_buffer);
    writer.submit(std::move(buffer), [promise](bool written) { promise->set_value(written); });
    return future;
  }

  bool release_held() {
    if (!held_) return true;
    Held held = std::move(*held_);
    held_.reset();
    if (!held.written.get()) {
      exchange_.context_.metrics.count_log_failure();
      const std::lock_guard lock(exchange_.mutex_);
      exchange_.log_failed_ = true;
      return false;
    }
    return held.chunk.empty() || exchange_.push_output(std::move(held.chunk));
  }

  std::string make_chunk(const BatchResults& results) {
    std::string chunk;
    chunk.reserve(results.decisions.size() + results.rejections.size() * 160);
    std::size_t at = 0;
    for (const RejectedRecord& rejection : results.rejections) {
      chunk.append(results.decisions.substr(at, rejection.offset - at));
      at = rejection.offset;
      append_json(rejection, chunk);
    }
    chunk.append(results.decisions.substr(at));
    for (const OutcomeCount& outcome : results.outcomes) {
      exchange_.context_.metrics.count_decision(exchange_.profile_, outcome.verdict, outcome.route_action,
                                                outcome.decisions);
    }
    if (!results.rejections.empty()) exchange_.context_.metrics.count_rejected(exchange_.profile_, results.rejections.size());
    return chunk;
  }

  BatchExchange& exchange_;
  std::optional<Held> held_;
};

BatchExchange::BatchExchange(net::ip::tcp::socket& socket, Deadline& deadline, beast::flat_buffer& buffer,
                             http::request_parser<http::empty_body>&& header_parser,
                             std::shared_ptr<const ServedProgram> program, std::string profile, DecideQuery query,
                             ServerContext& context, Done done)
    : socket_(socket),
      deadline_(deadline),
      buffer_(buffer),
      parser_(std::move(header_parser)),
      program_(std::move(program)),
      profile_(std::move(profile)),
      query_(query),
      context_(context),
      done_(std::move(done)),
      started_(std::chrono::steady_clock::now()),
      body_(kReadBufferBytes, kMaxQueuedBodyBytes),
      in_(body_.spare()) {
  parser_.body_limit(context_.options.max_batch_body);
  if (context_.log != nullptr) logged_ = ServerLog::start_request();
  // Beast reads as much as the connection's buffer has room for (512 bytes at least, 64 KiB
  // at most): left at the size the headers needed, the body would come a few hundred bytes
  // per read, each with a pipe write and a timer re-armed. The connection shrinks it after.
  buffer_.reserve(kReadBufferBytes);
}

BatchExchange::~BatchExchange() {
  if (worker_.joinable()) worker_.join();
  if (stream_ != nullptr) std::fclose(stream_);  // the worker never started
}

void BatchExchange::start() {
  stream_ = body_.open_stream();
  if (stream_ == nullptr) {
    log_line(fmt::format("error: cannot open a stream for a batch's body: {}", std::strerror(errno)));
    finished_ = true;
    return done_(false);
  }
  worker_ = std::thread([self = shared_from_this()]() mutable {
    self->run_worker();
    // The last reference leaves this thread: the exchange ends on the strand, which joins it.
    BatchExchange& exchange = *self;
    net::post(exchange.socket_.get_executor(), [self = std::move(self)] {
      self->worker_.join();
      self->pump();
    });
  });
  write_header();
  read_body();
}

void BatchExchange::run_worker() {
  std::FILE* file = std::exchange(stream_, nullptr);
  {
    Sink sink(*this);
    BatchOptions options{.as_of = query_.as_of, .audit = query_.audit, .threads = deciding_threads(context_)};
    std::optional<decision_log::LogTap> tap;
    if (logged_) {
      tap.emplace(context_.log->batch_tap(*program_, profile_, query_.as_of, *logged_));
      options.tap = &*tap;
      options.leave_out = context_.log->redact();
    }
    try {
      decide_stream(program_->program(), BatchInput::json_lines(file), options, sink);
      sink.finish();
    } catch (const std::exception& failure) {
      log_line(fmt::format("error: a batch for `{}` failed: {}", profile_, failure.what()));
      const std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    std::fclose(file);  // tells the I/O side that no more of the body is wanted
  }
  const std::lock_guard lock(mutex_);
  worker_done_ = true;
}

void BatchExchange::write_header() {
  auto header = std::make_shared<http::response<http::empty_body>>(http::status::ok, parser_.get().version());
  header->set(http::field::server, "icpc-serve");
  header->set(http::field::content_type, "application/x-ndjson");
  header->set("ICP-Program", boost::beast::string_view(program_->id()));
  // Each line's decision id is this id, a dot and the record's line in the body.
  if (logged_) header->set("ICP-Request-Id", logged_->id);
  header->keep_alive(parser_.get().keep_alive() && !context_.draining.load());
  header->chunked(true);
  auto serializer = std::make_shared<http::response_serializer<http::empty_body>>(*header);
  const bool expects_continue = view(parser_.get()[http::field::expect]) == "100-continue";
  writing_ = true;
  auto send_header = [self = shared_from_this(), header, serializer] {
    self->deadline_.after(self->context_.options.timeout);
    http::async_write_header(self->socket_, *serializer,
                             [self, header, serializer](beast::error_code error, std::size_t) {
                               self->writing_ = false;
                               if (error) return self->fail();
                               self->header_written_ = true;
                               self->pump();
                             });
  };
  if (!expects_continue) return send_header();
  auto continue_response = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
  deadline_.after(context_.options.timeout);
  http::async_write(socket_, *continue_response,
                    [self = shared_from_this(), continue_response, send_header](beast::error_code error, std::size_t) {
                      if (error) {
                        self->writing_ = false;
                        return self->fail();
                      }
                      send_header();
                    });
}

void BatchExchange::read_body() {
  if (parser_.is_done()) return end_input(0, {});
  parser_.get().body().data = in_.get();
  parser_.get().body().size = kReadBufferBytes;
  reading_ = true;
  deadline_.after(context_.options.timeout);
  http::async_read_some(socket_, buffer_, parser_,
                        [self = shared_from_this()](beast::error_code error, std::size_t) { self->on_read(error); });
}

void BatchExchange::on_read(beast::error_code error) {
  if (error == http::error::need_buffer) error = {};
  if (finished_ || input_ended_) {
    reading_ = false;
    return maybe_finish();
  }
  if (error == http::error::body_limit) {
    reading_ = false;
    return end_input(413, fmt::format("the batch is over --max-batch-body ({} bytes): the records after it were not read",
                                      context_.options.max_batch_body));
  }
  if (is_disconnect(error)) {
    reading_ = false;
    return fail();
  }
  if (error) {
    reading_ = false;
    return end_input(400, fmt::format("malformed HTTP body: {}", error.message()));
  }
  const std::size_t n = kReadBufferBytes - parser_.get().body().size;
  if (n == 0) {
    reading_ = false;
    return read_body();
  }
  auto room = [self = shared_from_this()] { net::post(self->socket_.get_executor(), [self] { self->on_room(); }); };
  switch (body_.push(std::exchange(in_, body_.spare()), n, std::move(room))) {
    case BodyChannel::Pushed::more:
      reading_ = false;
      return read_body();
    case BodyChannel::Pushed::full:
      return;  // still reading_: on_room goes on
    case BodyChannel::Pushed::closed:
      // The worker stopped reading (the client is gone, or decide_stream failed): nothing to feed.
      reading_ = false;
      return maybe_finish();
  }
}

void BatchExchange::on_room() {
  reading_ = false;
  if (finished_ || input_ended_ || body_.reader_closed()) return maybe_finish();
  read_body();
}

void BatchExchange::end_input(unsigned status, std::string message) {
  input_ended_ = true;
  input_error_status_ = status;
  input_error_ = std::move(message);
  body_.end();  // end of input for decide_stream
  maybe_finish();
}

bool BatchExchange::push_output(std::string chunk) {
  {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [this] { return stopped_ || queued_bytes_ < kMaxQueuedBytes; });
    if (stopped_) return false;
    queued_bytes_ += chunk.size();
    queue_.push_back(std::move(chunk));
  }
  net::post(socket_.get_executor(), [self = shared_from_this()] { self->pump(); });
  return true;
}

void BatchExchange::pump() {
  if (writing_ || !header_written_ || finished_) return maybe_finish();
  {
    const std::lock_guard lock(mutex_);
    if (queue_.empty() || stopped_) {
      // Nothing to write now; maybe_finish decides whether the exchange is over.
    } else {
      writing_chunk_ = std::move(queue_.front());
      queue_.pop_front();
      writing_ = true;
    }
  }
  if (!writing_) return maybe_finish();
  deadline_.after(context_.options.timeout);
  net::async_write(socket_, http::make_chunk(net::buffer(writing_chunk_)),
                   [self = shared_from_this()](beast::error_code error, std::size_t) {
                     self->writing_ = false;
                     {
                       const std::lock_guard lock(self->mutex_);
                       self->queued_bytes_ -= self->writing_chunk_.size();
                     }
                     self->space_.notify_all();
                     if (error) return self->fail();
                     self->pump();
                   });
}

void BatchExchange::fail() {
  {
    const std::lock_guard lock(mutex_);
    stopped_ = true;
  }
  space_.notify_all();
  body_.end();
  beast::error_code ignored;
  socket_.close(ignored);
  maybe_finish();
}

void BatchExchange::maybe_finish() {
  bool worker_done = false, stopped = false, queue_empty = false, log_failed = false;
  {
    const std::lock_guard lock(mutex_);
    worker_done = worker_done_;
    stopped = stopped_;
    queue_empty = queue_.empty();
    log_failed = log_failed_;
  }
  if (finished_ || reading_ || writing_ || !worker_done || worker_.joinable()) return;
  if (!stopped && !queue_empty) return pump();
  finished_ = true;
  if (!stopped && header_written_) {
    if (log_failed) {
      // The decisions after the last line sent were made but could not be logged: not answered.
      input_error_status_ = 503;
      input_error_ = "the decision log could not be written (logged): the records after the last decision sent were not "
                     "decided; retry them";
      log_line(fmt::format("error: a batch for `{}` stopped: its decisions could not be written to the decision log", profile_));
    } else if (!input_ended_) {
      // decide_stream ended before the body did (it stopped reading): say so, close.
      input_error_status_ = 500;
      input_error_ = "the batch stopped before the end of its body (logged)";
      log_line(fmt::format("error: a batch for `{}` stopped before the end of its body", profile_));
    }
  }
  // The status line said 200 before the outcome was known; the metrics count the outcome: the
  // status of the error line that ended the batch, or kClientClosed when the client went away,
  // so that a failed batch is never counted as a success.
  const unsigned outcome = stopped || !header_written_ ? kClientClosed : (input_error_status_ != 0 ? input_error_status_ : 200);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  context_.metrics.count_request(Endpoint::batch, outcome, seconds);
  if (stopped || !header_written_) return done_(false);
  auto self = shared_from_this();
  if (input_error_status_ != 0) {
    // The 200 has gone out: the error is the last line, and the missing last chunk tells any
    // HTTP client that the response is incomplete.
    auto line = std::make_shared<std::string>(fmt::format("{{\"error\":{{\"status\":{},\"message\":\"{}\"}}}}\n",
                                                          input_error_status_, json_string(input_error_)));
    net::async_write(socket_, http::make_chunk(net::buffer(*line)),
                     [self, line](beast::error_code, std::size_t) { self->done_(false); });
    return;
  }
  net::async_write(socket_, http::make_chunk_last(), [self](beast::error_code error, std::size_t) {
    self->done_(!error && self->parser_.get().keep_alive() && self->parser_.is_done());
  });
}

}  // namespace icp::server
