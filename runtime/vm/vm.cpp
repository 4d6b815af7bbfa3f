// Stage 5, evaluate: the phases of one decision (signals, committee, the definitions in
// dependency order, verdict, route) and the work behind the instructions that touch the
// record or the program. Input: a prepared Program and a Record. Output: the Decision.
#include "runtime/vm/vm.hpp"
#include "runtime/vm/semantics/outcome.hpp"
#include "runtime/vm/vm_access.hpp"

#include <algorithm>
#include <cassert>
#include <functional>
#include <limits>

namespace icp::vm {

namespace {

Value text(std::string_view bytes) { return Value{Value::Tag::text, 0, bytes}; }

std::size_t chunk_length(const Chunk& chunk) { return chunk.end - chunk.begin; }

template <typename Def>
void consider(const std::vector<Def>& defs, std::size_t& longest) {
  for (const Def& def : defs) longest = std::max(longest, chunk_length(def.code));
}

// A signal without decay: each of the first `cap` counted events earns the weight, so the
// points are weight × min(counted, cap), exactly what tally_signal sums term by term (the
// terms share a sign, so the sum overflows exactly when this product does).
std::optional<Decimal> undecayed_points(const SignalRule& rule, std::int64_t counted) {
  const std::int64_t earning = rule.cap ? std::min(*rule.cap, counted) : counted;
  std::int64_t units = 0;
  if (__builtin_mul_overflow(rule.weight.units(), earning, &units)) return std::nullopt;
  return Decimal::from_units(units);
}

}  // namespace

const FastCondition* Evaluator::fast_for(const Program& p, const Chunk& code) {
  if (code.begin >= p.fast_condition_at.size() || p.fast_condition_at[code.begin] < 0) return nullptr;
  return &p.fast_conditions[static_cast<std::size_t>(p.fast_condition_at[code.begin])];
}

Evaluator::PlannedStep Evaluator::plan(const Program& p, const Step& step) {
  const Chunk& code = step_chunk(p, step);
  return PlannedStep{step, code, fast_for(p, code)};
}

Evaluator::Evaluator(const Program& program) : program_(program) {
  // Every instruction pushes at most one value, so a chunk's length bounds its depth.
  std::size_t longest = 1;
  consider(program.criteria, longest);
  consider(program.exclusions, longest);
  consider(program.tiers, longest);
  consider(program.bonuses, longest);
  for (const RouteRuleDef& rule : program.route) {
    if (rule.code) longest = std::max(longest, chunk_length(*rule.code));
  }
  stack_.resize(longest + 1);
  ages_.resize(program.schema.signal_types.size());
  role_filled_.resize(program.roles.size());
  // filled * 100 / roles, rounded down (both >= 0), for every count: no division per record.
  for (std::size_t filled = 0; filled <= program.roles.size() && !program.roles.empty(); ++filled) {
    coverage_of_filled_.push_back(static_cast<std::int64_t>(filled * 100 / program.roles.size()));
  }
  window_counts_.resize(program.window_slot_count);
  past_events_.resize(ages_.size());
  future_events_.resize(ages_.size());
  window_bounds_.push_back(0);
  for (const std::vector<Program::WindowSlot>& slots : program.window_slots) {
    windows_.insert(windows_.end(), slots.begin(), slots.end());
    window_bounds_.push_back(static_cast<std::uint32_t>(windows_.size()));
  }
  window_bounds_.resize(ages_.size() + 1, static_cast<std::uint32_t>(windows_.size()));
  for (std::size_t s = 0; s < std::min(program.signal_rules.size(), ages_.size()); ++s) {
    const SignalRule& rule = program.signal_rules[s];
    tally_weight_.push_back(rule.weight.units());
    tally_cap_.push_back(rule.cap.value_or(std::numeric_limits<std::int64_t>::max()));
    tally_slot_.push_back(program.tally_slots[s]);
  }
  single_.roles_filled.reserve(program.roles.size());
  single_.criteria.resize(program.criteria.size());
  single_.exclusions.resize(program.exclusions.size());
  single_.tiers.resize(program.tiers.size());
  single_.bonuses.resize(program.bonuses.size());
  scratch_.reserve(256);
  for (const Step& step : program.order) plan_.push_back(plan(program, step));
  plan_term_reads();
  for (const RouteRuleDef& rule : program.route) {
    route_fast_.push_back(rule.code ? fast_for(program, *rule.code) : nullptr);
  }
  prepare_block();
}

const Decision& Evaluator::evaluate(const Record& record, Date as_of, bool audit) {
  start(record, as_of, audit);
  tally_signals();
  fill_committee();
  run_steps();
  // Only a hand-built program whose `order` leaves definitions out gets here with some
  // aggregate pending; those definitions then count as unknown.
  if (exclusions_left_ > 0) finish_exclusions();
  if (tiers_left_ > 0) finish_tiers();
  if (bonuses_left_ > 0) finish_score();
  decision_->verdict = semantics::verdict_of(decision_->excluded_by.has_value(), decision_->fit_tier);
  choose_route();
  return *decision_;
}

void Evaluator::decide_audited_block(std::span<const Record> records, Date as_of) {
  // Made once, each a copy of single_ for its per-definition vectors' sizes; never resized
  // after, so a pointer to a slot stays valid.
  if (audited_.empty()) audited_.assign(kBlockSize, single_);
  struct Restore {
    Decision*& decision;
    Decision* single;
    ~Restore() { decision = single; }
  } restore{decision_, &single_};
  for (std::size_t i = 0; i < records.size(); ++i) {
    decision_ = &audited_[i];
    evaluate(records[i], as_of, true);
  }
}

void Evaluator::start(const Record& record, Date as_of, bool audit) {
  // A record's events, contacts and strings live in three separate buffers that a batch
  // run finds cold: asking for all three now overlaps their misses instead of paying
  // them one after the other as each phase first touches its buffer.
  __builtin_prefetch(record.signals().data());
  __builtin_prefetch(record.contacts().data());
  const char* strings = record.id().data();
  __builtin_prefetch(strings + 64);
  __builtin_prefetch(strings + 128);
  record_ = &record;
  audit_ = audit;
  Decision& d = *decision_;
  d.id.assign(record.id());
  d.as_of = as_of;
  d.verdict = Verdict::no_fit;
  d.fit_tier = 0;
  d.excluded_by.reset();
  d.score.reset();
  d.coverage.reset();
  d.roles_filled.clear();
  d.route_rule = 0;
  std::fill(d.criteria.begin(), d.criteria.end(), Tri::unknown);
  std::fill(d.exclusions.begin(), d.exclusions.end(), Tri::unknown);
  std::fill(d.tiers.begin(), d.tiers.end(), Tri::unknown);
  std::fill(d.bonuses.begin(), d.bonuses.end(), Tri::unknown);
  d.audited = audit;
  if (audit) {
    Audit& a = d.audit;
    a.reads.clear();
    a.criteria.assign(program_.criteria.size(), ReadRange{});
    a.exclusions.assign(program_.exclusions.size(), ReadRange{});
    a.tiers.assign(program_.tiers.size(), ReadRange{});
    a.bonuses.assign(program_.bonuses.size(), ReadRange{});
    a.signals.clear();
    a.ignored_events.clear();
    a.roles.assign(program_.roles.size(), std::nullopt);
    a.route = ReadRange{};
  }
  scratch_.clear();
  excluded_ = false;
  exclusions_left_ = program_.exclusions.size();
  tiers_left_ = program_.tiers.size();
  bonuses_left_ = program_.bonuses.size();
  if (exclusions_left_ == 0) finish_exclusions();
  if (tiers_left_ == 0) finish_tiers();
}

// Without the audit and without decay (the common case), the window counts alone decide
// the points: one tight pass over the events, then weight × min(count, cap) per signal.
void Evaluator::tally_windows_only() {
  std::fill(window_counts_.begin(), window_counts_.end(), 0);  // sized in the constructor
  const auto types = static_cast<std::uint32_t>(ages_.size());
  for (const SignalEvent& event : record_->signals()) {
    // Undeclared (negative type) and future events count nowhere.
    if (static_cast<std::uint32_t>(event.type) >= types || event.age_days < 0) continue;
    const std::uint32_t* bound = window_bounds_.data() + event.type;
    for (std::uint32_t k = bound[0]; k < bound[1]; ++k) {
      const Program::WindowSlot& w = windows_[k];
      window_counts_[w.slot] += event.age_days <= w.window_days ? 1 : 0;
    }
  }
  // undecayed_points summed (Decimal::add: an int64 sum that overflows to unknown), from
  // per-signal arrays and without a branch: one overflow anywhere makes the points unknown.
  std::int64_t total = 0;
  bool overflow = false;
  for (std::size_t s = 0; s < tally_weight_.size(); ++s) {
    std::int64_t points = 0;
    const std::int64_t earning = std::min(window_counts_[tally_slot_[s]], tally_cap_[s]);
    overflow |= __builtin_mul_overflow(tally_weight_[s], earning, &points);
    overflow |= __builtin_add_overflow(total, points, &total);
  }
  signal_points_ = overflow ? std::nullopt : std::optional(Decimal::from_units(total));
}

// The audit without decay: every counted event earns the weight, so a signal's tally
// follows from its window count and its type's past and future event counts, exactly as
// tally_signal would compute it from the ages, which are then not kept.
void Evaluator::tally_audited_windows() {
  std::fill(window_counts_.begin(), window_counts_.end(), 0);  // these three sized in the constructor
  std::fill(past_events_.begin(), past_events_.end(), 0);
  std::fill(future_events_.begin(), future_events_.end(), 0);
  std::span<const SignalEvent> events = record_->signals();
  for (std::size_t i = 0; i < events.size(); ++i) count_audited_event(static_cast<std::uint32_t>(i), events[i]);
  std::optional<Decimal> total = Decimal{};
  const std::size_t count = std::min(program_.signal_rules.size(), ages_.size());
  for (std::size_t s = 0; s < count; ++s) {
    const SignalRule& rule = program_.signal_rules[s];
    // Filled in place: a local copied in would be written in 8-byte halves and read back
    // in 16-byte ones, which stalls store forwarding.
    SignalTally& tally = decision_->audit.signals.emplace_back();
    tally.counted = window_counts_[program_.tally_slots[s]];
    tally.capped_out = rule.cap ? std::max<std::int64_t>(0, tally.counted - *rule.cap) : 0;
    tally.future = future_events_[s];
    tally.expired = past_events_[s] - tally.counted;
    tally.points = undecayed_points(rule, tally.counted);
    total = (total && tally.points) ? total->add(*tally.points) : std::nullopt;
  }
  signal_points_ = total;
}

void Evaluator::count_audited_event(std::uint32_t index, const SignalEvent& event) {
  if (event.type < 0 || static_cast<std::size_t>(event.type) >= ages_.size()) {
    decision_->audit.ignored_events.push_back({index, IgnoredEvent::Why::undeclared});
    return;
  }
  const auto type = static_cast<std::size_t>(event.type);
  if (event.age_days < 0) {
    decision_->audit.ignored_events.push_back({index, IgnoredEvent::Why::future});
    ++future_events_[type];
    return;
  }
  ++past_events_[type];
  const std::uint32_t* bound = window_bounds_.data() + type;
  for (std::uint32_t k = bound[0]; k < bound[1]; ++k) {
    const Program::WindowSlot& w = windows_[k];
    window_counts_[w.slot] += event.age_days <= w.window_days ? 1 : 0;
  }
}

void Evaluator::tally_signals() {
  count_signals();
  if (bonuses_left_ == 0) finish_score();
}

void Evaluator::count_signals() {
  // Ages per type are kept only where each age matters, for decaying signals; otherwise
  // the window counts decide the points and, audited, the tallies.
  if (!program_.tallies_need_ages) {
    if (audit_) {
      tally_audited_windows();
    } else {
      tally_windows_only();
    }
    return;
  }
  tally_with_ages();
}

void Evaluator::tally_with_ages() {
  for (std::vector<std::int32_t>& ages : ages_) ages.clear();
  std::fill(window_counts_.begin(), window_counts_.end(), 0);  // sized in the constructor
  std::span<const SignalEvent> events = record_->signals();
  for (std::size_t i = 0; i < events.size(); ++i) {
    const SignalEvent& event = events[i];
    auto index = static_cast<std::uint32_t>(i);
    if (event.type < 0 || static_cast<std::size_t>(event.type) >= ages_.size()) {
      if (audit_) decision_->audit.ignored_events.push_back({index, IgnoredEvent::Why::undeclared});
      continue;
    }
    // Future events stay in the ages: tally_signal reports them and never counts them.
    if (event.age_days < 0 && audit_) {
      decision_->audit.ignored_events.push_back({index, IgnoredEvent::Why::future});
    }
    const auto type = static_cast<std::size_t>(event.type);
    ages_[type].push_back(event.age_days);
    if (event.age_days < 0) continue;
    const std::uint32_t* bound = window_bounds_.data() + type;
    for (std::uint32_t k = bound[0]; k < bound[1]; ++k) {
      const Program::WindowSlot& w = windows_[k];
      window_counts_[w.slot] += event.age_days <= w.window_days ? 1 : 0;
    }
  }
  std::optional<Decimal> total = Decimal{};
  std::size_t count = std::min(program_.signal_rules.size(), ages_.size());
  for (std::size_t s = 0; s < count; ++s) {
    SignalTally tally = tally_signal(program_.signal_rules[s], ages_[s], tally_scratch_);
    if (audit_) decision_->audit.signals.push_back(tally);
    total = (total && tally.points) ? total->add(*tally.points) : std::nullopt;
  }
  signal_points_ = total;
}

void Evaluator::fill_committee() {
  // Contacts outside, roles inside: each title is trimmed once and looked up once in the
  // exact titles, and the scan stops when every role is filled. Each role still gets its
  // first matching contact, and that contact's first matching pattern (the audit's).
  std::fill(role_filled_.begin(), role_filled_.end(), 0);
  const std::size_t roles = program_.roles.size();
  roles_left_ = roles;
  std::span<const Contact> contacts = record_->contacts();
  const TitleIndex& index = program_.title_index;
  if (!audit_ && index.short_only()) {
    // Unaudited, only which roles are filled matters, not by whom: every title is
    // compared with every role title, as bits, with no branch on the titles' bytes.
    const std::uint64_t filled = roles_by_short_titles(*record_);
    for (std::size_t r = 0; r < roles; ++r) {
      role_filled_[r] = static_cast<std::uint8_t>((filled >> r) & 1);
      roles_left_ -= role_filled_[r];
    }
    finish_committee();
    return;
  }
  for (std::size_t c = 0; c < contacts.size() && roles_left_ > 0; ++c) {
    if (!contacts[c].has_title()) continue;  // untitled contacts match nothing
    const std::string_view title = trim_title(record_->view(contacts[c].title));
    const auto contact = static_cast<std::uint32_t>(c);
    for (const TitleIndex::Hit& hit : program_.title_index.find(title)) fill_role(hit.role, contact, hit.pattern);
    for (std::uint32_t r : program_.title_index.star_roles()) {
      if (role_filled_[r]) continue;
      const std::optional<std::size_t> pattern = program_.role_matchers[r].first_match_fast(title);
      if (pattern) fill_role(r, contact, static_cast<std::uint32_t>(*pattern));
    }
  }
  finish_committee();
}

std::uint64_t Evaluator::roles_by_short_titles(const Record& record) const {
  std::uint64_t filled = 0;
  for (const Contact& contact : record.contacts()) {
    if (contact.has_title()) filled |= program_.title_index.roles_of_short(trim_title(record.view(contact.title)));
  }
  return filled;
}

void Evaluator::finish_committee() {
  const std::size_t roles = program_.roles.size();
  for (std::size_t r = 0; r < roles; ++r) {
    if (role_filled_[r]) decision_->roles_filled.push_back(static_cast<std::uint32_t>(r));
  }
  if (roles > 0) decision_->coverage = coverage_of_filled_[roles - roles_left_];
}

void Evaluator::fill_role(std::uint32_t role, std::uint32_t contact, std::uint32_t pattern) {
  if (role_filled_[role]) return;  // an earlier contact filled it
  role_filled_[role] = 1;
  --roles_left_;
  if (audit_) decision_->audit.roles[role] = RoleMatch{contact, pattern};
}

Tri Evaluator::run_traced(const Chunk& chunk, const FastCondition* fast, ReadRange& range) {
  reads_begin_ = static_cast<std::uint32_t>(decision_->audit.reads.size());
  read_set_ready_ = false;
  // A fast condition notes the same reads as its bytecode (vm_fast.cpp), so the audit
  // takes it too.
  const Tri result = fast ? run_fast_audited(*fast) : run(chunk);
  range = ReadRange{reads_begin_, static_cast<std::uint32_t>(decision_->audit.reads.size())};
  return result;
}

void Evaluator::run_steps() {
  if (!audit_) {
    run_planned_steps();
    return;
  }
  Audit& a = decision_->audit;
  for (const PlannedStep& planned : plan_) {
    const std::uint32_t i = planned.step.index;
    switch (planned.step.kind) {
      case Step::Kind::criterion: decision_->criteria[i] = run_traced(planned.code, planned.fast, a.criteria[i]); break;
      case Step::Kind::exclusion:
        decision_->exclusions[i] = run_traced(planned.code, planned.fast, a.exclusions[i]);
        break;
      case Step::Kind::tier: decision_->tiers[i] = run_traced(planned.code, planned.fast, a.tiers[i]); break;
      case Step::Kind::bonus: decision_->bonuses[i] = run_traced(planned.code, planned.fast, a.bonuses[i]); break;
    }
    finish_step(planned.step);
  }
}

void Evaluator::finish_exclusions() {
  exclusions_left_ = 0;
  for (std::size_t i = 0; i < decision_->exclusions.size(); ++i) {
    if (semantics::takes(decision_->exclusions[i])) {
      decision_->excluded_by = static_cast<std::uint32_t>(i);
      break;
    }
  }
  excluded_ = decision_->excluded_by.has_value();
}

void Evaluator::finish_tiers() {
  tiers_left_ = 0;
  for (std::size_t i = 0; i < decision_->tiers.size(); ++i) {
    if (semantics::takes(decision_->tiers[i])) {  // INVARIANT: tiers ascend from 1
      decision_->fit_tier = program_.tiers[i].number;
      return;
    }
  }
}

void Evaluator::finish_score() {
  bonuses_left_ = 0;
  std::optional<Decimal> score = signal_points_;
  for (std::size_t i = 0; i < decision_->bonuses.size() && score; ++i) {
    if (semantics::takes(decision_->bonuses[i])) score = score->add(program_.bonuses[i].points);
  }
  decision_->score = score;
}

void Evaluator::choose_route() {
  // INVARIANT: the last rule is `else`, so some rule always matches.
  decision_->route_rule = static_cast<std::uint32_t>(program_.route.empty() ? 0 : program_.route.size() - 1);
  if (!audit_) {
    choose_route_unaudited();
    return;
  }
  for (std::size_t i = 0; i < program_.route.size(); ++i) {
    const RouteRuleDef& rule = program_.route[i];
    auto reads = static_cast<std::uint32_t>(decision_->audit.reads.size());
    ReadRange range{reads, reads};
    bool matched = !rule.code || semantics::takes(run_traced(*rule.code, route_fast_[i], range));
    if (matched) {
      decision_->route_rule = static_cast<std::uint32_t>(i);
      if (audit_) decision_->audit.route = range;
      return;
    }
    if (audit_) decision_->audit.reads.resize(range.begin);  // only the matched rule's reads are kept
  }
}

Value Evaluator::lower(const Value& value) {
  if (value.tag != Value::Tag::text) return Value{};
  Value source = value;
  std::size_t needed = scratch_.size() + source.text.size();
  if (needed > scratch_.capacity()) {
    // Growing moves the buffer: re-point the views into it (stack values and the source).
    const char* old_begin = scratch_.data();
    const char* old_end = old_begin + scratch_.size();
    std::string grown;
    grown.reserve(std::max(needed, 2 * scratch_.capacity()));
    grown.append(scratch_);
    auto rebase = [&](Value& v) {
      const char* p = v.text.data();
      std::less<const char*> less;
      if (v.tag == Value::Tag::text && !less(p, old_begin) && less(p, old_end)) {
        v.text = std::string_view(grown.data() + (p - old_begin), v.text.size());
      }
    };
    for (Value& v : stack_) rebase(v);
    rebase(source);
    scratch_.swap(grown);
  }
  std::size_t offset = scratch_.size();
  for (char c : source.text) scratch_.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  return text(std::string_view(scratch_).substr(offset, source.text.size()));
}

// What makes two reads one: the kind and index, or for a COUNT its signal and window.
std::uint64_t Evaluator::read_key(AuditRead::Kind kind, std::uint32_t index) const {
  std::uint64_t key = index;
  if (kind == AuditRead::Kind::count) {
    const Instruction& in = program_.code[index];
    key = (std::uint64_t{in.x} << 32) | in.y;
  }
  return (std::uint64_t{static_cast<std::uint8_t>(kind)} << 56) | key;
}

void Evaluator::note_read(AuditRead::Kind kind, std::uint32_t index, std::int64_t value) {
  if (!audit_) return;
  std::vector<AuditRead>& reads = decision_->audit.reads;
  // Two COUNTs of the same signal and window are one read, wherever they are in the code.
  // A condition reads a handful of things, so a scan is cheapest; past kScannedReads (a
  // generated rule reading thousands of criteria) a set keeps each read constant time.
  if (reads.size() - reads_begin_ < kScannedReads) {
    auto same = [&](const AuditRead& read) {
      if (read.kind != kind) return false;
      if (kind != AuditRead::Kind::count) return read.index == index;
      const Instruction &a = program_.code[read.index], &b = program_.code[index];
      return a.x == b.x && a.y == b.y;
    };
    for (std::size_t i = reads_begin_; i < reads.size(); ++i) {
      if (same(reads[i])) return;
    }
    reads.push_back(AuditRead{kind, index, value});
    return;
  }
  if (!read_set_ready_) {
    read_set_.clear();
    for (std::size_t i = reads_begin_; i < reads.size(); ++i) read_set_.insert(read_key(reads[i].kind, reads[i].index));
    read_set_ready_ = true;
  }
  if (read_set_.insert(read_key(kind, index)).second) reads.push_back(AuditRead{kind, index, value});
}

}  // namespace icp::vm
