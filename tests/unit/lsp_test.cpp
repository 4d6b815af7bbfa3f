// The language server's pieces that an end-to-end test reaches only by luck: UTF-16 positions
// (lsp/positions.hpp) over ASCII, accents, CJK, emoji (two UTF-16 units), malformed bytes and
// positions past a line or the text; file URIs; JSON-RPC classification (lsp/rpc.hpp) of
// every kind of bad message; the name index over a profile (lsp/symbols.hpp); the stdlib.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "grammar/parse.hpp"
#include "lsp/positions.hpp"
#include "lsp/rpc.hpp"
#include "lsp/stdlib.hpp"
#include "lsp/symbols.hpp"

namespace {

using icp::lsp::LineMap;
using icp::lsp::Position;

struct PositionRow {
  const char* name;
  std::string text;
  std::uint32_t offset;   // a byte offset
  Position position;      // its LSP position
};

TEST_CASE("lsp: byte offsets and UTF-16 positions convert both ways") {
  const std::vector<PositionRow> rows = {
      {.name = "start", .text = "abc", .offset = 0, .position = {0, 0}},
      {.name = "ASCII", .text = "abc\ndef", .offset = 5, .position = {1, 1}},
      {.name = "end of text", .text = "abc\ndef", .offset = 7, .position = {1, 3}},
      {.name = "after a newline at the end", .text = "abc\n", .offset = 4, .position = {1, 0}},
      {.name = "accent: 2 bytes, 1 unit", .text = "é = x", .offset = 5, .position = {0, 4}},
      {.name = "CJK: 3 bytes, 1 unit", .text = "\"東京\" x", .offset = 9, .position = {0, 5}},
      {.name = "emoji: 4 bytes, 2 units", .text = "\"🚀\" and x", .offset = 11, .position = {0, 9}},
      {.name = "a malformed byte counts one", .text = "\xff x", .offset = 2, .position = {0, 2}},
      {.name = "CRLF keeps the CR on its line", .text = "a\r\nb", .offset = 3, .position = {1, 0}},
  };
  for (const PositionRow& row : rows) {
    SUBCASE(row.name) {
      const LineMap lines(row.text);
      CHECK(lines.position(row.offset) == row.position);
      CHECK(lines.offset(row.position) == row.offset);
    }
  }
}

TEST_CASE("lsp: positions out of range are clamped, never past the text") {
  const std::string text = "ab\n\"🚀\"\n";
  const LineMap lines(text);
  CHECK(lines.offset({0, 99}) == 2);             // past the line's end: its end
  CHECK(lines.offset({9, 0}) == text.size());    // past the last line: the text's end
  CHECK(lines.offset({1, 2}) == 3 + 5);          // inside the surrogate pair: after the emoji
  CHECK(lines.position(1000) == lines.end());
  CHECK(lines.end() == Position{2, 0});
}

TEST_CASE("lsp: icpc's code-point columns become UTF-16 characters") {
  const LineMap lines("x\nlet s = \"🚀\" and employeez");
  // `icpc check` puts `employeez` at 2:17 (code points); UTF-16 counts the rocket twice.
  CHECK(lines.from_line_col(2, 17) == Position{1, 17});
  CHECK(lines.from_line_col(2, 10) == Position{1, 9});   // the rocket itself
  CHECK(lines.from_line_col(2, 11) == Position{1, 11});  // the quote after it
  CHECK(lines.from_line_col(1, 1) == Position{0, 0});
  CHECK(lines.from_line_col(0, 0) == Position{0, 0});
  CHECK(lines.from_line_col(9, 1) == lines.end());
}

TEST_CASE("lsp: file URIs") {
  CHECK(icp::lsp::uri_to_path("file:///home/a/b%20c.icp") == "/home/a/b c.icp");
  CHECK(icp::lsp::uri_to_path("file://localhost/x.icp") == "/x.icp");
  CHECK(icp::lsp::uri_to_path("FILE:///x.icp") == "/x.icp");
  CHECK_FALSE(icp::lsp::uri_to_path("untitled:Untitled-1").has_value());
  CHECK_FALSE(icp::lsp::uri_to_path("file://server/share/x.icp").has_value());
  CHECK_FALSE(icp::lsp::uri_to_path("file:///a%00b").has_value());
  CHECK(icp::lsp::path_to_uri("/home/a/b c#1.icp") == "file:///home/a/b%20c%231.icp");
  CHECK(icp::lsp::uri_to_path(icp::lsp::path_to_uri("/tmp/Zürich/p.icp")) == "/tmp/Zürich/p.icp");
}

struct RpcRow {
  const char* name;
  std::string body;
  icp::lsp::Message::Kind kind;
  icp::lsp::ErrorCode error;  // for invalid
  std::string id;
};

TEST_CASE("lsp: JSON-RPC messages are classified, bad ones with their error code") {
  using Kind = icp::lsp::Message::Kind;
  using Code = icp::lsp::ErrorCode;
  const std::vector<RpcRow> rows = {
      {"request", R"({"jsonrpc":"2.0","id":3,"method":"shutdown"})", Kind::request, Code::invalid_request, "3"},
      {"string id", R"({"jsonrpc":"2.0","id":"a\"b","method":"x"})", Kind::request, Code::invalid_request, R"("a\"b")"},
      {"notification", R"({"jsonrpc":"2.0","method":"exit"})", Kind::notification, Code::invalid_request, "null"},
      {"response", R"({"jsonrpc":"2.0","id":1,"result":null})", Kind::response, Code::invalid_request, "1"},
      {"not JSON", "{\"jsonrpc\":", Kind::invalid, Code::parse_error, "null"},
      {"empty", "", Kind::invalid, Code::parse_error, "null"},
      {"an array", "[]", Kind::invalid, Code::invalid_request, "null"},
      {"no jsonrpc", R"({"id":1,"method":"x"})", Kind::invalid, Code::invalid_request, "1"},
      {"jsonrpc 1.0", R"({"jsonrpc":"1.0","id":1,"method":"x"})", Kind::invalid, Code::invalid_request, "1"},
      {"no method", R"({"jsonrpc":"2.0","id":1})", Kind::invalid, Code::invalid_request, "1"},
      {"method not a string", R"({"jsonrpc":"2.0","id":1,"method":7})", Kind::invalid, Code::invalid_request, "1"},
      {"id an object", R"({"jsonrpc":"2.0","id":{},"method":"x"})", Kind::invalid, Code::invalid_request, "null"},
      {"id a fraction", R"({"jsonrpc":"2.0","id":1.5,"method":"x"})", Kind::invalid, Code::invalid_request, "null"},
      {"deeply nested params", R"({"jsonrpc":"2.0","id":1,"method":"x","params":)" + std::string(5000, '[') +
                                   std::string(5000, ']') + "}",
       Kind::invalid, Code::parse_error, "null"},
  };
  simdjson::dom::parser parser;
  for (const RpcRow& row : rows) {
    SUBCASE(row.name) {
      const icp::lsp::Message message = icp::lsp::classify(parser, row.body);
      CHECK(message.kind == row.kind);
      CHECK(message.id == row.id);
      if (row.kind == Kind::invalid) {
        CHECK(message.error == row.error);
        CHECK_FALSE(message.problem.empty());
      }
    }
  }
}

