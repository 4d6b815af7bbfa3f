// Tests of the .icpb artifact: SHA-256, serialize/load round trips, the program id,
// refusal of truncated and corrupted files (never a crash), and the bytecode verifier.
#include <doctest/doctest.h>

#include <random>

#include <fmt/format.h>

#include "runtime/format/artifact.hpp"
#include "runtime/base/sha256.hpp"

namespace icp::vm {
namespace {

Decimal number(std::int64_t whole) { return Decimal::from_units(whole * Decimal::kScale); }

// A small hand-made program with one definition of each kind, built chunk by chunk.
class ProgramBuilder {
 public:
  ProgramBuilder& emit(Opcode op, std::uint32_t y = 0, std::uint16_t x = 0, std::uint8_t kind = 0) {
    program_.code.push_back(Instruction{op, kind, x, y});
    return *this;
  }
  std::uint32_t here() const { return static_cast<std::uint32_t>(program_.code.size()); }
  Chunk chunk_from(std::uint32_t begin) const { return Chunk{begin, here()}; }
  Program& program() { return program_; }

 private:
  Program program_;
};

Program sample_program() {
  ProgramBuilder b;
  Program& p = b.program();
  p.profile = "mid-market";
  p.version = "2024.1";
  p.owner = "revops@example.com";
  p.schema.fields = {{"employees", FieldType::integer, false, {}},
                     {"stage", FieldType::enumeration, true, {"seed", "series_a"}},
                     {"naics", FieldType::naics, false, {}},
                     {"tools", FieldType::string_set, true, {}}};
  p.schema.signal_types = {"g2_visit", "webinar"};
  p.schema.build_lookup();
  p.signals = {{"g2_visit", number(10), 30, std::nullopt, std::nullopt},
               {"webinar", Decimal::from_units(5000), 14, 3, 7}};
  p.constants = {{ValueType::number, number(200).units(), ""}, {ValueType::number, number(2000).units(), ""},
                 {ValueType::number, number(3).units(), ""},   {ValueType::number, number(1).units(), ""},
                 {ValueType::text, 0, "aws"}};
  p.sets = {{ConstSet::Kind::naics_prefixes, {}, {"5112", "5182"}}, {ConstSet::Kind::scalars, {0, 1}, {}}};
  p.string_lists = {{"aws", "gcp"}};

  std::uint32_t at = b.here();  // criterion size: employees between 200 and 2000
  b.emit(Opcode::LOAD_FIELD, 0).emit(Opcode::PUSH_CONST, 0).emit(Opcode::PUSH_CONST, 1);
  b.emit(Opcode::BETWEEN, 0, 0, static_cast<std::uint8_t>(CompareKind::scalar)).emit(Opcode::RETURN);
  p.criteria.push_back({"size", b.chunk_from(at)});
  at = b.here();  // criterion software: naics in [...]
  b.emit(Opcode::LOAD_FIELD, 2).emit(Opcode::IN_SET, 0).emit(Opcode::RETURN);
  p.criteria.push_back({"software", b.chunk_from(at)});
  at = b.here();  // criterion both: size and software (short-circuit)
  b.emit(Opcode::LOAD_CRITERION, 0).emit(Opcode::JUMP_IF_FALSE, at + 4).emit(Opcode::LOAD_CRITERION, 1);
  b.emit(Opcode::AND).emit(Opcode::RETURN);
  p.criteria.push_back({"both", b.chunk_from(at)});
  at = b.here();  // exclusion: tools has any of [aws, gcp]
  b.emit(Opcode::LOAD_FIELD, 3).emit(Opcode::HAS_ANY, 0).emit(Opcode::RETURN);
  p.exclusions.push_back({"cloud", "already a customer", b.chunk_from(at)});
  at = b.here();
  b.emit(Opcode::LOAD_CRITERION, 2).emit(Opcode::RETURN);
  p.tiers.push_back({1, "Perfect fit", b.chunk_from(at)});
  at = b.here();
  b.emit(Opcode::LOAD_CRITERION, 0).emit(Opcode::LOAD_CRITERION, 1).emit(Opcode::AT_LEAST, 2, 1).emit(Opcode::RETURN);
  p.tiers.push_back({2, "Good fit", b.chunk_from(at)});
  at = b.here();  // bonus: count(signals within 30d) >= 3
  b.emit(Opcode::COUNT, 30, kAllSignals).emit(Opcode::PUSH_CONST, 2).emit(Opcode::GE).emit(Opcode::RETURN);
  p.bonuses.push_back({"surge", number(10), b.chunk_from(at)});
  p.roles.push_back({"security", {"CISO", "Head of Security*"}, "budget", "too busy", "case study"});
  at = b.here();
  b.emit(Opcode::LOAD_EXCLUDED).emit(Opcode::RETURN);
  p.route.push_back({b.chunk_from(at), RouteRuleDef::Action::disqualify, "", std::nullopt, "", std::nullopt});
  at = b.here();
  b.emit(Opcode::LOAD_TIER).emit(Opcode::PUSH_CONST, 3).emit(Opcode::EQ).emit(Opcode::RETURN);
  p.route.push_back({b.chunk_from(at), RouteRuleDef::Action::queue, "ae-team", 24, "24h", "exec"});
  p.route.push_back({std::nullopt, RouteRuleDef::Action::ignore, "", std::nullopt, "", std::nullopt});
  p.order = {{Step::Kind::criterion, 0}, {Step::Kind::criterion, 1}, {Step::Kind::criterion, 2},
             {Step::Kind::exclusion, 0}, {Step::Kind::tier, 0},      {Step::Kind::tier, 1},
             {Step::Kind::bonus, 0}};
  p.debug.source_path = "icp/mid-market.icp";
  for (std::uint32_t i = 0; i < p.code.size(); ++i) p.debug.instructions.push_back({10 + i, 3, "employees"});
  p.debug.criteria = {{10, 1, "size"}, {11, 1, "software"}, {12, 1, "both"}};
  return p;
}

std::string verify_message(const Program& p) {
  auto error = verify(p);
  return error ? error->message : std::string();
}

}  // namespace

TEST_CASE("sha256 matches the FIPS 180-2 test vectors") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256("abc")[0] == 0xba);
}

