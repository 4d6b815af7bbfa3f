// Diagnostic rendering: carets under the right characters (tabs, multi-byte text,
// end of file, multi-line spans), and machine formats that parse and escape correctly.
#include <doctest/doctest.h>

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "compiler/render/render.hpp"

using namespace icp;

namespace {

// A file of `text` and a diagnostic on the first occurrence of `word` in it.
struct Fixture {
  SourceMap sources;
  FileId file;
  Fixture(std::string path, std::string text) : file(sources.add(std::move(path), std::move(text))) {}

  Span span_of(std::string_view word, std::size_t from = 0) const {
    const auto begin = static_cast<std::uint32_t>(sources.file(file).text().find(word, from));
    REQUIRE(begin != std::string::npos);
    return Span{file, begin, static_cast<std::uint32_t>(begin + word.size())};
  }
  Diagnostic diagnostic(DiagnosticCode code, Span span, std::string message, std::string help = {}) const {
    return Diagnostic{code, info(code).severity, span, std::move(message), std::move(help), {}};
  }
};

// A small recursive-descent JSON validator: enough to prove the output parses.
class JsonCheck {
 public:
  explicit JsonCheck(std::string_view text) : text_(text) {}
  bool valid() {
    skip();
    if (!value()) return false;
    skip();
    return pos_ == text_.size();
  }

 private:
  bool value() {
    skip();
    if (pos_ >= text_.size()) return false;
    const char c = text_[pos_];
    if (c == '{') return container('}', true);
    if (c == '[') return container(']', false);
    if (c == '"') return string();
    for (std::string_view word : {"true", "false", "null"}) {
      if (text_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        return true;
      }
    }
    const std::size_t start = pos_;
    if (text_[pos_] == '-') ++pos_;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    return pos_ > start;
  }
  bool container(char close, bool object) {
    ++pos_;
    skip();
    if (pos_ < text_.size() && text_[pos_] == close) return ++pos_, true;
    while (true) {
      skip();
      if (object) {
        if (!string()) return false;
        skip();
        if (pos_ >= text_.size() || text_[pos_++] != ':') return false;
      }
      if (!value()) return false;
      skip();
      if (pos_ >= text_.size()) return false;
      if (text_[pos_] == close) return ++pos_, true;
      if (text_[pos_++] != ',') return false;
    }
  }
  bool string() {
    if (pos_ >= text_.size() || text_[pos_] != '"') return false;
    for (++pos_; pos_ < text_.size(); ++pos_) {
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c < 0x20) return false;
      if (c == '"') return ++pos_, true;
      if (c == '\\') {
        ++pos_;
        if (pos_ >= text_.size() || std::string_view("\"\\/bfnrtu").find(text_[pos_]) == std::string_view::npos) return false;
      }
    }
    return false;
  }
  void skip() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  std::string_view text_;
  std::size_t pos_ = 0;
};

std::size_t occurrences(std::string_view text, std::string_view needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

}  // namespace

TEST_CASE("text: the house example, caret under the whole name") {
  Fixture f("examples/broken.icp",
            "criterion funded = true\n"
            "tier 1 \"Perfect fit\" = all(size, software, fundd)\n");
  const Diagnostic d = f.diagnostic(DiagnosticCode::E0210, f.span_of("fundd"), "unknown name `fundd`",
                                    "did you mean `funded`?");
  CHECK(render::render_text(f.sources, d, false) ==
        "examples/broken.icp:2:44: error[E0210]: unknown name `fundd`\n"
        "  |\n"
        "2 | tier 1 \"Perfect fit\" = all(size, software, fundd)\n"
        "  |                                            ^^^^^\n"
        "  = help: did you mean `funded`?\n"
        "\n");
}

TEST_CASE("text: the gutter widens with the line number") {
  std::string text(51, '\n');
  text += "tier 1 \"Perfect fit\" = all(size, software, fundd)\n";
  Fixture f("icp/mid-market.icp", text);
  const std::string out = render::render_text(
      f.sources, f.diagnostic(DiagnosticCode::E0210, f.span_of("fundd"), "unknown name `fundd`"), false);
  CHECK(out ==
        "icp/mid-market.icp:52:44: error[E0210]: unknown name `fundd`\n"
        "   |\n"
        "52 | tier 1 \"Perfect fit\" = all(size, software, fundd)\n"
        "   |                                            ^^^^^\n"
        "\n");
}

