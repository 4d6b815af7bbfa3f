// Reads team.toml (see team.hpp) with toml++, checking every name against the profile: a
// territory's countries against ISO 3166-1, its regions against std.geo, its tiers and fields
// against the program, each rep's capacity against the sane range. Input: TOML text and a
// program. Output: a Team, or the first problem at its line and column.
#include "analysis/queue/team.hpp"

#include <algorithm>
#include <regex>

#include <fmt/format.h>

#include "analysis/queue/geo_regions.hpp"
#include "analysis/toml_reader.hpp"
#include "compiler/project/toml_words.hpp"
#include "runtime/input/reference_codes.hpp"

namespace icp::analysis {
namespace {

// An absolute bound on any capacity range: a queue longer than this is no queue.
constexpr std::int64_t kMaxCapacityBound = 1000;

template <typename T>
void sort_unique(std::vector<T>& items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += fmt::format("{}{}", out.empty() ? "" : ", ", name);
  return out;
}

class TeamReader {
 public:
  TeamReader(std::string_view name, const vm::Program& program, Error& error)
      : reader_(name, error), program_(program) {}

  std::optional<Team> read(const toml::table& root) {
    team_.file = std::string(reader_.name());
    if (!reader_.only(root, "team.toml", {"capacity_range", "country_field", "territories", "reps"}) ||
        !capacity_range(root) || !country_field(root)) {
      return std::nullopt;
    }
    const toml::table* territories = nullptr;
    if (!reader_.table(root, "territories", territories)) return std::nullopt;
    if (territories != nullptr && !read_territories(*territories)) return std::nullopt;
    const toml::node* reps = root.get("reps");
    if (reps == nullptr) return fail_at(root, "team.toml names no rep: add a `[[reps]]` table per rep");
    const toml::array* list = reps->as_array();
    if (list == nullptr || !list->is_array_of_tables()) {
      return fail_at(*reps, fmt::format("`reps` must be tables (`[[reps]]`), found {}", toml_kind_of(*reps)));
    }
    if (list->size() > kMaxReps) return fail_at(*reps, fmt::format("more than {} reps", kMaxReps));
    for (const toml::node& rep : *list) {
      if (!read_rep(*rep.as_table())) return std::nullopt;
    }
    std::sort(team_.reps.begin(), team_.reps.end(), [](const Rep& a, const Rep& b) { return a.id < b.id; });
    return std::move(team_);
  }

 private:
  std::nullopt_t fail_at(const toml::node& node, std::string message) {
    reader_.fail(node, std::move(message));
    return std::nullopt;
  }

  bool capacity_range(const toml::table& root) {
    const toml::node* node = root.get("capacity_range");
    if (node == nullptr) return true;
    const toml::array* range = node->as_array();
    if (range == nullptr || range->size() != 2 || !(*range)[0].is_integer() || !(*range)[1].is_integer()) {
      return reader_.fail(*node, "`capacity_range` must be two whole numbers, [min, max]");
    }
    team_.min_capacity = *(*range)[0].value<std::int64_t>();
    team_.max_capacity = *(*range)[1].value<std::int64_t>();
    if (team_.min_capacity < 1 || team_.max_capacity < team_.min_capacity || team_.max_capacity > kMaxCapacityBound) {
      return reader_.fail(*node, fmt::format("`capacity_range` must satisfy 1 <= min <= max <= {}", kMaxCapacityBound));
    }
    return true;
  }

  // `country_field`, else the profile's only field of type country.
  bool country_field(const toml::table& root) {
    std::string name;
    if (!reader_.text(root, "country_field", name)) return false;
    const auto& fields = program_.schema.fields;
    if (!name.empty()) {
      const auto index = program_.schema.field_index(name);
      if (!index || fields[*index].type != vm::FieldType::country) {
        return reader_.fail(*root.get("country_field"),
                            fmt::format("`country_field`: the profile declares no field `{}` of type country", name));
      }
      country_field_ = *index;
      return true;
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].type != vm::FieldType::country) continue;
      if (country_field_) {
        country_field_.reset();  // two: ambiguous, so it must be named
        ambiguous_country_ = true;
        break;
      }
      country_field_ = i;
    }
    return true;
  }

