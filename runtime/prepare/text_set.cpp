// Building a TextSet (runtime/prepare/text_set.hpp): open addressing with linear probing, at most
// half full. Input: the items (duplicates are kept once). Output: the table.
#include "runtime/prepare/text_set.hpp"

#include <algorithm>

namespace icp::vm {

TextSet::TextSet(const std::vector<std::string>& items) {
  if (items.empty()) return;
  std::size_t size = 4;
  while (size < 2 * items.size()) size *= 2;
  slots_.resize(size);
  mask_ = size - 1;
  for (const std::string& item : items) {
    if (contains(item)) continue;
    const std::uint64_t h = hash(item);
    std::size_t i = h & mask_;
    while (slots_[i].item >= 0) i = (i + 1) & mask_;
    slots_[i] = Slot{h, static_cast<std::int32_t>(items_.size())};
    items_.push_back(item);
    if (item.size() < 64) {
      short_lengths_ |= std::uint64_t{1} << item.size();
    } else {
      long_items_ = true;
    }
  }
  few_ = items_.size() <= kFew && std::all_of(items_.begin(), items_.end(), [](const std::string& item) {
           return item.size() <= ShortText::kMaxSize;
         });
  if (few_) {
    for (const std::string& item : items_) few_items_.push_back(make_short_text(item));
  }
}

}  // namespace icp::vm
