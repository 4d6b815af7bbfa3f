// The public Program (include/icp/program.hpp) over the artifact loader. Input: .icpb bytes
// or a file. Output: a shared, immutable ProgramCore, or a LoadError with the byte offset.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "runtime/api/program_core.hpp"
#include "runtime/format/artifact.hpp"

namespace icp {
namespace internal {
namespace {

FieldType public_type(vm::FieldType type) {
  switch (type) {
    case vm::FieldType::integer: return FieldType::integer;
    case vm::FieldType::decimal: return FieldType::decimal;
    case vm::FieldType::string: return FieldType::string;
    case vm::FieldType::boolean: return FieldType::boolean;
    case vm::FieldType::date: return FieldType::date;
    case vm::FieldType::enumeration: return FieldType::enumeration;
    case vm::FieldType::string_set: return FieldType::string_set;
    case vm::FieldType::naics: return FieldType::naics;
    case vm::FieldType::country: break;
  }
  return FieldType::country;
}

Schema describe(const vm::Schema& schema) {
  Schema out;
  out.fields.reserve(schema.fields.size());
  for (const vm::FieldSpec& field : schema.fields) {
    out.fields.push_back(Field{.name = field.name,
                               .type = public_type(field.type),
                               .optional = field.optional,
                               .enum_values = field.enum_values});
  }
  out.signal_types = schema.signal_types;
  return out;
}

}  // namespace

ProgramCore::ProgramCore(vm::Program sealed) : program(std::move(sealed)), schema(describe(program.schema)) {}

Program ProgramAccess::wrap(vm::Program sealed) {
  Program program;
  program.core_ = std::make_shared<const ProgramCore>(std::move(sealed));
  return program;
}

}  // namespace internal

std::string_view to_string(FieldType type) {
  switch (type) {
    case FieldType::integer: return "int";
    case FieldType::decimal: return "decimal";
    case FieldType::string: return "string";
    case FieldType::boolean: return "bool";
    case FieldType::date: return "date";
    case FieldType::enumeration: return "enum";
    case FieldType::string_set: return "set<string>";
    case FieldType::naics: return "naics";
    case FieldType::country: break;
  }
  return "country";
}

const Field* Schema::field(std::string_view name) const {
  for (const Field& field : fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

LoadResult Program::load(std::string_view bytes) {
  vm::LoadResult loaded = vm::load(bytes);
  LoadResult result;
  if (!loaded) {
    result.error = LoadError{.kind = LoadError::Kind::invalid, .offset = loaded.error.offset,
                             .message = std::move(loaded.error.message)};
    return result;
  }
  result.program = internal::ProgramAccess::wrap(std::move(*loaded.program));
  return result;
}

// Read here rather than through vm::load_file, so that a file that cannot be read is an I/O
// error with the system's reason, apart from bytes that are not a program.
LoadResult Program::load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return LoadResult{.program = std::nullopt,
                      .error = {.kind = LoadError::Kind::io, .offset = 0,
                                .message = fmt::format("cannot open `{}`: {}", path, std::strerror(errno))}};
  }
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) {
    return LoadResult{.program = std::nullopt,
                      .error = {.kind = LoadError::Kind::io, .offset = 0, .message = fmt::format("cannot read `{}`", path)}};
  }
  return load(bytes);
}

const std::string& Program::id() const { return core_->program.id; }
const std::string& Program::profile() const { return core_->program.profile; }
const std::string& Program::version() const { return core_->program.version; }
const std::string& Program::owner() const { return core_->program.owner; }
const Schema& Program::schema() const { return core_->schema; }
std::string Program::to_bytes() const { return vm::serialize(core_->program); }

}  // namespace icp
