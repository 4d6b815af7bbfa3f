// Tests of the public C++ API (include/icp/): Program loading and its schema, Session
// decisions against the runtime's own pipeline, every Decision accessor, Records built in
// code against the same record as JSON text (row by row), and sharing a Program across
// threads. Input: the examples, compiled as `icpc build` does. Output: doctest cases.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "compiler/lower/lower.hpp"
#include "compiler/project/project.hpp"
#include "icp/icp.hpp"
#include "runtime/format/artifact.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/input/json_lines.hpp"
#include "runtime/output/decision_json.hpp"
#include "runtime/output/record_digest.hpp"
#include "runtime/vm/vm.hpp"

namespace icp {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// An example profile compiled the way `icpc build` does, as .icpb bytes.
std::string example_artifact(const std::string& name) {
  const std::string path = std::string(ICP_SOURCE_DIR) + "/examples/" + name + ".icp";
  project::Options options;
  options.today = *parse_date("2026-11-23");
  project::Result result = project::check_inputs({project::Input{path, read_file(path)}}, options);
  REQUIRE(result.programs.at(0).has_value());
  vm::Program program = lower(result.sources, *result.programs[0]);
  REQUIRE_FALSE(vm::seal(program).has_value());
  return vm::serialize(program);
}

const std::string& mid_market() {
  static const std::string bytes = example_artifact("mid-market-security");
  return bytes;
}

Program load_mid_market() {
  LoadResult loaded = Program::load(mid_market());
  REQUIRE(loaded);
  return *loaded.program;
}

std::vector<std::string> lines_of(const std::string& file) {
  std::vector<std::string> lines;
  const std::string text = read_file(std::string(ICP_SOURCE_DIR) + "/examples/data/" + file);
  vm::LineSplitter splitter(text);
  for (vm::JsonLine line; splitter.next(line);) lines.emplace_back(line.text);
  return lines;
}

const Date kAsOf = date_from_civil(2026, 11, 23);

constexpr std::string_view kTierOne =
    R"({"id":"acc-000001","employees":850,"revenue_musd":120.5,"naics":"541512","country":"US",)"
    R"("funding_stage":"series_b","tech":["okta","salesforce"],"is_customer":false,)"
    R"("signals":[{"type":"g2_visit","days_ago":3},{"type":"exec_hire","days_ago":20},)"
    R"({"type":"job_post","days_ago":10},{"type":"webinar","days_ago":2}],)"
    R"("contacts":[{"title":"CFO","name":"Ana Ruiz"},{"title":"Head of Security Operations"}]})";

TEST_CASE("public api: a program loads with its identity, its bytes and its schema") {
  const Program program = load_mid_market();
  CHECK(program.profile() == "Mid-market security");
  CHECK(program.id().rfind("sha256:", 0) == 0);
  CHECK(program.id().size() == 7 + 64);
  CHECK_FALSE(program.version().empty());
  CHECK_FALSE(program.owner().empty());
  CHECK(program.to_bytes() == mid_market());  // byte for byte what `icpc build` writes

  const Schema& schema = program.schema();
  std::vector<std::string> described;
  for (const Field& field : schema.fields) {
    described.push_back(field.name + ":" + std::string(to_string(field.type)) + (field.optional ? "?" : ""));
  }
  CHECK(described == std::vector<std::string>{"employees:int", "revenue_musd:decimal?", "naics:naics", "country:country",
                                              "funding_stage:enum", "tech:set<string>", "is_customer:bool"});
  REQUIRE(schema.field("funding_stage") != nullptr);
  CHECK(schema.field("funding_stage")->enum_values ==
        std::vector<std::string>{"seed", "series_a", "series_b", "series_c", "growth", "public", "bootstrapped"});
  CHECK(schema.field("tech")->enum_values.empty());
  CHECK(schema.field("nope") == nullptr);
  CHECK(schema.signal_types ==
        std::vector<std::string>{"g2_visit", "exec_hire", "job_post", "content_download", "webinar"});
}

TEST_CASE("public api: a bad artifact is a load error with its byte, an unreadable file an I/O error") {
  std::string bytes = mid_market();
  const std::size_t at = bytes.find("Perfect fit") + 3;
  bytes[at] = '\xfe';
  const LoadResult bad = Program::load(bytes);
  CHECK_FALSE(bad);
  CHECK(bad.error.kind == LoadError::Kind::invalid);
  CHECK(bad.error.offset == at);
  CHECK(bad.error.message.find("tiers[0].label") != std::string::npos);

  const LoadResult truncated = Program::load(std::string_view(mid_market()).substr(0, 40));
  CHECK_FALSE(truncated);
  CHECK(truncated.error.kind == LoadError::Kind::invalid);

  const LoadResult missing = Program::load_file("/nonexistent/dir/rules.icpb");
  CHECK_FALSE(missing);
  CHECK(missing.error.kind == LoadError::Kind::io);
  CHECK(missing.error.message.rfind("cannot open `/nonexistent/dir/rules.icpb`: ", 0) == 0);

  const auto path = std::filesystem::temp_directory_path() / "icp_public_api_test.icpb";
  std::ofstream(path, std::ios::binary) << mid_market();
  const LoadResult from_file = Program::load_file(path.string());
  std::filesystem::remove(path);
  REQUIRE(from_file);
  CHECK(from_file.program->id() == load_mid_market().id());
}

// What `icpc eval` writes for each line (its decoder, evaluator, writer and digest), against
// what Session::decide gives: the same bytes for every example account, audited or not.
TEST_CASE("public api: decision lines are the runtime pipeline's, byte for byte") {
  struct Example {
    const char* profile;
    const char* accounts;
  };
  for (const Example example : {Example{"mid-market-security", "mid-market-accounts.jsonl"},
                                Example{"enterprise-platform", "enterprise-accounts.jsonl"},
                                Example{"plg-smb", "plg-smb-accounts.jsonl"}}) {
    SUBCASE(example.profile) {
      LoadResult loaded = Program::load(example_artifact(example.profile));
      REQUIRE(loaded);
      vm::LoadResult internal = vm::load(loaded.program->to_bytes());
      REQUIRE(internal);
      const vm::Program& program = *internal.program;
      vm::JsonDecoder decoder(program.schema);
      vm::Evaluator evaluator(program);
      vm::DecisionJsonWriter writer(program);
      vm::RecordDigester digester(program.schema);
      Session session(*loaded.program);
      std::size_t decided = 0, rejected = 0;
      for (const std::string& line : lines_of(example.accounts)) {
        for (const Audit audit : {Audit::off, Audit::on}) {
          vm::Record record;
          vm::DecodeError error;
          const DecideResult result = session.decide(line, kAsOf, audit);
          if (!decoder.decode(line, kAsOf, record, error)) {
            REQUIRE_FALSE(result);
            CHECK(result.error.message == error.message);
            CHECK(result.error.field == error.field);
            ++rejected;
            continue;
          }
          REQUIRE(result);
          const vm::Decision& decision = evaluator.evaluate(record, kAsOf, audit == Audit::on);
          std::string digest, expected;
          if (audit == Audit::on) digester.append_digest(record, digest);
          writer.append(record, decision, digest, expected);
          CHECK(result.decision->json() == expected);
          CHECK(result.decision->audited() == (audit == Audit::on));
          ++decided;
        }
      }
      CHECK(decided > 0);
      if (std::string_view(example.profile) == "mid-market-security") CHECK(rejected == 2);  // acc-000010, twice
    }
  }
}

TEST_CASE("public api: every Decision accessor reads the decision the JSON states") {
  Session session(load_mid_market());
  const DecideResult tier_one = session.decide(kTierOne, kAsOf);
  REQUIRE(tier_one);
  const Decision& d = *tier_one.decision;
  CHECK(d.account_id() == "acc-000001");
  CHECK(d.program_id() == session.program().id());
  CHECK(d.as_of() == kAsOf);
  CHECK(d.verdict() == Verdict::tier);
  CHECK(to_string(d.verdict()) == "tier");
  CHECK(d.tier() == 1);
  CHECK(d.tier_label() == "Perfect fit");
  CHECK_FALSE(d.excluded_by().has_value());
  REQUIRE(d.score().has_value());
  CHECK(d.json().find("\"score\":" + d.score()->to_string() + ",") != std::string_view::npos);
  CHECK(d.committee_coverage() == 100);
  REQUIRE(d.committee_role_count() == 2);
  CHECK(d.committee_role(0) == "economic_buyer");
  CHECK(d.committee_role(1) == "technical_evaluator");
  CHECK(d.route_rule() == 2);
  CHECK(d.route_action() == RouteAction::queue);
  CHECK(to_string(d.route_action()) == "queue");
  CHECK(d.queue() == "ae-enterprise");
  CHECK(d.sla() == "24h");
  CHECK(d.sla_hours() == 24);
  CHECK_FALSE(d.cadence().has_value());
  CHECK(d.json().find(R"("route":{"action":"queue","queue":"ae-enterprise","sla":"24h","rule":2)") !=
        std::string_view::npos);
  CHECK(d.json().data()[d.json().size()] == '\0');  // usable as a C string (the C API relies on it)

  const std::string customer = R"({"id":"c","employees":900,"naics":"541511","country":"US",)"
                               R"("funding_stage":"series_b","tech":[],"is_customer":true})";
  const DecideResult excluded = session.decide(customer, kAsOf);
  REQUIRE(excluded);
  CHECK(excluded.decision->verdict() == Verdict::excluded);
  CHECK(excluded.decision->excluded_by() == "existing_customer");
  CHECK_FALSE(excluded.decision->tier().has_value());
  CHECK_FALSE(excluded.decision->tier_label().has_value());
  CHECK(excluded.decision->route_action() == RouteAction::disqualify);
  CHECK(excluded.decision->queue().empty());
  CHECK(excluded.decision->committee_role_count() == 0);
  CHECK(excluded.decision->committee_coverage() == 0);

  const std::string near_fit = R"({"id":"n","employees":850,"naics":"541512","country":"US",)"
                               R"("funding_stage":"series_b","tech":["okta"],"is_customer":false})";
  const DecideResult second_rule = session.decide(near_fit, kAsOf);
  REQUIRE(second_rule);
  CHECK(second_rule.decision->queue() == "sdr-outbound");
  CHECK(second_rule.decision->cadence() == "mm-v3");
  CHECK_FALSE(second_rule.decision->sla().has_value());
}

TEST_CASE("public api: a rejected record is an error value, and the session goes on") {
  Session session(load_mid_market());
  const DecideResult bad = session.decide(
      R"({"id":"acc-000010","employees":"many","naics":"541512","country":"US","funding_stage":"series_b","tech":[],"is_customer":false})",
      kAsOf);
  CHECK_FALSE(bad);
  CHECK_FALSE(bad.decision.has_value());
  CHECK(bad.error.record_id == "acc-000010");
  CHECK(bad.error.field == "employees");
  CHECK(bad.error.expected == "an integer");
  CHECK(bad.error.found == "\"many\"");
  CHECK(bad.error.message == "`employees`: expected an integer, found \"many\"");
  const DecideResult not_json = session.decide("{not json", kAsOf);
  CHECK_FALSE(not_json);
  CHECK(not_json.error.record_id.empty());
  CHECK(session.decide(kTierOne, kAsOf));

  Session moved(std::move(session));  // a moved session keeps deciding
  CHECK(moved.decide(kTierOne, kAsOf).decision->tier() == 1);
}

// A record built in code and the same record as JSON text, written by hand: decide() must
// accept, reject and decide them identically (the same decision bytes, the same error).
struct RecordRow {
  const char* name;
  Record record;
  std::string json;
};

Record base_record(std::string_view id) {
  Record r(id);
  r.set_int("employees", 850)
      .set_decimal("revenue_musd", *Decimal::parse("120.5"))
      .set_string("naics", "541512")
      .set_string("country", "US")
      .set_string("funding_stage", "series_b")
      .set_strings("tech", {"okta", "salesforce"})
      .set_bool("is_customer", false);
  return r;
}

constexpr std::string_view kBaseJson =
    R"({"id":"r","employees":850,"revenue_musd":120.5,"naics":"541512","country":"US",)"
    R"("funding_stage":"series_b","tech":["okta","salesforce"],"is_customer":false)";

std::string base_json(std::string_view rest) { return std::string(kBaseJson) + std::string(rest) + "}"; }

std::vector<RecordRow> record_rows() {
  std::vector<RecordRow> rows;
  rows.push_back({.name = "plain", .record = base_record("r"), .json = base_json("")});
  {
    Record r = base_record("r");
    r.add_signal_days_ago("g2_visit", 3).add_signal("exec_hire", date_from_civil(2026, 11, 3));
    r.add_signal_days_ago("webinar", 2).add_signal_days_ago("podcast", 1);  // undeclared: kept, audited
    r.add_contact("CFO").add_untitled_contact().add_contact("Head of Security Operations");
    rows.push_back({.name = "signals and contacts",
                    .record = r,
                    .json = base_json(R"(,"signals":[{"type":"g2_visit","days_ago":3},)"
                                      R"({"type":"exec_hire","at":"2026-11-03"},{"type":"webinar","days_ago":2},)"
                                      R"({"type":"podcast","days_ago":1}],)"
                                      R"("contacts":[{"title":"CFO"},{},{"title":"Head of Security Operations"}])")});
  }
  rows.push_back({.name = "a string where an integer is declared",
                  .record = base_record("r").set_string("employees", "many"),
                  .json = R"({"id":"r","employees":"many","revenue_musd":120.5,"naics":"541512","country":"US",)"
                          R"("funding_stage":"series_b","tech":["okta","salesforce"],"is_customer":false})"});
  rows.push_back({.name = "a decimal where an integer is declared",
                  .record = base_record("r").set_decimal("employees", *Decimal::parse("12.5")),
                  .json = R"({"id":"r","employees":12.5,"revenue_musd":120.5,"naics":"541512","country":"US",)"
                          R"("funding_stage":"series_b","tech":["okta","salesforce"],"is_customer":false})"});
  rows.push_back({.name = "an unknown enum value",
                  .record = base_record("r").set_string("funding_stage", "series_z"),
                  .json = R"({"id":"r","employees":850,"revenue_musd":120.5,"naics":"541512","country":"US",)"
                          R"("funding_stage":"series_z","tech":["okta","salesforce"],"is_customer":false})"});
  rows.push_back({.name = "a null optional field",
                  .record = base_record("r").set_null("revenue_musd"),
                  .json = R"({"id":"r","employees":850,"revenue_musd":null,"naics":"541512","country":"US",)"
                          R"("funding_stage":"series_b","tech":["okta","salesforce"],"is_customer":false})"});
  rows.push_back({.name = "a null required field",
                  .record = base_record("r").set_null("employees"),
                  .json = R"({"id":"r","employees":null,"revenue_musd":120.5,"naics":"541512","country":"US",)"
                          R"("funding_stage":"series_b","tech":["okta","salesforce"],"is_customer":false})"});
  rows.push_back({.name = "a missing required field",
                  .record = Record("r").set_int("employees", 850),
                  .json = R"({"id":"r","employees":850})"});
  rows.push_back({.name = "an empty id", .record = Record(""), .json = R"({"id":""})"});
  rows.push_back({.name = "a NAICS code of the wrong shape",
                  .record = base_record("r").set_string("naics", "5"),
                  .json = R"({"id":"r","employees":850,"revenue_musd":120.5,"naics":"5","country":"US",)"
                          R"("funding_stage":"series_b","tech":["okta","salesforce"],"is_customer":false})"});
  rows.push_back({.name = "a date where a bool is declared",
                  .record = base_record("r").set_date("is_customer", date_from_civil(2026, 1, 2)),
                  .json = R"({"id":"r","employees":850,"revenue_musd":120.5,"naics":"541512","country":"US",)"
                          R"("funding_stage":"series_b","tech":["okta","salesforce"],"is_customer":"2026-01-02"})"});
  rows.push_back({.name = "a set from a vector, with a duplicate and escapes",
                  .record = base_record("r").set_strings("tech", std::vector<std::string>{"a\"b", "a\"b", "c\\d\n"}),
                  .json = R"({"id":"r","employees":850,"revenue_musd":120.5,"naics":"541512","country":"US",)"
                          R"("funding_stage":"series_b","tech":["a\"b","a\"b","c\\d\n"],"is_customer":false})"});
  rows.push_back({.name = "a string that is not UTF-8",
                  .record = base_record("r").set_strings("tech", {"ok\xff"}),
                  .json = R"({"id":"r","employees":850,"revenue_musd":120.5,"naics":"541512","country":"US",)"
                          "\"funding_stage\":\"series_b\",\"tech\":[\"ok\xff\"],\"is_customer\":false}"});
  rows.push_back({.name = "a future signal date",
                  .record = base_record("r").add_signal("g2_visit", date_from_civil(2027, 1, 1)),
                  .json = base_json(R"(,"signals":[{"type":"g2_visit","at":"2027-01-01"}])")});
  rows.push_back({.name = "a signal type that is not text",
                  .record = base_record("r").add_signal_days_ago("", -5),
                  .json = base_json(R"(,"signals":[{"type":"","days_ago":-5}])")});
  return rows;
}

