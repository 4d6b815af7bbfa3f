// Hostile rules (issue 12): generated chains of `and`/`or`/`+` of 10,000 to 100,000 terms,
// lists of 100,000 items, thousands of definitions that read each other, diagnostics on a
// line of a megabyte, and the deepest nesting the parser accepts. Every stage (check, lint,
// lower, seal, the .icpb round trip, fmt, the dumps, evaluation with audit) takes them
// without crashing; the deepest nesting runs on a thread with a small stack, which is the
// bound the limits promise (docs/reliability.md, "Rules").
#include <doctest/doctest.h>

#include <pthread.h>
#include <unistd.h>

#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include <fmt/format.h>

#include "compiled_profile.hpp"
#include "compiler/format/format.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/project/manifest.hpp"
#include "compiler/render/render.hpp"
#include "compiler/testing/test_file.hpp"
#include "compiler/testing/test_run.hpp"
#include "compiler/project/toml_limits.hpp"
#include "grammar/parse.hpp"
#include "runtime/format/artifact.hpp"
#include "runtime/output/decision_json.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/vm/vm.hpp"

using namespace icp;
namespace fs = std::filesystem;

namespace {

const char* const kHeader = R"(profile "Limits" {
  owner    "ops@example.com"
  reviewed 2026-11-01
}

account {
  employees: int
  country:   country?
  tech:      set<string>
}

)";

const char* const kRoute = R"(
route {
  when excluded -> disqualify
  when tier == 1 -> queue "ae"
  else -> ignore
}
)";

std::string profile(const std::string& body, const std::string& tier = "employees >= 200") {
  return kHeader + body + "\ntier 1 \"Fit\" = " + tier + "\n" + kRoute;
}

// n terms, `per_line` to a line, joined by `joiner` (" or ", " + ", ", ").
std::string joined(std::size_t n, const std::function<std::string(std::size_t)>& term, std::string_view joiner,
                   std::size_t per_line = 8) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) out += i % per_line == 0 ? fmt::format("\n   {}", joiner) : std::string(joiner);
    out += term(i);
  }
  return out;
}

struct Compiled {
  compiler::Compilation result;  // checked, and when clean lowered and sealed
  std::vector<std::string> errors;  // failures included
  std::size_t warnings = 0;
};

Compiled check(const std::string& text, const std::string& path = "limits.icp") {
  Compiled out{test_support::compile_text(path, text), {}, 0};
  for (const Diagnostic& d : out.result.diagnostics) {
    if (d.severity == Severity::error) out.errors.push_back(fmt::format("{} {}", info(d.code).name, d.message));
    if (d.severity == Severity::warning) ++out.warnings;
  }
  for (const compiler::Failure& failure : out.result.failures) out.errors.push_back(failure.message);
  return out;
}

// Sealed (verified, prepared), and the same after the .icpb round trip.
vm::Program build(const Compiled& compiled) {
  REQUIRE(compiled.errors.empty());
  REQUIRE(compiled.result.programs.at(0).has_value());
  vm::Program program = *compiled.result.programs[0];
  const vm::LoadResult loaded = vm::load(vm::serialize(program));
  REQUIRE_MESSAGE(loaded.program.has_value(), loaded.error.message);
  CHECK(loaded.program->id == program.id);
  return program;
}

// The decision for one account, audited, as its JSON line.
std::string decide(const vm::Program& program, const std::string& account) {
  const Date as_of = date_from_civil(2026, 11, 22);
  vm::JsonDecoder decoder(program.schema);
  vm::Record record;
  vm::DecodeError error;
  REQUIRE_MESSAGE(decoder.decode(account, as_of, record, error), error.message);
  vm::Evaluator evaluator(program);
  const vm::Decision& decision = evaluator.evaluate(record, as_of, true);
  std::string json;
  vm::append_decision_json(program, record, decision, "", json);
  return json;
}

// fmt: formats, formats its output to the same text, and keeps the program id.
void check_format_round_trip(const std::string& text, const std::string& id) {
  const format::Result once = format::format_source("limits.icp", text);
  REQUIRE(once.text.has_value());
  const format::Result twice = format::format_source("limits.icp", *once.text);
  REQUIRE(twice.text.has_value());
  CHECK(*twice.text == *once.text);
  CHECK(build(check(*once.text)).id == id);
}

