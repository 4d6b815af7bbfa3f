// Program <-> .icpb bytes (layout at the top of artifact.hpp). One description per type
// (`describe`) drives both the writer and the reader, so the two cannot drift apart.
// Input: a Program, or untrusted bytes. Output: bytes, or a verified Program / LoadError.
#include "runtime/format/artifact.hpp"

#include <fmt/format.h>

#include <fstream>
#include <exception>
#include <sstream>
#include <type_traits>

#include <simdjson.h>

#include "runtime/base/sha256.hpp"
#include "runtime/base/utf8.hpp"

namespace icp::vm {
namespace {

// --- what each serialized type contains, in order (KEEP IN SYNC: bytecode.hpp, schema.hpp) ---

// Names and value counts of the one-byte enums, for the reader's checks and messages.
template <typename E> struct EnumInfo;
template <> struct EnumInfo<ValueType> {
  static constexpr unsigned count = 5; static constexpr const char* name = "constant type";
};
template <> struct EnumInfo<ConstSet::Kind> {
  static constexpr unsigned count = 3; static constexpr const char* name = "set kind";
};
template <> struct EnumInfo<FieldType> {
  static constexpr unsigned count = 9; static constexpr const char* name = "field type";
};
template <> struct EnumInfo<RouteRuleDef::Action> {
  static constexpr unsigned count = 3; static constexpr const char* name = "route action";
};
template <> struct EnumInfo<Step::Kind> {
  static constexpr unsigned count = 4; static constexpr const char* name = "step kind";
};

// S is T or const T: the writer describes const objects, the reader fills mutable ones.
// Each member is named as in bytecode.hpp, so the reader can say which string is bad.
template <typename S, typename T> concept Is = std::is_same_v<std::remove_const_t<S>, T>;

template <typename IO, Is<FieldSpec> S> void describe(IO& io, S& s) {
  io(s.name, "name"); io(s.type, "type"); io(s.optional, "optional"); io(s.enum_values, "enum_values");
}
template <typename IO, Is<Schema> S> void describe(IO& io, S& s) {
  io(s.fields, "fields"); io(s.signal_types, "signal_types");
}
template <typename IO, Is<Constant> S> void describe(IO& io, S& s) {
  io(s.type, "type"); io(s.scalar, "scalar"); io(s.text, "text");
}
template <typename IO, Is<ConstSet> S> void describe(IO& io, S& s) {
  io(s.kind, "kind"); io(s.scalars, "scalars"); io(s.texts, "texts");
}
template <typename IO, Is<Chunk> S> void describe(IO& io, S& s) {
  io(s.begin, "begin"); io(s.end, "end");
}
template <typename IO, Is<SignalDef> S> void describe(IO& io, S& s) {
  io(s.name, "name"); io(s.weight, "weight"); io(s.window_days, "window_days"); io(s.cap, "cap");
  io(s.half_life_days, "half_life_days");
}
template <typename IO, Is<CriterionDef> S> void describe(IO& io, S& s) {
  io(s.name, "name"); io(s.code, "code");
}
template <typename IO, Is<ExclusionDef> S> void describe(IO& io, S& s) {
  io(s.name, "name"); io(s.reason, "reason"); io(s.code, "code");
}
template <typename IO, Is<TierDef> S> void describe(IO& io, S& s) {
  io(s.number, "number"); io(s.label, "label"); io(s.code, "code");
}
template <typename IO, Is<BonusDef> S> void describe(IO& io, S& s) {
  io(s.name, "name"); io(s.points, "points"); io(s.code, "code");
}
template <typename IO, Is<RoleDef> S> void describe(IO& io, S& s) {
  io(s.name, "name"); io(s.titles, "titles"); io(s.owns, "owns"); io(s.objection, "objection");
  io(s.proof, "proof");
}
template <typename IO, Is<RouteRuleDef> S> void describe(IO& io, S& s) {
  io(s.code, "code"); io(s.action, "action"); io(s.queue, "queue"); io(s.sla_hours, "sla_hours");
  io(s.sla_text, "sla_text"); io(s.cadence, "cadence");
}
template <typename IO, Is<Step> S> void describe(IO& io, S& s) {
  io(s.kind, "kind"); io(s.index, "index");
}
template <typename IO, Is<SourceRef> S> void describe(IO& io, S& s) {
  io(s.line, "line"); io(s.column, "column"); io(s.text, "text");
}

template <typename IO, typename P> void describe_code(IO& io, P& p) {
  io(p.profile, "profile"); io(p.version, "version"); io(p.owner, "owner"); io(p.schema, "schema");
  io(p.constants, "constants"); io(p.sets, "sets"); io(p.string_lists, "string_lists"); io(p.code, "code");
  io(p.signals, "signals"); io(p.criteria, "criteria"); io(p.exclusions, "exclusions"); io(p.tiers, "tiers");
  io(p.bonuses, "bonuses"); io(p.roles, "roles"); io(p.route, "route"); io(p.order, "order");
}
template <typename IO, typename D> void describe_debug(IO& io, D& d) {
  io(d.source_path, "source_path"); io(d.instructions, "instructions"); io(d.criteria, "criteria");
  io(d.exclusions, "exclusions"); io(d.tiers, "tiers"); io(d.bonuses, "bonuses"); io(d.signals, "signals");
  io(d.roles, "roles"); io(d.route, "route");
}

// --- writing ---

class Writer {
 public:
  template <typename T> requires std::is_integral_v<T> void operator()(T value) {
    using U = std::make_unsigned_t<T>;
    auto bits = static_cast<U>(value);
    for (std::size_t i = 0; i < sizeof(T); ++i) out_.push_back(static_cast<char>((bits >> (8 * i)) & 0xFF));
  }
  template <typename E> requires std::is_enum_v<E> void operator()(E value) {
    static_assert(sizeof(E) == 1, "the format stores every enum in one byte");
    (*this)(static_cast<std::uint8_t>(value));
  }
  void operator()(bool value) { (*this)(static_cast<std::uint8_t>(value ? 1 : 0)); }
  void operator()(Decimal value) { (*this)(value.units()); }
  void operator()(const std::string& text) {
    (*this)(static_cast<std::uint32_t>(text.size()));
    out_ += text;
  }
  void operator()(const Instruction& in) { (*this)(in.op); (*this)(in.kind); (*this)(in.x); (*this)(in.y); }
  template <typename T> void operator()(const std::optional<T>& value) {
    (*this)(value.has_value());
    if (value) (*this)(*value);
  }
  template <typename T> void operator()(const std::vector<T>& items) {
    (*this)(static_cast<std::uint32_t>(items.size()));
    for (const T& item : items) (*this)(item);
  }
  template <typename T> requires std::is_class_v<T> void operator()(const T& value) { describe(*this, value); }
  template <typename T> void operator()(const T& value, std::string_view /*member*/) { (*this)(value); }

