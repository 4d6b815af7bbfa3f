// Reads decision lines with simdjson's on-demand parser (see decision_lines.hpp). Input: JSON
// Lines from a file, read in blocks, or from text. Output: DecisionLines.
#include "analysis/export/decision_lines.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <simdjson.h>

#include "runtime/input/json_lines.hpp"
#include "runtime/input/record_reader.hpp"

namespace icp::analysis {
namespace {

using simdjson::ondemand::value;

// A string, a number's exact text, or "" for null; false for anything else.
bool scalar_text(value item, std::string& out) {
  simdjson::ondemand::json_type type;
  if (item.type().get(type)) return false;
  std::string_view text;
  switch (type) {
    case simdjson::ondemand::json_type::null: out.clear(); return true;
    case simdjson::ondemand::json_type::string:
      if (item.get_string().get(text)) return false;
      break;
    case simdjson::ondemand::json_type::number:
      text = item.raw_json_token();
      while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
      break;
    default: return false;
  }
  out.assign(text);
  return true;
}

// The field's value, or false when it cannot be read.
template <typename Field>
bool value_of(Field& field, value& out) {
  return !field.value().get(out);
}

bool read_route(value route, DecisionLine& out) {
  value item;
  simdjson::ondemand::object object;
  if (route.get_object().get(object)) return false;
  for (auto field : object) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return false;
    std::string* slot = key == "action" ? &out.action : key == "queue" ? &out.queue : key == "sla" ? &out.sla
                        : key == "cadence" ? &out.cadence : key == "rule" ? &out.rule : nullptr;
    if (slot != nullptr && !(value_of(field, item) && scalar_text(item, *slot))) return false;
  }
  return true;
}

bool parse_line(std::string_view text, simdjson::ondemand::parser& parser, DecisionLine& out) {
  const simdjson::padded_string padded(text);
  simdjson::ondemand::document document;
  simdjson::ondemand::object object;
  if (parser.iterate(padded).get(document) || document.get_object().get(object)) return false;
  value item;
  for (auto field : object) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return false;
    if (key == "route") {
      if (!value_of(field, item) || !read_route(item, out)) return false;
      continue;
    }
    std::string* slot = key == "id" ? &out.id : key == "profile" ? &out.profile : key == "version" ? &out.version
                        : key == "program" ? &out.program : key == "as_of" ? &out.as_of
                        : key == "verdict" ? &out.verdict : key == "tier" ? &out.tier
                        : key == "tier_label" ? &out.tier_label : key == "excluded_by" ? &out.excluded_by
                        : key == "score" ? &out.score : nullptr;
    if (slot != nullptr && !(value_of(field, item) && scalar_text(item, *slot))) return false;
  }
  return !out.id.empty() && !out.program.empty() && !out.verdict.empty() && !out.action.empty();
}

class LineReader {
 public:
  explicit LineReader(DecisionLines& out) : out_(out) {}
  void add(const vm::JsonLine& line) {
    DecisionLine decision{.line = line.number};
    if (line.bytes == line.text.size() && parse_line(line.text, parser_, decision)) {
      out_.lines.push_back(std::move(decision));
      return;
    }
    out_.problems.push_back(fmt::format("{}:{}: expected a decision line of `icpc eval` (an object with id, program, "
                                        "verdict and route), found something else", out_.file, line.number));
  }

 private:
  DecisionLines& out_;
  simdjson::ondemand::parser parser_;
};

}  // namespace

bool read_decision_lines(const Source& source, DecisionLines& out, Error& error) {
  out.file = source.name;
  LineReader reader(out);
  if (source.file == nullptr) {
    vm::LineSplitter lines(source.text);
    for (vm::JsonLine line; lines.next(line);) reader.add(line);
    return true;
  }
  vm::LineBlockReader blocks(source.file);
  std::size_t number = 1;
  vm::LineBlock block;
  while (!blocks.at_end()) {
    if (!blocks.read(block)) {
      error = Error{.message = fmt::format("cannot read `{}`: {}", source.name, std::strerror(errno))};
      return false;
    }
    vm::LineSplitter lines = block.lines(number);
    for (vm::JsonLine line; lines.next(line);) reader.add(line);
    number = lines.next_number();
  }
  return true;
}

}  // namespace icp::analysis
