// The record schema as a compiled program states it: the declared `account` fields in
// source order and the declared signal types. Input: built by the lowering stage (or by
// hand in tests). Output: read by the JSON decoder, the record and the VM.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace icp::vm {

// KEEP IN SYNC: the field types of LANGUAGE.md `account { field: type }`.
enum class FieldType : std::uint8_t {
  integer, decimal, string, boolean, date, enumeration, string_set, naics, country
};

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::integer;
  bool optional = false;
  std::vector<std::string> enum_values;  // only for FieldType::enumeration, in declared order
};

// The built-ins `id`, `signals` and `contacts` are not in `fields`: every record has them.
// Call build_lookup() once after filling the vectors; the lookups are sorted vectors of
// indices (binary search), so no hash order can reach any output. Without build_lookup()
// the lookups fall back to a linear scan and are still correct.
struct Schema {
  std::vector<FieldSpec> fields;
  std::vector<std::string> signal_types;
  // Filled by build_lookup(); public only so Schema stays an aggregate (designated
  // initialisers in tests). Not to be written by anything else.
  std::vector<std::uint32_t> field_order_ = {};
  std::vector<std::uint32_t> signal_order_ = {};

  void build_lookup() {
    field_order_ = sorted_indices(fields.size(), [this](std::size_t i) -> std::string_view {
      return fields[i].name;
    });
    signal_order_ = sorted_indices(signal_types.size(), [this](std::size_t i) -> std::string_view {
      return signal_types[i];
    });
  }

  std::optional<std::size_t> field_index(std::string_view name) const {
    auto found = find(field_order_, fields.size(), name,
                      [this](std::size_t i) -> std::string_view { return fields[i].name; });
    if (found < 0) return std::nullopt;
    return static_cast<std::size_t>(found);
  }

  // Index into signal_types, or -1 for an undeclared type (kept, noted in the audit).
  std::int32_t signal_type_index(std::string_view name) const {
    return static_cast<std::int32_t>(find(signal_order_, signal_types.size(), name,
                                          [this](std::size_t i) -> std::string_view {
                                            return signal_types[i];
                                          }));
  }

 private:
  template <typename NameOf>
  static std::vector<std::uint32_t> sorted_indices(std::size_t count, NameOf name_of) {
    std::vector<std::uint32_t> order(count);
    for (std::size_t i = 0; i < count; ++i) order[i] = static_cast<std::uint32_t>(i);
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return name_of(a) < name_of(b); });
    return order;
  }

  template <typename NameOf>
  static std::int64_t find(const std::vector<std::uint32_t>& order, std::size_t count,
                           std::string_view name, NameOf name_of) {
    if (order.size() != count) {  // lookup not built (or stale): scan
      for (std::size_t i = 0; i < count; ++i) {
        if (name_of(i) == name) return static_cast<std::int64_t>(i);
      }
      return -1;
    }
    auto it = std::lower_bound(order.begin(), order.end(), name,
                               [&](std::uint32_t i, std::string_view n) { return name_of(i) < n; });
    if (it == order.end() || name_of(*it) != name) return -1;
    return *it;
  }

};

}  // namespace icp::vm
