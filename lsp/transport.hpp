// The LSP base protocol over a pair of file descriptors: messages framed by a
// `Content-Length` header. Input: bytes on the input descriptor. Output: message bodies
// (JSON text, not yet parsed) and framed replies on the output descriptor.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace icp::lsp {

// A body larger than this is skipped unread (and answered with an error): the largest
// profile is 8 MiB (grammar::kMaxSourceBytes), which JSON escaping of ordinary text leaves
// under this; anything past it is not an editor's message. KEEP IN SYNC: docs/reliability.md.
inline constexpr std::size_t kMaxMessageBytes = std::size_t{64} << 20;
// A header line longer than this, or more header lines than kMaxHeaders, is not LSP.
inline constexpr std::size_t kMaxHeaderLine = 8 << 10;
inline constexpr std::size_t kMaxHeaders = 32;

struct Incoming {
  enum class Kind {
    message,    // `body` holds the message
    bad_frame,  // headers that are not LSP's; `problem` says why (the stream is resynchronised)
    too_large,  // a Content-Length past kMaxMessageBytes; the body was skipped
    end,        // end of input, or a read error
  };
  Kind kind = Kind::end;
  std::string body;
  std::string problem;
};

class Transport {
 public:
  Transport(int input, int output) : input_(input), output_(output) {}

  Incoming read();
  // True when a whole message may be read without waiting: bytes are buffered or the input
  // descriptor is readable now. The server publishes diagnostics only when nothing waits,
  // so a burst of keystrokes is checked once, after the last.
  bool pending();
  // Writes one framed message; false when the output failed (the client is gone).
  bool write(std::string_view body);

 private:
  bool fill();  // reads more bytes; false at end of input
  bool read_line(std::string& line);
  bool skip(std::size_t count);

  int input_;
  int output_;
  std::string buffer_;
  std::size_t used_ = 0;  // bytes of buffer_ already consumed
};

}  // namespace icp::lsp