TEST_CASE("text: tabs are expanded to four spaces before drawing") {
  Fixture f("a.icp", "let x = 1\n\tcriterion\tbig = emp > x\n");
  const std::string out = render::render_text(
      f.sources, f.diagnostic(DiagnosticCode::E0210, f.span_of("emp"), "unknown name `emp`"), false);
  // Columns count the tab as one code point; the drawing gives it four spaces.
  CHECK(out ==
        "a.icp:2:18: error[E0210]: unknown name `emp`\n"
        "  |\n"
        "2 |     criterion    big = emp > x\n"
        "  | " + std::string(23, ' ') + "^^^\n"
        "\n");
}

TEST_CASE("text: multi-byte characters before the span count as one column each") {
  Fixture f("ü.icp", "exclude x when name == \"Ünïcødé ✓\" and fundd\n");
  const Span span = f.span_of("fundd");
  const render::Location at = render::locate(f.sources, span);
  CHECK(at.begin.line == 1);
  CHECK(at.begin.column == 40);
  CHECK(at.end.column == 45);
  const std::string out =
      render::render_text(f.sources, f.diagnostic(DiagnosticCode::E0210, span, "unknown name `fundd`"), false);
  CHECK(out.find("ü.icp:1:40: error[E0210]") == 0);
  CHECK(out.find("  |" + std::string(40, ' ') + "^^^^^\n") != std::string::npos);
}

TEST_CASE("text: a zero-width span at the end of the file points after the last line") {
  Fixture f("end.icp", "profile \"x\" {\n  owner \"a@b.c\"\n");
  const auto size = static_cast<std::uint32_t>(f.sources.file(f.file).text().size());
  const Span span{f.file, size, size};
  const render::Location at = render::locate(f.sources, span);
  CHECK(at.begin.line == 2);
  CHECK(at.begin.column == 16);
  CHECK(render::render_text(f.sources, f.diagnostic(DiagnosticCode::E0001, span, "expected `}`, found end of file"),
                            false) ==
        "end.icp:2:16: error[E0001]: expected `}`, found end of file\n"
        "  |\n"
        "2 |   owner \"a@b.c\"\n"
        "  |                ^\n"
        "\n");
}

TEST_CASE("text: a zero-width span in a file without a final newline, and an empty file") {
  Fixture f("end.icp", "tier 1 \"x\" =");
  const auto size = static_cast<std::uint32_t>(f.sources.file(f.file).text().size());
  CHECK(render::render_text(f.sources, f.diagnostic(DiagnosticCode::E0001, Span{f.file, size, size}, "expected an expression"),
                            false) ==
        "end.icp:1:13: error[E0001]: expected an expression\n"
        "  |\n"
        "1 | tier 1 \"x\" =\n"
        "  |             ^\n"
        "\n");
  Fixture empty("empty.icp", "");
  CHECK(render::render_text(empty.sources, empty.diagnostic(DiagnosticCode::E0101, Span{}, "no `profile` declaration"),
                            false) ==
        "empty.icp:1:1: error[E0101]: no `profile` declaration\n"
        "  |\n"
        "1 |\n"
        "  | ^\n"
        "\n");
}

TEST_CASE("text: a multi-line span gets carets to the end of its first line, then ...") {
  Fixture f("m.icp", "criterion c = a and\n  b and c\n");
  const Span span{f.file, 14, 29};
  const std::string out = render::render_text(
      f.sources, f.diagnostic(DiagnosticCode::E0302, span, "condition is not a true/false expression"), false);
  CHECK(out ==
        "m.icp:1:15: error[E0302]: condition is not a true/false expression\n"
        "  |\n"
        "1 | criterion c = a and\n"
        "  |               ^^^^^...\n"
        "\n");
  const render::Location at = render::locate(f.sources, span);
  CHECK(at.end.line == 2);
  CHECK(at.end.column == 10);
}

TEST_CASE("text: notes with and without a span; warnings") {
  Fixture f("n.icp", "let a = 1\nlet a = 2\n");
  Diagnostic d = f.diagnostic(DiagnosticCode::E0201, Span{f.file, 14, 15}, "`a` is declared twice", "rename one");
  d.notes.push_back(DiagnosticNote{Span{f.file, 4, 5}, "first declared here"});
  d.notes.push_back(DiagnosticNote{std::nullopt, "names are shared by lets and criteria"});
  CHECK(render::render_text(f.sources, d, false) ==
        "n.icp:2:5: error[E0201]: `a` is declared twice\n"
        "  |\n"
        "2 | let a = 2\n"
        "  |     ^\n"
        "  = note: names are shared by lets and criteria\n"
        "  = help: rename one\n"
        "n.icp:1:5: note: first declared here\n"
        "  |\n"
        "1 | let a = 1\n"
        "  |     ^\n"
        "\n");
  const Diagnostic w = f.diagnostic(DiagnosticCode::W0103, Span{f.file, 4, 5}, "`a` is never used");
  CHECK(render::render_text(f.sources, w, false).starts_with("n.icp:1:5: warning[W0103]: `a` is never used\n"));
}

