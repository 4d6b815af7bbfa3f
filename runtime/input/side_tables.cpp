// Side files of signals and contacts: read (CSV through csv.hpp, JSON Lines line by line),
// indexed by account id, joined into records, and the rows no account used reported.
// Input: side files or text, account ids. Output: SideTables, SideErrors, a SideReport.
#include "runtime/input/side_tables.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <functional>
#include <tuple>
#include <limits>
#include <utility>

#include <fmt/format.h>
#include <simdjson.h>

namespace icp::vm {
namespace {

constexpr std::string_view kDateExpected = "a date \"YYYY-MM-DD\"";
constexpr std::string_view kDaysExpected = "a non-negative integer";
// A JSON Lines side row is held to a CSV row's limit; the window holds one and then some.
constexpr std::size_t kLineBytes = CsvLimits{}.row_bytes;
constexpr std::size_t kChunkBytes = std::size_t{256} << 10;
constexpr std::uint32_t kNoTitle = std::numeric_limits<std::uint32_t>::max();

std::string json_quoted(std::string_view text) {
  std::string out;
  append_json_string(text, out);
  return out;
}

bool is_csv(std::string_view name) { return name.ends_with(".csv"); }
bool is_jsonl(std::string_view name) { return name.ends_with(".jsonl") || name.ends_with(".json"); }

// days_ago: digits only, within 32 bits.
std::optional<std::int32_t> parse_days(std::string_view text) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  std::int32_t days = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), days);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return days;
}

void mark(std::vector<std::uint8_t>& known, std::size_t at) {
  // Threads deciding accounts may note the same id at once; any order gives the same result.
  std::atomic_ref<std::uint8_t>(known[at]).store(1, std::memory_order_relaxed);
}

}  // namespace

// One side row's values, whichever format they came from: views into the reader's row or
// simdjson's document, valid until accept() returns. Each format's reader checks the value
// types; accept() checks what the row needs as a whole.
struct SideTables::RowValues {
  std::uint32_t file = 0;
  std::size_t line = 0;
  std::optional<std::string_view> account_id;
  std::string_view id_column = "account_id";  // as written, for errors
  std::string id_found = "nothing";           // what stands for the id, when it is unusable
  bool id_seen = false;  // JSON Lines: `account_id` and `id` together are an error
  std::optional<std::string_view> type;
  std::optional<std::string_view> at;
  std::optional<std::int32_t> days_ago;
  std::optional<std::string_view> title;
  struct Problem {
    std::string field, expected, found;
  };
  std::optional<Problem> problem;  // a value of the wrong type, reported once the id is known
};

SideError SideTables::error_at(std::uint32_t file, std::size_t line, std::string field, std::string expected,
                               std::string found) const {
  SideError error;
  const std::string& name = files_[file].name;
  const std::string where = line == 0 ? name : fmt::format("{}:{}", name, line);
  error.message = field.empty() ? fmt::format("{}: expected {}, found {}", where, expected, found)
                                : fmt::format("{}: `{}`: expected {}, found {}", where, field, expected, found);
  error.side = files_[file].side;
  error.file = name;
  error.line = line;
  error.field = std::move(field);
  error.expected = std::move(expected);
  error.found = std::move(found);
  return error;
}

void SideTables::unreadable(std::uint32_t file, std::size_t line, std::string field, std::string expected,
                            std::string found, std::vector<SideError>& errors) {
  ++files_[file].unreadable;
  errors.push_back(error_at(file, line, std::move(field), std::move(expected), std::move(found)));
}

bool SideTables::count_row(std::uint32_t file, std::size_t line, std::vector<SideError>& errors) {
  if (++files_[file].rows <= max_rows_) return true;
  errors.push_back(error_at(file, line, "", fmt::format("at most {} rows (side files are held in memory)", max_rows_),
                            "more rows"));
  return false;
}

bool SideTables::load_signals(const std::string& path, std::vector<SideError>& errors) {
  return load(Kind::signals, path, errors);
}

bool SideTables::load_contacts(const std::string& path, std::vector<SideError>& errors) {
  return load(Kind::contacts, path, errors);
}

