// The decision log library (decision_log/): entries and their chain hash, ids and time bounds,
// the writer (rotation, reopening, a torn tail, a second writer, a failed write), and verify
// naming each kind of tampering. Logs are written to fresh folders under the system's
// temporary folder.
#include <doctest/doctest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "compiled_profile.hpp"
#include "decision_log/entry_format.hpp"
#include "decision_log/entry_parse.hpp"
#include "decision_log/log_ids.hpp"
#include "decision_log/log_writer.hpp"
#include "decision_log/program_store.hpp"
#include "decision_log/verify_log.hpp"
#include "runtime/format/artifact.hpp"

namespace fs = std::filesystem;
namespace dl = icp::decision_log;

namespace {

// A fresh, empty folder, removed at the end of the test.
struct TempFolder {
  fs::path path;
  TempFolder() {
    static int counter = 0;
    path = fs::temp_directory_path() / ("icp-log-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path);
  }
  ~TempFolder() { fs::remove_all(path); }
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = text.find('\n', at);
    lines.push_back(text.substr(at, end == std::string::npos ? std::string::npos : end + 1 - at));
    at = end == std::string::npos ? text.size() : end + 1;
  }
  return lines;
}

// The program every test entry names, kept in the folder so that verify finds it.
const icp::vm::Program& program() {
  static const icp::vm::Program compiled = icp::test_support::compile_source_tree_file("examples/plg-smb.icp");
  return compiled;
}

std::string pending_entry(std::size_t n, bool hash) {
  const std::string id = "acc-" + std::to_string(n);
  const std::string input = R"({"id":")" + id + R"(","employees":)" + std::to_string(n) + "}";
  const std::string decision = R"({"id":")" + id + R"(","verdict":"no_fit","audit":{"input_digest":"x"}})";
  const std::string decision_id = "req." + std::to_string(n);
  const dl::EntryFields fields{.decision_id = decision_id,
                               .time = "2026-11-22T09:30:00.000000Z",
                               .request_id = "req",
                               .line = n,
                               .profile = "plg-smb",
                               .program = program().id,
                               .as_of = "2026-11-22",
                               .input = input,
                               .decision = decision};
  std::string out;
  dl::append_pending(fields, hash, out);
  return out;
}

// Writes `count` entries, `per_submission` at a time, with a rotation every `max_file_bytes`.
void write_log(const fs::path& folder, std::size_t count, std::uint64_t max_file_bytes, std::size_t first = 1) {
  dl::WriterOptions options{.folder = folder, .max_file_bytes = max_file_bytes, .fsync = dl::FsyncPolicy::close};
  std::vector<std::string> notes;
  std::string error;
  auto writer = dl::LogWriter::open(options, notes, error);
  REQUIRE_MESSAGE(writer, error);
  REQUIRE(dl::keep_program(folder, program().id, icp::vm::serialize(program()), error));
  std::string batch;
  for (std::size_t n = first; n < first + count; ++n) {
    batch += pending_entry(n, n % 2 == 0);
    if (n % 3 == 0) writer->submit(std::exchange(batch, {}));
  }
  if (!batch.empty()) writer->submit(std::move(batch));
  REQUIRE_MESSAGE(writer->close(error), error);
}

dl::VerifyReport verify(const fs::path& folder) {
  dl::VerifyReport report;
  std::string error;
  REQUIRE_MESSAGE(dl::verify_log(folder, report, error), error);
  return report;
}

}  // namespace

