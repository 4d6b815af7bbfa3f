// The output escapers (compiler/render/escape.hpp, vm::append_json_string): one table of hostile
// strings (line breaks, ESC and OSC sequences, C1 and bidi controls, backticks, pipes,
// mentions, images, HTML, `&`, `%`, ill-formed UTF-8, NUL) with the exact bytes each format
// writes, then properties over every row: valid UTF-8, nothing that acts instead of showing,
// JSON that a parser reads back as the same string.
#include "compiler/render/escape.hpp"

#include <doctest/doctest.h>
#include <simdjson.h>

#include <string>
#include <vector>

#include "runtime/base/utf8.hpp"

namespace {

using namespace std::string_literals;

struct Row {
  const char* name;
  std::string raw;
  std::string text;      // escape::text, and what html, markdown and github show of it
  std::string json;      // escape::json
  std::string html;      // escape::html
  std::string markdown;  // escape::markdown_text
  std::string github;    // escape::github_data
};

const std::vector<Row>& rows() {
  static const std::vector<Row> table = {
      {.name = "plain", .raw = "Acme Corp", .text = "Acme Corp", .json = "Acme Corp", .html = "Acme Corp",
       .markdown = "Acme Corp", .github = "Acme Corp"},
      {.name = "accents and CJK stay as they are", .raw = "Société Générale 東京", .text = "Société Générale 東京",
       .json = "Société Générale 東京", .html = "Société Générale 東京", .markdown = "Société Générale 東京",
       .github = "Société Générale 東京"},
      {.name = "newline starting a heading", .raw = "x\n### pwned", .text = R"(x\n### pwned)",
       .json = R"(x\n### pwned)", .html = R"(x\n### pwned)", .markdown = R"(`x\n###` pwned)",
       .github = "x%0A### pwned"},
      {.name = "carriage return", .raw = "a\rb", .text = R"(a\rb)", .json = R"(a\rb)", .html = R"(a\rb)",
       .markdown = R"(`a\rb`)", .github = "a%0Db"},
      {.name = "ANSI colour sequence", .raw = "\x1b[31mred\x1b[0m", .text = R"(\x1b[31mred\x1b[0m)",
       .json = R"(\u001b[31mred\u001b[0m)", .html = R"(\x1b[31mred\x1b[0m)", .markdown = R"(`\x1b[31mred\x1b[0m`)",
       .github = R"(\x1b[31mred\x1b[0m)"},
      {.name = "OSC title sequence ended by BEL", .raw = "\x1b]0;title\x07", .text = R"(\x1b]0;title\x07)",
       .json = R"(\u001b]0;title\u0007)", .html = R"(\x1b]0;title\x07)", .markdown = R"(`\x1b]0;title\x07`)",
       .github = R"(\x1b]0;title\x07)"},
      {.name = "bidi override (Trojan Source)", .raw = "abc\u202Egnp.exe", .text = R"(abc\u{202e}gnp.exe)",
       .json = R"(abc\u202egnp.exe)", .html = R"(abc\u{202e}gnp.exe)", .markdown = R"(`abc\u{202e}gnp.exe`)",
       .github = R"(abc\u{202e}gnp.exe)"},
      {.name = "bidi isolate and mark", .raw = "a\u2066b\u200Fc", .text = R"(a\u{2066}b\u{200f}c)",
       .json = R"(a\u2066b\u200fc)", .html = R"(a\u{2066}b\u{200f}c)", .markdown = R"(`a\u{2066}b\u{200f}c`)",
       .github = R"(a\u{2066}b\u{200f}c)"},
      {.name = "C1 CSI", .raw = "a\u009B31m", .text = R"(a\u{9b}31m)", .json = R"(a\u009b31m)",
       .html = R"(a\u{9b}31m)", .markdown = R"(`a\u{9b}31m`)", .github = R"(a\u{9b}31m)"},
      {.name = "line separator", .raw = "a\u2028b", .text = R"(a\u{2028}b)", .json = R"(a\u2028b)",
       .html = R"(a\u{2028}b)", .markdown = R"(`a\u{2028}b`)", .github = R"(a\u{2028}b)"},
      {.name = "tab and DEL", .raw = "a\tb\x7f", .text = R"(a\tb\x7f)", .json = R"(a\tb\u007f)",
       .html = R"(a\tb\x7f)", .markdown = R"(`a\tb\x7f`)", .github = R"(a\tb\x7f)"},
      {.name = "NUL", .raw = "a\0b"s, .text = R"(a\x00b)", .json = R"(a\u0000b)", .html = R"(a\x00b)",
       .markdown = R"(`a\x00b`)", .github = R"(a\x00b)"},
      {.name = "ill-formed UTF-8: stray, cut, surrogate, overlong", .raw = "a\xff b\xc3 \xed\xa0\x80 \xc0\xaf",
       .text = R"(a\xff b\xc3 \xed\xa0\x80 \xc0\xaf)", .json = R"(a\ufffd b\ufffd \ufffd\ufffd\ufffd \ufffd\ufffd)",
       .html = R"(a\xff b\xc3 \xed\xa0\x80 \xc0\xaf)", .markdown = R"(`a\xff b\xc3 \xed\xa0\x80 \xc0\xaf`)",
       .github = R"(a\xff b\xc3 \xed\xa0\x80 \xc0\xaf)"},
      {.name = "backticks", .raw = "a`b``c", .text = "a`b``c", .json = "a`b``c", .html = "a`b``c",
       .markdown = "```a`b``c```", .github = "a`b``c"},
      {.name = "backticks at the ends", .raw = "`x`", .text = "`x`", .json = "`x`", .html = "`x`",
       .markdown = "`` `x` ``", .github = "`x`"},
      {.name = "pipe", .raw = "a|b", .text = "a|b", .json = "a|b", .html = "a|b", .markdown = "`a|b`",
       .github = "a|b"},
      {.name = "mention", .raw = "@octocat", .text = "@octocat", .json = "@octocat", .html = "@octocat",
       .markdown = "`@octocat`", .github = "@octocat"},
      {.name = "image", .raw = "![x](http://evil.example/x.png)", .text = "![x](http://evil.example/x.png)",
       .json = "![x](http://evil.example/x.png)", .html = "![x](http://evil.example/x.png)",
       .markdown = "`![x](http://evil.example/x.png)`", .github = "![x](http://evil.example/x.png)"},
      {.name = "script", .raw = "<script>alert('x')</script>", .text = "<script>alert('x')</script>",
       .json = "<script>alert('x')</script>", .html = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
       .markdown = "`<script>alert('x')</script>`", .github = "<script>alert('x')</script>"},
      {.name = "ampersand and quotes", .raw = R"(A & B "C")", .text = R"(A & B "C")", .json = R"(A & B \"C\")",
       .html = "A &amp; B &quot;C&quot;", .markdown = R"(A `&` B "C")", .github = R"(A & B "C")"},
      {.name = "backslash", .raw = R"(a\b)", .text = R"(a\b)", .json = R"(a\\b)", .html = R"(a\b)",
       .markdown = R"(`a\b`)", .github = R"(a\b)"},
      {.name = "percent, comma, colon", .raw = "50%, a:b", .text = "50%, a:b", .json = "50%, a:b",
       .html = "50%, a:b", .markdown = "50%, `a:b`", .github = "50%25, a:b"},
      {.name = "inert prose reads as it is", .raw = R"(pre_seed: "Acme, Inc." 3.5 (tier-1) = 40%?)",
       .text = R"(pre_seed: "Acme, Inc." 3.5 (tier-1) = 40%?)",
       .json = R"(pre_seed: \"Acme, Inc.\" 3.5 (tier-1) = 40%?)",
       .html = "pre_seed: &quot;Acme, Inc.&quot; 3.5 (tier-1) = 40%?",
       .markdown = R"(pre_seed: "Acme, Inc." 3.5 (tier-1) = 40%?)",
       .github = R"(pre_seed: "Acme, Inc." 3.5 (tier-1) = 40%25?)"},
      {.name = "emphasis", .raw = "_x_", .text = "_x_", .json = "_x_", .html = "_x_", .markdown = "`_x_`",
       .github = "_x_"},
      {.name = "autolinks", .raw = "www.evil.example", .text = "www.evil.example", .json = "www.evil.example",
       .html = "www.evil.example", .markdown = "`www.evil.example`", .github = "www.evil.example"},
      {.name = "issue reference", .raw = "#1", .text = "#1", .json = "#1", .html = "#1", .markdown = "`#1`",
       .github = "#1"},
      {.name = "empty", .raw = "", .text = "", .json = "", .html = "", .markdown = "", .github = ""},
  };
  return table;
}

// No byte of `shown` may act instead of showing: no control character at all (escaped
// outputs carry no line break of their own), no C1 or bidi control, no ill-formed UTF-8.
void check_inert(std::string_view shown) {
  REQUIRE_FALSE(icp::first_invalid_utf8(shown).has_value());
  for (std::size_t i = 0; i < shown.size();) {
    const std::size_t length = icp::utf8_sequence_length(shown, i);
    REQUIRE_FALSE(icp::is_hidden_control(icp::utf8_code_point(shown, i, length)));
    i += length;
  }
}

// The string a JSON parser reads from `"contents"`.
std::string parse_json_string(const std::string& contents) {
  simdjson::ondemand::parser parser;
  const simdjson::padded_string json("\"" + contents + "\"");
  simdjson::ondemand::document doc = parser.iterate(json);
  std::string_view value;
  REQUIRE(doc.get_string().get(value) == simdjson::SUCCESS);
  return std::string(value);
}

}  // namespace