  void raw(std::string_view bytes) { out_ += bytes; }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

std::string write_debug_section(const DebugInfo& debug) {
  Writer writer;
  describe_debug(writer, debug);
  return std::move(writer.out());
}

void append_section(Writer& file, std::string_view tag, const std::string& payload) {
  file.raw(tag);
  file(static_cast<std::uint32_t>(payload.size()));
  file.raw(payload);
}

// --- reading ---

struct ReadFailure {
  std::size_t offset;
  std::string message;
};

// Reads one region of the file; `base` is the region's offset in the file, for messages.
class Reader {
 public:
  Reader(std::string_view bytes, std::size_t base, std::string label)
      : bytes_(bytes), base_(base), label_(std::move(label)) {}

  std::size_t offset() const { return base_ + pos_; }
  std::size_t remaining() const { return bytes_.size() - pos_; }
  std::size_t code_offset() const { return code_offset_; }

  std::string_view take(std::size_t n) {
    if (n > remaining()) {
      fail(fmt::format("truncated {} at byte {}: needs {} more bytes", label_, offset(), n - remaining()));
    }
    std::string_view result = bytes_.substr(pos_, n);
    pos_ += n;
    return result;
  }

  template <typename T> requires std::is_integral_v<T> void operator()(T& value) {
    std::string_view b = take(sizeof(T));
    std::make_unsigned_t<T> bits = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) {
      bits |= static_cast<std::make_unsigned_t<T>>(static_cast<std::uint8_t>(b[i])) << (8 * i);
    }
    value = static_cast<T>(bits);
  }
  template <typename E> requires std::is_enum_v<E> void operator()(E& value) {
    const std::size_t at = offset();
    std::uint8_t raw = 0;
    (*this)(raw);
    if (raw >= EnumInfo<E>::count) fail_at(at, fmt::format("invalid {} {} at byte {}", EnumInfo<E>::name, raw, at));
    value = static_cast<E>(raw);
  }
  void operator()(bool& value) { value = flag("boolean"); }
  void operator()(Decimal& value) {
    std::int64_t units = 0;
    (*this)(units);
    value = Decimal::from_units(units);
  }
  // Every string is UTF-8, so every output can show it (docs/reliability.md "Artifacts").
  void operator()(std::string& text) {
    const std::uint32_t length = length_field("string");
    const std::size_t at = offset();
    text.assign(take(length));
    if (simdjson::validate_utf8(text.data(), text.size())) return;
    const std::size_t bad = at + first_invalid_utf8(text).value_or(0);
    fail_at(bad, fmt::format("invalid UTF-8 byte 0x{:02x} at byte {} in the string `{}` of the {} (every string "
                             "must be UTF-8)", static_cast<unsigned char>(bytes_[bad - base_]), bad, where(), label_));
  }
  void operator()(Instruction& in) {
    // The opcode is kept raw: the verifier names a bad one by its instruction index.
    std::uint8_t op = 0;
    (*this)(op);
    in.op = static_cast<Opcode>(op);
    (*this)(in.kind); (*this)(in.x); (*this)(in.y);
  }
  template <typename T> void operator()(std::optional<T>& value) {
    value.reset();
    if (flag("optional")) {
      T item{};
      (*this)(item);
      value = std::move(item);
    }
  }
  template <typename T> void operator()(std::vector<T>& items) {
    // Every item takes at least one byte, so a count above the bytes left is a lie; no
    // reserve(), so memory grows only with items actually read.
    const std::uint32_t count = length_field("list");
    if constexpr (std::is_same_v<T, Instruction>) code_offset_ = offset();
    items.clear();
    for (std::uint32_t i = 0; i < count; ++i) {
      T item{};
      path_.push_back({{}, i});
      (*this)(item);
      path_.pop_back();
      items.push_back(std::move(item));
    }
  }
  template <typename T> requires std::is_class_v<T> void operator()(T& value) { describe(*this, value); }
  template <typename T> void operator()(T& value, std::string_view member) {
    path_.push_back({member, 0});
    (*this)(value);
    path_.pop_back();
  }