  std::size_t slot_of(std::size_t field) {
    const auto found = std::find(team_.segment_fields.begin(), team_.segment_fields.end(), field);
    if (found != team_.segment_fields.end()) return static_cast<std::size_t>(found - team_.segment_fields.begin());
    team_.segment_fields.push_back(field);
    return team_.segment_fields.size() - 1;
  }

  bool read_territories(const toml::table& table) {
    if (table.size() > kMaxTerritories) return reader_.fail(table, fmt::format("more than {} territories", kMaxTerritories));
    for (const auto& [key, node] : table) {
      const toml::table* body = node.as_table();
      if (body == nullptr) {
        return reader_.fail(node, fmt::format("territory `{}` must be a table, found {}", key.str(), toml_kind_of(node)));
      }
      Territory territory{.name = std::string(key.str()), .line = node.source().begin.line};
      if (!read_territory(*body, territory)) return false;
      team_.territories.push_back(std::move(territory));
    }
    return true;
  }

  bool read_territory(const toml::table& body, Territory& out) {
    const std::string where = fmt::format("territory `{}`", out.name);
    if (!reader_.only(body, where, {"countries", "regions", "tiers", "fields"})) return false;
    std::vector<std::string> regions;
    std::vector<std::int64_t> tiers;
    if (!reader_.texts(body, "countries", out.countries) || !reader_.texts(body, "regions", regions) ||
        !reader_.integers(body, "tiers", tiers)) {
      return false;
    }
    if (!countries(body, where, regions, out) || !tier_list(body, tiers, out)) return false;
    const toml::table* fields = nullptr;
    if (!reader_.table(body, "fields", fields)) return false;
    if (fields == nullptr) return true;
    for (const auto& [field, values] : *fields) {
      if (!segment(std::string(field.str()), values, out)) return false;
    }
    return true;
  }

  bool countries(const toml::table& body, const std::string& where, const std::vector<std::string>& regions,
                 Territory& out) {
    if (out.countries.empty() && regions.empty()) return true;
    if (!country_field_) {
      const toml::node& at = body.get("countries") != nullptr ? *body.get("countries") : *body.get("regions");
      return reader_.fail(at, ambiguous_country_
                                  ? fmt::format("{} names countries, and the profile has several country fields: "
                                                "name one with `country_field`", where)
                                  : fmt::format("{} names countries, but the profile declares no field of type "
                                                "country", where));
    }
    const toml::array* codes = body.get_as<toml::array>("countries");
    for (std::size_t i = 0; codes != nullptr && i < codes->size(); ++i) {
      if (!vm::is_country_code(out.countries[i])) {
        return reader_.fail(*codes->get(i), fmt::format("unknown country code `{}` (expected an ISO 3166-1 alpha-2 "
                                                        "code, upper case)", out.countries[i]));
      }
    }
    const toml::array* names = body.get_as<toml::array>("regions");
    for (std::size_t i = 0; names != nullptr && i < names->size(); ++i) {
      std::optional<std::vector<std::string>> region = geo_region(regions[i]);
      if (!region) {
        return reader_.fail(*names->get(i), fmt::format("unknown region `{}` (std.geo has {})", regions[i],
                                                        joined(geo_region_names())));
      }
      out.countries.insert(out.countries.end(), region->begin(), region->end());
    }
    sort_unique(out.countries);
    team_.country_slot = slot_of(*country_field_);
    out.segments.push_back(Segment{.slot = *team_.country_slot, .values = out.countries});
    return true;
  }

