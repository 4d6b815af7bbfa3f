// Diagnostics as you type: a document checked as `icpc check` checks its project (icp.toml,
// the other profiles and the decision tests, from the editor where they are open, else from
// disk). Input: the document and the open documents. Output: publishDiagnostics payloads, one
// per file checked, and the document's checked IR when it has no error.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/check/ir.hpp"

namespace icp::lsp {

class Documents;
struct Document;

struct Publication {
  std::string uri;
  std::string diagnostics;  // a JSON array of LSP Diagnostic objects
};

struct Checked {
  // The document's first, then every other file of its project with a path (empty arrays
  // included, which clear what an earlier check published there).
  std::vector<Publication> publications;
  std::optional<ir::Program> program;
};

Checked check_document(const Document& document, const Documents& open);

// The JSON of a publishDiagnostics notification.
std::string publish_notification(const Publication& publication);

}  // namespace icp::lsp
