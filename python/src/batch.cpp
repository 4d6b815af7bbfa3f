// Program.decide_many: many records through the ordered batch API (icp::decide_stream) on N
// threads, the GIL released while they are decided. Input: JSON Lines bytes, a file path
// (JSON Lines, one JSON document or CSV with side files) or an iterable of records. Output:
// an icp.Decisions in input order, each rejected record's RecordError in its place.
#include <cerrno>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "python/src/convert.hpp"
#include "python/src/decisions.hpp"
#include "python/src/errors.hpp"
#include "python/src/program.hpp"

namespace icp::python {
namespace {

// KEEP IN SYNC: `icpc eval --threads` accepts the same range.
constexpr std::size_t kMaxThreads = 256;

class CollectingSink final : public BatchSink {
 public:
  explicit CollectingSink(Decisions& decisions) : decisions_(decisions) {}
  bool on_results(const BatchResults& results) override {
    decisions_.append(results);
    return true;
  }
  bool on_side_file_error(const SideFileError& error) override {
    decisions_.add_side_file_error(error);
    return true;
  }

 private:
  Decisions& decisions_;
};

// Records pulled from a Python iterable a batch at a time, each written as JSON with the GIL
// taken back for the while; the workers decide the previous batch meanwhile. A failure (the
// iterator raising, a value with no JSON form) stops the stream and is raised once it ends.
class IterableFeed final : public RecordFeed {
 public:
  explicit IterableFeed(py::iterator iterator) : iterator_(std::move(iterator)) {}
  ~IterableFeed() override {
    py::gil_scoped_acquire gil;  // the iterator is released with the GIL held, wherever this ends
    iterator_ = py::iterator();
  }
  IterableFeed(const IterableFeed&) = delete;
  IterableFeed& operator=(const IterableFeed&) = delete;

  bool fill(FedRecords& records) override {
    py::gil_scoped_acquire gil;
    if (failure_) return false;
    try {
      while (!records.full()) {
        const py::object item = py::reinterpret_steal<py::object>(PyIter_Next(iterator_.ptr()));
        if (!item) {
          if (PyErr_Occurred() != nullptr) throw py::error_already_set();
          return false;
        }
        ++count_;
        add(item, records);
      }
      return true;
    } catch (...) {
      failure_ = std::current_exception();
      return false;
    }
  }
  // After decide_stream, with the GIL held: the failure, if any, raised; a value with no JSON
  // form names its record.
  void rethrow_failure() const {
    if (failure_) with_error_prefix([&] { return fmt::format("record {}: ", count_); }, [&] { std::rethrow_exception(failure_); });
  }

 private:
  void add(const py::object& item, FedRecords& records) {
    if (PyUnicode_Check(item.ptr()) || PyBytes_Check(item.ptr()) || PyByteArray_Check(item.ptr())) {
      records.add(utf8_view(item));
      return;
    }
    buffer_.clear();
    append_record(item, buffer_);
    records.add(buffer_);
  }

