// A batch request's body on its way from the connection's I/O to the thread that decides it.
// Input: buffers of the body as read from the socket, handed over whole (no copy). Output:
// the same bytes as a stdio stream that decide_stream reads as it reads a file, ending where
// the body ends. Bounded: past max_queued_bytes the I/O side stops reading until there is room.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace icp::server {

class BodyChannel {
 public:
  using Buffer = std::unique_ptr<char[]>;  // buffer_bytes long, left uninitialised (no memset per request)

  BodyChannel(std::size_t buffer_bytes, std::size_t max_queued_bytes);
  BodyChannel(const BodyChannel&) = delete;
  BodyChannel& operator=(const BodyChannel&) = delete;

  // --- the I/O side ---
  // A buffer of buffer_bytes to read the next part of the body into (a reused one).
  Buffer spare();
  enum class Pushed { more, full, closed };
  // Queues the first `size` bytes of `buffer`. `full`: read no more until `on_room` is called
  // (from the deciding thread, once it has taken enough); `closed`: the deciding thread has
  // stopped reading, nothing more is wanted. `on_room` is kept only when `full`.
  Pushed push(Buffer buffer, std::size_t size, std::function<void()> on_room);
  // The body is over: the stream ends after what was queued. Idempotent.
  void end();
  // The deciding thread has closed its stream: push() would say `closed`.
  bool reader_closed();

  // --- the deciding side ---
  // The body as a stream (glibc's fopencookie): reads block until bytes come or the body
  // ends. Closing it tells the I/O side that no more is wanted (a waiting on_room is called).
  // Null when the stream cannot be made (errno says why). Call once.
  std::FILE* open_stream();

 private:
  std::size_t read(char* into, std::size_t capacity);
  void close_reader();

  struct Part {
    Buffer bytes;
    std::size_t size = 0, taken = 0;
  };
  const std::size_t buffer_bytes_, max_queued_bytes_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<Part> parts_;              // guarded
  std::vector<Buffer> free_;            // guarded: buffers read through, for spare()
  std::size_t queued_bytes_ = 0;        // guarded
  bool ended_ = false;                  // guarded
  bool reader_closed_ = false;          // guarded
  std::function<void()> on_room_;       // guarded: set while the I/O side waits for room
};

}  // namespace icp::server
