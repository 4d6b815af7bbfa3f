// LSP's structures written as JSON with the project's writer (compiler/render/json_writer.hpp).
// Input: positions, ranges, locations. Output: their JSON members, as the protocol spells them.
#pragma once

#include <string_view>

#include "compiler/render/json_writer.hpp"
#include "lsp/positions.hpp"

namespace icp::lsp {

inline void write_position(render::JsonWriter& json, Position position) {
  json.begin_object();
  json.field("line", position.line);
  json.field("character", position.character);
  json.end_object();
}

inline void write_range(render::JsonWriter& json, Range range) {
  json.begin_object();
  json.key("start");
  write_position(json, range.start);
  json.key("end");
  write_position(json, range.end);
  json.end_object();
}

inline void write_location(render::JsonWriter& json, std::string_view uri, Range range) {
  json.begin_object();
  json.field("uri", uri);
  json.key("range");
  write_range(json, range);
  json.end_object();
}

}  // namespace icp::lsp
