// Text rendering of diagnostics for people: header, source line, carets, notes, help.
// Input: Diagnostic values and the SourceMap they point into. Output: the text that
// `icpc check` prints (machine formats are in render_formats.cpp).
#include "compiler/render/render.hpp"

#include "compiler/render/escape.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

namespace icp::render {
namespace {

// ANSI SGR sequences. KEEP IN SYNC: render.hpp's description of the colours.
constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kRed = "\x1b[1;31m";
constexpr std::string_view kYellow = "\x1b[1;33m";
constexpr std::string_view kCyan = "\x1b[1;36m";
constexpr std::string_view kGreen = "\x1b[1;32m";

std::string paint(bool color, std::string_view sgr, std::string_view text) {
  if (!color) return std::string(text);
  return fmt::format("{}{}{}", sgr, text, kReset);
}

std::string_view severity_color(Severity severity) {
  switch (severity) {
    case Severity::error: return kRed;
    case Severity::warning: return kYellow;
    case Severity::note: return kCyan;
  }
  return kRed;
}

// Byte offsets of a span after clamping to the file and the end-of-file adjustment
// described at `locate`.
struct Offsets {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

Offsets normalize(const SourceFile& file, Span span) {
  const auto size = static_cast<std::uint32_t>(file.text().size());
  std::uint32_t begin = std::min(span.begin, size);
  std::uint32_t end = std::clamp(span.end, begin, size);
  const std::string& text = file.text();
  if (begin == size && end == size && size > 0 && text[size - 1] == '\n') {
    begin = size - 1;
    if (begin > 0 && text[begin - 1] == '\r') --begin;
    end = begin;
  }
  return Offsets{begin, end};
}

// A piece of a source line as drawn: tabs expanded, then escaped for a terminal (a string
// literal may hold an ESC or a bidi override, which must not act on the reader's screen).
// Both work a character at a time, so a line's pieces draw as the whole line does.
std::string drawn(std::string_view text) {
  std::string expanded;
  expanded.reserve(text.size());
  for (char c : text) {
    if (c == '\t') {
      expanded.append(kTabWidth, ' ');
    } else {
      expanded.push_back(c);
    }
  }
  return escape::text(expanded);
}

// Columns a piece of a source line takes once drawn: one per code point of drawn().
std::size_t display_width(std::string_view text) { return count_code_points(drawn(text)); }

std::size_t digits(std::uint32_t n) { return fmt::formatted_size("{}", n); }

// What a snippet shows of a line: its text (drawn()), the columns before the carets, and
// how many carets.
struct Shown {
  std::string text;
  std::size_t indent = 0;
  std::size_t carets = 1;
  bool clipped = false;  // the span runs past what is shown
};

// Lines longer than this (a generated list on one line) show a window around the span, so
// each of thousands of diagnostics on a line of a megabyte costs the window, not the line.
constexpr std::size_t kLongLineBytes = 400;
constexpr std::size_t kContextBefore = 60;  // code points shown before the span
constexpr std::size_t kWindow = 160;        // code points shown in all

// `count` code points back from `at`, or forward (never past `text`'s ends).
std::size_t step_code_points(std::string_view text, std::size_t at, std::size_t count, bool forward) {
  const auto continuation = [&](std::size_t i) { return (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80; };
  for (; count > 0; --count) {
    if (forward ? at >= text.size() : at == 0) break;
    if (forward) {
      for (++at; at < text.size() && continuation(at); ++at) {}
    } else {
      for (--at; at > 0 && continuation(at); --at) {}
    }
  }
  return at;
}

Shown shown(std::string_view line, std::size_t start, std::size_t stop) {
  if (line.size() <= kLongLineBytes) {
    return Shown{drawn(line), display_width(line.substr(0, start)),
                 std::max<std::size_t>(1, display_width(line.substr(start, stop - start))), false};
  }
  const std::size_t from = step_code_points(line, start, kContextBefore, false);
  const std::size_t to = step_code_points(line, from, kWindow, true);
  const std::string_view before = line.substr(from, start - from);
  const std::size_t visible_stop = std::min(stop, std::max(to, start));
  Shown out;
  out.text = (from > 0 ? "..." : "") + drawn(line.substr(from, to - from)) + (to < line.size() ? "..." : "");
  out.indent = (from > 0 ? 3 : 0) + display_width(before);
  out.carets = std::max<std::size_t>(1, display_width(line.substr(start, visible_stop - start)));
  out.clipped = stop > visible_stop;
  return out;
}

// The source line of `offsets.begin` and its caret line, indented for a gutter of `width`.
std::string snippet(const SourceFile& file, Offsets offsets, std::size_t width,
                    std::string_view caret_color, bool color) {
  const LineCol begin = file.line_col(offsets.begin);
  const LineCol end = file.line_col(offsets.end);
  const std::string_view line = file.line_text(begin.line);
  const std::uint32_t line_start = file.line_start(begin.line);
  // A span may start on the line terminator itself; it then sits just past the text.
  const std::size_t start_in_line = std::min<std::size_t>(offsets.begin - line_start, line.size());
  const bool multi_line = end.line > begin.line;
  const std::size_t stop_in_line =
      multi_line ? line.size()
                 : std::clamp<std::size_t>(offsets.end - line_start, start_in_line, line.size());

  const Shown view = shown(line, start_in_line, stop_in_line);
  const std::string bar = paint(color, kCyan, "|");
  const std::string number = paint(color, kCyan, fmt::format("{:>{}}", begin.line, width));
  const std::string blank(width, ' ');

  std::string out = fmt::format("{} {}\n", blank, bar);
  out += view.text.empty() ? fmt::format("{} {}\n", number, bar) : fmt::format("{} {} {}\n", number, bar, view.text);
  out += fmt::format("{} {} {}{}{}\n", blank, bar, std::string(view.indent, ' '),
                     paint(color, caret_color, std::string(view.carets, '^')),
                     multi_line || view.clipped ? "..." : "");
  return out;
}

// The path and message come from files and their contents: escaped for the terminal.
std::string header(std::string_view path, LineCol at, std::string_view label,
                   std::string_view label_color, std::string_view message, bool color) {
  return fmt::format("{}: {}{}\n",
                     paint(color, kBold, fmt::format("{}:{}:{}", escape::text(path), at.line, at.column)),
                     paint(color, label_color, label),
                     paint(color, kBold, fmt::format(": {}", escape::text(message))));
}

std::string trailer(std::size_t width, std::string_view label, std::string_view text, bool color) {
  return fmt::format("{} {} {}\n", std::string(width, ' '),
                     paint(color, kCyan, fmt::format("= {}:", label)), escape::text(text));
}

// Gutter width shared by every block of one diagnostic, so the bars line up.
std::size_t gutter_width(const SourceMap& sources, const Diagnostic& diagnostic) {
  std::uint32_t max_line = locate(sources, diagnostic.span).begin.line;
  for (const DiagnosticNote& note : diagnostic.notes) {
    if (note.span) max_line = std::max(max_line, locate(sources, *note.span).begin.line);
  }
  return digits(max_line);
}

}  // namespace

Location locate(const SourceMap& sources, Span span) {
  const SourceFile& file = sources.file(span.file);
  const Offsets offsets = normalize(file, span);
  return Location{file.path(), file.line_col(offsets.begin), file.line_col(offsets.end)};
}

std::string render_text(const SourceMap& sources, const Diagnostic& diagnostic, bool color) {
  const DiagnosticInfo& code = info(diagnostic.code);
  const std::size_t width = gutter_width(sources, diagnostic);
  const SourceFile& file = sources.file(diagnostic.span.file);
  const Offsets offsets = normalize(file, diagnostic.span);
  const std::string_view sgr = severity_color(diagnostic.severity);

  std::string out = header(file.path(), file.line_col(offsets.begin),
                           fmt::format("{}[{}]", severity_name(diagnostic.severity), code.name),
                           sgr, diagnostic.message, color);
  out += snippet(file, offsets, width, sgr, color);
  for (const DiagnosticNote& note : diagnostic.notes) {
    if (!note.span) out += trailer(width, "note", note.message, color);
  }
  if (!diagnostic.help.empty()) out += trailer(width, "help", diagnostic.help, color);
  for (const DiagnosticNote& note : diagnostic.notes) {
    if (!note.span) continue;
    const SourceFile& note_file = sources.file(note.span->file);
    const Offsets note_offsets = normalize(note_file, *note.span);
    out += header(note_file.path(), note_file.line_col(note_offsets.begin), "note", kCyan,
                  note.message, color);
    out += snippet(note_file, note_offsets, width, kCyan, color);
  }
  out += '\n';
  return out;
}

std::string render_text(const SourceMap& sources, std::span<const Diagnostic> diagnostics,
                        bool color) {
  std::string out;
  for (const Diagnostic& diagnostic : diagnostics) out += render_text(sources, diagnostic, color);
  return out;
}

std::string render_error_at(const SourceFile& file, LineCol begin, LineCol end,
                            std::string_view message, std::string_view help, bool color) {
  // Line and column back to a byte offset: walk code points from the line start.
  const auto offset_of = [&file](LineCol at) {
    const std::uint32_t line = std::clamp<std::uint32_t>(at.line, 1, file.line_count());
    const std::string_view text = file.line_text(line);
    std::uint32_t byte = 0;
    for (std::uint32_t column = 1; column < at.column && byte < text.size(); ++column) {
      ++byte;
      while (byte < text.size() && (static_cast<unsigned char>(text[byte]) & 0xC0) == 0x80) ++byte;
    }
    return file.line_start(line) + byte;
  };
  const std::uint32_t first = offset_of(begin);
  const Offsets offsets{first, std::max(first, offset_of(end))};
  const std::size_t width = digits(file.line_col(offsets.begin).line);
  std::string out = header(file.path(), file.line_col(offsets.begin), "error", kRed, message, color);
  out += snippet(file, offsets, width, kRed, color);
  if (!help.empty()) out += trailer(width, "help", help, color);
  out += '\n';
  return out;
}

std::string summary_line(std::size_t errors, std::size_t warnings, std::size_t files,
                         bool color) {
  const auto plural = [](std::size_t n, std::string_view word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
  };
  std::string body;
  if (errors == 0 && warnings == 0) {
    body = fmt::format("{} checked, no problems", plural(files, "file"));
  } else {
    std::string counts;
    if (errors > 0) counts = plural(errors, "error");
    if (warnings > 0) counts += fmt::format("{}{}", counts.empty() ? "" : ", ", plural(warnings, "warning"));
    body = fmt::format("{} in {}", counts, plural(files, "file"));
  }
  const std::string_view sgr = errors > 0 ? kRed : warnings > 0 ? kYellow : kGreen;
  return fmt::format("{} {}\n", paint(color, kBold, "icpc:"), paint(color, sgr, body));
}

}  // namespace icp::render