// The dumps of a chain are linear in it: the indentation stops growing at 32 levels.
void check_dumps(const Compiled& compiled, const vm::Program& program, const std::string& text) {
  const SourceMap& sources = compiled.result.sources;
  DiagnosticSink sink;
  const syntax::SyntaxTree tree = grammar::parse(sources, compiled.result.files[0], sink);
  CHECK(grammar::dump_syntax(sources, tree).size() < 40 * text.size());
  CHECK(ir::dump_ir(sources, *compiled.result.checked[0]).size() < 40 * text.size());
  CHECK(dump_bytecode(program, &sources).size() < 40 * text.size());
}

// The stack the deepest nesting must fit in: 256 KiB (a Release build needs about 160 KiB,
// parse to audited decision), four times that where a sanitizer grows every frame.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr std::size_t kSmallStack = 4 * 256 * 1024;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
constexpr std::size_t kSmallStack = 4 * 256 * 1024;
#else
constexpr std::size_t kSmallStack = 256 * 1024;
#endif
#else
constexpr std::size_t kSmallStack = 256 * 1024;
#endif

// Runs `body` on a thread of `bytes` of stack; a failed REQUIRE in it fails the test here.
void run_with_stack(std::size_t bytes, const std::function<void()>& body) {
  struct Job {
    const std::function<void()>* body;
    std::exception_ptr failure;
  } job{&body, nullptr};
  pthread_attr_t attributes;
  REQUIRE(pthread_attr_init(&attributes) == 0);
  REQUIRE(pthread_attr_setstacksize(&attributes, bytes) == 0);
  pthread_t thread;
  auto run = [](void* argument) -> void* {
    auto* job = static_cast<Job*>(argument);
    try {
      (*job->body)();
    } catch (...) {
      job->failure = std::current_exception();
    }
    return nullptr;
  };
  REQUIRE(pthread_create(&thread, &attributes, run, &job) == 0);
  REQUIRE(pthread_join(thread, nullptr) == 0);
  pthread_attr_destroy(&attributes);
  if (job.failure) std::rethrow_exception(job.failure);
}

}  // namespace

TEST_CASE("a 100,000-term `or` chain (a generated blocklist) checks, lowers, formats and decides") {
  constexpr std::size_t n = 100000;
  const std::string text =
      profile("exclude blocked when " + joined(n, [](std::size_t i) { return fmt::format("id == \"acct-{}\"", i); }, " or ") +
              "\n");
  const Compiled compiled = check(text);
  const vm::Program program = build(compiled);
  CHECK(decide(program, R"({"id":"acct-99999","employees":500,"tech":[]})").find("\"verdict\":\"excluded\"") !=
        std::string::npos);
  CHECK(decide(program, R"({"id":"acct-100000","employees":500,"tech":[]})").find("\"verdict\":\"tier\"") !=
        std::string::npos);
  check_format_round_trip(text, program.id);
  check_dumps(compiled, program, text);
}

TEST_CASE("20,000-term chains of `and`, `+` and `*` check, lower, format and decide") {
  constexpr std::size_t n = 20000;
  struct Row {
    const char* name;
    std::string criterion;
    const char* account;
    bool fit;
  };
  const Row rows[] = {
      {"and", joined(n, [](std::size_t i) { return fmt::format("employees != {}", i + 100000); }, " and "),
       R"({"id":"a","employees":500,"tech":[]})", true},
      {"plus", joined(n, [](std::size_t) { return std::string("employees"); }, " + ", 12) + " >= 20000",
       R"({"id":"a","employees":1,"tech":[]})", true},
      {"times", joined(n, [](std::size_t) { return std::string("employees"); }, " * ", 12) + " == 1",
       R"({"id":"a","employees":1,"tech":[]})", true},
      {"mixed", joined(n, [](std::size_t i) { return fmt::format("count(signals within {}d) >= 0", i % 300 + 1); },
                       " and "),
       R"({"id":"a","employees":1,"tech":[]})", true},
  };
  for (const Row& row : rows) {
    SUBCASE(row.name) {
      const std::string text = profile("criterion big = " + row.criterion + "\n", "big");
      const Compiled compiled = check(text);
      const vm::Program program = build(compiled);
      const std::string json = decide(program, row.account);
      CHECK((json.find("\"verdict\":\"tier\"") != std::string::npos) == row.fit);
      check_format_round_trip(text, program.id);
      check_dumps(compiled, program, text);
    }
  }
}

