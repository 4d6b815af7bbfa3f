// JUnit XML (junit_report.hpp), written by hand: a few elements and attributes, escaped here.
// Input: a Report. Output: the document, UTF-8, ending in a newline.
#include "tools/icpc/junit_report.hpp"

#include <fmt/format.h>

#include "compiler/render/escape.hpp"

namespace icp::cli::junit {
namespace {

// Text as XML character data or an attribute value: escape::html (which also shows control
// characters, which XML 1.0 cannot hold even as references, and bidi overrides visibly) line
// by line, since it shows a newline as `\n` and details are multi-line.
std::string xml(std::string_view text) {
  std::string out;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find('\n', start);
    out += escape::html(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    out += '\n';
    start = end + 1;
  }
}

std::size_t count(const Suite& suite, Outcome outcome) {
  std::size_t n = 0;
  for (const Case& c : suite.cases) n += c.outcome == outcome ? 1 : 0;
  return n;
}

}  // namespace

std::string render(const Report& report) {
  std::size_t tests = 0, failures = 0, errors = 0;
  for (const Suite& suite : report.suites) {
    tests += suite.cases.size();
    failures += count(suite, Outcome::failed);
    errors += count(suite, Outcome::error);
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"icpc test\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n", tests, failures,
                     errors);
  for (const Suite& suite : report.suites) {
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" file=\"{}\">\n",
                       xml(suite.file), suite.cases.size(), count(suite, Outcome::failed), count(suite, Outcome::error),
                       xml(suite.file));
    for (const Case& c : suite.cases) {
      out += fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\"", xml(c.name), xml(c.file), xml(c.file));
      if (c.line != 0) out += fmt::format(" line=\"{}\"", c.line);
      if (c.outcome == Outcome::passed) {
        out += "/>\n";
        continue;
      }
      const char* element = c.outcome == Outcome::failed ? "failure" : "error";
      out += fmt::format(">\n      <{} message=\"{}\">{}</{}>\n    </testcase>\n", element, xml(c.message),
                         xml(c.details), element);
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace icp::cli::junit
