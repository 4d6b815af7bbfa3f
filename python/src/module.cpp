// The native module icp._icp: the public C++ API of libicp for Python (docs/python.md).
// Input: Python calls. Output: Programs, decisions as dicts, icp.Decisions and icp's
// exceptions; the package icp (python/icp/__init__.py) re-exports what users call.
#include <pybind11/pybind11.h>

#include "python/src/decisions.hpp"
#include "python/src/errors.hpp"
#include "python/src/program.hpp"

PYBIND11_MODULE(_icp, module) {
  namespace py = pybind11;
  using icp::python::ProgramHandle;
  using icp::python::ProgramPtr;
  module.doc() =
      "icp's native module: compile or load a profile, then decide account records with it.\n"
      "Import the package `icp`, which re-exports these names.";
  module.attr("__version__") = ICP_PYTHON_VERSION;
  module.def(
      "reference_data_version", [] { return std::string(icp::reference_data_version()); },
      "The code lists records are validated with (NAICS 2022, ISO 3166-1 alpha-2), as\n"
      "icp::reference_data_version(): one line for logs and health checks.");
  py::class_<ProgramHandle, ProgramPtr> program(
      module, "Program",
      "A compiled profile, ready to decide accounts: made by icp.compile() or icp.load(), never\n"
      "directly. Immutable; any number of threads may share one (each decision takes a session\n"
      "of its own). Pickles as its artifact bytes.");
  icp::python::bind_program(module, program);
  icp::python::bind_batch(program);
  icp::python::bind_decisions(module);
  icp::python::bind_frame(module);
  // The Python objects the module keeps in function-local statics (icp._types, json.loads)
  // are made now, while the import lock serialises everything: made on first use instead, a
  // thread could wait on the static's guard holding the GIL while the one initialising it
  // waits for the GIL inside the import.
  icp::python::types_attr("RecordError");
  icp::python::decision_dict("{}");
}
