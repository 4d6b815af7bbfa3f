// Stage fmt (`icpc fmt`): a parsed file -> the same file in the canonical layout of
// LANGUAGE.md's example. Input: the SyntaxTree and the source text it came from (for
// comments, blank lines and parentheses). Output: the formatted text. Layout rules:
// docs/language.md, "Formatting". Formatting never changes the program id.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"
#include "grammar/syntax_tree.hpp"

namespace icp::format {

// `tree` must be what grammar::parse gave for `source` with no errors: a tree with error
// nodes would lose text.
std::string format_tree(std::string_view source, const syntax::SyntaxTree& tree);

struct Result {
  std::optional<std::string> text;  // nullopt when the file has syntax errors
  SourceMap sources;                // the file, for rendering `diagnostics`
  std::vector<Diagnostic> diagnostics;
};

// Parses `text` and formats it, or returns the syntax errors.
Result format_source(std::string path, std::string text);

}  // namespace icp::format