  bool tier_list(const toml::table& body, const std::vector<std::int64_t>& tiers, Territory& out) {
    const toml::array* list = body.get_as<toml::array>("tiers");
    for (std::size_t i = 0; i < tiers.size(); ++i) {
      if (tiers[i] < 1 || tiers[i] > static_cast<std::int64_t>(program_.tiers.size())) {
        return reader_.fail(*list->get(i), fmt::format("the profile has no tier {} (its tiers are 1 to {})", tiers[i],
                                                       program_.tiers.size()));
      }
      out.tiers.push_back(static_cast<std::int32_t>(tiers[i]));
    }
    sort_unique(out.tiers);
    return true;
  }

  // `fields = { sector = ["software", "technology"] }`: values as text, checked against the field.
  bool segment(const std::string& field, const toml::node& node, Territory& out) {
    const auto index = program_.schema.field_index(field);
    if (!index) return reader_.fail(node, fmt::format("the profile declares no field `{}`", field));
    const vm::FieldSpec& spec = program_.schema.fields[*index];
    if (spec.type == vm::FieldType::string_set || spec.type == vm::FieldType::decimal ||
        spec.type == vm::FieldType::date) {
      return reader_.fail(node, fmt::format("field `{}`: territories segment on text, enum, NAICS, country, boolean "
                                            "or integer fields", field));
    }
    Segment segment{.slot = slot_of(*index), .values = {}};
    if (!reader_.texts_of(node, field, segment.values)) return false;
    const toml::array* items = node.as_array();
    for (std::size_t i = 0; i < segment.values.size(); ++i) {
      if (spec.type != vm::FieldType::enumeration) break;
      if (std::find(spec.enum_values.begin(), spec.enum_values.end(), segment.values[i]) == spec.enum_values.end()) {
        return reader_.fail(*items->get(i), fmt::format("`{}` is not a value of field `{}` (expected one of {})",
                                                        segment.values[i], field, joined(spec.enum_values)));
      }
    }
    sort_unique(segment.values);
    out.segments.push_back(std::move(segment));
    return true;
  }

  bool read_rep(const toml::table& body) {
    Rep rep{.line = body.source().begin.line};
    if (!reader_.only(body, "a rep",
                      {"id", "name", "manager", "office", "queues", "capacity", "territories", "out_of_office"}) ||
        !reader_.text(body, "id", rep.id) || !reader_.text(body, "name", rep.name) ||
        !reader_.text(body, "manager", rep.manager) || !reader_.text(body, "office", rep.office) ||
        !reader_.texts(body, "queues", rep.queues)) {
      return false;
    }
    static const std::regex kId("[a-z0-9][a-z0-9_-]*");
    if (rep.id.empty()) return reader_.fail(body, "a rep needs an `id` (lower case, digits, `-` and `_`)");
    if (!std::regex_match(rep.id, kId)) {
      return reader_.fail(*body.get("id"), fmt::format("rep id `{}` must be lower-case letters, digits, `-` and `_`, "
                                                       "starting with a letter or digit (it names the queue's file)",
                                                       rep.id));
    }
    if (rep.name.empty()) rep.name = rep.id;
    for (const Rep& other : team_.reps) {
      if (other.id == rep.id) return reader_.fail(*body.get("id"), fmt::format("rep `{}` is defined twice (line {})", rep.id, other.line));
      if (other.name == rep.name) {
        return reader_.fail(body.get("name") ? *body.get("name") : static_cast<const toml::node&>(body),
                            fmt::format("reps `{}` and `{}` have the same name `{}`: the CRM's owner would be "
                                        "ambiguous", other.id, rep.id, rep.name));
      }
    }
    if (rep.queues.empty()) return reader_.fail(body, fmt::format("rep `{}` works no queue: add `queues = [...]`", rep.id));
    sort_unique(rep.queues);
    note_unknown_queues(rep);
    return capacity(body, rep) && territories(body, rep) && out_of_office(body, rep) &&
           (team_.reps.push_back(std::move(rep)), true);
  }

