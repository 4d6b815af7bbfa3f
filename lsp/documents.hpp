// The documents the editor has open (textDocument/didOpen, didChange, didClose), with full
// text sync: each change carries the whole text. Input: the notifications' URIs, texts and
// versions. Output: the current text of each open document, by URI, in URI order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "lsp/analysis.hpp"

namespace icp::lsp {

// More open documents than this and didOpen is refused with a message: each may hold a
// profile of 8 MiB and its analysis. KEEP IN SYNC: docs/reliability.md, "Editor (icpc lsp)".
inline constexpr std::size_t kMaxOpenDocuments = 256;

struct Document {
  std::string uri;
  std::optional<std::string> path;  // the file, for a `file:` URI
  std::string text;
  std::int64_t version = 0;
  // The analysis of `text`; null after a change until the server checks it again.
  std::unique_ptr<const Analysis> analysis;
};

class Documents {
 public:
  // False when kMaxOpenDocuments are open already (a document open again is replaced).
  bool open(const std::string& uri, std::string text, std::int64_t version);
  // False when `uri` is not open.
  bool change(const std::string& uri, std::string text, std::int64_t version);
  void close(const std::string& uri);
  Document* find(const std::string& uri);
  // The open text of the file at `path`, for checking a project with unsaved buffers.
  const std::string* text_of(const std::string& path) const;
  std::map<std::string, Document>& all() { return documents_; }

 private:
  std::map<std::string, Document> documents_;
};

}  // namespace icp::lsp
