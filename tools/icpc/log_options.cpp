// `--log*` options (log_options.hpp). Input: the command line. Output: WriterOptions.
#include "tools/icpc/log_options.hpp"

#include "decision_log/log_settings.hpp"
#include "tools/icpc/commands.hpp"

namespace icp::cli {

void add_log_options(CLI::App& command, LogOptions& options, const std::string& default_fsync) {
  options.fsync = default_fsync;
  command.add_option("--log", options.folder,
                     "Append every decision to the decision log in DIR (created if absent): input, decision, "
                     "time, ids, chained by SHA-256")
      ->type_name("DIR");
  command.add_option("--log-redact", options.redact,
                     "Leave these fields (or `signals`, `contacts`) out of the logged inputs; replay skips such entries")
      ->delimiter(',')
      ->type_name("FIELD,...");
  command.add_option("--log-max-file-size", options.max_file_bytes, "Start a new log file before one passes this size (K, M, G)")
      ->transform(byte_size())
      ->type_name("SIZE")
      ->default_str("64M");
  command.add_option("--log-fsync", options.fsync,
                     "When the log is fsynced: `group` (before answering), an interval such as `1s`, or `close`")
      ->type_name("WHEN")
      ->capture_default_str();
}

std::optional<decision_log::WriterOptions> writer_options(const LogOptions& options) {
  decision_log::WriterOptions writer;
  writer.folder = options.folder;
  writer.max_file_bytes = options.max_file_bytes;
  std::string error;
  if (!decision_log::parse_fsync(options.fsync, writer, error) || !decision_log::check_redact(options.redact, error)) {
    print_error(error);
    return std::nullopt;
  }
  return writer;
}

}  // namespace icp::cli
