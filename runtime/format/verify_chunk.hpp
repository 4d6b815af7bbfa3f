// The verifier's code pass (part of vm::verify, runtime/format/artifact.hpp): one chunk, walked
// once as an abstract interpretation over the static type of every stack slot.
// Input: a Program whose tables are already verified. Output: the first broken rule, if any.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "runtime/format/artifact.hpp"

namespace icp::vm::detail {

// The parser caps every duration at 100 years (grammar/syntax_tree.hpp, DurationLiteral);
// a larger window or half-life would make prepare() allocate a decay table of that many entries.
inline constexpr std::int64_t kMaxDays = 365 * 100;

// Checks [chunk.begin, chunk.end): operands in bounds, jumps forward and inside, the same
// stack (depth and types) on every path into an instruction, every operand of the type its
// opcode takes (and a comparison's kind matching them), and a single bool at RETURN.
// `owner` names the chunk in messages ("criterion `size`"); max_depth grows to the deepest
// stack reached.
std::optional<VerifyError> verify_chunk(const Program& program, Chunk chunk, const std::string& owner,
                                        std::uint32_t& max_depth);

}  // namespace icp::vm::detail
