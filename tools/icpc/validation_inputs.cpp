// Options and input loading shared by `icpc backtest` and `icpc nucleus`. Input: the
// command line and the files it names. Output: CrmExports, or a printed error.
#include "tools/icpc/validation_inputs.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "tools/icpc/commands.hpp"
#include "tools/icpc/output_file.hpp"

namespace icp::cli {

void add_validation_options(CLI::App& command, ValidationOptions& options) {
  command.add_option("--accounts", options.accounts, "The accounts export (CSV), one row per account")
      ->required()
      ->type_name("FILE");
  command.add_option("--opportunities", options.opportunities, "The opportunities export (CSV), one row per deal")
      ->required()
      ->type_name("FILE");
  command.add_option("--map", options.map,
                     "Column mapping (TOML): key, stage values, dates, amount, account fields; see docs/backtest.md")
      ->type_name("MAPPING.toml");
  command.add_option("--from", options.from, "Only opportunities engaged on or after this date")->type_name("YYYY-MM-DD");
  command.add_option("--to", options.to, "Only opportunities engaged on or before this date; deals closed after it count as open")
      ->type_name("YYYY-MM-DD");
  command.add_option("--format", options.format, "text, json or html (self-contained, no network)")
      ->check(CLI::IsMember({"text", "json", "html"}).description(""))
      ->type_name("FORMAT")
      ->capture_default_str();
  command.add_option("--output", options.output, "Where to write the report; default: stdout")->type_name("FILE");
}

Date today_utc() {
  const auto now = std::chrono::system_clock::now();
  const auto days = std::chrono::floor<std::chrono::days>(now).time_since_epoch().count();
  return Date{static_cast<std::int32_t>(days)};
}

namespace {

bool parse_window_date(const std::string& text, const char* option, std::optional<Date>& out) {
  if (text.empty()) return true;
  out = parse_date(text);
  if (!out) print_error(fmt::format("{} expects a date YYYY-MM-DD, found \"{}\"", option, text));
  return out.has_value();
}

}  // namespace

bool load_mapping(const std::string& path, analysis::CrmMapping& out) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    print_error(fmt::format("cannot read the mapping `{}`", path));
    return false;
  }
  std::ostringstream text;
  text << file.rdbuf();
  analysis::Error error;
  auto mapping = analysis::parse_mapping(text.str(), path, error);
  if (!mapping) {
    print_analysis_error(error);
    return false;
  }
  out = std::move(*mapping);
  return true;
}

bool outputs_apart_from_inputs(const ValidationOptions& options, std::vector<NamedFile> inputs) {
  inputs.push_back({"--accounts", options.accounts});
  inputs.push_back({"--opportunities", options.opportunities});
  inputs.push_back({"--map", options.map});
  return outputs_apart_from_inputs(inputs, std::vector<NamedFile>{{"--output", options.output}});
}

bool load_validation_inputs(const ValidationOptions& options, analysis::CrmExports& out) {
  if (!parse_window_date(options.from, "--from", out.window.from) ||
      !parse_window_date(options.to, "--to", out.window.to)) {
    return false;
  }
  if (out.window.from && out.window.to && *out.window.to < *out.window.from) {
    print_error(fmt::format("--to {} is before --from {}", options.to, options.from));
    return false;
  }
  out.window.today = today_utc();
  if (!options.map.empty() && !load_mapping(options.map, out.mapping)) return false;
  analysis::Error error;
  auto accounts = [&](const analysis::Source& source) {
    return analysis::read_accounts(source, out.mapping, out.accounts, error);
  };
  auto opportunities = [&](const analysis::Source& source) {
    return analysis::read_opportunities(source, out.mapping, out.accounts, out.window, out.opportunities, error);
  };
  if (!read_export(options.accounts, accounts, error) || !read_export(options.opportunities, opportunities, error)) {
    print_analysis_error(error);
    return false;
  }
  return true;
}

bool read_export(const std::string& path, const std::function<bool(const analysis::Source&)>& read,
                 analysis::Error& error) {
  if (path == "-") return read(analysis::Source{"<stdin>", {}, stdin});
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    error = analysis::Error{.message = fmt::format("cannot read `{}`: {}", path, std::strerror(errno))};
    return false;
  }
  const bool ok = read(analysis::Source{path, {}, file});
  std::fclose(file);
  return ok;
}

void print_analysis_error(const analysis::Error& error) {
  std::string_view hint;
  switch (error.hint) {
    case analysis::MappingHint::none: break;
    case analysis::MappingHint::columns: hint = " (see --map)"; break;
    case analysis::MappingHint::retention_columns: hint = " (see --map [retention])"; break;
    case analysis::MappingHint::field_column: hint = " (map a column to it with --map)"; break;
  }
  print_error(analysis::to_text(error) + std::string(hint));
}

void write_report(const std::string& output, const std::string& report) { write_output(output, report); }

}  // namespace icp::cli