  py::iterator iterator_;
  std::string buffer_;
  std::size_t count_ = 0;
  std::exception_ptr failure_;
};

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

[[noreturn]] void raise_os_error(int error, const std::string& path) {
  errno = error;
  PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, py::str(path).ptr());
  throw py::error_already_set();
}

// `icpc eval`'s rule: .csv is a CRM export, .json one account object, anything else JSON Lines.
std::string format_of(const std::string& path, const py::object& format) {
  if (!format.is_none()) return format.cast<std::string>();
  if (path.ends_with(".csv")) return "csv";
  if (path.ends_with(".json")) return "json";
  return "jsonl";
}

SideFiles side_files(const py::object& signals, const py::object& contacts) {
  SideFiles files;
  auto path = [](const py::object& value) {
    return std::string(utf8_view(py::reinterpret_steal<py::object>(PyOS_FSPath(value.ptr()))));
  };
  if (!signals.is_none()) files.signals = SideFileSource{path(signals), std::nullopt};
  if (!contacts.is_none()) files.contacts = SideFileSource{path(contacts), std::nullopt};
  return files;
}

BatchInput input_of(const std::string& format, std::FILE* file, std::string_view bytes, SideFiles sides) {
  if (format == "json") return file != nullptr ? BatchInput::json_document(file) : BatchInput::json_document(bytes);
  if (format == "csv") return file != nullptr ? BatchInput::csv(file, std::move(sides)) : BatchInput::csv(bytes, std::move(sides));
  if (format == "jsonl") return file != nullptr ? BatchInput::json_lines(file) : BatchInput::json_lines(bytes);
  throw py::value_error(fmt::format("format: expected \"jsonl\", \"json\" or \"csv\", found \"{}\"", format));
}

void check_summary(const BatchSummary& summary, const std::string& source) {
  switch (summary.failure) {
    case BatchSummary::Failure::none:
    case BatchSummary::Failure::stopped: return;
    case BatchSummary::Failure::read: raise_os_error(summary.read_errno, source);
    case BatchSummary::Failure::csv_header:
      throw py::value_error(fmt::format("{}:{}: {}", source, summary.line, summary.message));
    case BatchSummary::Failure::side_file: throw py::value_error(summary.message);
  }
}

std::shared_ptr<Decisions> decide_many(ProgramHandle& self, py::object records, py::handle as_of, std::size_t threads,
                                       bool audit, py::object format, py::object signals, py::object contacts) {
  if (threads < 1 || threads > kMaxThreads) {
    throw py::value_error(fmt::format("threads: expected 1 to {}, found {}", kMaxThreads, threads));
  }
  const BatchOptions options{.as_of = to_date(as_of, "as_of"), .audit = audit, .threads = threads};
  auto decisions = std::make_shared<Decisions>();
  CollectingSink sink(*decisions);
  const bool is_bytes = PyObject_CheckBuffer(records.ptr()) && !PyUnicode_Check(records.ptr());
  const bool is_path = PyUnicode_Check(records.ptr()) || py::hasattr(records, "__fspath__");
  if (!is_bytes && !is_path) {
    if (!format.is_none() || !signals.is_none() || !contacts.is_none()) {
      throw py::value_error("format, signals and contacts apply to a file or bytes; an iterable holds records");
    }
    IterableFeed feed(py::iter(records));
    BatchSummary summary;
    {
      py::gil_scoped_release release;
      summary = decide_stream(self.program(), BatchInput::records(feed), options, sink);
    }
    feed.rethrow_failure();
    check_summary(summary, "<records>");
    return decisions;
  }
  std::string source = "<bytes>";
  std::optional<py::buffer_info> buffer;
  File file;
  std::string_view bytes;
  if (is_bytes) {
    buffer = py::reinterpret_borrow<py::buffer>(records).request();
    bytes = std::string_view(static_cast<const char*>(buffer->ptr), static_cast<std::size_t>(buffer->size * buffer->itemsize));
  } else {
    source = std::string(utf8_view(py::reinterpret_steal<py::object>(PyOS_FSPath(records.ptr()))));
    file.reset(std::fopen(source.c_str(), "rb"));
    if (!file) raise_os_error(errno, source);
  }
  const std::string chosen = is_bytes && format.is_none() ? std::string("jsonl") : format_of(source, format);
  if (chosen != "csv" && (!signals.is_none() || !contacts.is_none())) {
    throw py::value_error("signals and contacts join side files to CSV accounts; JSON accounts carry their own");
  }
  const BatchInput input = input_of(chosen, file.get(), bytes, side_files(signals, contacts));
  BatchSummary summary;
  {
    py::gil_scoped_release release;
    summary = decide_stream(self.program(), input, options, sink);
  }
  check_summary(summary, source);
  return decisions;
}

}  // namespace

void bind_batch(py::class_<ProgramHandle, ProgramPtr>& program) {
  program.def("decide_many", &decide_many, py::arg("records"), py::arg("as_of"), py::kw_only(),
              py::arg("threads") = 1, py::arg("audit") = false, py::arg("format") = py::none(),
              py::arg("signals") = py::none(), py::arg("contacts") = py::none(),
              "Decides many records on `threads` threads (the GIL released) and returns an\n"
              "icp.Decisions in input order: a decision dict per record, an icp.RecordError in\n"
              "the place of each rejected one. The decisions do not depend on the thread count.\n\n"
              "records: JSON Lines as bytes (or bytearray, memoryview); a path (str or\n"
              "os.PathLike) to JSON Lines, one JSON document (.json) or a CSV export (.csv), as\n"
              "`icpc eval --input` reads them (format= overrides the extension: \"jsonl\", \"json\",\n"
              "\"csv\"; signals= and contacts= name a CSV's side files); or an iterable of records,\n"
              "each a dict or its JSON text (str or bytes), read a batch at a time.\n\n"
              "Raises OSError when the file cannot be read, ValueError for an unusable CSV header or\n"
              "side file, and TypeError (naming the record) for a value with no JSON form.");
}

}  // namespace icp::python
