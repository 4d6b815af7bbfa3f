// The committee's exact titles: every pattern without a star, of every role whose patterns
// have none, hashed by its folded text, so that each contact costs one lookup instead of a
// comparison per role and pattern. Input: Program::role_matchers (vm::prepare). Output:
// derived, never serialized; roles with a star pattern keep their TitleMatcher.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/short_text.hpp"
#include "runtime/prepare/title_pattern.hpp"

namespace icp::vm {

class TitleIndex {
 public:
  // A role a title fills, with the first of the role's patterns that matches it (the audit
  // reports that one, as TitleMatcher::first_match would).
  struct Hit {
    std::uint32_t role = 0;
    std::uint32_t pattern = 0;
  };

  TitleIndex() = default;
  explicit TitleIndex(const std::vector<TitleMatcher>& roles);

  // The hits of a title already trimmed (trim_title); empty when it fills no indexed role.
  std::span<const Hit> find(std::string_view title) const;
  // The roles left to their TitleMatcher, in declaration order.
  const std::vector<std::uint32_t>& star_roles() const { return star_roles_; }

  // True when every role is exact (no star), there are at most 64 roles and 16 titles, none
  // over ShortText::kMaxSize bytes: then roles_of_short answers a title as a role bitmask
  // (bit r: role r), comparing it with every title without a branch on its bytes.
  bool short_only() const { return short_only_; }
  std::uint64_t roles_of_short(std::string_view title) const {
    if (title.size() > ShortText::kMaxSize) return 0;
    const ShortText t = fold_ascii(make_short_text(title));
    std::uint64_t roles = 0;
    for (std::size_t k = 0; k < short_keys_.size(); ++k) {
      const ShortText& key = short_keys_[k];
      const bool same = ((key.low ^ t.low) | (key.high ^ t.high) | (key.size ^ t.size)) == 0;
      roles |= -static_cast<std::uint64_t>(same) & short_key_roles_[k];
    }
    return roles;
  }

 private:
  struct Key {
    std::string folded;
    std::uint32_t hits_begin = 0, hits_count = 0;  // into hits_
  };
  struct Slot {
    std::uint64_t hash = 0;
    std::int32_t key = -1;  // index into keys_, -1 for an empty slot
  };
  static constexpr std::size_t kShortTitle = 64;

  std::int32_t lookup(std::string_view title, std::uint64_t hash) const;
  void add(std::string_view folded, Hit hit);
  void build_table();

  std::vector<Key> keys_;
  std::vector<Hit> hits_;  // grouped by key
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::uint64_t short_lengths_ = 0;  // bit n: some key has n bytes
  bool long_keys_ = false;           // some key has kShortTitle bytes or more
  std::vector<std::uint32_t> star_roles_;
  bool short_only_ = false;
  std::vector<ShortText> short_keys_;          // parallel to keys_ when short_only_, folded
  std::vector<std::uint64_t> short_key_roles_;  // the roles of each key, as bits
};

}  // namespace icp::vm
