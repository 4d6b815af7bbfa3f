// The .icpb artifact: what `icpc build` writes and a routing service loads. Input: a
// Program (from lowering) or the bytes of a file. Output: the bytes, the program id, or a
// verified, prepared Program; every load runs the verifier, so the VM never sees bad code.
#pragma once

// File layout (all integers little-endian; docs/design.md "Bytecode artifact (.icpb)"):
//
//   "ICPB"  u32 format version (vm::kFormatVersion)
//   "CODE"  u32 length  <code section: every member of Program above `debug`>
//   "DBUG"  u32 length  <debug section: DebugInfo>
//   end of file (nothing may follow)
//
// Inside a section: u8/u16/u32/i32/i64 fixed width; bool and optional flags are one byte,
// 0 or 1; enums one byte; a string is u32 length + bytes; a vector is u32 count + items;
// Decimal is its i64 units; Instruction is 8 bytes (op, kind, x u16, y u32); Chunk is
// u32 begin, u32 end. Members are written in declaration order (bytecode.hpp, schema.hpp).
// The encoding is canonical: one Program has exactly one file, and the loader refuses
// anything else (bad flags, trailing bytes), so load -> serialize gives back the same bytes.
//
// Program id = "sha256:" + hex SHA-256 of the CODE section's payload, so a change that
// only moves source lines (DEBUG) keeps the id, and any change to behaviour changes it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/format/bytecode.hpp"

namespace icp::vm {

inline constexpr std::string_view kArtifactMagic = "ICPB";

// The whole file. Pure: reads the Program, sets nothing (not even `id`).
std::string serialize(const Program& program);
// The bytes of the CODE section's payload, which the program id hashes.
std::string serialize_code_section(const Program& program);
std::string program_id(const Program& program);

// Why a Program breaks the format's rules; `instruction` names the offending instruction
// when there is one (index into Program::code).
struct VerifyError {
  std::string message;
  std::optional<std::uint32_t> instruction;
};

// Checks everything the VM relies on without re-checking: indices in bounds, opcodes and
// operands valid, jumps forward inside their chunk, the stack balanced along every path
// (depth 1 at RETURN), operand types consistent (every opcode gets the static types it
// takes, the same stack types on every path into an instruction, a bool at every RETURN:
// runtime/format/verify_chunk.hpp), tiers numbered 1..N, the route ending in `else`, signal parameters
// in range, sets sorted. Works on a lowered Program as well as on a loaded one.
std::optional<VerifyError> verify(const Program& program);
// The deepest stack any chunk reaches; meaningful only for a Program that verifies.
std::uint32_t max_stack_depth(const Program& program);

// Makes a Program ready to run: verify, then fill max_stack, the derived members
// (vm::prepare) and `id`. load() ends with this; the compiler calls it after lowering so
// that a freshly built program runs exactly as its loaded artifact would.
std::optional<VerifyError> seal(Program& program);

// `offset` is the byte of the file where the problem lies.
struct LoadError {
  std::size_t offset = 0;
  std::string message;
};

struct LoadResult {
  std::optional<Program> program;  // set on success: verified, prepared, `id` set
  LoadError error;                 // meaningful when program is empty

  explicit operator bool() const { return program.has_value(); }
};

// Never reads out of bounds, never throws on bad bytes, and never allocates more than the
// input's size justifies (every count is checked against the bytes that remain). Every
// string must be UTF-8: another is refused at its bad byte, the message naming the member
// ("tiers[1].label"), so every output can show the program's strings.
LoadResult load(std::string_view bytes);
// Reads the whole file, then load(); a file that cannot be read is an error at offset 0.
LoadResult load_file(const std::string& path);

}  // namespace icp::vm
