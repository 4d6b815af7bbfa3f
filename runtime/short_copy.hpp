// Copies of short byte strings for the writers of decision lines and input digests, which
// copy many pieces of a few to a few dozen bytes: inline overlapping word copies, where a
// call to memcpy costs more than the copy. Input: n bytes at `from`. Output: the same at `to`.
#pragma once

#include <cstddef>
#include <cstring>

namespace icp::vm {

// n bytes, kBlock <= n <= 2 * kBlock, as a first and a last block that may overlap.
template <std::size_t kBlock>
[[gnu::always_inline]] inline void copy_two_blocks(char* to, const char* from, std::size_t n) {
  char head[kBlock], tail[kBlock];
  std::memcpy(head, from, kBlock);
  std::memcpy(tail, from + n - kBlock, kBlock);
  std::memcpy(to, head, kBlock);
  std::memcpy(to + n - kBlock, tail, kBlock);
}

// Up to 64 bytes as two (overlapping) copies of the largest block that fits; memcpy beyond.
// 64, not 32: the audit's per-definition pieces (`{"name":"size","result":false,"line":36,`).
[[gnu::always_inline]] inline void copy_short(char* to, const char* from, std::size_t n) {
  if (n > 64) return static_cast<void>(std::memcpy(to, from, n));
  if (n >= 32) return copy_two_blocks<32>(to, from, n);
  if (n >= 16) return copy_two_blocks<16>(to, from, n);
  if (n >= 8) return copy_two_blocks<8>(to, from, n);
  if (n >= 4) return copy_two_blocks<4>(to, from, n);
  for (std::size_t i = 0; i < n; ++i) to[i] = from[i];
}

}  // namespace icp::vm
