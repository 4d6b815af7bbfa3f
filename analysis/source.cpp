// Reading a Source as CSV. Input: text or an open file. Output: the reader handed to the
// caller's function, and an error naming the input when the file failed mid-way.
#include "analysis/source.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace icp::analysis {

bool read_csv(const Source& source, const std::function<bool(vm::CsvReader&)>& read, Error& error) {
  vm::CsvReader reader = source.file != nullptr ? vm::CsvReader(source.file) : vm::CsvReader(source.text);
  bool ok = read(reader);
  if (reader.read_failed()) {
    error = Error{.message = fmt::format("cannot read `{}`: {}", source.name, std::strerror(errno))};
    ok = false;
  }
  return ok;
}

}  // namespace icp::analysis
