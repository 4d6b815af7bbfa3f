// The batch body's hand-over (body_channel.hpp). One copy per byte on this side of the
// socket: the deciding thread copies a buffer into its batch as it reads; a pipe between the
// two threads cost two more (into the kernel and out), two system calls and a wake-up each way.
#include "server/body_channel.hpp"

#include <sys/types.h>

#include <algorithm>
#include <cstring>
#include <utility>

namespace icp::server {
namespace {

// Buffers kept for reuse: enough for the queue's bound, so a long body allocates no more.
constexpr std::size_t kMaxFreeBuffers = 8;

}  // namespace

BodyChannel::BodyChannel(std::size_t buffer_bytes, std::size_t max_queued_bytes)
    : buffer_bytes_(buffer_bytes), max_queued_bytes_(max_queued_bytes) {}

BodyChannel::Buffer BodyChannel::spare() {
  {
    const std::lock_guard lock(mutex_);
    if (!free_.empty()) {
      Buffer buffer = std::move(free_.back());
      free_.pop_back();
      return buffer;
    }
  }
  return Buffer(new char[buffer_bytes_]);
}

BodyChannel::Pushed BodyChannel::push(Buffer buffer, std::size_t size, std::function<void()> on_room) {
  bool full = false;
  {
    const std::lock_guard lock(mutex_);
    if (reader_closed_) return Pushed::closed;
    parts_.push_back(Part{std::move(buffer), size, 0});
    queued_bytes_ += size;
    full = queued_bytes_ >= max_queued_bytes_;
    if (full) on_room_ = std::move(on_room);
  }
  arrived_.notify_one();
  return full ? Pushed::full : Pushed::more;
}

void BodyChannel::end() {
  {
    const std::lock_guard lock(mutex_);
    ended_ = true;
  }
  arrived_.notify_one();
}

bool BodyChannel::reader_closed() {
  const std::lock_guard lock(mutex_);
  return reader_closed_;
}

std::size_t BodyChannel::read(char* into, std::size_t capacity) {
  Part* part = nullptr;
  {
    std::unique_lock lock(mutex_);
    arrived_.wait(lock, [this] { return !parts_.empty() || ended_; });
    if (parts_.empty()) return 0;  // ended
    part = &parts_.front();         // only this thread removes parts; push_back keeps references
  }
  const std::size_t n = std::min(capacity, part->size - part->taken);
  std::memcpy(into, part->bytes.get() + part->taken, n);
  std::function<void()> on_room;
  {
    const std::lock_guard lock(mutex_);
    part->taken += n;
    if (part->taken == part->size) {
      queued_bytes_ -= part->size;
      if (free_.size() < kMaxFreeBuffers) free_.push_back(std::move(part->bytes));
      parts_.pop_front();
      if (on_room_ && queued_bytes_ < max_queued_bytes_) on_room = std::exchange(on_room_, nullptr);
    }
  }
  if (on_room) on_room();
  return n;
}

void BodyChannel::close_reader() {
  std::function<void()> on_room;
  {
    const std::lock_guard lock(mutex_);
    reader_closed_ = true;
    parts_.clear();
    queued_bytes_ = 0;
    on_room = std::exchange(on_room_, nullptr);
  }
  if (on_room) on_room();  // the I/O side waits for room that will never come: it sees `closed`
}

std::FILE* BodyChannel::open_stream() {
  cookie_io_functions_t functions{};
  functions.read = [](void* cookie, char* into, std::size_t capacity) -> ssize_t {
    return static_cast<ssize_t>(static_cast<BodyChannel*>(cookie)->read(into, capacity));
  };
  functions.close = [](void* cookie) -> int {
    static_cast<BodyChannel*>(cookie)->close_reader();
    return 0;
  };
  std::FILE* stream = ::fopencookie(this, "r", functions);
  if (stream == nullptr) close_reader();
  return stream;
}

}  // namespace icp::server
