// Stage 5, audit: the input digest, the SHA-256 of the record as decoded, taken over a
// compact binary encoding of it (docs/evaluation.md "Input digest" gives the byte layout).
// Input: a decoded Record and its Schema. Output: the encoded bytes, or "sha256:<64 hex>".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/input/record.hpp"
#include "runtime/format/schema.hpp"

namespace icp::vm {

class RecordDigester {
 public:
  explicit RecordDigester(const Schema& schema);  // `schema` must outlive the digester

  // The record's bytes as docs/evaluation.md lays them out; valid until the next call.
  // The buffer grows only for a record larger than any before, so warm calls allocate nothing.
  std::string_view encode(const Record& record);
  // Appends "sha256:" and the lower-case hex SHA-256 of encode(record): kDigestSize bytes.
  void append_digest(const Record& record, std::string& out);
  static constexpr std::size_t kDigestSize = 7 + 64;

 private:
  const Schema* schema_;
  std::vector<FieldType> field_types_;  // the schema's, packed: read for every field of every record
  std::string bytes_;  // size() is the buffer's room, not the record's
};

}  // namespace icp::vm