TEST_CASE("lsp: the name index finds declarations and uses in their contexts") {
  icp::SourceMap sources;
  const icp::FileId file = sources.add("p.icp",
                                       "account { employees: int }\n"
                                       "signal demo weight 5 within 30d\n"
                                       "criterion big = employees >= 10 and count(demo within 7d) >= 1\n"
                                       "role buyer { titles [\"CFO\"] }\n"
                                       "tier 1 \"Fit\" = big and has_role(buyer) and score > 1\n");
  icp::DiagnosticSink sink;
  const icp::syntax::SyntaxTree tree = icp::grammar::parse(sources, file, sink);
  const icp::lsp::SymbolIndex index(tree);
  const std::string& text = sources.file(file).text();
  const auto at = [&](std::string_view needle, std::size_t from = 0) {
    return index.at(static_cast<std::uint32_t>(text.find(needle, from)));
  };
  const auto use = at("employees >=");
  REQUIRE(use.has_value());
  REQUIRE(use->symbol != nullptr);
  CHECK(use->symbol->kind == icp::lsp::SymbolKind::field);
  CHECK(text.substr(use->symbol->name_span.begin, 9) == "employees");
  const auto signal = at("demo within");
  REQUIRE((signal && signal->symbol));
  CHECK(signal->symbol->kind == icp::lsp::SymbolKind::signal);
  const auto role = at("buyer)");
  REQUIRE((role && role->symbol));
  CHECK(role->symbol->kind == icp::lsp::SymbolKind::role);
  const auto builtin = at("score");
  REQUIRE(builtin.has_value());
  CHECK(builtin->symbol == nullptr);
  CHECK(icp::lsp::find_builtin(builtin->name, builtin->context) != nullptr);
  CHECK(index.resolve("big", icp::lsp::NameContext::value) != nullptr);
  CHECK(index.resolve("buyer", icp::lsp::NameContext::value) == nullptr);  // a role is read through has_role
  CHECK_FALSE(at("account").has_value());
}

}  // namespace

TEST_CASE("lsp: every standard-library module lists its members with their comments") {
  const std::vector<std::string> modules = icp::lsp::stdlib_modules();
  CHECK(modules == std::vector<std::string>{"geo", "naics", "titles"});
  for (const std::string& module : modules) {
    CAPTURE(module);
    const auto& members = icp::lsp::stdlib_members(module);
    REQUIRE_FALSE(members.empty());
    for (const icp::lsp::StdlibMember& member : members) {
      CAPTURE(member.path);
      CHECK(member.path.starts_with("std." + module + "."));
      CHECK(member.declaration.starts_with("let "));
      CHECK(icp::lsp::find_stdlib_member(member.path) == &member);
    }
  }
  const icp::lsp::StdlibMember* emea = icp::lsp::find_stdlib_member("std.geo.emea");
  REQUIRE(emea != nullptr);
  CHECK(emea->comment.find("Europe, the Middle East and Africa") != std::string::npos);
  CHECK(icp::lsp::stdlib_members("nope").empty());
  CHECK(icp::lsp::find_stdlib_member("std.geo") == nullptr);
  CHECK(icp::lsp::find_stdlib_member("geo.emea") == nullptr);
}
