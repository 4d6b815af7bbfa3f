// The document checked as `icpc check` checks it (diagnostics.hpp). Input: a document and the
// open documents. Output: LSP Diagnostics per file, with `icpc check --format json`'s codes,
// messages and ranges (in UTF-16), help and notes as related information; a problem outside
// the profile (a bad icp.toml) at the document's top, naming its file and position.
#include "lsp/diagnostics.hpp"

#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "compiler/compile/compile_project.hpp"
#include "compiler/project/manifest.hpp"
#include "compiler/render/render.hpp"
#include "lsp/documents.hpp"
#include "lsp/json_out.hpp"

namespace icp::lsp {
namespace {
namespace fs = std::filesystem;

// The name the document is compiled under: its path, or its URI (an unsaved `untitled:`).
std::string compile_name(const Document& document) { return document.path.value_or(document.uri); }

// The project's profiles as `icpc check` in the manifest's folder finds them, with the texts
// of open documents in place of the files, and the document itself even when `files` does
// not name it. Paths are absolute, so they match the document's and the tests' paths.
std::vector<project::Input> project_inputs(const compiler::ProjectManifest& manifest, const Document& document,
                                           const Documents& open, std::vector<compiler::Failure>& failures) {
  std::vector<manifest::Error> errors;
  const std::vector<fs::path> entries = manifest::resolve_files(manifest.manifest, errors);
  std::vector<std::string> io_errors;
  std::vector<std::string> files = project::discover(entries, io_errors);
  for (std::string& error : io_errors) failures.push_back(compiler::Failure{"", {0, 0}, {0, 0}, error, "", nullptr});
  for (const manifest::Error& error : errors) {
    failures.push_back(compiler::Failure{error.path, error.begin, error.end, error.message, error.help, manifest.source});
  }
  std::vector<project::Input> inputs;
  bool has_document = false;
  const project::Options defaults;
  for (const std::string& file : files) {
    const std::string path = fs::absolute(file).lexically_normal().generic_string();
    if (path == document.path) {
      has_document = true;
      inputs.push_back(project::Input{path, document.text});
    } else if (const std::string* text = open.text_of(path)) {
      inputs.push_back(project::Input{path, *text});
    } else if (std::optional<project::Input> input = compiler::read_profile(path, defaults, failures)) {
      inputs.push_back(std::move(*input));
    }
  }
  if (!has_document) inputs.push_back(project::Input{compile_name(document), document.text});
  return inputs;
}

compiler::Compilation compile(const Document& document, const Documents& open) {
  const project::Options options;
  std::optional<fs::path> manifest_path;
  if (document.path) manifest_path = manifest::find(fs::path(*document.path).parent_path());
  if (!manifest_path) return compiler::compile_inputs({project::Input{compile_name(document), document.text}}, options);
  compiler::Compilation failed;
  const std::optional<compiler::ProjectManifest> manifest = compiler::read_manifest(*manifest_path, failed.failures);
  if (!manifest) return failed;
  std::vector<project::Input> inputs = project_inputs(*manifest, document, open, failed.failures);
  if (!failed.failures.empty()) return failed;
  return compiler::compile_inputs(std::move(inputs), *manifest, options);
}

struct FileView {
  std::string uri;
  LineMap lines;
};

void write_related(render::JsonWriter& json, std::string_view uri, Range range, std::string_view message) {
  json.begin_object();
  json.key("location");
  write_location(json, uri, range);
  json.field("message", message);
  json.end_object();
}

Range range_of(const SourceMap& sources, Span span, const LineMap& lines) {
  const render::Location at = render::locate(sources, span);
  return Range{lines.from_line_col(at.begin.line, at.begin.column), lines.from_line_col(at.end.line, at.end.column)};
}

// The name a help line of the form "did you mean `X`?" suggests, for the quick fix that
// writes it in place of the diagnostic's span; empty for any other help.
std::string suggested_replacement(std::string_view help) {
  constexpr std::string_view kPrefix = "did you mean `";
  constexpr std::string_view kSuffix = "`?";
  if (!help.starts_with(kPrefix) || !help.ends_with(kSuffix) || help.size() <= kPrefix.size() + kSuffix.size()) return {};
  const std::string_view name = help.substr(kPrefix.size(), help.size() - kPrefix.size() - kSuffix.size());
  return name.find('`') == std::string_view::npos ? std::string(name) : std::string();
}

void write_diagnostic(render::JsonWriter& json, const compiler::Compilation& compiled, const Diagnostic& diagnostic,
                      const std::map<FileId, FileView>& views) {
  const FileView& view = views.at(diagnostic.span.file);
  const Range range = range_of(compiled.sources, diagnostic.span, view.lines);
  json.begin_object();
  json.key("range");
  write_range(json, range);
  json.field("severity", diagnostic.severity == Severity::error ? 1 : 2);
  json.field("code", info(diagnostic.code).name);
  json.field("source", "icpc");
  json.field("message", diagnostic.message);
  json.key("relatedInformation");
  json.begin_array();
  if (!diagnostic.help.empty()) write_related(json, view.uri, range, fmt::format("help: {}", diagnostic.help));
  for (const DiagnosticNote& note : diagnostic.notes) {
    const auto note_view = note.span ? views.find(note.span->file) : views.end();
    if (note_view == views.end()) {
      write_related(json, view.uri, range, fmt::format("note: {}", note.message));
    } else {
      write_related(json, note_view->second.uri, range_of(compiled.sources, *note.span, note_view->second.lines),
                    fmt::format("note: {}", note.message));
    }
  }
  json.end_array();
  if (const std::string replacement = suggested_replacement(diagnostic.help); !replacement.empty()) {
    json.key("data");
    json.begin_object();
    json.field("replacement", replacement);
    json.end_object();
  }
  json.end_object();
}

// A failure in the document at its position; any other at the document's top, with its place.
void write_failure(render::JsonWriter& json, const compiler::Failure& failure, const Document& document,
                   const LineMap& lines) {
  const bool here = failure.path == compile_name(document) && failure.begin.line != 0;
  const Range range = here ? Range{lines.from_line_col(failure.begin.line, failure.begin.column),
                                   lines.from_line_col(failure.end.line, failure.end.column)}
                           : Range{};
  std::string message = failure.message;
  if (!here && !failure.path.empty()) {
    message = failure.begin.line == 0 ? fmt::format("{}: {}", failure.path, failure.message)
                                      : fmt::format("{}:{}:{}: {}", failure.path, failure.begin.line,
                                                    failure.begin.column, failure.message);
  }
  if (!failure.help.empty()) message += fmt::format("\nhelp: {}", failure.help);
  json.begin_object();
  json.key("range");
  write_range(json, range);
  json.field("severity", 1);
  json.field("source", "icpc");
  json.field("message", message);
  json.end_object();
}

}  // namespace

Checked check_document(const Document& document, const Documents& open) {
  compiler::Compilation compiled = compile(document, open);
  const std::string name = compile_name(document);
  // The files to publish for: the document, and the project's other files on disk (profiles
  // and test files); the stdlib modules have relative names and are never the user's to fix.
  std::map<FileId, FileView> views;
  FileId document_file = UINT32_MAX;
  for (FileId id = 0; id < compiled.sources.size(); ++id) {
    const SourceFile& file = compiled.sources.file(id);
    if (file.path() == name) {
      document_file = id;
      views.emplace(id, FileView{document.uri, LineMap(file.text())});
    } else if (fs::path(file.path()).is_absolute()) {
      views.emplace(id, FileView{path_to_uri(file.path()), LineMap(file.text())});
    }
  }
  std::map<FileId, render::JsonWriter> arrays;
  for (const auto& [id, view] : views) arrays.emplace(id, render::JsonWriter(false)).first->second.begin_array();
  for (const Diagnostic& diagnostic : compiled.diagnostics) {
    if (views.contains(diagnostic.span.file)) write_diagnostic(arrays.at(diagnostic.span.file), compiled, diagnostic, views);
  }
  Checked checked;
  const LineMap document_lines(document.text);
  render::JsonWriter failures(false);
  if (document_file == UINT32_MAX) failures.begin_array();
  for (const compiler::Failure& failure : compiled.failures) {
    write_failure(document_file == UINT32_MAX ? failures : arrays.at(document_file), failure, document, document_lines);
  }
  if (document_file == UINT32_MAX) {
    failures.end_array();
    checked.publications.push_back(Publication{document.uri, failures.take()});
  }
  for (auto& [id, array] : arrays) {
    array.end_array();
    Publication publication{views.at(id).uri, array.take()};
    if (id == document_file) {
      checked.publications.insert(checked.publications.begin(), std::move(publication));
    } else {
      checked.publications.push_back(std::move(publication));
    }
  }
  for (std::size_t i = 0; i < compiled.files.size(); ++i) {
    if (compiled.files[i] == document_file && compiled.checked[i]) checked.program = std::move(*compiled.checked[i]);
  }
  return checked;
}

std::string publish_notification(const Publication& publication) {
  render::JsonWriter json(false);
  json.begin_object();
  json.field("jsonrpc", "2.0");
  json.field("method", "textDocument/publishDiagnostics");
  json.key("params");
  json.begin_object();
  json.field("uri", publication.uri);
  json.key("diagnostics");
  json.raw(publication.diagnostics);
  json.end_object();
  json.end_object();
  return json.take();
}

}  // namespace icp::lsp
