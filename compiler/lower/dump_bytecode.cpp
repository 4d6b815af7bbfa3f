// `icpc dump bytecode` of a program lowered from source: the runtime's disassembler, shown
// with the lines of the source file the program came from. Input: a Program and the
// SourceMap it was lowered from. Output: the listing.
#include "compiler/lower/lower.hpp"

#include "runtime/base/utf8.hpp"
#include "runtime/format/disassemble.hpp"

namespace icp {

std::string dump_bytecode(const vm::Program& program, const SourceMap* sources) {
  const SourceFile* file = nullptr;
  for (std::size_t i = 0; sources != nullptr && i < sources->size(); ++i) {
    const SourceFile& candidate = sources->file(static_cast<FileId>(i));
    if (valid_utf8(candidate.path()) == program.debug.source_path) file = &candidate;  // as lowering stored it
  }
  if (file == nullptr) return vm::disassemble(program);
  return vm::disassemble(program, [file](std::uint32_t line) -> std::optional<std::string_view> {
    if (line == 0 || line > file->line_count()) return std::nullopt;
    return file->line_text(line);
  });
}

}  // namespace icp