  void expect_end() {
    if (remaining() != 0) fail(fmt::format("{} has {} unread bytes at byte {}", label_, remaining(), offset()));
  }
  [[noreturn]] void fail(std::string message) const { throw ReadFailure{offset(), std::move(message)}; }
  [[noreturn]] static void fail_at(std::size_t at, std::string message) { throw ReadFailure{at, std::move(message)}; }

 private:
  bool flag(const char* what) {
    const std::size_t at = offset();
    std::uint8_t raw = 0;
    (*this)(raw);
    if (raw > 1) fail_at(at, fmt::format("invalid {} flag {} at byte {} (must be 0 or 1)", what, raw, at));
    return raw == 1;
  }
  std::uint32_t length_field(const char* what) {
    const std::size_t at = offset();
    std::uint32_t length = 0;
    (*this)(length);
    if (length > remaining()) {
      fail_at(at, fmt::format("{} length {} at byte {} exceeds the {} bytes left in the {}", what, length, at,
                              remaining(), label_));
    }
    return length;
  }

  // The member being read, as bytecode.hpp names it: "tiers[1].label".
  std::string where() const {
    std::string text;
    for (const PathStep& step : path_) {
      if (step.member.empty()) {
        text += fmt::format("[{}]", step.index);
      } else {
        text += (text.empty() ? "" : ".") + std::string(step.member);
      }
    }
    return text;
  }

