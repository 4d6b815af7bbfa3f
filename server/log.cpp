// One log line per call, written with a single write(2) so lines from threads never mix.
// Input: a message. Output: a line on stderr.
#include "server/log.hpp"

#include <unistd.h>

#include <string>

#include <fmt/format.h>

#include "compiler/render/escape.hpp"
#include "server/profile_registry.hpp"

namespace icp::server {

void log_line(std::string_view message) {
  std::string line = fmt::format("{} icpc serve: ", utc_timestamp());
  escape::append_text(message, line);
  line += '\n';
  std::size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(STDERR_FILENO, line.data() + written, line.size() - written);
    if (n <= 0) return;  // a log that cannot be written must not stop the service
    written += static_cast<std::size_t>(n);
  }
}

}  // namespace icp::server