TEST_CASE("a list of 100,000 items checks in linear time and finds every repeat") {
  constexpr std::size_t n = 100000;
  // Every tenth item repeats the one before it: 10,000 repeats, each reported once.
  const std::string items = joined(n, [](std::size_t i) { return fmt::format("\"acct-{}\"", i - (i % 10 == 9)); }, ", ");
  const std::string text = profile("let blocked_ids = [" + items + "]\n\nexclude blocked when id in blocked_ids\n");
  const Compiled compiled = check(text);
  std::size_t repeats = 0;
  for (const Diagnostic& d : compiled.result.diagnostics) repeats += d.code == DiagnosticCode::W0108;
  CHECK(repeats == n / 10);
  const vm::Program program = build(compiled);
  CHECK(decide(program, R"({"id":"acct-77777","employees":500,"tech":[]})").find("\"verdict\":\"excluded\"") !=
        std::string::npos);
  check_format_round_trip(text, program.id);
}

TEST_CASE("10,000 repeats on one line of a megabyte render in time linear in their number") {
  constexpr std::size_t n = 20000;
  const std::string items = joined(n, [](std::size_t i) { return fmt::format("\"acct-{}\"", i / 2); }, ", ", n);
  const std::string text = profile("let blocked_ids = [" + items + "]\nexclude blocked when id in blocked_ids\n");
  const Compiled compiled = check(text);
  const std::string rendered = render::render_text(compiled.result.sources, compiled.result.diagnostics, false);
  CHECK(compiled.warnings >= n / 2);
  // Each diagnostic shows a window of the line, not the line: a few hundred bytes each.
  CHECK(rendered.size() < 600 * compiled.result.diagnostics.size());
  CHECK(rendered.find("...") != std::string::npos);
}

TEST_CASE("10,000 criteria that each read the next one check without nesting their checks") {
  constexpr std::size_t n = 10000;
  std::string body;
  for (std::size_t i = 0; i < n; ++i) body += fmt::format("criterion c{} = c{} or employees == {}\n", i, i + 1, i);
  body += fmt::format("criterion c{} = employees >= 200\n", n);
  const std::string text = profile(body, "c0");
  const Compiled compiled = check(text);
  const vm::Program program = build(compiled);
  CHECK(decide(program, R"({"id":"a","employees":500,"tech":[]})").find("\"verdict\":\"tier\"") != std::string::npos);
  CHECK(decide(program, R"({"id":"a","employees":150,"tech":[]})").find("\"verdict\":\"tier\"") != std::string::npos);
  CHECK(decide(program, R"({"id":"a","employees":15000,"tech":[]})").find("\"verdict\":\"tier\"") != std::string::npos);

  SUBCASE("a cycle through all of them is one E0501") {
    std::string cycle;
    for (std::size_t i = 0; i < n; ++i) cycle += fmt::format("criterion c{} = c{} or employees == {}\n", i, (i + 1) % n, i);
    const Compiled looped = check(profile(cycle, "c0"));
    REQUIRE(looped.errors.size() == 1);
    CHECK(looped.errors[0].starts_with("E0501 criterion c0 depends on itself"));
  }
  SUBCASE("lets that each name the next one") {
    std::string lets;
    for (std::size_t i = 0; i < n; ++i) lets += fmt::format("let l{} = l{}\n", i, i + 1);
    lets += fmt::format("let l{} = [\"acct-1\", \"acct-2\"]\nexclude listed when id in l0\n", n);
    const vm::Program listed = build(check(profile(lets)));
    CHECK(decide(listed, R"({"id":"acct-2","employees":500,"tech":[]})").find("\"verdict\":\"excluded\"") !=
          std::string::npos);
  }
}

TEST_CASE("thousands of unknown names against thousands of declarations stay fast") {
  constexpr std::size_t n = 5000;
  std::string body;
  for (std::size_t i = 0; i < n; ++i) body += fmt::format("criterion known_{} = employees > {}\n", i, i);
  body += "criterion typos = " + joined(n, [](std::size_t i) { return fmt::format("knwn_{}", i); }, " or ") + "\n";
  const Compiled compiled = check(profile(body));
  CHECK(compiled.errors.size() == n);  // every unknown name is reported, suggestion or not
}

