// textDocument/formatting through `icpc fmt`'s formatter (compiler/format). Input: the
// document's path and text. Output: one TextEdit replacing the whole text, [] when the text
// is already canonical, null when it has syntax errors.
#include "compiler/format/format.hpp"
#include "compiler/render/json_writer.hpp"
#include "lsp/features.hpp"
#include "lsp/json_out.hpp"

namespace icp::lsp {

std::string formatting(std::string_view path, const std::string& text) {
  const format::Result result = format::format_source(std::string(path), text);
  if (!result.text) return "null";
  if (*result.text == text) return "[]";
  render::JsonWriter json(false);
  json.begin_array();
  json.begin_object();
  json.key("range");
  write_range(json, Range{Position{}, LineMap(text).end()});
  json.field("newText", *result.text);
  json.end_object();
  json.end_array();
  return json.take();
}

}  // namespace icp::lsp