TEST_CASE("escape: every format, every hostile string, exact bytes") {
  namespace escape = icp::escape;
  for (const Row& row : rows()) {
    SUBCASE(row.name) {
      CHECK(escape::text(row.raw) == row.text);
      CHECK(escape::json(row.raw) == row.json);
      CHECK(escape::html(row.raw) == row.html);
      CHECK(escape::markdown_text(row.raw) == row.markdown);
      CHECK(escape::github_data(row.raw) == row.github);
    }
  }
}

TEST_CASE("escape: every output is valid UTF-8 with nothing hidden, and JSON reads back") {
  namespace escape = icp::escape;
  for (const Row& row : rows()) {
    SUBCASE(row.name) {
      check_inert(escape::text(row.raw));
      check_inert(escape::html(row.raw));
      check_inert(escape::markdown_text(row.raw));
      check_inert(escape::markdown_code(row.raw));
      check_inert(escape::json(row.raw));
      // Valid UTF-8 reads back exactly; each ill-formed byte reads as U+FFFD.
      const std::string read = parse_json_string(escape::json(row.raw));
      if (!icp::first_invalid_utf8(row.raw)) {
        CHECK(read == row.raw);
      } else {
        CHECK(read == icp::valid_utf8(row.raw));
      }
      // The workflow command's message and property stay on the command's one line.
      CHECK(escape::github_data(row.raw).find_first_of("\r\n") == std::string::npos);
      CHECK(escape::github_property(row.raw).find_first_of("\r\n:,") == std::string::npos);
    }
  }
}