TEST_CASE("text: colour only when asked") {
  Fixture f("c.icp", "let a = b\n");
  const Diagnostic d = f.diagnostic(DiagnosticCode::E0210, f.span_of("b"), "unknown name `b`", "did you mean `a`?");
  const std::string plain = render::render_text(f.sources, d, false);
  const std::string colored = render::render_text(f.sources, d, true);
  CHECK(plain.find('\x1b') == std::string::npos);
  CHECK(colored.find("\x1b[1;31merror[E0210]\x1b[0m") != std::string::npos);
  CHECK(colored.find("\x1b[1;36m= help:\x1b[0m") != std::string::npos);
  const Diagnostic w = f.diagnostic(DiagnosticCode::W0103, f.span_of("a"), "`a` is never used");
  CHECK(render::render_text(f.sources, w, true).find("\x1b[1;33mwarning[W0103]") != std::string::npos);
}

TEST_CASE("summary line") {
  CHECK(render::summary_line(0, 0, 3, false) == "icpc: 3 files checked, no problems\n");
  CHECK(render::summary_line(0, 0, 1, false) == "icpc: 1 file checked, no problems\n");
  CHECK(render::summary_line(2, 1, 3, false) == "icpc: 2 errors, 1 warning in 3 files\n");
  CHECK(render::summary_line(1, 0, 1, false) == "icpc: 1 error in 1 file\n");
  CHECK(render::summary_line(0, 2, 2, false) == "icpc: 2 warnings in 2 files\n");
}

TEST_CASE("json: one object per line with every field") {
  Fixture f("dir/a \"q\".icp", "let a = b\nlet c = d\n");
  std::vector<Diagnostic> ds = {
      f.diagnostic(DiagnosticCode::E0210, f.span_of("b"), "unknown name `b`", "did you mean `a`?"),
      f.diagnostic(DiagnosticCode::W0103, f.span_of("c"), "`c` is never used"),
  };
  ds[1].notes.push_back(DiagnosticNote{std::nullopt, "a \"note\""});
  const std::string out = render::render_json(f.sources, ds);
  CHECK(out ==
        "{\"file\":\"dir/a \\\"q\\\".icp\",\"line\":1,\"col\":9,\"end_line\":1,\"end_col\":10,"
        "\"severity\":\"error\",\"code\":\"E0210\",\"slug\":\"unknown-name\",\"message\":\"unknown name `b`\","
        "\"help\":\"did you mean `a`?\",\"notes\":[]}\n"
        "{\"file\":\"dir/a \\\"q\\\".icp\",\"line\":2,\"col\":5,\"end_line\":2,\"end_col\":6,"
        "\"severity\":\"warning\",\"code\":\"W0103\",\"slug\":\"unused-let\",\"message\":\"`c` is never used\","
        "\"help\":null,\"notes\":[{\"file\":null,\"line\":null,\"col\":null,\"end_line\":null,\"end_col\":null,"
        "\"message\":\"a \\\"note\\\"\"}]}\n");
  std::size_t start = 0;
  for (std::size_t end = out.find('\n'); end != std::string::npos; end = out.find('\n', start = end + 1)) {
    CHECK(JsonCheck(std::string_view(out).substr(start, end - start)).valid());
  }
}

