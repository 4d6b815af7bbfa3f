// --as-of parsing, rejection reports and file handling.
#include "tools/icpc/eval_support.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "compiler/render/escape.hpp"
#include "compiler/project/project.hpp"
#include "runtime/input/record.hpp"
#include "tools/icpc/commands.hpp"

namespace icp::cli {

std::optional<Date> parse_as_of(const std::string& text) {
  if (text.empty()) return project::utc_today();
  auto date = parse_date(text);
  if (!date) print_error(fmt::format("--as-of `{}` is not a date such as 2026-11-22", text));
  return date;
}

void append_rejection(std::string_view input, std::size_t line, const vm::DecodeError& error, bool json,
                      std::string& out) {
  if (!json) {
    escape::append_text(fmt::format("{}:{}: record {} rejected: {}", input, line,
                                    error.id.empty() ? std::string("(no readable id)") : fmt::format("`{}`", error.id),
                                    error.message),
                        out);
    out += '\n';
    return;
  }
  out += fmt::format("{{\"line\":{},\"id\":", line);
  if (error.id.empty()) {
    out += "null";
  } else {
    vm::append_json_string(error.id, out);
  }
  const std::pair<const char*, const std::string*> fields[] = {
      {"field", &error.field}, {"expected", &error.expected}, {"found", &error.found}, {"message", &error.message}};
  for (const auto& [key, value] : fields) {
    out += fmt::format(",\"{}\":", key);
    vm::append_json_string(*value, out);
  }
  out += "}\n";
}

bool load_side_files(const std::string& signals, const std::string& contacts, vm::SideTables& side,
                     std::vector<vm::SideError>& errors) {
  if ((!signals.empty() && !side.load_signals(signals, errors)) ||
      (!contacts.empty() && !side.load_contacts(contacts, errors))) {
    print_error(errors.back().message);
    errors.pop_back();
    return false;
  }
  return true;
}

void append_side_error(const vm::SideError& error, bool json, std::string& out) {
  if (!json) {
    escape::append_text(error.message, out);
    out += '\n';
    return;
  }
  out += "{\"side\":";
  vm::append_json_string(error.side, out);
  out += ",\"file\":";
  vm::append_json_string(error.file, out);
  out += fmt::format(",\"line\":{},\"account_id\":", error.line);
  if (error.account_id.empty()) {
    out += "null";
  } else {
    vm::append_json_string(error.account_id, out);
  }
  const std::pair<const char*, const std::string*> fields[] = {
      {"field", &error.field}, {"expected", &error.expected}, {"found", &error.found}, {"message", &error.message}};
  for (const auto& [key, value] : fields) {
    out += fmt::format(",\"{}\":", key);
    vm::append_json_string(*value, out);
  }
  out += "}\n";
}

std::vector<std::string> unused_side_counts(const vm::SideTables& side, const std::vector<std::size_t>& unused) {
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < side.files().size(); ++i) {
    if (unused[i] == 0) continue;
    const vm::SideFile& file = side.files()[i];
    lines.push_back(fmt::format("{} of {} rows of `{}` not used", unused[i], file.rows, file.name));
  }
  return lines;
}

OpenFiles::~OpenFiles() {
  if (close_input_) std::fclose(input_);
}

bool OpenFiles::open(const std::string& input, const std::string& output, const std::string& errors,
                     const std::vector<NamedFile>& other_inputs) {
  auto fail = [](const std::string& path, const char* what) {
    print_error(fmt::format("cannot {} `{}`: {}", what, path, std::strerror(errno)));
    return false;
  };
  std::vector<NamedFile> inputs = other_inputs;
  inputs.push_back({"--input", input});
  if (!outputs_apart_from_inputs(inputs, {{"--output", output}, {"--errors", errors}})) return false;
  if (input == "-") {
    input_ = stdin;
  } else {
    std::error_code ec;
    if (std::filesystem::is_directory(input, ec)) {
      print_error(fmt::format("`{}` is a folder, not an input file", input));
      return false;
    }
    input_ = std::fopen(input.c_str(), "rb");
    if (input_ == nullptr) return fail(input, "read");
    close_input_ = true;
    input_size_ = static_cast<std::size_t>(std::filesystem::file_size(input, ec));
  }
  if (output.empty()) {
    output_.emplace(stdout);
  } else {
    output_.emplace(output);
  }
  if (errors.empty()) {
    errors_.emplace(stderr);
  } else {
    errors_.emplace(errors);
  }
  return true;
}

void OpenFiles::commit() {
  output_->close();
  errors_->close();
  output_->commit();
  errors_->commit();
}

}  // namespace icp::cli
