// Strings kept once however often they repeat (the account ids, signal types and titles of
// side files). Input: text. Output: a dense 32-bit number per distinct string, and back.
// The hash map only finds a string's number; nothing is ever listed in hash order.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace icp::vm {

class StringPool {
 public:
  StringPool() = default;
  // Moves keep the map's nodes, which strings_ points into; a copy would not.
  StringPool(StringPool&&) = default;
  StringPool& operator=(StringPool&&) = default;
  StringPool(const StringPool&) = delete;
  StringPool& operator=(const StringPool&) = delete;

  // The number of `text`, given on first sight in increasing order from 0.
  std::uint32_t intern(std::string_view text) {
    auto found = numbers_.find(text);
    if (found != numbers_.end()) return found->second;
    const auto number = static_cast<std::uint32_t>(strings_.size());
    // Map nodes never move, so the key's address stays valid for strings_.
    strings_.push_back(&numbers_.emplace(std::string(text), number).first->first);
    return number;
  }
  const std::string& operator[](std::uint32_t number) const { return *strings_[number]; }
  std::size_t size() const { return strings_.size(); }

 private:
  struct Hash {
    using is_transparent = void;  // find() by string_view, without building a string
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> numbers_;
  std::vector<const std::string*> strings_;
};

}  // namespace icp::vm
