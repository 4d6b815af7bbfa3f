// Machine-readable renderings of diagnostics: JSON lines, SARIF 2.1.0 and GitHub
// workflow commands. Input: Diagnostic values and the SourceMap. Output: text for CI.
// Every format uses `locate`, so all of them agree on line and column numbers.
#include "compiler/render/render.hpp"

#include "compiler/render/escape.hpp"
#include "compiler/render/json_writer.hpp"
#include "runtime/base/sha256.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <vector>

#include <fmt/format.h>

namespace icp::render {
namespace {

void write_position(JsonWriter& json, const std::optional<Location>& at) {
  const auto number_or_null = [&json](std::string_view name, std::optional<std::uint32_t> value) {
    json.key(name);
    if (value) {
      json.number(*value);
    } else {
      json.null();
    }
  };
  json.key("file");
  if (at) {
    json.string(at->path);
  } else {
    json.null();
  }
  number_or_null("line", at ? std::optional(at->begin.line) : std::nullopt);
  number_or_null("col", at ? std::optional(at->begin.column) : std::nullopt);
  number_or_null("end_line", at ? std::optional(at->end.line) : std::nullopt);
  number_or_null("end_col", at ? std::optional(at->end.column) : std::nullopt);
}

// SARIF wants a URI: forward slashes, and anything outside RFC 3986's unreserved set
// percent-encoded. Relative paths are resolved by the consumer against %SRCROOT%.
std::string to_uri(std::string_view path) {
  std::string out;
  for (char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += '/';
    } else if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
               (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' || c == '~' ||
               c == '/') {
      out += c;
    } else {
      out += fmt::format("%{:02X}", byte);
    }
  }
  while (out.starts_with("./")) out.erase(0, 2);
  return out;
}

std::string_view sarif_level(Severity severity) {
  return severity == Severity::error ? "error" : severity == Severity::warning ? "warning" : "note";
}

// Where a printed path points in SARIF: relative to the repository when SarifTool names
// it (a path outside it stays absolute), else as printed.
class SarifPaths {
 public:
  explicit SarifPaths(const SarifTool& tool) : tool_(tool) {}
  std::string uri(std::string_view printed) const {
    if (tool_.source_root.empty()) return to_uri(printed);
    namespace fs = std::filesystem;
    fs::path path = fs::path(printed);
    if (path.is_relative()) path = fs::path(tool_.working_folder) / path;
    path = path.lexically_normal();
    const fs::path relative = path.lexically_relative(fs::path(tool_.source_root));
    if (relative.empty() || *relative.begin() == "..") return to_uri(path.generic_string());
    return to_uri(relative.generic_string());
  }

 private:
  const SarifTool& tool_;
};

// Writes `"physicalLocation": {...}` into the object being written.
void write_physical_location(JsonWriter& json, const SarifPaths& paths, const Location& at) {
  const std::string uri = paths.uri(at.path);
  const bool absolute = uri.starts_with("/");
  json.key("physicalLocation");
  json.begin_object();
  json.key("artifactLocation");
  json.begin_object();
  json.field("uri", absolute ? "file://" + uri : uri);
  if (!absolute) json.field("uriBaseId", "%SRCROOT%");
  json.end_object();
  json.key("region");
  json.begin_object();
  json.field("startLine", at.begin.line);
  json.field("startColumn", at.begin.column);
  json.field("endLine", at.end.line);
  json.field("endColumn", at.end.column);
  json.end_object();
  json.end_object();
}

void write_sarif_rules(JsonWriter& json) {
  json.key("rules");
  json.begin_array();
  for (const DiagnosticInfo& rule : all_diagnostics()) {
    json.begin_object();
    json.field("id", rule.name);
    json.field("name", rule.slug);
    json.key("shortDescription");
    json.begin_object();
    json.field("text", rule.meaning);
    json.end_object();
    json.key("defaultConfiguration");
    json.begin_object();
    json.field("level", sarif_level(rule.severity));
    json.end_object();
    json.end_object();
  }
  json.end_array();
}

// Code scanning shows a result's text as it is: the message, notes and help are escaped as
// text (a quoted line break or bidi override shown, not acted on), on lines of icpc's own.
// The result's identity for code scanning across commits: its rule, file, message and the
// text it flags (whitespace trimmed), with `occurrence` telling apart identical ones in a
// file. Not the line number: a finding keeps its identity when lines above it move.
std::string fingerprint(const SourceMap& sources, const Diagnostic& diagnostic, std::string_view uri,
                        std::map<std::string, int>& seen) {
  std::string flagged;
  if (diagnostic.span.end > diagnostic.span.begin) {
    const std::string_view text = sources.file(diagnostic.span.file).text();
    flagged = std::string(text.substr(diagnostic.span.begin, std::min<std::size_t>(diagnostic.span.end - diagnostic.span.begin, 200)));
  }
  const std::size_t first = flagged.find_first_not_of(" \t\r\n");
  flagged = first == std::string::npos ? "" : flagged.substr(first, flagged.find_last_not_of(" \t\r\n") - first + 1);
  std::string key = fmt::format("{}\x1f{}\x1f{}\x1f{}", info(diagnostic.code).name, uri, diagnostic.message, flagged);
  const int occurrence = seen[key]++;
  key += fmt::format("\x1f{}", occurrence);
  return sha256_hex(key).substr(0, 32);
}

void write_sarif_result(JsonWriter& json, const SourceMap& sources, const SarifPaths& paths,
                        const Diagnostic& diagnostic, std::map<std::string, int>& seen) {
  std::string text = escape::text(diagnostic.message);
  for (const DiagnosticNote& note : diagnostic.notes) {
    if (!note.span) text += "\nnote: " + escape::text(note.message);
  }
  if (!diagnostic.help.empty()) text += "\nhelp: " + escape::text(diagnostic.help);
  json.begin_object();
  json.field("ruleId", info(diagnostic.code).name);
  json.field("ruleIndex", static_cast<std::int64_t>(diagnostic.code));
  json.field("level", sarif_level(diagnostic.severity));
  json.key("message");
  json.begin_object();
  json.field("text", text);
  json.end_object();
  const Location at = locate(sources, diagnostic.span);
  json.key("locations");
  json.begin_array();
  json.begin_object();
  write_physical_location(json, paths, at);
  json.end_object();
  json.end_array();
  json.key("partialFingerprints");
  json.begin_object();
  json.field("icpcDiagnostic/v1", fingerprint(sources, diagnostic, paths.uri(at.path), seen));
  json.end_object();
  // Notes with a span become related locations, so code scanning can link to them.
  std::int64_t id = 0;
  bool any_related = false;
  for (const DiagnosticNote& note : diagnostic.notes) {
    if (!note.span) continue;
    if (!any_related) {
      json.key("relatedLocations");
      json.begin_array();
      any_related = true;
    }
    json.begin_object();
    json.field("id", id++);
    json.key("message");
    json.begin_object();
    json.field("text", escape::text(note.message));
    json.end_object();
    write_physical_location(json, paths, locate(sources, *note.span));
    json.end_object();
  }
  if (any_related) json.end_array();
  json.end_object();
}

}  // namespace