TEST_CASE("the sample program verifies and its stack depth is measured") {
  const Program p = sample_program();
  CHECK(verify_message(p) == "");
  CHECK(max_stack_depth(p) == 3);  // BETWEEN's three operands
}

TEST_CASE("serialize -> load -> serialize gives the same bytes and the same id") {
  const Program original = sample_program();
  const std::string bytes = serialize(original);
  CHECK(bytes.substr(0, 4) == "ICPB");
  CHECK(serialize(original) == bytes);  // deterministic

  LoadResult loaded = load(bytes);
  REQUIRE_MESSAGE(loaded, loaded.error.message);
  const Program& p = *loaded.program;
  CHECK(serialize(p) == bytes);
  CHECK(p.id == program_id(original));
  CHECK(p.id.rfind("sha256:", 0) == 0);
  CHECK(p.id.size() == 7 + 64);
  CHECK(p.max_stack == 3);
  CHECK(p.signal_rules.size() == 2);
  CHECK(p.role_matchers.size() == 1);
  CHECK(p.schema.field_index("naics") == 2u);
  CHECK(p.route[1].queue == "ae-team");
  CHECK(p.route[1].sla_hours == 24);
  CHECK(p.signals[1].half_life_days == 7);
  CHECK(p.debug.criteria[2].text == "both");
}

TEST_CASE("the id hashes the code section only") {
  const Program original = sample_program();
  Program moved = original;
  moved.debug.source_path = "icp/renamed.icp";
  moved.debug.instructions[0].line = 99;
  CHECK(program_id(moved) == program_id(original));
  CHECK(serialize(moved) != serialize(original));

  Program changed = original;
  changed.constants[0].scalar += 1;
  CHECK(program_id(changed) != program_id(original));
  Program relabelled = original;
  relabelled.tiers[0].label = "Ideal";
  CHECK(program_id(relabelled) != program_id(original));
}

TEST_CASE("every truncation of a valid file is refused") {
  const std::string bytes = serialize(sample_program());
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    const LoadResult result = load(std::string_view(bytes).substr(0, length));
    CHECK_FALSE(result);
    CHECK_FALSE(result.error.message.empty());
    CHECK(result.error.offset <= length);
  }
  CHECK_FALSE(load(bytes + "x"));
}

TEST_CASE("load errors name the problem and its byte") {
  const std::string bytes = serialize(sample_program());
  CHECK(load("ELF!....").error.message.find("not an .icpb file") != std::string::npos);

  std::string newer = bytes;
  newer[4] = 2;
  CHECK(load(newer).error.offset == 4);
  CHECK(load(newer).error.message.find("format version 2") != std::string::npos);

  const LoadResult cut = load(std::string_view(bytes).substr(0, 20));
  CHECK(cut.error.message.find("truncated CODE section at byte 20: needs") != std::string::npos);

  // Hostile counts: a profile name claiming 4 GB is refused before any allocation.
  std::string huge = bytes;
  for (int i = 16; i < 20; ++i) huge[static_cast<std::size_t>(i)] = '\xff';
  CHECK(load(huge).error.message.find("exceeds the") != std::string::npos);
  CHECK(load(huge).error.offset == 16);
}

