// Constant string sets asked about once per record (`country in [...]`, `tech has any
// [...]`): hashed at prepare time so that a lookup is one hash and, on a hit, one
// comparison, instead of a binary search with a memcmp per step. Input: a verified
// Program's set or list items. Output: derived, never serialized (runtime/format/bytecode.hpp).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/short_text.hpp"

namespace icp::vm {

class TextSet {
 public:
  TextSet() = default;
  explicit TextSet(const std::vector<std::string>& items);

  bool contains(std::string_view text) const {
    if (few_) {
      // A few short items: compared all, without a branch on the text's bytes.
      if (text.size() > ShortText::kMaxSize) return false;
      const ShortText t = make_short_text(text);
      bool found = false;
      for (const ShortText& item : few_items_) {
        found |= ((item.low ^ t.low) | (item.high ^ t.high) | (item.size ^ t.size)) == 0;
      }
      return found;
    }
    // A length no item has needs no hashing (most of a record's set items, for example).
    if (text.size() < 64 ? ((short_lengths_ >> text.size()) & 1) == 0 : !long_items_) return false;
    const std::uint64_t h = hash(text);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.item < 0) return false;  // the table is at most half full: an empty slot ends the probe
      if (slot.hash == h && items_[static_cast<std::size_t>(slot.item)] == text) return true;
    }
  }

  // Any 64-bit mix works; this one reads eight bytes at a time, and the tail with fixed-size
  // (possibly overlapping) loads: a variable-length copy would call memcpy.
  static std::uint64_t hash(std::string_view text) { return hash_words<false>(text); }
  // The hash of the text with ASCII letters lowercased (role titles ignore ASCII case).
  static std::uint64_t hash_folded(std::string_view text) { return hash_words<true>(text); }

 private:
  template <bool Fold>
  static std::uint64_t hash_words(std::string_view text) {
    const char* p = text.data();
    const std::size_t n = text.size();
    std::uint64_t h = n * kMul;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) h = mix<Fold>(h, load<std::uint64_t>(p + i));
    if (i == n) return h;
    if (n >= 8) return mix<Fold>(h, load<std::uint64_t>(p + n - 8));
    if (n >= 4) return mix<Fold>(h, load<std::uint32_t>(p) | std::uint64_t{load<std::uint32_t>(p + n - 4)} << 32);
    if (n >= 2) return mix<Fold>(h, load<std::uint16_t>(p) | std::uint64_t{load<std::uint16_t>(p + n - 2)} << 16);
    return mix<Fold>(h, static_cast<unsigned char>(p[0]));
  }
  static constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;
  template <bool Fold>
  static std::uint64_t mix(std::uint64_t h, std::uint64_t word) {
    if constexpr (Fold) word = fold_ascii_word(word);
    h = (h ^ word) * kMul;
    return h ^ (h >> 32);
  }
  template <typename Word>
  static Word load(const char* p) {
    Word word;
    std::memcpy(&word, p, sizeof word);
    return word;
  }

  struct Slot {
    std::uint64_t hash = 0;
    std::int32_t item = -1;  // index into items_, -1 for an empty slot
  };
  static constexpr std::size_t kFew = 8;
  bool few_ = false;  // at most kFew items, none over ShortText::kMaxSize bytes: few_items_ only
  std::vector<ShortText> few_items_;
  std::vector<std::string> items_;
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::uint64_t short_lengths_ = 0;  // bit n: some item has n bytes
  bool long_items_ = false;          // some item has 64 bytes or more
};

}  // namespace icp::vm