TEST_CASE("sarif: a valid 2.1.0 log with every rule and located results") {
  Fixture f("icp/a b.icp", "let a = b\n");
  Diagnostic d = f.diagnostic(DiagnosticCode::W0103, f.span_of("a"), "`a` is never used", "remove it");
  d.notes.push_back(DiagnosticNote{f.span_of("b"), "see \"here\""});
  const std::vector<Diagnostic> ds = {d};
  const std::string out = render::render_sarif(f.sources, ds, render::SarifTool{"9.8.7", "https://example.org/icp"});
  CHECK(JsonCheck(out).valid());
  CHECK(out.find("\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\"") != std::string::npos);
  CHECK(out.find("\"version\": \"2.1.0\"") != std::string::npos);
  CHECK(out.find("\"name\": \"icpc\"") != std::string::npos);
  CHECK(out.find("\"version\": \"9.8.7\"") != std::string::npos);
  CHECK(out.find("\"informationUri\": \"https://example.org/icp\"") != std::string::npos);
  CHECK(out.find("\"columnKind\": \"unicodeCodePoints\"") != std::string::npos);
  CHECK(occurrences(out, "\"defaultConfiguration\"") == all_diagnostics().size());
  CHECK(out.find("\"id\": \"E0210\",\n") != std::string::npos);
  CHECK(out.find("\"name\": \"unknown-name\"") != std::string::npos);
  CHECK(out.find("\"ruleId\": \"W0103\"") != std::string::npos);
  const auto index = static_cast<std::size_t>(DiagnosticCode::W0103);
  CHECK(all_diagnostics()[index].name == "W0103");
  CHECK(out.find(fmt::format("\"ruleIndex\": {}", index)) != std::string::npos);
  CHECK(out.find("\"level\": \"warning\"") != std::string::npos);
  CHECK(out.find("\"text\": \"`a` is never used\\nhelp: remove it\"") != std::string::npos);
  CHECK(out.find("\"uri\": \"icp/a%20b.icp\"") != std::string::npos);
  CHECK(out.find("\"uriBaseId\": \"%SRCROOT%\"") != std::string::npos);
  CHECK(out.find("\"startLine\": 1,") != std::string::npos);
  CHECK(out.find("\"startColumn\": 5,") != std::string::npos);
  CHECK(out.find("\"endColumn\": 6\n") != std::string::npos);
  CHECK(out.find("\"relatedLocations\"") != std::string::npos);
  CHECK(out.find("\"text\": \"see \\\"here\\\"\"") != std::string::npos);
}

TEST_CASE("sarif: no diagnostics still gives a log with an empty results array") {
  Fixture f("a.icp", "");
  const std::string out = render::render_sarif(f.sources, {}, render::SarifTool{"1", "https://example.org"});
  CHECK(JsonCheck(out).valid());
  CHECK(out.find("\"results\": []") != std::string::npos);
}

// The value of `"key": "..."` at its n-th occurrence in `out`.
std::string json_string_at(const std::string& out, std::string_view key, std::size_t n = 0) {
  std::size_t at = 0;
  for (std::size_t i = 0; i <= n; ++i) {
    at = out.find(fmt::format("\"{}\": \"", key), i == 0 ? 0 : at + 1);
    if (at == std::string::npos) return {};
  }
  const std::size_t begin = out.find(": \"", at) + 3;
  return out.substr(begin, out.find('"', begin) - begin);
}

TEST_CASE("sarif: paths relative to the repository whatever the working folder") {
  struct Row {
    std::string printed, working_folder, uri;
  };
  const Row rows[] = {
      {"error.icp", "/repo/sub", "sub/error.icp"},
      {"../other/x.icp", "/repo/sub", "other/x.icp"},
      {"./a/./b.icp", "/repo", "a/b.icp"},
      {"/repo/c.icp", "/elsewhere", "c.icp"},
      {"../../outside.icp", "/repo/sub", "file:///outside.icp"},  // not in the repository: absolute
  };
  for (const Row& row : rows) {
    CAPTURE(row.printed);
    Fixture f(row.printed, "let a = 1\n");
    const std::vector<Diagnostic> ds = {f.diagnostic(DiagnosticCode::W0103, f.span_of("a"), "`a` is never used")};
    const std::string out = render::render_sarif(f.sources, ds, render::SarifTool{"1", "https://e.org", "/repo", row.working_folder});
    CHECK(JsonCheck(out).valid());
    CHECK(json_string_at(out, "uri", 1) == row.uri);
    CHECK(json_string_at(out, "uri", 0) == "file:///repo/");  // originalUriBaseIds' %SRCROOT%
  }
}

TEST_CASE("sarif: fingerprints follow the flagged text, not its line") {
  const std::vector<std::string> fingerprints = [] {
    std::vector<std::string> found;
    for (const std::string text : {"let a = 1\nlet b = 1\n", "\n\n\nlet a = 1\nlet b = 1\n"}) {
      Fixture f("p.icp", text);
      const std::vector<Diagnostic> ds = {f.diagnostic(DiagnosticCode::W0103, f.span_of("a"), "unused"),
                                          f.diagnostic(DiagnosticCode::W0103, f.span_of("b"), "unused")};
      const std::string out = render::render_sarif(f.sources, ds, render::SarifTool{"1", "https://e.org"});
      found.push_back(json_string_at(out, "icpcDiagnostic/v1", 0));
      found.push_back(json_string_at(out, "icpcDiagnostic/v1", 1));
    }
    return found;
  }();
  REQUIRE(fingerprints.size() == 4);
  CHECK(fingerprints[0].size() == 32);
  CHECK(fingerprints[0] != fingerprints[1]);  // different flagged text
  CHECK(fingerprints[0] == fingerprints[2]);  // three lines inserted above: the same finding
  CHECK(fingerprints[1] == fingerprints[3]);
}