bool SideTables::add_signals(std::string_view name, std::string_view content, std::vector<SideError>& errors) {
  return add(Kind::signals, name, content, errors);
}

bool SideTables::add_contacts(std::string_view name, std::string_view content, std::vector<SideError>& errors) {
  return add(Kind::contacts, name, content, errors);
}

bool SideTables::load(Kind kind, const std::string& path, std::vector<SideError>& errors) {
  files_.push_back(SideFile{path, kind == Kind::signals ? "signals" : "contacts"});
  const auto file = static_cast<std::uint32_t>(files_.size() - 1);
  std::FILE* input = is_csv(path) || is_jsonl(path) ? std::fopen(path.c_str(), "rb") : nullptr;
  if (input == nullptr && (is_csv(path) || is_jsonl(path))) {
    const std::string reason = std::strerror(errno);
    errors.push_back(error_at(file, 0, "", "a readable file", reason));
    errors.back().message = fmt::format("cannot read `{}`: {}", path, reason);
    return false;
  }
  const bool loaded = read(kind, file, input, {}, errors);
  if (input != nullptr) std::fclose(input);
  return loaded;
}

bool SideTables::add(Kind kind, std::string_view name, std::string_view content, std::vector<SideError>& errors) {
  files_.push_back(SideFile{std::string(name), kind == Kind::signals ? "signals" : "contacts"});
  return read(kind, static_cast<std::uint32_t>(files_.size() - 1), nullptr, content, errors);
}

// Reads one file from `input` (or `content` when input is null). On failure the file's rows
// are taken out again, so a file is used whole or not at all.
bool SideTables::read(Kind kind, std::uint32_t file, std::FILE* input, std::string_view content,
                      std::vector<SideError>& errors) {
  const std::size_t signals = signals_.size(), contacts = contacts_.size(), rejected = rejected_.size();
  const std::size_t reported = errors.size();
  const std::string& name = files_[file].name;
  bool loaded = false, failed_read = false;
  if (is_csv(name)) {
    CsvReader reader = input != nullptr ? CsvReader(input) : CsvReader(content);
    loaded = read_csv(kind, file, reader, errors);
    failed_read = reader.read_failed();
  } else if (is_jsonl(name)) {
    InputWindow window = input != nullptr ? InputWindow(input, kLineBytes + kChunkBytes) : InputWindow(content);
    loaded = read_jsonl(kind, file, window, errors);
    failed_read = window.failed();
  } else {
    errors.push_back(error_at(file, 0, "", "a file ending in .csv, .jsonl or .json", json_quoted(name)));
  }
  if (failed_read) {
    const std::string reason = std::strerror(errno);
    errors.resize(reported);  // what the parse made of a cut-off input is noise
    errors.push_back(error_at(file, 0, "", "a readable file", reason));
    errors.back().message = fmt::format("cannot read `{}`: {}", name, reason);
    loaded = false;
  }
  if (!loaded) {
    signals_.resize(signals);
    contacts_.resize(contacts);
    rejected_.resize(rejected);
  }
  index();
  return loaded;
}

namespace {

// Puts rows in rank order of their id, keeping file order within one (a stable counting
// sort: linear), and sets starts[r] to where rank r's rows begin.
template <typename Row>
void group_rows(std::vector<Row>& rows, const std::vector<std::uint32_t>& rank, std::vector<std::size_t>& starts) {
  starts.assign(rank.size() + 1, 0);
  for (const Row& row : rows) ++starts[rank[row.id] + 1];
  for (std::size_t r = 0; r < rank.size(); ++r) starts[r + 1] += starts[r];
  std::vector<std::size_t> next(starts.begin(), starts.end() - 1);
  std::vector<Row> grouped(rows.size());
  for (Row& row : rows) grouped[next[rank[row.id]]++] = std::move(row);
  rows = std::move(grouped);
}

}  // namespace