TEST_CASE("decision log entry: hashed where built or on the writer, the same line and its SHA-256") {
  const dl::Digest prev = dl::sha256_digest("previous line\n");
  std::string lines[2];
  dl::Digest digests[2];
  for (const bool hash : {false, true}) {
    const std::string pending = pending_entry(7, hash);
    dl::PendingReader reader(pending);
    dl::PendingEntry entry;
    REQUIRE(reader.next(entry));
    CHECK(entry.hashed == hash);
    digests[hash] = dl::finish_entry(entry, 42, prev, lines[hash]);
    CHECK_FALSE(reader.next(entry));
  }
  CHECK(lines[0] == lines[1]);
  CHECK(digests[0] == digests[1]);
  CHECK(digests[0] == dl::sha256_digest(lines[0]));  // the line's bytes, newline included
  CHECK(lines[0].ends_with(R"(,"seq":42,"prev":")" + dl::digest_text(prev) + "\"}\n"));
  // The audit is not kept: it repeats what the input holds and is recomputed by `log show`.
  CHECK(lines[0].find(R"("decision":{"id":"acc-7","verdict":"no_fit"},"seq")") != std::string::npos);

  dl::EntryParser parser;
  dl::Entry entry;
  std::string error;
  REQUIRE(parser.parse(std::string_view(lines[0]).substr(0, lines[0].size() - 1), entry, error));
  CHECK(entry.decision_id == "req.7");
  CHECK(entry.line == 7u);
  CHECK(entry.input == R"({"id":"acc-7","employees":7})");
  CHECK(entry.seq == 42u);
  CHECK(entry.prev == dl::digest_text(prev));
  CHECK(parser.account_id(entry.input) == "acc-7");
}

TEST_CASE("decision log entry parser: what is not an entry") {
  const std::string zero = dl::digest_text(dl::kGenesis);
  const std::string whole = R"({"decision_id":"d","time":"t","request_id":"r","profile":"p","program":")" + zero +
                            R"(","as_of":"2026-11-22","input":{"id":"i"},"decision":{"id":"i"},"seq":1,"prev":")" +
                            zero + R"("})";
  // Replaces the first `from` of `whole` (found by fuzz/decision_log_fuzzer.cpp: a program id
  // that named a file outside the log; an as_of replay could not decide with, in an intact log).
  auto with = [&](std::string_view from, std::string_view to) {
    std::string line = whole;
    return line.replace(line.find(from), from.size(), to);
  };
  struct Row {
    const char* name;
    std::string line;
    const char* error;  // nullptr: it is an entry
  };
  const Row rows[] = {
      {"whole", whole, nullptr},
      {"optional members", R"({"line":3,"redacted":["a"],)" + whole.substr(1), nullptr},
      {"not JSON", "{\"decision_id\":", "not"},
      {"a member missing", R"({"decision_id":"d"})", "`time` is missing"},
      {"an unknown member", R"({"extra":1,)" + whole.substr(1), "unknown member `extra`"},
      {"a member twice", R"({"seq":1,)" + whole.substr(1), "`seq` twice"},
      {"prev not a digest", whole.substr(0, whole.rfind(zero)) + "sha256:ab\"}", "`prev`"},
      {"program not a digest", with(zero, "sha256:../../../etc/x"), "`program` is not \"sha256:<64 hex digits>\""},
      {"program upper-case hex", with(zero, "sha256:" + std::string(64, 'A')), "`program`"},
      {"as_of not a date", with("2026-11-22", "someday"), "`as_of` is not a date"},
      {"as_of not a calendar day", with("2026-11-22", "2026-02-30"), "`as_of`"},
      {"seq not a number", R"({"seq":"1",)" + whole.substr(1), "`seq`"},
      {"a token after the object", whole + " 1", "JSON object"},
  };
  dl::EntryParser parser;
  for (const Row& row : rows) {
    SUBCASE(row.name) {
      dl::Entry entry;
      std::string error;
      const bool parsed = parser.parse(row.line, entry, error);
      CHECK(parsed == (row.error == nullptr));
      if (row.error != nullptr) CHECK_MESSAGE(error.find(row.error) != std::string::npos, error);
    }
  }
}

TEST_CASE("decision log ids: request ids are distinct UUIDs version 7, decision ids are made from them") {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    const std::string id = dl::new_request_id();
    REQUIRE(id.size() == 36);
    CHECK(id[8] == '-');
    CHECK(id[14] == '7');  // the version
    CHECK(std::string("89ab").find(id[19]) != std::string::npos);  // the variant
    seen.insert(id);
  }
  CHECK(seen.size() == 10000);
  CHECK(dl::decision_id("r") == "r");
  CHECK(dl::decision_id("r", std::size_t{12}) == "r.12");
  CHECK(dl::decision_id("r", std::string_view("plg-smb")) == "r.plg-smb");
}

