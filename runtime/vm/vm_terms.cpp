// Evaluator::condition_terms (vm.hpp): a condition split at its top-level `and`, each operand
// run on its own against the last audited decision, for `icpc explain` to say which term
// kept a route rule from firing. Input: a chunk of the program. Output: its terms' results
// and reads.
#include <cassert>

#include "runtime/vm/vm.hpp"

namespace icp::vm {
namespace {

// compiler/lower emits `a and b and c` as [a] JUMP_IF_FALSE end [b] AND JUMP_IF_FALSE end [c]
// AND end: RETURN, flattening nested `and`s into one chain. A jump inside an operand lands
// before the instruction that follows the operand (an AND, OR, NOT, comparison...), so only
// the top-level chain's jumps land on the RETURN.
std::vector<Chunk> top_level_terms(const Program& program, const Chunk& chunk) {
  const std::uint32_t ret = chunk.end - 1;  // INVARIANT: a chunk ends in RETURN (verified)
  std::vector<std::uint32_t> jumps;
  for (std::uint32_t pc = chunk.begin; pc < ret; ++pc) {
    const Instruction& in = program.code[pc];
    if (in.op == Opcode::JUMP_IF_FALSE && in.y == ret) jumps.push_back(pc);
  }
  if (jumps.empty()) return {Chunk{chunk.begin, ret}};
  std::vector<Chunk> terms{Chunk{chunk.begin, jumps.front()}};
  for (std::size_t k = 0; k < jumps.size(); ++k) {
    const std::uint32_t next = k + 1 < jumps.size() ? jumps[k + 1] : ret;
    terms.push_back(Chunk{jumps[k] + 1, next - 1});  // next - 1: the AND that joins it to the chain
  }
  return terms;
}

}  // namespace

std::vector<Evaluator::ConditionTerm> Evaluator::condition_terms(const Chunk& chunk) {
  assert(audit_ && "condition_terms follows an audited evaluate()");
  std::vector<ConditionTerm> terms;
  std::vector<AuditRead>& reads = decision_->audit.reads;
  for (const Chunk& code : top_level_terms(program_, chunk)) {
    // Its reads are noted after the decision's own, taken out, and dropped from it.
    reads_begin_ = static_cast<std::uint32_t>(reads.size());
    read_set_ready_ = false;
    ConditionTerm& term = terms.emplace_back();
    term.code = code;
    term.result = run(code);
    term.reads.assign(reads.begin() + reads_begin_, reads.end());
    reads.resize(reads_begin_);
  }
  return terms;
}

}  // namespace icp::vm