void SideTables::index() {
  sorted_ids_.resize(ids_.size());
  for (std::uint32_t id = 0; id < sorted_ids_.size(); ++id) sorted_ids_[id] = id;
  std::sort(sorted_ids_.begin(), sorted_ids_.end(),
            [&](std::uint32_t a, std::uint32_t b) { return ids_[a] < ids_[b]; });
  std::vector<std::uint32_t> rank(ids_.size());
  for (std::uint32_t r = 0; r < sorted_ids_.size(); ++r) rank[sorted_ids_[r]] = r;
  group_rows(signals_, rank, groups_.signals);
  group_rows(contacts_, rank, groups_.contacts);
  group_rows(rejected_, rank, groups_.rejected);
  known_.assign(ids_.size(), 0);
}

void SideTables::accept(Kind kind, const RowValues& row, std::vector<SideError>& errors) {
  if (!row.account_id) {
    return unreadable(row.file, row.line, std::string(row.id_column), "a non-empty account id", row.id_found, errors);
  }
  const std::uint32_t id = ids_.intern(*row.account_id);
  auto reject = [&](std::string field, std::string_view expected, std::string found) {
    SideError error = error_at(row.file, row.line, std::move(field), std::string(expected), std::move(found));
    error.account_id = std::string(*row.account_id);
    rejected_.push_back(Rejected{id, kind, row.file, std::move(error)});
  };
  if (row.problem) return reject(row.problem->field, row.problem->expected, row.problem->found);
  if (kind == Kind::contacts) {
    contacts_.push_back(ContactRow{row.line, id, row.title ? titles_.intern(*row.title) : kNoTitle, row.file});
    return;
  }
  if (!row.type) return reject("type", "a signal type", "nothing");
  if (row.at && row.days_ago) return reject("at", "exactly one of `at` and `days_ago`", "both");
  if (!row.at && !row.days_ago) return reject("at", "exactly one of `at` and `days_ago`", "neither");
  std::optional<Date> at;
  if (row.at && !(at = parse_date(*row.at))) return reject("at", kDateExpected, json_quoted(*row.at));
  signals_.push_back(SignalRow{row.line, id, types_.intern(*row.type), row.file, at ? at->days : *row.days_ago,
                               at.has_value()});
}

// Where a CSV side file keeps each value: account_id (or id), type, at, days_ago, title.
struct SideTables::CsvColumns {
  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::vector<std::string> header;
  std::size_t id = kNone, type = kNone, at = kNone, days = kNone, title = kNone;
};

bool SideTables::read_csv_header(Kind kind, std::uint32_t file, CsvReader& reader, CsvColumns& columns,
                                 std::vector<SideError>& errors) {
  CsvRow row;
  CsvError csv_error;
  const auto result = reader.next(row, csv_error);
  if (result != CsvReader::Result::row) {
    const bool empty = result == CsvReader::Result::end;
    errors.push_back(error_at(file, empty ? 1 : csv_error.line, "", "a header row",
                              empty ? "an empty file" : csv_error.message));
    return false;
  }
  for (std::size_t c = 0; c < row.size(); ++c) {
    columns.header.emplace_back(row[c]);
    std::size_t* slot = row[c] == "account_id" || row[c] == "id" ? &columns.id
                        : row[c] == "type"                       ? &columns.type
                        : row[c] == "at"                         ? &columns.at
                        : row[c] == "days_ago"                   ? &columns.days
                        : row[c] == "title"                      ? &columns.title
                                                                 : nullptr;
    if (slot == nullptr) continue;  // other columns (name, email...): carried, not interpreted
    if (*slot != CsvColumns::kNone) {
      errors.push_back(error_at(file, row.line(), std::string(row[c]), "each column once", "a second column"));
      return false;
    }
    *slot = c;
  }
  auto missing = [&](std::string column, std::string expected) {
    errors.push_back(error_at(file, row.line(), std::move(column), std::move(expected), "no such column"));
    return false;
  };
  constexpr std::size_t kNone = CsvColumns::kNone;
  if (columns.id == kNone) return missing("account_id", "an `account_id` (or `id`) column");
  if (kind == Kind::signals && columns.type == kNone) return missing("type", "a `type` column");
  if (kind == Kind::signals && columns.at == kNone && columns.days == kNone) {
    return missing("at", "an `at` or `days_ago` column");
  }
  return true;
}