TEST_CASE("the deepest nesting the parser accepts runs through every stage on a 256 KiB stack") {
  const int depth = grammar::kMaxNesting;
  const auto nested = [depth](const char* open, const char* inner, const char* close) {
    std::string text;
    for (int i = 0; i < depth; ++i) text += open;
    text += inner;
    for (int i = 0; i < depth; ++i) text += close;
    return text;
  };
  struct Row {
    const char* name;
    std::string condition;
  };
  const Row rows[] = {
      {"parentheses", nested("(", "employees > 10", ")")},
      {"not", nested("not ", "employees > 10", "")},
      {"sum on the right", nested("(employees + ", "1", ")") + " > 10"},
      {"or on the right", nested("(employees == 1 or ", "employees > 10", ")")},
      {"calls", nested("all(employees > 1, ", "employees > 10", ")")},
      {"negation", nested("-", "employees", "") + " < 10"},
  };
  for (const Row& row : rows) {
    SUBCASE(row.name) {
      const std::string text = profile("criterion deep = " + row.condition + "\n", "deep");
      run_with_stack(kSmallStack, [&] {
        const Compiled compiled = check(text);
        const vm::Program program = build(compiled);
        decide(program, R"({"id":"a","employees":500,"tech":[]})");
        check_format_round_trip(text, program.id);
        check_dumps(compiled, program, text);
      });
      // One level more is a located error, also on the small stack.
      run_with_stack(kSmallStack, [&] {
        const Compiled deeper = check(profile("criterion deep = (" + row.condition + ")\n", "deep"));
        REQUIRE(deeper.errors.size() == 1);
        CHECK(deeper.errors[0].starts_with("E0007"));
      });
    }
  }
}

TEST_CASE("what a compiled program cannot hold is a located error (E0314, E0307), not a failed build") {
  SUBCASE("signals") {
    const std::size_t n = vm::kMaxSignals + 1;
    const std::string text =
        profile(joined(n, [](std::size_t i) { return fmt::format("signal s{} weight 1 within 30d", i); }, "\n", 1) + "\n");
    const Compiled compiled = check(text);
    REQUIRE(compiled.errors.size() == 1);
    CHECK(compiled.errors[0] == fmt::format("E0314 more than {} signals: a compiled program holds at most {}",
                                            vm::kMaxSignals, vm::kMaxSignals));
  }
  SUBCASE("windows over every signal") {
    const auto text = [](std::size_t windows) {
      return profile(joined(2000, [](std::size_t i) { return fmt::format("signal s{} weight 1 within 30d", i); }, "\n", 1) +
                         "\ncriterion busy = " +
                         joined(windows, [](std::size_t i) { return fmt::format("count(signals within {}d) > 0", i + 1); },
                                " or ") +
                         "\n",
                     "busy");
    };
    CHECK(check(text(vm::kMaxWindowEntries / 2000)).errors.empty());
    const Compiled over = check(text(vm::kMaxWindowEntries / 2000 + 1));
    REQUIRE(over.errors.size() == 1);
    CHECK(over.errors[0].starts_with("E0314 525 windows counted over every signal, for 2000 signals"));
  }
  SUBCASE("at_least") {
    const auto at_least = [](std::int64_t k) {
      return profile(fmt::format("criterion many = at_least({}, {})\n", k,
                                 joined(static_cast<std::size_t>(k), [](std::size_t i) { return fmt::format("employees != {}", i); }, ", ")),
                     "many");
    };
    const vm::Program program = build(check(at_least(vm::kMaxAtLeast)));
    CHECK(decide(program, R"({"id":"a","employees":-1,"tech":[]})").find("\"verdict\":\"tier\"") != std::string::npos);
    const Compiled over = check(at_least(vm::kMaxAtLeast + 1));
    REQUIRE(over.errors.size() == 1);
    CHECK(over.errors[0] == "E0307 `at_least` counts up to 65534 conditions");
  }
}

TEST_CASE("a file past the size limit is refused at the first byte beyond it") {
  project::Options options;
  options.limits.max_bytes = 100;
  const std::string text = profile("criterion big = employees > 1\n");
  const compiler::Compilation result = compiler::compile_inputs({project::Input{"big.icp", text}}, options);
  REQUIRE(result.diagnostics.size() == 1);
  CHECK_FALSE(result.programs.at(0).has_value());
  CHECK(result.diagnostics[0].code == DiagnosticCode::E0008);
  CHECK(result.diagnostics[0].span.begin == 100);
}

