// Open documents by URI (documents.hpp). Input: didOpen/didChange/didClose. Output: the
// texts, each with its file path and its analysis dropped whenever the text changes.
#include "lsp/documents.hpp"

#include <filesystem>

#include "lsp/positions.hpp"

namespace icp::lsp {

bool Documents::open(const std::string& uri, std::string text, std::int64_t version) {
  if (documents_.size() >= kMaxOpenDocuments && !documents_.contains(uri)) return false;
  Document& document = documents_[uri];
  document.uri = uri;
  // Normalised, so that it matches the project's paths (`/a/./b.icp` is `/a/b.icp`).
  document.path = uri_to_path(uri);
  if (document.path) document.path = std::filesystem::path(*document.path).lexically_normal().generic_string();
  document.text = std::move(text);
  document.version = version;
  document.analysis.reset();
  return true;
}

bool Documents::change(const std::string& uri, std::string text, std::int64_t version) {
  Document* document = find(uri);
  if (document == nullptr) return false;
  document->text = std::move(text);
  document->version = version;
  document->analysis.reset();
  return true;
}

void Documents::close(const std::string& uri) { documents_.erase(uri); }

Document* Documents::find(const std::string& uri) {
  const auto it = documents_.find(uri);
  return it == documents_.end() ? nullptr : &it->second;
}

const std::string* Documents::text_of(const std::string& path) const {
  for (const auto& [uri, document] : documents_) {
    if (document.path == path) return &document.text;
  }
  return nullptr;
}

}  // namespace icp::lsp
