// Output escaping for text, JSON, HTML, Markdown and GitHub workflow commands (escape.hpp).
// Input: any bytes. Output: the same text, safe for its format; docs/reliability.md
// "Escaping" says what each format gets and why.
#include "compiler/render/escape.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "runtime/input/record.hpp"
#include "runtime/base/utf8.hpp"

namespace icp::escape {
namespace {

// One character of `raw` at i: its length in bytes (1 for a byte that is not UTF-8) and
// whether it is shown as it is.
struct Character {
  std::size_t length = 1;
  bool plain = true;
};

Character character_at(std::string_view raw, std::size_t i) {
  const auto byte = static_cast<unsigned char>(raw[i]);
  if (byte < 0x80) return {1, byte >= 0x20 && byte != 0x7F};
  const std::size_t length = utf8_sequence_length(raw, i);
  if (length == 0) return {1, false};
  return {length, !is_hidden_control(utf8_code_point(raw, i, length))};
}

// The escape text() writes for a character that is not plain.
void append_visible(std::string_view raw, std::size_t i, std::size_t length, std::string& out) {
  const auto byte = static_cast<unsigned char>(raw[i]);
  switch (byte) {
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default: break;
  }
  if (byte < 0x80 || utf8_sequence_length(raw, i) == 0) {
    out += fmt::format("\\x{:02x}", byte);
  } else {
    out += fmt::format("\\u{{{:x}}}", static_cast<std::uint32_t>(utf8_code_point(raw, i, length)));
  }
}

bool ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || ascii_digit(c); }

// Whether the ASCII character at raw[i] can take part in no Markdown or GitHub syntax there.
bool inert_ascii(std::string_view raw, std::size_t i) {
  const char c = raw[i];
  const char before = i > 0 ? raw[i - 1] : ' ';
  const char after = i + 1 < raw.size() ? raw[i + 1] : ' ';
  if (ascii_alnum(c)) return true;
  switch (c) {
    case ':': return after == ' ';  // not `http:` or `:emoji:`
    case '.':                       // not `www.example`
      return std::string_view(" \"'),").find(after) != std::string_view::npos ||
             (ascii_digit(before) && ascii_digit(after));
    case '_': return ascii_alnum(before) && ascii_alnum(after);  // not emphasis
    default: return std::string_view(" \"',;=+-()/%?").find(c) != std::string_view::npos;
  }
}

// Whether GitHub could read anything but plain text in `raw` (markdown_text's rule).
bool markdown_inert(std::string_view raw) {
  for (std::size_t i = 0; i < raw.size();) {
    const Character c = character_at(raw, i);
    if (!c.plain || (c.length == 1 && !inert_ascii(raw, i))) return false;
    i += c.length;
  }
  return true;
}

}  // namespace

void append_text(std::string_view raw, std::string& out) {
  std::size_t run = 0;  // start of the plain bytes not yet appended
  for (std::size_t i = 0; i < raw.size();) {
    const Character c = character_at(raw, i);
    if (!c.plain) {
      out.append(raw.substr(run, i - run));
      append_visible(raw, i, c.length, out);
      run = i + c.length;
    }
    i += c.length;
  }
  out.append(raw.substr(run));
}

std::string text(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  append_text(raw, out);
  return out;
}

std::string json(std::string_view raw) {
  std::string out;
  vm::append_json_string(raw, out);
  return out.substr(1, out.size() - 2);
}

std::string html(std::string_view raw) {
  std::string out;
  for (char c : text(raw)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string markdown_code(std::string_view raw) {
  const std::string content = text(raw);
  if (content.empty()) return "` `";  // "``" would be no code span, and could pair with a later one
  std::size_t longest = 0, run = 0;
  for (char c : content) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  // CommonMark strips one space from each end when both ends have one; a backtick at an
  // end would join the fence. A space on each side covers both.
  const bool all_spaces = content.find_first_not_of(' ') == std::string::npos;
  const bool pad = content.front() == '`' || content.back() == '`' ||
                   (content.front() == ' ' && content.back() == ' ' && !all_spaces);
  const char* space = pad ? " " : "";
  return fence + space + content + space + fence;
}

std::string markdown_text(std::string_view raw) {
  if (markdown_inert(raw)) return std::string(raw);
  std::string out;
  std::string run;     // words that are not inert, not yet written, with the spaces between them
  std::string spaces;  // the spaces since the last word
  const auto flush = [&] {
    if (!run.empty()) out += markdown_code(run);
    run.clear();
  };
  for (std::size_t i = 0; i < raw.size();) {
    const std::size_t end = std::min(raw.find(' ', i), raw.size());
    if (end == i) {
      spaces += ' ';
      ++i;
      continue;
    }
    const std::string_view word = raw.substr(i, end - i);
    if (markdown_inert(word)) {
      flush();
      out += spaces;
      out += word;
    } else {
      (run.empty() ? out : run) += spaces;
      run += word;
    }
    spaces.clear();
    i = end;
  }
  flush();
  return out + spaces;
}

std::string markdown_phrase(std::string_view raw) {
  // INVARIANT: no part holds a backtick, so every code span written here is fenced by one
  // backtick; two that touch ("`a``b`") read as one span, never as text outside a span.
  std::string out;
  bool code = false;
  for (std::size_t start = 0; start <= raw.size();) {
    std::size_t end = raw.find('`', start);
    if (end == std::string_view::npos) end = raw.size();
    const std::string_view part = raw.substr(start, end - start);
    if (code) {
      out += markdown_code(part);
    } else if (!part.empty()) {
      out += markdown_text(part);
    }
    code = !code;
    start = end + 1;
  }
  return out;
}

std::string markdown_cell(std::string_view markdown) {
  std::string out;
  for (char c : markdown) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string github_data(std::string_view raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size();) {
    const Character c = character_at(raw, i);
    const char byte = raw[i];
    if (byte == '%') {
      out += "%25";
    } else if (byte == '\r') {
      out += "%0D";
    } else if (byte == '\n') {
      out += "%0A";
    } else if (!c.plain) {
      append_visible(raw, i, c.length, out);
    } else {
      out.append(raw.substr(i, c.length));
    }
    i += c.length;
  }
  return out;
}

std::string github_property(std::string_view raw) {
  std::string out;
  for (char c : github_data(raw)) {
    switch (c) {
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace icp::escape
