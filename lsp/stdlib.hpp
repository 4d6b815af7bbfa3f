// The standard library as the editor shows it: each `std.MODULE.member` with the comment
// above its `let` (where its codes come from) and its declaration. Input: the stdlib modules
// embedded in the compiler (compiler/check/reference_data.hpp). Output: members by path,
// each module parsed once, on first use.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace icp::lsp {

struct StdlibMember {
  std::string path;         // "std.geo.emea"
  std::string comment;      // the `#` lines just above its `let`, without the `#`, as one line
  std::string declaration;  // `let emea = [...]` as written
};

// The module names ("geo", "naics", "titles").
std::vector<std::string> stdlib_modules();
// The members of `module` ("geo"), in file order; empty for an unknown module.
const std::vector<StdlibMember>& stdlib_members(std::string_view module);
// `std.geo.emea` -> its member; null for anything else.
const StdlibMember* find_stdlib_member(std::string_view path);

}  // namespace icp::lsp
