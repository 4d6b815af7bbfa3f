// Shared by `eval` and `explain`: the --as-of date, the files they read and write, the
// real NAICS/country lists for record validation, and how a rejected record is reported.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/date.hpp"
#include "runtime/decode_json.hpp"

namespace icp::cli {

// Below this input size no progress bar is drawn: it would only flicker.
inline constexpr std::size_t kProgressThresholdBytes = std::size_t{8} << 20;

// `--as-of`: YYYY-MM-DD, or today's UTC date when empty. Prints the error itself.
std::optional<Date> parse_as_of(const std::string& text);

// The compiler's reference lists, so records are checked against real NAICS 2022 codes
// and ISO 3166-1 countries (a service that links only the runtime checks their shape).
vm::CodeTables reference_code_tables();

// "FILE:LINE: record `ID` rejected: message" as text, or one JSON object per line.
void append_rejection(std::string_view input, std::size_t line, const vm::DecodeError& error, bool json,
                      std::string& out);

// Input ("-" = stdin), output ("" = stdout) and errors ("" = stderr) streams.
class OpenFiles {
 public:
  OpenFiles() = default;
  OpenFiles(const OpenFiles&) = delete;
  OpenFiles& operator=(const OpenFiles&) = delete;
  ~OpenFiles();
  // Prints what could not be opened and returns false.
  bool open(const std::string& input, const std::string& output, const std::string& errors);
  std::FILE* input() const { return input_; }
  std::FILE* output() const { return output_; }
  std::FILE* errors() const { return errors_; }
  std::size_t input_size() const { return input_size_; }  // 0 when unknown (stdin)

 private:
  std::FILE* input_ = nullptr;
  std::FILE* output_ = nullptr;
  std::FILE* errors_ = nullptr;
  bool close_input_ = false, close_output_ = false, close_errors_ = false;
  std::size_t input_size_ = 0;
};

}  // namespace icp::cli
