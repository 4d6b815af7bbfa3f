// A built profile, ready to decide: load an .icpb once, then share it with every thread.
// Input: the bytes `icpc build` writes (from memory or a file). Output: a verified,
// prepared, immutable Program, or a LoadError naming the byte where the artifact is bad.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "icp/error.hpp"
#include "icp/export.h"

namespace icp {

namespace internal {
struct ProgramCore;  // defined inside the library; hosts never see it
struct ProgramAccess;
}  // namespace internal

// KEEP IN SYNC: the field types of LANGUAGE.md "Types" (and the library's own list).
enum class FieldType : std::uint8_t {
  integer, decimal, string, boolean, date, enumeration, string_set, naics, country
};

// The type as a profile writes it: "int", "decimal", "string", "bool", "date", "enum",
// "set<string>", "naics", "country".
ICP_API std::string_view to_string(FieldType type);

// One declared `account` field.
struct Field {
  std::string name;
  FieldType type = FieldType::integer;
  bool optional = false;                 // `T?`: the record may leave it out or give null
  std::vector<std::string> enum_values;  // FieldType::enumeration only, in declared order
};

// What a record for this program holds: the declared fields in source order and the
// declared signal types. The built-ins `id`, `signals` and `contacts` are not listed: every
// record has them. A signal of an undeclared type is accepted (and noted in the audit).
struct Schema {
  std::vector<Field> fields;
  std::vector<std::string> signal_types;

  // The field named `name`, or null.
  ICP_API const Field* field(std::string_view name) const;
};

struct LoadResult;

// Immutable once loaded. Copies share one loaded program (copying is a reference count),
// and any number of threads may use it and its copies at once. Every load runs the bytecode
// verifier: bad bytes are a LoadError, never a crash.
class ICP_API Program {
 public:
  static LoadResult load(std::string_view bytes);
  // Reads the whole file, then load(); an unreadable file is LoadError::Kind::io.
  static LoadResult load_file(const std::string& path);

  const std::string& id() const;       // "sha256:<hex>", the id every decision carries
  const std::string& profile() const;  // the profile's name
  const std::string& version() const;  // the profile's `version`
  const std::string& owner() const;    // the profile's `owner`
  const Schema& schema() const;
  // The artifact, byte for byte what `icpc build` wrote (the format is canonical).
  std::string to_bytes() const;

 private:
  friend struct internal::ProgramAccess;  // the library's way in (it sets core_)
  Program() = default;
  std::shared_ptr<const internal::ProgramCore> core_;
};

// What loading gives: the program, or why there is none.
struct LoadResult {
  std::optional<Program> program;
  LoadError error;  // meaningful when program is empty

  explicit operator bool() const { return program.has_value(); }
};

}  // namespace icp
