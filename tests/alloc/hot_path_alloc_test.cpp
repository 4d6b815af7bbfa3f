// The hot path allocates nothing (issue 3, item 4): global operator new/delete replaced by
// counting versions; each example lowered and sealed, its accounts decoded, an Evaluator warmed
// up, then thousands of evaluations counted. Input: the examples. Output: a report per example
// and phase; exit 1 if evaluate(), evaluate_each(), evaluate_audited_each(), decoding, the
// input digest or the public icp::Session (decide and its decision line, audited or not)
// allocated after warm-up.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/compile/compile.hpp"
#include "icp/session.hpp"
#include "runtime/format/artifact.hpp"
#include "runtime/vm/decision.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/output/record_digest.hpp"
#include "runtime/vm/vm.hpp"

namespace {

// Counted only while `counting` is on; this test is single-threaded.
bool counting = false;
std::size_t allocations = 0;

void* allocate(std::size_t size, std::size_t alignment = 0) {
  if (counting) ++allocations;
  if (size == 0) size = 1;
  void* p = alignment > alignof(std::max_align_t) ? std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment)
                                                  : std::malloc(size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void* operator new(std::size_t size, std::align_val_t a) { return allocate(size, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t size, std::align_val_t a) { return allocate(size, static_cast<std::size_t>(a)); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return allocate(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return operator new(size, tag); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace {

using namespace icp;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool compile_example(const std::string& path, vm::Program& out) {
  project::Options options;
  options.today = date_from_civil(2026, 11, 23);
  compiler::Compilation compiled = compiler::compile_file(path, options);
  if (!compiled.ok() || !compiled.programs.at(0)) return false;
  out = std::move(*compiled.programs[0]);
  return true;
}

// Counts the allocations `work` makes.
template <typename Work>
std::size_t count_allocations(Work work) {
  allocations = 0;
  counting = true;
  work();
  counting = false;
  return allocations;
}

constexpr int kRounds = 200;  // evaluations per record in the counted phase

// What a host does per record through the public API (include/icp/session.hpp): decide the
// JSON line and read its decision line, over the accepted lines, after one warm-up pass.
std::size_t count_session_allocations(const vm::Program& program, const std::vector<std::string_view>& lines,
                                      const std::vector<bool>& valid, Date as_of, Audit audit) {
  LoadResult loaded = Program::load(vm::serialize(program));
  if (!loaded) return SIZE_MAX;
  Session session(*loaded.program);
  std::size_t bytes = 0;
  auto decide_all = [&] {
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (!valid[i]) continue;
      const DecideResult result = session.decide(lines[i], as_of, audit);
      bytes += result ? result.decision->json().size() : 0;
    }
  };
  decide_all();
  const std::size_t counted = count_allocations([&] {
    for (int r = 0; r < kRounds; ++r) decide_all();
  });
  return bytes == 0 ? SIZE_MAX : counted;
}

struct Totals {
  std::size_t signals = 0, contacts = 0;
} totals;

int check_example(const std::string& name, const std::string& accounts_file) {
  const std::string root = ICP_SOURCE_DIR;
  vm::Program program;
  if (!compile_example(root + "/examples/" + name + ".icp", program)) {
    std::printf("%s: does not lower\n", name.c_str());
    return 1;
  }
  const std::string accounts = read_file(root + "/examples/data/" + accounts_file);
  const Date as_of = date_from_civil(2026, 11, 22);
  vm::JsonDecoder decoder(program.schema);
  std::vector<std::string_view> lines;
  vm::LineSplitter splitter(accounts);
  for (vm::JsonLine line; splitter.next(line);) lines.push_back(line.text);

  // Decoded once, outside the counted region: records own their buffers.
  std::vector<vm::Record> records(lines.size());
  std::vector<bool> valid(lines.size());
  vm::DecodeError error;
  std::size_t signals = 0, contacts = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    valid[i] = decoder.decode(lines[i], as_of, records[i], error);
    signals += records[i].signals().size();
    contacts += records[i].contacts().size();
  }

  vm::Evaluator evaluator(program);
  std::string out;
  auto evaluate_all = [&](bool audit, bool write) {
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (!valid[i]) continue;
      const vm::Decision& d = evaluator.evaluate(records[i], as_of, audit);
      if (write) vm::append_decision_json(program, records[i], d, "", out);
    }
  };
  // Warm-up: every buffer grows to the largest record once, audit included.
  evaluate_all(true, false);
  evaluate_all(false, false);

  const std::size_t plain = count_allocations([&] {
    for (int r = 0; r < kRounds; ++r) evaluate_all(false, false);
  });
  const std::size_t audited = count_allocations([&] {
    for (int r = 0; r < kRounds; ++r) evaluate_all(true, false);
  });
  // evaluate_each, a block of records at a time, over the accepted records.
  std::vector<vm::Record> kept;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (valid[i]) kept.push_back(records[i]);
  }
  std::size_t routed = 0;
  auto each = [&](std::size_t, const vm::Decision& d) { routed += d.route_rule; };
  evaluator.evaluate_each(kept, as_of, each);  // warm-up
  const std::size_t blocks = count_allocations([&] {
    for (int r = 0; r < kRounds; ++r) evaluator.evaluate_each(kept, as_of, each);
  });
  // evaluate_audited_each: its block of decisions is made on the first block, then reused.
  evaluator.evaluate_audited_each(kept, as_of, each);  // warm-up
  const std::size_t audited_blocks = count_allocations([&] {
    for (int r = 0; r < kRounds; ++r) evaluator.evaluate_audited_each(kept, as_of, each);
  });
  // Decoding into one reused record, after its own warm-up. A rejected record's error
  // message is output (it names field, expected and found), so it is counted apart.
  vm::Record reused;
  for (std::string_view line : lines) decoder.decode(line, as_of, reused, error);
  auto decode_all = [&](bool accepted) {
    for (int r = 0; r < kRounds; ++r) {
      for (std::size_t i = 0; i < lines.size(); ++i) {
        if (valid[i] == accepted) decoder.decode(lines[i], as_of, reused, error);
      }
    }
  };
  const std::size_t decoding = count_allocations([&] { decode_all(true); });
  // The audit's input digest, into a reused buffer after its own warm-up.
  vm::RecordDigester digester(program.schema);
  std::string digest;
  auto digest_all = [&] {
    for (std::size_t i = 0; i < records.size(); ++i) {
      digest.clear();
      if (valid[i]) digester.append_digest(records[i], digest);
    }
  };
  digest_all();
  const std::size_t digesting = count_allocations([&] {
    for (int r = 0; r < kRounds; ++r) digest_all();
  });
  const std::size_t rejecting = count_allocations([&] { decode_all(false); });
  // Output, reported only: the decision JSON is output and may allocate.
  out.reserve(1 << 20);
  const std::size_t writing = count_allocations([&] {
    out.clear();
    evaluate_all(true, true);
  });

  const std::size_t session_plain = count_session_allocations(program, lines, valid, as_of, Audit::off);
  const std::size_t session_audited = count_session_allocations(program, lines, valid, as_of, Audit::on);

  const auto accepted = static_cast<std::size_t>(std::count(valid.begin(), valid.end(), true));
  const std::size_t decisions = static_cast<std::size_t>(kRounds) * accepted;
  std::printf("%s: %zu records (%zu signal events, %zu contacts)\n"
              "  evaluate, %zu decisions: %zu allocations; with audit: %zu; evaluate_each: %zu; "
              "evaluate_audited_each: %zu\n"
              "  decode, %zu accepted lines: %zu allocations; %zu rejected lines (error messages): %zu\n"
              "  input digest, %zu decisions: %zu allocations\n"
              "  decision JSON with audit, one pass of %zu (output, not required to be 0): %zu\n"
              "  icp::Session, decide and decision line, %zu decisions: %zu allocations; with audit: %zu\n",
              name.c_str(), records.size(), signals, contacts, decisions, plain, audited, blocks, audited_blocks,
              accepted * kRounds,
              decoding, (lines.size() - accepted) * kRounds, rejecting, decisions, digesting, accepted, writing, decisions,
              session_plain, session_audited);
  totals.signals += signals;
  totals.contacts += contacts;
  const bool session_clean = session_plain == 0 && session_audited == 0;
  const bool evaluator_clean = plain == 0 && audited == 0 && blocks == 0 && audited_blocks == 0;
  return evaluator_clean && decoding == 0 && digesting == 0 && session_clean && accepted > 0 && routed > 0 ? 0 : 1;
}

}  // namespace

int main() {
  int failures = 0;
  failures += check_example("mid-market-security", "mid-market-accounts.jsonl");
  failures += check_example("enterprise-platform", "enterprise-accounts.jsonl");
  failures += check_example("plg-smb", "plg-smb-accounts.jsonl");
  // The examples between them must exercise signals and contacts, or the test proves little.
  if (totals.signals == 0 || totals.contacts == 0) ++failures;
  std::printf(failures == 0 ? "hot path: no allocation\n" : "hot path: allocations found\n");
  return failures == 0 ? 0 : 1;
}
