// The C++ host of the library tests (the scripts in tests/library/): a program that knows
// libicp only through its installed C++ headers. Input: an .icpb artifact, AS_OF, and JSON
// Lines on stdin. Output on stdout: consumer.c's transcript, byte for byte, via icp::Session.
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "icp/icp.h"  // the version
#include "icp/icp.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: consumer_cpp ARTIFACT AS_OF < records.jsonl\n");
    return 2;
  }
  std::printf("icp %s (%d.%d.%d)\n", icp_version(), ICP_VERSION_MAJOR, ICP_VERSION_MINOR, ICP_VERSION_PATCH);
  icp::LoadResult loaded = icp::Program::load_file(argv[1]);
  const std::optional<icp::Date> as_of = icp::parse_date(argv[2]);
  if (!loaded || !as_of) {
    std::fprintf(stderr, "consumer_cpp: %s\n", loaded ? "bad AS_OF" : loaded.error.message.c_str());
    return 2;
  }
  icp::Session session(*loaded.program);
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
