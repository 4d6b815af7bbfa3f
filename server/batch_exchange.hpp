// POST /v1/decide/{profile}/batch: a JSON Lines body streamed through the ordered batch API
// and the decisions streamed back, chunked, in input order, each rejected record in place as
// the line `icpc eval --errors` writes. Input: the request's body as it arrives (chunked or
// not). Output: the chunked response. Neither body is ever held whole: the socket feeds a pipe
// that icp::decide_stream reads on a worker thread, and its results wait in a bounded queue
// until the socket takes them (a client that stops reading stalls the batch, then times out).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <optional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "icp/batch.hpp"
#include "server/body_channel.hpp"
#include "server/deadline.hpp"
#include "server/http_messages.hpp"
#include "server/server_context.hpp"

namespace icp::server {

class BatchExchange : public std::enable_shared_from_this<BatchExchange> {
 public:
  // Called on the connection's strand once the exchange is over: true when the connection
  // may carry another request.
  using Done = std::function<void(bool keep_alive)>;

  BatchExchange(boost::asio::ip::tcp::socket& socket, Deadline& deadline, boost::beast::flat_buffer& buffer,
                http::request_parser<http::empty_body>&& header_parser, std::shared_ptr<const ServedProgram> program,
                std::string profile, DecideQuery query, ServerContext& context, Done done);
  ~BatchExchange();
  void start();

 private:
  class Sink;
  void write_header();
  void read_body();
  void on_read(boost::beast::error_code error);
  void on_room();  // the body channel took enough to read on
  void end_input(unsigned status, std::string message);  // the body is over: EOF to the worker
  void run_worker();
  bool push_output(std::string chunk);  // worker thread: false once the client is gone
  void pump();
  void fail();  // the socket failed: stop everything, close
  void maybe_finish();

  boost::asio::ip::tcp::socket& socket_;
  Deadline& deadline_;  // the connection's: each read and write moves it
  boost::beast::flat_buffer& buffer_;
  http::request_parser<http::buffer_body> parser_;
  std::shared_ptr<const ServedProgram> program_;
  std::string profile_;
  DecideQuery query_;
  ServerContext& context_;
  Done done_;
  std::chrono::steady_clock::time_point started_;

  // Socket -> body channel -> decide_stream.
  BodyChannel body_;
  BodyChannel::Buffer in_;       // the buffer the next read fills, then handed to body_
  std::FILE* stream_ = nullptr;  // body_ as decide_stream reads it; the worker closes it
  bool reading_ = false;
  bool input_ended_ = false;
  unsigned input_error_status_ = 0;  // 413 or 400 when the body ended badly mid-stream
  std::string input_error_;

  // decide_stream -> queue -> socket. The queue is shared with the worker thread.
  std::thread worker_;
  std::mutex mutex_;
  std::condition_variable space_;
  std::deque<std::string> queue_;  // guarded
  std::size_t queued_bytes_ = 0;   // guarded
  bool worker_done_ = false;       // guarded
  bool stopped_ = false;           // guarded: the client is gone
  std::string writing_chunk_;
  bool writing_ = false;
  bool header_written_ = false;
  bool finished_ = false;

  // With the decision log: the request's id and time, which every entry of the batch carries;
  // a chunk is sent only once its decisions' entries are written.
  std::optional<ServerLog::Request> logged_;
  bool log_failed_ = false;  // guarded: an entry could not be written, the batch stopped there
};

}  // namespace icp::server
