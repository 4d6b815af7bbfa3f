// The limits on one JSON account record, the same for every host (icpc, Session, the C
// API): its size in bytes and the nesting depth of its arrays and objects. Input: a record
// over the size limit (or its first bytes). Output: the DecodeError every host reports.
// Why these values: docs/reliability.md "Account records (JSON Lines, JSON)".
#pragma once

#include <cstddef>
#include <string_view>

#include "runtime/input/decode_json.hpp"

namespace icp::vm {

// Bytes of one record (a JSON Lines line without its line ending, or a whole JSON document).
// A CRM account with years of daily signals and thousands of contacts is well under 1 MiB;
// the limit bounds what one decoder holds (the record, simdjson's index of it) whatever the
// input. KEEP IN SYNC: ICP_MAX_RECORD_BYTES in icp.h.
inline constexpr std::size_t kMaxRecordBytes = std::size_t{8} << 20;

// Levels of arrays and objects, the record's own object being level 1. A record uses 3
// (signals[i].type); an extra CRM column rarely more than a few. The limit bounds the stack
// of the validator that walks ignored values. KEEP IN SYNC: ICP_MAX_JSON_DEPTH in icp.h.
inline constexpr int kMaxJsonDepth = 64;

// What a reader keeps of a line over kMaxRecordBytes: enough to find the record's id, which
// CRM exports write first.
inline constexpr std::size_t kCutRecordPrefixBytes = std::size_t{64} << 10;

// The rejection of a record of `bytes` bytes (> kMaxRecordBytes) whose first bytes are
// `prefix`: no field, the id when `prefix` shows it as the object's first-level "id".
DecodeError record_too_large(std::string_view prefix, std::size_t bytes);

// The value of the top-level "id" key in the first bytes of a JSON object, when those bytes
// hold it whole as a string; else empty. Never parses past `prefix`, never recurses.
std::string id_in_prefix(std::string_view prefix);

}  // namespace icp::vm