  struct PathStep {
    std::string_view member;  // empty for an item of a list
    std::uint32_t index;      // the item's index in its list
  };
  std::string_view bytes_;
  std::size_t base_;
  std::string label_;
  std::size_t pos_ = 0;
  std::size_t code_offset_ = 0;
  std::vector<PathStep> path_;
};

// Splits off one "TAG" u32-length section; returns the payload and its file offset.
std::pair<std::string_view, std::size_t> take_section(Reader& file, std::string_view tag, const char* name) {
  const std::size_t at = file.offset();
  if (file.remaining() == 0) file.fail(fmt::format("missing {} section at byte {}", name, at));
  if (file.take(tag.size()) != tag) {
    Reader::fail_at(at, fmt::format("expected the {} section (tag `{}`) at byte {}", name, tag, at));
  }
  std::uint32_t length = 0;
  file(length);
  if (length > file.remaining()) {
    const std::size_t end = file.offset() + file.remaining();
    const std::size_t missing = length - file.remaining();
    file.fail(fmt::format("truncated {} section at byte {}: needs {} more bytes", name, end, missing));
  }
  const std::size_t payload_offset = file.offset();
  return {file.take(length), payload_offset};
}

Program read_program(std::string_view bytes, std::size_t& code_offset) {
  Reader file(bytes, 0, "header");
  if (bytes.size() < kArtifactMagic.size() || bytes.substr(0, kArtifactMagic.size()) != kArtifactMagic) {
    file.fail("not an .icpb file: it does not start with `ICPB`");
  }
  file.take(kArtifactMagic.size());
  std::uint32_t version = 0;
  file(version);
  if (version != kFormatVersion) {
    Reader::fail_at(4, fmt::format("format version {} is not supported (this build reads version {}); rebuild the "
                                   "profile with this icpc", version, kFormatVersion));
  }
  Program program;
  const auto [code_bytes, code_at] = take_section(file, "CODE", "CODE");
  Reader code(code_bytes, code_at, "CODE section");
  describe_code(code, program);
  code.expect_end();
  code_offset = code.code_offset();

  const auto [debug_bytes, debug_at] = take_section(file, "DBUG", "DEBUG");
  Reader debug(debug_bytes, debug_at, "DEBUG section");
  describe_debug(debug, program.debug);
  debug.expect_end();
  if (file.remaining() != 0) {
    file.fail(fmt::format("unexpected bytes after the DEBUG section at byte {}", file.offset()));
  }
  program.schema.build_lookup();
  return program;
}

}  // namespace

std::string serialize_code_section(const Program& program) {
  Writer writer;
  describe_code(writer, program);
  return std::move(writer.out());
}

std::string serialize(const Program& program) {
  Writer file;
  file.raw(kArtifactMagic);
  file(kFormatVersion);
  append_section(file, "CODE", serialize_code_section(program));
  append_section(file, "DBUG", write_debug_section(program.debug));
  return std::move(file.out());
}

std::string program_id(const Program& program) { return "sha256:" + sha256_hex(serialize_code_section(program)); }

std::optional<VerifyError> seal(Program& program) {
  if (auto error = verify(program)) return error;
  prepare(program);
  program.max_stack = max_stack_depth(program);
  program.id = program_id(program);
  return std::nullopt;
}

LoadResult load(std::string_view bytes) {
  LoadResult result;
  std::size_t code_offset = 0;
  Program program;
  try {
    program = read_program(bytes, code_offset);
  } catch (ReadFailure& failure) {
    result.error = LoadError{failure.offset, std::move(failure.message)};
    return result;
  }
  std::optional<VerifyError> error;
  try {
    error = seal(program);
  } catch (const std::exception& failure) {  // prepare() on a program the verifier let through
    result.error = LoadError{0, fmt::format("cannot prepare the program: {}", failure.what())};
    return result;
  }
  if (error) {
    // Point at the instruction's 8 bytes when there is one; otherwise at the CODE section.
    const std::size_t at = error->instruction ? code_offset + 8 * static_cast<std::size_t>(*error->instruction) : 8;
    result.error = LoadError{at, "invalid program: " + error->message};
    return result;
  }
  result.program = std::move(program);
  return result;
}

LoadResult load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  if (in) contents << in.rdbuf();
  if (!in || in.bad()) {
    LoadResult result;
    result.error = LoadError{0, fmt::format("cannot read `{}`", path)};
    return result;
  }
  return load(contents.str());
}

}  // namespace icp::vm