TEST_CASE("decision log time bounds: dates cover their day, times their last unit, offsets go to UTC") {
  struct Row {
    const char* text;
    bool upper;
    const char* expected;  // nullptr: refused
  };
  const Row rows[] = {
      {"2026-11-17", false, "2026-11-17T00:00:00.000000Z"},
      {"2026-11-17", true, "2026-11-17T23:59:59.999999Z"},
      {"2026-11-17T09:30Z", true, "2026-11-17T09:30:59.999999Z"},
      {"2026-11-17T09:30:05Z", true, "2026-11-17T09:30:05.999999Z"},
      {"2026-11-17T09:30:05.25Z", false, "2026-11-17T09:30:05.250000Z"},
      {"2026-11-17T01:00:00+02:00", false, "2026-11-16T23:00:00.000000Z"},
      {"2026-11-17T23:30:00-01:00", false, "2026-11-18T00:30:00.000000Z"},
      {"2026-11-17 09:30:00Z", false, "2026-11-17T09:30:00.000000Z"},
      {"2026-02-30", false, nullptr},
      {"2026-11-17T25:00Z", false, nullptr},
      {"2026-11-17T09:30", false, nullptr},  // no zone: ambiguous
      {"2026-11-17T09:30:00.1234567Z", false, nullptr},
      {"yesterday", false, nullptr},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    const std::optional<std::string> bound = dl::parse_time_bound(row.text, row.upper);
    if (row.expected == nullptr) {
      CHECK_FALSE(bound);
    } else {
      CHECK(bound.value_or("(refused)") == row.expected);
    }
  }
}

TEST_CASE("decision log writer: rotation, reopening, a torn tail, a second writer") {
  TempFolder folder;
  write_log(folder.path, 40, 2048);  // a few entries per file
  dl::VerifyReport report = verify(folder.path);
  CHECK_FALSE(report.broken);
  CHECK(report.entries == 40);
  CHECK(report.files > 5);
  for (const auto& item : fs::directory_iterator(folder.path)) {
    if (item.path().extension() == ".jsonl") CHECK(fs::file_size(item.path()) <= 2048);
  }

  // Reopened, the log goes on in its last file and the chain continues.
  const std::uint64_t files = report.files;
  write_log(folder.path, 5, 1 << 20, 41);
  report = verify(folder.path);
  CHECK_FALSE(report.broken);
  CHECK(report.entries == 45);
  CHECK(report.files == files);

  // A crash mid-write leaves a torn entry: kept as it is, and the next writer starts a new file.
  const fs::path last = folder.path / dl::entries_file_name(files);
  const std::string torn = lines_of(read_file(last)).back().substr(0, 50);
  std::ofstream(last, std::ios::binary | std::ios::app) << torn;
  report = verify(folder.path);
  CHECK_FALSE(report.broken);
  REQUIRE(report.notes.size() == 1);
  CHECK(report.notes[0].find("torn tail") != std::string::npos);
  write_log(folder.path, 3, 1 << 20, 46);
  CHECK(read_file(last).ends_with(torn));  // nothing written is changed
  report = verify(folder.path);
  CHECK_FALSE(report.broken);
  CHECK(report.entries == 48);
  CHECK(report.files == files + 1);
  CHECK(report.notes.size() == 1);

  // One writer at a time.
  std::vector<std::string> notes;
  std::string error;
  auto first = dl::LogWriter::open(dl::WriterOptions{.folder = folder.path}, notes, error);
  REQUIRE(first);
  CHECK_FALSE(dl::LogWriter::open(dl::WriterOptions{.folder = folder.path}, notes, error));
  CHECK(error.find("being written by another process") != std::string::npos);
}

TEST_CASE("decision log writer: a failed write is cut back, its submitter told, and the chain goes on") {
  TempFolder folder;
  write_log(folder.path, 3, 1 << 20);
  const fs::path file = folder.path / dl::entries_file_name(1);
  const std::uintmax_t size = fs::file_size(file);
  std::vector<std::string> notes;
  std::string error;
  auto writer = dl::LogWriter::open(dl::WriterOptions{.folder = folder.path, .fsync = dl::FsyncPolicy::group}, notes, error);
  REQUIRE(writer);
  // The file may grow by 100 bytes only: the next entry's write fails part-way (EFBIG).
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit old_limit{};
  ::getrlimit(RLIMIT_FSIZE, &old_limit);
  rlimit limit = old_limit;
  limit.rlim_cur = size + 100;
  ::setrlimit(RLIMIT_FSIZE, &limit);
  bool told = true;
  writer->submit(pending_entry(4, true), [&told](bool written) { told = written; });
  CHECK_FALSE(writer->flush(error));
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, old_handler);
  CHECK_FALSE(told);
  CHECK(error.find("cannot write the decision log") != std::string::npos);
  CHECK(fs::file_size(file) == size);  // cut back to its last whole entry
  writer->submit(pending_entry(4, true), [&told](bool written) { told = written; });
  CHECK(writer->close(error));
  CHECK(told);
  const dl::VerifyReport report = verify(folder.path);
  CHECK_FALSE(report.broken);
  CHECK(report.entries == 4);
}