TEST_CASE("public api: a Record decides exactly as its JSON text") {
  Session from_record(load_mid_market());
  Session from_json(load_mid_market());
  for (const RecordRow& row : record_rows()) {
    SUBCASE(row.name) {
      for (const Audit audit : {Audit::off, Audit::on}) {
        const DecideResult built = from_record.decide(row.record, kAsOf, audit);
        const DecideResult written = from_json.decide(row.json, kAsOf, audit);
        REQUIRE(built.decision.has_value() == written.decision.has_value());
        if (written) {
          CHECK(built.decision->json() == written.decision->json());
        } else {
          CHECK(built.error.record_id == written.error.record_id);
          CHECK(built.error.field == written.error.field);
          CHECK(built.error.expected == written.error.expected);
          CHECK(built.error.found == written.error.found);
          CHECK(built.error.message == written.error.message);
        }
      }
    }
  }
}

TEST_CASE("public api: a Record's JSON is its calls in order, a field set again replaced in place") {
  Record r("acc-1");
  r.set_int("employees", -3).set_string("country", "US").set_int("employees", 850).set_bool("is_customer", true);
  r.add_signal_days_ago("g2_visit", 3).add_untitled_contact();
  CHECK(r.to_json() == R"({"id":"acc-1","employees":850,"country":"US","is_customer":true,)"
                       R"("signals":[{"type":"g2_visit","days_ago":3}],"contacts":[{}]})");
  CHECK(Record("x\x01").set_string("k\"", "\x1f").to_json() == R"({"id":"x\u0001","k\"":"\u001f"})");
}

TEST_CASE("public api: copies of one Program decide on several threads as on one") {
  const Program program = load_mid_market();
  const std::vector<std::string> lines = lines_of("mid-market-accounts.jsonl");
  auto decide_all = [&](const Program& shared) {
    Session session(shared);
    std::string out;
    for (const std::string& line : lines) {
      const DecideResult result = session.decide(line, kAsOf, Audit::on);
      out += result ? std::string(result.decision->json()) : "rejected: " + result.error.message;
      out += '\n';
    }
    return out;
  };
  const std::string expected = decide_all(program);
  std::vector<std::string> outputs(4);
  std::vector<std::thread> threads;
  for (std::string& out : outputs) threads.emplace_back([&, copy = program] { out = decide_all(copy); });
  for (std::thread& thread : threads) thread.join();
  for (const std::string& out : outputs) CHECK(out == expected);
}

}  // namespace
}  // namespace icp
