// The identity test's C++ host (identity_test.sh): decides every line of a JSON Lines file
// through the public C++ API (icp::Program, icp::Session) alone, as a C++ service would.
// Input: an .icpb artifact, the records, as_of, 0/1 for the audit and a path for the
// rejections. Output: on stdout the transcript of identity_c.c (each rejection worded as the
// C API words it); in the rejections file, each RecordError in `icpc eval --errors` form.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "icp/batch.hpp"  // RejectedRecord and its JSON line, the form of `icpc eval --errors`
#include "icp/session.hpp"

namespace {

// As the C API words it (runtime/api/c_api.cpp), so that the transcripts compare as bytes.
std::string c_api_message(const icp::RecordError& error) {
  return error.record_id.empty() ? error.message : "record `" + error.record_id + "`: " + error.message;
}

void append_rejection(std::size_t line, const icp::RecordError& error, std::string& out) {
  const icp::RejectedRecord rejection{.line = line,
                                      .offset = 0,
                                      .id = error.record_id,
                                      .field = error.field,
                                      .expected = error.expected,
                                      .found = error.found,
                                      .message = error.message};
  icp::append_json(rejection, out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: identity_session ARTIFACT RECORDS AS_OF AUDIT(0|1) REJECTIONS\n");
    return 2;
  }
  const icp::LoadResult loaded = icp::Program::load_file(argv[1]);
  std::ifstream in(argv[2], std::ios::binary);
  const std::optional<icp::Date> as_of = icp::parse_date(argv[3]);
  if (!loaded || !in || !as_of) {
    std::fprintf(stderr, "identity_session: cannot load %s or read %s, or bad as_of\n", argv[1], argv[2]);
    return 2;
  }
  const std::string records{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const icp::Audit audit = std::string_view(argv[4]) == "1" ? icp::Audit::on : icp::Audit::off;
  icp::Session session(*loaded.program);
  std::string transcript = "reference data: " + std::string(icp::reference_data_version()) + "\n";
  std::string rejections;
  std::size_t number = 0;
  for (std::size_t start = 0; start < records.size();) {
    std::size_t end = records.find('\n', start);
    if (end == std::string::npos) end = records.size();
    const std::string_view line(records.data() + start, end - start);
    ++number;
    const icp::DecideResult result = session.decide(line, *as_of, audit);
    if (result) {
      transcript.append(result.decision->json()).append("\n");
    } else {
      transcript += "line " + std::to_string(number) + ": " + c_api_message(result.error) + "\n";
      append_rejection(number, result.error, rejections);
    }
    start = end + 1;
  }
  std::ofstream out(argv[5], std::ios::binary);
  out << rejections;
  std::cout << transcript;
  std::cout.flush();
  return out.good() && std::cout.good() ? 0 : 1;
}
