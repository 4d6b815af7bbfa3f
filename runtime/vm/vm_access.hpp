// Stage 5, evaluate: the instructions' reads of the record and the program (fields,
// constants, window counts, constant sets), inline so that the stack machine
// (vm_dispatch.cpp) and the fast conditions (vm_fast.cpp) both call them without a call.
// Private to the VM's sources. Input: a prepared Program and a Record. Output: Values.
#pragma once

#include <algorithm>
#include <cassert>

#include "runtime/vm/vm.hpp"

namespace icp::vm {

namespace access {

inline Value number(std::int64_t units) { return Value{Value::Tag::number, units, {}}; }
inline Value text(std::string_view bytes) { return Value{Value::Tag::text, 0, bytes}; }
inline Value boolean(bool b) { return Value{Value::Tag::boolean, b ? 1 : 0, {}}; }

// LOAD_FIELD: the record's value of field `slot` (unknown when missing).
inline Value load_field(const Program& program, const Record& record, std::uint32_t slot) {
  assert(slot < program.schema.fields.size() && slot < record.field_count());
  if (!record.present(slot)) return Value{};
  switch (program.schema.fields[slot].type) {
    case FieldType::integer: {
      // Decimal::from_int inline: the units, or unknown when scaling overflows int64.
      std::int64_t units = 0;
      if (__builtin_mul_overflow(record.get_int(slot), Decimal::kScale, &units)) return Value{};
      return number(units);
    }
    case FieldType::decimal: return number(record.get_decimal(slot).units());
    case FieldType::string:
    case FieldType::naics:
    case FieldType::country: return text(record.get_string(slot));
    case FieldType::boolean: return boolean(record.get_bool(slot));
    case FieldType::date: return Value{Value::Tag::date, record.get_date(slot).days, {}};
    case FieldType::enumeration: return Value{Value::Tag::enumeration, record.get_enum(slot), {}};
    case FieldType::string_set: return Value{Value::Tag::set, slot, {}};
  }
  return Value{};
}

// IN_SET: whether `value` is in the program's constant set `index`.
inline Value in_set(const Program& program, const Value& value, std::uint32_t index) {
  if (value.tag == Value::Tag::unknown) return Value{};
  const ConstSet& set = program.sets[index];
  bool found = false;
  switch (set.kind) {
    case ConstSet::Kind::scalars:
      if (set.scalars.size() <= 8) {
        // A few values (an enum's, tiers): all compared, no branch on the value.
        for (std::int64_t s : set.scalars) found |= s == value.scalar;
      } else {
        found = std::binary_search(set.scalars.begin(), set.scalars.end(), value.scalar);
      }
      break;
    case ConstSet::Kind::texts: found = program.text_sets[index].contains(value.text); break;
    case ConstSet::Kind::naics_prefixes: {
      std::string_view code = value.text;
      if (code.size() < 2 || code.size() > 6) break;  // not a code: in no list
      std::size_t number = 0;
      bool digits = true;
      for (char c : code) {
        digits = digits && c >= '0' && c <= '9';
        number = number * 10 + static_cast<std::size_t>(c - '0');
      }
      const auto& tables = program.naics_tables[index];
      found = digits && tables.size() == 5 && tables[code.size() - 2][number];
      break;
    }
  }
  return boolean(found);
}

// HAS_ANY / HAS_ALL: whether the record's set (a Value naming its field) has any / all of
// the program's string list `list`.
inline Value has_list(const Program& program, const Record& record, const Value& set, std::uint32_t list, bool all) {
  if (set.tag != Value::Tag::set) return Value{};
  if (!all) {
    // One pass over the record's items, each looked up in the list's hash: the record's
    // sets are short, and `any` stops at the first hit either way.
    const TextSet& items = program.list_sets[list];
    for (StringRef item : record.get_set(static_cast<std::size_t>(set.scalar))) {
      if (items.contains(record.view(item))) return boolean(true);
    }
    return boolean(false);
  }
  bool result = all;
  for (const std::string& item : program.string_lists[list]) {
    bool has = record.set_has(static_cast<std::size_t>(set.scalar), item);
    if (has != all) {  // any: the first hit decides; all: the first miss decides
      result = has;
      break;
    }
  }
  return boolean(result);
}

// A field_starts_with_any term (fast_conditions.hpp): whether `value`, a text, starts with
// one of the constants `items`; unknown for anything else.
inline Value starts_with_any(const Program& program, const Value& value, const std::vector<std::uint32_t>& items) {
  if (value.tag != Value::Tag::text) return Value{};
  return boolean(std::any_of(items.begin(), items.end(),
                             [&](std::uint32_t k) { return value.text.starts_with(program.constants[k].text); }));
}

}  // namespace access

inline Value Evaluator::load_field(std::uint32_t slot) const { return access::load_field(program_, *record_, slot); }

inline Value Evaluator::load_constant(std::uint32_t index) const {
  const Constant& constant = program_.constants[index];
  switch (constant.type) {
    case ValueType::boolean: return Value{Value::Tag::boolean, constant.scalar, {}};
    case ValueType::number: return access::number(constant.scalar);
    case ValueType::text: return access::text(constant.text);
    case ValueType::date: return Value{Value::Tag::date, constant.scalar, {}};
    case ValueType::enumeration: return Value{Value::Tag::enumeration, constant.scalar, {}};
  }
  return Value{};
}

inline Value Evaluator::count(std::uint32_t pc) const {
  // At most the record's event count: no overflow.
  return access::number(window_counts_[program_.count_slots[pc]] * Decimal::kScale);
}

inline Value Evaluator::in_set(const Value& value, std::uint32_t index) const {
  return access::in_set(program_, value, index);
}

inline Value Evaluator::has_list(const Value& set, std::uint32_t list, bool all) const {
  return access::has_list(program_, *record_, set, list, all);
}

// After each step: the aggregates (excluded, tier, score) are computed as soon as the
// last definition they depend on has run.
inline void Evaluator::finish_step(const Step& step) {
  switch (step.kind) {
    case Step::Kind::criterion: break;
    case Step::Kind::exclusion:
      if (--exclusions_left_ == 0) finish_exclusions();
      break;
    case Step::Kind::tier:
      if (--tiers_left_ == 0) finish_tiers();
      break;
    case Step::Kind::bonus:
      if (--bonuses_left_ == 0) finish_score();
      break;
  }
}

}  // namespace icp::vm