TEST_CASE("a thousand test cases over one accounts file of 20,000 lines decode it once") {
  const fs::path folder = fs::temp_directory_path() / fmt::format("icp-limits-{}", ::getpid());
  fs::create_directories(folder);
  {
    std::ofstream accounts(folder / "accounts.jsonl");
    for (int i = 0; i < 20000; ++i) accounts << fmt::format(R"({{"id":"acct-{}","employees":{},"tech":[]}})", i, i) << "\n";
    accounts << R"({"id":"acct-bad","employees":"many","tech":[]})" << "\n";
  }
  std::string cases = "as_of = 2026-11-22\n";
  for (int i = 0; i < 1000; ++i) {
    const int id = (i * 7919) % 20000;
    cases += fmt::format("[[case]]\nname = \"case {}\"\naccount_file = \"accounts.jsonl\"\naccount_id = \"acct-{}\"\n"
                         "verdict = \"{}\"\n",
                         i, id, id >= 200 ? "tier" : "no_fit");
  }
  cases += "[[case]]\nname = \"absent\"\naccount_file = \"accounts.jsonl\"\naccount_id = \"acct-x\"\nverdict = \"tier\"\n";
  cases += "[[case]]\nname = \"bad\"\naccount_file = \"accounts.jsonl\"\naccount_id = \"acct-bad\"\nverdict = \"tier\"\n";
  std::vector<decision_test::Error> errors;
  const auto file = decision_test::parse(cases, "limits.test.toml", errors);
  REQUIRE(file.has_value());
  const vm::Program program = build(check(profile("")));
  decision_test::Runner runner(program, folder);
  std::size_t passed = 0;
  for (std::size_t i = 0; i < 1000; ++i) passed += runner.run(*file, file->cases[i]).status == decision_test::Outcome::Status::passed;
  CHECK(passed == 1000);
  const auto absent = runner.run(*file, file->cases[1000]);
  CHECK(absent.rejection.message == "`accounts.jsonl` holds no record with id `acct-x`");
  const auto bad = runner.run(*file, file->cases[1001]);
  CHECK(bad.status == decision_test::Outcome::Status::rejected);
  CHECK(bad.rejection.message.starts_with("account of case `bad` rejected: accounts.jsonl:20001: "));
  fs::remove_all(folder);
}

TEST_CASE("icp.toml globs match in polynomial time, however many stars they hold") {
  // Each star a recursive call made these exponential: 2^30 steps for the first one.
  std::string stars, name(60, 'a'), parts, path;
  for (int i = 0; i < 30; ++i) stars += "*a";
  for (int i = 0; i < 30; ++i) parts += "**/";
  for (int i = 0; i < 60; ++i) path += "d/";
  CHECK_FALSE(manifest::glob_match(stars + "b", name));
  CHECK(manifest::glob_match(stars, name));
  CHECK_FALSE(manifest::glob_match(parts + "x.icp", path + "y.icp"));
  CHECK(manifest::glob_match(parts + "y.icp", path + "y.icp"));
  CHECK(manifest::glob_match("a/**/b*/**/*.icp", "a/x/y/bz/q.icp"));
  CHECK_FALSE(manifest::glob_match("a/**/b*/**/*.icp", "a/x/y/z/q.icp"));
}

TEST_CASE("TOML files: size and dotted-key depth are checked before toml++ reads them") {
  std::string deep = "a";
  for (int i = 0; i < 100000; ++i) deep += ".b";
  deep += " = 1\n";
  std::string header = "[a";
  for (int i = 0; i < 100000; ++i) header += ".\"b\"";
  header += "]\nk = 1\n";
  for (const std::string& text : {deep, header}) {
    std::vector<manifest::Error> errors;
    CHECK_FALSE(manifest::parse(text, "icp.toml", errors).has_value());
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message == fmt::format("a dotted key of more than {} parts", toml_limits::kMaxKeyDepth + 1));
    CHECK(errors[0].begin.line == 1u);
    std::vector<decision_test::Error> test_errors;
    CHECK_FALSE(decision_test::parse(text, "x.test.toml", test_errors).has_value());
    REQUIRE(test_errors.size() == 1);
    CHECK(test_errors[0].code == DiagnosticCode::E0602);
  }
  // At the limit a dotted key is still read; floats, dates and strings are not keys.
  std::string at_limit = "a";
  for (std::size_t i = 0; i < toml_limits::kMaxKeyDepth; ++i) at_limit += ".b";
  CHECK_FALSE(toml_limits::check(at_limit + " = 1\nx = 1.5\nd = 2026-01-01T10:00:00.5\ns = \"a.b.c.d\"\n"));
  CHECK(toml_limits::check(at_limit + ".c = 1\n"));

  const std::string big(toml_limits::kMaxBytes + 1, '#');
  std::vector<decision_test::Error> test_errors;
  CHECK_FALSE(decision_test::parse(big, "x.test.toml", test_errors).has_value());
  REQUIRE(test_errors.size() == 1);
  CHECK(test_errors[0].code == DiagnosticCode::E0008);
  CHECK(test_errors[0].where.begin.line == 1);
  CHECK(test_errors[0].where.begin.column == toml_limits::kMaxBytes + 1);
}
