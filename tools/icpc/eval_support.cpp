// --as-of parsing, rejection reports and file handling.
#include "tools/icpc/eval_support.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "compiler/compile/compile_project.hpp"
#include "compiler/render/escape.hpp"
#include "compiler/project/project.hpp"
#include "runtime/input/record.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/rules_source.hpp"

namespace icp::cli {

std::optional<Date> parse_as_of(const std::string& text) {
  if (text.empty()) {
    // The project's pinned date makes a run reproducible: the same accounts give the same
    // decisions tomorrow. A broken icp.toml is an error, never silently today.
    const std::optional<std::filesystem::path> path = compiler::find_manifest();
    if (!path) return project::utc_today();
    std::vector<compiler::Failure> failures;
    const std::optional<compiler::ProjectManifest> manifest = compiler::read_manifest(*path, failures);
    if (!manifest) {
      print_failures(failures, use_color("auto", false));
      return std::nullopt;
    }
    return manifest->manifest.as_of.value_or(project::utc_today());
  }
  auto date = parse_date(text);
  if (!date) print_error(fmt::format("--as-of `{}` is not a date such as 2026-11-22", text));
  return date;
}

void warn_future_events(std::size_t records, std::optional<Date> as_of, const FutureEvent& first,
                        std::string_view where) {
  if (records == 0) return;
  const std::string date = as_of ? "the as-of date " + format_date(*as_of) : std::string("their as-of date");
  const std::string event = fmt::format("{}, {}, signals[{}] {} at {}", where, first.id.empty() ? "(no id)" : first.id,
                                        first.event, first.type, format_date(first.at));
  const std::string message =
      records == 1 ? fmt::format("1 record has events after {} (they are not counted): {}", date, event)
                   : fmt::format("{} records have events after {} (they are not counted); the first: {}", records, date,
                                 event);
  print_warning(message);
}

void append_rejection(std::string_view input, const RejectedRecord& rejection, bool json, std::string& out) {
  if (json) {
    append_json(rejection, out);
    return;
  }
  const std::string id = rejection.id.empty() ? std::string("(no readable id)") : fmt::format("`{}`", rejection.id);
  escape::append_text(fmt::format("{}:{}: record {} rejected: {}", input, rejection.line, id, rejection.message), out);
  out += '\n';
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

void append_side_error(const SideFileError& error, bool json, std::string& out) {
  if (json) {
    append_json(error, out);
    return;
  }
  escape::append_text(error.message, out);
  out += '\n';
}

std::vector<std::string> unused_side_counts(const std::vector<SideFileUse>& files) {
  std::vector<std::string> lines;
  for (const SideFileUse& file : files) {
    if (file.unused > 0) lines.push_back(fmt::format("{} of {} rows of `{}` not used", file.unused, file.rows, file.file));
  }
  return lines;
}

std::vector<std::string> unused_side_counts(const vm::SideTables& side, const std::vector<std::size_t>& unused) {
  std::vector<SideFileUse> files;
  for (std::size_t i = 0; i < side.files().size(); ++i) {
    const vm::SideFile& file = side.files()[i];
    files.push_back(SideFileUse{file.side, file.name, file.rows, unused[i]});
  }
  return unused_side_counts(files);
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
