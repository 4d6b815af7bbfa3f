// Entry lines parsed with simdjson's on-demand API (entry_parse.hpp), members in any order but
// each once. Input: a line's bytes. Output: an Entry. The line is copied into a padded
// buffer first: simdjson reads up to 64 bytes past a document's end.
#include "decision_log/entry_parse.hpp"

#include <array>

#include <fmt/format.h>
#include <simdjson.h>

#include "icp/date.hpp"

namespace icp::decision_log {
namespace od = simdjson::ondemand;

struct EntryParser::State {
  od::parser parser;
  std::string padded;

  od::document document(std::string_view line, simdjson::error_code& code) {
    padded.assign(line);
    padded.append(simdjson::SIMDJSON_PADDING, ' ');
    od::document doc;
    code = parser.iterate(padded.data(), line.size(), padded.size()).get(doc);
    return doc;
  }
};

namespace {

enum Member : unsigned {
  kDecisionId, kTime, kRequestId, kLine, kProfile, kProgram, kAsOf, kInput, kRedacted, kDecision, kSeq, kPrev, kMembers
};
constexpr std::array<std::string_view, kMembers> kNames = {"decision_id", "time",  "request_id", "line",
                                                            "profile",     "program", "as_of",    "input",
                                                            "redacted",    "decision", "seq",     "prev"};
constexpr unsigned kOptional = (1U << kLine) | (1U << kRedacted);

bool text(od::value& value, std::string& out) {
  std::string_view view;
  if (value.get_string().get(view) != simdjson::SUCCESS) return false;
  out.assign(view);
  return true;
}

bool object_text(od::value& value, std::string& out) {
  od::object object;
  std::string_view raw;
  if (value.get_object().get(object) != simdjson::SUCCESS || object.raw_json().get(raw) != simdjson::SUCCESS) {
    return false;
  }
  out.assign(raw);
  return true;
}

bool names(od::value& value, std::vector<std::string>& out) {
  out.clear();
  od::array array;
  if (value.get_array().get(array) != simdjson::SUCCESS) return false;
  for (auto item : array) {
    std::string_view name;
    if (item.get_string().get(name) != simdjson::SUCCESS) return false;
    out.emplace_back(name);
  }
  return true;
}

bool read_member(Member member, od::value& value, Entry& entry) {
  switch (member) {
    case kDecisionId: return text(value, entry.decision_id);
    case kTime: return text(value, entry.time);
    case kRequestId: return text(value, entry.request_id);
    case kLine: {
      std::uint64_t line = 0;
      if (value.get_uint64().get(line) != simdjson::SUCCESS) return false;
      entry.line = line;
      return true;
    }
    case kProfile: return text(value, entry.profile);
    // The program names a file of programs/ and as_of is decided with again: a program id
    // that is no digest could name a file outside the log, and a log whose last entry held
    // an as_of that is no date would be intact for verify yet could not be replayed.
    case kProgram: return text(value, entry.program) && is_digest_text(entry.program);
    case kAsOf: return text(value, entry.as_of) && parse_date(entry.as_of).has_value();
    case kInput: return object_text(value, entry.input);
    case kRedacted: return names(value, entry.redacted);
    case kDecision: return object_text(value, entry.decision);
    case kSeq: return value.get_uint64().get(entry.seq) == simdjson::SUCCESS;
    case kPrev: return text(value, entry.prev) && is_digest_text(entry.prev);
    case kMembers: break;
  }
  return false;
}

}  // namespace

EntryParser::EntryParser() : state_(std::make_unique<State>()) {}
EntryParser::~EntryParser() = default;

bool EntryParser::parse(std::string_view line, Entry& entry, std::string& error) {
  simdjson::error_code code = simdjson::SUCCESS;
  od::document doc = state_->document(line, code);
  od::object object;
  if (code != simdjson::SUCCESS || doc.get_object().get(object) != simdjson::SUCCESS) {
    error = "not a JSON object";
    return false;
  }
  entry.line.reset();
  entry.redacted.clear();
  unsigned seen = 0;
  for (auto field : object) {
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) {
      error = "not JSON";
      return false;
    }
    unsigned member = 0;
    while (member < kMembers && kNames[member] != key) ++member;
    if (member == kMembers) {
      error = fmt::format("unknown member `{}`", key);
      return false;
    }
    if ((seen & (1U << member)) != 0) {
      error = fmt::format("`{}` twice", key);
      return false;
    }
    seen |= 1U << member;
    od::value value;
    if (field.value().get(value) != simdjson::SUCCESS || !read_member(static_cast<Member>(member), value, entry)) {
      error = fmt::format("`{}` is not {}", key, member == kPrev || member == kProgram ? "\"sha256:<64 hex digits>\""
                                                 : member == kAsOf                     ? "a date (YYYY-MM-DD)"
                                                                                       : "of its type");
      return false;
    }
  }
  const char* trailing = nullptr;
  if (doc.current_location().get(trailing) == simdjson::SUCCESS) {  // a token after the object
    error = "not one JSON object";
    return false;
  }
  for (unsigned member = 0; member < kMembers; ++member) {
    if ((seen & (1U << member)) == 0 && (kOptional & (1U << member)) == 0) {
      error = fmt::format("`{}` is missing", kNames[member]);
      return false;
    }
  }
  return true;
}

std::optional<std::string> EntryParser::account_id(std::string_view input) {
  simdjson::error_code code = simdjson::SUCCESS;
  od::document doc = state_->document(input, code);
  std::string_view id;
  if (code != simdjson::SUCCESS || doc["id"].get_string().get(id) != simdjson::SUCCESS) return std::nullopt;
  return std::string(id);
}

bool is_digest_text(std::string_view text) {
  if (text.size() != 71 || !text.starts_with("sha256:")) return false;
  for (const char c : text.substr(7)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace icp::decision_log