// One data row; `csv_error` is set when the reader refused it.
void SideTables::read_csv_row(Kind kind, std::uint32_t file, const CsvRow& row, const CsvError* csv_error,
                              const CsvColumns& columns, std::vector<SideError>& errors) {
  const std::size_t line = csv_error != nullptr ? csv_error->line : row.line();
  const std::size_t width = columns.header.size(), id = columns.id;
  RowValues values{.file = file, .line = line};
  values.id_column = columns.header[id];
  if (csv_error != nullptr && csv_error->kind == CsvError::Kind::invalid_utf8 && row.size() == width &&
      !row[id].empty() && csv_error->cell != id && simdjson::validate_utf8(row[id].data(), row[id].size())) {
    // Well-formed, with a readable id: an error of that account, like a bad value.
    values.account_id = row[id];
    values.problem = RowValues::Problem{columns.header[csv_error->cell], "UTF-8 text", csv_error->message};
    return accept(kind, values, errors);
  }
  if (csv_error != nullptr) return unreadable(file, line, "", "a well-formed CSV row", csv_error->message, errors);
  if (row.size() != width) {
    return unreadable(file, line, "", fmt::format("{} cells, as in the header", width),
                      fmt::format("{} cells", row.size()), errors);
  }
  auto cell = [&](std::size_t column) -> std::optional<std::string_view> {
    if (column == CsvColumns::kNone || row[column].empty()) return std::nullopt;
    return row[column];
  };
  values.id_found = "an empty cell";
  values.account_id = cell(id);
  values.type = cell(columns.type);
  values.at = cell(columns.at);
  values.title = cell(columns.title);
  if (auto text = cell(columns.days)) {
    values.days_ago = parse_days(*text);
    if (!values.days_ago) {
      values.problem = RowValues::Problem{"days_ago", std::string(kDaysExpected), json_quoted(*text)};
    }
  }
  accept(kind, values, errors);
}

bool SideTables::read_csv(Kind kind, std::uint32_t file, CsvReader& reader, std::vector<SideError>& errors) {
  CsvColumns columns;
  if (!read_csv_header(kind, file, reader, columns, errors)) return false;
  CsvRow row;
  CsvError csv_error;
  for (auto result = reader.next(row, csv_error); result != CsvReader::Result::end;
       result = reader.next(row, csv_error)) {
    const bool refused = result == CsvReader::Result::error;
    if (!count_row(file, refused ? csv_error.line : row.line(), errors)) return false;
    read_csv_row(kind, file, row, refused ? &csv_error : nullptr, columns, errors);
  }
  return true;
}