TEST_CASE("github: workflow commands with escaped properties and data") {
  Fixture f("dir/a,b:c.icp", "let a = b\nlet c = (1 +\n 2)\n");
  std::vector<Diagnostic> ds = {
      f.diagnostic(DiagnosticCode::E0210, f.span_of("b"), "unknown name `b`", "did you mean `a`?"),
      f.diagnostic(DiagnosticCode::W0103, Span{f.file, 18, 26}, "100% unused"),
  };
  CHECK(render::render_github(f.sources, ds) ==
        "::error file=dir/a%2Cb%3Ac.icp,line=1,col=9,endLine=1,endColumn=9,title=E0210::"
        "unknown name `b`%0Ahelp: did you mean `a`?\n"
        "::warning file=dir/a%2Cb%3Ac.icp,line=2,endLine=3,title=W0103::100%25 unused\n");
}

// A file whose path, source line and messages hold what a hostile profile or test file can:
// an ESC sequence, a bidi override, a line break (a message quoting a TOML key) and `%`.
struct HostileFixture : Fixture {
  HostileFixture() : Fixture("dir/\x1b[2Jx.icp", "let a = \"\x1b[31m\u202e\" + b\n") {}
  std::vector<Diagnostic> diagnostics() const {
    return {diagnostic(DiagnosticCode::E0210, span_of("b"), "unknown name `\x1b]0;t\x07`\nerror: forged",
                       "50% \u202eoff")};
  }
};

TEST_CASE("text: what a file holds is shown escaped, and the carets still line up") {
  const HostileFixture f;
  const std::string out = render::render_text(f.sources, f.diagnostics(), false);
  CHECK(out ==
        std::string("dir/\\x1b[2Jx.icp:1:20: error[E0210]: unknown name `\\x1b]0;t\\x07`\\nerror: forged\n"
        "  |\n"
        "1 | let a = \"\\x1b[31m\\u{202e}\" + b\n"
        "  | ") + std::string(29, ' ') + "^\n"
        "  = help: 50% \\u{202e}off\n"
        "\n");
}

TEST_CASE("json, sarif, github: hostile paths and messages stay valid and on their lines") {
  const HostileFixture f;
  const std::string json = render::render_json(f.sources, f.diagnostics());
  CHECK(JsonCheck(std::string_view(json).substr(0, json.size() - 1)).valid());
  CHECK(json.find('\x1b') == std::string::npos);
  CHECK(json.find(R"("message":"unknown name `\u001b]0;t\u0007`\nerror: forged")") != std::string::npos);
  CHECK(json.find(R"("help":"50% \u202eoff")") != std::string::npos);
  const std::string sarif = render::render_sarif(f.sources, f.diagnostics(), render::SarifTool{"1", "https://e.org"});
  CHECK(JsonCheck(sarif).valid());
  CHECK(sarif.find('\x1b') == std::string::npos);
  CHECK(sarif.find(R"("uri": "dir/%1B%5B2Jx.icp")") != std::string::npos);
  // Code scanning shows the text as it is: the quoted line break and bidi override are shown.
  CHECK(sarif.find(R"("text": "unknown name `\\x1b]0;t\\x07`\\nerror: forged\nhelp: 50% \\u{202e}off")") !=
        std::string::npos);
  CHECK(render::render_github(f.sources, f.diagnostics()) ==
        "::error file=dir/\\x1b[2Jx.icp,line=1,col=20,endLine=1,endColumn=20,title=E0210::"
        "unknown name `\\x1b]0;t\\x07`\\nerror: forged%0Ahelp: 50%25 \\u{202e}off\n");
}

TEST_CASE("render_error_at: a manifest error drawn like a diagnostic") {
  const SourceFile file("icp.toml", "files = [\"a.icp\"]\nmax_profiles = \"three\"\n");
  CHECK(render::render_error_at(file, LineCol{2, 16}, LineCol{2, 23}, "`max_profiles` must be an integer",
                                "write a number", false) ==
        "icp.toml:2:16: error: `max_profiles` must be an integer\n"
        "  |\n"
        "2 | max_profiles = \"three\"\n"
        "  |                ^^^^^^^\n"
        "  = help: write a number\n"
        "\n");
}