  void note_unknown_queues(const Rep& rep) {
    for (const std::string& queue : rep.queues) {
      const bool routed = std::any_of(program_.route.begin(), program_.route.end(), [&](const vm::RouteRuleDef& rule) {
        return rule.action == vm::RouteRuleDef::Action::queue && rule.queue == queue;
      });
      if (!routed) {
        team_.notes.push_back(fmt::format("{}:{}: rep `{}` works queue `{}`, which no route rule of the profile names",
                                          team_.file, rep.line, rep.id, queue));
      }
    }
  }

  bool capacity(const toml::table& body, Rep& rep) {
    std::optional<std::int64_t> value;
    if (!reader_.integer(body, "capacity", value)) return false;
    if (!value) return reader_.fail(body, fmt::format("rep `{}` has no weekly `capacity`", rep.id));
    if (*value < team_.min_capacity || *value > team_.max_capacity) {
      return reader_.fail(*body.get("capacity"),
                          fmt::format("rep `{}`: capacity {} is outside the sane range {} to {} accounts a week "
                                      "(`capacity_range`)", rep.id, *value, team_.min_capacity, team_.max_capacity));
    }
    rep.capacity = *value;
    return true;
  }

  bool territories(const toml::table& body, Rep& rep) {
    std::vector<std::string> names;
    if (!reader_.texts(body, "territories", names)) return false;
    for (std::size_t i = 0; i < names.size(); ++i) {
      const auto found = std::find_if(team_.territories.begin(), team_.territories.end(),
                                      [&](const Territory& t) { return t.name == names[i]; });
      if (found == team_.territories.end()) {
        std::vector<std::string> known;
        for (const Territory& t : team_.territories) known.push_back(t.name);
        return reader_.fail(*body.get_as<toml::array>("territories")->get(i),
                            fmt::format("unknown territory `{}` ({})", names[i],
                                        known.empty() ? "team.toml defines none" : "defined: " + joined(known)));
      }
      rep.territories.push_back(static_cast<std::size_t>(found - team_.territories.begin()));
    }
    sort_unique(rep.territories);
    return true;
  }

  // `out_of_office = [2026-12-03, { from = 2026-12-07, to = 2026-12-11 }]`
  bool out_of_office(const toml::table& body, Rep& rep) {
    const toml::node* node = body.get("out_of_office");
    if (node == nullptr) return true;
    const toml::array* days = node->as_array();
    if (days == nullptr) return reader_.fail(*node, "`out_of_office` must be an array of dates or { from, to } tables");
    for (const toml::node& day : *days) {
      DayRange range;
      if (const toml::table* span = day.as_table()) {
        if (!reader_.only(*span, "an out-of-office range", {"from", "to"})) return false;
        if (span->get("from") == nullptr || span->get("to") == nullptr) {
          return reader_.fail(day, "an out-of-office range needs `from` and `to`");
        }
        if (!reader_.date(*span->get("from"), range.from) || !reader_.date(*span->get("to"), range.to)) return false;
        if (range.to < range.from) return reader_.fail(day, "an out-of-office range ends before it starts");
      } else {
        if (!reader_.date(day, range.from)) return false;
        range.to = range.from;
      }
      rep.out_of_office.push_back(range);
    }
    return true;
  }

  TomlReader reader_;
  const vm::Program& program_;
  Team team_;
  std::optional<std::size_t> country_field_;
  bool ambiguous_country_ = false;
};

}  // namespace

const Rep* Team::rep_named(std::string_view name) const {
  for (const Rep& rep : reps) {
    if (rep.name == name) return &rep;
  }
  return nullptr;
}

std::optional<Team> parse_team(std::string_view text, std::string_view name, const vm::Program& program,
                               Error& error) {
  std::optional<toml::table> root = parse_toml(text, name, error);
  if (!root) return std::nullopt;
  return TeamReader(name, program, error).read(*root);
}

}  // namespace icp::analysis
