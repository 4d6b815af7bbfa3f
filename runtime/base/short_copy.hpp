// Copies of short byte strings for the writers of decision lines and input digests, which
// copy many pieces of a few to a few dozen bytes: inline overlapping word copies, where a
// call to memcpy costs more than the copy. Input: n bytes at `from`. Output: the same at `to`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace icp::vm {

namespace short_copy_detail {

// A 16-byte value that lives in a vector register: char arrays used as temporaries were
// kept on the stack, an extra store and load per block.
typedef char Block16 __attribute__((vector_size(16)));

template <std::size_t kBytes>
struct Word;
template <>
struct Word<4> {
  using type = std::uint32_t;
};
template <>
struct Word<8> {
  using type = std::uint64_t;
};

}  // namespace short_copy_detail

// n bytes, kBlock <= n <= 2 * kBlock, as a first and a last block that may overlap: every
// load before any store, so the blocks may overlap each other and the bytes may not.
template <std::size_t kBlock>
[[gnu::always_inline]] inline void copy_two_blocks(char* to, const char* from, std::size_t n) {
  if constexpr (kBlock < 16) {
    typename short_copy_detail::Word<kBlock>::type head, tail;
    std::memcpy(&head, from, kBlock);
    std::memcpy(&tail, from + n - kBlock, kBlock);
    std::memcpy(to, &head, kBlock);
    std::memcpy(to + n - kBlock, &tail, kBlock);
  } else {
    constexpr std::size_t kParts = kBlock / 16;
    short_copy_detail::Block16 head[kParts], tail[kParts];
    for (std::size_t i = 0; i < kParts; ++i) {
      std::memcpy(&head[i], from + 16 * i, 16);
      std::memcpy(&tail[i], from + n - kBlock + 16 * i, 16);
    }
    for (std::size_t i = 0; i < kParts; ++i) {
      std::memcpy(to + 16 * i, &head[i], 16);
      std::memcpy(to + n - kBlock + 16 * i, &tail[i], 16);
    }
  }
}

// Up to 128 bytes as two (overlapping) copies of the largest block that fits; memcpy beyond.
// 128, not 32: the audit's per-definition pieces (`{"name":"size","result":false,"line":36,`,
// a signal's tally template, a tier's head, a near miss) run from 60 to 120 bytes.
[[gnu::always_inline]] inline void copy_short(char* to, const char* from, std::size_t n) {
  if (n > 128) return static_cast<void>(std::memcpy(to, from, n));
  if (n >= 64) return copy_two_blocks<64>(to, from, n);
  if (n >= 32) return copy_two_blocks<32>(to, from, n);
  if (n >= 16) return copy_two_blocks<16>(to, from, n);
  if (n >= 8) return copy_two_blocks<8>(to, from, n);
  if (n >= 4) return copy_two_blocks<4>(to, from, n);
  for (std::size_t i = 0; i < n; ++i) to[i] = from[i];
}

}  // namespace icp::vm
