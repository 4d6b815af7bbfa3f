// Fuzz harness for `.icpb` artifacts, as `icpc eval`, `explain` and `dump bytecode` and a
// routing service load them: the bytes are the file. A load either fails at an offset inside
// the file, or gives a program that verifies, serializes back to the very same bytes (the
// encoding is canonical) under the same id, lists, and decides records of its own schema
// (both evaluation paths, decision lines valid JSON, `icpc explain`'s trace).
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/explain/explain_report.hpp"
#include "fuzz/fuzz_support.hpp"
#include "runtime/format/artifact.hpp"
#include "runtime/format/disassemble.hpp"
#include "runtime/vm/vm.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace icp;
  using fuzz::fail;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  vm::LoadResult loaded = vm::load(bytes);
  if (!loaded) {
    ICP_FUZZ_CHECK(loaded.error.offset <= size, "a load error points inside the file");
    ICP_FUZZ_CHECK(!loaded.error.message.empty(), "a load error says why");
    return 0;
  }
  const vm::Program& program = *loaded.program;
  if (auto error = vm::verify(program)) fail("a loaded program verifies again", error->message);
  if (vm::serialize(program) != bytes) fail("a loaded artifact serializes to its own bytes", program.id);
  ICP_FUZZ_CHECK(vm::program_id(program) == program.id, "a loaded program's id is the hash of its code");
  vm::disassemble(program);
  for (const Date as_of : {fuzz::fixed_as_of(), fuzz::latest_as_of()}) {
    const std::vector<vm::Record> records = fuzz::records_for(program, as_of);
    fuzz::decide_and_check(program, records, as_of);
    vm::Evaluator evaluator(program);
    for (const vm::Record& record : records) {
      analysis::explain_report(program, record, evaluator.evaluate(record, as_of, /*audit=*/true), /*color=*/false);
    }
  }
  return 0;
}
