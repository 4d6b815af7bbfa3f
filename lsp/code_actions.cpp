// textDocument/codeAction: quick fixes for the diagnostics whose help names the fix ("did you
// mean `employees`?"). Input: the diagnostics the editor sends back, each with the
// replacement the server put in its `data`. Output: one CodeAction per diagnostic, writing
// the suggestion over the diagnostic's range.
#include <fmt/format.h>

#include "compiler/render/json_writer.hpp"
#include "lsp/features.hpp"
#include "lsp/json_out.hpp"

namespace icp::lsp {

std::string quick_fixes(std::string_view uri, const std::vector<QuickFix>& fixes) {
  render::JsonWriter json(false);
  json.begin_array();
  for (const QuickFix& fix : fixes) {
    json.begin_object();
    json.field("title", fmt::format("Replace with `{}`", fix.replacement));
    json.field("kind", "quickfix");
    json.key("isPreferred");
    json.boolean(true);
    json.key("edit");
    json.begin_object();
    json.key("changes");
    json.begin_object();
    json.key(uri);
    json.begin_array();
    json.begin_object();
    json.key("range");
    write_range(json, fix.range);
    json.field("newText", fix.replacement);
    json.end_object();
    json.end_array();
    json.end_object();
    json.end_object();
    json.end_object();
  }
  json.end_array();
  return json.take();
}

}  // namespace icp::lsp
