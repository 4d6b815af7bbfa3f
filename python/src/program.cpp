// icp.Program, icp.load and icp.compile (program.hpp): loading and compiling with the GIL
// released, a program's identity and schema, and deciding one record. Input: Python arguments.
// Output: Program objects, decisions as dicts, or icp's exceptions.
#include "python/src/program.hpp"

#include <optional>
#include <string>

#include <fmt/format.h>

#include "python/src/convert.hpp"
#include "python/src/decisions.hpp"
#include "python/src/errors.hpp"

namespace icp::python {

ProgramHandle::Lease::Lease(ProgramHandle& owner) : owner_(owner) {
  {
    const std::lock_guard<std::mutex> lock(owner_.mutex_);
    if (!owner_.idle_.empty()) {
      session_ = std::move(owner_.idle_.back());
      owner_.idle_.pop_back();
    }
  }
  if (!session_) session_ = std::make_unique<Session>(owner_.program_);
}

ProgramHandle::Lease::~Lease() {
  const std::lock_guard<std::mutex> lock(owner_.mutex_);
  owner_.idle_.push_back(std::move(session_));
}

namespace {

// A path given as str or os.PathLike, as the file system spells it.
std::string fs_path(py::handle value) {
  py::object path = py::reinterpret_steal<py::object>(PyOS_FSPath(value.ptr()));
  if (!path) throw py::error_already_set();
  if (PyBytes_Check(path.ptr())) path = py::module_::import("os").attr("fsdecode")(path);
  return std::string(utf8_view(path));
}

bool is_buffer(py::handle value) { return PyObject_CheckBuffer(value.ptr()) && !PyUnicode_Check(value.ptr()); }

ProgramPtr load(py::handle path_or_bytes) {
  LoadResult loaded;
  std::string source;
  if (is_buffer(path_or_bytes)) {
    const py::buffer_info buffer = py::reinterpret_borrow<py::buffer>(path_or_bytes).request();
    const std::string_view bytes(static_cast<const char*>(buffer.ptr), static_cast<std::size_t>(buffer.size * buffer.itemsize));
    source = "<bytes>";
    py::gil_scoped_release release;
    loaded = Program::load(bytes);
  } else {
    source = fs_path(path_or_bytes);
    py::gil_scoped_release release;
    loaded = Program::load_file(source);
  }
  if (!loaded) raise_load_error(loaded.error, source);
  return std::make_shared<ProgramHandle>(std::move(*loaded.program));
}

// A str holding a line break is a profile's source (every profile spans lines in practice);
// any other str, or an os.PathLike, is a path to one.
bool is_source_text(py::handle value) {
  return PyUnicode_Check(value.ptr()) && utf8_view(value).find('\n') != std::string_view::npos;
}

ProgramPtr compile(py::handle path_or_source, py::object manifest, py::object name, py::object today,
                   bool deny_warnings) {
  CompileOptions options;
  if (!manifest.is_none()) options.manifest = fs_path(manifest);
  if (!today.is_none()) options.today = to_date(today, "today");
  options.deny_warnings = deny_warnings;
  CompileResult result;
  if (is_source_text(path_or_source)) {
    const std::string_view source = utf8_view(path_or_source);
    const std::string shown = name.is_none() ? std::string("<string>") : std::string(utf8_view(name));
    py::gil_scoped_release release;
    result = compile_source(source, shown, options);
  } else {
    const std::string path = fs_path(path_or_source);
    py::gil_scoped_release release;
    result = compile_file(path, options);
  }
  if (!result.ok()) raise_compile_error(result);
  warn_compile_warnings(result);
  return std::make_shared<ProgramHandle>(std::move(*result.program));
}

py::object decide(ProgramHandle& self, py::handle record, py::handle as_of, bool audit) {
  const Date date = to_date(as_of, "as_of");
  std::string json;
  std::string_view text;
  if (PyUnicode_Check(record.ptr()) || PyBytes_Check(record.ptr())) {
    text = utf8_view(record);  // the caller's object outlives the call: no copy
  } else {
    append_record(record, json);
    text = json;
  }
  std::string line;
  RecordError error;
  bool decided = false;
  {
    py::gil_scoped_release release;
    ProgramHandle::Lease lease(self);
    const DecideResult result = lease.session().decide(text, date, audit ? Audit::on : Audit::off);
    decided = result.decision.has_value();
    if (decided) {
      line = result.decision->json();
    } else {
      error = result.error;
    }
  }
  if (!decided) raise_record_error(error);
  return decision_dict(line);
}

py::tuple schema(const ProgramHandle& self) {
  py::list fields;
  const py::object field_type = types_attr("Field");
  for (const Field& field : self.program().schema().fields) {
    fields.append(field_type(field.name, std::string(to_string(field.type)), field.optional,
                             py::tuple(py::cast(field.enum_values))));
  }
  return py::tuple(fields);
}

}  // namespace

void bind_program(py::module_& module, py::class_<ProgramHandle, ProgramPtr>& program) {
  module.def("load", &load, py::arg("path_or_bytes"),
             "Loads a built .icpb artifact (what `icpc build` writes) from a path (str or os.PathLike)\n"
             "or from bytes, and verifies it. Raises icp.LoadError: kind \"io\" when the file cannot be\n"
             "read, \"invalid\" (with the byte offset) when the bytes are not a valid artifact.");
  module.def("compile", &compile, py::arg("path_or_source"), py::arg("manifest") = py::none(), py::kw_only(),
             py::arg("name") = py::none(), py::arg("today") = py::none(), py::arg("deny_warnings") = false,
             "Compiles a profile into a Program, as `icpc build` does (the same bytes, the same id).\n\n"
             "path_or_source: a path (str or os.PathLike) to a .icp file, or the profile's source text\n"
             "(a str holding a line break). manifest: an icp.toml whose `today`, `[lints]` and decision\n"
             "`tests` apply. name: the file name diagnostics print for source text (default\n"
             "\"<string>\"). today: the date `reviewed` is checked against (a date or \"YYYY-MM-DD\").\n"
             "deny_warnings: every warning is an error.\n\n"
             "Raises icp.CompileError (the rendered diagnostics, and .diagnostics, a list of\n"
             "icp.Diagnostic) when there is an error; warnings go through the warnings module as\n"
             "icp.CompileWarning.");

  program.def_property_readonly(
      "id", [](const ProgramHandle& self) { return self.program().id(); },
      "The program id, \"sha256:<hex>\", which every decision carries.");
  program.def_property_readonly(
      "profile", [](const ProgramHandle& self) { return self.program().profile(); }, "The profile's name.");
  program.def_property_readonly(
      "version", [](const ProgramHandle& self) { return self.program().version(); }, "The profile's `version`.");
  program.def_property_readonly(
      "owner", [](const ProgramHandle& self) { return self.program().owner(); }, "The profile's `owner`.");
  program.def_property_readonly("schema", &schema,
                                "The declared account fields, in source order, as icp.Field values (name, type,\n"
                                "optional, enum_values). `id`, `signals` and `contacts` are not listed: every\n"
                                "record has them.");
  program.def_property_readonly(
      "signal_types", [](const ProgramHandle& self) { return py::tuple(py::cast(self.program().schema().signal_types)); },
      "The declared signal types, in source order.");
  program.def(
      "to_bytes", [](const ProgramHandle& self) { return py::bytes(self.program().to_bytes()); },
      "The artifact, byte for byte what `icpc build` writes; icp.load() reads it back.");
  program.def("decide", &decide, py::arg("record"), py::arg("as_of"), py::arg("audit") = false,
              "Decides one account record as of a date and returns the decision as a dict: the\n"
              "object of the line `icpc eval` writes (with \"audit\" when audit=True).\n\n"
              "record: a dict (str keys; values str, int, float, bool, None, datetime.date,\n"
              "list, set, dict) or its JSON text (str or bytes). as_of: a datetime.date or\n"
              "\"YYYY-MM-DD\", the date signal ages are counted from.\n\n"
              "Raises icp.RecordError naming the field, what was expected and what was found when\n"
              "the record is rejected; ValueError for a bad as_of. The GIL is released while\n"
              "deciding, and any number of threads may share the program.");
  program.def(
      "__reduce__",
      [](const ProgramHandle& self) {
        return py::make_tuple(types_attr("_load_pickled"), py::make_tuple(py::bytes(self.program().to_bytes())));
      },
      "Pickles as the artifact's bytes (a Dask or multiprocessing worker loads it back).");
  program.def("__repr__", [](const ProgramHandle& self) {
    return fmt::format("<icp.Program \"{}\" version \"{}\" {}>", self.program().profile(), self.program().version(),
                       self.program().id());
  });
  program.def("__eq__", [](const ProgramHandle& self, py::object other) {
    return py::isinstance<ProgramHandle>(other) && other.cast<ProgramHandle&>().program().id() == self.program().id();
  });
  program.def("__hash__", [](const ProgramHandle& self) { return py::hash(py::str(self.program().id())); });
}

}  // namespace icp::python