TEST_CASE("decision log verify: each kind of tampering is named at its place") {
  TempFolder pristine;
  write_log(pristine.path, 30, 4096);  // several files of several entries each
  const dl::VerifyReport intact = verify(pristine.path);
  REQUIRE_FALSE(intact.broken);
  const fs::path first = dl::entries_file_name(1), second = dl::entries_file_name(2), third = dl::entries_file_name(3);
  // Edits of a file's lines: f(lines) -> lines.
  using Lines = std::vector<std::string>;
  auto on_lines = [](const fs::path& name, std::function<void(Lines&)> change) {
    return [name, change](const fs::path& folder) {
      Lines lines = lines_of(read_file(folder / name));
      change(lines);
      std::string text;
      for (const std::string& line : lines) text += line;
      write_file(folder / name, text);
    };
  };
  struct Row {
    const char* name;
    std::function<void(const fs::path&)> tamper;
    dl::BreakKind kind;
    const char* says;
  };
  const Row rows[] = {
      {"an entry edited", on_lines(first, [](Lines& l) { l[1].replace(l[1].find("employees\":2"), 12, "employees\":9"); }),
       dl::BreakKind::edited, "entry 2 (`decisions-000001.jsonl`:2) was changed"},
      {"a line made no entry", on_lines(second, [](Lines& l) { l[0] = "{\"oops\n"; }), dl::BreakKind::edited,
       "is not a log entry"},
      {"an entry deleted", on_lines(first, [](Lines& l) { l.erase(l.begin() + 1); }), dl::BreakKind::deleted,
       "entry 2 is missing between entry 1"},
      {"the first entries deleted", on_lines(first, [](Lines& l) { l.erase(l.begin(), l.begin() + 2); }),
       dl::BreakKind::deleted, "entries 1 to 2 are missing between the start of the log and entry 3"},
      {"two entries swapped", on_lines(first, [](Lines& l) { std::swap(l[0], l[1]); }), dl::BreakKind::reordered,
       "out of order"},
      {"an entry repeated", on_lines(second, [](Lines& l) { l.push_back(l[0]); }), dl::BreakKind::reordered,
       "out of order"},
      {"a file missing", [&](const fs::path& folder) { fs::remove(folder / second); }, dl::BreakKind::missing_file,
       "`decisions-000002.jsonl` is missing before `decisions-000003.jsonl`"},
      {"the first file missing", [&](const fs::path& folder) { fs::remove(folder / first); }, dl::BreakKind::missing_file,
       "`decisions-000001.jsonl` is missing"},
      {"a program missing", [&](const fs::path& folder) { fs::remove(dl::program_path(folder, program().id)); },
       dl::BreakKind::missing_program, "is not in the log"},
      {"a program changed",
       [&](const fs::path& folder) {
         const fs::path path = dl::program_path(folder, program().id);
         std::string bytes = read_file(path);
         bytes[bytes.size() / 2] ^= 1;
         write_file(path, bytes);
       },
       dl::BreakKind::missing_program, "program"},
  };
  for (const Row& row : rows) {
    SUBCASE(row.name) {
      TempFolder copy;
      fs::copy(pristine.path, copy.path, fs::copy_options::recursive);
      row.tamper(copy.path);
      const dl::VerifyReport report = verify(copy.path);
      REQUIRE(report.broken);
      CHECK(report.broken->kind == row.kind);
      CHECK_MESSAGE(report.broken->message.find(row.says) != std::string::npos, report.broken->message);
    }
  }
}