namespace {

// One key of a JSON Lines side row. The first value of the wrong type is kept as the row's
// problem; unknown keys (name, email...) are carried, not interpreted.
template <typename Values>
void read_json_member(std::string_view key, simdjson::dom::element value, Values& row) {
  using simdjson::dom::element_type;
  auto problem = [&](std::string_view field, std::string_view expected) {
    if (!row.problem) {
      row.problem = typename Values::Problem{std::string(field), std::string(expected), simdjson::minify(value)};
    }
  };
  std::string_view text;
  const bool is_string = value.get_string().get(text) == simdjson::SUCCESS;
  if (key == "account_id" || key == "id") {
    if (row.id_seen && !row.problem) {
      row.problem = typename Values::Problem{"account_id", "one of `account_id` and `id`", "both"};
    }
    row.id_seen = true;
    row.id_column = key;
    if (is_string && !text.empty()) {
      row.account_id = text;
    } else {
      row.id_found = simdjson::minify(value);
    }
  } else if (key == "type") {
    is_string ? void(row.type = text) : problem(key, "a string");
  } else if (key == "at") {
    is_string ? void(row.at = text) : problem(key, kDateExpected);
  } else if (key == "days_ago") {
    std::int64_t days = -1;
    const bool integer = value.type() == element_type::INT64 || value.type() == element_type::UINT64;
    if (integer && value.get_int64().get(days) != simdjson::SUCCESS) days = -1;
    if (days < 0 || days > std::numeric_limits<std::int32_t>::max()) return problem(key, kDaysExpected);
    row.days_ago = static_cast<std::int32_t>(days);
  } else if (key == "title") {
    if (is_string) {
      row.title = text;
    } else if (!value.is_null()) {
      problem(key, "a string or null");
    }
  }
}

// The next line of a JSON Lines window: without its line ending, numbered from 1. A line
// longer than kLineBytes comes back as `too_long` (its text dropped as it is read).
struct SideLine {
  std::string_view text;
  std::size_t number = 0;
  bool too_long = false;
};

// Offset of the first `\n` at or after `from` in the window, or npos.
std::size_t newline_after(const InputWindow& window, std::size_t from) {
  if (from >= window.size()) return std::string_view::npos;
  const void* found = std::memchr(window.data() + from, '\n', window.size() - from);
  if (found == nullptr) return std::string_view::npos;
  return static_cast<std::size_t>(static_cast<const char*>(found) - window.data());
}

bool next_line(InputWindow& window, std::size_t& pos, SideLine& line) {
  constexpr std::size_t kNone = std::string_view::npos;
  while (true) {
    std::size_t end = newline_after(window, pos);
    const std::size_t stop = end != kNone ? end : window.size();
    if (stop - pos > kLineBytes) {
      ++line.number;
      line.too_long = true;
      line.text = {};
      // Dropped as read: on to the next line ending, wherever it is.
      while (end == kNone && !window.at_end()) {
        window.refill(window.size());
        end = newline_after(window, 0);
      }
      pos = end != kNone ? end + 1 : window.size();
      return true;
    }
    if (end == kNone && !window.at_end()) {
      window.refill(pos);
      pos = 0;
      continue;
    }
    if (pos >= window.size()) return false;
    ++line.number;
    line.too_long = false;
    line.text = std::string_view(window.data() + pos, stop - pos);
    pos = end != kNone ? end + 1 : stop;
    if (!line.text.empty() && line.text.back() == '\r') line.text.remove_suffix(1);
    if (line.number == 1 && line.text.starts_with("\xEF\xBB\xBF")) line.text.remove_prefix(3);
    return true;
  }
}

}  // namespace

bool SideTables::read_jsonl(Kind kind, std::uint32_t file, InputWindow& window, std::vector<SideError>& errors) {
  simdjson::dom::parser parser;  // side files are read once, so the simpler DOM API is enough
  std::vector<std::string_view> keys;
  std::size_t pos = 0;
  for (SideLine line; next_line(window, pos, line);) {
    if (!line.too_long && line.text.find_first_not_of(" \t") == std::string_view::npos) continue;
    if (!count_row(file, line.number, errors)) return false;
    if (line.too_long) {
      unreadable(file, line.number, "", fmt::format("a line of at most {} bytes", kLineBytes), "a longer line", errors);
      continue;
    }
    simdjson::dom::element document;
    if (auto code = parser.parse(line.text.data(), line.text.size()).get(document); code != simdjson::SUCCESS) {
      unreadable(file, line.number, "", "well-formed JSON", simdjson::error_message(code), errors);
      continue;
    }
    simdjson::dom::object object;
    if (document.get_object().get(object) != simdjson::SUCCESS) {
      unreadable(file, line.number, "", "a JSON object", simdjson::minify(document), errors);
      continue;
    }
    RowValues values{.file = file, .line = line.number};
    keys.clear();
    for (auto member : object) {
      keys.push_back(member.key);
      read_json_member(member.key, member.value, values);
    }
    std::sort(keys.begin(), keys.end());
    if (auto dup = std::adjacent_find(keys.begin(), keys.end()); dup != keys.end() && !values.problem) {
      values.problem = RowValues::Problem{std::string(*dup), "each key once", "a duplicate key"};
    }
    accept(kind, values, errors);
  }
  return true;
}

std::optional<std::size_t> SideTables::rank_of(std::string_view id) const {
  auto found = std::lower_bound(sorted_ids_.begin(), sorted_ids_.end(), id,
                                [&](std::uint32_t number, std::string_view key) { return ids_[number] < key; });
  if (found == sorted_ids_.end() || ids_[*found] != id) return std::nullopt;
  return static_cast<std::size_t>(found - sorted_ids_.begin());
}

void SideTables::note_account(std::string_view id) const {
  if (auto rank = rank_of(id)) mark(known_, *rank);
}

