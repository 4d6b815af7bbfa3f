// LSP framing (transport.hpp): `Content-Length: N\r\n` and other headers, a blank line,
// then N bytes of JSON. Input: a readable descriptor. Output: message bodies, and framed
// messages written whole (a short write is retried, EINTR included).
#include "lsp/transport.hpp"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cctype>
#include <optional>

#include <fmt/format.h>

namespace icp::lsp {
namespace {

constexpr std::size_t kReadChunk = 64 << 10;

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

}  // namespace

bool Transport::fill() {
  // Drop what was consumed, so the buffer holds at most one message and a read's worth.
  buffer_.erase(0, used_);
  used_ = 0;
  char chunk[kReadChunk];
  for (;;) {
    const ssize_t got = ::read(input_, chunk, sizeof chunk);
    if (got > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(got));
      return true;
    }
    if (got < 0 && errno == EINTR) continue;
    return false;
  }
}

bool Transport::pending() {
  if (used_ < buffer_.size()) return true;
  pollfd fd{input_, POLLIN, 0};
  return ::poll(&fd, 1, 0) > 0;
}

// One header line without its `\r\n`; false at end of input. A line past kMaxHeaderLine is
// cut there (the caller rejects it).
bool Transport::read_line(std::string& line) {
  line.clear();
  for (;;) {
    const std::size_t newline = buffer_.find('\n', used_);
    if (newline != std::string::npos) {
      line.assign(buffer_, used_, std::min(newline - used_, kMaxHeaderLine + 1));
      used_ = newline + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return true;
    }
    if (buffer_.size() - used_ > kMaxHeaderLine) {
      line.assign(buffer_, used_, kMaxHeaderLine + 1);
      used_ = buffer_.size();
      return true;
    }
    if (!fill()) return false;
  }
}

bool Transport::skip(std::size_t count) {
  while (count > 0) {
    if (used_ == buffer_.size() && !fill()) return false;
    const std::size_t take = std::min(count, buffer_.size() - used_);
    used_ += take;
    count -= take;
  }
  return true;
}

Incoming Transport::read() {
  std::string line;
  std::optional<std::size_t> length;
  std::string problem;
  std::size_t headers = 0;
  for (;;) {
    if (!read_line(line)) return Incoming{Incoming::Kind::end, {}, {}};
    if (line.empty()) {
      if (headers == 0) continue;  // stray blank lines between messages
      break;
    }
    if (++headers > kMaxHeaders) problem = fmt::format("more than {} header lines", kMaxHeaders);
    if (line.size() > kMaxHeaderLine) problem = fmt::format("a header line longer than {} bytes", kMaxHeaderLine);
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) {
      if (problem.empty()) problem = "a header line without `:`";
      continue;
    }
    if (!equals_ignoring_case(trim(std::string_view(line).substr(0, colon)), "content-length")) continue;
    const std::string_view value = trim(std::string_view(line).substr(colon + 1));
    std::size_t parsed = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (error != std::errc{} || end != value.data() + value.size() || value.empty()) {
      if (problem.empty()) problem = "`Content-Length` is not a number";
      continue;
    }
    length = parsed;
  }
  if (!length && problem.empty()) problem = "no `Content-Length` header";
  if (!problem.empty()) return Incoming{Incoming::Kind::bad_frame, {}, problem};
  if (*length > kMaxMessageBytes) {
    if (!skip(*length)) return Incoming{Incoming::Kind::end, {}, {}};
    return Incoming{Incoming::Kind::too_large, {},
                    fmt::format("the message is {} bytes; the limit is {}", *length, kMaxMessageBytes)};
  }
  while (buffer_.size() - used_ < *length) {
    if (!fill()) return Incoming{Incoming::Kind::end, {}, {}};
  }
  Incoming incoming{Incoming::Kind::message, buffer_.substr(used_, *length), {}};
  used_ += *length;
  return incoming;
}

bool Transport::write(std::string_view body) {
  const std::string message = fmt::format("Content-Length: {}\r\n\r\n{}", body.size(), body);
  std::size_t written = 0;
  while (written < message.size()) {
    const ssize_t put = ::write(output_, message.data() + written, message.size() - written);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return false;
    written += static_cast<std::size_t>(put);
  }
  return true;
}

}  // namespace icp::lsp
