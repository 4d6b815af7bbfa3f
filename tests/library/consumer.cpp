// The C++ host of the library tests (the scripts in tests/library/): a program that knows
// libicp only through its installed C++ headers. Input: an .icpb artifact (or an .icp source,
// compiled through the compile API), AS_OF, and JSON Lines on stdin. Output on stdout: consumer.c's transcript, byte for byte, via icp::Session.
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "icp/icp.h"  // the version
#include "icp/icp.hpp"

namespace {

// Decides each line of stdin and prints the C consumer's transcript.
int run(const icp::Program& program, const char* as_of_text) {
  const std::optional<icp::Date> as_of = icp::parse_date(as_of_text);
  if (!as_of) {
    std::fprintf(stderr, "consumer_cpp: bad AS_OF\n");
    return 2;
  }
  icp::Session session(program);
  unsigned long number = 0;
  for (std::string line; std::getline(std::cin, line);) {
    ++number;
    const icp::DecideResult result = session.decide(line, *as_of);
    if (result) {
      std::fwrite(result.decision->json().data(), 1, result.decision->json().size(), stdout);
      std::fputc('\n', stdout);
    } else if (result.error.record_id.empty()) {
      std::printf("line %lu: %s\n", number, result.error.message.c_str());
    } else {
      // The C API's wording: the record's id, then the sentence.
      std::printf("line %lu: record `%s`: %s\n", number, result.error.record_id.c_str(), result.error.message.c_str());
    }
  }
  return std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: consumer_cpp ARTIFACT|SOURCE.icp AS_OF < records.jsonl\n");
    return 2;
  }
  std::printf("icp %s (%d.%d.%d)\n", icp_version(), ICP_VERSION_MAJOR, ICP_VERSION_MINOR, ICP_VERSION_PATCH);
  const std::string_view path = argv[1];
  if (path.size() > 4 && path.substr(path.size() - 4) == ".icp") {
    const icp::CompileResult compiled = icp::compile_file(argv[1]);
    if (!compiled.ok()) {
      std::fprintf(stderr, "%s", compiled.rendered.c_str());
      return 2;
    }
    return run(*compiled.program, argv[2]);
  }
  icp::LoadResult loaded = icp::Program::load_file(argv[1]);
  if (!loaded) {
    std::fprintf(stderr, "consumer_cpp: %s\n", loaded.error.message.c_str());
    return 2;
  }
  return run(*loaded.program, argv[2]);
}