bool SideTables::attach(std::string_view id, const Schema& schema, Date as_of, Record& out,
                        DecodeError& error) const {
  const auto rank = rank_of(id);
  if (!rank) return true;
  mark(known_, *rank);
  if (groups_.rejected[*rank] < groups_.rejected[*rank + 1]) {
    const Rejected& bad = rejected_[groups_.rejected[*rank]];
    const SideError& side = bad.error;
    error.field = fmt::format("{}.{}", bad.kind == Kind::signals ? "signals" : "contacts", side.field);
    error.expected = side.expected;
    error.found = side.found;
    error.message = fmt::format("{}:{}: `{}`: expected {}, found {}", side.file, side.line, error.field,
                                side.expected, side.found);
    return false;
  }
  const std::size_t first_signal = groups_.signals[*rank];
  for (std::size_t i = first_signal; i < groups_.signals[*rank + 1]; ++i) {
    const SignalRow& event = signals_[i];
    const std::int64_t age = event.has_at ? std::int64_t{as_of.days} - event.value : event.value;
    if (age < std::numeric_limits<std::int32_t>::min() || age > std::numeric_limits<std::int32_t>::max()) {
      error.field = fmt::format("signals[{}].at", i - first_signal);
      error.expected = "a date near as_of";
      error.found = format_date(Date{event.value});
      error.message = fmt::format("{}:{}: `{}`: expected {}, found {}", files_[event.file].name, event.line,
                                  error.field, error.expected, error.found);
      return false;
    }
    const std::string& type = types_[event.type];
    out.add_signal(schema.signal_type_index(type), static_cast<std::int32_t>(age), type);
  }
  for (std::size_t i = groups_.contacts[*rank]; i < groups_.contacts[*rank + 1]; ++i) {
    const ContactRow& contact = contacts_[i];
    out.add_contact(contact.title == kNoTitle ? std::nullopt
                                              : std::optional<std::string_view>(titles_[contact.title]));
  }
  return true;
}

std::vector<std::size_t> SideTables::unused(const std::function<void(const SideError&)>& report) const {
  std::vector<std::size_t> counts;
  for (const SideFile& file : files_) counts.push_back(file.unreadable);
  // What to report, kept small (errors are built one at a time as they are reported): an
  // unknown id's group of rows, or one rejected row of an unknown account.
  struct Unused {
    std::uint32_t file;
    std::size_t line;
    int table;  // 0 signals_, 1 contacts_, 2 rejected_
    std::size_t first, rows;
  };
  std::vector<Unused> found;
  for (std::size_t rank = 0; rank < sorted_ids_.size(); ++rank) {
    if (known_[rank] != 0) continue;
    auto group = [&](const auto& rows, const std::vector<std::size_t>& starts, int table) {
      const std::size_t first = starts[rank], end = starts[rank + 1];
      if (first == end) return;
      for (std::size_t k = first; k < end; ++k) ++counts[rows[k].file];
      found.push_back(Unused{rows[first].file, rows[first].line, table, first, end - first});
    };
    group(signals_, groups_.signals, 0);
    group(contacts_, groups_.contacts, 1);
    // A rejected row of an unknown account was never reported through its account: each on its own.
    for (std::size_t k = groups_.rejected[rank]; k < groups_.rejected[rank + 1]; ++k) {
      ++counts[rejected_[k].file];
      found.push_back(Unused{rejected_[k].file, rejected_[k].error.line, 2, k, 1});
    }
  }
  std::sort(found.begin(), found.end(), [](const Unused& a, const Unused& b) {
    return std::tie(a.file, a.line, a.table) < std::tie(b.file, b.line, b.table);
  });
  for (const Unused& entry : found) {
    if (entry.table == 2) {
      report(rejected_[entry.first].error);
      continue;
    }
    const std::string& id = ids_[entry.table == 0 ? signals_[entry.first].id : contacts_[entry.first].id];
    std::string what = json_quoted(id);
    if (entry.rows > 1) what += fmt::format(" ({} rows)", entry.rows);
    SideError error =
        error_at(entry.file, entry.line, "account_id", "the id of an account row read from the accounts file", what);
    error.account_id = id;
    report(error);
  }
  return counts;
}

}  // namespace icp::vm