TEST_CASE("escape::text is idempotent: escaping twice changes nothing") {
  for (const Row& row : rows()) {
    CAPTURE(row.name);
    CHECK(icp::escape::text(icp::escape::text(row.raw)) == icp::escape::text(row.raw));
  }
}

TEST_CASE("escape::markdown_code: a fence longer than any backtick run, spaces kept") {
  namespace escape = icp::escape;
  CHECK(escape::markdown_code("d-02") == "`d-02`");
  CHECK(escape::markdown_code("a`b") == "``a`b``");
  CHECK(escape::markdown_code("```") == "```` ``` ````");
  CHECK(escape::markdown_code(" x ") == "`  x  `");  // CommonMark strips one space from each end
  CHECK(escape::markdown_code("   ") == "`   `");    // all spaces: nothing is stripped
  CHECK(escape::markdown_code("") == "` `");          // "``" would open a span a later backtick closes
  CHECK(escape::markdown_code("x\n# y") == R"(`x\n# y`)");
}

TEST_CASE("escape::markdown_phrase: quoted parts as code, other parts as inert text or code") {
  namespace escape = icp::escape;
  // An ordinary message is unchanged.
  const std::string message = R"(rejected by old only: `funding_stage`: expected one of "seed", found "pre_seed")";
  CHECK(escape::markdown_phrase(message) == message);
  // A word that could be read as Markdown goes in a code span; the words around it stay prose.
  CHECK(escape::markdown_phrase(R"(`name`: found "@octocat")") == R"(`name`: found `"@octocat"`)");
  CHECK(escape::markdown_phrase("found \"![x](http://e/x.png)\"") == "found `\"![x](http://e/x.png)\"`");
  // A stray backtick only moves the border; each side is still escaped for where it lands.
  CHECK(escape::markdown_phrase(R"(value "a`b" @x)") == R"(value "a`b" @x`)");
  CHECK(escape::markdown_phrase("a\n# b `c\nd`") == R"(`a\n#` b `c\nd`)");
}

TEST_CASE("escape::markdown_text: word by word, one code span per run of words that are not inert") {
  namespace escape = icp::escape;
  CHECK(escape::markdown_text("Acme & Co <b>x</b> Ltd.") == "Acme `&` Co `<b>x</b>` Ltd.");
  CHECK(escape::markdown_text("a && @b c") == "a `&& @b` c");
  CHECK(escape::markdown_text("ops@example.com  wrote") == "`ops@example.com`  wrote");
  CHECK(escape::markdown_text(" @a ") == " `@a` ");
}

TEST_CASE("escape::markdown_cell: every pipe escaped, so a row keeps its cells") {
  namespace escape = icp::escape;
  CHECK(escape::markdown_cell("`a|b`") == R"(`a\|b`)");
  // GitHub reads `\|` as a pipe before the cell's inlines, whatever precedes it.
  CHECK(escape::markdown_cell(R"(`a\|b`)") == R"(`a\\|b`)");
  CHECK(escape::markdown_cell("plain") == "plain");
}

TEST_CASE("escape::github_property: also `:` and `,`, which end a property") {
  CHECK(icp::escape::github_data("50% off\r\nnext") == "50%25 off%0D%0Anext");
  CHECK(icp::escape::github_property("a:b,c%") == "a%3Ab%2Cc%25");
  CHECK(icp::escape::github_property("x\x1b[0m,y") == R"(x\x1b[0m%2Cy)");
}
