// Output escaping, one function per format: every string icpc did not write itself (account
// ids and values, names and labels from a profile or an artifact, file paths, messages that
// quote them) goes through the function of the format it is written in. Input: any bytes.
// Output: text that the format shows as it is and cannot read as anything else.
#pragma once

#include <string>
#include <string_view>

namespace icp::escape {

// Text for a terminal or a log, whether or not the stream is a terminal: the characters of
// utf8.hpp's is_hidden_control and ill-formed UTF-8 are shown as escapes, `\n` `\r` `\t`,
// `\x1b` (the other C0 controls, DEL, and each byte that is not UTF-8) and `\u{202e}` (C1
// controls, bidi controls, U+2028 and U+2029). Everything else, accents and CJK included,
// is unchanged. Not reversible (a `\` stays as it is): the JSON outputs carry exact strings.
std::string text(std::string_view raw);
void append_text(std::string_view raw, std::string& out);

// The contents of a JSON string, quotes not included, as vm::append_json_string writes them.
std::string json(std::string_view raw);

// HTML element content or a quoted attribute value: text(), then `&` `<` `>` `"` `'` as
// character references.
std::string html(std::string_view raw);

// GitHub Flavored Markdown, where a string can start a heading, a list, a link, an image,
// an @mention, an issue reference or raw HTML.
// A code span, which GitHub shows literally and never links: text(), fenced by a backtick
// run longer than any inside, padded with spaces when it starts or ends with a backtick.
std::string markdown_code(std::string_view raw);
// As it is when it is inert (letters, digits, spaces, non-ASCII text and `"',;=+-()/%?`;
// `:` only before a space or the end, `.` only there, before `"` `'` `)` `,` or between
// digits, `_` only inside a word: no link, mention, reference, emphasis or emoji can form);
// otherwise word by word, each run of words that are not inert as one markdown_code span.
// Ordinary names and values read as prose, the rest as code.
std::string markdown_text(std::string_view raw);
// A message that quotes code between backticks, as icpc's messages do: each quoted part
// as markdown_code, each other part as markdown_text. A stray backtick from the data can
// only move the border between parts; every part is escaped for where it lands.
std::string markdown_phrase(std::string_view raw);
// A table cell: GitHub splits a row on every `|` not written `\|`, even inside a code span,
// and turns `\|` back into `|` before reading the cell, so this is exact whatever the cell.
std::string markdown_cell(std::string_view markdown);

// GitHub Actions workflow commands (`::error file=F,line=L::message`), escaped as the
// runner reads them (@actions/core's escapeData and escapeProperty): `%` `\r` `\n` as
// %25 %0D %0A, and in a property also `:` `,` as %3A %2C. The other hidden controls are
// shown as text() shows them, since the log viewer runs ANSI sequences. A caller that
// writes user text on lines of its own passes it through text() first.
std::string github_data(std::string_view raw);
std::string github_property(std::string_view raw);

}  // namespace icp::escape