TEST_CASE("every string of an artifact must be UTF-8: refused at the byte, naming the string") {
  // Each row: a string of the sample program, found by its bytes (the last occurrence for
  // the DEBUG section), and the member path the loader must name. One byte in its middle
  // becomes ill-formed UTF-8; lengths are unchanged, so only the check can refuse it.
  struct Row {
    const char* path;
    std::string text;
    bool last;  // in the DEBUG section, after the same text in the CODE section
    const char* section;
  };
  const Row rows[] = {
      {"profile", "mid-market", false, "CODE section"},
      {"owner", "revops@example.com", false, "CODE section"},
      {"schema.fields[1].name", "stage", false, "CODE section"},
      {"schema.fields[1].enum_values[1]", "series_a", false, "CODE section"},
      {"constants[4].text", "aws", false, "CODE section"},
      {"sets[0].texts[1]", "5182", false, "CODE section"},
      {"string_lists[0][1]", "gcp", false, "CODE section"},
      {"exclusions[0].reason", "already a customer", false, "CODE section"},
      {"tiers[1].label", "Good fit", false, "CODE section"},
      {"roles[0].titles[1]", "Head of Security*", false, "CODE section"},
      {"roles[0].proof", "case study", false, "CODE section"},
      {"route[1].queue", "ae-team", false, "CODE section"},
      {"route[1].cadence", "exec", false, "CODE section"},
      {"source_path", "icp/mid-market.icp", false, "DEBUG section"},
      {"criteria[1].text", "software", true, "DEBUG section"},
  };
  const std::string bytes = serialize(sample_program());
  for (const Row& row : rows) {
    for (const char* bad : {"\xff", "\xc3", "\x80"}) {  // stray, cut, lone continuation
      CAPTURE(row.path);
      const std::size_t at = (row.last ? bytes.rfind(row.text) : bytes.find(row.text)) + row.text.size() / 2;
      std::string patched = bytes;
      patched[at] = bad[0];
      const LoadResult result = load(patched);
      REQUIRE_FALSE(result);
      CHECK(result.error.offset == at);
      CHECK(result.error.message == fmt::format("invalid UTF-8 byte 0x{:02x} at byte {} in the string `{}` of the {} "
                                                "(every string must be UTF-8)",
                                                static_cast<unsigned char>(bad[0]), at, row.path, row.section));
    }
  }
  // A valid multi-byte name still loads, and the loader names a bad byte inside one.
  Program accents = sample_program();
  accents.tiers[0].label = "Idéal — 東京";
  std::string good = serialize(accents);
  CHECK(load(good));
  const std::size_t e_acute = good.find("\xc3\xa9");
  good[e_acute + 1] = 'x';  // é cut after its lead byte
  CHECK(load(good).error.offset == e_acute);
}

TEST_CASE("a bad opcode in a file is reported at its instruction") {
  const Program original = sample_program();
  std::string bytes = serialize(original);
  // Find instruction 5 (the `software` criterion's LOAD_FIELD 2) by its encoding.
  const std::string needle = std::string("\x01\x00\x00\x00\x02\x00\x00\x00", 8) +
                             std::string("\x1d\x00\x00\x00\x00\x00\x00\x00", 8);
  const std::size_t at = bytes.find(needle);
  REQUIRE(at != std::string::npos);
  bytes[at] = '\x7f';
  const LoadResult result = load(bytes);
  CHECK(result.error.message == "invalid program: unknown opcode 0x7f at instruction 5");
  CHECK(result.error.offset == at);
}

TEST_CASE("2,000 random corruptions either load (and verify) or are refused") {
  const std::string bytes = serialize(sample_program());
  std::mt19937 random(20240501);  // fixed seed: the same corruptions every run
  std::uniform_int_distribution<std::size_t> position(0, bytes.size() - 1);
  std::uniform_int_distribution<int> bit(0, 7), value(0, 255);
  int loaded = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string corrupt = bytes;
    const std::size_t at = position(random);
    if (round % 2 == 0) {
      corrupt[at] = static_cast<char>(corrupt[at] ^ (1 << bit(random)));
    } else {
      corrupt[at] = static_cast<char>(value(random));
    }
    const LoadResult result = load(corrupt);
    if (result) {
      ++loaded;
      CHECK_FALSE(verify(*result.program));
      CHECK(serialize(*result.program) == corrupt);  // the encoding is canonical
    } else {
      CHECK_FALSE(result.error.message.empty());
      CHECK(result.error.offset <= corrupt.size());
    }
  }
  CHECK(loaded > 0);  // text and debug bytes can change freely
}

