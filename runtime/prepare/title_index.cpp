// Building and asking a TitleIndex (runtime/prepare/title_index.hpp): open addressing with linear
// probing, at most half full, keyed by TextSet::hash_folded. Input: the roles' matchers.
// Output: per title, the roles it fills and with which pattern.
#include "runtime/prepare/title_index.hpp"

#include <algorithm>
#include <map>

#include "runtime/prepare/text_set.hpp"

namespace icp::vm {

namespace {

// `folded` is already lowercased.
bool equal_folded(std::string_view title, std::string_view folded) {
  if (title.size() != folded.size()) return false;
  for (std::size_t i = 0; i < title.size(); ++i) {
    const char c = title[i];
    if (((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c) != folded[i]) return false;
  }
  return true;
}

}  // namespace

TitleIndex::TitleIndex(const std::vector<TitleMatcher>& roles) {
  // Per folded title, the roles it fills, each with its first matching pattern: patterns
  // are visited in order, so a role's later duplicate of a title is skipped.
  std::map<std::string, std::vector<Hit>> by_title;
  std::vector<std::string> order;  // first appearance, so the layout is deterministic
  for (std::size_t r = 0; r < roles.size(); ++r) {
    const std::vector<TitlePattern>& patterns = roles[r].patterns();
    if (std::any_of(patterns.begin(), patterns.end(), [](const TitlePattern& p) { return p.has_star(); })) {
      star_roles_.push_back(static_cast<std::uint32_t>(r));
      continue;
    }
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      std::vector<Hit>& hits = by_title[patterns[i].folded()];
      if (hits.empty()) order.push_back(patterns[i].folded());
      if (hits.empty() || hits.back().role != r) hits.push_back(Hit{static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(i)});
    }
  }
  for (const std::string& folded : order) {
    const std::vector<Hit>& hits = by_title[folded];
    keys_.push_back(Key{folded, static_cast<std::uint32_t>(hits_.size()), static_cast<std::uint32_t>(hits.size())});
    hits_.insert(hits_.end(), hits.begin(), hits.end());
    if (folded.size() < kShortTitle) {
      short_lengths_ |= std::uint64_t{1} << folded.size();
    } else {
      long_keys_ = true;
    }
  }
  build_table();
  short_only_ = star_roles_.empty() && roles.size() <= 64 && keys_.size() <= 16 &&
                std::all_of(keys_.begin(), keys_.end(), [](const Key& k) { return k.folded.size() <= ShortText::kMaxSize; });
  if (!short_only_) return;
  for (const Key& key : keys_) {
    short_keys_.push_back(make_short_text(key.folded));
    std::uint64_t bits = 0;
    for (std::uint32_t h = key.hits_begin; h < key.hits_begin + key.hits_count; ++h) bits |= std::uint64_t{1} << hits_[h].role;
    short_key_roles_.push_back(bits);
  }
}

void TitleIndex::build_table() {
  if (keys_.empty()) return;
  std::size_t size = 4;
  while (size < 2 * keys_.size()) size *= 2;
  slots_.resize(size);
  mask_ = size - 1;
  for (std::size_t k = 0; k < keys_.size(); ++k) {
    const std::uint64_t h = TextSet::hash_folded(keys_[k].folded);
    std::size_t i = h & mask_;
    while (slots_[i].key >= 0) i = (i + 1) & mask_;
    slots_[i] = Slot{h, static_cast<std::int32_t>(k)};
  }
}

std::int32_t TitleIndex::lookup(std::string_view title, std::uint64_t hash) const {
  for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
    const Slot& slot = slots_[i];
    if (slot.key < 0) return -1;
    if (slot.hash == hash && equal_folded(title, keys_[static_cast<std::size_t>(slot.key)].folded)) return slot.key;
  }
}

std::span<const TitleIndex::Hit> TitleIndex::find(std::string_view title) const {
  // Most titles are rejected by their length alone, before any hashing.
  const bool possible = title.size() < kShortTitle ? ((short_lengths_ >> title.size()) & 1) != 0 : long_keys_;
  if (!possible || slots_.empty()) return {};
  const std::int32_t k = lookup(title, TextSet::hash_folded(title));
  if (k < 0) return {};
  const Key& key = keys_[static_cast<std::size_t>(k)];
  return std::span<const Hit>(hits_).subspan(key.hits_begin, key.hits_count);
}

}  // namespace icp::vm
