// icpc's standard streams, set up first and checked last in main(). Input: descriptors 0-2
// as the shell left them. Output: a process in which a write to a closed stdout, a full disk
// or a closed pipe is an error that main() reports (exit 2), never a silent success.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace icp::cli {

// Call first in main(). A closed descriptor 0, 1 or 2 is reopened onto /dev/null in the
// direction that fails (stdin write-only, stdout and stderr read-only): the next open() of an
// output cannot get that number, so nothing meant for the terminal lands in a file, and
// using the stream still fails (EBADF) as the closed one would have. SIGPIPE is ignored, so a
// reader that stopped early (`icpc eval ... | head -1`) gives EPIPE, which is reported; so is
// SIGXFSZ, so a write beyond `ulimit -f` gives EFBIG.
// Returns false when /dev/null cannot be opened: then nothing is safe to run.
bool prepare_standard_streams();

// Call last in main(): flushes and closes stdout and checks stdout and stderr for any write
// that failed along the way. Returns `exit_code`, or 2 after saying what failed (once).
int finish_standard_streams(int exit_code);

// "cannot write to standard output: ..." for a write to stdout or stderr that failed with
// the errno value `error` (0: unknown); marks the failure as reported.
std::string standard_stream_failure(std::FILE* stream, int error);

// Writes all of `bytes` to stdout or stderr through stdio, in order with fmt::print.
// Throws WriteError (output_file.hpp) when the write fails.
void write_standard(std::FILE* stream, std::string_view bytes);

// Flushes stdout, for a command that is about to write to stderr what should follow it.
// Throws WriteError when the flush fails.
void flush_standard_output();

}  // namespace icp::cli