TEST_CASE("the verifier rejects broken programs") {
  SUBCASE("backward jump") {
    Program p = sample_program();
    p.code[9].y = 8;  // JUMP_IF_FALSE of `both`
    CHECK(verify_message(p) == "criterion `both`, instruction 9 (JUMP_IF_FALSE): jump target 8 is not forward inside [8, 13)");
    CHECK(verify(p)->instruction == 9u);
  }
  SUBCASE("jump out of its chunk") {
    Program p = sample_program();
    p.code[9].y = 13;
    CHECK(verify_message(p).find("is not forward inside") != std::string::npos);
  }
  SUBCASE("unbalanced stack at RETURN") {
    Program p = sample_program();
    p.code[3] = Instruction{Opcode::LT, 0, 0, 0};  // leaves two values
    CHECK(verify_message(p) == "criterion `size`, instruction 4 (RETURN): stack depth 2 at RETURN (must be 1)");
  }
  SUBCASE("stack underflow") {
    Program p = sample_program();
    p.code[6] = Instruction{Opcode::AND, 0, 0, 0};
    CHECK(verify_message(p) == "criterion `software`, instruction 6 (AND): stack underflow: needs 2 values, has 1");
  }
  SUBCASE("paths that meet with different depths") {
    Program p = sample_program();
    p.code[11] = Instruction{Opcode::NOT, 0, 0, 0};  // fall-through reaches RETURN with 2
    CHECK(verify_message(p) == "criterion `both`, instruction 12 (RETURN): paths meet with different stacks: [bool, bool] (depth 2) and [bool] (depth 1)");
  }
  SUBCASE("out-of-range constant") {
    Program p = sample_program();
    p.code[1].y = 40;
    CHECK(verify_message(p) == "constant 40 of instruction 1 (PUSH_CONST) is out of range (there are 5)");
  }
  SUBCASE("missing RETURN") {
    Program p = sample_program();
    p.code[4] = Instruction{Opcode::NOT, 0, 0, 0};
    CHECK(verify_message(p) == "criterion `size`, instruction 4 (NOT): code [0, 5) does not end with RETURN");
  }
  SUBCASE("RETURN in the middle of a chunk") {
    Program p = sample_program();
    p.code[2] = Instruction{Opcode::RETURN, 0, 0, 0};
    CHECK(verify_message(p) == "criterion `size`, instruction 2 (RETURN): RETURN before the end of code [0, 5)");
  }
  SUBCASE("tiers not numbered 1..N") {
    Program p = sample_program();
    p.tiers[1].number = 3;
    CHECK(verify_message(p) == "tier 2 is numbered 3: tiers must be numbered 1..N in order");
  }
  SUBCASE("no else") {
    Program p = sample_program();
    p.route.pop_back();
    CHECK(verify_message(p) == "the route does not end with an `else` rule");
  }
  SUBCASE("invalid operands and tables") {
    Program p = sample_program();
    p.code[3].kind = 7;
    CHECK(verify_message(p).find("invalid compare kind 7") != std::string::npos);
    p = sample_program();
    p.constants[0].type = static_cast<ValueType>(9);
    CHECK(verify_message(p) == "constant 0 has an invalid type or value");
    p = sample_program();
    p.sets[0].texts = {"5182", "5112"};
    CHECK(verify_message(p) == "set 0 is not sorted and unique");
    p = sample_program();
    p.signals[0].window_days = -1;
    CHECK(verify_message(p).find("out of range") != std::string::npos);
    p = sample_program();
    p.order.erase(p.order.begin());  // `both` now loads `size` before it is evaluated
    CHECK(verify_message(p).find("before it is evaluated") != std::string::npos);
    p = sample_program();
    p.tiers[1].code = p.criteria[0].code;
    p.tiers[1].code.begin += 1;
    CHECK(verify_message(p).find("overlaps") != std::string::npos);
  }
}

TEST_CASE("seal prepares a lowered program exactly as load does") {
  Program p = sample_program();
  REQUIRE_FALSE(seal(p));
  CHECK(p.id == program_id(sample_program()));
  CHECK(p.max_stack == 3);
  CHECK(p.naics_tables.size() == 2);
  CHECK(p.naics_tables[0].size() == 5);

  Program bad = sample_program();
  bad.tiers[0].number = 2;
  CHECK(seal(bad));
  CHECK(bad.id.empty());
}

}  // namespace icp::vm