std::string render_json(const SourceMap& sources, std::span<const Diagnostic> diagnostics) {
  std::string out;
  for (const Diagnostic& diagnostic : diagnostics) {
    const DiagnosticInfo& code = info(diagnostic.code);
    JsonWriter json(false);
    json.begin_object();
    write_position(json, locate(sources, diagnostic.span));
    json.field("severity", severity_name(diagnostic.severity));
    json.field("code", code.name);
    json.field("slug", code.slug);
    json.field("message", diagnostic.message);
    json.key("help");
    if (diagnostic.help.empty()) {
      json.null();
    } else {
      json.string(diagnostic.help);
    }
    json.key("notes");
    json.begin_array();
    for (const DiagnosticNote& note : diagnostic.notes) {
      json.begin_object();
      write_position(json, note.span ? std::optional(locate(sources, *note.span)) : std::nullopt);
      json.field("message", note.message);
      json.end_object();
    }
    json.end_array();
    json.end_object();
    out += json.take();
    out += '\n';
  }
  return out;
}

std::string render_sarif(const SourceMap& sources, std::span<const Diagnostic> diagnostics,
                         const SarifTool& tool) {
  JsonWriter json(true);
  json.begin_object();
  json.field("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  json.field("version", "2.1.0");
  json.key("runs");
  json.begin_array();
  json.begin_object();
  json.key("tool");
  json.begin_object();
  json.key("driver");
  json.begin_object();
  json.field("name", "icpc");
  json.field("version", tool.version);
  json.field("informationUri", tool.information_uri);
  write_sarif_rules(json);
  json.end_object();
  json.end_object();
  if (!tool.source_root.empty()) {
    // Where %SRCROOT% is on this machine, for a consumer that has the files where icpc ran.
    std::string root = to_uri(std::filesystem::path(tool.source_root).lexically_normal().generic_string());
    if (!root.ends_with('/')) root += '/';
    json.key("originalUriBaseIds");
    json.begin_object();
    json.key("%SRCROOT%");
    json.begin_object();
    json.field("uri", "file://" + root);
    json.end_object();
    json.end_object();
  }
  json.field("columnKind", "unicodeCodePoints");
  json.key("results");
  json.begin_array();
  const SarifPaths paths(tool);
  std::map<std::string, int> seen;
  for (const Diagnostic& diagnostic : diagnostics) write_sarif_result(json, sources, paths, diagnostic, seen);
  json.end_array();
  json.end_object();
  json.end_array();
  json.end_object();
  return json.take() + "\n";
}

std::string render_github(const SourceMap& sources, std::span<const Diagnostic> diagnostics) {
  std::string out;
  for (const Diagnostic& diagnostic : diagnostics) {
    const Location at = locate(sources, diagnostic.span);
    const std::string_view command = diagnostic.severity == Severity::error     ? "error"
                                     : diagnostic.severity == Severity::warning ? "warning"
                                                                                : "notice";
    std::string properties = fmt::format("file={},line={}", escape::github_property(at.path), at.begin.line);
    if (at.end.line == at.begin.line) {
      const std::uint32_t last = std::max(at.begin.column, at.end.column - 1);
      properties += fmt::format(",col={},endLine={},endColumn={}", at.begin.column, at.end.line, last);
    } else {
      properties += fmt::format(",endLine={}", at.end.line);
    }
    properties += fmt::format(",title={}", escape::github_property(info(diagnostic.code).name));
    // The message and its help are one annotation, on two lines: a line break in either
    // (a name or value it quotes) is shown as `\n`, so only this one breaks the line.
    std::string message = escape::github_data(escape::text(diagnostic.message));
    if (!diagnostic.help.empty()) message += "%0Ahelp: " + escape::github_data(escape::text(diagnostic.help));
    out += fmt::format("::{} {}::{}\n", command, properties, message);
  }
  return out;
}

}  // namespace icp::render
